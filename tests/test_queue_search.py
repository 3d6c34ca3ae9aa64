"""The queue's search finds requests by the beginnings of their words, from the database's index.

Reference, title (English and French) and the counterpart city's name are indexed; triggers
keep the index as requests and cities change, however they are written.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import select, text

from portal.extensions import db
from portal.models import CounterpartCity, EngagementRequest
from portal.policy.lifecycle import Status
from portal.policy.queue_counts import Tally
from portal.policy.roles import Role
from portal.review import queue, search
from tests.conftest import login
from tests.factories import submitted_request


@pytest.fixture()
def reviewer(make_staff):
    """Return a CCO reviewer, who sees every submitted request."""
    return make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")


@pytest.fixture()
def requests(make_city_user):
    """Return three submitted requests: Lyon's, São Paulo's and Kraków's."""
    return {
        "lyon": submitted_request(make_city_user(), title="Festival of lights exchange"),
        "sao_paulo": submitted_request(make_city_user("s@x.example", "São Paulo", "BR"),
                                       title="Urban forestry partnership"),
        "krakow": submitted_request(make_city_user("k@x.example", "Kraków", "PL"),
                                    title="Lights and water programme"),
    }


def found(reviewer, q: str) -> set[str]:
    """Return the references the queue shows a reviewer for the search ``q``."""
    page = queue.queue_page(reviewer, queue.QueueFilters(q=q))
    assert page.total == len(page.rows) == sum(page.counts.values())
    return {row.request.reference for row in page.rows}


def refs(requests, *names: str) -> set[str]:
    """Return the references of the named requests."""
    return {requests[name].reference for name in names}


def test_a_reference_is_found_whole_in_any_case_and_by_its_number(reviewer, requests):
    reference = requests["sao_paulo"].reference  # IAP-<year>-0002
    year, number = reference.split("-")[1:]
    assert found(reviewer, reference) == {reference}
    assert found(reviewer, reference.lower()) == {reference}
    assert found(reviewer, number) == {reference}
    assert found(reviewer, f"{year}-{number}") == {reference}
    # The beginning of a reference finds every reference that begins so.
    assert found(reviewer, f"IAP-{year}-000") == refs(requests, "lyon", "sao_paulo", "krakow")


def test_a_city_is_found_without_its_accents_and_in_any_case(reviewer, requests):
    assert found(reviewer, "sao paulo") == refs(requests, "sao_paulo")
    assert found(reviewer, "SÃO PAULO") == refs(requests, "sao_paulo")
    assert found(reviewer, "krakow") == refs(requests, "krakow")
    assert found(reviewer, "KRAKÓW") == refs(requests, "krakow")
    assert found(reviewer, "LYON") == refs(requests, "lyon")


def test_a_word_is_found_by_its_beginning_in_the_title_of_either_language(reviewer, requests):
    assert found(reviewer, "fest") == refs(requests, "lyon")
    assert found(reviewer, "Light") == refs(requests, "lyon", "krakow")
    assert found(reviewer, "forestr") == refs(requests, "sao_paulo")
    # Lyon's agreement is bilingual: "Échange sur les fêtes des lumières".
    assert found(reviewer, "fetes lumi") == refs(requests, "lyon")
    # The middle or the end of a word is not its beginning.
    assert found(reviewer, "estival") == set()
    assert found(reviewer, "yon") == set()


def test_every_word_typed_must_be_found(reviewer, requests):
    assert found(reviewer, "lights krakow") == refs(requests, "krakow")
    assert found(reviewer, "  lights   lyon ") == refs(requests, "lyon")
    assert found(reviewer, "lights paulo") == set()


ALL = ("lyon", "sao_paulo", "krakow")


@pytest.mark.parametrize(("typed", "expected"), [
    ('"', ALL), ('""', ALL), ("'", ALL), ("*", ALL), ("%", ALL), ("_", ALL), ("\\", ALL),
    ("<->", ALL), ("!&|:*()'\"", ALL),
    ("lyon*", ("lyon",)), ('"lyon', ("lyon",)), ('lyon"', ("lyon",)), ("(lyon)", ("lyon",)),
    ("lyon:*", ("lyon",)), ("^lyon", ("lyon",)), ("{lyon}", ("lyon",)), ("lyon\\", ("lyon",)),
    ("lyon%", ("lyon",)), ("!lyon", ("lyon",)), ("lyon & | !", ("lyon",)),
    ("lyon <-> festival", ("lyon",)), ("city:lyon", ()), ("title:lyon", ()),
    ("NEAR(lyon)", ()), ("lyon -krakow", ()), ("lyon'; DROP TABLE user;--", ()),
])
def test_what_a_user_types_is_only_ever_words(reviewer, requests, typed, expected):
    """Quotes, operators of either query language and SQL are punctuation or plain words.

    Text without a letter or digit narrows nothing: the queue shows every request, as it
    did when the search looked for the punctuation itself, which every reference holds.
    """
    assert found(reviewer, typed) == refs(requests, *expected)


