"""Check what awaits each person: the step each state waits on, its holder, each inbox."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.policy.categories import Category
from portal.policy.inbox import (
    AWAITING_DECISION,
    AWAITING_FORM,
    AWAITING_REVIEWER,
    AWAITING_SUBMITTER,
    INBOXES,
    Inbox,
    answerable_states,
    assigned_and_awaiting,
    awaits_approval_as_to_form,
    awaits_consultation_answer,
    awaits_decision_of,
    awaits_submitter,
    changed_terms,
    decision_outcome,
    submitter_order,
    unassigned_and_awaiting,
    waits_on_reviewer,
)
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import EXAMPLE_SIGNING_SETTINGS, signing_authority

EDC = "Economic Development and Culture"
TRN = "Transportation Services"
HEAD, DCM, CM, MAYOR = (SigningOffice.DIVISION_HEAD, SigningOffice.DEPUTY_CITY_MANAGER,
                        SigningOffice.CITY_MANAGER, SigningOffice.MAYORS_OFFICE)
SMALL_PROJECT = signing_authority(Category.INTERNATIONAL_PROJECT, Decimal("20000"), EDC,
                                  EXAMPLE_SIGNING_SETTINGS)
PARTNERSHIP = signing_authority(Category.PARTNERSHIP_CITY, None, None,
                                EXAMPLE_SIGNING_SETTINGS)


# The submitter's and the reviewers' states ------------------------------------------

def test_only_an_unanswered_question_needs_the_submitters_action():
    assert AWAITING_SUBMITTER == {Status.INFORMATION_REQUESTED}
    assert not awaits_submitter(Status.DRAFT)  # listed with the drafts instead
    assert [s for s in Status if submitter_order(s) == 0] == [Status.INFORMATION_REQUESTED]


def test_the_states_of_each_inbox():
    assert AWAITING_DECISION == {Status.RECOMMENDED}
    assert AWAITING_FORM == {Status.AGREEMENT_DRAFTED}
    assert AWAITING_REVIEWER == {Status.SUBMITTED, Status.IN_TRIAGE, Status.IN_REVIEW,
                                 Status.APPROVED, Status.APPROVED_AS_TO_FORM}
    # A consultation is answered while the request is under review, decision included.
    assert answerable_states(Role.SUPPORTING_REVIEWER) == {
        Status.SUBMITTED, Status.IN_TRIAGE, Status.INFORMATION_REQUESTED, Status.IN_REVIEW,
        Status.RECOMMENDED}
    assert answerable_states(Role.DIVISION_STAFF) == answerable_states(
        Role.SUPPORTING_REVIEWER)
    assert answerable_states(Role.CITY) == frozenset()


def test_every_role_has_a_home_and_each_inbox_a_role():
    assert set(INBOXES) == set(Role)
    assert {inbox for inboxes in INBOXES.values() for inbox in inboxes} == set(Inbox)
    assert INBOXES[Role.CCO_REVIEWER] == (Inbox.ASSIGNED_TO_ME, Inbox.UNASSIGNED)
    assert INBOXES[Role.DIVISION_STAFF][0] is Inbox.ACTION_NEEDED  # what to do first


# A signing authority's decisions ------------------------------------------------------

@pytest.mark.parametrize(("signatory", "office", "division", "status", "awaits"), [
    (SMALL_PROJECT, HEAD, EDC, Status.RECOMMENDED, True),
    (SMALL_PROJECT, HEAD, TRN, Status.RECOMMENDED, False),   # another Division Head
    (SMALL_PROJECT, MAYOR, None, Status.RECOMMENDED, False),
    (SMALL_PROJECT, DCM, None, Status.RECOMMENDED, False),   # within the Head's limit
    (SMALL_PROJECT, HEAD, EDC, Status.IN_REVIEW, False),     # not recommended yet
    (SMALL_PROJECT, HEAD, EDC, Status.APPROVED, False),      # decided already
    (PARTNERSHIP, MAYOR, None, Status.RECOMMENDED, True),
    (PARTNERSHIP, CM, None, Status.RECOMMENDED, False),
    (None, HEAD, EDC, Status.RECOMMENDED, False),            # nobody can be named
])
def test_a_request_awaits_only_the_decision_of_the_named_signatory(
        signatory, office, division, status, awaits):
    assert awaits_decision_of(status, signatory, office, division, EDC) is awaits


# The City Solicitor's drafts ----------------------------------------------------------

@pytest.mark.parametrize(("status", "version", "newest", "approved", "awaits"), [
    (Status.AGREEMENT_DRAFTED, 1, 1, None, True),
    (Status.AGREEMENT_DRAFTED, 2, 2, None, True),
    (Status.AGREEMENT_DRAFTED, 1, 2, None, False),   # an older version
    (Status.APPROVED_AS_TO_FORM, 2, 2, 2, False),   # approved already
    (Status.AGREEMENT_DRAFTED, 2, 2, 1, False),     # an approval was given (and kept)
    (Status.SIGNED, 1, 1, 1, False),
])
def test_only_the_newest_unapproved_draft_awaits_the_solicitor(status, version, newest,
                                                               approved, awaits):
    assert awaits_approval_as_to_form(status, version, newest, approved) is awaits


# Consultations ------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "mine", "consulted", "answered", "withdrawn", "status",
                          "awaits"), [
    (Role.SUPPORTING_REVIEWER, 7, 7, False, False, Status.IN_REVIEW, True),
    (Role.DIVISION_STAFF, 7, 7, False, False, Status.RECOMMENDED, True),
    (Role.SUPPORTING_REVIEWER, 7, 8, False, False, Status.IN_REVIEW, False),  # another office
    (Role.SUPPORTING_REVIEWER, None, 7, False, False, Status.IN_REVIEW, False),
    (Role.SUPPORTING_REVIEWER, 7, 7, True, False, Status.IN_REVIEW, False),   # answered
    (Role.SUPPORTING_REVIEWER, 7, 7, False, True, Status.IN_REVIEW, False),   # withdrawn
    (Role.SUPPORTING_REVIEWER, 7, 7, False, False, Status.DECLINED, False),   # closed
    (Role.CCO_REVIEWER, 7, 7, False, False, Status.IN_REVIEW, False),         # asks, not answers
])
def test_a_consultation_awaits_its_office_until_answered_withdrawn_or_closed(
        role, mine, consulted, answered, withdrawn, status, awaits):
    assert awaits_consultation_answer(role, mine, consulted, answered, withdrawn,
                                      status) is awaits


# The reviewer's lists -----------------------------------------------------------------

@pytest.mark.parametrize(("status", "assignee", "assigned", "unassigned"), [
    (Status.SUBMITTED, None, False, True),
    (Status.IN_TRIAGE, 1, True, False),
    (Status.IN_TRIAGE, 2, False, False),             # a colleague's
    (Status.IN_REVIEW, 1, True, False),
    (Status.INFORMATION_REQUESTED, 1, False, False),  # waits on the city
    (Status.INFORMATION_REQUESTED, None, False, False),
    (Status.RECOMMENDED, 1, False, False),           # waits on the signing authority
    (Status.APPROVED, 1, True, False),               # the agreement to draft
    (Status.APPROVED, None, False, True),
    (Status.AGREEMENT_DRAFTED, 1, False, False),     # waits on the Solicitor
    (Status.APPROVED_AS_TO_FORM, 1, True, False),    # the signed copy to record
    (Status.SIGNED, 1, False, False),
    (Status.DECLINED, None, False, False),
    (Status.DRAFT, None, False, False),
])
def test_the_reviewer_holds_what_waits_on_the_reviewer(status, assignee, assigned,
                                                       unassigned):
    assert assigned_and_awaiting(status, assignee, user_id=1) is assigned
    assert unassigned_and_awaiting(status, assignee) is unassigned


# What a decision does -----------------------------------------------------------------

def test_an_approval_leads_to_the_reviewers_draft_and_a_decline_ends_the_request():
    approve = decision_outcome(Status.RECOMMENDED, Action.APPROVE)
    assert approve is not None and approve.becomes is Status.APPROVED
    assert approve.then is Action.DRAFT_AGREEMENT and approve.then_by == {Role.CCO_REVIEWER}
    decline = decision_outcome(Status.RECOMMENDED, Action.DECLINE)
    assert decline is not None and decline.becomes is Status.DECLINED
    assert decline.then is None and decline.becomes.is_final
    assert decision_outcome(Status.IN_REVIEW, Action.APPROVE) is None


# What changed between two draft versions ----------------------------------------------

TERMS = {"reference": "IAP-2026-0001", "version": 1, "title": "Lights",
         "start_date": "2026-05-01", "term_years": 2, "objectives": ["Exchange designers"],
         "lead_division": None}


def test_a_first_version_has_nothing_to_compare_with():
    changes = changed_terms(None, TERMS)
    assert changes.first_version and changes.changed is None


def test_the_changed_terms_are_named_in_term_order_and_the_version_is_not_one():
    newest = {**TERMS, "version": 2, "term_years": 3, "title": "Festival of lights",
              "objectives": ["Exchange designers", "Tour"], "lead_division": "EDC"}
    changes = changed_terms(TERMS, newest)
    assert not changes.first_version
    assert changes.changed == ("Term", "Title", "Objectives", "Lead division")


def test_a_version_generated_again_unchanged_changes_nothing():
    assert changed_terms(TERMS, {**TERMS, "version": 2}).changed == ()


def test_a_term_the_labels_do_not_know_is_still_named():
    changes = changed_terms(TERMS, {**TERMS, "version": 2, "language": "fr"})
    assert changes.changed == ("Language",)


@pytest.mark.parametrize("status", list(Status))
def test_a_returned_draft_waits_on_the_reviewer_and_nothing_else_changes(status) -> None:
    # Returned with changes, a drafted agreement waits on the reviewer's new version; in
    # every other state a return means nothing and the status alone decides.
    assert waits_on_reviewer(status) is (status in AWAITING_REVIEWER)
    assert waits_on_reviewer(status, draft_returned=True) is (
        status in AWAITING_REVIEWER or status is Status.AGREEMENT_DRAFTED)


def test_every_term_of_a_draft_has_a_name_the_solicitor_reads():
    from dataclasses import fields

    from docgen.terms import AgreementTerms
    from portal.policy.inbox import TERM_LABELS, UNCOMPARED

    unnamed = [f.name for f in fields(AgreementTerms)
               if f.name not in TERM_LABELS and f.name not in UNCOMPARED]
    assert unnamed == []
