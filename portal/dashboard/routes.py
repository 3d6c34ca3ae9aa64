"""Serve the CCO dashboard: the program's figures as charts, each with its table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Blueprint, render_template
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from portal.access import roles_required
from portal.dashboard import charts
from portal.dashboard.services import DashboardFigures, Tally, dashboard_figures
from portal.policy.roles import Role

bp = Blueprint("dashboard", __name__, url_prefix="/review/dashboard")


@dataclass(frozen=True)
class Panel:
    """One chart of the page, its heading and the same figures as table rows."""

    heading: str
    chart: Markup | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = ""


def _number(value: float) -> str:
    return str(format_decimal(value, format="#,##0.#"))


def _count_panel(heading: str, kind: str, tallies: Sequence[Tally]) -> Panel:
    # Labels come from the policy and the region data in English; translated here.
    labelled = [(_(t.label), t.count) for t in tallies]
    return Panel(
        heading=heading,
        chart=charts.bar_chart(heading, labelled, number=_number),
        columns=(kind, _("Requests")),
        rows=tuple((label, _number(count)) for label, count in labelled),
    )


def _panels(figures: DashboardFigures) -> list[Panel]:
    days = _("days")
    by_category = figures.decision_time_by_category
    medians = [(_(d.label), d.median_days) for d in by_category if d.median_days is not None]
    median_heading = _("Median days to decision, by category")
    month_heading = _("Requests decided each month, last 12 months")
    months = [(format_date(m.month, "MMMM y"), m.count) for m in figures.decided_by_month]
    return [
        _count_panel(_("Requests by status"), _("Status"), figures.by_status),
        _count_panel(_("Requests by category"), _("Category"), figures.by_category),
        _count_panel(_("Requests by region of the counterpart city"), _("Region"),
                     figures.by_region),
        _count_panel(_("Requests by origin"), _("Filed by"), figures.by_origin),
        Panel(
            heading=median_heading,
            # A category nobody has decided yet has no median: no bar, a row saying so.
            chart=(charts.bar_chart(median_heading, medians, days, number=_number)
                   if medians else None),
            columns=(_("Category"), _("Median days"), _("Requests decided")),
            rows=tuple(
                (_(d.label),
                 _number(d.median_days) if d.median_days is not None else _("None decided"),
                 _number(d.decided))
                for d in by_category
            ),
            empty=_("No request has been decided yet."),
        ),
        Panel(
            heading=month_heading,
            chart=charts.bar_chart(month_heading, months, number=_number),
            columns=(_("Month"), _("Requests decided")),
            rows=tuple((label, _number(count)) for label, count in months),
        ),
    ]


@bp.route("")
@roles_required(Role.CCO_REVIEWER, Role.ADMIN)
def index() -> str:
    """Show requests by status, category, region and origin, and the time to decision."""
    figures = dashboard_figures()
    median = figures.decision_time.median_days
    return render_template(
        "dashboard/index.html", figures=figures, panels=_panels(figures),
        median=_number(median) if median is not None else None,
    )
