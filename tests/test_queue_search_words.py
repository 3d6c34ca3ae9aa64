"""A search alone is counted and paged from the index of words as from the full-text index.

The queue reads a one-word search's counts and its pages in the order of submission from
``request_word`` (``portal.review.search.word_matches``, ``word_page``); every other view
finds its matches in the full-text index. The expected pages are worked out in Python from
the requests that the full-text index matches, so the two ways must agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask import Flask, Response, jsonify
from sqlalchemy import select, text

from portal.extensions import db
from portal.models import EngagementRequest
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import Role
from portal.review import queue, search
from tests.factories import advance, submitted_request
from tests.probes import probed_portal, statements, statements_reading

# Words that "hous" begins, one it does not, and words written in compatibility forms
# (full width, a ligature), which PostgreSQL's index folds and SQLite's keeps.
TITLES = ("Affordable housing exchange", "House museum twinning", "Household energy study",
          "Housing and household waste", "Harbour study", "Ｈｏｕｓｅ ﬁre drill")


@pytest.fixture()
def reviewer(make_staff):
    """Return a CCO reviewer, who sees every submitted request."""
    return make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")


@pytest.fixture()
def made(reviewer, make_city_user):
    """Return eleven submitted requests on housing and the like, some moved on, and a draft."""
    from portal.intake import services as intake

    made = []
    for n in range(11):
        req = submitted_request(make_city_user(f"h{n}@x.example", f"Town {n}", "FR"),
                                title=TITLES[n % len(TITLES)])
        if n % 3 == 0:
            advance(req, reviewer, Action.START_TRIAGE)
        made.append(req)
    # A draft holds the words too, but no reviewer sees it.
    draft = intake.start_request(make_city_user("d@x.example", "Draftville", "FR"))
    draft.title = "Housing draft"
    db.session.commit()
    return made


def expected(q: str, status: str, newest_first: bool) -> list[int]:
    """Return the ids a reviewer's search ``q`` holds, in the queue's order by submission.

    From the full-text index itself (``search.matching``), ordered here: by submission
    time, then the id, newest first, between equals.
    """
    found = db.session.scalars(select(EngagementRequest).where(
        search.matching(q), EngagementRequest.status != Status.DRAFT.value)).all()
    found = [req for req in found if not status or req.status == status]
    ordered = sorted(found, key=lambda req: (req.submitted_at, -req.id))
    if newest_first:
        ordered = sorted(found, key=lambda req: (req.submitted_at, req.id), reverse=True)
    return [req.id for req in ordered]


@pytest.mark.parametrize("q", ["hous", "housing", "HOUSE", "household", "ho", "harbour",
                               "zanzibar", "housing household", "ＨＯＵＳ", "ﬁre", "fire"])
def test_a_search_alone_is_counted_and_paged_as_its_matches_are(reviewer, made, q):
    for status in ("", Status.IN_TRIAGE.value):
        for direction in ("desc", "asc"):
            want = expected(q, status, direction == "desc")
            f = queue.QueueFilters(q=q, status=status, direction=direction)
            shown: list[int] = []
            for page in (1, 2, 3, 4):
                view = queue.queue_page(reviewer, replace(f, page=page), per_page=3)
                if page <= view.pages:
                    shown += [row.request.id for row in view.rows]
            assert shown == want
            assert view.total == len(want)
            counts = queue.queue_page(reviewer, replace(f, status=""), per_page=3).counts
            counted = counts.get(Status(status), 0) if status else sum(counts.values())
            assert counted == len(want)


WRITTEN = ("重庆 river exchange", "İstanbul Straße 2030", "Ærø café ½ ﬁnance", "Œuvre Łódź")


@pytest.mark.parametrize("q", ["重", "重庆", "istanbul", "İST", "strasse", "straße", "2030", "20",
                               "aero", "æro", "cafe", "café", "½", "finance", "ﬁn", "oeuvre",
                               "œu", "lodz", "łódź"])
def test_words_of_any_script_are_found_as_the_full_text_index_finds_them(
        reviewer, make_city_user, q):
    for n, title in enumerate(WRITTEN):
        submitted_request(make_city_user(f"s{n}@x.example", f"Script {n}", "FR"), title=title)
    view = queue.queue_page(reviewer, queue.QueueFilters(q=q), per_page=10)
    assert [row.request.id for row in view.rows] == expected(q, "", True)
    assert view.total == len(expected(q, "", True))


def test_past_the_count_limit_a_search_alone_says_more(reviewer, made):
    housing = len(expected("hous", "", True))  # every request but "Harbour study"
    f = queue.QueueFilters(q="hous")
    past = queue.queue_page(reviewer, f, per_page=3, count_limit=housing - 1)
    assert past.tally.more and not past.counts
    within = queue.queue_page(reviewer, f, per_page=3, count_limit=housing)
    assert not within.tally.more and within.total == housing
    # The status asked for is counted on its own, from the words too.
    triage = queue.queue_page(reviewer, replace(f, status="in_triage"), per_page=3,
                              count_limit=housing - 1)
    assert triage.total == len(expected("hous", "in_triage", True)) == 4


def test_which_searches_the_index_of_words_can_serve(reviewer, made, make_city_user):
    # One word: "hous" begins three words of the index, "ho" the same three.
    for q in ("hous", "ho", "housing", "Zanzíbar"):
        assert search.word_matches(q, 10) is not None
    # Several words, or a word of several runs (a reference), are found as before.
    for q in ("housing household", "IAP-2026", "l'ete"):
        assert search.word_matches(q, 10) is None
    # A prefix of more than MOST_WORDS words is counted from the full-text index.
    for n in range(search.MOST_WORDS + 1):
        submitted_request(make_city_user(f"w{n}@x.example", f"Wordtown {n}", "FR"),
                          title=f"Housekeep{chr(ord('a') + n)} plan")
    assert search.word_matches("housekeep", 10) is None
    view = queue.queue_page(reviewer, queue.QueueFilters(q="housekeep"), per_page=20)
    assert view.total == search.MOST_WORDS + 1 == len(view.rows)
    assert [row.request.id for row in view.rows] == expected("housekeep", "", True)


def test_a_user_who_sees_some_requests_finds_only_those(reviewer, made, make_staff, client):
    """A division's staff member searching through the API finds its division's request alone.

    The index of words knows no sponsor: only those who see every submitted request are
    served from it. The queue's page itself is refused to the division.
    """
    from portal.api import tokens
    from tests.conftest import login

    today = date.today()

    division = make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC", name="Dana")
    shared = made[1]  # "House museum twinning", submitted
    shared.sponsoring_division_id = division.division_id
    token = tokens.create_token(division, "tests", today + timedelta(days=30), today)
    db.session.commit()
    answer = client.get("/api/v1/requests?q=hous",
                        headers={"Authorization": f"Bearer {token.token}"}).get_json()
    assert [item["id"] for item in answer["items"]] == [shared.id]
    login(client, division.email)
    assert client.get("/review/requests?q=hous").status_code == 403


def _words_are_whole() -> None:
    """Check ``request_word`` against the full-text index and the requests' statuses and times.

    PostgreSQL: the lexemes of each request's document; SQLite: the words FTS5's own index
    holds of each request, read through a vocabulary table made for the check.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        indexed = ("SELECT word, r.id AS request_id, r.status, r.submitted_at "
                   "FROM engagement_request r, unnest(tsvector_to_array(r.search_document)) "
                   "AS word")
    else:
        db.session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.indexed_terms "
                                "USING fts5vocab(main, request_search, 'instance')"))
        indexed = ("SELECT DISTINCT t.term, r.id, r.status, r.submitted_at "
                   "FROM temp.indexed_terms t JOIN engagement_request r ON r.id = t.doc")
    kept = "SELECT word, request_id, status, submitted_at FROM request_word"
    stale = db.session.scalar(text(
        f"SELECT count(*) FROM (SELECT * FROM ({indexed} EXCEPT {kept}) AS missing "
        f"UNION ALL SELECT * FROM ({kept} EXCEPT {indexed}) AS extra) AS differing"))
    assert stale == 0


