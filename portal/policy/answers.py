"""Hold the plain view of a request that every rule of the policy reads.

A request is read through ``RequestAnswers`` whether it is a half-filled draft or a file in
review, so every field has a default and every rule copes with a blank. Free-text answers
are kept as written; the rules count and compare them but never rewrite them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from portal.policy.categories import Category
from portal.policy.counterparts import GovernmentKind
from portal.policy.phrases import N_, Money, Phrase


def format_cad(amount: Decimal) -> str:
    """Return ``amount`` as Canadian dollars, e.g. "$12,500.00" (a phrase's value: ``Money``)."""
    return str(Money(amount))


class Origin(StrEnum):
    """Who files a request: a foreign city online, or a City division."""

    CITY = "city"
    DIVISION = "division"

    @property
    def label(self) -> Phrase:
        """Return who filed, as every page and export names them."""
        return ORIGIN_LABELS[self]


ORIGIN_LABELS: dict[Origin, Phrase] = {
    Origin.CITY: N_("Foreign city"),
    Origin.DIVISION: N_("City division"),
}


@dataclass(frozen=True)
class Outcome:
    """One expected outcome, with how it will be measured and the target to reach."""

    outcome: str = ""
    indicator: str = ""
    target: str = ""

    @property
    def is_stated(self) -> bool:
        """Return whether the outcome itself is written down."""
        return bool(self.outcome.strip())

    @property
    def is_measurable(self) -> bool:
        """Return whether the outcome has both an indicator and a target."""
        return self.is_stated and bool(self.indicator.strip()) and bool(self.target.strip())


@dataclass(frozen=True)
class RequestAnswers:
    """A request's answers as plain values, complete or not."""

    origin: str = Origin.CITY
    government_kind: GovernmentKind | None = None
    category: Category | None = None
    term_years: int | None = None
    start_date: date | None = None
    title: str = ""
    purpose: str = ""
    objectives: str = ""
    activities: str = ""
    outcomes: tuple[Outcome, ...] = ()
    areas: tuple[str, ...] = ()
    alignment: str = ""
    community_ties: str = ""
    relationship_since: int | None = None
    past_projects: str = ""
    anticipated_cost: Decimal | None = None
    funding_source: str = ""
    staff_time: str = ""
    counterpart_commitment: str = ""
    has_letter_of_intent: bool = False
    interest_confirmed: bool = False
    sponsoring_division: str | None = None
    country_code: str | None = None
    counterpart_city: str = ""
    promotes_agreement: bool = False
    # Which records the request is: the overlap rule leaves out exactly the agreement it
    # renews or promotes and the one made from it, by id (names would match too many).
    request_id: int | None = None
    renews_agreement_id: int | None = None
    promotes_agreement_id: int | None = None

    @property
    def is_from_division(self) -> bool:
        """Return whether a City division filed the request."""
        return self.origin == Origin.DIVISION

    @property
    def past_project_list(self) -> tuple[str, ...]:
        """Return the past joint projects named, one per non-blank line."""
        return tuple(line.strip() for line in self.past_projects.splitlines() if line.strip())

    @property
    def has_track_record(self) -> bool:
        """Return whether the two cities have a relationship or joint work on record."""
        return self.relationship_since is not None or bool(self.past_project_list)

    @property
    def known_cost(self) -> Decimal | None:
        """Return the anticipated cost when it is a usable amount, else None."""
        cost = self.anticipated_cost
        if cost is None or not cost.is_finite():
            return None
        return cost

    @property
    def counterpart_name(self) -> str:
        """Return the counterpart city as a sentence may name it."""
        return self.counterpart_city.strip() or N_("the counterpart city")


# Answers that are the City's own business: what the program costs the City and how it is
# paid and staffed, the division's evidence of the counterpart's interest, and a reviewer's
# concern. A counterpart city never reads them, so a draft copied for its representatives
# (a promotion or renewal) starts without them. Division staff are City staff and get all.
CITY_INTERNAL_ANSWERS: frozenset[str] = frozenset({
    "anticipated_cost", "funding_source", "staff_time", "interest_confirmed",
    "interest_evidence", "reputational_concern", "city_coordinator_name",
    "city_coordinator_title", "city_coordinator_email", "city_coordinator_address",
})

# The contact people a division recorded: a division's contacts may be people it deals with
# (an intermediary, a consulate) whom the city did not name, so only the city's own answers
# carry its contacts to its copy.
CONTACT_ANSWERS: frozenset[str] = frozenset({
    "contact_name", "contact_title", "contact_email", "contact_phone",
    "counterpart_signatory_name", "counterpart_signatory_title",
    "counterpart_signatory_authority", "counterpart_coordinator_name",
    "counterpart_coordinator_title", "counterpart_coordinator_email",
    "counterpart_coordinator_address",
})


def answers_to_copy(names: tuple[str, ...], *, copy_origin: str,
                    source_origin: str | None) -> tuple[str, ...]:
    """Return which of ``names`` a new draft filed by ``copy_origin`` may carry over.

    ``source_origin`` is who filed the request the answers come from (None when there is
    none). A city's copy drops the City's internal answers, and the contacts unless the city
    gave them itself; a division's copy carries every answer.
    """
    if copy_origin != Origin.CITY:
        return names
    dropped = CITY_INTERNAL_ANSWERS | (CONTACT_ANSWERS if source_origin != Origin.CITY
                                       else frozenset())
    return tuple(name for name in names if name not in dropped)
