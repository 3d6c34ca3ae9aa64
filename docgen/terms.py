"""Hold the terms of one draft agreement and check them against the program's policy.

The terms are plain values the portal gathers from an approved request and the signing
settings. Their text is cleaned when they are built, so the snapshot the portal stores is
exactly what the draft says; their end date is derived from the policy, never passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from portal.policy.agreement_language import DraftLanguage
from portal.policy.categories import (
    CATEGORY_RULES,
    Category,
    agreement_end_date,
    term_problem,
)
from portal.policy.text import address_line, one_line, paragraphs

# Terms a draft can do without: older snapshots lack them, and the draft falls back.
_CLAUSE_TERMS = (
    "counterpart_legal_name", "counterpart_country_code", "counterpart_language",
    "authority_recital", "anticipated_cost", "funding_source", "counterpart_contribution",
    "city_coordinator", "counterpart_coordinator",
    "city_legal_name", "counterpart_signatory_authority",
    "city_coordinator_name", "city_coordinator_title", "city_coordinator_email",
    "city_coordinator_address",
    "counterpart_coordinator_name", "counterpart_coordinator_title",
    "counterpart_coordinator_email", "counterpart_coordinator_address",
)
# The French version's text (issue 16, item 3): older snapshots and English drafts lack it.
_FRENCH_TERMS = ("draft_language", "title_fr", "authority_recital_fr")
_FRENCH_LISTS = ("objectives_fr", "activities_fr", "areas_fr", "outcomes_fr")
_OPTIONAL = frozenset(_CLAUSE_TERMS) | {"lead_division", *_FRENCH_TERMS, *_FRENCH_LISTS}
# Postal addresses: each line break becomes ", " so the address reads on one line.
_ADDRESSES = ("city_coordinator_address", "counterpart_coordinator_address")
# Fields holding one line of text (a name, a title); newlines there are typing slips.
_ONE_LINE = (
    "reference", "counterpart_city", "counterpart_country", "title", "signatory_name",
    "signatory_title", "counterpart_signatory_name", "counterpart_signatory_title",
    *_CLAUSE_TERMS, *_FRENCH_TERMS,
)
# Fields holding a list of paragraphs; each line of an answer becomes one paragraph.
_LISTS = ("objectives", "activities", "areas", "outcomes", *_FRENCH_LISTS)

_DRAFT_LANGUAGES = tuple(language.value for language in DraftLanguage)

# Every party the draft names, with the sentence that says it is missing.
_PARTIES = (
    ("counterpart_city", "The counterpart city needs a name."),
    ("counterpart_country", "The counterpart city's country needs a name."),
    ("signatory_name", "The City's signatory needs a name."),
    ("signatory_title", "The City's signatory needs a title."),
    ("counterpart_signatory_name", "The counterpart's signatory needs a name."),
    ("counterpart_signatory_title", "The counterpart's signatory needs a title."),
)


class TermsError(ValueError):
    """Raised when an agreement's terms break the policy; the message names each problem."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__(" ".join(self.problems))


def _unknown_category(value: str) -> str:
    known = " or ".join(rule.label for rule in CATEGORY_RULES.values())
    return f"The category {value!r} is unknown: an agreement is {known}."


