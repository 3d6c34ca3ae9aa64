"""The reviewer confirms the agreement's details on one form before each version is generated.

Both Parties' legal names, signatories and coordinators, the start date and the objectives
come first from the request (the city's own answers at intake), then from the newest
version; what the reviewer confirms is kept with the version and written in its Word file.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AgreementDraft
from portal.policy.roles import Role, SigningOffice
from tests import test_agreements
from tests.conftest import login
from tests.forms import details_values, form_values, generate_draft
from tests.journeys import CITY_COORDINATOR
from tests.test_agreements import approved_request, document_text, switch, text

staff = test_agreements.staff


def _drafts() -> list[AgreementDraft]:
    return list(db.session.scalars(select(AgreementDraft).order_by(AgreementDraft.version)))


def details_url(req) -> str:
    return f"/review/requests/{req.id}/drafts/new"


def drafts_url(req) -> str:
    return f"/review/requests/{req.id}/drafts"


def test_the_form_starts_from_what_the_city_said_and_the_policys_signatory(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    page = client.get(details_url(req))
    assert page.status_code == 200
    shown = form_values(client, drafts_url(req), page=details_url(req))
    assert shown["city_legal_name"] == "City of Toronto, a municipal corporation"
    assert shown["counterpart_legal_name"] == "Ville de Lyon"
    # The Division Head of EDC signs a project within their authority, as the policy says.
    assert shown["signatory_name"] == "Harper Head"
    assert shown["counterpart_signatory_name"] == "Grégory Doucet"
    assert shown["counterpart_signatory_authority"].startswith("As Mayor")
    assert shown["counterpart_coordinator_email"] == "marie@lyon.example"
    assert shown["start_date-year"] == str(req.start_date.year)
    assert shown["objectives"] == "Exchange designers"
    # A city's request names no City coordinator: the reviewer must give one.
    assert shown["city_coordinator_name"] == ""
    assert "Confirm and generate version 1" in text(page)


def test_what_the_reviewer_corrects_is_kept_with_the_version_and_written_in_it(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    start = date(date.today().year + 1, 10, 1)
    response = generate_draft(client, req.id, {
        "counterpart_legal_name": "Ville de Lyon (Métropole)",
        "start_date-day": "1", "start_date-month": "10", "start_date-year": str(start.year),
        "objectives": "Exchange lighting designers\nCo-produce one installation a year"})
    assert response.status_code == 302
    [draft] = _drafts()
    assert draft.terms["counterpart_legal_name"] == "Ville de Lyon (Métropole)"
    assert draft.terms["start_date"] == start.isoformat()
    assert draft.terms["objectives"] == ["Exchange lighting designers",
                                         "Co-produce one installation a year"]
    assert draft.terms["city_coordinator_name"] == CITY_COORDINATOR["city_coordinator_name"]
    body = document_text(client.get(f"/requests/{req.id}/drafts/1").data)
    assert "Ville de Lyon (Métropole)" in body
    assert "1 October" in body and "Co-produce one installation a year" in body
    # The request's own answers are not changed by what the agreement says.
    db.session.refresh(req)
    assert req.counterpart_legal_name == "Ville de Lyon"


def test_the_next_version_starts_from_what_was_confirmed_for_the_last(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id, {"counterpart_signatory_name": "Grégory Doucet, Maire",
                                    "signatory_title": "Acting General Manager"})
    shown = details_values(client, req.id)
    assert shown["counterpart_signatory_name"] == "Grégory Doucet, Maire"
    assert shown["signatory_title"] == "Acting General Manager"
    assert shown["city_coordinator_name"] == CITY_COORDINATOR["city_coordinator_name"]
    assert shown["newest"] == "1"


def test_a_missing_detail_is_said_at_its_field_and_what_was_typed_is_kept(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    response = client.post(drafts_url(req), data=details_values(client, req.id, {
        "counterpart_legal_name": "", "counterpart_signatory_authority": "By council vote",
        "city_coordinator_email": "not-an-address"}))
    assert response.status_code == 400
    page = text(response)
    assert "Enter the counterpart&#39;s legal name" in response.get_data(as_text=True) or \
        "Enter the counterpart's legal name" in page
    assert "Enter an email address in the correct format" in page
    assert 'id="counterpart_legal_name-error"' in response.get_data(as_text=True)
    assert "By council vote" in page and "not-an-address" in page
    assert _drafts() == []


@pytest.mark.parametrize(("shift", "message"), [
    (-1, "Start date must be today or in the future"),
    (365 * 11, "Start date must be within the next 10 years"),
])
def test_a_start_date_outside_the_policys_limits_is_refused_at_the_field(
        client, make_city_user, staff, shift, message):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    day = date.today() + timedelta(days=shift)
    response = generate_draft(client, req.id, {
        "start_date-day": str(day.day), "start_date-month": str(day.month),
        "start_date-year": str(day.year)})
    assert response.status_code == 400
    assert message in text(response)
    assert _drafts() == []


def test_a_request_filed_before_these_questions_is_completed_by_the_reviewer(
        client, make_city_user, staff):
    # A request from before the migration: no legal name, signatory or coordinator asked.
    req = approved_request(make_city_user(), staff)
    for name in ("counterpart_legal_name", "counterpart_signatory_name",
                 "counterpart_signatory_title", "counterpart_signatory_authority",
                 "counterpart_coordinator_name", "counterpart_coordinator_title",
                 "counterpart_coordinator_email", "counterpart_coordinator_address"):
        setattr(req, name, "")
    db.session.commit()
    login(client, staff["reviewer"].email)
    shown = form_values(client, drafts_url(req), page=details_url(req),
                        empty=CITY_COORDINATOR)
    assert shown["counterpart_legal_name"] == ""
    assert shown["counterpart_signatory_name"] == ""  # never the official contact
    # The official contact is offered as the coordinator, which it likely is.
    assert shown["counterpart_coordinator_name"] == "Marie Dupont"
    refused = client.post(drafts_url(req), data=shown)
    assert refused.status_code == 400
    assert "Enter the full name of the counterpart&#39;s signatory" in \
        refused.get_data(as_text=True)
    done = generate_draft(client, req.id, {
        "counterpart_legal_name": "Ville de Lyon", "counterpart_signatory_name": "G. Doucet",
        "counterpart_signatory_title": "Maire", "counterpart_signatory_authority": "As Mayor",
        "counterpart_coordinator_address": "1 place de la Comédie, Lyon"})
    assert done.status_code == 302 and len(_drafts()) == 1


def test_only_the_reviewer_opens_or_sends_the_details_form(
        client, make_city_user, make_staff, staff):
    city = make_city_user()
    req = approved_request(city, staff)
    mayor = make_staff("mayor@toronto.example", Role.SIGNING_AUTHORITY,
                       office=SigningOffice.MAYORS_OFFICE)
    assert client.get(details_url(req)).status_code == 302  # to sign in
    for person in (city, staff["head"], staff["solicitor"], staff["admin"], mayor):
        switch(client, person) if person is not city else login(client, city.email)
        assert client.get(details_url(req)).status_code == 403, person.email
        token = client.token_from("/")
        posted = client.post(drafts_url(req), data={"csrf_token": token,
                                                     "counterpart_legal_name": "Evil"})
        assert posted.status_code == 403, person.email
    assert _drafts() == []


def test_a_stranger_claiming_the_city_cannot_reach_the_agreement_details(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    make_city_user("claims@lyon.example", " LYON ", "FR", verified=False)
    login(client, "claims@lyon.example")
    assert client.get(details_url(req)).status_code == 403
    assert _drafts() == []


def test_the_details_form_is_refused_with_the_reason_once_the_draft_is_approved(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id)
    switch(client, staff["solicitor"])
    client.submit(f"/review/requests/{req.id}/drafts/1/approve",
                  page=f"/review/requests/{req.id}")
    switch(client, staff["reviewer"])
    refused = client.get(details_url(req))
    assert refused.status_code == 409
    assert "approved as to form" in text(refused).lower()
    assert len(_drafts()) == 1
