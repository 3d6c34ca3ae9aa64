"""Read a stored request into the next-step policy's plain values, for any page to show.

``policy.next_step`` decides what happens next and who must act; this module only gathers
what it reads (open consultations, the recommendation's conditions, the signatory, the
draft versions) and who is reading. The staff request page and the submitter's status page
both ask here, so they cannot tell two stories.
"""

from __future__ import annotations

from portal.access import is_submitting_party
from portal.assessment import services as assessment
from portal.assessment.facts import facts_of, open_consultations_of
from portal.models import AgreementDraft, Consultation, EngagementRequest, User
from portal.models.agreements import approved_of, newest_returned
from portal.policy.answers import Origin
from portal.policy.decisions import may_decide
from portal.policy.lifecycle import RequestFacts, Status
from portal.policy.next_step import NextStep, RequestState, Task, Viewer, next_step, task_for
from portal.policy.phrases import P_
from portal.policy.roles import Role


def request_state(req: EngagementRequest,
                  open_consultations: list[Consultation] | None = None) -> RequestState:
    """Return what the next step of ``req`` is read from (its open consultations, if read)."""
    if open_consultations is None:
        open_consultations = open_consultations_of(req)
    drafts = AgreementDraft.of_request(req)
    approved = approved_of(drafts)
    answer = assessment.signatory(req)
    named = answer.signatory
    # The recommendation's conditions cost a few queries; only a request in review needs them.
    facts = facts_of(req) if req.status_enum is Status.IN_REVIEW else RequestFacts()
    return RequestState(
        status=req.status_enum,
        submitter=(req.counterpart_city.name if req.origin == Origin.CITY and req.counterpart_city
                   else req.sponsoring_division.name if req.sponsoring_division
                   else req.submitter.name),
        assignee=req.assignee.name if req.assignee else None,
        consulted=tuple(c.division.name for c in open_consultations),
        facts=facts,
        # A phrase: the title the policy gives ("City Manager") is said in the page's words.
        signatory=P_("%(name)s, %(title)s", name=named.name, title=named.title) if named
        else None,
        signatory_unknown=answer.unknown_reason,
        newest_draft=drafts[0].version if drafts else None,
        approved_draft=approved.version if approved else None,
        draft_returned=newest_returned(drafts),
    )


def viewer_of(req: EngagementRequest, user: User,
              open_consultations: list[Consultation] | None = None) -> Viewer:
    """Return ``user`` as the next-step policy reads them, for ``req``."""
    if open_consultations is None:
        open_consultations = open_consultations_of(req)
    named = assessment.signatory(req).signatory if user.role_enum is Role.SIGNING_AUTHORITY \
        else None
    sponsor = req.sponsoring_division.name if req.sponsoring_division else None
    return Viewer(
        role=user.role_enum,
        is_submitting_party=is_submitting_party(user, req),
        is_assignee=req.assignee_id == user.id,
        is_named_signatory=named is not None and may_decide(
            named, user.office, user.division.name if user.division else None, sponsor,
            user.name),
        consulted=user.division_id is not None and any(
            c.division_id == user.division_id for c in open_consultations),
    )


def progress_of(req: EngagementRequest, user: User) -> tuple[NextStep, Task | None]:
    """Return the next step of ``req`` and what ``user`` must do now, if anything."""
    consultations = open_consultations_of(req)
    state = request_state(req, consultations)
    return next_step(state), task_for(state, viewer_of(req, user, consultations))