@dataclass(frozen=True, kw_only=True)
class AgreementTerms:
    """The terms one draft agreement states: parties, dates, wording, signatories, resources.

    ``category`` is a ``Category`` value ("partnership_city" or "international_project");
    ``counterpart_country`` is the country's name as the agreement should print it. Lists
    may be given as lists (or one text); they are kept as tuples of paragraphs, one per
    line of text.
    """

    reference: str
    version: int
    category: str
    counterpart_city: str
    counterpart_country: str
    start_date: date
    term_years: int
    title: str
    signatory_name: str
    signatory_title: str
    counterpart_signatory_name: str
    counterpart_signatory_title: str
    objectives: Sequence[str] = ()
    activities: Sequence[str] = ()
    areas: Sequence[str] = ()
    outcomes: Sequence[str] = ()
    lead_division: str | None = None
    # The clauses' terms below are optional: a draft falls back on what the request knows
    # (see docgen.render.placeholder_values) until intake asks for them (issue 14, 1-2).
    counterpart_legal_name: str = ""
    counterpart_country_code: str = ""
    counterpart_language: str = ""
    """The language code the counterpart chose for its version ("fr"), or a language's name.

    Any language is accepted, not only its country's: intake offers the country's official
    languages, and a reviewer may know better (a bilingual region, a language of a border).
    Empty means the country's first official language (``docgen.locales``).
    """
    authority_recital: str = ""
    anticipated_cost: str = ""
    """The City's assessed cost in dollars, as a decimal string ("12500.00"); empty if none."""
    funding_source: str = ""
    counterpart_contribution: str = ""
    city_coordinator: str = ""
    """Who coordinates for the City, in one string: older snapshots hold only this."""
    counterpart_coordinator: str = ""
    """Who coordinates for the counterpart, in one string: older snapshots hold only this."""
    city_legal_name: str = ""
    """The City as a legal person; empty means ``portal.policy.clauses.CITY_LEGAL_NAME``."""
    counterpart_signatory_authority: str = ""
    """The authority the counterpart's signatory signs under ("Mayor, under article 35 ...")."""
    # Each coordinator in parts (issue 14, items 1-2); the parts given win over the one string.
    city_coordinator_name: str = ""
    city_coordinator_title: str = ""
    city_coordinator_email: str = ""
    city_coordinator_address: str = ""
    counterpart_coordinator_name: str = ""
    counterpart_coordinator_title: str = ""
    counterpart_coordinator_email: str = ""
    counterpart_coordinator_address: str = ""
    draft_language: str = ""
    """Which draft: "en" (English), "fr" (French) or "en-fr" (both, one after the other).

    ``portal.policy.agreement_language.draft_language`` chooses it; empty means English.
    """
    title_fr: str = ""
    """The title in French; the French version falls back on the English one without it."""
    objectives_fr: Sequence[str] = ()
    activities_fr: Sequence[str] = ()
    areas_fr: Sequence[str] = ()
    outcomes_fr: Sequence[str] = ()
    authority_recital_fr: str = ""
    """The French recital of the City's authority; empty means the one the English names."""

    def __post_init__(self) -> None:
        """Clean the text, so what is stored is what the draft will say."""
        # The dataclass is frozen so that a snapshot cannot drift from its document;
        # normalising happens once, here, before anyone holds the object.
        put = object.__setattr__
        for name in _ADDRESSES:
            put(self, name, address_line(getattr(self, name) or ""))
        for name in _ONE_LINE:
            put(self, name, one_line(getattr(self, name) or ""))
        for name in _LISTS:
            put(self, name, paragraphs(getattr(self, name)))
        put(self, "lead_division", one_line(self.lead_division or "") or None)
        put(self, "category", str(self.category))
        if isinstance(self.start_date, datetime):
            put(self, "start_date", self.start_date.date())

    @property
    def category_label(self) -> str:
        """Return the category's name, as the program writes it."""
        try:
            return Category(self.category).label
        except ValueError:
            return self.category

    @property
    def cost(self) -> Decimal | None:
        """Return the City's assessed cost as an amount, or None when none is given."""
        if not self.anticipated_cost:
            return None
        try:
            amount = Decimal(self.anticipated_cost)
        except InvalidOperation:
            raise TermsError("The assessed cost must be an amount in dollars.") from None
        if not amount.is_finite():
            raise TermsError("The assessed cost must be an amount in dollars.")
        return amount

    @property
    def end_date(self) -> date:
        """Return the agreement's last day as the policy dates it; raise TermsError if refused."""
        try:
            category = Category(self.category)
        except ValueError:
            raise TermsError(_unknown_category(self.category)) from None
        problem = term_problem(category, self.term_years)
        if problem is not None:
            raise TermsError(problem)
        try:
            return agreement_end_date(self.start_date, self.term_years)
        except (ValueError, OverflowError):
            # Only a start in the last years of the calendar gets here.
            raise TermsError("The agreement would end after the year 9999.") from None

    def problems(self) -> list[str]:
        """Return why these terms cannot be drafted, one sentence each; empty when they can."""
        found = []
        if not self.reference:
            found.append("The agreement needs a reference.")
        if self.version < 1:
            found.append("The version must be 1 or more.")
        if not self.title:
            found.append("The agreement needs a title.")
        if self.draft_language not in ("", *_DRAFT_LANGUAGES):
            found.append(f"The draft language {self.draft_language!r} is unknown: a draft is "
                         "in English (en), French (fr) or both (en-fr).")
        try:
            end = self.end_date
        except TermsError as exc:
            found.extend(exc.problems)
        else:
            # The policy's dating cannot produce this; it is checked so that no future
            # change to it can put an end before a start on a signed page.
            if end < self.start_date:
                found.append("The agreement would end before it starts.")
        found.extend(missing for name, missing in _PARTIES if not getattr(self, name))
        try:
            self.cost  # noqa: B018 -- read for the refusal it raises
        except TermsError as exc:
            found.extend(exc.problems)
        return found

    def check(self) -> None:
        """Raise TermsError naming every problem when these terms cannot be drafted."""
        found = self.problems()
        if found:
            raise TermsError(found)

    def to_dict(self) -> dict[str, Any]:
        """Return the terms as JSON-ready values, the start date as an ISO string."""
        data: dict[str, Any] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, date):
                value = value.isoformat()
            data[field.name] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AgreementTerms:
        """Return the terms a ``to_dict`` snapshot holds; raise TermsError if it is damaged."""
        names = {field.name for field in fields(cls)}
        required = {
            field.name for field in fields(cls)
            if field.name not in _LISTS and field.name not in _OPTIONAL
        }
        missing = sorted(required - data.keys())
        if missing:
            raise TermsError(f"The stored terms lack {', '.join(missing)}.")
        # Keys beyond the terms (a note the portal adds, say) are not the terms' business.
        values = {name: data[name] for name in names if name in data}
        try:
            values["start_date"] = date.fromisoformat(values["start_date"])
        except (TypeError, ValueError):
            raise TermsError(
                f"The stored start date {data['start_date']!r} is not an ISO date."
            ) from None
        return cls(**values)
