"""The annual program report from plain data: sections, tables and charts, the same each time."""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO

from docx import Document

from docgen.report import (
    AgreementOutcomes,
    AnnualReport,
    Count,
    OutcomeLine,
    RegistryEntry,
    YearEvent,
    render_annual_report,
)
from docgen.report_charts import bar_chart_png
from portal.policy.annual_report import OutcomeRating

PNG = b"\x89PNG\r\n\x1a\n"


def make_report(**changes: object) -> AnnualReport:
    values: dict[str, object] = dict(
        year=2026, prepared_on=date(2026, 11, 30), active=3,
        by_category=(Count("Partnership City", 2), Count("International Project", 1)),
        by_region=(Count("Africa", 1), Count("Europe", 2)),
        signed=(YearEvent(date(2026, 3, 2), "Nairobi", "Signed", "International Project"),),
        ended=(YearEvent(date(2026, 6, 30), "Quito", "Expired"),),
        renewed=(YearEvent(date(2026, 5, 1), "Milan", "Renewed"),),
        promoted=(),
        outcomes=(
            AgreementOutcomes("Lisbon", "PT", "International Project", (
                OutcomeLine("Student exchange", "12 of 40 students", OutcomeRating.PARTLY),
                OutcomeLine("Joint festival", "Held in June", OutcomeRating.ACHIEVED))),
            AgreementOutcomes("Milan", "IT", "Partnership City"),
        ),
        registry=(
            RegistryEntry("Lisbon", "PT", "Europe", "International Project", "In force", 2019),
            RegistryEntry("Wuxi", "CN", "Asia", "Not recorded", "Historical"),
            RegistryEntry("Nairobi", "KE", "Africa", "International Project",
                          "Signed, not yet in force", 2026, date(2027, 3, 1),
                          date(2029, 2, 28)),
        ))
    values.update(changes)
    return AnnualReport(**values)  # type: ignore[arg-type]


def opened(content: bytes):
    return Document(BytesIO(content))


def texts(content: bytes) -> list[str]:
    return [p.text for p in opened(content).paragraphs if p.text.strip()]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_report_has_its_title_and_every_section_in_order():
    found = texts(render_annual_report(make_report()))
    assert found[0] == "International Alliance Program: annual report 2026"
    headings = [t for t in found if t in (
        "Summary", "Active agreements by category", "Active agreements by region",
        "What happened in 2026", "Outcome reports of the active agreements",
        "Appendix: the registry of agreements")]
    assert headings == ["Summary", "Active agreements by category",
                        "Active agreements by region", "What happened in 2026",
                        "Outcome reports of the active agreements",
                        "Appendix: the registry of agreements"]
    assert "Prepared on 30 November 2026" in found[2]


def test_the_summary_counts_what_happened_in_the_year():
    summary = rows(opened(render_annual_report(make_report())).tables[0])
    assert summary[0] == ["Figure", "2026"]
    assert dict(summary[1:]) == {
        "Agreements active in the year": "3", "Signed": "1",
        "Ended (expired or terminated)": "1", "Renewed": "1",
        "Promoted to a Partnership City": "0",
        "Active agreements with an outcome report": "1"}


def test_category_and_region_tables_and_the_year_s_events_are_written():
    document = opened(render_annual_report(make_report()))
    tables = [rows(t) for t in document.tables]
    assert ["Partnership City", "2"] in tables[1]
    assert ["Europe", "2"] in tables[2]
    assert ["2 March 2026", "Nairobi", "Signed", "International Project"] in tables[3]
    assert ["30 June 2026", "Quito", "Expired", ""] in tables[4]
    assert "None in 2026." in [p.text for p in document.paragraphs]  # nothing promoted


def test_each_active_agreement_shows_its_outcome_report_or_says_there_is_none():
    content = render_annual_report(make_report())
    found = texts(content)
    assert "Lisbon (PT), International Project" in found
    assert "No outcome report was recorded for 2026." in found  # Milan's
    lisbon = next(rows(t) for t in opened(content).tables
                  if t.cell(0, 0).text == "Outcome")
    assert lisbon == [["Outcome", "Progress in the year", "Achieved"],
                      ["Student exchange", "12 of 40 students", "Partly achieved"],
                      ["Joint festival", "Held in June", "Achieved"]]


def test_the_outcomes_are_counted_by_how_far_they_were_achieved():
    report = make_report()
    assert [(c.label, c.count) for c in report.ratings] == [
        ("Achieved", 1), ("Partly achieved", 1), ("Not achieved", 0), ("Not rated", 0)]
    assert report.reported == 1


def test_the_appendix_lists_the_whole_registry_with_unrecorded_dates_said_so():
    appendix = rows(opened(render_annual_report(make_report())).tables[-1])
    assert appendix[0] == ["Agreement with", "Country", "Region", "Category", "State",
                           "Established", "Start", "End"]
    assert appendix[2] == ["Wuxi", "CN", "Asia", "Not recorded", "Historical",
                           "Not recorded", "Not recorded", "Not recorded"]
    assert appendix[3][-2:] == ["1 March 2027", "28 February 2029"]


def test_the_charts_are_png_images_in_the_document():
    content = render_annual_report(make_report())
    assert len(opened(content).inline_shapes) == 3  # category, region, outcomes
    with zipfile.ZipFile(BytesIO(content)) as archive:
        images = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    assert len(images) == 3
    assert all(image.startswith(PNG) for image in images)


def test_the_same_data_gives_the_same_bytes_and_other_data_other_bytes():
    assert render_annual_report(make_report()) == render_annual_report(make_report())
    assert render_annual_report(make_report()) != render_annual_report(make_report(active=4))
    chart = [("Partnership City", 10), ("International Project", 2)]
    assert bar_chart_png("By category", chart) == bar_chart_png("By category", chart)


def test_a_year_with_nothing_active_still_writes_a_report():
    content = render_annual_report(make_report(
        active=0, by_category=(Count("Partnership City", 0),), by_region=(), signed=(),
        ended=(), renewed=(), outcomes=(), registry=()))
    assert "No agreement was active in 2026." in texts(content)
    assert opened(content).core_properties.title == (
        "International Alliance Program: annual report 2026")
