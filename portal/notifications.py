"""Queue the portal's messages in the outbox: the one way the portal writes to people.

Each message is stored as an ``OutboxMessage``; in development an administrator reads them
in the portal, and SMTP delivery sends what is pending. Each is written in its recipient's
language (``languages.in_language_of``: their account's choice, else the portal's default),
not in the language of the person whose action sends it: subjects and texts are lazy
translations, put into words under the recipient's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app, has_request_context, render_template, url_for
from flask import request as http_request
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, or_, select

from portal.access import is_submitting_party
from portal.extensions import db
from portal.languages import in_language_of
from portal.models import (
    Agreement,
    AgreementDraft,
    Consultation,
    EngagementRequest,
    OutboxMessage,
    User,
)
from portal.policy.deployment import link_base
from portal.policy.notices import (
    LEAD_DIVISION_ROLES,
    AgreementStep,
    Audience,
    Person,
    agreement_audience,
    approves_as_to_form,
    reviewers_to_tell,
)
from portal.policy.roles import Role
from portal.policy.signatories import Signatory, holds_authority

Words = str | LazyString | Callable[[], str]
"""Text to put into words in the recipient's language: lazy, or a function composing it."""


def say(words: Words) -> str:
    """Return ``words`` in the current language (call inside ``in_language_of``)."""
    return words() if callable(words) and not isinstance(words, LazyString) else str(words)


def write_to(kind: str, user: User, subject: Words, template: str,
             request: EngagementRequest | None = None, **context: Any) -> OutboxMessage:
    """Queue message ``kind`` to ``user``, subject and body in their language."""
    with in_language_of(user):
        body = render_template(template, user=user, **context)
        return queue_message(kind, user.email, say(subject), body, request=request)


def queue_message(
    kind: str, to_address: str, subject: str, body: str,
    request: EngagementRequest | None = None,
) -> OutboxMessage:
    """Store one message for sending and return it.

    It is written with the request's other changes, at the session's next flush (a
    submission writes its receipt at once: ``intake.receipt``).
    """
    message = OutboxMessage(
        kind=kind, to_address=to_address, subject=subject, body=body,
        request_id=request.id if request else None,
    )
    db.session.add(message)
    return message


def external_url(endpoint: str, **values: object) -> str:
    """Return an absolute address for a link in a message, on the portal's public address.

    ``PUBLIC_BASE_URL`` when set (production must set it); in development, the address the
    current request came in on (``policy.deployment.link_base``).
    """
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if has_request_context():
        return link_base(configured, http_request.host_url) + url_for(endpoint, **values)
    with current_app.test_request_context():  # a CLI command or a scheduled job
        return link_base(configured, None) + url_for(endpoint, **values)


def send_email_confirmation(user: User, token: str) -> OutboxMessage:
    """Ask a new account holder to confirm their email address."""
    link = external_url("auth.confirm_email", token=token)
    return write_to("account_confirmation", user,
                    _l("Confirm your email address for the IAP Portal"),
                    "email/confirm_email.txt", link=link)


def send_registration_attempt(user: User) -> OutboxMessage:
    """Tell an account holder that someone tried to register with their email address."""
    return write_to("registration_attempt", user,
                    _l("Someone tried to register with your email address"),
                    "email/registration_attempt.txt", login_link=external_url("auth.login"),
                    reset_link=external_url("auth.forgot_password"))


def password_reset_body(user: User, token: str) -> str:
    """Return the text of the message carrying a password reset link, in their language."""
    link = external_url("auth.reset_password", token=token)
    with in_language_of(user):
        return render_template("email/password_reset.txt", user=user, link=link)


def send_password_reset(user: User, token: str) -> OutboxMessage:
    """Send a single-use link to choose a new password."""
    body = password_reset_body(user, token)
    with in_language_of(user):
        subject = _("Reset your IAP Portal password")
    return queue_message("password_reset", user.email, subject, body)


def send_invitation(user: User, token: str) -> OutboxMessage:
    """Invite a new staff member to choose a password."""
    link = external_url("auth.accept_invitation", token=token)
    return write_to("invitation", user, _l("Your IAP Portal account"),
                    "email/invitation.txt", link=link)


