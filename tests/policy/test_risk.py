"""Check the risk flags shown at the top of a request."""

from __future__ import annotations

from collections.abc import Collection

from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category
from portal.policy.registry import ExistingAgreement
from portal.policy.risk import DEFAULT_CONSULTATION_COUNTRIES, RiskFlag, risk_flags

from .factories import agreement, partnership, project

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT


def flags(
    answers: RequestAnswers,
    active: list[ExistingAgreement] | None = None,
    *,
    sanctioned_countries: Collection[str] = ("RU",),
    reputational_concern: str | None = None,
) -> list[RiskFlag]:
    """Return the flags raised, in order."""
    notes = risk_flags(
        answers,
        active or [],
        sanctioned_countries=sanctioned_countries,
        reputational_concern=reputational_concern,
    )
    return [n.flag for n in notes]


def test_a_request_with_nothing_of_concern_raises_no_flag() -> None:
    """No country on the list, no other agreement, no concern."""
    assert flags(project()) == []


def test_a_country_on_the_list_needs_federal_consultation() -> None:
    """The country code is matched whatever its case, and the reason names it."""
    (note,) = risk_flags(
        project(country_code="ru"), [], sanctioned_countries={"RU"}, reputational_concern=None
    )
    assert note.flag is RiskFlag.FEDERAL_CONSULTATION
    assert "RU" in note.reason and "Global Affairs Canada" in note.reason


def test_the_consultation_list_is_configurable() -> None:
    """An administrator's list replaces the example."""
    assert flags(project(country_code="PT"), sanctioned_countries={"pt"}) == [
        RiskFlag.FEDERAL_CONSULTATION
    ]
    assert flags(project(country_code="RU"), sanctioned_countries=()) == []


def test_the_example_consultation_list_holds_iso_codes() -> None:
    """Two upper-case letters each."""
    assert all(len(c) == 2 and c.isupper() for c in DEFAULT_CONSULTATION_COUNTRIES)


def test_any_active_agreement_with_the_same_city_is_an_overlap() -> None:
    """A partnership request with an active project is flagged, naming the agreement."""
    (note,) = risk_flags(
        partnership(), [agreement(category=IP)], sanctioned_countries=(),
        reputational_concern=None,
    )
    assert note.flag is RiskFlag.OVERLAP
    assert "International Project" in note.reason and "Lisbon" in note.reason


def test_the_project_being_promoted_is_not_an_overlap() -> None:
    """A promotion is expected to have its project behind it."""
    assert flags(partnership(promotes_agreement=True), [agreement(category=IP)]) == []


def test_an_agreement_with_another_city_is_not_an_overlap() -> None:
    """Only the same city counts."""
    assert flags(project(), [agreement("Porto")]) == []


def test_a_reviewers_reputational_concern_is_shown_as_written() -> None:
    """The concern is quoted; a blank one raises nothing."""
    notes = risk_flags(
        project(), [], sanctioned_countries=(), reputational_concern="  Recent press.  "
    )
    assert [(n.flag, n.reason) for n in notes] == [
        (RiskFlag.REPUTATIONAL, "Raised by a reviewer: Recent press.")
    ]
    assert flags(project(), reputational_concern="  ") == []


def test_federal_consultation_comes_first() -> None:
    """The gravest concern is shown at the top."""
    raised = flags(
        project(country_code="RU", counterpart_city="Lisbon"),
        [agreement("Lisbon", None)],
        reputational_concern="Press",
    )
    assert raised == [RiskFlag.FEDERAL_CONSULTATION, RiskFlag.OVERLAP, RiskFlag.REPUTATIONAL]


def test_every_flag_has_a_label() -> None:
    """Each flag has a heading."""
    assert all(f.label for f in RiskFlag)
