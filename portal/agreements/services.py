"""Use cases of agreements: draft, approve as to form, record the signed copy, once each.

Staff generate numbered drafts and compare any two, the City Solicitor approves one as to
form, and the signed
copy makes the agreement active in the registry; an administrator may replace a category's
Word template.

The terms come from the request and the policy (category, term, dates and signatory);
docgen renders them and refuses terms that break the policy. Services flush, never commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

import docgen
from portal import audit, notifications, transitions
from portal.access import is_submitting_party
from portal.access import may_compare as may_compare  # the agreements routes ask it here
from portal.agreements import details
from portal.extensions import db
from portal.models import Agreement, AgreementDraft, AgreementTemplate, EngagementRequest, User
from portal.models._types import utcnow
from portal.models.agreements import approved_of
from portal.models.agreements import newest_returned as newest_returned  # re-export
from portal.policy import timeline_notes as notes
from portal.policy.agreement_language import DraftLanguage, stored_draft_language
from portal.policy.agreement_states import established_year, signing_date_refusal
from portal.policy.agreements import AgreementStatus
from portal.policy.categories import Category, agreement_end_date
from portal.policy.drafts import (
    ALREADY_DONE,
    approval_refusal,
    compared_pair,
    drafting_refusal,
    generation_refusal,
    pair_refusal,
    signature_refusal,
)
from portal.policy.drafts import may_download as draft_may_download
from portal.policy.lifecycle import Action, TransitionRefused, can_draft_agreement
from portal.policy.notices import AgreementStep, tells_party_of_draft
from portal.policy.phrases import N_, P_
from portal.policy.refusals import Refused
from portal.policy.roles import Role
from portal.policy.signatories import Signatory
from portal.policy.versions import next_version
from portal.registry import services as registry
from portal.uploads import CheckedUpload


class AgreementRefused(Refused):
    """The agreement step cannot be taken; the message says why, for staff to read."""


class AlreadyDone(AgreementRefused):
    """The step was already taken (a double click): nothing to do, and no error."""


def _refuse(reason: str | None) -> None:
    if reason is not None:
        raise (AlreadyDone if reason.startswith(ALREADY_DONE) else AgreementRefused)(reason)


def terms_for(req: EngagementRequest, version: int,
              confirmed: Mapping[str, Any] | None = None) -> docgen.AgreementTerms:
    """Return the terms of ``req``'s agreement, as version ``version`` of its draft.

    ``confirmed`` is what the reviewer confirmed on the agreement details form
    (``details.CONFIRMED``); without it, the request's answers and the policy's signatory.
    """
    try:
        return details.terms_for(req, version, confirmed)
    except details.DetailsMissing as missing:
        raise AgreementRefused(missing.message) from None


def proposed_details(req: EngagementRequest) -> dict[str, Any]:
    """Return what the agreement details form shows first (``details.proposed``).

    ``newest`` is the newest version the form was drawn from (0 before the first), so a
    second post of the same page is seen as a repeat.
    """
    drafts = drafts_of(req)
    try:
        values = details.proposed(req, drafts[0].terms if drafts else None)
    except details.DetailsMissing as missing:
        raise AgreementRefused(missing.message) from None
    return {**values, "newest": str(drafts[0].version if drafts else 0)}


def refuse_drafting(req: EngagementRequest, actor: User) -> None:
    """Refuse, saying why, when ``actor`` may not draft ``req``'s agreement now."""
    _refuse(drafting_refusal(actor.role_enum, req.status_enum))


@dataclass(frozen=True)
class DraftingFacts:
    """What the details form shows but does not ask: the policy's, and the request's."""

    category: Category
    term_years: int
    ends_on: date | None
    signatory: Signatory | None
    """Who signs for the City as the policy names them; None when it cannot yet."""


def drafting_facts(req: EngagementRequest, start: date | None) -> DraftingFacts:
    """Return the category, term, the end a start on ``start`` gives, and who signs."""
    ends_on = None
    if start is not None and req.term_years:
        try:
            ends_on = agreement_end_date(start, req.term_years)
        except (ValueError, OverflowError):
            ends_on = None
    return DraftingFacts(req.category, req.term_years or 0,  # type: ignore[arg-type]
                         ends_on, details.signatory_of(req))


def current_template(category: Category) -> bytes | None:
    """Return the administrator's newest template for ``category``, or None for the packaged."""
    found = db.session.scalars(
        select(AgreementTemplate).where(AgreementTemplate.category == category.value)
        .order_by(AgreementTemplate.uploaded_at.desc(), AgreementTemplate.id.desc()).limit(1)
    ).first()
    return found.content if found else None


