"""Decide the French wording of an agreement's legal clauses: parties, authority, resources.

The French counterpart of ``portal.policy.clauses``, in Canadian-French legal style
("la Ville de Toronto", "les Parties", "le présent accord"). The same rules choose each
sentence; only the words differ, so both versions of a bilingual agreement say the same.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from portal.policy.clauses import (
    AUTHORITY_RECITALS,
    CITY_LEGAL_NAME,
    COUNCIL_ITEM,
    ResourcesWording,
    resources_sentence,
)
from portal.policy.roles import SigningOffice

CITY_LEGAL_NAME_FR = "Ville de Toronto, personne morale municipale"
"""The City as a legal person, as the French version names it as a Party."""

_DELEGATION_FR = (
    f"ATTENDU QUE le conseil municipal, en adoptant le point {COUNCIL_ITEM}, a établi le "
    "Programme d'alliances internationales et délégué le pouvoir de conclure les accords "
    "qui en relèvent au maire, au directeur général de la Ville, aux directeurs généraux "
    "adjoints et aux chefs de division"
)

AUTHORITY_RECITALS_FR: dict[SigningOffice, str] = {
    SigningOffice.MAYORS_OFFICE: (
        f"{_DELEGATION_FR}, et que la Ville de Toronto conclut le présent accord par "
        "l'intermédiaire du maire, ou de la personne qu'il désigne, en vertu de ce pouvoir;"
    ),
    SigningOffice.CITY_MANAGER: (
        f"{_DELEGATION_FR}, et que la Ville de Toronto conclut le présent accord par "
        "l'intermédiaire du directeur général de la Ville en vertu de ce pouvoir;"
    ),
    SigningOffice.DEPUTY_CITY_MANAGER: (
        f"{_DELEGATION_FR}, et que la Ville de Toronto conclut le présent accord par "
        "l'intermédiaire du directeur général adjoint responsable du secteur de services de "
        "la division responsable, dans les limites du pouvoir de signature financier délégué "
        "à ce poste;"
    ),
    SigningOffice.DIVISION_HEAD: (
        f"{_DELEGATION_FR}, et que la Ville de Toronto conclut le présent accord par "
        "l'intermédiaire du chef de la division responsable, dans les limites du pouvoir de "
        "signature financier délégué aux chefs de division;"
    ),
}
"""The French recital of the City's authority, by the office of the City's signatory."""

GENERAL_AUTHORITY_RECITAL_FR = f"{_DELEGATION_FR};"
"""The French recital when the signing office is not recorded."""


def authority_recital_fr(office: SigningOffice | None) -> str:
    """Return the French recital of the City's authority for a signatory of ``office``."""
    if office is None:
        return GENERAL_AUTHORITY_RECITAL_FR
    return AUTHORITY_RECITALS_FR.get(office, GENERAL_AUTHORITY_RECITAL_FR)


def french_recital_of(english: str | None) -> str:
    """Return the French recital saying what the English ``english`` says.

    Terms stored before French versions existed hold only the English recital; the office
    is read back from it, so their French version still names the right authority.
    """
    for office, recital in AUTHORITY_RECITALS.items():
        if recital == english:
            return AUTHORITY_RECITALS_FR[office]
    # The general recital, or one we do not know: the general one, never a wrong office.
    return GENERAL_AUTHORITY_RECITAL_FR


def city_legal_name_fr(legal_name: str | None) -> str:
    """Return the City as a legal person in French: the standing name unless another was given.

    A reviewer who confirmed another legal name (a designate's body, say) confirmed a proper
    name, which the French version keeps as written.
    """
    name = " ".join((legal_name or "").split())
    return CITY_LEGAL_NAME_FR if not name or name == CITY_LEGAL_NAME else name


def counterpart_legal_name_fr(legal_name: str | None, city_name: str) -> str:
    """Return the counterpart as a legal person: its legal name, else "la Ville de <nom>"."""
    return (legal_name or "").strip() or f"la Ville de {city_name}"


def languages_sentence_fr(bilingual: bool) -> str:
    """Return the French Languages clause: made in both languages, or in French."""
    if bilingual:
        return ("Le présent accord est fait en français et en anglais, les deux versions "
                "faisant également foi.")
    return "Le présent accord est fait en français."


def languages_sentence_both() -> str:
    """Return the English Languages clause of a bilingual agreement."""
    return ("This agreement is made in English and in French, and both versions are equally "
            "authoritative.")


RESOURCES_IN_FRENCH = ResourcesWording(
    nothing="Le présent accord ne crée aucune obligation financière pour l'une ou l'autre des "
            "Parties : la Ville de Toronto n'a évalué aucun coût à sa charge et "
            "%(counterpart)s n'a déclaré aucune contribution.",
    no_cost="La Ville de Toronto n'a évalué aucun coût à sa charge en vertu du présent accord.",
    cost="Le coût à la charge de la Ville de Toronto en vertu du présent accord est évalué "
         "à %(money)s (dollars canadiens), %(funded)s.",
    funded_from="financé par : %(source)s",
    funded_unknown="financé par une source que la Ville de Toronto confirmera par écrit",
    no_contribution="%(subject)s n'a déclaré aucune contribution.",
    contribution="%(subject)s a déclaré apporter la contribution suivante : %(stated)s.",
)


def resources_sentence_fr(cost: Decimal | None, funding_source: str | None,
                          contribution: str | None, counterpart: str,
                          money: Callable[[Decimal], str]) -> str:
    """Return the French resources clause's first paragraph (see ``resources_sentence``).

    ``money`` writes an amount as Canadian French does ("12 500,00 $").
    """
    return resources_sentence(cost, funding_source, contribution, counterpart, money,
                              RESOURCES_IN_FRENCH)
