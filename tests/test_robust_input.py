"""Ids, choices and simultaneous registrations that once raised answer as a person expects.

An id beyond a 64-bit integer in any URL is a 404; a forged or unknown value in any list of
choices is a message at that field; two people registering the same new city at once share
one record. Everything goes through the test client, as a browser would send it.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter

from portal.converters import LARGEST_ID
from portal.extensions import db
from portal.policy.roles import Role
from tests.conftest import login

HUGE = "99999999999999999999999"


def int_rules(app: Flask) -> list[tuple[str, str, str]]:
    """Return (endpoint, method, URL with every int variable huge) for each int route."""
    probes = []
    for rule in app.url_map.iter_rules():
        ints = {name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)}
        if not ints:
            continue
        # Other variables get a harmless word; the converters are the same for each.
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>",
                     lambda m, ints=ints: HUGE if m.group(1) in ints else "x", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            probes.append((rule.endpoint, method, url))
    return probes


def test_every_int_variable_of_every_route_uses_the_bounded_converter(app):
    # The app replaces Werkzeug's int converter, so no route can escape the bound.
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert type(converter).__name__ == "IdConverter", (rule.rule, name)
    assert len(int_rules(app)) >= 25  # the walk below covers the app, not an empty list


@pytest.mark.parametrize("who", ["anon", "cco", "admin", "city"])
def test_an_id_beyond_64_bits_in_any_route_is_not_found(app, client, make_staff,
                                                        make_city_user, who):
    if who == "city":
        make_city_user()
        login(client, "rep@lyon.example")
    elif who != "anon":
        role = Role.CCO_REVIEWER if who == "cco" else Role.ADMIN
        make_staff(f"{who}@toronto.example", role, "CCO" if who == "cco" else None)
        login(client, f"{who}@toronto.example")
    # A POST carries a real token, so a 404 is the route's answer and not the CSRF check's.
    token = client.token_from("/login")
    for endpoint, method, url in int_rules(app):
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 404, (endpoint, method, url, response.status_code)
        assert "Page not found" in response.get_data(as_text=True)


def test_the_largest_id_a_database_holds_is_still_looked_up(client, make_staff):
    make_staff("cco@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "cco@toronto.example")
    for url in (f"/review/requests/{LARGEST_ID}", f"/agreements/{LARGEST_ID}",
                f"/requests/{LARGEST_ID}/drafts/{LARGEST_ID}"):
        assert client.get(url).status_code == 404, url  # looked up, not found, no 500


# Choices -------------------------------------------------------------------------------

FORGED = ["abc", "-1", "0", "99999999999999999999", "1.5", " "]


@pytest.fixture()
def review(client, make_city_user, make_staff):
    """Sign in as a CCO reviewer and return a submitted request's id and the people."""
    from tests.factories import submitted_request

    city = make_city_user()
    people = {
        "rosa": make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa"),
        "gone": make_staff("gone@toronto.example", Role.CCO_REVIEWER, "CCO", name="Gone Away"),
    }
    people["gone"].active = False
    db.session.commit()
    req = submitted_request(city)
    login(client, "rosa@toronto.example")
    return req.id, people


def act(client, req_id: int, name: str, data: dict[str, str]):
    """Take review action ``name`` with the version the page shows, as a browser would."""
    page = client.get(f"/review/requests/{req_id}").get_data(as_text=True)
    version = re.search(rf'name="{name}-version" value="(\d+)"', page)
    assert version, f"{name} is not offered"
    payload = {f"{name}-version": version.group(1),
               **{f"{name}-{k}": v for k, v in data.items()}}
    return client.submit(f"/review/requests/{req_id}/act/{name}", payload,
                         page=f"/review/requests/{req_id}")


def field_error(page: str, field_id: str, message: str) -> bool:
    """Return whether ``message`` is linked to ``field_id`` in the error summary."""
    return f'<a href="#{field_id}">{message}</a>' in page


def request_state(req_id: int) -> tuple[int | None, int | None, int, int]:
    from portal.models import Consultation, EngagementRequest

    db.session.expire_all()
    req = db.session.get(EngagementRequest, req_id)
    return (req.assignee_id, req.sponsoring_division_id, req.version,
            db.session.query(Consultation).count())


@pytest.mark.parametrize("value", FORGED)
@pytest.mark.parametrize(("action", "field", "extra", "message"), [
    ("assign", "assignee", {}, "Select a reviewer from the list"),
    ("set-sponsor", "division", {}, "Select a division from the list"),
    ("consult", "division", {"text": "What do you think?"}, "Select a division from the list"),
])
def test_a_forged_choice_is_a_message_at_its_field(client, review, action, field, extra,
                                                   message, value):
    req_id, _people = review
    before = request_state(req_id)
    response = act(client, req_id, action, {field: value, **extra})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    expected = "Select a reviewer" if action == "assign" and not value.strip() else \
        "Select a division" if not value.strip() else message
    assert field_error(page, f"{action}-{field}", expected), page[:2000]
    if extra:  # what was typed beside the choice is kept
        assert "What do you think?" in page
    assert request_state(req_id) == before  # nothing changed