def render(terms: docgen.AgreementTerms, category: Category,
           generated_at: datetime | None = None) -> bytes:
    """Render ``terms`` with the category's current template, or refuse with the reason.

    An administrator's replacement is an English template: a French or bilingual draft is
    made from the packaged template in its language(s).
    """
    english = stored_draft_language(terms.draft_language) is DraftLanguage.ENGLISH
    try:
        return docgen.render_agreement(terms, current_template(category) if english else None,
                                       generated_at=generated_at)
    except (docgen.TermsError, docgen.TemplateRefused) as error:
        raise AgreementRefused(str(error)) from None


def drafts_of(req: EngagementRequest) -> list[AgreementDraft]:
    """Return ``req``'s draft versions, newest first."""
    return AgreementDraft.of_request(req)


def _lock(req: EngagementRequest) -> None:
    """Take the request's row for this transaction, so two posts at once run one by one.

    On PostgreSQL the second waits and then sees what the first did; SQLite serialises
    writers anyway.
    """
    db.session.execute(select(EngagementRequest.id).where(EngagementRequest.id == req.id)
                       .with_for_update())


def generate_draft(req: EngagementRequest, actor: User, seen_version: int | None = None,
                   confirmed: Mapping[str, Any] | None = None) -> AgreementDraft:
    """Generate the next numbered version of ``req``'s draft agreement.

    ``seen_version`` is the newest version the page showed; a post that saw an older one
    repeats a click that already generated a draft, and is refused as already done.
    ``confirmed`` is what the reviewer confirmed on the agreement details form; the version
    keeps it in its terms.
    """
    _lock(req)
    newest = db.session.scalar(select(func.max(AgreementDraft.version))
                               .where(AgreementDraft.request_id == req.id)) or 0
    _refuse(generation_refusal(seen_version, newest))
    if not can_draft_agreement(req.status_enum):
        # No role drafts in this state: the policy's sentence says it waits on an approval.
        _refuse(drafting_refusal(Role.CCO_REVIEWER, req.status_enum))
    version = next_version(newest)
    terms = terms_for(req, version, confirmed)
    # One time for the record and for the file's own "created", so the two agree.
    generated_at = utcnow()
    content = render(terms, req.category, generated_at)  # type: ignore[arg-type]
    try:
        transitions.perform(req, Action.DRAFT_AGREEMENT, actor, note=notes.draft_generated(version),
                            visible_to_submitter=False)
    except TransitionRefused:
        raise AgreementRefused(N_("Only the City Clerk's Office drafts agreements.")) from None
    draft = AgreementDraft(request_id=req.id, version=version, terms=terms.to_dict(),
                           filename=docgen.draft_filename(terms), content=content,
                           sha256=hashlib.sha256(content).hexdigest(),
                           generated_by_id=actor.id, generated_at=generated_at)
    db.session.add(draft)
    db.session.flush()
    # The Solicitor must act next; the party and the lead division wait on the agreement.
    notifications.send_draft_awaiting_form(req, draft)
    if tells_party_of_draft(version):
        notifications.send_agreement_step(req, AgreementStep.DRAFTED)
    return draft


def approve_as_to_form(req: EngagementRequest, draft: AgreementDraft, solicitor: User) -> None:
    """Record that the City Solicitor finds ``draft`` in a satisfactory form."""
    if draft.request_id != req.id:
        raise AgreementRefused(N_("That draft belongs to another request."))
    _lock(req)
    db.session.refresh(draft)
    drafts = drafts_of(req)
    approved = next((d.version for d in drafts if d.approved_at is not None), None)
    _refuse(approval_refusal(draft.version, drafts[0].version, approved,
                             draft.returned_at is not None))
    try:
        transitions.perform(req, Action.APPROVE_AS_TO_FORM, solicitor,
                            note=notes.approved_as_to_form(draft.version))
    except TransitionRefused:
        raise AgreementRefused(N_("Only the City Solicitor approves a draft as to form, once "
                                  "it is drafted.")) from None
    draft.approved_by_id, draft.approved_at = solicitor.id, utcnow()
    notifications.send_agreement_step(req, AgreementStep.APPROVED_AS_TO_FORM)


def approved_draft(req: EngagementRequest) -> AgreementDraft | None:
    """Return the draft approved as to form, if any."""
    return approved_of(drafts_of(req))


