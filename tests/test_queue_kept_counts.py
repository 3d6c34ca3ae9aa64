"""The counts kept by status and category stay those of a real count, whatever writes.

The queue narrowed to one category reads its totals from ``request_status_count``, kept by
triggers; these tests check that the kept rows follow every insert, change of status or
category, and delete, and that the queue shows the same counts as counting its matches.
"""

from __future__ import annotations

from sqlalchemy import func, select, text

from portal.extensions import db
from portal.models import EngagementRequest, RequestStatusCount
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import Role
from portal.review import queue
from tests.factories import advance, complete_request, submitted_request


def kept() -> dict[tuple[str, str], int]:
    """Return the kept counts by status and category, the rows at zero left out."""
    return {(s, c): n for s, c, n in db.session.execute(select(
        RequestStatusCount.status, RequestStatusCount.category, RequestStatusCount.requests))
        if n}


def real() -> dict[tuple[str, str], int]:
    """Return a full count of the requests by status and category ("" for none yet)."""
    category = func.coalesce(EngagementRequest.requested_category, "")
    return {(s, c): n for s, c, n in db.session.execute(
        select(EngagementRequest.status, category, func.count())
        .group_by(EngagementRequest.status, category))}


def by_sql(statement: str, **values: object) -> None:
    db.session.execute(text(statement), values)
    db.session.commit()


def test_the_counts_by_category_follow_inserts_changes_and_deletes(app, make_city_user,
                                                                  make_staff):
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    first = submitted_request(make_city_user())
    second = submitted_request(make_city_user("b@x.example", "Porto", "PT"))
    draft = complete_request(make_city_user("c@x.example", "Turin", "IT"))
    db.session.commit()
    project = "international_project"
    assert kept() == real() == {("submitted", project): 2, ("draft", project): 1}

    # A change of category alone, through the ORM and by hand; a draft without one yet.
    first.requested_category = "partnership_city"
    db.session.commit()
    by_sql("UPDATE engagement_request SET requested_category = NULL WHERE id = :id",
           id=draft.id)
    assert kept() == real() == {("submitted", "partnership_city"): 1,
                                ("submitted", project): 1, ("draft", ""): 1}

    # Changes of status, then of status and category at once.
    advance(first, reviewer, Action.START_TRIAGE, Action.START_REVIEW)
    advance(second, reviewer, Action.START_TRIAGE)
    assert kept() == real() == {("in_review", "partnership_city"): 1,
                                ("in_triage", project): 1, ("draft", ""): 1}
    by_sql("UPDATE engagement_request SET status = 'in_review', "
           "requested_category = 'not_sure' WHERE id = :id", id=second.id)
    by_sql("UPDATE engagement_request SET requested_category = 'not_sure' WHERE id = :id",
           id=second.id)  # the same value again: nothing moves
    assert kept() == real() == {("in_review", "partnership_city"): 1,
                                ("in_review", "not_sure"): 1, ("draft", ""): 1}

    # Deletes: a draft without a category, and one with.
    from portal.intake import services as intake

    other = complete_request(make_city_user("d@x.example", "Lyon", "FR"))
    db.session.commit()
    assert kept() == real() and kept()[("draft", project)] == 1
    intake.discard_draft(draft)
    intake.discard_draft(other)
    db.session.commit()
    assert kept() == real() == {("in_review", "partnership_city"): 1,
                                ("in_review", "not_sure"): 1}


def test_a_queue_narrowed_to_a_category_shows_the_counts_of_its_matches(
        app, make_city_user, make_staff):
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    requests = [submitted_request(make_city_user(f"u{n}@x.example", f"Town {n}", "FR"))
                for n in range(5)]
    for req in requests[:2]:
        req.requested_category = "partnership_city"
    advance(requests[0], reviewer, Action.START_TRIAGE)
    advance(requests[3], reviewer, Action.START_TRIAGE, Action.DECLINE)
    complete_request(make_city_user("d@x.example", "Turin", "IT"),
                     requested_category="partnership_city")  # a draft: never counted
    db.session.commit()
    for category in ("partnership_city", "international_project", "not_sure"):
        filters = queue.QueueFilters(category=category)
        counted = {Status(s): n for s, n in db.session.execute(
            queue._counted(reviewer, filters, None))}
        page = queue.queue_page(reviewer, filters)
        assert page.counts == counted
        assert page.total == sum(counted.values()) == len(page.rows)
        in_triage = queue.queue_page(reviewer, queue.QueueFilters(category=category,
                                                                  status="in_triage"))
        assert in_triage.total == counted.get(Status.IN_TRIAGE, 0) == len(in_triage.rows)
    assert queue.queue_page(reviewer, queue.QueueFilters(category="partnership_city")).counts \
        == {Status.IN_TRIAGE: 1, Status.SUBMITTED: 1}
    assert queue.queue_page(reviewer, queue.QueueFilters()).counts == {
        Status.IN_TRIAGE: 1, Status.SUBMITTED: 3, Status.DECLINED: 1}
