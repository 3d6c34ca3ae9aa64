"""The lifecycle's labels and refusals are phrases the French catalogue translates.

Each sentence a person reads (a status, a role, an agreement's state, a refusal of a
transition, a draft, an assignment or an account) is a ``Phrase`` whose msgid, and the
msgid of every phrase inside it, has a French translation: none reaches a French page in
English.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from portal.policy import (
    accounts,
    agreement_states,
    agreements,
    drafts,
    lifecycle,
    proposals,
    refusals,
    review,
    submission,
    templates,
    timeline,
)
from portal.policy.agreement_states import AgreementAction, AgreementState
from portal.policy.categories import Category
from portal.policy.lifecycle import Action, RequestFacts, Status
from portal.policy.review import ReviewAction
from portal.policy.roles import Role, SigningOffice

from .catalogue import untranslated


def labels() -> list[object]:
    return [*(s.label for s in Status), *(s.in_sentence for s in Status),
            *(r.label for r in Role), *(o.label for o in SigningOffice),
            *(s.label for s in AgreementState), *(r.label for r in agreements.Recommendation),
            *(e.label for e in agreements.AgreementEventKind),
            *(e.label for e in timeline.TimelineEvent)]


def lifecycle_refusals() -> list[object]:
    found: list[object] = []
    for source, action, role in itertools.product(Status, Action, Role):
        found += lifecycle.refusals(source, action, role, RequestFacts())
        found.append(lifecycle.not_now(source, action))
    every_fact_fails = RequestFacts(category_settled=False, open_consultations=2,
                                    federal_flag_raised=True)
    found += [lifecycle.why_not(Status.IN_REVIEW, Action.RECOMMEND, Role.CCO_REVIEWER, facts)
              for facts in (every_fact_fails, replace(every_fact_fails, open_consultations=1),
                            RequestFacts(is_project=True, has_sponsor=False),
                            RequestFacts(signatory_named=False),
                            RequestFacts(signatory_named=False,
                                         signatory_unknown_reason="no budget is given"),
                            RequestFacts(signatory_has_account=False),
                            RequestFacts(signatory_has_account=False,
                                         signatory_title="Division Head, EDC"))]
    return found


def draft_refusals() -> list[object]:
    kinds = [drafts.EditedFile(".docx", 0, "docx", False),
             drafts.EditedFile(".docx", 20_000_000, "docx", False),
             drafts.EditedFile(".docm", 10, "docx", True),
             drafts.EditedFile(".txt", 10, "other", False)]
    return [drafts.drafting_refusal(Role.CITY, Status.APPROVED),
            drafts.drafting_refusal(Role.CCO_REVIEWER, Status.IN_REVIEW),
            drafts.generation_refusal(1, 2),
            drafts.approval_refusal(2, 2, 1), drafts.approval_refusal(1, 2, None),
            drafts.approval_refusal(2, 2, None, returned=True),
            drafts.return_refusal(2, 2, 1, False), drafts.return_refusal(1, 2, None, False),
            drafts.return_refusal(2, 2, None, True),
            drafts.upload_refusal(Role.CITY, Status.AGREEMENT_DRAFTED, 1, None),
            drafts.upload_refusal(Role.SOLICITOR, Status.APPROVED, 0, None),
            drafts.upload_refusal(Role.SOLICITOR, Status.AGREEMENT_DRAFTED, 2, 1),
            *(drafts.edited_file_refusal(kind, 10_000_000) for kind in kinds),
            drafts.signature_refusal(True, True), drafts.signature_refusal(False, False),
            drafts.version_refusal(None, [1]), drafts.version_refusal(3, [1, 2]),
            drafts.pair_refusal(1, 1),
            templates.unpack_problem(5000, 0), templates.unpack_problem(1, 10**10)]


def agreement_refusals() -> list[object]:
    found: list[object] = []
    for action, state, category, notice in itertools.product(
            AgreementAction, AgreementState, [*Category, None], (False, True)):
        refused = agreement_states.refusal(action, state, category, notice)
        if refused is not None:
            found.append(refused)
    day = date(2027, 3, 3)
    return [*found, agreement_states.signing_date_refusal(date(2028, 1, 1), None, day),
            agreement_states.signing_date_refusal(date(2027, 1, 1), date(2027, 2, 1), day),
            agreement_states.notice_date_refusal(date(2028, 1, 1), None, day),
            agreement_states.notice_date_refusal(date(2027, 1, 1), date(2027, 2, 1), day)]


def people_refusals() -> list[object]:
    found: list[object] = [review.review_refusal(action, status)
                           for action, status in itertools.product(ReviewAction, Status)]
    for action, role, status in itertools.product(
            (ReviewAction.SCORE, ReviewAction.RAISE_CONCERN), Role, Status):
        refused = review.assessment_refusal(action, role, status)
        if refused is not None:
            found.append(refused)
    city = proposals.Proposer(Role.CITY, city_id=1, verified=False)
    return [*found, review.why_not_settle_category(True),
            review.why_not_withdraw_consultation(is_open=False, reason="x"),
            review.why_not_withdraw_consultation(is_open=True, reason=" "),
            review.why_not_assigned("Remy", Role.CCO_REVIEWER, None, active=False),
            review.why_not_assigned("Remy", Role.CITY, None, active=True),
            review.why_not_assigned("Remy", Role.CCO_REVIEWER, True, active=True),
            accounts.deactivation_refusal(1, 1, active=True),
            accounts.deactivation_refusal(1, 2, active=False),
            accounts.reactivation_refusal(active=True),
            proposals.proposal_refusal(city, proposals.Parties(2, None)),
            proposals.proposal_refusal(city, proposals.Parties(1, None)),
            proposals.proposal_refusal(proposals.Proposer(Role.CCO_REVIEWER),
                                       proposals.Parties(1, None)),
            submission.why_not_submit_unconfirmed(Role.CITY, email_confirmed=False),
            refusals.Refused().message]


@pytest.mark.parametrize("sentences", [labels, lifecycle_refusals, draft_refusals,
                                       agreement_refusals, people_refusals])
def test_every_sentence_is_a_phrase_the_french_catalogue_translates(sentences):
    found = sentences()
    assert found and None not in found
    assert sorted(set(untranslated(found))) == []


def test_a_refusal_keeps_its_phrase_for_the_page_and_reads_as_english_in_the_log():
    phrase = lifecycle.not_now(Status.IN_REVIEW, Action.APPROVE)
    refused = refusals.Refused(phrase)
    assert refused.message is phrase
    assert str(refused) == "This request is in review: you cannot approve it now."


def test_several_refusals_read_one_after_the_other_in_english():
    facts = RequestFacts(category_settled=False, federal_flag_raised=True)
    answer = lifecycle.why_not(Status.IN_REVIEW, Action.RECOMMEND, Role.CCO_REVIEWER, facts)
    assert answer == (
        "Settle the category first: the submitter was not sure whether this is a Partnership "
        "City or an International Project. The counterpart's country needs consultation with "
        "the federal government: record that consultation first.")