def test_a_deactivated_reviewer_is_not_offered_and_a_forged_post_naming_them_is_refused(
        client, review):
    req_id, people = review
    page = client.get(f"/review/requests/{req_id}").get_data(as_text=True)
    assert "Rosa" in page and "Gone Away" not in page
    before = request_state(req_id)
    response = act(client, req_id, "assign", {"assignee": str(people["gone"].id)})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "assign-assignee",
                       "Select a reviewer from the list")
    assert request_state(req_id) == before


def test_the_service_refuses_a_deactivated_reviewer_whoever_calls_it(review):
    from portal.models import EngagementRequest
    from portal.review import services

    req_id, people = review
    req = db.session.get(EngagementRequest, req_id)
    with pytest.raises(services.ActionRefused, match="deactivated"):
        services.assign(req, people["rosa"], people["gone"])
    db.session.rollback()


def test_an_active_reviewer_is_still_assigned(client, review):
    req_id, people = review
    response = act(client, req_id, "assign", {"assignee": str(people["rosa"].id)})
    assert response.status_code == 302
    assert request_state(req_id)[0] == people["rosa"].id


@pytest.mark.parametrize("value", FORGED)
def test_a_forged_division_on_a_staff_account_is_a_message_at_its_field(client, make_staff,
                                                                        value):
    make_staff("admin@toronto.example", Role.ADMIN)
    login(client, "admin@toronto.example")
    response = client.submit("/admin/users/new", {
        "email": "new@toronto.example", "name": "New Person", "job_title": "Officer",
        "role": "division_staff", "division_id": value, "signing_office": ""})
    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    assert field_error(page, "division_id", "Select a division from the list") or (
        not value.strip() and field_error(page, "division_id",
                                          "Select the division this person works in")), page[:3000]


# Simultaneous registrations of one new city -----------------------------------------------

@pytest.mark.real_commits  # a second connection inserts the city
def test_a_city_inserted_by_someone_else_after_our_lookup_is_found_not_duplicated(
        app, monkeypatch):
    from sqlalchemy import func, insert, select

    from portal import geography as cities
    from portal.models import CounterpartCity

    real_find = cities._find
    calls = []

    def find_then_lose_the_race(folded: str, country_code: str):
        found = real_find(folded, country_code)
        if not calls:
            # Another registration records the same city, on its own connection, between
            # our lookup and our insert: exactly the race two browsers can run into.
            with db.engine.begin() as other:
                other.execute(insert(CounterpartCity).values(
                    name="Porto", folded_name=folded, country_code=country_code))
        calls.append(found)
        return found

    monkeypatch.setattr(cities, "_find", find_then_lose_the_race)
    city = cities.find_or_create_city("Porto", "PT")
    db.session.commit()
    assert calls[0] is None  # the first lookup really missed
    assert city.name == "Porto"
    assert db.session.scalar(select(func.count()).select_from(CounterpartCity).where(
        CounterpartCity.folded_name == "porto")) == 1


@pytest.mark.real_commits  # a second connection inserts the city
def test_the_callers_own_work_survives_losing_the_race(app, monkeypatch, make_city_user):
    from sqlalchemy import insert

    from portal import geography as cities
    from portal.models import CounterpartCity, User

    real_find = cities._find

    def find_then_lose_the_race(folded: str, country_code: str):
        found = real_find(folded, country_code)
        if found is None:
            with db.engine.begin() as other:
                other.execute(insert(CounterpartCity).values(
                    name="Braga", folded_name=folded, country_code=country_code))
        return found

    monkeypatch.setattr(cities, "_find", find_then_lose_the_race)
    user = make_city_user(email="first@braga.example", city="Braga", country="PT")
    assert db.session.get(User, user.id).city.name == "Braga"


@pytest.mark.real_commits  # two threads register at once
def test_two_registrations_of_one_new_city_at_once_share_one_record(app):
    import threading

    from sqlalchemy import func, select

    from portal.geography import find_or_create_city
    from portal.models import CounterpartCity

    barrier = threading.Barrier(2)
    ids: list[int] = []
    errors: list[BaseException] = []

    def register() -> None:
        with app.app_context():  # a request of its own: its own session and connection
            try:
                barrier.wait()
                ids.append(find_or_create_city("Coimbra", "PT").id)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001  (reported by the assertion)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert len(ids) == 2 and ids[0] == ids[1]
    assert db.session.scalar(select(func.count()).select_from(CounterpartCity).where(
        CounterpartCity.folded_name == "coimbra")) == 1
