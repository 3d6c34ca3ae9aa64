"""A foreign city's representative files a request through the guided intake."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import EngagementRequest, OutboxMessage
from tests.conftest import login
from tests.journeys import (
    CITY_PAGES,
    MINIMAL_PDF,
    NEXT_YEAR,
    answer,
    fill_pages,
    start_request,
    submit,
    upload_contacts,
)


def test_a_city_files_a_complete_request_page_by_page_and_gets_a_reference(
        client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)

    task_list = client.get(f"/requests/{request_id}").get_data(as_text=True)
    # About you comes from the account; Lyon's bilingual agreement adds the French page.
    assert "You have completed 1 of 9 sections" in task_list

    for number, (slug, data) in enumerate(CITY_PAGES, start=1):
        page = client.get(f"/requests/{request_id}/{slug}").get_data(as_text=True)
        assert f"Section {number} of 9" in page
        response = answer(client, request_id, slug, data)
        assert response.status_code == 302
    response = upload_contacts(client, request_id)
    assert response.headers["Location"].endswith(f"/requests/{request_id}/check")

    check = client.get(f"/requests/{request_id}/check").get_data(as_text=True)
    assert "Festival of lights exchange" in check
    assert "International Project" in check
    assert "(would end on 31 August " + str(NEXT_YEAR + 3) + ")" in check
    assert "letter.pdf" in check
    assert "Before you can submit" not in check
    assert check.count(">Change<") >= 20

    response = submit(client, request_id)
    assert response.status_code == 302
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r"IAP-\d{4}-\d{4}", confirmation)
    assert reference, confirmation
    assert reference.group(0) == f"IAP-{__import__('datetime').date.today().year}-0001"

    receipt = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "submission_receipt")).one()
    assert receipt.to_address == "rep@lyon.example"
    assert reference.group(0) in receipt.subject and reference.group(0) in receipt.body

    mine = client.get("/requests").get_data(as_text=True)
    assert reference.group(0) in mine and "Submitted" in mine
    status = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "What has happened" in status and "Withdraw this request" in status


def test_a_half_filled_draft_is_resumed_after_signing_out_and_in(client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    fill_pages(client, request_id, CITY_PAGES[:2])
    slug, data = CITY_PAGES[2]
    response = answer(client, request_id, slug, {"title": "Half-way", "purpose": "Typed so far"},
                      action="later")
    assert response.headers["Location"].endswith("/requests")

    client.submit("/logout", page="/requests")
    assert client.get("/requests").status_code == 302  # signed out: sent to sign in
    login(client, "rep@lyon.example")

    mine = client.get("/requests").get_data(as_text=True)
    assert "Half-way" in mine
    tasks = client.get(f"/requests/{request_id}").get_data(as_text=True)
    # Lyon speaks French: its bilingual agreement adds a page of the text in French.
    assert "You have completed 2 of 9 sections" in tasks
    assert "In progress" in tasks
    page = client.get(f"/requests/{request_id}/purpose").get_data(as_text=True)
    assert 'value="Half-way"' in page and "Typed so far" in page
    agreement = client.get(f"/requests/{request_id}/agreement").get_data(as_text=True)
    assert f'value="{NEXT_YEAR}"' in agreement
    assert 'value="international_project" checked' in agreement


def test_a_representative_of_a_national_government_is_told_the_program_is_city_to_city(
        client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    response = answer(client, request_id, "about-you", {
        "representative_name": "A. Person", "representative_title": "Attaché",
        "government_kind": "chamber_of_commerce"})
    assert response.headers["Location"].endswith(f"/requests/{request_id}/not-eligible")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "city-to-city engagement only" in page
    assert "export@toronto.ca" in page
    tasks = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Cannot continue" in tasks
    check = client.get(f"/requests/{request_id}/check").get_data(as_text=True)
    assert "The program is for agreements between cities only" in check
    refused = submit(client, request_id)
    assert refused.status_code == 400
    assert db.session.get(EngagementRequest, request_id).status == "draft"


def test_a_term_longer_than_the_category_allows_is_refused_with_a_clear_message(
        client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    data = {"requested_category": "international_project", "term_years": "4",
            "start_date-day": "1", "start_date-month": "9", "start_date-year": str(NEXT_YEAR)}
    response = answer(client, request_id, "agreement", data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "An International Project agreement can run for at most 3 years." in page
    assert 'href="#term_years"' in page
    assert 'value="4"' in page  # what was typed is kept
    req = db.session.get(EngagementRequest, request_id)
    db.session.refresh(req)
    assert req.term_years is None
    assert req.requested_category == "international_project"  # the valid answer was saved

    ok = answer(client, request_id, "agreement", {**data, "requested_category":
                                                  "partnership_city", "term_years": "5"})
    assert ok.status_code == 302
    six = answer(client, request_id, "agreement", {**data, "requested_category":
                                                   "partnership_city", "term_years": "6"})
    assert "A Partnership City agreement can run for at most 5 years." in six.get_data(
        as_text=True)


def test_a_file_disguised_as_a_pdf_is_refused(client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    response = upload_contacts(client, request_id, content=b"MZ\x90\x00 this is a program",
                               filename="letter.pdf")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The selected file must be a PDF or a Word document" in page
    assert 'value="Marie Dupont"' in page
    req = db.session.get(EngagementRequest, request_id)
    assert req.letter_of_intent is None
    assert req.contact_name == "Marie Dupont"  # the valid answers were kept

    empty = upload_contacts(client, request_id, content=b"", filename="letter.pdf")
    assert "Upload the letter of intent" in empty.get_data(as_text=True) or \
        "empty" in empty.get_data(as_text=True)


def test_a_submitted_request_can_no_longer_be_edited_but_can_be_withdrawn(
        client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    fill_pages(client, request_id, CITY_PAGES)
    upload_contacts(client, request_id)
    submit(client, request_id)

    edit = client.submit(f"/requests/{request_id}/purpose",
                         {"title": "Changed after submission", "action": "continue"},
                         page=f"/requests/{request_id}")
    assert edit.status_code == 302
    req = db.session.get(EngagementRequest, request_id)
    db.session.refresh(req)
    assert req.title == "Festival of lights exchange"

    response = client.submit(f"/requests/{request_id}/withdraw",
                             {"reason": "Plans changed", "confirm": "y"})
    assert response.status_code == 302
    db.session.refresh(req)
    assert req.status == "withdrawn"
    status = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Withdrawn" in status and "Plans changed" in status
    assert "Withdraw this request" not in status


def test_a_city_must_confirm_its_email_before_it_can_start_let_alone_submit(
        client, make_city_user):
    # An unconfirmed email reaches nothing but confirmation (DESIGN: trust), so the
    # intake's own check at submission is never the one that stops it.
    user = make_city_user(confirmed=False)
    login(client, "rep@lyon.example")
    response = client.submit("/requests/new", page="/confirm-email")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/confirm-email")
    assert "Confirm your email address" in client.get("/confirm-email").get_data(as_text=True)
    assert db.session.scalars(select(EngagementRequest)).all() == []
    user.email_confirmed_at = user.created_at
    db.session.commit()
    request_id = start_request(client)
    fill_pages(client, request_id, CITY_PAGES)
    upload_contacts(client, request_id)
    assert submit(client, request_id).status_code == 302


def test_outcomes_can_be_added_and_a_half_filled_row_is_pointed_out(client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    slug, data = CITY_PAGES[2]
    added = answer(client, request_id, slug, data, action="add_outcome")
    page = added.get_data(as_text=True)
    assert 'id="outcomes-1-outcome"' in page
    half = answer(client, request_id, slug, {**data, "outcomes-1-outcome": "More visitors"})
    text = half.get_data(as_text=True)
    assert half.status_code == 200
    assert "Enter how the outcome will be measured" in text
    assert 'href="#outcomes-1-indicator"' in text
    assert 'value="More visitors"' in text


def test_the_letter_of_intent_on_file_is_kept_when_the_page_is_saved_again(
        client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    upload_contacts(client, request_id)
    again = upload_contacts(client, request_id, content=None)
    assert again.status_code == 302
    req = db.session.get(EngagementRequest, request_id)
    assert req.letter_of_intent is not None
    assert req.letter_of_intent.content == MINIMAL_PDF