def record_signature(req: EngagementRequest, actor: User, upload: CheckedUpload,
                     signed_on: date) -> Agreement:
    """Record the signed copy: the request is signed and its agreement in the registry.

    The agreement is *signed* until its start date, then in force (derived from the dates);
    the relationship is established in the year of signing.
    """
    _lock(req)
    draft = approved_draft(req)
    _refuse(signature_refusal(agreement_of(req) is not None, draft is not None))
    assert draft is not None and draft.approved_at is not None  # signature_refusal holds
    _refuse(signing_date_refusal(signed_on, draft.approved_at.date(), date.today()))
    try:
        transitions.perform(req, Action.RECORD_SIGNATURE, actor,
                            note=notes.signed_on(signed_on))
    except TransitionRefused:
        raise AgreementRefused(N_("The signed copy is recorded by the City Clerk's Office "
                                  "once the draft is approved as to form.")) from None
    start = date.fromisoformat(draft.terms["start_date"])
    years = int(draft.terms["term_years"])
    city = req.counterpart_city
    agreement = Agreement(
        request_id=req.id, counterpart_name=city.name if city else "",
        counterpart_city_id=req.counterpart_city_id,
        country_code=city.country_code if city else None, category=draft.terms["category"],
        status=AgreementStatus.ACTIVE.value, is_city_to_city=True,
        established_year=established_year(signed_on),
        start_date=start, end_date=agreement_end_date(start, years), signed_on=signed_on,
        lead_division_id=req.sponsoring_division_id, signed_filename=upload.filename,
        signed_media_type=upload.media_type, signed_copy=upload.content,
        signed_sha256=upload.sha256)
    db.session.add(agreement)
    db.session.flush()
    registry.on_signed(agreement, actor)
    notifications.send_agreement_step(req, AgreementStep.SIGNED, agreement)
    return agreement


def agreement_of(req: EngagementRequest) -> Agreement | None:
    """Return the registry entry ``req`` became, once signed."""
    return Agreement.of_request(req)


def may_download(user: User, req: EngagementRequest, draft: AgreementDraft) -> bool:
    """Return whether ``user`` may download ``draft`` (``policy.drafts.may_download``)."""
    return draft_may_download(is_submitting_party(user, req), user.is_staff,
                              draft.approved_at is not None)


@dataclass(frozen=True)
class DraftComparison:
    """Two versions of a draft, the later read against the earlier."""

    earlier: AgreementDraft
    later: AgreementDraft
    comparison: docgen.Comparison

    @property
    def filename(self) -> str:
        """Return the tracked-changes file's name: the later version's, saying against what."""
        stem = self.later.filename.removesuffix(".docx")
        return f"{stem}_changes-since-v{self.earlier.version}.docx"


def compare_versions(req: EngagementRequest, first: int,
                     second: int) -> DraftComparison | None:
    """Compare two versions of ``req``'s draft, or return None if it lacks either one.

    The changes are dated when the later version was made, which is when they were made.
    """
    earlier_version, later_version = compared_pair(first, second)
    if pair_refusal(first, second) is not None:
        return None
    found = {d.version: d for d in db.session.scalars(select(AgreementDraft).where(
        AgreementDraft.request_id == req.id,
        AgreementDraft.version.in_((earlier_version, later_version))))}
    earlier, later = found.get(earlier_version), found.get(later_version)
    if earlier is None or later is None:
        return None
    try:
        comparison = docgen.compare_drafts(earlier.content, later.content,
                                           at=later.generated_at)
    except docgen.NotComparable:
        # docgen's one reason is that a file is not a Word document: said here as a phrase.
        raise AgreementRefused(P_("Version %(later)s or %(earlier)s cannot be read as a Word "
                                  "document (.docx).", later=later_version,
                                  earlier=earlier_version)) from None
    return DraftComparison(earlier, later, comparison)


def signed_approval_date(req: EngagementRequest) -> date | None:
    """Return the day the draft was approved as to form, which the signing cannot precede."""
    draft = approved_draft(req)
    return draft.approved_at.date() if draft is not None and draft.approved_at else None


def replace_template(actor: User, category: Category, filename: str,
                     content: bytes) -> AgreementTemplate:
    """Store an administrator's replacement template after docgen's checks."""
    problems = docgen.check_template(content)
    if problems:
        raise AgreementRefused(" ".join(problems))
    template = AgreementTemplate(category=category.value, filename=filename, content=content,
                                 uploaded_by_id=actor.id)
    db.session.add(template)
    db.session.flush()
    audit.record(actor, "template.replaced", f"template:{category.value}", filename=filename,
                 sha256=hashlib.sha256(content).hexdigest())
    return template