def send_city_invitation(user: User, inviter: User, token: str) -> OutboxMessage:
    """Invite a colleague of a verified city representative to choose a password."""
    link = external_url("auth.accept_invitation", token=token)
    return write_to("invitation", user,
                    _l("You are invited to represent your city on the IAP Portal"),
                    "email/city_invitation.txt", inviter=inviter, link=link)


def send_invitation_to_existing(user: User, inviter: User) -> OutboxMessage:
    """Tell the holder of an existing account that a city representative invited them."""
    return write_to("invitation", user, _l("An invitation to the IAP Portal"),
                    "email/invitation_existing.txt", inviter=inviter,
                    link=external_url("auth.login"))


def send_representative_verified(user: User) -> OutboxMessage:
    """Tell a city representative that the City has verified their link to their city."""
    return write_to("representative_verified", user,
                    _l("You are verified as a representative of your city"),
                    "email/representative_verified.txt",
                    link=external_url("intake.my_requests"))


def send_representative_refused(user: User, reason: str) -> OutboxMessage:
    """Tell a person why the City could not verify them as their city's representative."""
    return write_to("representative_refused", user,
                    _l("We could not verify you as your city's representative"),
                    "email/representative_refused.txt", reason=reason)


def send_withdrawal_notice(request: EngagementRequest) -> OutboxMessage:
    """Confirm to the submitter that a request was withdrawn."""
    return write_to("withdrawal", request.submitter,
                    _l("Your request %(reference)s was withdrawn", reference=request.reference),
                    "email/withdrawn.txt", request=request, req=request)


def _update(kind: str, recipients: Iterable[User | str], req: EngagementRequest,
            subject: Words, text: Words, endpoint: str) -> None:
    """Queue one message about ``req`` to each recipient, linking to ``endpoint``."""
    link = external_url(endpoint, request_id=req.id)
    seen: set[str] = set()
    for recipient in recipients:
        address = recipient if isinstance(recipient, str) else recipient.email
        if address in seen:
            continue
        seen.add(address)
        with in_language_of(recipient):
            body = render_template("email/request_update.txt", req=req, text=say(text),
                                   link=link)
            queue_message(kind, address, say(subject), body, request=req)


def _staff(*conditions: Any) -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), *conditions)))


def send_assignment(req: EngagementRequest, assignee: User) -> None:
    """Tell a reviewer that a request was assigned to them."""
    _update("assignment", [assignee], req,
            _l("%(reference)s is assigned to you", reference=req.reference),
            _l("The request %(reference)s “%(title)s” is assigned to you.",
               reference=req.reference, title=req.display_title), "review.show")


def send_information_requested(req: EngagementRequest, question: str) -> None:
    """Ask the submitter a question about their request."""
    _update("information_requested", [req.submitter], req,
            _l("A question about your request %(reference)s", reference=req.reference),
            _l("The City Clerk's Office asks:\n\n%(question)s\n\nAnswer it in the portal.",
               question=question), "intake.show")


def send_information_reminder(req: EngagementRequest) -> None:
    """Remind the submitter of a question the City Clerk's Office still awaits an answer to."""
    _update("information_reminder", [req.submitter], req,
            _l("Reminder: a question about your request %(reference)s",
               reference=req.reference),
            _l("The City Clerk's Office is still waiting for your answer to its question. "
               "Until you answer, the review may resume without it or the request may be "
               "declined. Answer it in the portal."), "intake.show")


def send_answer_received(req: EngagementRequest) -> None:
    """Tell the assigned reviewer (or every CCO reviewer) that the submitter answered."""
    _update("answer_received", _reviewers(req), req,
            _l("%(reference)s: the submitter answered", reference=req.reference),
            _l("The submitter of %(reference)s answered your question.",
               reference=req.reference), "review.show")


