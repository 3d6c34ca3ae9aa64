"""Check the request lifecycle's guards: every transition x role x condition, with the sentence.

Written from the design (DESIGN.md, "Lifecycle of a request"), not from lifecycle.GUARDS: each
row is a case a reviewer meets and what the page must say.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from portal.policy.answers import Origin
from portal.policy.counterparts import GovernmentKind
from portal.policy.lifecycle import (
    Action,
    RequestFacts,
    Status,
    information_reminder_due,
    refusals,
    why_not,
)
from portal.policy.review import why_not_settle_category, why_not_withdraw_consultation
from portal.policy.roles import Role
from portal.policy.submission import (
    is_refused_counterpart,
    requires_letter_of_intent,
    why_not_submit_unconfirmed,
)

CLEAR = RequestFacts()

# (name, the facts that differ from a clear request, the words the refusal must hold or None)
RECOMMEND_CASES = [
    ("clear", {}, None),
    ("category not sure", {"category_settled": False}, "Settle the category first"),
    ("project without sponsor", {"is_project": True, "has_sponsor": False},
     "Set the sponsoring division first"),
    ("partnership needs no sponsor", {"is_project": False, "has_sponsor": False}, None),
    ("signatory not named", {"signatory_named": False,
                             "signatory_unknown_reason": "The cost is unknown."},
     "The signing authority cannot be named yet: The cost is unknown."),
    ("signatory without account", {"signatory_has_account": False,
                                   "signatory_title": "Mayor"},
     "Mayor has no active account in the portal"),
    ("one open consultation", {"open_consultations": 1},
     "1 consultation is still unanswered: wait for the answer or withdraw it, with a reason."),
    ("two open consultations", {"open_consultations": 2},
     "2 consultations are still unanswered"),
    ("federal flag, nothing recorded", {"federal_flag_raised": True},
     "record that consultation first"),
    ("federal flag, recorded", {"federal_flag_raised": True,
                                "federal_consultation_recorded": True}, None),
    ("recorded without a flag", {"federal_consultation_recorded": True}, None),
]


@pytest.mark.parametrize(("name", "facts", "words"), RECOMMEND_CASES,
                         ids=[c[0] for c in RECOMMEND_CASES])
def test_a_reviewer_recommends_only_when_every_condition_holds(name, facts, words) -> None:
    answer = why_not(Status.IN_REVIEW, Action.RECOMMEND, Role.CCO_REVIEWER,
                     replace(CLEAR, **facts))
    if words is None:
        assert answer is None
    else:
        assert answer is not None and words in answer


def test_every_missing_condition_is_said_at_once() -> None:
    facts = replace(CLEAR, category_settled=False, open_consultations=1,
                    federal_flag_raised=True)
    found = refusals(Status.IN_REVIEW, Action.RECOMMEND, Role.CCO_REVIEWER, facts)
    assert len(found) == 3


def test_a_missing_category_is_not_said_twice_as_a_missing_signatory() -> None:
    facts = replace(CLEAR, category_settled=False, signatory_named=False)
    assert len(refusals(Status.IN_REVIEW, Action.RECOMMEND, Role.CCO_REVIEWER, facts)) == 1


# (state, action, role, may?) beyond the guards: the state and role come first.
STATE_ROLE_CASES = [
    (Status.IN_REVIEW, Action.RECOMMEND, Role.CCO_REVIEWER, True),
    (Status.IN_REVIEW, Action.RECOMMEND, Role.SIGNING_AUTHORITY, False),
    (Status.IN_REVIEW, Action.RECOMMEND, Role.SUPPORTING_REVIEWER, False),
    (Status.IN_TRIAGE, Action.RECOMMEND, Role.CCO_REVIEWER, False),
    (Status.INFORMATION_REQUESTED, Action.RECOMMEND, Role.CCO_REVIEWER, False),
    (Status.INFORMATION_REQUESTED, Action.RESUME_REVIEW, Role.CCO_REVIEWER, True),
    (Status.INFORMATION_REQUESTED, Action.RESUME_REVIEW, Role.CITY, False),
    (Status.INFORMATION_REQUESTED, Action.DECLINE, Role.CCO_REVIEWER, True),
    (Status.INFORMATION_REQUESTED, Action.DECLINE, Role.SIGNING_AUTHORITY, False),
    (Status.IN_REVIEW, Action.RESUME_REVIEW, Role.CCO_REVIEWER, False),
    (Status.RECOMMENDED, Action.APPROVE, Role.SIGNING_AUTHORITY, True),
    (Status.RECOMMENDED, Action.APPROVE, Role.CCO_REVIEWER, False),
]


@pytest.mark.parametrize(("source", "action", "role", "allowed"), STATE_ROLE_CASES)
def test_the_state_and_the_role_come_before_the_conditions(source, action, role,
                                                           allowed) -> None:
    answer = why_not(source, action, role, CLEAR)
    assert (answer is None) is allowed
    if not allowed:
        assert answer and answer.endswith(".") and source.label.lower() in answer


def test_a_closed_state_is_said_even_when_every_condition_fails() -> None:
    facts = replace(CLEAR, category_settled=False)
    answer = why_not(Status.DECLINED, Action.RECOMMEND, Role.CCO_REVIEWER, facts)
    assert answer == "A request that is declined cannot be recommended."


@pytest.mark.parametrize(("settled", "refusal"), [
    (False, None),
    (True, "The category is already settled: ask the submitter if it should change."),
])
def test_a_reviewer_settles_only_a_category_left_not_sure(settled, refusal) -> None:
    assert why_not_settle_category(settled) == refusal


@pytest.mark.parametrize(("is_open", "reason", "refusal"), [
    (True, "Settled by phone.", None),
    (True, "   ", "Give the reason for withdrawing the consultation."),
    (False, "Settled by phone.", "This consultation is already answered or withdrawn."),
])
def test_a_consultation_is_withdrawn_only_while_open_and_with_a_reason(is_open, reason,
                                                                       refusal) -> None:
    assert why_not_withdraw_consultation(is_open=is_open, reason=reason) == refusal


@pytest.mark.parametrize(("status", "waited", "reminded", "due"), [
    (Status.INFORMATION_REQUESTED, 10, False, True),
    (Status.INFORMATION_REQUESTED, 9, False, False),
    (Status.INFORMATION_REQUESTED, 30, True, False),   # once per question
    (Status.IN_REVIEW, 30, False, False),              # answered: nothing to remind
])
def test_a_city_is_reminded_once_after_ten_working_days(status, waited, reminded,
                                                        due) -> None:
    assert information_reminder_due(status, waited, already_reminded=reminded) is due


def test_the_reminder_follows_the_days_set() -> None:
    assert information_reminder_due(Status.INFORMATION_REQUESTED, 3, already_reminded=False,
                                    after=3)


@pytest.mark.parametrize(("kind", "refused"), [
    (None, False), (GovernmentKind.CITY, False), *(
        (k, not k.is_local_government) for k in GovernmentKind)])
def test_only_a_local_government_may_be_a_counterpart(kind, refused) -> None:
    assert is_refused_counterpart(kind) is refused


@pytest.mark.parametrize(("origin", "required"), [(Origin.CITY, True), ("city", True),
                                                  (Origin.DIVISION, False)])
def test_a_letter_of_intent_is_required_of_a_city_only(origin, required) -> None:
    assert requires_letter_of_intent(origin) is required


@pytest.mark.parametrize(("role", "confirmed", "refused"), [
    (Role.CITY, False, True), (Role.CITY, True, False),
    (Role.DIVISION_STAFF, False, False), (Role.CCO_REVIEWER, False, False)])
def test_a_city_confirms_its_email_before_submitting(role, confirmed, refused) -> None:
    answer = why_not_submit_unconfirmed(role, email_confirmed=confirmed)
    assert (answer == "Confirm your email address: use the link we sent you") is refused
