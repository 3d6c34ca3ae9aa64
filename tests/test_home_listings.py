"""Each home's SQL listing holds exactly what the policy's predicate says, on a mixed set.

The demo data holds a request in every status; on top of it come the cases the demo lacks
(requests nobody holds in several states, a second draft version, consultations answered,
withdrawn and on a closed request, another city's question). Then, for every account of
every role, each listing read from the database must equal the requests (or
consultations, or drafts) that the predicate of ``policy.inbox`` picks out of all of them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.access import is_submitting_party
from portal.agreements import roundtrip
from portal.agreements import services as agreements
from portal.assessment import services as assessment
from portal.extensions import db
from portal.home import queries
from portal.models import AgreementDraft, Consultation, EngagementRequest, User
from portal.policy.inbox import (
    assigned_and_awaiting,
    awaits_approval_as_to_form,
    awaits_consultation_answer,
    awaits_decision_of,
    awaits_submitter,
    unassigned_and_awaiting,
)
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import Role
from portal.review import services as review
from portal.seed.demo import seed
from portal.seed.reference_data import division_by_code
from tests.factories import advance, submitted_request


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _one(status: Status) -> EngagementRequest:
    return db.session.scalars(select(EngagementRequest).where(
        EngagementRequest.status == status.value).order_by(EngagementRequest.id)).first()


@pytest.fixture()
def mixed(app) -> None:
    """Seed the demo, then add the cases it lacks."""
    seed("demo password")
    db.session.commit()
    reviewer, city = _user("reviewer@demo.example"), _user("city@demo.example")
    edc, cmo = division_by_code("EDC"), division_by_code("CMO")
    # Nobody holds these: in triage, in review, approved (an agreement to draft).
    advance(submitted_request(city, title="Unheld triage"), reviewer, Action.START_TRIAGE)
    advance(submitted_request(city, title="Unheld review"), reviewer, Action.START_TRIAGE,
            Action.START_REVIEW)
    project = submitted_request(_user("division@demo.example"), title="Unheld approval",
                                anticipated_cost=Decimal("15000"))
    advance(project, reviewer, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(project, _user("head@demo.example"), Action.APPROVE)
    # A second version of the drafted agreement; another agreement with two versions.
    drafted = _one(Status.AGREEMENT_DRAFTED)
    agreements.generate_draft(drafted, reviewer)
    agreements.generate_draft(project, reviewer)
    agreements.generate_draft(project, reviewer)
    # Consultations in every state, to EDC and CMO, on open and closed requests.
    in_review = _one(Status.IN_REVIEW)
    answered = review.consult(in_review, reviewer, edc, "Any concerns?")
    review.answer_consultation(answered, _user("edc@demo.example"), "None.")
    withdrawn = review.consult(in_review, reviewer, edc, "Still needed?")
    review.withdraw_consultation(in_review, reviewer, withdrawn, "Settled by phone.")
    review.consult(_one(Status.IN_TRIAGE), reviewer, cmo, "A link with the CMO?")
    closing = submitted_request(city, title="Closing")
    advance(closing, reviewer, Action.START_TRIAGE)
    review.consult(closing, reviewer, edc, "Worth a look?")
    advance(closing, reviewer, Action.DECLINE)
    # The information requested of a city whose colleague did not file it.
    advance(submitted_request(_user("seoul@demo.example"), title="Seoul question"), reviewer,
            Action.START_TRIAGE, Action.REQUEST_INFORMATION)
    db.session.commit()


def _all_requests() -> list[EngagementRequest]:
    return list(db.session.scalars(select(EngagementRequest)))


def _users(*roles: Role) -> list[User]:
    found = list(db.session.scalars(select(User).where(
        User.role.in_([r.value for r in roles]))))
    assert found, roles
    return found


def _ids(query) -> set[int]:
    return {row.id for row in db.session.scalars(query)}


def test_the_mixed_set_holds_every_case(mixed):
    statuses = {r.status for r in _all_requests()}
    assert statuses == {s.value for s in Status}
    assert db.session.scalar(select(func.max(AgreementDraft.version))) >= 2
    assert db.session.scalar(select(func.count()).select_from(Consultation)) >= 5


def _newest_returned(req: EngagementRequest) -> bool:
    drafts = agreements.drafts_of(req)
    return bool(drafts) and drafts[0].returned_at is not None


def _reviewers_lists_agree() -> set[int]:
    requests = _all_requests()
    listed: set[int] = set()
    for user in _users(Role.CCO_REVIEWER):
        mine = {r.id for r in requests if assigned_and_awaiting(
            r.status_enum, r.assignee_id, user.id, _newest_returned(r))}
        assert _ids(queries.assigned_query(user)) == mine
        listed |= mine
    unassigned = {r.id for r in requests if unassigned_and_awaiting(
        r.status_enum, r.assignee_id, _newest_returned(r))}
    assert len(unassigned) >= 3
    assert _ids(queries.unassigned_query()) == unassigned
    return listed | unassigned


def test_the_reviewers_lists_agree_with_the_policy(mixed):
    before = _reviewers_lists_agree()
    # A draft the Solicitor returns with changes waits on the reviewer's new version; once
    # the new version is made, it waits on the Solicitor again.
    returned = _one(Status.AGREEMENT_DRAFTED)
    assert returned.id not in before
    roundtrip.return_with_changes(returned, agreements.drafts_of(returned)[0],
                                  _user("solicitor@demo.example"), "Name the parties.")
    assert _reviewers_lists_agree() == before | {returned.id}
    agreements.generate_draft(returned, _user("reviewer@demo.example"))
    assert _reviewers_lists_agree() == before


def test_the_submitters_action_needed_agrees_with_the_policy(mixed):
    requests = _all_requests()
    found_any = False
    for user in _users(Role.CITY, Role.DIVISION_STAFF):
        expected = {r.id for r in requests
                    if is_submitting_party(user, r) and awaits_submitter(r.status_enum)}
        found_any = found_any or bool(expected)
        assert _ids(queries.action_needed_query(user)) == expected, user.email
    assert found_any


def test_the_consultations_awaiting_an_answer_agree_with_the_policy(mixed):
    everything = list(db.session.scalars(select(Consultation)))
    found_any = False
    for user in _users(Role.SUPPORTING_REVIEWER, Role.DIVISION_STAFF):
        expected = {c.id for c in everything if awaits_consultation_answer(
            user.role_enum, user.division_id, c.division_id, c.answered_at is not None,
            c.withdrawn_at is not None, c.request.status_enum)}
        found_any = found_any or bool(expected)
        assert _ids(queries.consultations_query(user)) == expected, user.email
        assert queries.consultations_awaiting(user).count == len(expected)
    assert found_any


def _solicitors_drafts_agree() -> set[int]:
    drafts = list(db.session.scalars(select(AgreementDraft)))
    newest = {d.request_id: max(o.version for o in drafts if o.request_id == d.request_id)
              for d in drafts}
    approved = {d.request_id: d.version for d in drafts if d.approved_at is not None}
    expected = {d.id for d in drafts if awaits_approval_as_to_form(
        db.session.get(EngagementRequest, d.request_id).status_enum, d.version,
        newest[d.request_id], approved.get(d.request_id), d.returned_at is not None)}
    assert _ids(queries.newest_drafts()) == expected
    assert queries.drafts_awaiting_form().count == len(expected)
    return expected


def test_the_solicitors_drafts_agree_with_the_policy(mixed):
    assert len(_solicitors_drafts_agree()) == 2
    # Returned with changes, a draft awaits the reviewer's new version, not the Solicitor.
    returned = _one(Status.AGREEMENT_DRAFTED)
    roundtrip.return_with_changes(returned, agreements.drafts_of(returned)[0],
                                  _user("solicitor@demo.example"), "Name the parties.")
    assert len(_solicitors_drafts_agree()) == 1


def test_each_signing_authoritys_decisions_agree_with_the_policy(mixed):
    requests = _all_requests()
    decided: list[int] = []
    for user in _users(Role.SIGNING_AUTHORITY):
        expected = set()
        for r in requests:
            named = assessment.signatory(r).signatory
            if awaits_decision_of(r.status_enum, named, user.office,
                                  user.division.name if user.division else None,
                                  r.sponsoring_division.name if r.sponsoring_division
                                  else None, user.name):
                expected.add(r.id)
        assert {r.id for r in queries.awaiting_decision(user).entries} == expected, user.email
        decided += expected
    recommended = [r.id for r in requests if r.status_enum is Status.RECOMMENDED]
    # Every recommended request of the demo awaits one authority, and only one.
    assert sorted(decided) == sorted(recommended)
