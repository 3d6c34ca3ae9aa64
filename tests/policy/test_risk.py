"""Check the risk flags shown at the top of a request."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from portal.policy.agreements import AgreementStatus
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


def test_the_project_being_promoted_is_not_an_overlap_but_another_project_is() -> None:
    """A promotion has its own project behind it; any other project with the city overlaps."""
    promoted = replace(agreement(category=IP), agreement_id=7)
    other = replace(agreement(category=IP), agreement_id=8)
    promotion = partnership(promotes_agreement=True, promotes_agreement_id=7)
    assert flags(promotion, [promoted]) == []
    assert flags(promotion, [promoted, other]) == [RiskFlag.OVERLAP]


def test_the_agreement_renewed_or_made_from_the_request_is_not_an_overlap() -> None:
    """A renewal replaces its agreement; a signed request's own agreement is not a rival."""
    renewed = replace(agreement(category=P), agreement_id=3)
    assert flags(partnership(renews_agreement_id=3), [renewed]) == []
    assert flags(partnership(renews_agreement_id=4), [renewed]) == [RiskFlag.OVERLAP]
    made = replace(agreement(category=P), agreement_id=5, from_request_id=11)
    assert flags(partnership(request_id=11), [made]) == []
    assert flags(partnership(request_id=12), [made]) == [RiskFlag.OVERLAP]


def test_only_an_active_agreement_overlaps() -> None:
    """An expired or terminated agreement is history, not an overlap."""
    for status in AgreementStatus:
        held = replace(agreement(), status=status)
        assert flags(project(), [held]) == ([RiskFlag.OVERLAP]
                                            if status is AgreementStatus.ACTIVE else [])


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
