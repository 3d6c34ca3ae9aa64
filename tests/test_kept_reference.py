"""A worker keeps the registry and the reference data between requests, and sees every change.

``portal.kept_reference`` keeps them under the number the database gives their last change;
these tests commit changes from elsewhere (another connection, as another worker or host
would) and hold the next request to seeing each one: an agreement added, ended, deleted, its
city renamed; a division added, a reviewer made inactive, the countries list changed, a
closure recorded, a rubric version saved; on PostgreSQL, tables emptied by TRUNCATE. They
hold a request that wrote to seeing its own write and keeping nothing of it, and a worker to
reading nothing again while nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from flask import Flask, jsonify
from sqlalchemy import event, select, text, update
from werkzeug.wrappers import Response

from portal import calendar
from portal.assessment import rubrics, settings
from portal.assessment.held import active_registry
from portal.extensions import db
from portal.models import Agreement, Closure, CounterpartCity, Division, Setting, User
from portal.policy.roles import Role
from tests.conftest import Browser, login
from tests.factories import active_agreement
from tests.probes import probed_portal, statements_reading

# The closures asked about: the coming week.
WEEK = (date.today() + timedelta(days=1), date.today() + timedelta(days=7))


def _registry() -> Response:
    rows = active_registry(cities=[("lyon", "FR")])
    return jsonify([[row.agreement_id, row.agreement.counterpart_city] for row in rows])


def _write_then_read() -> Response:
    """Add an agreement with Lyon, read the registry, and leave without committing."""
    city = db.session.scalars(select(CounterpartCity).where(
        CounterpartCity.folded_name == "lyon")).one()
    db.session.add(active_agreement("Lyon, uncommitted", "FR", city.id))
    db.session.flush()
    return _registry()


def _both_ways() -> Response:
    """Return the agreements near the cities asked, kept by the worker and read by query."""
    from flask import request

    from portal.assessment import held

    cities = [(name, code or None) for name, code in json.loads(request.args["cities"])]
    kept = held.active_registry(cities=cities)
    read = held._read(date.today(), cities)
    return jsonify([[row.agreement_id for row in kept], [row.agreement_id for row in read]])


def _rubric() -> Response:
    version_id, newest = rubrics.newest_rubric()
    return jsonify({"newest": newest.version, "same": rubrics.rubric_by_id(version_id) == newest})


def _reference() -> Response:
    return jsonify({
        "divisions": [name for _id, name in Division.names()],
        "reviewers": [name for _id, name in User.active_cco_reviewer_names()],
        "countries": sorted(settings.consultation_countries()),
        "closed": sorted(day.isoformat() for day in calendar.closed_days(*WEEK)),
    })


@pytest.fixture
def worker(database_url: str) -> Iterator[Flask]:
    """Return a second portal on the database (a worker), with pages that read what it keeps."""
    yield from probed_portal(database_url, {
        "/probe/registry": _registry, "/probe/write-then-read": _write_then_read,
        "/probe/reference": _reference, "/probe/both-ways": _both_ways,
        "/probe/rubric": _rubric})


@pytest.fixture
def lyon(app: Flask) -> CounterpartCity:
    """Return Lyon, committed, with one agreement in force."""
    city = CounterpartCity(name="Lyon", folded_name="lyon", country_code="FR")
    db.session.add(city)
    db.session.flush()
    db.session.add(active_agreement("Lyon", "FR", city.id))
    db.session.commit()
    return city


def _read(worker: Flask, path: str) -> object:
    answer = worker.test_client().get(path)
    assert answer.status_code == 200
    return answer.get_json()


def _names(worker: Flask) -> list[str]:
    return [name for _id, name in _read(worker, "/probe/registry")]  # type: ignore[union-attr]


def test_a_worker_reads_the_registry_once_while_nothing_changes(worker, lyon):
    assert _names(worker) == ["Lyon"]
    reads = statements_reading(worker, "agreement")
    assert _names(worker) == ["Lyon"]
    assert _names(worker) == ["Lyon"]
    assert reads() == 0


def _add(city: CounterpartCity) -> None:
    db.session.add(active_agreement("Lyon, second", "FR", city.id))


def _end(city: CounterpartCity) -> None:
    # Its term ended yesterday: no longer in force.
    db.session.execute(update(Agreement).where(Agreement.counterpart_name == "Lyon")
                       .values(end_date=date.today() - timedelta(days=1)))


def _delete(city: CounterpartCity) -> None:
    db.session.execute(text("delete from agreement where counterpart_name = 'Lyon'"))


def _rename(city: CounterpartCity) -> None:
    # Its agreements are no longer with a city named Lyon.
    db.session.execute(update(CounterpartCity).where(CounterpartCity.id == city.id)
                       .values(name="Lugdunum", folded_name="lugdunum"))


@pytest.mark.parametrize(("change", "after"), [
    (_add, ["Lyon", "Lyon"]), (_end, []), (_delete, []), (_rename, []),
], ids=["added", "ended", "deleted", "city renamed"])
def test_a_change_committed_elsewhere_is_seen_at_the_next_request(worker, lyon, change, after):
    assert _names(worker) == ["Lyon"]
    change(lyon)
    db.session.commit()
    assert _names(worker) == after


def test_a_request_sees_its_own_write_and_keeps_nothing_of_it(worker, lyon):
    assert _names(worker) == ["Lyon"]
    # The request that wrote sees its row; it never committed, so the next one does not.
    assert [name for _id, name in _read(worker, "/probe/write-then-read")] == ["Lyon", "Lyon"]
    assert _names(worker) == ["Lyon"]
    # ...and what the worker kept still stands for the request after.
    reads = statements_reading(worker, "agreement")
    assert _names(worker) == ["Lyon"]
    assert reads() == 0


def test_nothing_a_request_wrote_is_kept_under_the_number_it_took(worker, lyon):
    assert _names(worker) == ["Lyon"]
    assert len(_read(worker, "/probe/write-then-read")) == 2  # type: ignore[arg-type]
    # The next change committed takes the number the rolled-back write had taken: had the
    # worker kept that write's registry under it, the deleted agreement would show.
    _delete(lyon)
    db.session.commit()
    assert _names(worker) == []


def test_tables_emptied_by_truncate_are_seen_emptied(worker, lyon):
    with worker.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE: a DELETE fires the row triggers")
    assert _names(worker) == ["Lyon"]
    db.session.execute(text("TRUNCATE agreement CASCADE"))
    db.session.commit()
    assert _names(worker) == []


def test_reference_data_changed_elsewhere_is_seen_at_the_next_request(worker, app, make_staff):
    reviewer = make_staff("kept.reviewer@toronto.ca", Role.CCO_REVIEWER, name="Kept Reviewer")
    before = _read(worker, "/probe/reference")
    assert "Kept Reviewer" in before["reviewers"]  # type: ignore[index]
    assert _read(worker, "/probe/reference") == before  # kept, and the same
    db.session.add(Division(name="Division of Kept Things", code="KEPT", head_title="Director"))
    db.session.execute(update(User).where(User.id == reviewer.id).values(active=False))
    db.session.add(Setting(key=settings.CONSULTATION_COUNTRIES, value=["AQ"]))
    db.session.add(Closure(day=WEEK[0], reason="A storm"))
    db.session.commit()
    after = _read(worker, "/probe/reference")
    assert "Division of Kept Things" in after["divisions"]  # type: ignore[index]
    assert "Kept Reviewer" not in after["reviewers"]  # type: ignore[index]
    assert after["countries"] == ["AQ"]  # type: ignore[index]
    assert WEEK[0].isoformat() in after["closed"]  # type: ignore[index]


def test_a_new_rubric_version_saved_elsewhere_is_seen_at_the_next_request(worker, app,
                                                                         make_staff):
    admin = make_staff("kept.admin@toronto.ca", Role.ADMIN)  # an account counts too: first
    first = _read(worker, "/probe/rubric")
    assert first["same"]  # type: ignore[index]
    reads = statements_reading(worker, "rubric_version")
    assert _read(worker, "/probe/rubric") == first  # kept: nothing read again
    assert reads() == 0
    rubrics.save_rubric(admin, rubrics.newest_rubric()[1], "A new version, for the test")
    db.session.commit()
    after = _read(worker, "/probe/rubric")
    assert after == {"newest": first["newest"] + 1, "same": True}  # type: ignore[index]


def test_a_sign_in_does_not_make_workers_read_the_reference_data_again(worker, app, make_staff):
    """Only an account's name, role and being active are kept: a sign-in writes none."""
    reviewer = make_staff("kept.reviewer@toronto.ca", Role.CCO_REVIEWER, name="Kept Reviewer")
    _read(worker, "/probe/reference")
    reads = statements_reading(worker, "division")
    db.session.execute(update(User).where(User.id == reviewer.id)
                       .values(failed_logins=0))
    db.session.commit()
    _read(worker, "/probe/reference")
    assert reads() == 0


