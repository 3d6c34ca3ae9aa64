"""Check what is stored of an agreement and what a review may recommend."""

from __future__ import annotations

from datetime import date, timedelta

from portal.policy.agreements import (
    AGREEMENT_EVENT_LABELS,
    DEFAULT_REVIEW_WINDOW_DAYS,
    AgreementEventKind,
    AgreementStatus,
    Recommendation,
    recommendations_for,
    review_due_by,
)
from portal.policy.categories import Category

TODAY = date(2027, 6, 15)
P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT


def test_the_default_review_window_is_180_days() -> None:
    assert DEFAULT_REVIEW_WINDOW_DAYS == 180
    assert review_due_by(TODAY) == TODAY + timedelta(days=180)
    assert review_due_by(TODAY, 30) == TODAY + timedelta(days=30)


def test_only_decisions_are_stored() -> None:
    assert {s.value for s in AgreementStatus} == {
        "active", "expired", "terminated", "renewed", "promoted", "historical"}


def test_a_review_may_recommend_promotion_only_for_a_project() -> None:
    assert Recommendation.PROMOTE in recommendations_for(IP)
    assert recommendations_for(P) == [Recommendation.RENEW, Recommendation.EXPIRE,
                                      Recommendation.TERMINATE]
    assert all(r.label for r in Recommendation)


def test_an_agreements_history_keeps_the_words_it_has_always_stored() -> None:
    # ``agreement_event.action`` holds these words in every database: no migration renames them.
    assert {kind.value for kind in AgreementEventKind} == {
        "signed", "reviewed", "reported", "promotion_started", "renewal_started", "promoted",
        "renewed", "expired", "terminated"}


def test_every_entry_of_an_agreements_history_has_a_heading_of_its_own() -> None:
    assert set(AGREEMENT_EVENT_LABELS) == set(AgreementEventKind)
    headings = [kind.label for kind in AgreementEventKind]
    assert all(headings) and len(set(headings)) == len(headings)
    assert AgreementEventKind.TERMINATED.label == "Notice of termination given"
