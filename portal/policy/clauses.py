"""Decide the wording of an agreement's legal clauses: parties, authority, resources, language.

The templates in ``docgen`` hold the fixed wording; the sentences that depend on the request
(whose authority the City signs under, what each Party puts in, which language a second
version is in) are chosen here, so the rule lives in one place and is unit-tested.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from portal.policy.roles import SigningOffice
from portal.policy.text import one_line

CITY_LEGAL_NAME = "City of Toronto, a municipal corporation"
"""The City as a legal person, as an agreement names it as a Party."""

COUNCIL_ITEM = "2024.EC13.5"
"""The Council item whose adoption delegates authority to sign the program's agreements."""

_DELEGATION = (
    f"WHEREAS City Council, by its adoption of item {COUNCIL_ITEM}, established the "
    "International Alliance Program and delegated authority to enter into its agreements to "
    "the Mayor, the City Manager, Deputy City Managers and Division Heads"
)

AUTHORITY_RECITALS: dict[SigningOffice, str] = {
    SigningOffice.MAYORS_OFFICE: (
        f"{_DELEGATION}, and the City of Toronto enters into this agreement by the Mayor, or "
        "the Mayor's designate, under that authority;"
    ),
    SigningOffice.CITY_MANAGER: (
        f"{_DELEGATION}, and the City of Toronto enters into this agreement by the City "
        "Manager under that authority;"
    ),
    SigningOffice.DEPUTY_CITY_MANAGER: (
        f"{_DELEGATION}, and the City of Toronto enters into this agreement by the Deputy City "
        "Manager over the lead division's service area, within the financial signing "
        "authority delegated to that office;"
    ),
    SigningOffice.DIVISION_HEAD: (
        f"{_DELEGATION}, and the City of Toronto enters into this agreement by the head of the "
        "lead division, within the financial signing authority delegated to Division Heads;"
    ),
}
"""The recital of the City's authority, by the office of the City's signatory."""

GENERAL_AUTHORITY_RECITAL = f"{_DELEGATION};"
"""The recital when the signing office is not recorded (drafts made before it was)."""

# Words a counterpart writes when it offers nothing; compared folded, without a full stop.
_NIL_WORDS = frozenset({
    "", "none", "nil", "n/a", "na", "no", "nothing", "0", "-", "not applicable",
})


def authority_recital(office: SigningOffice | None) -> str:
    """Return the recital of the City's authority for a signatory of ``office``."""
    if office is None:
        return GENERAL_AUTHORITY_RECITAL
    return AUTHORITY_RECITALS.get(office, GENERAL_AUTHORITY_RECITAL)


def city_legal_name(legal_name: str | None) -> str:
    """Return the City as a legal person: the name a reviewer confirmed, else the standing one."""
    return " ".join((legal_name or "").split()) or CITY_LEGAL_NAME


def counterpart_legal_name(legal_name: str | None, city_name: str) -> str:
    """Return the counterpart as a legal person: its legal name, else "the City of <name>"."""
    # Until intake asks for the legal name (issue 14, item 1), "the City of Porto" is the
    # nearest honest guess; the Solicitor corrects it (e.g. to "Município do Porto").
    return (legal_name or "").strip() or f"the City of {city_name}"


def is_english(language: str | None) -> bool:
    """Return whether ``language`` (a name, as CLDR gives it) is English, of any country."""
    name = " ".join((language or "").casefold().split())
    # CLDR names regional English "British English", "American English", ...
    return name == "english" or name.endswith(" english")


def languages_sentence(language: str | None, city_name: str) -> str:
    """Return the Languages clause: made in English, and a version in the counterpart's.

    ``language`` is the name of the counterpart's language ("Portuguese"), None when it is
    not known ("the language of <city>" then). An English-speaking counterpart (a UK or US
    city) gets no second version: the agreement is simply made in English.
    """
    made = "This agreement is made in English."
    if is_english(language):
        return made
    named = " ".join((language or "").split()) or f"the language of {city_name}"
    return (
        f"{made} A version in {named} may be added and signed with it. If the versions "
        "differ, the English version prevails unless the Parties agree otherwise in writing."
    )


def coordinator(parts: Sequence[str], single: str | None, fallback: str) -> str:
    """Return a coordinator for the notices clause, on one line.

    ``parts`` are the name, title, email and address, any of them empty; the parts given
    win, then ``single`` (older terms held the coordinator as one string), then ``fallback``.
    """
    given = [part for part in (" ".join((p or "").split()) for p in parts) if part]
    # The clause ends the coordinator with its own full stop: "..., Portugal." not "..".
    return (", ".join(given) or " ".join((single or "").split())).rstrip(".") or fallback


def is_nil_cost(amount: Decimal | None) -> bool:
    """Return whether the City's assessed cost is nothing at all."""
    return amount is None or amount <= 0


def is_nil_contribution(text: str | None) -> bool:
    """Return whether the counterpart's stated contribution offers nothing."""
    return " ".join((text or "").casefold().split()).rstrip(".") in _NIL_WORDS


@dataclass(frozen=True)
class ResourcesWording:
    """The resources clause's sentences in one language; ``resources_sentence`` chooses them."""

    nothing: str  # neither Party puts anything in: %(counterpart)s
    no_cost: str
    cost: str  # %(money)s, %(funded)s
    funded_from: str  # %(source)s
    funded_unknown: str
    no_contribution: str  # %(subject)s
    contribution: str  # %(subject)s, %(stated)s


RESOURCES_IN_ENGLISH = ResourcesWording(
    nothing="This agreement creates no financial obligation for either Party: the City of "
            "Toronto has assessed no cost to it and %(counterpart)s has stated no contribution.",
    no_cost="The City of Toronto has assessed no cost to it under this agreement.",
    cost="The City of Toronto's cost under this agreement is assessed at %(money)s "
         "(Canadian dollars), %(funded)s.",
    funded_from="funded from %(source)s",
    funded_unknown="from a funding source the City of Toronto will confirm in writing",
    no_contribution="%(subject)s has stated no contribution.",
    contribution="%(subject)s has stated that it will contribute: %(stated)s.",
)


def resources_sentence(cost: Decimal | None, funding_source: str | None,
                       contribution: str | None, counterpart: str,
                       money: Callable[[Decimal], str],
                       wording: ResourcesWording = RESOURCES_IN_ENGLISH) -> str:
    """Return the resources clause's first paragraph, from what the request says each puts in.

    ``counterpart`` is the counterpart's legal name; "no financial obligation" is said only
    when neither the City's cost nor the counterpart's contribution holds anything.
    ``money`` writes an amount in Canadian dollars (``docgen.locales.format_money``, from
    CLDR: the policy stays free of the locale data); ``wording`` is the clause's language.
    """
    if is_nil_cost(cost) and is_nil_contribution(contribution):
        return wording.nothing % {"counterpart": counterpart}
    parts = []
    # It opens a sentence below: "The City of Porto has stated ...".
    subject = counterpart[:1].upper() + counterpart[1:]
    if is_nil_cost(cost):
        parts.append(wording.no_cost)
    else:
        source = one_line(funding_source or "").rstrip(".")
        funded = wording.funded_from % {"source": source} if source else wording.funded_unknown
        parts.append(wording.cost % {"money": money(cost), "funded": funded})  # type: ignore[arg-type]
    if is_nil_contribution(contribution):
        parts.append(wording.no_contribution % {"subject": subject})
    else:
        stated = one_line(contribution or "").rstrip(".")
        parts.append(wording.contribution % {"subject": subject, "stated": stated})
    return " ".join(parts)