def test_an_operator_word_is_a_word(reviewer, requests):
    # "OR" is not an operator: Lyon's request holds no word beginning with "or".
    assert found(reviewer, "lyon OR krakow") == set()
    assert found(reviewer, "festival AND lyon") == set()  # no word "and..." in Lyon's
    assert found(reviewer, "lights AND") == refs(requests, "krakow")  # "Lights and water"


def test_a_search_matching_nothing_shows_an_empty_queue(client, reviewer, requests):
    assert found(reviewer, "zanzibar") == set()
    login(client, reviewer.email)
    page = client.get("/review/requests?q=zanzibar").get_data(as_text=True)
    assert "No requests match these filters." in page
    assert requests["lyon"].reference not in page


def test_the_page_the_export_and_the_api_search_alike(client, reviewer, requests):
    login(client, reviewer.email)
    page = client.get("/review/requests?q=paulo").get_data(as_text=True)
    assert requests["sao_paulo"].reference in page
    assert requests["lyon"].reference not in page
    exported = client.get("/review/requests.csv?q=paulo").get_data(as_text=True)
    lines = exported.strip().splitlines()
    assert len(lines) == 2 and requests["sao_paulo"].reference in lines[1]


def _index_is_whole() -> None:
    """Check the index against the requests as stored (SQLite: FTS5's own check)."""
    if db.session.get_bind().dialect.name == "postgresql":
        stale = db.session.scalar(text(
            "SELECT count(*) FROM engagement_request r WHERE search_document IS DISTINCT FROM "
            "request_search_document(r.reference, r.title, r.title_fr, "
            "(SELECT name FROM counterpart_city c WHERE c.id = r.counterpart_city_id))"))
        assert stale == 0
    else:
        db.session.execute(text(
            "INSERT INTO request_search (request_search) VALUES ('integrity-check')"))


def test_the_index_follows_every_change_of_a_title_a_city_and_a_request(reviewer, requests,
                                                                         make_city_user):
    lyon = requests["lyon"]
    lyon.title = "Harbour study"
    db.session.commit()
    assert found(reviewer, "harbour") == refs(requests, "lyon")
    assert found(reviewer, "festival") == set()

    city = db.session.get(CounterpartCity, lyon.counterpart_city_id)
    city.name = "Lugdunum"
    db.session.commit()
    assert found(reviewer, "lugdunum") == refs(requests, "lyon")
    assert found(reviewer, "lyon") == set()

    # Written by SQL, not the ORM, as a bulk load or an administrator by hand would.
    db.session.execute(text("UPDATE engagement_request SET title_fr = 'Étude portuaire' "
                            "WHERE id = :id"), {"id": lyon.id})
    assert found(reviewer, "portuaire") == refs(requests, "lyon")
    assert found(reviewer, "lumieres") == set()

    krakow = requests["krakow"]
    krakow.counterpart_city = make_city_user("w@x.example", "Wrocław", "PL").city
    db.session.commit()
    assert found(reviewer, "WROCŁAW") == refs(requests, "krakow")
    assert found(reviewer, "krakow") == set()

    _index_is_whole()


def test_a_draft_is_indexed_from_its_first_answers_until_it_is_discarded(app, make_city_user):
    from portal.intake import services as intake

    draft = intake.start_request(make_city_user("d@x.example", "Gdańsk", "PL"))
    draft.title = "Amber route"
    db.session.commit()

    def drafts_found() -> set[int]:
        return set(db.session.scalars(
            select(EngagementRequest.id).where(search.matching("amber gdansk"))))

    assert drafts_found() == {draft.id}
    intake.discard_draft(draft)
    db.session.commit()
    assert drafts_found() == set()
    _index_is_whole()


@pytest.mark.parametrize(("typed", "fts5", "tsquery"), [
    ("IAP-2026-0042", '"IAP-2026-0042" *', "iap <-> 2026 <-> 0042:*"),
    ("São  paulo", '"São" * AND "paulo" *', "sao:* & paulo:*"),
    ('lyon" OR "x', '"lyon""" * AND "OR" * AND """x" *', "lyon:* & or:* & x:*"),
    ("Zürich* : (ﬁre)", '"Zürich*" * AND "(ﬁre)" *', "zurich:* & fire:*"),
    ("!&|:*()'\"", "", ""),
    ("", "", ""),
])
def test_the_words_become_phrases_whose_last_word_is_a_prefix(typed, fts5, tsquery):
    assert search.fts5_query(typed) == fts5
    assert search.tsquery(typed) == tsquery


