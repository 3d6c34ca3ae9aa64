"""Scores and concerns carry the request's version and close at the CCO's decision (issue #12).

Two reviewers working from two tabs: the second is told what the first saved, sees what they
typed again, and nothing is overwritten. Once a request is recommended or declined, its
scores and concerns stay as they were when the decision was made.
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from portal.assessment import services as assessment
from portal.extensions import db
from portal.models import CriterionScoreRecord, EngagementRequest
from portal.policy.lifecycle import Action
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import advance, submitted_request


@pytest.fixture()
def reviewers(make_staff):
    return (make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer"),
            make_staff("omar@toronto.example", Role.CCO_REVIEWER, "CCO", name="Omar Other"))


def _text(response):
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def _version_on_page(client, req_id: int, field: str) -> str:
    page = client.get(f"/review/requests/{req_id}").get_data(as_text=True)
    found = re.search(rf'name="{re.escape(field)}"[^>]*value="(\d+)"', page) or re.search(
        rf'value="(\d+)"[^>]*name="{re.escape(field)}"', page)
    assert found, f"{field} not on the page"
    return found.group(1)


def _record(key: str) -> CriterionScoreRecord:
    return db.session.scalars(select(CriterionScoreRecord).where(
        CriterionScoreRecord.criterion_key == key, CriterionScoreRecord.reviewer_score.is_not(None)
    )).one()


def test_two_reviewers_setting_a_score_from_two_tabs_do_not_overwrite(
        client, make_city_user, reviewers):
    rosa, omar = reviewers
    req = submitted_request(make_city_user())
    url = f"/review/requests/{req.id}/scores/track_record"
    login(client, rosa.email)
    rosa_tab = _version_on_page(client, req.id, "track_record-version")
    omar_tab = rosa_tab  # Omar opened the same page at the same time
    saved = client.submit(url, {"track_record-score": "3", "track_record-version": rosa_tab,
                                "track_record-justification": "Twinned schools since 2010."},
                          page=f"/review/requests/{req.id}")
    assert saved.status_code == 302

    login(client, omar.email)
    late = client.submit(url, {"track_record-score": "1", "track_record-version": omar_tab,
                               "track_record-justification": "No joint work I can find."},
                         page=f"/review/requests/{req.id}")
    assert late.status_code == 409
    page = _text(late)
    # What changed, and what Omar typed, are both on the page; Rosa's score stands.
    assert "Rosa Reviewer changed this score to 3 of 4" in page
    assert "Twinned schools since 2010." in page
    assert "No joint work I can find." in page
    db.session.expire_all()
    record = _record("track_record")
    assert (record.reviewer_score, record.reviewed_by_id) == (3, rosa.id)

    # Having read it, Omar may save again deliberately: the re-shown form carries the new
    # version.
    again = _version_on_page(client, req.id, "track_record-version")
    assert again != omar_tab
    resent = client.submit(url, {"track_record-score": "1", "track_record-version": again,
                                 "track_record-justification": "No joint work I can find."},
                           page=f"/review/requests/{req.id}")
    assert resent.status_code == 302


def test_two_reviewers_setting_a_concern_from_two_tabs_do_not_overwrite(
        client, make_city_user, reviewers):
    rosa, omar = reviewers
    req = submitted_request(make_city_user())
    url = f"/review/requests/{req.id}/concern"
    login(client, rosa.email)
    tab = _version_on_page(client, req.id, "version")
    assert client.submit(url, {"concern": "Mayor's statements on the press.", "version": tab},
                         page=f"/review/requests/{req.id}").status_code == 302
    login(client, omar.email)
    late = client.submit(url, {"concern": "", "version": tab}, page=f"/review/requests/{req.id}")
    assert late.status_code == 409
    assert "The concern recorded now reads: “Mayor's statements on the press.”" in _text(late)
    db.session.expire_all()
    assert db.session.get(EngagementRequest, req.id).reputational_concern == (
        "Mayor's statements on the press.")


def test_a_score_changed_elsewhere_makes_a_concern_page_stale_too(
        client, make_city_user, reviewers):
    """A score moves the request's version on: every page drawn before it is stale."""
    rosa, _ = reviewers
    req = submitted_request(make_city_user())
    before = req.version
    assessment.change_score(req, rosa, "alignment", 2, "Named in the plan.")
    db.session.commit()
    assert req.version > before


@pytest.mark.parametrize("decision", [Action.RECOMMEND, Action.DECLINE])
def test_scores_and_concerns_can_not_be_changed_after_a_decision(
        client, make_city_user, reviewers, decision):
    rosa, _ = reviewers
    req = submitted_request(make_city_user())
    advance(req, rosa, Action.START_TRIAGE, Action.START_REVIEW, decision)
    login(client, rosa.email)
    page = _text(client.get(f"/review/requests/{req.id}"))
    assert "Change score" not in page and "Save concern" not in page
    assert "The scores are closed" in page
    score = client.submit(f"/review/requests/{req.id}/scores/alignment",
                          {"alignment-score": "4", "alignment-justification": "Late change."},
                          page=f"/review/requests/{req.id}")
    assert score.status_code == 409 and "The scores are closed" in _text(score)
    concern = client.submit(f"/review/requests/{req.id}/concern", {"concern": "Late."},
                            page=f"/review/requests/{req.id}")
    assert concern.status_code == 409 and "The concerns are closed" in _text(concern)
    rescore = client.submit(f"/review/requests/{req.id}/rescore", {},
                            page=f"/review/requests/{req.id}")
    assert rescore.status_code == 409
    db.session.expire_all()
    assert db.session.scalars(select(CriterionScoreRecord).where(
        CriterionScoreRecord.reviewer_score.is_not(None))).first() is None
    assert db.session.get(EngagementRequest, req.id).reputational_concern == ""
