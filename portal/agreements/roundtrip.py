"""The City Solicitor's round-trip on a draft: return it with changes, bring back an edit.

The Solicitor may return the newest version with a comment instead of approving it; the
reviewer is told and answers with a new version, generated again or edited in Word and
uploaded. The reviewer or the Solicitor may upload an edited Word file, which becomes the
next numbered version, kept with its uploader, its SHA-256 and any placeholders it left
unfilled. The rules are ``portal.policy.drafts``'s; services flush, never commit.
"""

from __future__ import annotations

import hashlib
import re

from portal import notifications, transitions
from portal.agreements.services import _lock, _refuse, drafts_of
from portal.extensions import db
from portal.models import AgreementDraft, EngagementRequest, User
from portal.models._types import utcnow
from portal.policy import timeline_notes as notes
from portal.policy.drafts import (
    RETURNERS,
    DraftSource,
    return_refusal,
    upload_refusal,
)
from portal.policy.lifecycle import Status
from portal.policy.phrases import N_, Phrase
from portal.policy.roles import Role
from portal.policy.timeline import TimelineEvent
from portal.policy.versions import next_version

_VERSIONED = re.compile(r"_v\d+(?:_edited)?\.docx$")


def _refused_unless(allowed: bool, reason: Phrase) -> None:
    _refuse(None if allowed else reason)


def return_with_changes(req: EngagementRequest, draft: AgreementDraft, solicitor: User,
                        comment: str) -> None:
    """Return ``draft`` to the reviewer with the Solicitor's changes requested."""
    _refused_unless(draft.request_id == req.id, N_("That draft belongs to another request."))
    _lock(req)
    db.session.refresh(draft)
    _refused_unless(solicitor.role_enum in RETURNERS
                    and req.status_enum is Status.AGREEMENT_DRAFTED,
                    N_("Only the City Solicitor returns a draft awaiting approval as to form."))
    drafts = drafts_of(req)
    approved = next((d.version for d in drafts if d.approved_at is not None), None)
    _refuse(return_refusal(draft.version, drafts[0].version, approved,
                           draft.returned_at is not None))
    draft.returned_by_id, draft.returned_at = solicitor.id, utcnow()
    draft.return_comment = comment.strip()
    transitions.record_note(req, solicitor, TimelineEvent.RETURN_DRAFT,
                            note=notes.returned_with_changes(draft.version),
                            visible_to_submitter=False)
    notifications.send_draft_returned(req, draft)


def _filename(newest: AgreementDraft, version: int) -> str:
    """Name the upload as the versions before it are named, marked as edited."""
    if _VERSIONED.search(newest.filename):
        return _VERSIONED.sub(f"_v{version}_edited.docx", newest.filename)
    return f"draft_v{version}_edited.docx"


def upload_version(req: EngagementRequest, actor: User, content: bytes, unfilled: list[str],
                   seen_version: int | None = None) -> AgreementDraft:
    """Keep an edited Word file, already checked, as the next numbered version of the draft.

    The terms are the newest version's (the signed agreement's dates are read from them);
    the text is the file's.
    """
    _lock(req)
    drafts = drafts_of(req)
    newest_version = drafts[0].version if drafts else 0
    _refuse(upload_refusal(actor.role_enum, req.status_enum, newest_version, seen_version))
    newest, version = drafts[0], next_version(newest_version)
    draft = AgreementDraft(request_id=req.id, version=version,
                           terms={**newest.terms, "version": version},
                           filename=_filename(newest, version), content=content,
                           sha256=hashlib.sha256(content).hexdigest(),
                           generated_by_id=actor.id, generated_at=utcnow(),
                           source=DraftSource.UPLOADED.value, unfilled=list(unfilled))
    db.session.add(draft)
    transitions.record_note(req, actor, TimelineEvent.UPLOAD_DRAFT,
                            note=notes.uploaded_from_word(version),
                            visible_to_submitter=False)
    db.session.flush()
    # The reviewer's edit awaits the Solicitor; the Solicitor's own edit awaits nobody new.
    if actor.role_enum is Role.CCO_REVIEWER:
        notifications.send_draft_awaiting_form(req, draft)
    return draft
