"""Check each category's term limits and how an agreement's end is dated."""

from __future__ import annotations

from datetime import date

import pytest

from portal.policy.categories import (
    Category,
    TermRefused,
    agreement_end_date,
    parse_category,
    term_end_date,
    term_problem,
)

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT
ALLOWED_YEARS = {P: {1, 2, 3, 4, 5}, IP: {1, 2, 3}, None: {1, 2, 3, 4, 5}}

# The last day of a term starting on each date, by its length in years: the day before the
# same date N years later; a 29 February start has its anniversary on 1 March in a common
# year, so the term still runs full years and ends on 28 February.
END_DATES: dict[date, dict[int, date]] = {
    date(2025, 1, 1): {
        1: date(2025, 12, 31), 2: date(2026, 12, 31), 3: date(2027, 12, 31),
        4: date(2028, 12, 31), 5: date(2029, 12, 31),
    },
    date(2025, 4, 15): {
        1: date(2026, 4, 14), 2: date(2027, 4, 14), 3: date(2028, 4, 14),
        4: date(2029, 4, 14), 5: date(2030, 4, 14),
    },
    date(2024, 2, 29): {
        1: date(2025, 2, 28), 2: date(2026, 2, 28), 3: date(2027, 2, 28),
        4: date(2028, 2, 28), 5: date(2029, 2, 28),
    },
    date(2024, 2, 28): {
        1: date(2025, 2, 27), 2: date(2026, 2, 27), 3: date(2027, 2, 27),
        4: date(2028, 2, 27), 5: date(2029, 2, 27),
    },
    date(2025, 3, 1): {
        1: date(2026, 2, 28), 2: date(2027, 2, 28), 3: date(2028, 2, 29),
        4: date(2029, 2, 28), 5: date(2030, 2, 28),
    },
    date(2025, 12, 31): {
        1: date(2026, 12, 30), 2: date(2027, 12, 30), 3: date(2028, 12, 30),
        4: date(2029, 12, 30), 5: date(2030, 12, 30),
    },
}


@pytest.mark.parametrize("start", list(END_DATES))
@pytest.mark.parametrize("years", range(7))
@pytest.mark.parametrize("category", [P, IP, None])
def test_an_agreement_ends_the_day_before_its_anniversary_or_is_refused(
    category: Category | None, years: int, start: date
) -> None:
    """An allowed term gets the table's end date; any other term is refused, never dated."""
    if years in ALLOWED_YEARS[category]:
        assert term_end_date(category, start, years) == END_DATES[start][years]
    else:
        with pytest.raises(TermRefused):
            term_end_date(category, start, years)


@pytest.mark.parametrize("years", range(7))
@pytest.mark.parametrize("category", [P, IP, None])
def test_a_term_is_allowed_only_within_its_category_limits(
    category: Category | None, years: int
) -> None:
    """The term problem is None exactly for the allowed lengths."""
    assert (term_problem(category, years) is None) == (years in ALLOWED_YEARS[category])


def test_a_four_year_project_is_refused_with_a_readable_reason() -> None:
    """The reason names the category and its limit."""
    with pytest.raises(TermRefused, match="An International Project agreement can run for at "
                                          "most 3 years."):
        term_end_date(IP, date(2025, 1, 1), 4)


def test_a_one_year_term_starting_on_29_february_ends_on_28_february() -> None:
    """In a common year 29 February's anniversary is 1 March; the term ends a day before."""
    assert agreement_end_date(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_a_four_year_term_starting_on_29_february_ends_on_28_february() -> None:
    """Four years on, 29 February exists again."""
    assert agreement_end_date(date(2024, 2, 29), 4) == date(2028, 2, 28)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("partnership_city", P), ("international_project", IP), ("not_sure", None), ("", None),
     (None, None)],
)
def test_a_category_answer_is_read_back(value: str | None, expected: Category | None) -> None:
    """'Not sure' and no answer both leave the category undecided."""
    assert parse_category(value) is expected


def test_each_category_names_itself_with_its_article() -> None:
    """Sentences say "a Partnership City" and "an International Project"."""
    assert P.label_with_article == "a Partnership City"
    assert IP.label_with_article == "an International Project"
