"""Define the two agreement categories, their terms and how an agreement's end is dated.

The 2024 program review replaced the ten-agreement cap with two categories: a long-term
Partnership City agreement (1 to 5 years) and a shorter International Project (1 to 3 years).
There is no cap on how many of either exist. A submitter who is not sure which fits may say so;
the term offered is then the longest any category allows and the reviewers settle it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.policy.phrases import N_, NP_, Phrase
from portal.policy.refusals import Refused


class Category(StrEnum):
    """The kinds of city-to-city agreement the City signs."""

    PARTNERSHIP_CITY = "partnership_city"
    INTERNATIONAL_PROJECT = "international_project"

    @property
    def rule(self) -> CategoryRule:
        """Return the rule that governs agreements of this category."""
        return CATEGORY_RULES[self]

    @property
    def label(self) -> Phrase:
        """Return the category's name."""
        return self.rule.label

    @property
    def label_with_article(self) -> Phrase:
        """Return the category's name after "a" or "an", as a sentence needs it."""
        return LABELS_WITH_ARTICLE[self]

    @property
    def agreement_with_article(self) -> Phrase:
        """Return "a Partnership City agreement", as a sentence names one of its agreements."""
        return AGREEMENTS_WITH_ARTICLE[self]


@dataclass(frozen=True)
class CategoryRule:
    """What the program says about one category of agreement."""

    label: Phrase
    min_years: int
    max_years: int
    explanation: Phrase


CATEGORY_RULES: dict[Category, CategoryRule] = {
    Category.PARTNERSHIP_CITY: CategoryRule(
        label=N_("Partnership City"),
        min_years=1,
        max_years=5,
        explanation=N_(
            "A long-term relationship between two cities across several areas, for up to "
            "5 years, signed for the City by the Mayor or the Mayor's designate."
        ),
    ),
    Category.INTERNATIONAL_PROJECT: CategoryRule(
        label=N_("International Project"),
        min_years=1,
        max_years=3,
        explanation=N_(
            "A focused project with defined goals, for up to 3 years, led by a City "
            "division. A productive project may later be promoted to a Partnership City."
        ),
    ),
}

# Whole msgids rather than "a"/"an" chosen by the first letter: other languages choose the
# article by the noun's gender, and "a Partnership City agreement" puts the agreement first.
LABELS_WITH_ARTICLE: dict[Category, Phrase] = {
    Category.PARTNERSHIP_CITY: N_("a Partnership City"),
    Category.INTERNATIONAL_PROJECT: N_("an International Project"),
}

AGREEMENTS_WITH_ARTICLE: dict[Category, Phrase] = {
    Category.PARTNERSHIP_CITY: N_("a Partnership City agreement"),
    Category.INTERNATIONAL_PROJECT: N_("an International Project agreement"),
}

NOT_SURE = "not_sure"
"""The answer of a submitter who does not yet know which category fits."""


def max_term_years(category: Category | None) -> int:
    """Return the longest term allowed, or the longest of any category when undecided."""
    if category is None:
        return max(rule.max_years for rule in CATEGORY_RULES.values())
    return category.rule.max_years


def min_term_years(category: Category | None) -> int:
    """Return the shortest term allowed, or the shortest of any category when undecided."""
    if category is None:
        return min(rule.min_years for rule in CATEGORY_RULES.values())
    return category.rule.min_years


def term_problem(category: Category | None, years: int) -> Phrase | None:
    """Return why a term of ``years`` is refused for ``category``, or None when allowed."""
    low, high = min_term_years(category), max_term_years(category)
    if years < low:
        return NP_("The term must be at least %(num)s year.",
                   "The term must be at least %(num)s years.", low)
    if years > high:
        if category is None:
            return NP_("No agreement can run longer than %(num)s year.",
                       "No agreement can run longer than %(num)s years.", high)
        # One sentence per category: the category's name opens it, with its own article.
        if category is Category.PARTNERSHIP_CITY:
            return NP_("A Partnership City agreement can run for at most %(num)s year.",
                       "A Partnership City agreement can run for at most %(num)s years.", high)
        return NP_("An International Project agreement can run for at most %(num)s year.",
                   "An International Project agreement can run for at most %(num)s years.", high)
    return None


def agreement_end_date(start: date, years: int) -> date:
    """Return the last day of an agreement of ``years`` starting on ``start``.

    The term ends the day before the same date ``years`` later. A start on 29 February has
    no such date in a common year; its anniversary is then taken as 1 March, as for a
    birthday, so the term still runs full years and ends on 28 February.
    """
    year = start.year + years
    if start.day > calendar.monthrange(year, start.month)[1]:
        return date(year, start.month + 1, 1) - timedelta(days=1)
    return date(year, start.month, start.day) - timedelta(days=1)


def parse_category(value: str | None) -> Category | None:
    """Return the category named by ``value``, or None for "not sure" or nothing."""
    if not value or value == NOT_SURE:
        return None
    return Category(value)


class TermRefused(Refused, ValueError):
    """Raised when an agreement's term is outside its category's limits."""


def term_end_date(category: Category | None, start: date, years: int) -> date:
    """Return the last day of the agreement, or raise TermRefused for a term not allowed."""
    problem = term_problem(category, years)
    if problem is not None:
        raise TermRefused(problem)
    return agreement_end_date(start, years)
