"""Use cases of the intake: start a draft, save a page, attach a letter, submit, answer, withdraw.

Services take domain objects and plain values, flush, and never commit: the route commits
once at the end of the request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from portal import notifications, transitions
from portal.access import is_submitting_party
from portal.assessment import services as assessment
from portal.assessment.first import write_first_assessment
from portal.database import forget_reads
from portal.extensions import db
from portal.geography import find_or_create_city
from portal.intake import receipt
from portal.intake.steps import Step, unfinished
from portal.models import Document, EngagementRequest, Outcome, ReferenceCounter, User
from portal.models._types import utcnow
from portal.policy.answers import Origin
from portal.policy.eligibility import Gate, failed
from portal.policy.lifecycle import (
    Action,
    TransitionRefused,
    is_editable_by_submitter,
    not_now,
)
from portal.policy.phrases import N_, P_
from portal.policy.refusals import Refused
from portal.policy.roles import Role
from portal.policy.submission import why_not_submit_unconfirmed
from portal.policy.timeline import TimelineEvent
from portal.uploads import CheckedUpload


class NotEditable(Refused):
    """The request has been submitted: its answers can no longer change."""


NOT_EDITABLE = "This request has been submitted, so its answers can no longer be changed."


class AnswerRefused(Refused):
    """The question cannot be answered: not by this person, or not now; the message says why."""


class CannotSubmit(Refused):
    """The request is not ready to submit; ``problems`` says why, in order."""

    def __init__(self, problems: list[str]) -> None:
        """Keep the problems to show on the check-answers page."""
        super().__init__("; ".join(problems))
        self.problems = problems


PAGE_OUT_OF_DATE = ("Your answers changed after this page was shown. Check them below, then "
                    "submit again.")
_SUBMISSION_SALT = "iap-portal.submit-request"


def start_request(user: User) -> EngagementRequest:
    """Open a new draft for ``user``'s city or division."""
    role = user.role_enum
    if role is Role.CITY:
        req = EngagementRequest(
            origin=Origin.CITY, submitter=user, counterpart_city_id=user.city_id,
            government_kind=user.government_kind, representative_name=user.name,
            representative_title=user.job_title,
        )
    elif role is Role.DIVISION_STAFF:
        req = EngagementRequest(origin=Origin.DIVISION, submitter=user,
                                sponsoring_division_id=user.division_id)
    else:
        raise PermissionError("only cities and divisions file requests")
    req.areas = []
    db.session.add(req)
    db.session.flush()
    transitions.record_note(req, user, TimelineEvent.CREATED)
    return req


def _ensure_editable(req: EngagementRequest) -> None:
    if not is_editable_by_submitter(req.status_enum):
        raise NotEditable(NOT_EDITABLE)


def save_answers(req: EngagementRequest, step: Step, answers: Mapping[str, Any]) -> None:
    """Store the answers to ``step`` that were given; other columns are left untouched."""
    _ensure_editable(req)
    for name, value in answers.items():
        if name not in step.fields:
            raise KeyError(f"{name} is not asked on {step.slug}")
        setattr(req, name, value)
    req.updated_at = utcnow()


def save_page(req: EngagementRequest, user: User, step: Step, columns: Mapping[str, Any], *,
              counterpart: tuple[str, str] | None = None,
              outcomes: Iterable[tuple[str, str, str]] | None = None,
              letter: CheckedUpload | None = None) -> None:
    """Store one page's answers: its columns, and the counterpart, outcomes or letter it gives."""
    save_answers(req, step, columns)
    if counterpart is not None:
        save_counterpart(req, *counterpart)
    if outcomes is not None:
        replace_outcomes(req, outcomes)
    if letter is not None:
        attach_document(req, user, letter)


def save_counterpart(req: EngagementRequest, city_name: str, country_code: str) -> None:
    """Name the counterpart city of a division's proposal."""
    _ensure_editable(req)
    req.counterpart_city = find_or_create_city(city_name, country_code)


def replace_outcomes(req: EngagementRequest, rows: Iterable[tuple[str, str, str]]) -> None:
    """Replace the measurable outcomes of ``req`` with ``rows``."""
    _ensure_editable(req)
    req.outcomes.clear()
    db.session.flush()
    for position, (outcome, indicator, target) in enumerate(rows):
        req.outcomes.append(Outcome(position=position, outcome=outcome, indicator=indicator,
                                    target=target))


def attach_document(req: EngagementRequest, user: User, upload: CheckedUpload,
                    kind: str = "letter_of_intent") -> Document:
    """Attach ``upload`` to ``req``; a new letter of intent replaces the previous one."""
    if kind == "letter_of_intent":
        _ensure_editable(req)
        for old in [d for d in req.documents if d.kind == kind]:
            req.documents.remove(old)
    document = Document(kind=kind, filename=upload.filename, media_type=upload.media_type,
                        size=len(upload.content), sha256=upload.sha256, content=upload.content,
                        uploaded_by=user)
    req.documents.append(document)
    db.session.flush()
    return document


def answer_information(req: EngagementRequest, user: User, answer: str,
                       upload: CheckedUpload | None) -> None:
    """Answer the reviewers' question, with a document if one is given; review resumes."""
    if not is_submitting_party(user, req):
        raise AnswerRefused(N_("Only the submitter can answer this request's questions."))
    try:
        event = transitions.perform(req, Action.ANSWER, user, note=answer)
    except TransitionRefused:
        raise AnswerRefused(not_now(req.status_enum, Action.ANSWER)) from None
    if upload is not None:
        event.document = attach_document(req, user, upload, kind="supporting")
    notifications.send_answer_received(req)


