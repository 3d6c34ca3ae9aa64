"""Hold the lifecycle's sentences: each status as a sentence says it, and why an action is closed.

Each table is keyed by the value of ``lifecycle.Status`` or ``lifecycle.Action`` (a member
finds its entry, being equal to its value), so that the state machine stays short. The
sentences are whole, one per action, rather than a verb put into one sentence: French agrees
the participle with "demande" and orders the words its own way. ``%(status)s`` is filled with
``STATUS_IN_SENTENCE``'s entry: "a request that is in review".
"""

from __future__ import annotations

from portal.policy.phrases import N_, Phrase

STATUS_IN_SENTENCE: dict[str, Phrase] = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "in_triage": N_("in triage"),
    "information_requested": N_("information requested"),
    "in_review": N_("in review"),
    "recommended": N_("recommended"),
    "declined": N_("declined"),
    "withdrawn": N_("withdrawn"),
    "approved": N_("approved"),
    "agreement_drafted": N_("agreement drafted"),
    "approved_as_to_form": N_("approved as to form"),
    "signed": N_("signed"),
}
"""Each status lower-cased as a sentence says it: its own msgid, as French may differ."""

CLOSED_IN_STATE: dict[str, Phrase] = {
    "submit": N_("A request that is %(status)s cannot be submitted."),
    "start_triage": N_("A request that is %(status)s cannot be triaged."),
    "start_review": N_("A request that is %(status)s cannot be put into review."),
    "request_information": N_("A request that is %(status)s cannot be sent a question."),
    "answer": N_("A request that is %(status)s cannot be answered."),
    "resume_review": N_("A request that is %(status)s cannot be taken back into review."),
    "recommend": N_("A request that is %(status)s cannot be recommended."),
    "decline": N_("A request that is %(status)s cannot be declined."),
    "withdraw": N_("A request that is %(status)s cannot be withdrawn."),
    "approve": N_("A request that is %(status)s cannot be approved."),
    "draft_agreement": N_("A request that is %(status)s cannot be drafted."),
    "approve_as_to_form": N_("A request that is %(status)s cannot be approved as to form."),
    "record_signature": N_("A request that is %(status)s cannot be signed."),
}
"""Why an action is closed in a state: no transition leads from it."""

CLOSED_TO_ROLE: dict[str, Phrase] = {
    "submit": N_("Your role cannot submit a request that is %(status)s."),
    "start_triage": N_("Your role cannot start triage of a request that is %(status)s."),
    "start_review": N_("Your role cannot start the review of a request that is "
                            "%(status)s."),
    "request_information": N_("Your role cannot ask for information on a request that is "
                                   "%(status)s."),
    "answer": N_("Your role cannot answer a request that is %(status)s."),
    "resume_review": N_("Your role cannot resume the review of a request that is "
                             "%(status)s."),
    "recommend": N_("Your role cannot recommend a request that is %(status)s."),
    "decline": N_("Your role cannot decline a request that is %(status)s."),
    "withdraw": N_("Your role cannot withdraw a request that is %(status)s."),
    "approve": N_("Your role cannot approve a request that is %(status)s."),
    "draft_agreement": N_("Your role cannot draft the agreement of a request that is "
                               "%(status)s."),
    "approve_as_to_form": N_("Your role cannot approve as to form a request that is "
                                  "%(status)s."),
    "record_signature": N_("Your role cannot record the signature of a request that is "
                                "%(status)s."),
}
"""Why an action is closed to the role asking."""

NOT_NOW: dict[str, Phrase] = {
    "submit": N_("This request is %(status)s: you cannot submit it now."),
    "start_triage": N_("This request is %(status)s: you cannot start its triage now."),
    "start_review": N_("This request is %(status)s: you cannot start its review now."),
    "request_information": N_("This request is %(status)s: you cannot ask for "
                                   "information on it now."),
    "answer": N_("This request is %(status)s: you cannot answer it now."),
    "resume_review": N_("This request is %(status)s: you cannot resume its review now."),
    "recommend": N_("This request is %(status)s: you cannot recommend it now."),
    "decline": N_("This request is %(status)s: you cannot decline it now."),
    "withdraw": N_("This request is %(status)s: you cannot withdraw it now."),
    "approve": N_("This request is %(status)s: you cannot approve it now."),
    "draft_agreement": N_("This request is %(status)s: you cannot draft its agreement "
                               "now."),
    "approve_as_to_form": N_("This request is %(status)s: you cannot approve it as to "
                                  "form now."),
    "record_signature": N_("This request is %(status)s: you cannot record its signature "
                                "now."),
}
"""Why an action offered by a page is closed now: the request moved on."""