def send_awaiting_approval(req: EngagementRequest, signatory: Signatory) -> None:
    """Tell the signatory the policy names that a recommended request awaits their decision.

    Written only to the accounts that may decide it (``policy.signatories.holds_authority``,
    the rule the approve button follows): the sponsoring division's head, the Deputy City
    Manager over the sponsoring division's service area (not every one), the City Manager,
    or the Mayor's Office. An account told of a decision it may not take is noise.
    """
    sponsoring = req.sponsoring_division.name if req.sponsoring_division else None
    people = [
        user for user in _staff(User.role == Role.SIGNING_AUTHORITY.value,
                                User.signing_office == signatory.office.value)
        if holds_authority(signatory, user.office,
                           user.division.name if user.division else None, sponsoring,
                           user.name)
    ]
    _update("awaiting_approval", people, req,
            _l("%(reference)s awaits your approval", reference=req.reference),
            _l("The City Clerk's Office recommends %(reference)s “%(title)s”.",
               reference=req.reference, title=req.display_title), "review.show")


def _decision_text(req: EngagementRequest, approved: bool, reason: str) -> str:
    """Return the decision told to the submitter, in the current language."""
    named = {"reference": req.reference, "title": req.display_title}
    if approved:
        text = _("Your request %(reference)s “%(title)s” is approved. The City Clerk's "
                 "Office will send you the draft agreement.", **named)
        if reason.strip():
            # Only a note the approver marked for the city reaches this far.
            text += "\n\n" + _("A note from the signing authority:\n%(note)s", note=reason)
        return text
    if reason.strip():
        return _("Your request %(reference)s “%(title)s” was declined.\n\nThe reason:\n"
                 "%(reason)s", reason=reason, **named)
    # The signatory kept the reason internal: the city learns the decision only.
    return _("Your request %(reference)s “%(title)s” was declined.", **named)


def send_decision(req: EngagementRequest, *, approved: bool, reason: str) -> None:
    """Tell the submitter the decision, with the reason for a decline."""
    _update("decision", [req.submitter], req,
            _l("A decision on your request %(reference)s", reference=req.reference),
            lambda: _decision_text(req, approved, reason), "intake.show")


def send_message(req: EngagementRequest, text: str) -> None:
    """Pass a reviewer's message to the submitter (their words, sent as written)."""
    _update("message", [req.submitter], req,
            _l("A message about your request %(reference)s", reference=req.reference),
            text, "intake.show")


def send_consultation_asked(req: EngagementRequest, consultation: Consultation) -> None:
    """Ask the consulted office's staff for their view."""
    people = _staff(User.division_id == consultation.division_id,
                    User.role.in_([Role.SUPPORTING_REVIEWER.value, Role.DIVISION_STAFF.value]))
    _update("consultation_asked", people, req,
            _l("Your view is asked on %(reference)s", reference=req.reference),
            _l("The City Clerk's Office asks %(office)s:\n\n%(question)s",
               office=consultation.division.name, question=consultation.question),
            "review.show")


# Steps a person waits on: who is told is ``policy.notices``' rule -------------------------

def person_for(user: User, req: EngagementRequest | None = None) -> Person:
    """Return what ``policy.notices`` needs to know of ``user`` (and their link to ``req``)."""
    return Person(account_id=user.id, role=user.role_enum, active=user.active,
                  division_id=user.division_id,
                  is_submitting_party=req is not None and is_submitting_party(user, req))


def _tell_each(kind: str, users: Iterable[User], req: EngagementRequest, subject: Words,
               link: str, **context: Any) -> None:
    """Queue message ``kind`` (its text ``email/<kind>.txt``) to each of ``users``."""
    for user in users:
        write_to(kind, user, subject, f"email/{kind}.txt", request=req, req=req, link=link,
                 **context)


def _reviewers(req: EngagementRequest, *waiting: User) -> list[User]:
    """Return the reviewers to tell of a step in ``req``'s review (``reviewers_to_tell``)."""
    ccos = User.active_cco_reviewers()
    known = {u.id: u for u in (req.assignee, *waiting, *ccos) if u is not None}
    ids = reviewers_to_tell(person_for(req.assignee) if req.assignee else None,
                            [person_for(u) for u in waiting], [person_for(u) for u in ccos])
    return [known[i] for i in ids]


