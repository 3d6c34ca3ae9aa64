"""Gather a year's figures from the registry into the annual report docgen writes.

A few queries: every agreement of the registry (a few hundred at most: the program has no
cap, but each one is a relationship the City keeps), the year's entries of their histories,
and the year's outcome reports. Which agreements count as active, and which entries count as
what happened, is the policy's (``portal.policy.annual_report``); the words are English,
because the report goes to a Council committee whoever produces it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import select

from docgen.pdf import PdfUnavailable, soffice, to_pdf
from docgen.report import (
    NOT_RECORDED,
    AgreementOutcomes,
    AnnualReport,
    Count,
    OutcomeLine,
    RegistryEntry,
    YearEvent,
    render_annual_report,
)
from portal.access import state_of
from portal.extensions import db
from portal.geography import REGIONS, UNKNOWN, region_of
from portal.models import Agreement, AgreementEvent, OutcomeReport
from portal.policy.agreements import AgreementEventKind, AgreementStatus
from portal.policy.annual_report import ENDED, HAPPENED_IN_YEAR, active_during, rating_of
from portal.policy.categories import Category

__all__ = ["DOCX", "PdfUnavailable", "annual_report", "pdf_available", "report_filename",
           "report_pdf", "report_word"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _category(agreement: Agreement) -> str:
    return str(agreement.category_enum.label) if agreement.category_enum else NOT_RECORDED


def _active(agreements: Sequence[Agreement], year: int, today: date) -> list[Agreement]:
    return [a for a in agreements if a.status_enum is not AgreementStatus.HISTORICAL
            and active_during(a.dates, year, today, a.established_year)]


def _by_category(active: Sequence[Agreement]) -> tuple[Count, ...]:
    counted = Counter(a.category for a in active)
    return tuple(Count(str(c.label), counted[c.value]) for c in Category)


def _by_region(active: Sequence[Agreement]) -> tuple[Count, ...]:
    counted = Counter(region_of(a.country_code) for a in active)
    shown = [*REGIONS, UNKNOWN] if counted[UNKNOWN] else list(REGIONS)
    return tuple(Count(str(region), counted[region]) for region in shown)


def _events(year: int) -> dict[AgreementEventKind, list[YearEvent]]:
    """Return the year's renewals, promotions and endings, oldest first, by kind."""
    begin, end = datetime.combine(date(year, 1, 1), time.min), \
        datetime.combine(date(year + 1, 1, 1), time.min)
    rows = db.session.execute(
        select(AgreementEvent, Agreement.counterpart_name).join(
            Agreement, Agreement.id == AgreementEvent.agreement_id)
        .where(AgreementEvent.action.in_([k.value for k in HAPPENED_IN_YEAR]),
               AgreementEvent.at >= begin, AgreementEvent.at < end)
        .order_by(AgreementEvent.at, AgreementEvent.id))
    found: dict[AgreementEventKind, list[YearEvent]] = {k: [] for k in HAPPENED_IN_YEAR}
    for event, name in rows:
        found[event.kind].append(YearEvent(event.at.date(), name, str(event.kind.label),
                                           event.note))
    return found


def _signed(agreements: Sequence[Agreement], year: int) -> tuple[YearEvent, ...]:
    signed = sorted((a for a in agreements if a.signed_on and a.signed_on.year == year),
                    key=lambda a: (a.signed_on, a.counterpart_sort_name))
    return tuple(YearEvent(a.signed_on, a.counterpart_name, "Signed",  # type: ignore[arg-type]
                           _category(a)) for a in signed)


def _outcomes(active: Sequence[Agreement], year: int) -> tuple[AgreementOutcomes, ...]:
    reports = {r.agreement_id: r for r in db.session.scalars(select(OutcomeReport).where(
        OutcomeReport.year == year, OutcomeReport.agreement_id.in_([a.id for a in active])))}
    return tuple(
        AgreementOutcomes(a.counterpart_name, a.country_code or NOT_RECORDED, _category(a),
                          tuple(OutcomeLine(row.get("outcome", ""), row.get("progress", ""),
                                            rating_of(row.get("rating")))
                                for row in (reports[a.id].entries if a.id in reports else [])))
        for a in active)


def _registry(agreements: Sequence[Agreement], today: date) -> tuple[RegistryEntry, ...]:
    return tuple(RegistryEntry(
        a.counterpart_name, a.country_code or NOT_RECORDED, str(region_of(a.country_code)),
        _category(a), str(state_of(a, today).label), a.established_year, a.start_date,
        a.end_date) for a in agreements)


def annual_report(year: int, today: date | None = None) -> AnnualReport:
    """Return the annual report of ``year`` as the registry stands ``today``."""
    today = today or date.today()
    agreements = list(db.session.scalars(select(Agreement).order_by(
        Agreement.counterpart_sort_name, Agreement.id)))
    active = _active(agreements, year, today)
    events = _events(year)
    return AnnualReport(
        year=year, prepared_on=today, active=len(active), by_category=_by_category(active),
        by_region=_by_region(active), signed=_signed(agreements, year),
        ended=tuple(sorted((e for k in ENDED for e in events[k]), key=lambda e: e.on)),
        renewed=tuple(events[AgreementEventKind.RENEWED]),
        promoted=tuple(events[AgreementEventKind.PROMOTED]),
        outcomes=_outcomes(active, year), registry=_registry(agreements, today))


def report_word(year: int, today: date | None = None) -> bytes:
    """Return the annual report of ``year`` as a Word document."""
    return render_annual_report(annual_report(year, today))


def report_pdf(year: int, today: date | None = None) -> bytes:
    """Return the annual report of ``year`` as PDF, or raise PdfUnavailable."""
    return to_pdf(report_word(year, today))


def pdf_available() -> bool:
    """Return whether LibreOffice is installed here to convert the report to PDF."""
    return soffice() is not None


def report_filename(year: int, extension: str) -> str:
    """Return the name the report is saved under: iap-annual-report-2026.docx."""
    return f"iap-annual-report-{year}.{extension}"
