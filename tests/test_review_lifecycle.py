"""The request lifecycle's guards as a reviewer and a signatory meet them (issue #12).

Each test is named after a defect seen on main: it failed there and passes now.
"""
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from click.testing import Result

from portal.extensions import db
from portal.models import Consultation, RequestEvent, User
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import submitted_request

# The ``people`` fixture is shared with test_review.py; pytest injects it by name, which ruff
# reads as a redefinition.
from tests.test_review import act, outbox, people, refresh, switch, text  # noqa: F401

EDC = "EDC"


def _in_review(client, people, req) -> None:
    login(client, people["reviewer"].email)
    act(client, req.id, "start-triage")
    act(client, req.id, "start-review")


def _recommend(client, req, reasons: str = "Sound proposal."):
    page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    version = re.search(r'name="[a-z-]+-version" value="(\d+)"', page).group(1)
    return client.submit(f"/review/requests/{req.id}/act/recommend",
                         {"recommend-version": version, "recommend-text": reasons},
                         page=f"/review/requests/{req.id}")


def test_a_federal_consultation_request_is_not_recommended_until_the_consultation_is_recorded(
        client, people, make_city_user):
    moscow = submitted_request(make_city_user("rep@moscow.example", "Moscow", "RU"),
                               anticipated_cost=Decimal("20000"))
    _in_review(client, people, moscow)
    act(client, moscow.id, "set-sponsor", {"division": str(division_by_code(EDC).id)})
    page = client.get(f"/review/requests/{moscow.id}").get_data(as_text=True)
    # The flag stands before any action, and the recommendation says what it waits for.
    assert page.index('id="risks-title"') < page.index('id="actions-title"')
    assert 'name="recommend-version"' not in page
    assert "record that consultation first" in text(client.get(f"/review/requests/{moscow.id}"))
    forced = _recommend(client, moscow)
    assert forced.status_code == 409 and refresh(moscow).status == "in_review"
    assert "consultation with the federal government" in text(forced)

    # A provincial consultation is not the federal one.
    act(client, moscow.id, "record-consultation", {"level": "provincial", "text": "Ontario."})
    assert 'name="recommend-version"' not in client.get(
        f"/review/requests/{moscow.id}").get_data(as_text=True)
    act(client, moscow.id, "record-consultation",
        {"level": "federal", "text": "Global Affairs Canada raised no objection."})
    assert act(client, moscow.id, "recommend", {"text": "Consulted; sound."}).status_code == 302
    assert refresh(moscow).status == "recommended"


def test_a_not_sure_category_is_settled_by_the_reviewer_before_it_is_recommended(
        client, people):
    req = submitted_request(people["city"], requested_category="not_sure",
                            anticipated_cost=Decimal("20000"))
    _in_review(client, people, req)
    page = text(client.get(f"/review/requests/{req.id}"))
    assert "Settle the category first" in page
    assert _recommend(client, req).status_code == 409
    assert refresh(req).status == "in_review"

    refused = act(client, req.id, "settle-category", {"category": "nonsense"})
    assert refused.status_code == 400 and "Select a category from the list" in text(refused)
    act(client, req.id, "settle-category", {"category": "international_project"})
    assert refresh(req).requested_category == "international_project"
    page = text(client.get(f"/review/requests/{req.id}"))
    assert "Set the sponsoring division first" in page
    assert "Settle the category" not in page  # nothing left to settle
    act(client, req.id, "set-sponsor", {"division": str(division_by_code(EDC).id)})
    assert act(client, req.id, "recommend", {"text": "Sound."}).status_code == 302

    switch(client, people["head"])
    assert act(client, req.id, "approve").status_code == 302
    assert refresh(req).status == "approved"


def test_a_city_that_never_answers_is_resumed_or_declined_by_the_reviewer(client, people):
    req = submitted_request(people["city"])
    _in_review(client, people, req)
    act(client, req.id, "request-information", {"text": "Which schools take part?"})
    page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    assert 'name="decline-version"' in page and 'name="resume-review-version"' in page

    empty = act(client, req.id, "resume-review", {"text": ""})
    assert empty.status_code == 400 and "Say why the review resumes" in text(empty)
    assert act(client, req.id, "resume-review",
               {"text": "No answer in a month: we review what we have."}).status_code == 302
    assert refresh(req).status == "in_review"
    assert "we review what we have" in outbox("message")[-1].body

    act(client, req.id, "request-information", {"text": "And the budget?"})
    assert act(client, req.id, "decline", {"text": "No answer, no budget."}).status_code == 302
    assert refresh(req).status == "declined"
    assert "No answer, no budget." in outbox("decision")[-1].body


