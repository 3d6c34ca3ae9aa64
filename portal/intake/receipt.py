"""Queue a submission's receipt in the outbox, written at once with the submission's rows.

The message is the one ``notifications.write_to`` would queue, in the submitter's language;
it is inserted as a row through SQLAlchemy Core, not added to the session as an object, as
a submission writes its rows without the unit of work's flush (``intake.services.submit``).
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import insert

from portal.database import write
from portal.languages import in_language_of
from portal.models import EngagementRequest, OutboxMessage
from portal.notifications import external_url

# Built once: SQLAlchemy then computes its cache key once (portal.database says why).
_ADD_MESSAGE = insert(OutboxMessage.__table__)


def send_receipt(request: EngagementRequest) -> None:
    """Confirm to the submitter that a request arrived, with its reference."""
    user = request.submitter
    link = external_url("intake.show", request_id=request.id)
    with in_language_of(user):
        body = render_template("email/receipt.txt", user=user, request=request, req=request,
                               link=link)
        subject = _("We received your request %(reference)s", reference=request.reference)
    write(_ADD_MESSAGE, {
        "kind": "submission_receipt", "to_address": user.email, "subject": subject,
        "body": body, "request_id": request.id})
