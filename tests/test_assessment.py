"""Staff see each request assessed by the policy; reviewers and administrators adjust it."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.assessment import services as assessment
from portal.extensions import db
from portal.models import AuditEntry, CriterionScoreRecord, RubricVersion
from portal.policy.lifecycle import Action
from portal.policy.roles import Role, SigningOffice
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import advance, complete_request, sign, submitted_request


@pytest.fixture()
def reviewer(make_staff):
    return make_staff("reviewer@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")


@pytest.fixture()
def admin(make_staff):
    return make_staff("admin@toronto.example", Role.ADMIN, "CCO", name="Avery Admin")


def _text(response):
    """Return the page as a reader sees its text: entities decoded, spacing folded."""
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def test_a_submitted_request_is_scored_and_staff_see_why(client, make_city_user, reviewer):
    req = submitted_request(make_city_user())
    current = assessment.current_assessment(req)
    assert current is not None and current.rubric_version.version == 1
    assert 0 <= current.total_percent <= 100
    assert len(current.scores) == 7

    login(client, reviewer.email)
    page = _text(client.get(f"/review/requests/{req.id}"))
    assert "Risk flags" in page and "Eligibility" in page
    assert page.index("Risk flags") < page.index("Eligibility") < page.index("Score against")
    assert ("1 of 1 outcomes with an indicator and a target: “Most outcomes have an indicator "
            "and a target.” → 3 of 4") in page
    assert f"{round(current.total_percent, 1)}%" in page
    assert "Rubric version 1" in page


def test_the_submitter_never_sees_the_scores(client, make_city_user):
    user = make_city_user()
    req = submitted_request(user)
    login(client, user.email)
    page = _text(client.get(f"/requests/{req.id}"))
    assert "Score against" not in page and "Rubric version" not in page
    assert client.get(f"/review/requests/{req.id}").status_code == 403


def test_a_reviewer_changes_a_score_only_with_a_justification(client, make_city_user, reviewer):
    req = submitted_request(make_city_user())
    before = assessment.current_assessment(req).total_percent
    login(client, reviewer.email)
    url = f"/review/requests/{req.id}/scores/track_record"
    refused = client.submit(url, {"track_record-score": "4", "track_record-justification": ""},
                            page=f"/review/requests/{req.id}")
    assert refused.status_code == 400
    assert "a justification is required" in _text(refused)

    saved = client.submit(url, {"track_record-score": "4",
                                "track_record-justification": "Twinned schools since 2010."},
                          page=f"/review/requests/{req.id}")
    assert saved.status_code == 302
    record = db.session.scalars(select(CriterionScoreRecord).where(
        CriterionScoreRecord.criterion_key == "track_record")).one()
    assert record.proposed == 0 and record.reviewer_score == 4
    assert record.justification == "Twinned schools since 2010."
    assert assessment.current_assessment(req).total_percent > before
    page = _text(client.get(f"/review/requests/{req.id}"))
    assert "Twinned schools since 2010." in page and "0 / 4" in page and "4 / 4" in page
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "score.changed")
                               ).one()
    assert audit.actor_id == reviewer.id and audit.detail["after"] == 4


def test_only_a_cco_reviewer_may_change_a_score(client, make_city_user, make_staff):
    req = submitted_request(make_city_user())
    make_staff("mayor@toronto.example", Role.SIGNING_AUTHORITY,
               office=SigningOffice.MAYORS_OFFICE)
    login(client, "mayor@toronto.example")
    page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    assert "Change score" not in page
    response = client.submit(f"/review/requests/{req.id}/scores/alignment",
                             {"alignment-score": "4", "alignment-justification": "x"},
                             page=f"/review/requests/{req.id}")
    assert response.status_code == 403


def test_a_justification_is_required_by_the_database_too(app, make_city_user):
    req = submitted_request(make_city_user())
    record = assessment.current_assessment(req).scores[0]
    record.reviewer_score = 3
    record.justification = ""
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_an_administrator_saves_a_new_rubric_version_and_old_scores_keep_theirs(
        client, make_city_user, reviewer, admin):
    req = submitted_request(make_city_user())
    login(client, admin.email)
    form = client.get("/admin/settings/rubric/edit").get_data(as_text=True)
    assert "Save as version 2" in form and "Saving creates version 2." in form
    fields = dict(re.findall(r'name="(criteria-[^"]+)"[^>]*value="([^"]*)"', form))
    fields.update({"recommend_at": "75", "consider_at": "50", "note": "Raise the bar."})
    fields["criteria-6-weight_partnership"] = "30"
    saved = client.submit("/admin/settings/rubric/edit", fields)
    assert saved.status_code == 302, _text(saved)[:2000]
    assert "Save as version 3" in client.get("/admin/settings/rubric/edit").get_data(as_text=True)
    newest = db.session.scalars(select(RubricVersion).order_by(RubricVersion.version.desc())
                                ).first()
    assert newest.version == 2 and newest.data["bands"]["recommend_at"] == 75
    assert assessment.current_assessment(req).rubric_version.version == 1

    client.submit("/logout", page="/admin/users")
    login(client, reviewer.email)
    page = _text(client.get(f"/review/requests/{req.id}"))
    assert "Score again under version 2" in page
    client.submit(f"/review/requests/{req.id}/rescore", page=f"/review/requests/{req.id}")
    assert assessment.current_assessment(req).rubric_version.version == 2


@pytest.mark.parametrize(("change", "message"), [
    ({"criteria-0-weight_project": "0"}, "the project weight must be positive"),
    ({"criteria-2-weight_partnership": "-5"}, "the partnership weight must be positive"),
    ({"recommend_at": "40", "consider_at": "60"}, "The bands overlap"),
    ({"criteria-1-descriptors-3": ""}, "Describe what this score means"),
    ({"recommend_at": "140"}, "must be between 0 and 100"),
])
def test_a_rubric_that_breaks_the_rules_is_refused_naming_the_problem(
        client, admin, change, message):
    login(client, admin.email)
    form = client.get("/admin/settings/rubric/edit").get_data(as_text=True)
    fields = dict(re.findall(r'name="(criteria-[^"]+)"[^>]*value="([^"]*)"', form))
    fields.update({"recommend_at": "70", "consider_at": "50", "note": "Try."})
    fields.update(change)
    refused = client.submit("/admin/settings/rubric/edit", fields)
    assert refused.status_code == 400
    assert message in _text(refused)
    assert db.session.scalar(select(RubricVersion.version).order_by(
        RubricVersion.version.desc())) == 1


def test_signatories_follow_the_settings_and_limits_in_order(client, make_staff, admin):
    division = make_staff("d@toronto.example", Role.DIVISION_STAFF, "EDC")
    division_by_code("EDC").head_name = "Harper Head"
    db.session.commit()
    small = submitted_request(division, anticipated_cost=Decimal("40000"))
    big = submitted_request(division, anticipated_cost=Decimal("900000"))
    assert assessment.signatory(small).signatory.name == "Harper Head"
    assert assessment.signatory(big).signatory.office is SigningOffice.CITY_MANAGER

    login(client, admin.email)
    refused = client.submit("/admin/settings/signatories", {
        "mayor_name": "Olivia Chow", "city_manager_name": "Paul Johnson",
        "deputy_city_manager_name": "Jag Sharma", "division_head_limit": "500000",
        "deputy_limit": "100000"})
    assert refused.status_code == 400
    assert "The Deputy City Manager's limit must be above the Division Head's" in _text(refused)
    saved = client.submit("/admin/settings/signatories", {
        "mayor_name": "Olivia Chow", "city_manager_name": "Paul Johnson",
        "deputy_city_manager_name": "Jag Sharma", "division_head_limit": "1000000",
        "deputy_limit": "5000000"})
    assert saved.status_code == 302
    assert assessment.signatory(big).signatory.name == "Harper Head"
    audit = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "settings.changed")).one()
    assert audit.detail["after"]["division_head_limit"] == "1000000"


def test_risk_flags_show_consultation_overlap_and_concerns(client, make_city_user, reviewer,
                                                           make_staff):
    moscow = submitted_request(make_city_user("rep@moscow.example", "Moscow", "RU"))
    notes = assessment.risks(moscow)
    assert [n.flag.value for n in notes] == ["federal_consultation"]

    lyon_user = make_city_user()
    signed = submitted_request(lyon_user)
    signed.sponsoring_division = division_by_code("EDC")
    division_by_code("EDC").head_name = "Harper Head"
    solicitor = make_staff("sol@toronto.example", Role.SOLICITOR, "LGL")
    head = make_staff("h@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                      office=SigningOffice.DIVISION_HEAD)
    advance(signed, reviewer, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(signed, head, Action.APPROVE)
    sign(signed, reviewer, solicitor)
    again = complete_request(lyon_user)
    assert "overlap" in [n.flag.value for n in assessment.risks(again)]
    gates = {g.gate.value: g for g in assessment.eligibility(again)}
    assert gates["no_duplicate"].outcome.value == "failed"

    login(client, reviewer.email)
    client.submit(f"/review/requests/{moscow.id}/concern", {"concern": "Press coverage."},
                  page=f"/review/requests/{moscow.id}")
    page = _text(client.get(f"/review/requests/{moscow.id}"))
    assert "Raised by a reviewer: Press coverage." in page
    assert "Consult the federal government" in page


def test_a_failed_gate_stops_submission_and_says_why(client, make_staff):
    staff = make_staff("d@toronto.example", Role.DIVISION_STAFF, "EDC")
    req = complete_request(staff, interest_confirmed=False, interest_evidence="",
                           letter=False)
    db.session.commit()
    login(client, staff.email)
    page = _text(client.get(f"/requests/{req.id}/check"))
    assert "Before you can submit" in page
    assert "Complete the section" not in page
    refused = client.submit(f"/requests/{req.id}/check", {"confirm": "y"})
    assert refused.status_code == 400
    assert db.session.get(type(req), req.id).status == "draft"


def test_a_first_partnership_without_track_record_is_suggested_a_project(
        client, make_city_user):
    user = make_city_user()
    req = complete_request(user, requested_category="partnership_city", term_years=5)
    db.session.commit()
    login(client, user.email)
    page = _text(client.get(f"/requests/{req.id}/check"))
    assert "A suggestion about the kind of agreement" in page
    assert "International Project" in page
