"""Succession of an agreement: promote a project, renew an agreement, settle both at signing.

Whether an agreement may be promoted or renewed (only while in force, only by its parties) is
asked of ``portal.access`` (which reads ``policy.agreement_states`` and ``policy.proposals``
for the intake's duplicate notice too); this module opens the new
draft request carrying the old one's answers and, when the new agreement is signed, records
what became of the old one. It flushes and never commits.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from portal import transitions
from portal.access import (
    can_promote,
    can_renew,
    is_submitting_party,
    parties_of,
    proposal_refused,
    proposer_of,
    state_refusal,
)
from portal.extensions import db
from portal.geography import find_or_create_city
from portal.intake import services as intake
from portal.intake.steps import steps_for
from portal.models import Agreement, EngagementRequest, User
from portal.policy.agreement_states import AgreementAction, established_year
from portal.policy.agreements import AgreementEventKind, AgreementStatus
from portal.policy.answers import Origin, answers_to_copy
from portal.policy.categories import Category, max_term_years
from portal.policy.lifecycle import Status
from portal.policy.phrases import N_, P_
from portal.policy.proposals import (
    filing_division,
)
from portal.policy.refusals import Refused
from portal.policy.roles import Role
from portal.policy.timeline import TimelineEvent
from portal.registry.records import record_event, request_of

# Promotion and renewal ------------------------------------------------------------------

class ProposalRefused(Refused):
    """A promotion or renewal cannot be started; the message says why."""


# Answers of the originating request that carry over to the one that follows it. The
# representative's own details come from the person starting it; documents never carry over.
CARRIED_ANSWERS = (
    "term_years", "title", "purpose", "objectives", "activities", "areas", "alignment",
    "community_ties", "relationship_since", "past_projects", "anticipated_cost",
    "funding_source", "staff_time", "counterpart_commitment", "contact_name", "contact_title",
    "contact_email", "contact_phone", "counterpart_legal_name", "counterpart_language",
    "counterpart_signatory_name", "counterpart_signatory_title",
    "counterpart_signatory_authority", "counterpart_coordinator_name",
    "counterpart_coordinator_title", "counterpart_coordinator_email",
    "counterpart_coordinator_address",
)
DIVISION_ANSWERS = ("interest_confirmed", "interest_evidence", "city_coordinator_name",
                    "city_coordinator_title", "city_coordinator_email",
                    "city_coordinator_address")
OPEN_STATUSES = [s.value for s in Status
                 if s not in (Status.DRAFT, Status.DECLINED, Status.WITHDRAWN)]


def successors(agreement: Agreement) -> list[EngagementRequest]:
    """Return the requests that promote or renew ``agreement``, newest first."""
    return list(db.session.scalars(select(EngagementRequest).where(
        (EngagementRequest.promotes_agreement_id == agreement.id)
        | (EngagementRequest.renews_agreement_id == agreement.id))
        .order_by(EngagementRequest.created_at.desc(), EngagementRequest.id.desc())))


def open_successor(agreement: Agreement, user: User) -> EngagementRequest | None:
    """Return the request taking ``agreement`` forward: one in review, or ``user``'s draft."""
    for req in successors(agreement):
        if req.status in OPEN_STATUSES:
            return req
        if req.status_enum is Status.DRAFT and (is_submitting_party(user, req)
                                                 or req.submitter_id == user.id):
            return req
    return None


def _next_start(agreement: Agreement, today: date) -> date | None:
    if agreement.end_date is not None and agreement.end_date >= today:
        return agreement.end_date + timedelta(days=1)
    return None


def _carried_answers(source: EngagementRequest | None, new: EngagementRequest,
                     agreement: Agreement, category: Category, today: date) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    if source is not None:
        names = CARRIED_ANSWERS
        if new.origin == Origin.DIVISION:
            names += ("government_kind",)
            if source.origin == Origin.DIVISION:
                names += DIVISION_ANSWERS
        # The policy says which answers the new draft's filer may read; the rest stay behind.
        names = answers_to_copy(names, copy_origin=new.origin, source_origin=source.origin)
        answers = {name: getattr(source, name) for name in names}
        answers["areas"] = list(source.areas or [])
    if answers.get("term_years") and answers["term_years"] > max_term_years(category):
        answers["term_years"] = None
    answers["requested_category"] = category.value
    answers["start_date"] = _next_start(agreement, today)
    answers["relationship_since"] = answers.get("relationship_since") or \
        agreement.established_year
    return answers


def _open_draft(user: User, agreement: Agreement) -> EngagementRequest:
    """Open the new draft: a city's or division's own, or one a CCO reviewer files for one."""
    if user.role_enum is not Role.CCO_REVIEWER:
        return intake.start_request(user)
    division_id = filing_division(proposer_of(user), parties_of(agreement))
    if division_id is None:
        raise ProposalRefused(proposal_refused(user, agreement) or "")
    req = EngagementRequest(origin=Origin.DIVISION, submitter=user,
                            sponsoring_division_id=division_id, areas=[])
    db.session.add(req)
    db.session.flush()
    transitions.record_note(req, user, TimelineEvent.CREATED)
    return req


