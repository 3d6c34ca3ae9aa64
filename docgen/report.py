"""Write the annual program report as a Word document from plain data, no Flask.

The portal gathers a year's figures into an ``AnnualReport`` (``portal/reports/``) and
``render_annual_report`` writes it with python-docx: a title page, the summary figures,
agreements by category and by region (tables and charts), what happened in the year, each
active agreement's outcome report, and the registry as an appendix. The report goes to a
Council committee, so its words are English whatever the language of whoever produced it.

The same data gives the same bytes: the charts are drawn in a fixed style
(``report_charts``), the document's properties carry the report's date, not the clock, and
the parts of the Word file are stored in the zip with one fixed timestamp. python-docx is
imported when a report is written, not by the pages that only import the report's data.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

from docgen.report_charts import bar_chart_png
from portal.policy.annual_report import OutcomeRating

AUTHOR = "City Clerk's Office, International Alliance Program"
GENERATOR = "IAP Portal"
NOT_RECORDED = "Not recorded"
NOT_RATED = "Not rated"
CHART_WIDTH_INCHES = 6
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: the parts carry no clock


@dataclass(frozen=True)
class Count:
    """How many agreements fall under one heading (a category, a region)."""

    label: str
    count: int


@dataclass(frozen=True)
class YearEvent:
    """One thing that happened to an agreement in the year: signed, renewed, ended..."""

    on: date
    counterpart: str
    what: str
    note: str = ""


@dataclass(frozen=True)
class OutcomeLine:
    """One outcome of an agreement's report: the outcome, the progress, how far achieved."""

    outcome: str
    progress: str
    rating: OutcomeRating | None = None


@dataclass(frozen=True)
class AgreementOutcomes:
    """An active agreement's outcome report for the year; no lines when none was recorded."""

    counterpart: str
    country: str
    category: str
    lines: tuple[OutcomeLine, ...] = ()


@dataclass(frozen=True)
class RegistryEntry:
    """One agreement of the registry as the appendix lists it."""

    counterpart: str
    country: str
    region: str
    category: str
    state: str
    established: int | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class AnnualReport:
    """Everything the annual program report says, as plain values in English."""

    year: int
    prepared_on: date
    active: int
    by_category: tuple[Count, ...]
    by_region: tuple[Count, ...]
    signed: tuple[YearEvent, ...] = ()
    ended: tuple[YearEvent, ...] = ()
    renewed: tuple[YearEvent, ...] = ()
    promoted: tuple[YearEvent, ...] = ()
    outcomes: tuple[AgreementOutcomes, ...] = ()
    registry: tuple[RegistryEntry, ...] = field(default_factory=tuple)

    @property
    def ratings(self) -> tuple[Count, ...]:
        """Return the outcomes reported in the year counted by how far they were achieved."""
        counted = Counter(line.rating for entry in self.outcomes for line in entry.lines)
        rows = [Count(str(r.label), counted[r]) for r in OutcomeRating]
        return (*rows, Count(NOT_RATED, counted[None]))

    @property
    def reported(self) -> int:
        """Return how many active agreements have an outcome report for the year."""
        return sum(1 for entry in self.outcomes if entry.lines)


def _day(value: date | None) -> str:
    return f"{value:%d %B %Y}".lstrip("0") if value else NOT_RECORDED