def test_a_search_shows_the_same_pages_walking_the_sort_or_looking_its_matches_up(
        reviewer, make_city_user):
    # A search with many matches walks the sort's index and tests each request against
    # them (``queue._walks``); with few it looks each match up and sorts them. Either way
    # the same requests come, in the same order, with the same counts.
    from portal.policy.lifecycle import Action
    from tests.factories import advance

    for n in range(14):
        req = submitted_request(make_city_user(f"h{n}@x.example", f"Town {n}", "FR"),
                                title="Affordable housing exchange" if n % 3 else "Parks")
        if n % 4 == 0:
            advance(req, reviewer, Action.START_TRIAGE)
    for sort in ("submitted", "reference", "score", "status", "waiting", "city"):
        for direction in ("asc", "desc"):
            for status in ("", "in_triage"):
                f = queue.QueueFilters(q="housing", sort=sort, direction=direction,
                                       status=status)
                looked_up, walked = (db.session.scalars(queue._page_ids(reviewer, f, 4, walk))
                                     .all() for walk in (False, True))
                assert looked_up == walked and looked_up
    # Nine matches of fourteen, four a page: walked (on SQLite); one match: looked up.
    housing = queue.queue_page(reviewer, queue.QueueFilters(q="housing"), per_page=4)
    assert housing.total == 9 == sum(housing.counts.values()) and len(housing.rows) == 4
    assert queue._walks(reviewer, housing.filters, housing.tally, 4) == search.walks()
    assert not queue._walks(reviewer, housing.filters, Tally({}, 1), 4)
    # Counted to a limit it passed, the matches are many: walked.
    assert queue._walks(reviewer, housing.filters, Tally({}, 4, more=True, limit=3), 4) \
        == search.walks()


def _housing(make_city_user, reviewer, n: int) -> list[EngagementRequest]:
    """Return ``n`` submitted requests on housing, the first one in triage."""
    from portal.policy.lifecycle import Action
    from tests.factories import advance

    made = [submitted_request(make_city_user(f"h{i}@x.example", f"Town {i}", "FR"),
                              title="Affordable housing exchange") for i in range(n)]
    advance(made[0], reviewer, Action.START_TRIAGE)
    return made


def test_a_view_past_the_count_limit_says_more_and_pages_the_first(reviewer, make_city_user):
    made = _housing(make_city_user, reviewer, 5)
    newest_first = [r.id for r in sorted(made, key=lambda r: (r.submitted_at, r.id),
                                         reverse=True)]
    f = queue.QueueFilters(q="housing")
    page = queue.queue_page(reviewer, f, per_page=2, count_limit=3)
    assert page.tally.more and not page.counts and page.pages == 2
    # A page past the first three is the last of them; the order is the one asked for.
    last = queue.queue_page(reviewer, replace(f, page=3), per_page=2, count_limit=3)
    assert last.filters.page == 2 and [row.request.id for row in last.rows] == newest_first[2:4]
    # Within the limit, or without one, the same view is counted in full.
    assert queue.queue_page(reviewer, f, per_page=2, count_limit=5).total == 5
    assert queue.queue_page(reviewer, f, per_page=2).counts == {
        Status.SUBMITTED: 4, Status.IN_TRIAGE: 1}
    # The status asked for is counted on its own.
    triage = queue.queue_page(reviewer, replace(f, status="in_triage"), count_limit=3)
    assert triage.total == 1 and triage.counts == {Status.IN_TRIAGE: 1}


def test_the_page_says_more_than_the_limit_the_download_holds_every_match(
        client, reviewer, make_city_user, monkeypatch):
    from portal.policy import queue_counts

    made = _housing(make_city_user, reviewer, 5)
    monkeypatch.setattr(queue_counts, "PAGE_COUNT_LIMIT", 3)
    # A city's representative (one of the matches' own) reaches neither the view nor its
    # counts, nor the download.
    login(client, made[0].submitter.email)
    for path in ("/review/requests?q=housing", "/review/requests.csv?q=housing"):
        answer = client.get(path)
        assert answer.status_code == 403 and "3+" not in answer.get_data(as_text=True)
    client.submit("/logout", page="/")
    login(client, reviewer.email)
    page = client.get("/review/requests?q=housing").get_data(as_text=True)
    assert "More than 3 requests" in page and "The pages list the first 3 requests." in page
    # "All 3+", and no count of the first three by status: it would mislead.
    assert re.findall(r'<span class="count">([^<]*)</span>', page) == ["3+"]
    triage = client.get("/review/requests?q=housing&status=in_triage").get_data(as_text=True)
    assert "1 request" in triage and "More than" not in triage
    assert re.findall(r'<span class="count">([^<]*)</span>', triage) == ["3+", "1"]
    exported = client.get("/review/requests.csv?q=housing").get_data(as_text=True)
    assert all(req.reference in exported for req in made)
    # Within the limit the page counts every status, as it always did.
    monkeypatch.setattr(queue_counts, "PAGE_COUNT_LIMIT", 5)
    within = client.get("/review/requests?q=housing").get_data(as_text=True)
    assert "5 requests" in within and "More than" not in within
    counts = re.findall(r'<span class="count">([^<]*)</span>', within)
    assert counts[:3] == ["5", "4", "1"] and set(counts[3:]) == {"0"}