def agreement_recipients(req: EngagementRequest) -> list[tuple[User, Audience]]:
    """Return who is told of a step of ``req``'s agreement, and why (``agreement_audience``).

    The query only narrows the accounts to those the rule could name (the city's accounts,
    the submitter, the lead division's staff); the rule decides.
    """
    city = (User.city_id == req.counterpart_city_id if req.counterpart_city_id is not None
            else false())
    lead = req.sponsoring_division_id
    staff = (and_(User.role.in_([r.value for r in LEAD_DIVISION_ROLES]),
                  User.division_id == lead) if lead is not None else false())
    candidates = db.session.scalars(select(User).where(
        User.active.is_(True),
        or_(and_(User.role == Role.CITY.value, or_(User.id == req.submitter_id, city)), staff),
    ).order_by(User.id))
    told = [(user, agreement_audience(person_for(user, req), lead)) for user in candidates]
    return [(user, audience) for user, audience in told if audience is not None]


def _agreement_subject(step: AgreementStep, reference: str | None) -> LazyString:
    """Return the subject of the message telling of ``step`` (each said whole, to translate)."""
    if step is AgreementStep.DRAFTED:
        return _l("The agreement for %(reference)s is drafted", reference=reference)
    if step is AgreementStep.APPROVED_AS_TO_FORM:
        return _l("The agreement for %(reference)s is approved as to form", reference=reference)
    return _l("The agreement for %(reference)s is signed", reference=reference)


def _agreement_link(req: EngagementRequest, audience: Audience,
                    agreement: Agreement | None) -> str:
    """Return the page a person told of an agreement step opens: their own, or the City's."""
    if audience is Audience.PARTY:
        return external_url("intake.show", request_id=req.id)
    if agreement is not None:  # signed: the agreement's page, where outcomes are reported
        return external_url("registry.agreement", agreement_id=agreement.id)
    return external_url("review.show", request_id=req.id, _anchor="agreement")


def send_agreement_step(req: EngagementRequest, step: AgreementStep,
                        agreement: Agreement | None = None) -> None:
    """Tell the filing party and the lead division that the agreement reached ``step``."""
    subject = _agreement_subject(step, req.reference)
    for user, audience in agreement_recipients(req):
        write_to(step.value, user, subject, f"email/{step.value}.txt", request=req, req=req,
                 audience=audience.value, agreement=agreement,
                 link=_agreement_link(req, audience, agreement))


def send_draft_awaiting_form(req: EngagementRequest, draft: AgreementDraft) -> None:
    """Tell every City Solicitor that a new draft awaits approval as to form."""
    solicitors = [u for u in _staff(User.role == Role.SOLICITOR.value)
                  if approves_as_to_form(person_for(u))]
    subject = _l("Draft agreement %(reference)s (version %(version)s) awaits your approval "
                 "as to form", reference=req.reference, version=draft.version)
    link = external_url("review.show", request_id=req.id, _anchor="agreement")
    _tell_each("draft_awaiting_form", solicitors, req, subject, link, draft=draft)


def send_draft_returned(req: EngagementRequest, draft: AgreementDraft) -> None:
    """Tell the assigned reviewer (or every CCO reviewer) the Solicitor returned a draft."""
    subject = _l("Draft agreement %(reference)s (version %(version)s) is returned with "
                 "changes requested", reference=req.reference, version=draft.version)
    link = external_url("review.show", request_id=req.id, _anchor="agreement")
    _tell_each("draft_returned", _reviewers(req), req, subject, link, draft=draft)


def send_request_approved(req: EngagementRequest, approver: User) -> None:
    """Tell the assigned reviewer (or every CCO reviewer) that the request is approved."""
    subject = _l("%(reference)s is approved: draft its agreement", reference=req.reference)
    link = external_url("review.show", request_id=req.id, _anchor="agreement")
    _tell_each("request_approved", _reviewers(req), req, subject, link, approver=approver)


def send_consultation_answered(req: EngagementRequest, consultation: Consultation) -> None:
    """Tell the assigned reviewer, and the reviewer who asked, that the office answered."""
    subject = _l("%(office)s answered on %(reference)s", office=consultation.division.name,
                 reference=req.reference)
    link = external_url("review.show", request_id=req.id)
    _tell_each("consultation_answered", _reviewers(req, consultation.asked_by), req,
               subject, link, consultation=consultation)
