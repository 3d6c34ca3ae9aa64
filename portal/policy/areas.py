"""List the areas of cooperation a request may cover (several may be chosen)."""

from __future__ import annotations

from portal.policy.phrases import N_, Phrase

AREAS_OF_COOPERATION: dict[str, Phrase] = {
    "economic_development": N_("Economic development and trade"),
    "culture": N_("Culture"),
    "climate": N_("Climate and environment"),
    "housing": N_("Housing"),
    "transit": N_("Transit"),
    "public_health": N_("Public health"),
    "education": N_("Education and youth"),
    "technology": N_("Technology and innovation"),
    "tourism": N_("Tourism"),
    "governance": N_("Governance"),
}


def area_labels(codes: list[str]) -> list[Phrase]:
    """Return the names of the areas ``codes`` names, in the program's order."""
    return [label for code, label in AREAS_OF_COOPERATION.items() if code in codes]