def submission_problems(req: EngagementRequest, user: User) -> list[str]:
    """Return what stops ``user`` submitting ``req`` now, in words for the submitter.

    While sections are unfinished they are what to do next; once all are complete, every
    eligibility gate that fails says why. A counterpart that is not a local government is
    said at once, as nothing else can make the request eligible.
    """
    problems = [P_("Complete the section “%(section)s”", section=step.title)
                for step in unfinished(req)]
    gates = failed(assessment.eligibility(req))
    if problems and req.kind is not None:
        problems[:0] = [g.reason for g in gates if g.gate is Gate.LOCAL_GOVERNMENT]
    else:
        problems = [g.reason for g in gates]
    unconfirmed = why_not_submit_unconfirmed(user.role_enum,
                                             email_confirmed=user.email_confirmed)
    if unconfirmed is not None:
        problems.append(unconfirmed)
    return problems


def _token_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SUBMISSION_SALT)


def submission_token(req: EngagementRequest) -> str:
    """Return the one-time token the check-answers form of draft ``req`` carries.

    It names the draft and its version as shown. Submitting changes the version, so a token
    submits its draft at most once; sent again (a double click, a retry), it is recognised by
    ``submitted_with`` as a repeat of a submission that succeeded.
    """
    return _token_serializer().dumps([req.id, req.version])


def _read_token(token: str | None) -> tuple[int, int] | None:
    """Return the (request id, version) a token names, or None if it is not one of ours."""
    if not token:
        return None
    try:
        value = _token_serializer().loads(token)
    except BadData:
        return None
    if (isinstance(value, list) and len(value) == 2
            and all(type(part) is int for part in value)):
        return value[0], value[1]
    return None


def submitted_with(req: EngagementRequest, token: str | None) -> bool:
    """Return whether ``token`` is a submit form of ``req`` sent again after it was submitted."""
    read = _read_token(token)
    return (read is not None and read[0] == req.id and req.reference is not None
            and read[1] < req.version)


def submit(req: EngagementRequest, user: User, token: str | None = None) -> None:
    """Submit ``req``: give it a reference, record the transition, send the receipt.

    ``token``, when given, is the check-answers form's ``submission_token``: a token of
    another request, a forged one or one from before the draft last changed is refused
    (the submitter has not seen the answers as they are now).
    """
    _ensure_editable(req)
    # What stops the submission comes first: the check-answers page lists it, whatever
    # the page it was sent from.
    problems = submission_problems(req, user)
    if problems:
        raise CannotSubmit(problems)
    if token is not None and _read_token(token) != (req.id, req.version):
        raise CannotSubmit([PAGE_OUT_OF_DATE])
    # Everything is read and worked out before the first write, and the writes follow
    # one another: SQLite lets one request write at a time, from its first write to its
    # commit, and makes the others wait. A draft was never scored: no earlier assessment.
    proposed = assessment.propose_assessment(req, first=True)
    now = utcnow()
    # The rows are written through Core, one statement each, not as objects for the unit
    # of work: its flush cost more than the statements. Anything the session still holds
    # goes first (nothing, from the check-answers page). The rows every submission shares
    # (the reference counter, the counts by status) are written last
    # (``transitions.perform_written`` says why). The rows written before them hold the
    # request's row against a change of its reference, so two submissions of one draft must
    # not both write them: the check-answers POST reads the draft locked
    # (``intake.routes._submittable``), and the second waits there.
    db.session.flush()
    write_first_assessment(req, proposed)
    transitions.perform_written(req, Action.SUBMIT, user, now, lambda: {
        "reference": next_reference(now.year), "submitted_at": now,
        "declaration_name": user.name, "score_percent": proposed.total_percent})
    receipt.send_receipt(req)
    forget_reads()


def withdraw(req: EngagementRequest, user: User, reason: str) -> None:
    """Withdraw a submitted request before a decision."""
    transitions.perform(req, Action.WITHDRAW, user, note=reason)
    notifications.send_withdrawal_notice(req)


def discard_draft(req: EngagementRequest) -> None:
    """Delete a draft that was never submitted."""
    _ensure_editable(req)
    for event in list(db.session.scalars(
            select(transitions.RequestEvent).where(transitions.RequestEvent.request_id == req.id))):
        db.session.delete(event)
    db.session.delete(req)
    db.session.flush()


# Built once: SQLAlchemy computes a statement's cache key once per statement object, and
# building the update afresh cost more than running it.
_COUNTERS = ReferenceCounter.__table__
_BUMP = (update(_COUNTERS).where(_COUNTERS.c.year == bindparam("of_year"))
         .values(last=_COUNTERS.c.last + 1).returning(_COUNTERS.c.last))


def next_reference(year: int) -> str:
    """Return the next reference of ``year``, such as ``IAP-2026-0042``; never one twice."""
    number = db.session.execute(_BUMP, {"of_year": year}).scalar()
    if number is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(ReferenceCounter).values(year=year, last=1))
            number = 1
        except IntegrityError:  # another submission opened the year first
            number = db.session.execute(_BUMP, {"of_year": year}).scalar_one()
    return f"IAP-{year}-{number:04d}"
