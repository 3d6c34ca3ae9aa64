"""The queue stays right while it stays cheap: kept counts, narrowed registry, shared state.

The benchmark (``make bench``) measures speed; these tests check that the shortcuts taken
for it change nothing a person sees, and that nothing lives in one process's memory.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select, text

from portal import create_app
from portal.extensions import db
from portal.models import (
    CounterpartCity,
    EngagementRequest,
    RequestStatusCount,
)
from portal.policy.lifecycle import Action
from portal.policy.roles import Role
from portal.review import queue
from tests.conftest import PASSWORD, TOKEN_RE, Browser, login
from tests.factories import active_agreement, advance, complete_request, submitted_request


def kept_counts() -> dict[str, int]:
    """Return the counts the database keeps, statuses with no request left out."""
    return {s: n for s, n in db.session.execute(
        select(RequestStatusCount.status, func.sum(RequestStatusCount.requests))
        .group_by(RequestStatusCount.status)) if n}


def real_counts() -> dict[str, int]:
    """Return the counts of a full count of the requests."""
    return dict(db.session.execute(
        select(EngagementRequest.status, func.count()).group_by(EngagementRequest.status)).all())


def test_the_kept_counts_follow_every_insert_change_and_delete(app, make_city_user,
                                                               make_staff):
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    first = submitted_request(make_city_user())
    second = submitted_request(make_city_user("b@x.example", "Porto", "PT"))
    draft = complete_request(make_city_user("c@x.example", "Turin", "IT"))
    db.session.commit()
    assert kept_counts() == real_counts() == {"submitted": 2, "draft": 1}

    advance(first, reviewer, Action.START_TRIAGE, Action.START_REVIEW)
    advance(second, reviewer, Action.START_TRIAGE, Action.DECLINE)
    assert kept_counts() == real_counts() == {"in_review": 1, "declined": 1, "draft": 1}

    from portal.intake import services as intake

    intake.discard_draft(draft)
    db.session.commit()
    db.session.execute(text("UPDATE engagement_request SET status = 'in_triage' "
                            "WHERE status = 'in_review'"))  # SQL by hand is counted too
    db.session.commit()
    assert kept_counts() == real_counts() == {"in_triage": 1, "declined": 1}


def test_the_unfiltered_queue_shows_the_same_counts_as_a_full_count(client, make_city_user,
                                                                    make_staff):
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    for n in range(4):
        req = submitted_request(make_city_user(f"u{n}@x.example", f"Town {n}", "FR"))
        if n % 2:
            advance(req, reviewer, Action.START_TRIAGE)
    complete_request(make_city_user("d@x.example", "Turin", "IT"))  # a draft: never shown
    db.session.commit()
    kept = queue.queue_page(reviewer, queue.QueueFilters())
    # A filter that matches everything takes the counting path.
    counted = queue.queue_page(reviewer, queue.QueueFilters(origin="city"))
    assert kept.counts == counted.counts == {queue.Status.SUBMITTED: 2,
                                             queue.Status.IN_TRIAGE: 2}
    assert kept.total == counted.total == 4
    in_triage = queue.queue_page(reviewer, queue.QueueFilters(status="in_triage"))
    assert in_triage.total == 2 and len(in_triage.rows) == 2


def test_the_queue_flags_an_overlap_among_many_agreements_with_other_cities(
        app, make_city_user, make_staff):
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    req = submitted_request(make_city_user("k@x.example", "Kraków", "PL"))
    other = submitted_request(make_city_user("p@x.example", "Paris", "FR"))
    turin = submitted_request(make_city_user("t@x.example", "Turin", "IT"))
    start = date.today() - timedelta(days=30)
    cities = {c.name: c for c in db.session.scalars(select(CounterpartCity))}
    # Hundreds of agreements with other cities, and one with Kraków under another spelling.
    for n in range(300):
        db.session.add(CounterpartCity(name=f"Elsewhere {n}", folded_name=f"elsewhere {n}",
                                       country_code="DE"))
    db.session.flush()
    for city in db.session.scalars(select(CounterpartCity).where(
            CounterpartCity.folded_name.like("elsewhere %"))):
        db.session.add(active_agreement(city.name, city.country_code, city.id, start=start))
    db.session.add(active_agreement("KRAKOW", "PL", cities["Kraków"].id, start=start))
    # The same name in another country is another city; with no country, the name decides.
    db.session.add(active_agreement("Paris", "US", start=start))
    db.session.add(active_agreement("turin", None, start=start))
    db.session.commit()
    rows = {row.request.id: row for row in queue.queue_page(reviewer, queue.QueueFilters()).rows}
    assert [n.flag.value for n in rows[req.id].risks] == ["overlap"]
    assert rows[other.id].risks == []
    assert [n.flag.value for n in rows[turin.id].risks] == ["overlap"]
    from portal.assessment import services as assessment

    assert [n.flag.value for n in assessment.risks(req)] == ["overlap"]
    assert assessment.risks(other) == []
    assert [n.flag.value for n in assessment.risks(turin)] == ["overlap"]


def test_two_app_processes_serve_one_portal_from_the_shared_database(
        app, database_url, make_city_user):
    """What one process (or host) did, another serves: nothing is kept in memory."""
    rep = make_city_user()
    req = complete_request(rep)
    db.session.commit()
    document_id = req.documents[0].id
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
              "SECRET_KEY": app.config["SECRET_KEY"]}
    other: Flask = create_app(config)
    app.test_client_class = Browser
    first = app.test_client()
    login(first, rep.email, PASSWORD)
    second = other.test_client()
    # The session signed by the first process is good in the second.
    second.set_cookie("session", first.get_cookie("session").value)
    page = second.get(f"/requests/{req.id}/check")
    assert page.status_code == 200
    token = TOKEN_RE.search(page.get_data(as_text=True)).group(1)
    done = second.post(f"/requests/{req.id}/check", data={"confirm": "y", "csrf_token": token})
    assert done.status_code == 302 and "/confirmation" in done.headers["Location"]
    # The letter uploaded through the first is served by the second.
    letter = second.get(f"/requests/{req.id}/documents/{document_id}")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")
    with other.app_context():
        db.engine.dispose()
    db.session.expire_all()
    stored = db.session.get(EngagementRequest, req.id)
    assert stored.status == "submitted" and re.fullmatch(r"IAP-\d{4}-\d{4}", stored.reference)


def test_behind_a_load_balancer_the_clients_address_is_the_forwarded_one(database_url):
    seen: list[str | None] = []

    def build(proxies: int) -> Flask:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "SECRET_KEY": "t", "PROXY_COUNT": proxies})

        @app.after_request
        def remember(response):  # type: ignore[no-untyped-def]
            from flask import request

            seen.append(request.remote_addr)
            return response

        return app

    headers = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
    for proxies in (1, 0):
        app = build(proxies)
        app.test_client().get("/healthz", headers=headers,
                              environ_base={"REMOTE_ADDR": "10.0.0.2"})
        with app.app_context():  # /healthz asks the database: close what it opened
            db.engine.dispose()
    # One proxy: only its entry is trusted, not the one the client may have written.
    assert seen == ["203.0.113.9", "10.0.0.2"]


def test_best_first_follows_the_score_a_reviewer_changes_and_puts_the_unscored_last(
        app, make_city_user, make_staff):
    # The queue sorts by the score kept on the request; it must be the current
    # assessment's, changed with it, and a request never scored (imported, say) comes last
    # best-first and first worst-first, on either database.
    from portal.assessment import services as assessment

    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    low = submitted_request(make_city_user("l@x.example", "Lille", "FR"))
    high = submitted_request(make_city_user("h@x.example", "Hamburg", "DE"))
    unscored = submitted_request(make_city_user("u@x.example", "Utrecht", "NL"))
    db.session.execute(text("DELETE FROM criterion_score WHERE assessment_id IN "
                            "(SELECT id FROM assessment WHERE request_id = :r)"),
                       {"r": unscored.id})
    db.session.execute(text("DELETE FROM assessment WHERE request_id = :r"), {"r": unscored.id})
    db.session.execute(text("UPDATE engagement_request SET score_percent = NULL WHERE id = :r"),
                       {"r": unscored.id})
    # Scored at submission: the request's copy is the new assessment's total.
    assert low.score_percent == assessment.current_assessment(low).total_percent is not None
    for req in (low, high):
        advance(req, reviewer, Action.START_TRIAGE)
        advance(req, reviewer, Action.START_REVIEW)
    key = assessment.current_assessment(low).scores[0].criterion_key
    assessment.change_score(low, reviewer, key, 0, "Nothing shows this criterion is met.")
    assessment.change_score(high, reviewer, key, 4, "The letter shows it is fully met.")
    db.session.commit()
    totals = {r.id: assessment.current_assessment(r).total_percent for r in (low, high)}
    assert totals[high.id] > totals[low.id]
    assert {r.id: r.score_percent for r in (low, high)} == totals

    def order(direction: str) -> list[int]:
        page = queue.queue_page(reviewer, queue.QueueFilters(sort="score", direction=direction))
        return [row.request.id for row in page.rows]

    assert order("desc") == [high.id, low.id, unscored.id]
    assert order("asc") == [unscored.id, low.id, high.id]


def test_an_id_filter_with_a_control_character_is_read_as_its_number(client, make_staff):
    # Found by the fuzz test: "1\x1f" passed the id check (which strips it) and then failed
    # int() in the query: a 500 instead of the filtered queue.
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "rosa@toronto.example")
    for name in ("division", "assignee"):
        assert client.get("/review/requests", query_string={name: "1\x1f"}).status_code == 200
    assert queue.parse_filters({"division": "1\x1f", "assignee": " 2 "}) == \
        queue.QueueFilters(division="1", assignee="2")


def test_a_download_longer_than_one_read_keeps_every_row_in_the_queues_order(
        client, make_city_user, make_staff, monkeypatch):
    from portal.review import queue_rows

    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    made = [submitted_request(make_city_user(f"u{n}@x.example", f"Town {n}", "FR"))
            for n in range(7)]
    db.session.commit()
    # Read three ids at a time, as a download of the whole queue is read a thousand at a time.
    monkeypatch.setattr(queue_rows, "_IDS_AT_ONCE", 3)
    login(client, reviewer.email)
    body = client.get("/review/requests.csv?sort=reference&direction=asc").get_data(
        as_text=True)
    listed = [line.split(",")[0] for line in body.strip().splitlines()[1:]]
    assert listed == sorted(req.reference for req in made)
    page = client.get("/review/requests?sort=city&direction=desc").get_data(as_text=True)
    assert [page.index(f"Town {n}<") for n in range(6, -1, -1)] == sorted(
        page.index(f"Town {n}<") for n in range(7))