def test_the_words_follow_every_change_of_a_request_its_status_and_its_city(
        reviewer, made, make_city_user):
    from portal.intake import services as intake

    req = made[0]
    req.title = "Harbour crane study"  # the ORM
    db.session.commit()
    db.session.execute(text("UPDATE engagement_request SET title_fr = 'Grue portuaire' "
                            "WHERE id = :id"), {"id": made[1].id})  # SQL by hand
    db.session.get(type(made[2].counterpart_city), made[2].counterpart_city_id).name = "Quay"
    made[3].counterpart_city = make_city_user("n@x.example", "Newtown", "FR").city
    advance(made[4], reviewer, Action.START_TRIAGE)  # a status
    db.session.commit()
    draft = intake.start_request(make_city_user("e@x.example", "Eastville", "FR"))
    draft.title = "Crane draft"
    db.session.commit()
    _words_are_whole()
    intake.discard_draft(draft)
    db.session.commit()
    _words_are_whole()
    assert db.session.scalar(text("SELECT count(*) FROM request_word WHERE request_id = :id"),
                             {"id": draft.id}) == 0
    f = queue.QueueFilters(q="crane")
    assert [row.request.id for row in queue.queue_page(reviewer, f).rows] == [req.id]
    assert queue.queue_page(reviewer, queue.QueueFilters(q="quay")).total == 1



def _reviewer_searches() -> Response:
    """Search the queue as the reviewer (its rows read the settings: the consultation countries)."""
    from portal.models import User

    reviewer = db.session.scalars(select(User).where(User.email == "rosa@toronto.example")).one()
    return jsonify(queue.queue_page(reviewer, queue.QueueFilters(q="hous")).total)


@pytest.fixture
def worker(database_url: str) -> Iterator[Flask]:
    """Return a second portal on the committed database, as another worker, to search it."""
    yield from probed_portal(database_url, {"/probe/search": _reviewer_searches})


def test_a_search_only_reads_so_the_worker_keeps_its_reference_data(worker, made):
    """A page that only reads is in no transaction, and reads the reference data kept.

    On PostgreSQL a statement the portal cannot tell for a plain read begins a transaction
    (``portal.lazy_transactions``), and a request in one reads everything afresh.
    """
    found = len(expected("hous", "", True))
    assert worker.test_client().get("/probe/search").get_json() == found
    reads = statements_reading(worker, "setting")
    assert worker.test_client().get("/probe/search").get_json() == found
    assert reads() == 0


def test_a_search_page_asks_once_which_words_its_word_begins(client, reviewer, made):
    """The count and the page's rows both ask: on PostgreSQL each asking is a round trip."""
    from tests.conftest import login

    login(client, reviewer.email)
    with statements(lambda statement, _context: "WITH RECURSIVE" in statement) as probes:
        page = client.get("/review/requests?q=hous")
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    references = db.session.scalars(select(EngagementRequest.reference).where(
        EngagementRequest.id.in_(expected("hous", "", True)))).all()
    assert references and all(reference in shown for reference in references)
    assert "Housing draft" not in shown
    assert len(probes) == 1
