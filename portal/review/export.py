"""Export the review queue as CSV: a heading and a value a person reads in every column.

The values are the words the queue page shows (the policy's labels, translated), never the
stored keys, and no cell can run as a formula when the file is opened in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from flask_babel import format_decimal
from flask_babel import gettext as _

from portal.models import User
from portal.policy.answers import Origin
from portal.policy.text import spreadsheet_safe
from portal.presentation import page_country_name
from portal.review.queue import QueueFilters, QueueRow, queue_page

Column = tuple[str, Callable[[QueueRow], str | int]]


def _category(row: QueueRow) -> str:
    req = row.request
    return _(req.category.label) if req.category else _("Not sure")


def _score(row: QueueRow) -> str:
    # In the reader's decimal notation, as their spreadsheet reads numbers: 65.0, 65,0.
    if row.request.score_percent is None:
        return ""
    return str(format_decimal(round(row.request.score_percent, 1), format="0.0"))


def _city(row: QueueRow) -> str:
    return row.request.city_name or ""


def _country(row: QueueRow) -> str:
    return page_country_name(row.request.country_code) if row.request.city_name is not None \
        else ""


def columns() -> list[Column]:
    """Return each column's heading, in the reader's language, and how a row fills it."""
    return [
        (_("Reference"), lambda row: row.request.reference),
        (_("Title"), lambda row: row.request.display_title),
        (_("Counterpart city"), _city),
        (_("Country"), _country),
        (_("Category"), _category),
        (_("Filed by"), lambda row: _(Origin(row.request.origin).label)),
        (_("Sponsoring division"), lambda row: row.request.division_name or ""),
        (_("Score (%)"), _score),
        (_("Band"), lambda row: _(band.label) if (band := row.request.band_enum) else ""),
        (_("Risk flags"), lambda row: "; ".join(_(note.flag.label) for note in row.risks)),
        (_("Status"), lambda row: _(row.request.status_enum.label)),
        (_("Assignee"), lambda row: row.request.assignee_name or _("Unassigned")),
        (_("Days waiting"), lambda row: row.days_waiting),
        (_("Past its target"), lambda row: _("Yes") if row.ageing else _("No")),
        (_("Submitted"), lambda row: (row.request.submitted_at.date().isoformat()
                                      if row.request.submitted_at else "")),
    ]


def queue_csv(user: User, f: QueueFilters, today: date | None = None,
              limit: int = 100_000) -> str:
    """Return every request matching ``f`` (not just one page) as CSV text."""
    page = queue_page(user, replace(f, page=1), today, per_page=limit)
    wanted = columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(heading) for heading, _value in wanted])
    for row in page.rows:
        writer.writerow([spreadsheet_safe(value) if isinstance(value, str) else value
                         for value in (fill(row) for _heading, fill in wanted)])
    return out.getvalue()
