"""List the areas of cooperation a request may cover (several may be chosen)."""

from __future__ import annotations

AREAS_OF_COOPERATION: dict[str, str] = {
    "economic_development": "Economic development and trade",
    "culture": "Culture",
    "climate": "Climate and environment",
    "housing": "Housing",
    "transit": "Transit",
    "public_health": "Public health",
    "education": "Education and youth",
    "technology": "Technology and innovation",
    "tourism": "Tourism",
    "governance": "Governance",
}


def area_labels(codes: list[str]) -> list[str]:
    """Return the names of the areas ``codes`` names, in the program's order."""
    return [label for code, label in AREAS_OF_COOPERATION.items() if code in codes]
