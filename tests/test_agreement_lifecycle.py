"""The agreement's lifecycle through the app: signing date, future start, double clicks, ending.

Each test is named after a defect of issue #12 it reproduces: the signing date accepted
before the request existed, an agreement that starts next year shown as active, established
and reportable, a double click answering 500, and an agreement that could not be terminated.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Agreement, AgreementDraft, AgreementEvent
from portal.policy.agreement_states import NOTICE_DAYS
from tests.conftest import login
from tests.forms import details_values, generate_draft
from tests.journeys import MINIMAL_PDF
from tests.test_agreements import approved_request, staff, switch, text  # noqa: F401


def _date_fields(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month),
            f"{prefix}-year": str(day.year)}


def _signed_form(day: date) -> dict[str, object]:
    return {"signed_copy": (BytesIO(MINIMAL_PDF), "signed.pdf"), **_date_fields("signed_on", day)}


def _to_signature(client, req, staff) -> str:  # noqa: F811
    """Draft and approve ``req`` through the pages; return its page, signed in as reviewer."""
    page = f"/review/requests/{req.id}"
    login(client, staff["reviewer"].email)
    assert generate_draft(client, req.id, {"newest": "0"}).status_code == 302
    switch(client, staff["solicitor"])
    assert client.submit(f"{page}/drafts/1/approve", page=page).status_code == 302
    switch(client, staff["reviewer"])
    return page


def _signed(req) -> int:
    """Return how many registry entries ``req`` became (the seeded registry is not counted)."""
    return _count(select(Agreement).where(Agreement.request_id == req.id).subquery())


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_signing_date_before_the_solicitors_approval_is_refused_at_the_field(
        client, make_city_user, staff):  # noqa: F811
    req = approved_request(make_city_user(), staff)
    page = _to_signature(client, req, staff)
    refused = client.submit(f"{page}/drafts/signed", _signed_form(date(2020, 1, 1)), page=page,
                            content_type="multipart/form-data")
    assert refused.status_code == 400
    body = text(refused)
    assert "The signing date cannot be before the City Solicitor approved the draft" in body
    assert 'value="2020"' in refused.get_data(as_text=True)  # what was typed is kept
    assert _signed(req) == 0
    future = client.submit(f"{page}/drafts/signed", _signed_form(date.today() + timedelta(days=3)),
                           page=page, content_type="multipart/form-data")
    assert future.status_code == 400 and "cannot be in the future" in text(future)
    signed = client.submit(f"{page}/drafts/signed", _signed_form(date.today()), page=page,
                           content_type="multipart/form-data")
    assert signed.status_code == 302
    agreement = db.session.scalars(select(Agreement).where(Agreement.request_id == req.id)).one()
    assert agreement.signed_on == date.today()


def test_an_agreement_starting_next_year_is_not_active_established_or_reportable_yet(
        client, make_city_user, staff):  # noqa: F811
    start = date(date.today().year + 1, 3, 1)
    req = approved_request(make_city_user(), staff, start_date=start)
    page = _to_signature(client, req, staff)
    assert client.submit(f"{page}/drafts/signed", _signed_form(date.today()), page=page,
                         content_type="multipart/form-data").status_code == 302
    agreement = db.session.scalars(select(Agreement).where(Agreement.request_id == req.id)).one()
    assert agreement.established_year == date.today().year  # the year of the signing

    shown = text(client.get(f"/agreements/{agreement.id}"))
    when = f"{start.day} {start.strftime('%B')} {start.year}"
    assert f"Signed, in force from {when}" in shown
    assert "Active" not in shown
    assert "Record the outcome report" not in shown
    assert f"/agreements/{agreement.id}/reports/" not in shown
    assert client.get(f"/agreements/{agreement.id}/reports/{date.today().year}").status_code \
        in (403, 404)
    assert "Renew" not in shown
    assert client.get(f"/agreements/{agreement.id}/renew").status_code == 403

    listed = text(client.get("/agreements"))
    assert f"Signed, in force from {when}" in listed
    assert "Signed, in force from" in text(client.get("/registry"))


def test_a_double_click_on_generate_draft_makes_one_draft_and_no_500(
        client, make_city_user, staff):  # noqa: F811
    req = approved_request(make_city_user(), staff)
    page = f"/review/requests/{req.id}"
    login(client, staff["reviewer"].email)
    # The details form as the reviewer sees it, sent twice by a double click.
    details = details_values(client, req.id)
    first = client.post(f"{page}/drafts", data=details)
    second = client.post(f"{page}/drafts", data=details)
    assert first.status_code == 302
    assert second.status_code == 409 and "This was already done" in text(second)
    assert _count(AgreementDraft) == 1


def test_a_double_click_on_the_solicitors_approval_approves_once_and_no_500(
        client, make_city_user, staff):  # noqa: F811
    req = approved_request(make_city_user(), staff)
    page = f"/review/requests/{req.id}"
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id, {"newest": "0"})
    switch(client, staff["solicitor"])
    token = client.token_from(page)
    first = client.post(f"{page}/drafts/1/approve", data={"csrf_token": token})
    second = client.post(f"{page}/drafts/1/approve", data={"csrf_token": token})
    assert first.status_code == 302
    assert second.status_code == 409 and "This was already done" in text(second)
    approved = db.session.scalars(select(AgreementDraft)).one()
    assert approved.approved_at is not None


def test_a_double_click_on_record_signed_records_one_agreement_and_no_500(
        client, make_city_user, staff):  # noqa: F811
    req = approved_request(make_city_user(), staff)
    page = _to_signature(client, req, staff)
    token = client.token_from(page)
    posts = [client.post(f"{page}/drafts/signed", data={"csrf_token": token, **_signed_form(
        date.today())}, content_type="multipart/form-data") for _ in range(2)]
    assert posts[0].status_code == 302
    assert posts[1].status_code == 409 and "This was already done" in text(posts[1])
    assert _signed(req) == 1


def test_terminated_can_be_reached_with_the_notice_date_and_reason_and_is_audited(
        client, make_city_user, staff):  # noqa: F811
    req = approved_request(make_city_user(), staff, start_date=date.today())
    page = _to_signature(client, req, staff)
    client.submit(f"{page}/drafts/signed", _signed_form(date.today()), page=page,
                  content_type="multipart/form-data")
    agreement = db.session.scalars(select(Agreement).where(Agreement.request_id == req.id)).one()
    where = f"/agreements/{agreement.id}"
    assert "Terminate" in text(client.get(where))

    missing = client.submit(f"{where}/terminate", {"reason": ""}, page=f"{where}/terminate")
    assert missing.status_code == 400 and "Enter the reason" in text(missing)
    notice = date.today()
    done = client.submit(f"{where}/terminate", {**_date_fields("notice_on", notice),
                                                 "reason": "Council ended the program."},
                         page=f"{where}/terminate")
    assert done.status_code == 302
    db.session.expire_all()
    agreement = db.session.get(Agreement, agreement.id)
    assert agreement.terminates_on == notice + timedelta(days=NOTICE_DAYS)
    assert agreement.termination_reason == "Council ended the program."
    event = db.session.scalars(select(AgreementEvent).where(
        AgreementEvent.action == "terminated")).one()
    assert event.actor_id == staff["reviewer"].id and "Council ended the program." in event.note
    shown = text(client.get(where))
    assert re.search(r"Notice of termination given", shown)
    assert "Council ended the program." in shown
    # Notice given: no second notice, no renewal of an agreement on its way out.
    assert client.get(f"{where}/terminate").status_code == 403

    switch(client, staff["solicitor"])
    assert client.get(f"{where}/terminate").status_code == 403
