"""Give templates the filters and helpers they share: dates, money, labels from the policy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import translation
from portal.models.cities import local_country_name
from portal.policy.annual_report import rating_label
from portal.policy.answers import Origin
from portal.policy.lifecycle import Status
from portal.policy.page_actions import PageAction
from portal.policy.roles import Role, SigningOffice
from portal.policy.timeline import TIMELINE_LABELS

STATUS_TAG_COLOURS = {
    Status.DRAFT: "grey",
    Status.SUBMITTED: "blue",
    Status.IN_TRIAGE: "blue",
    Status.INFORMATION_REQUESTED: "yellow",
    Status.IN_REVIEW: "blue",
    Status.RECOMMENDED: "turquoise",
    Status.DECLINED: "red",
    Status.WITHDRAWN: "grey",
    Status.APPROVED: "green",
    Status.AGREEMENT_DRAFTED: "green",
    Status.APPROVED_AS_TO_FORM: "green",
    Status.SIGNED: "green",
}


def status_label(value: str | Status | None) -> str:
    """Return a status's name for people."""
    return Status(value).label if value else ""


def status_colour(value: str | Status) -> str:
    """Return the colour of a status tag."""
    return STATUS_TAG_COLOURS[Status(value)]


def page_country_name(code: str | None) -> str:
    """Return the country's name in the page's language (the templates' ``country_name``)."""
    return local_country_name(code, translation.page_locale())


def long_date(value: date | datetime | None) -> str:
    """Write a date as people read it in the page's language, for example 3 March 2027."""
    return "" if value is None else translation.long_date(value)


def number(value: float | None, decimals: int | None = None) -> str:
    """Write a number as the page's language does (1 234,5 in French); ``decimals`` fixed."""
    if value is None:
        return ""
    if decimals is None:
        return translation.format_number(value)
    return translation.format_number(round(value, decimals),
                                     "#,##0." + "0" * decimals if decimals else "#,##0")


def percent(value: float | None, decimals: int = 1) -> str:
    """Write a percentage (65.0 for 65 %) as the page's language does: "65.0%", "65,0 %"."""
    if value is None:
        return ""
    pattern = translation.page_locale().percent_formats[None].pattern  # "#,##0%", "#,##0 %"
    if decimals:
        pattern = pattern.replace("#0", "#0." + "0" * decimals, 1)
    return translation.format_percentage(round(value, decimals) / 100, pattern)


def role_label(value: str) -> str:
    """Return a role's name for people."""
    return Role(value).label


def office_label(value: str | None) -> str:
    """Return a signing office's title."""
    return SigningOffice(value).label if value else ""


EVENT_LABELS = {e.value: label for e, label in TIMELINE_LABELS.items()}


def event_label(action: str) -> str:
    """Return the heading of a timeline entry that is not a change of status."""
    return EVENT_LABELS.get(action, action.replace("_", " ").capitalize())


MESSAGE_KINDS = {
    "account_confirmation": _l("Email address confirmation"),
    "registration_attempt": _l("Registration attempt"),
    "invitation": _l("Invitation"),
    "password_reset": _l("Password reset"),
    "representative_verified": _l("Representative verified"),
    "representative_refused": _l("Representative refused"),
    "submission_receipt": _l("Submission receipt"),
    "withdrawal": _l("Withdrawal"),
    "assignment": _l("Assignment"),
    "information_requested": _l("Information requested"),
    "information_reminder": _l("Reminder: information requested"),
    "answer_received": _l("Answer received"),
    "awaiting_approval": _l("Awaiting approval"),
    "decision": _l("Decision"),
    "message": _l("Message"),
    "consultation_asked": _l("Consultation asked"),
    "consultation_answered": _l("Consultation answered"),
    "draft_awaiting_form": _l("Draft awaiting approval as to form"),
    "draft_returned": _l("Draft returned"),
    "request_approved": _l("Request approved"),
    "agreement_drafted": _l("Agreement drafted"),
    "agreement_approved_as_to_form": _l("Agreement approved as to form"),
    "agreement_signed": _l("Agreement signed"),
    "review_due": _l("Agreement review due"),
    "report_due": _l("Annual report due"),
}
"""The outbox's name for each kind of message the portal writes."""


def message_kind(kind: str) -> str:
    """Return the name of a kind of message, in the page's language."""
    label = MESSAGE_KINDS.get(kind)
    return str(label) if label is not None else kind.replace("_", " ")


def enumerate_descriptors(descriptors: tuple[str, ...]) -> dict[str, str]:
    """Return a rubric criterion's descriptors keyed by score, as radio hints."""
    return {str(score): text for score, text in enumerate(descriptors)}


def field_messages(errors: Any) -> list[str]:
    """Return a field's error messages as text, lazy translations included, lists flattened.

    A lazy translation is not a ``str``, so a template cannot tell it from a list of
    messages (a list field's errors); this does.
    """
    if isinstance(errors, dict):
        errors = list(errors.values())
    if isinstance(errors, str):  # a phrase stays one, so that the page translates it
        return [errors] if errors else []
    if not isinstance(errors, list | tuple):
        return [str(errors)] if errors else []
    found: list[str] = []
    for error in errors:
        found.extend(field_messages(error))
    return found


def init_app(app: Flask) -> None:
    """Register the filters."""
    filters: dict[str, Any] = {
        "status_label": status_label,
        "status_colour": status_colour,
        "long_date": long_date,
        "role_label": role_label,
        "office_label": office_label,
        "enumerate_descriptors": enumerate_descriptors,
        "event_label": event_label,
        "field_messages": field_messages,
        "country_name": page_country_name,
        "message_kind": message_kind,
        "number": number,
        "percent": percent,
        "rating_label": rating_label,
    }
    app.jinja_env.filters.update(filters)
    app.jinja_env.globals["Status"] = Status
    app.jinja_env.globals["Origin"] = Origin
    app.jinja_env.globals["PageAction"] = PageAction