def test_a_city_that_never_answers_is_reminded_once_after_the_working_days_set(
        client, people, runner, app):
    req = submitted_request(people["city"])
    _in_review(client, people, req)
    act(client, req.id, "request-information", {"text": "Which schools take part?"})
    asked = refresh(req).status_changed_at.date()
    app.config["INFORMATION_REMINDER_WORKING_DAYS"] = 3
    early: Result = runner.invoke(args=["requests", "remind", "--today",
                                        str(asked + timedelta(days=1))])
    assert early.exit_code == 0 and outbox("information_reminder") == []
    # Two weeks: three working days whatever holidays fall in them (Christmas week too).
    late = (asked + timedelta(days=14)).isoformat()
    first = runner.invoke(args=["requests", "remind", "--today", late])
    assert first.exit_code == 0, first.output
    assert req.reference in first.output
    again = runner.invoke(args=["requests", "remind", "--today", late])
    assert again.exit_code == 0
    reminders = outbox("information_reminder")
    assert len(reminders) == 1 and reminders[0].to_address == people["city"].email


def test_an_unanswered_consultation_holds_the_recommendation_until_answered_or_withdrawn(
        client, people):
    req = submitted_request(people["city"], anticipated_cost=Decimal("20000"))
    _in_review(client, people, req)
    act(client, req.id, "set-sponsor", {"division": str(division_by_code(EDC).id)})
    act(client, req.id, "consult", {"division": str(division_by_code(EDC).id),
                                    "text": "Does this fit the plan?"})
    page = text(client.get(f"/review/requests/{req.id}"))
    assert "1 consultation is still unanswered" in page
    assert _recommend(client, req).status_code == 409

    no_reason = act(client, req.id, "withdraw-consultation",
                    {"consultation": "", "text": ""})
    assert no_reason.status_code == 400
    consultation = db.session.scalars(db.select(Consultation)).one()
    act(client, req.id, "withdraw-consultation",
        {"consultation": str(consultation.id), "text": "Settled by phone with EDC."})
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).withdrawn_reason == (
        "Settled by phone with EDC.")
    assert act(client, req.id, "recommend", {"text": "Sound."}).status_code == 302

    switch(client, people["edc"])
    shared = text(client.get("/review/shared"))
    assert "Awaiting your answer" not in shared and "Settled by phone with EDC." in shared


def test_the_approvers_note_stays_internal_unless_marked_for_the_city(client, people):
    req = submitted_request(people["city"], anticipated_cost=Decimal("20000"))
    _in_review(client, people, req)
    act(client, req.id, "set-sponsor", {"division": str(division_by_code(EDC).id)})
    act(client, req.id, "recommend", {"text": "Sound."})
    switch(client, people["head"])
    form = text(client.get(f"/review/requests/{req.id}/decide/approve"))
    assert "The city will see this" in form and "Internal unless you choose" in form
    unmarked = act(client, req.id, "approve", {"text": "Budget thin; watch it."})
    assert unmarked.status_code == 400
    assert "Choose whether the note is internal" in text(unmarked)
    assert "Budget thin; watch it." in unmarked.get_data(as_text=True)  # kept as typed
    assert act(client, req.id, "approve", {"text": "Budget thin; watch it.",
                                           "audience": "internal"}).status_code == 302
    event = db.session.scalars(db.select(RequestEvent).where(
        RequestEvent.action == "approve")).one()
    assert event.visible_to_submitter is False
    assert "Budget thin" not in outbox("decision")[-1].body
    switch(client, people["city"])
    assert "Budget thin" not in text(client.get(f"/requests/{req.id}"))


def test_recommending_is_refused_while_the_named_signatory_has_no_account(client, people):
    head: User = people["head"]
    head.active = False
    db.session.commit()
    req = submitted_request(people["city"], anticipated_cost=Decimal("20000"))
    _in_review(client, people, req)
    act(client, req.id, "set-sponsor", {"division": str(division_by_code(EDC).id)})
    page = text(client.get(f"/review/requests/{req.id}"))
    assert "has no active account in the portal" in page
    assert _recommend(client, req).status_code == 409
    assert refresh(req).status == "in_review"
    head = db.session.get(User, head.id)
    head.active = True
    db.session.commit()
    assert act(client, req.id, "recommend", {"text": "Sound."}).status_code == 302