def test_a_signed_in_request_reads_the_numbers_with_its_account(worker, app, make_staff):
    """The account's read brings the numbers, in its own statement; a change is still seen."""
    make_staff("kept.reviewer@toronto.ca", Role.CCO_REVIEWER, name="Kept Reviewer")
    worker.test_client_class = Browser
    client = worker.test_client()
    login(client, "kept.reviewer@toronto.ca")
    assert client.get("/probe/reference").status_code == 200  # the worker keeps them
    seen: list[str] = []
    with worker.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def note(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()))

    assert client.get("/probe/reference").status_code == 200
    numbers = [s for s in seen if "FROM data_version" in s]
    assert len(numbers) == 1 and ("FROM user" in numbers[0] or 'FROM "user"' in numbers[0])
    assert len(seen) == 1  # the account, with the numbers; the reference data were kept

    db.session.add(Division(name="Division of Kept Things", code="KEPT", head_title="Director"))
    db.session.commit()
    after = client.get("/probe/reference").get_json()
    assert "Division of Kept Things" in after["divisions"]


@pytest.mark.parametrize("cities", [
    [("lyon", "FR")], [("lyon", None)], [("lyon", "FR"), ("turin", "IT")], [("turin", "IT")],
    [("paris", "US")], [("paris", "FR"), ("lyon", " fr ")], [], [("nowhere", "ZZ")],
], ids=["lyon", "lyon-no-country", "two-cities", "turin", "paris-us", "spaced-code",
        "none", "unknown"])
def test_the_kept_registry_chooses_a_pages_agreements_as_the_query_does(worker, app, cities):
    """Linked to a city of the name; recorded with none, by country, or with no country."""
    lyon = CounterpartCity(name="Lyon", folded_name="lyon", country_code="FR")
    paris = CounterpartCity(name="Paris", folded_name="paris", country_code="FR")
    db.session.add_all([lyon, paris])
    db.session.flush()
    recorded = [("Turin", "IT"), ("turin", None), ("Paris", "US"), ("Paris", "us"),
                ("Lyon", ""), ("Anywhere", "FR")]
    for name, country in recorded:
        db.session.add(active_agreement(name, country, category="partnership_city"))
    db.session.add_all([active_agreement("Lyon", "FR", lyon.id),
                        active_agreement("Paris", "FR", paris.id)])
    db.session.commit()
    client = worker.test_client()
    for _ in range(2):  # the first keeps the registry, the second finds it kept
        kept, read = client.get("/probe/both-ways", query_string={
            "cities": json.dumps(cities)}).get_json()
        assert kept == read
