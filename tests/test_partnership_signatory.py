"""A CCO reviewer chooses who signs a Partnership City: the Mayor or designate, or the City Manager.

The choice is a column on the request, recorded in the timeline and the audit, and it is the
office the policy's ``signing_authority`` names; the policy opens it to a CCO reviewer while
the request is assessed, for a Partnership City only, and the page says why not otherwise.
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from portal.assessment import services as assessment
from portal.extensions import db
from portal.models import AuditEntry, EngagementRequest, RequestEvent
from portal.policy.roles import Role, SigningOffice
from tests.conftest import login
from tests.factories import submitted_request


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


@pytest.fixture()
def reviewer(make_staff):
    return make_staff("reviewer@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")


def _partnership(make_city_user) -> EngagementRequest:
    return submitted_request(make_city_user(), requested_category="partnership_city",
                             term_years=5)


def test_a_reviewer_chooses_the_city_manager_and_the_timeline_says_so(
        client, make_city_user, reviewer):
    req = _partnership(make_city_user)
    assert assessment.signatory(req).signatory.office is SigningOffice.MAYORS_OFFICE
    login(client, reviewer.email)
    page = f"/review/requests/{req.id}"
    assert "Choose who signs this Partnership City" in _text(client.get(page))

    done = client.submit(f"{page}/signatory", {"office": "city_manager"}, page=page)
    assert done.status_code == 302
    db.session.expire_all()
    req = db.session.get(EngagementRequest, req.id)
    assert req.partnership_office == "city_manager"
    named = assessment.signatory(req).signatory
    assert named.office is SigningOffice.CITY_MANAGER and "chosen for this request" in named.reason
    event = db.session.scalars(select(RequestEvent).where(
        RequestEvent.request_id == req.id, RequestEvent.action == "signatory_chosen")).one()
    assert event.visible_to_submitter is False and named.name in event.note
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "signatory.chosen")).one()
    assert entry.detail["after"] == "city_manager"
    shown = _text(client.get(page))
    assert "Signatory chosen" in shown and "City Manager" in shown

    # Back to the administrator's default.
    client.submit(f"{page}/signatory", {"office": "default"}, page=page)
    db.session.expire_all()
    assert db.session.get(EngagementRequest, req.id).partnership_office is None


def test_a_forged_office_is_refused_at_the_field(client, make_city_user, reviewer):
    req = _partnership(make_city_user)
    login(client, reviewer.email)
    page = f"/review/requests/{req.id}"
    refused = client.submit(f"{page}/signatory", {"office": "division_head"}, page=page)
    assert refused.status_code == 400
    assert "Select who signs from the list" in _text(refused)
    db.session.expire_all()
    assert db.session.get(EngagementRequest, req.id).partnership_office is None


def test_the_choice_is_closed_after_the_recommendation_and_for_a_project(
        client, make_city_user, reviewer):
    project = submitted_request(make_city_user("p@porto.example", "Porto", "PT"))
    req = _partnership(make_city_user)
    login(client, reviewer.email)
    assert "Choose who signs" not in _text(client.get(f"/review/requests/{project.id}"))
    refused = client.submit(f"/review/requests/{project.id}/signatory",
                            {"office": "city_manager"}, page=f"/review/requests/{req.id}")
    assert refused.status_code == 409
    assert "only for a Partnership City" in _text(refused)

    req.status = "recommended"
    db.session.commit()
    page = _text(client.get(f"/review/requests/{req.id}"))
    assert "Choose who signs" not in page and "The signatory is settled" in page
    refused = client.submit(f"/review/requests/{req.id}/signatory",
                            {"office": "city_manager"}, page="/review/requests")
    assert refused.status_code == 409
    db.session.expire_all()
    assert db.session.get(EngagementRequest, req.id).partnership_office is None
