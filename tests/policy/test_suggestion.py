"""Check the suggested category: the stepping stone for a first partnership."""

from __future__ import annotations

import pytest

from portal.policy.categories import Category
from portal.policy.suggestion import suggest_category

from .factories import partnership, project

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