def _start_successor(agreement: Agreement, user: User, category: Category, link: str,
                     today: date) -> EngagementRequest:
    source = request_of(agreement)
    req = _open_draft(user, agreement)
    if req.origin == Origin.DIVISION:
        if agreement.counterpart_city is not None:
            req.counterpart_city = agreement.counterpart_city
        elif agreement.country_code:
            req.counterpart_city = find_or_create_city(agreement.counterpart_name,
                                                       agreement.country_code)
    answers = _carried_answers(source, req, agreement, category, today)
    for step in steps_for(req):
        intake.save_answers(req, step, {k: v for k, v in answers.items() if k in step.fields})
    if source is not None:
        intake.replace_outcomes(req, [(o.outcome, o.indicator, o.target)
                                      for o in source.outcomes])
    setattr(req, link, agreement.id)
    db.session.flush()
    return req


def start_promotion(agreement: Agreement, user: User, today: date | None = None,
                    ) -> EngagementRequest:
    """Open a Partnership City draft that promotes the International Project ``agreement``.

    The draft carries the project's answers and outcomes (not its documents), or for a
    project from before the portal its counterpart city, and is owned by ``user``.
    """
    if not can_promote(user, agreement):
        raise ProposalRefused(proposal_refused(user, agreement)
                              or state_refusal(AgreementAction.PROMOTE, agreement) or "")
    req = _start_successor(agreement, user, Category.PARTNERSHIP_CITY, "promotes_agreement_id",
                           today or date.today())
    transitions.record_note(req, user, TimelineEvent.PROMOTION_STARTED, P_(
        "Proposes to promote the International Project with %(city)s to a Partnership City.",
        city=agreement.counterpart_name))
    record_event(agreement, AgreementEventKind.PROMOTION_STARTED, user, P_(
        "A proposal to promote it to a Partnership City was started by %(who)s.",
        who=_proposer(user)))
    return req


def start_renewal(agreement: Agreement, user: User, today: date | None = None,
                  ) -> EngagementRequest:
    """Open a draft of the same category that renews ``agreement``, owned by ``user``."""
    if not can_renew(user, agreement):
        raise ProposalRefused(proposal_refused(user, agreement)
                              or state_refusal(AgreementAction.RENEW, agreement) or "")
    category = agreement.category_enum
    assert category is not None  # can_renew holds
    req = _start_successor(agreement, user, category, "renews_agreement_id",
                           today or date.today())
    transitions.record_note(req, user, TimelineEvent.RENEWAL_STARTED, P_(
        "Proposes to renew the %(category)s agreement with %(city)s.",
        category=category.label, city=agreement.counterpart_name))
    record_event(agreement, AgreementEventKind.RENEWAL_STARTED, user, P_(
        "A proposal to renew it was started by %(who)s.", who=_proposer(user)))
    return req


def _proposer(user: User) -> str:
    if user.role_enum is Role.CITY and user.city is not None:
        return user.city.name
    return user.division.name if user.division else user.name


# Signature --------------------------------------------------------------------------------

def on_signed(agreement: Agreement, actor: User | None = None) -> None:
    """Record that ``agreement`` was signed and settle the agreement its request replaces.

    Call it once the signed agreement is stored. A promoted project becomes *promoted*; a
    renewed agreement becomes *renewed*: it stays in force to its end date (its state is
    derived from the dates) and shows as renewed after. The new agreement keeps the year the
    relationship was established.
    """
    record_event(agreement, AgreementEventKind.SIGNED, actor, P_(
        "Signed on %(on)s.", on=agreement.signed_on or N_("a date not recorded")))
    req = request_of(agreement)
    if req is None:
        return
    for previous_id in (req.promotes_agreement_id, req.renews_agreement_id):
        previous = db.session.get(Agreement, previous_id) if previous_id else None
        if previous is not None and previous.established_year:
            agreement.established_year = (
                established_year(agreement.signed_on, previous.established_year)
                if agreement.signed_on else
                min(agreement.established_year or previous.established_year,
                    previous.established_year))
    if req.promotes_agreement_id is not None:
        project = db.session.get(Agreement, req.promotes_agreement_id)
        if project is not None and project.status_enum in (AgreementStatus.ACTIVE,
                                                           AgreementStatus.EXPIRED):
            project.status = AgreementStatus.PROMOTED.value
            record_event(project, AgreementEventKind.PROMOTED, actor, P_(
                "Promoted: the Partnership City agreement %(reference)s follows it.",
                reference=req.reference or ""))
    if req.renews_agreement_id is not None:
        previous = db.session.get(Agreement, req.renews_agreement_id)
        if previous is not None and previous.status_enum is AgreementStatus.ACTIVE:
            previous.status = AgreementStatus.RENEWED.value
            record_event(previous, AgreementEventKind.RENEWED, actor, P_(
                "Renewed by %(reference)s; it runs to its end date, then gives way to it.",
                reference=req.reference or ""))
    db.session.flush()
