"""Check the suggested category: the stepping stone for a first partnership."""

from __future__ import annotations

import pytest

from portal.policy.categories import Category
from portal.policy.duplicates import is_duplicate
from portal.policy.suggestion import suggest_category

from .factories import agreement, partnership, project

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT
NO_RECORD = {"relationship_since": None, "past_projects": "  \n"}


def test_a_first_partnership_with_no_track_record_is_suggested_to_start_as_a_project() -> None:
    """The suggestion says why and what may follow."""
    suggestion = suggest_category(partnership(**NO_RECORD))
    assert suggestion is not None
    assert suggestion.category is IP
    assert "Lisbon" in suggestion.reason
    assert "an International Project" in suggestion.reason
    assert "promoted" in suggestion.reason


def test_an_undecided_request_with_no_track_record_is_suggested_a_project() -> None:
    """Not sure and new: the stepping stone."""
    suggestion = suggest_category(project(category=None, **NO_RECORD))
    assert suggestion is not None and suggestion.category is IP


@pytest.mark.parametrize(
    "record", [{"relationship_since": 2010}, {"past_projects": "Art exchange"}]
)
def test_a_partnership_with_a_track_record_keeps_its_category(record: dict[str, object]) -> None:
    """A relationship or a past joint project is enough."""
    assert suggest_category(partnership(**{**NO_RECORD, **record})) is None


def test_a_project_is_never_redirected() -> None:
    """A project is already the stepping stone."""
    assert suggest_category(project(**NO_RECORD)) is None


def test_a_promotion_is_never_redirected() -> None:
    """A promoted project is its own track record."""
    assert suggest_category(partnership(promotes_agreement=True, **NO_RECORD)) is None


def test_a_renewal_is_never_redirected() -> None:
    """A renewal has the agreement it renews behind it."""
    assert suggest_category(partnership(renews_agreement_id=7, **NO_RECORD)) is None


@pytest.mark.parametrize("held", [IP, P])
def test_an_agreement_held_with_the_city_is_a_relationship_on_record(held: Category) -> None:
    """A city holding an agreement is never told it has no relationship on record."""
    for chosen in (P, None):
        assert suggest_category(partnership(category=chosen, **NO_RECORD),
                                [agreement(category=held)]) is None


def test_an_agreement_with_another_city_leaves_the_stepping_stone() -> None:
    """Only the request's own city counts."""
    suggestion = suggest_category(partnership(**NO_RECORD), [agreement("Porto", "PT", IP)])
    assert suggestion is not None and suggestion.category is IP


@pytest.mark.parametrize("taken", [(), (IP,), (P,), (IP, P)], ids=str)
@pytest.mark.parametrize("chosen", [P, IP, None], ids=str)
def test_the_suggestion_never_names_a_category_the_duplicate_gate_refuses(
        chosen: Category | None, taken: tuple[Category, ...]) -> None:
    """The suggestion and the gate shown beneath it never contradict each other."""
    answers = partnership(category=chosen, **NO_RECORD)
    held = [agreement(category=c) for c in taken]
    suggestion = suggest_category(answers, held)
    if suggestion is not None:
        assert not is_duplicate(suggestion.category, taken)
        assert held == []  # "no relationship on record" is said only when it is true