def _table(document: Any, headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> Any:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    return table


def _chart(document: Any, title: str, counts: tuple[Count, ...]) -> None:
    from docx.shared import Inches

    png = bar_chart_png(title, [(c.label, c.count) for c in counts])
    document.add_picture(BytesIO(png), width=Inches(CHART_WIDTH_INCHES))


def _title_page(document: Any, report: AnnualReport) -> None:
    from docx.enum.text import WD_BREAK

    document.add_heading(f"International Alliance Program: annual report {report.year}", 0)
    document.add_paragraph("City of Toronto, City Clerk's Office")
    document.add_paragraph(f"Prepared on {_day(report.prepared_on)} for the Council committee "
                           "that oversees the program (item 2024.EC13.5).")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(document: Any, report: AnnualReport) -> None:
    document.add_heading("Summary", 1)
    _table(document, ("Figure", f"{report.year}"), [
        ("Agreements active in the year", f"{report.active:,}"),
        ("Signed", f"{len(report.signed):,}"),
        ("Ended (expired or terminated)", f"{len(report.ended):,}"),
        ("Renewed", f"{len(report.renewed):,}"),
        ("Promoted to a Partnership City", f"{len(report.promoted):,}"),
        ("Active agreements with an outcome report", f"{report.reported:,}"),
    ])


def _breakdowns(document: Any, report: AnnualReport) -> None:
    for heading, kind, counts in (
            ("Active agreements by category", "Category", report.by_category),
            ("Active agreements by region", "Region", report.by_region)):
        document.add_heading(heading, 1)
        _table(document, (kind, "Agreements"),
               [(c.label, f"{c.count:,}") for c in counts])
        _chart(document, heading, counts)


def _happenings(document: Any, report: AnnualReport) -> None:
    document.add_heading(f"What happened in {report.year}", 1)
    for heading, events in (("Signed", report.signed), ("Ended", report.ended),
                            ("Renewed", report.renewed),
                            ("Promoted to a Partnership City", report.promoted)):
        document.add_heading(heading, 2)
        if not events:
            document.add_paragraph(f"None in {report.year}.")
            continue
        _table(document, ("Date", "Agreement with", "What", "Note"),
               [(_day(e.on), e.counterpart, e.what, e.note) for e in events])


def _outcomes(document: Any, report: AnnualReport) -> None:
    document.add_heading("Outcome reports of the active agreements", 1)
    if not report.outcomes:
        document.add_paragraph(f"No agreement was active in {report.year}.")
        return
    _chart(document, f"Outcomes reported for {report.year}, by how far achieved",
           report.ratings)
    for entry in report.outcomes:
        document.add_heading(f"{entry.counterpart} ({entry.country}), {entry.category}", 2)
        if not entry.lines:
            document.add_paragraph(f"No outcome report was recorded for {report.year}.")
            continue
        _table(document, ("Outcome", "Progress in the year", "Achieved"),
               [(line.outcome, line.progress,
                 str(line.rating.label) if line.rating else NOT_RATED)
                for line in entry.lines])


def _appendix(document: Any, report: AnnualReport) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    # The registry's eight columns read on a landscape page.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading("Appendix: the registry of agreements", 1)
    document.add_paragraph(f"Every agreement the registry holds, as it stood on "
                           f"{_day(report.prepared_on)}.")
    _table(document, ("Agreement with", "Country", "Region", "Category", "State",
                      "Established", "Start", "End"),
           [(e.counterpart, e.country, e.region, e.category, e.state,
             str(e.established) if e.established else NOT_RECORDED, _day(e.start),
             _day(e.end)) for e in report.registry])


def _properties(document: Any, report: AnnualReport) -> None:
    properties = document.core_properties
    moment = datetime(report.prepared_on.year, report.prepared_on.month,
                      report.prepared_on.day, tzinfo=UTC)
    properties.title = f"International Alliance Program: annual report {report.year}"
    properties.subject = "Agreements, outcomes and the registry of the year"
    properties.author = AUTHOR
    properties.last_modified_by = GENERATOR
    properties.category = "Annual report"
    properties.language = "en-CA"
    properties.revision = 1
    properties.comments = properties.keywords = ""
    properties.created = properties.modified = properties.last_printed = moment


def _fixed_zip(content: bytes) -> bytes:
    """Return ``content`` (a zip) with every part stamped with the same fixed time."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(zipfile.ZipInfo(name, ZIP_TIME), source.read(name),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render_annual_report(report: AnnualReport) -> bytes:
    """Return the annual program report as .docx bytes, the same for the same data."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    _title_page(document, report)
    _summary(document, report)
    _breakdowns(document, report)
    _happenings(document, report)
    _outcomes(document, report)
    _appendix(document, report)
    _properties(document, report)
    out = BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())
