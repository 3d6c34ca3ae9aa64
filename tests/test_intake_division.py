"""A City division's staff file a proposal through the guided intake."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import CounterpartCity, EngagementRequest, OutboxMessage, User
from portal.policy.roles import Role
from tests.conftest import PASSWORD, login
from tests.journeys import (
    CONTACTS,
    DIVISION_FIRST_PAGE,
    DIVISION_PAGES,
    answer,
    fill_pages,
    start_request,
    submit,
)


@pytest.fixture()
def dana(client, make_staff) -> User:
    """Sign in as a member of Economic Development and Culture."""
    user = make_staff("dana@toronto.example", Role.DIVISION_STAFF, division="EDC",
                      name="Dana Division")
    login(client, "dana@toronto.example")
    return user


def contacts(client, request_id: int, **fields: str):
    return client.submit(f"/requests/{request_id}/contacts",
                         {**CONTACTS, **fields, "action": "continue"},
                         content_type="multipart/form-data")


def stored(request_id: int) -> EngagementRequest:
    db.session.expire_all()
    return db.session.get(EngagementRequest, request_id)


def cities_called(folded: str) -> list[CounterpartCity]:
    return list(db.session.scalars(select(CounterpartCity)
                                   .where(CounterpartCity.folded_name == folded)))


def test_division_staff_file_a_proposal_page_by_page_and_get_a_reference(client, dana):
    request_id = start_request(client)
    tasks = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Proposal of Economic Development and Culture" in tasks
    assert "You have completed 0 of 8 sections" in tasks

    first = client.get(f"/requests/{request_id}/counterpart").get_data(as_text=True)
    assert "Sponsoring division: Economic Development and Culture" in first
    for number, (slug, data) in enumerate(DIVISION_PAGES, start=1):
        page = client.get(f"/requests/{request_id}/{slug}").get_data(as_text=True)
        assert f"Section {number} of 8" in page, slug
        response = answer(client, request_id, slug, data)
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[:2000])
    response = contacts(client, request_id)  # a division need not attach a letter
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/requests/{request_id}/check")

    check = client.get(f"/requests/{request_id}/check").get_data(as_text=True)
    assert "Before you can submit" not in check
    for shown in ("Economic Development and Culture", "Helsinki", "Finland",
                  "Letter from the Mayor, 3 March 2026", "Festival of lights exchange",
                  "Marie Dupont"):
        assert shown in check, shown

    response = submit(client, request_id)
    assert response.status_code == 302
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r"IAP-\d{4}-\d{4}", confirmation).group(0)
    assert reference == f"IAP-{date.today().year}-0001"

    req = stored(request_id)
    assert (req.status, req.reference, req.origin) == ("submitted", reference, "division")
    assert req.sponsoring_division.code == "EDC"
    assert req.counterpart_city.name == "Helsinki" and req.interest_confirmed is True
    assert req.documents == []
    receipt = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "submission_receipt")).one()
    assert receipt.to_address == "dana@toronto.example" and reference in receipt.subject
    mine = client.get("/requests").get_data(as_text=True)
    assert reference in mine and "Submitted" in mine


def test_a_submitted_proposal_reaches_the_review_queue_under_its_division(
        client, dana, make_staff):
    request_id = start_request(client)
    fill_pages(client, request_id, DIVISION_PAGES)
    contacts(client, request_id)
    submit(client, request_id)
    client.submit("/logout", page="/requests")
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER)
    login(client, "rosa@toronto.example")
    queue = client.get("/review/requests").get_data(as_text=True)
    assert stored(request_id).reference in queue
    assert "Helsinki" in queue and "EDC" in queue


def test_two_proposals_about_the_same_city_share_one_counterpart_record(client, dana):
    first = start_request(client)
    answer(client, first, "counterpart", DIVISION_FIRST_PAGE[1])
    second = start_request(client)
    answer(client, second, "counterpart", {**DIVISION_FIRST_PAGE[1], "city_name": " HELSINKI "})
    elsewhere = start_request(client)
    answer(client, elsewhere, "counterpart", {**DIVISION_FIRST_PAGE[1], "country": "US"})

    [helsinki_fi] = [c for c in cities_called("helsinki") if c.country_code == "FI"]
    assert helsinki_fi.name == "Helsinki"  # as first written
    assert stored(first).counterpart_city_id == stored(second).counterpart_city_id == \
        helsinki_fi.id
    assert stored(elsewhere).counterpart_city_id != helsinki_fi.id


def test_a_city_registering_under_another_spelling_joins_the_same_counterpart(client, dana):
    request_id = start_request(client)
    answer(client, request_id, "counterpart", DIVISION_FIRST_PAGE[1])
    client.submit("/logout", page="/requests")

    client.submit("/register", {"government_kind": "city"})
    registered = client.submit("/register/details", {
        "name": "Aino Virtanen", "job_title": "Head of International Affairs",
        "email": "aino@hel.example", "city_name": "hélsinki", "country": "FI",
        "password": PASSWORD, "confirm": PASSWORD})
    assert "Check your email" in registered.get_data(as_text=True)
    aino = db.session.scalars(select(User).where(User.email == "aino@hel.example")).one()
    assert aino.city_id == stored(request_id).counterpart_city_id
    assert len(cities_called("helsinki")) == 1


def test_a_colleague_in_the_same_division_sees_and_continues_the_draft(
        app, client, dana, make_staff):
    make_staff("eli@toronto.example", Role.DIVISION_STAFF, division="EDC", name="Eli Colleague")
    request_id = start_request(client)
    fill_pages(client, request_id, DIVISION_PAGES[:2])
    purpose = dict(DIVISION_PAGES)["purpose"]
    answer(client, request_id, "purpose", {"title": "Libraries as civic hubs"}, action="later")
    client.submit("/logout", page="/requests")

    eli = app.test_client()
    login(eli, "eli@toronto.example")
    mine = eli.get("/requests").get_data(as_text=True)
    assert "Libraries as civic hubs" in mine
    tasks = eli.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "You have completed 2 of 8 sections" in tasks
    page = eli.get(f"/requests/{request_id}/purpose").get_data(as_text=True)
    assert 'value="Libraries as civic hubs"' in page

    fill_pages(eli, request_id, [("purpose", {**purpose, "title": "Libraries as civic hubs"}),
                                 *DIVISION_PAGES[3:]])
    contacts(eli, request_id)
    assert submit(eli, request_id).status_code == 302
    req = stored(request_id)
    assert req.status == "submitted"
    assert req.title == "Libraries as civic hubs"
    assert req.declaration_name == "Eli Colleague"


def test_a_counterpart_that_is_a_state_or_province_is_told_the_program_is_city_to_city(
        client, dana):
    request_id = start_request(client)
    response = answer(client, request_id, "counterpart", {
        **DIVISION_FIRST_PAGE[1], "city_name": "Bavaria", "country": "DE",
        "government_kind": "state_province"})
    assert response.headers["Location"].endswith(f"/requests/{request_id}/not-eligible")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The program is for city-to-city engagement only" in page
    assert "State, province or region" in page
    assert "Government of Ontario" in page  # where to turn instead
    assert "Cannot continue" in client.get(f"/requests/{request_id}").get_data(as_text=True)

    fill_pages(client, request_id, DIVISION_PAGES[1:])
    contacts(client, request_id)
    refused = submit(client, request_id)
    assert refused.status_code == 400
    assert "There is a problem" in refused.get_data(as_text=True)
    assert stored(request_id).status == "draft"


def test_a_canadian_counterpart_is_refused_at_the_country_field(client, dana):
    request_id = start_request(client)
    response = answer(client, request_id, "counterpart", {
        **DIVISION_FIRST_PAGE[1], "city_name": "Montréal", "country": "CA"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<a href="#country">The program is for cities outside Canada' in page
    assert stored(request_id).counterpart_city_id is None
    assert db.session.scalar(select(func.count(CounterpartCity.id)).where(
        CounterpartCity.country_code == "CA")) == 0


def test_confirmed_interest_must_say_how_it_was_confirmed(client, dana):
    request_id = start_request(client)
    missing = answer(client, request_id, "counterpart",
                     {**DIVISION_FIRST_PAGE[1], "interest_evidence": ""})
    assert missing.status_code == 200
    assert '<a href="#interest_evidence">Say how and when the counterpart confirmed its ' \
        'interest</a>' in missing.get_data(as_text=True)
    not_yet = answer(client, request_id, "counterpart",
                     {**DIVISION_FIRST_PAGE[1], "interest_confirmed": "no",
                      "interest_evidence": ""})
    assert not_yet.status_code == 302
    assert stored(request_id).interest_confirmed is False


def test_the_division_is_always_the_users_own(client, dana):
    request_id = start_request(client)
    answer(client, request_id, "counterpart",
           {**DIVISION_FIRST_PAGE[1], "sponsoring_division_id": "1", "origin": "city"})
    req = stored(request_id)
    assert req.sponsoring_division.code == "EDC" and req.origin == "division"
