"""The annual program report from the database: the command, the page, and who may use it."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from portal.extensions import db
from portal.geography import find_or_create_city
from portal.models import Agreement, AgreementEvent, OutcomeReport
from portal.policy.agreements import AgreementEventKind, AgreementStatus
from portal.policy.categories import Category
from portal.policy.roles import Role
from portal.reports import services
from tests.conftest import login

PNG = b"\x89PNG\r\n\x1a\n"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
THIS_YEAR = date.today().year


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(content)).paragraphs if p.text.strip()]


def cells(content: bytes) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in Document(BytesIO(content)).tables
            for row in table.rows]


def images(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


@pytest.fixture()
def lisbon_reported(app):
    """Return the seeded project with Lisbon, with an outcome report for this year."""
    lisbon = db.session.scalars(select(Agreement).where(
        Agreement.counterpart_name == "Lisbon")).one()
    db.session.add(OutcomeReport(agreement_id=lisbon.id, year=THIS_YEAR, entries=[
        {"outcome": "Student exchange", "progress": "12 of 40 students", "rating": "partly"},
        {"outcome": "Joint festival", "progress": "Held in June", "rating": "achieved"},
        {"outcome": "Shared data", "progress": "Not started"}]))
    db.session.commit()
    return lisbon


# The command --------------------------------------------------------------------------

def test_the_command_writes_the_demo_s_report_that_word_opens_with_its_charts(
        runner, tmp_path: Path):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    out = tmp_path / "report.docx"
    result = runner.invoke(args=["report", "annual", "--year", str(THIS_YEAR), "--out",
                                 str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote the {THIS_YEAR} annual report to {out}" in result.output
    content = out.read_bytes()
    assert paragraphs(content)[0] == f"International Alliance Program: annual report {THIS_YEAR}"
    charts = images(content)
    assert len(charts) == 3 and all(chart.startswith(PNG) for chart in charts)
    assert len(Document(BytesIO(content)).inline_shapes) == 3
    # The demo signs a project with Nairobi today; the ten seeded partnerships are active.
    assert ["Partnership City", "10"] in cells(content)
    assert any(row[1:3] == ["Nairobi", "Signed"] for row in cells(content))
    assert any(row[:2] == ["Chicago", "US"] for row in cells(content))  # the appendix
    # The demo's two rated outcome reports (Lisbon's and Chicago's) feed the outcomes chart.
    assert ["Trade missions between the two cities", "One mission with 12 Toronto firms",
            "Achieved"] in cells(content)
    assert ["Transit data exchange", "Agreement on the data to share",
            "Not rated"] in cells(content)
    report = services.annual_report(THIS_YEAR)
    assert report.reported == 2
    assert [(c.label, c.count) for c in report.ratings] == [
        ("Achieved", 2), ("Partly achieved", 2), ("Not achieved", 1), ("Not rated", 1)]


def test_the_command_writes_a_pdf_when_asked(runner, tmp_path: Path):
    for args in (["--out", str(tmp_path / "report.pdf")],
                 ["--pdf", "--out", str(tmp_path / "other.docx")]):
        result = runner.invoke(args=["report", "annual", "--year", str(THIS_YEAR), *args])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "other.docx").read_bytes().startswith(b"%PDF-")


def test_the_command_refuses_a_year_not_begun_and_a_missing_folder(runner, tmp_path: Path):
    future = runner.invoke(args=["report", "annual", "--year", str(THIS_YEAR + 1), "--out",
                                 str(tmp_path / "r.docx")])
    assert future.exit_code == 2
    assert "The year has not begun" in future.output
    early = runner.invoke(args=["report", "annual", "--year", "2019", "--out",
                                str(tmp_path / "r.docx")])
    assert "The program's reports begin in 2024." in early.output
    nowhere = runner.invoke(args=["report", "annual", "--out",
                                  str(tmp_path / "missing" / "r.docx")])
    assert nowhere.exit_code == 1
    assert "does not exist" in nowhere.output
    assert not list(tmp_path.iterdir())


def test_without_libreoffice_the_command_says_to_write_word(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    result = runner.invoke(args=["report", "annual", "--out", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1
    assert "LibreOffice is not installed" in result.output
    assert "Write a .docx file instead." in result.output


# What the report holds ----------------------------------------------------------------

def test_each_active_agreement_s_outcome_report_is_rated(app, lisbon_reported):
    content = services.report_word(THIS_YEAR)
    assert ["Student exchange", "12 of 40 students", "Partly achieved"] in cells(content)
    assert ["Joint festival", "Held in June", "Achieved"] in cells(content)
    assert ["Shared data", "Not started", "Not rated"] in cells(content)
    assert "No outcome report was recorded for " + str(THIS_YEAR) + "." in paragraphs(content)
    report = services.annual_report(THIS_YEAR)
    assert report.reported == 1
    assert report.active == 12  # the seeded registry's current agreements


def test_the_year_s_renewals_and_endings_are_listed_and_other_years_not(app):
    milan = db.session.scalars(select(Agreement).where(
        Agreement.counterpart_name == "Milan")).one()
    city = find_or_create_city("Oslo", "NO")
    oslo = Agreement(counterpart_name="Oslo", counterpart_city=city, country_code="NO",
                     category=Category.INTERNATIONAL_PROJECT.value,
                     status=AgreementStatus.EXPIRED.value, start_date=date(2023, 1, 1),
                     end_date=date(THIS_YEAR - 1, 12, 31), established_year=2023)
    db.session.add(oslo)
    db.session.flush()
    db.session.add_all([
        AgreementEvent(agreement_id=milan.id, action=AgreementEventKind.RENEWED.value,
                       at=datetime(THIS_YEAR, 2, 3)),
        AgreementEvent(agreement_id=oslo.id, action=AgreementEventKind.EXPIRED.value,
                       at=datetime(THIS_YEAR, 1, 2)),
        AgreementEvent(agreement_id=milan.id, action=AgreementEventKind.REVIEWED.value,
                       at=datetime(THIS_YEAR, 3, 1))])
    db.session.commit()
    report = services.annual_report(THIS_YEAR)
    assert [(e.counterpart, e.what) for e in report.renewed] == [("Milan", "Renewed")]
    assert [(e.counterpart, e.what) for e in report.ended] == [("Oslo", "Expired")]
    assert "Oslo" not in [o.counterpart for o in report.outcomes]  # ended before the year
    last_year = services.annual_report(THIS_YEAR - 1)
    assert last_year.renewed == () and last_year.ended == ()
    assert "Oslo" in [o.counterpart for o in last_year.outcomes]


# The page -----------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.CCO_REVIEWER, Role.ADMIN])
def test_the_cco_and_an_administrator_download_the_report_as_word_and_pdf(
        client, make_staff, role):
    make_staff("maker@toronto.example", role)
    login(client, "maker@toronto.example")
    page = client.get("/reports/annual")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Download the report (Word)" in html and "Download the report (PDF)" in html
    assert f'<option value="{THIS_YEAR}" selected>' in html

    word = client.submit("/reports/annual", {"year": str(THIS_YEAR), "format": "docx"})
    assert word.status_code == 200
    assert word.mimetype == DOCX
    assert word.headers["Content-Disposition"] == (
        f"attachment; filename=iap-annual-report-{THIS_YEAR}.docx")
    assert paragraphs(word.data)[0].endswith(str(THIS_YEAR))

    pdf = client.submit("/reports/annual", {"year": "2025", "format": "pdf"})
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-")
    assert "iap-annual-report-2025.pdf" in pdf.headers["Content-Disposition"]


def test_a_year_not_offered_is_refused_next_to_the_field(client, make_staff):
    make_staff("maker@toronto.example", Role.CCO_REVIEWER)
    login(client, "maker@toronto.example")
    for typed, message in ((str(THIS_YEAR + 1), "The year has not begun"),
                           ("2019", "The program&#39;s reports begin in 2024."),
                           ("twenty", "Choose one of the years listed"),
                           # Digits that are not ASCII: the fuzz test found "²" made a 500.
                           ("²", "Choose one of the years listed"),
                           ("٢٠٢٦", "Choose one of the years listed"),
                           ("", "Choose the year of the report")):
        answer = client.submit("/reports/annual", {"year": typed, "format": "docx"})
        assert answer.status_code == 400, typed
        assert message in answer.get_data(as_text=True), typed
        assert answer.mimetype == "text/html"


def test_without_libreoffice_the_page_offers_word_only_and_says_why(
        client, make_staff, monkeypatch, tmp_path):
    make_staff("maker@toronto.example", Role.CCO_REVIEWER)
    login(client, "maker@toronto.example")
    monkeypatch.setenv("PATH", str(tmp_path))
    html = client.get("/reports/annual").get_data(as_text=True)
    assert "Download the report (PDF)" not in html
    assert "offered as a Word document only" in html
    forced = client.submit("/reports/annual", {"year": str(THIS_YEAR), "format": "pdf"})
    assert forced.status_code == 200
    assert "A PDF cannot be made on this server now" in forced.get_data(as_text=True)


@pytest.mark.parametrize("who", ["city", "stranger", "division"])
def test_a_city_a_stranger_and_other_staff_get_no_report(client, make_city_user, make_staff,
                                                          who):
    if who == "division":
        make_staff("someone@toronto.example", Role.DIVISION_STAFF, "EDC")
        email = "someone@toronto.example"
    else:
        email = "someone@lyon.example"
        make_city_user(email, "Lyon", "FR", verified=who == "city")
    login(client, email)
    assert client.get("/reports/annual").status_code == 403
    token = client.token_from("/")
    posted = client.post("/reports/annual", data={"csrf_token": token, "year": str(THIS_YEAR),
                                                  "format": "docx"})
    assert posted.status_code == 403
    assert posted.mimetype == "text/html"


def test_a_visitor_is_sent_to_sign_in_and_a_post_without_its_token_is_refused(
        client, make_staff):
    assert client.get("/reports/annual").headers["Location"].startswith("/login")
    make_staff("maker@toronto.example", Role.ADMIN)
    login(client, "maker@toronto.example")
    refused = client.post("/reports/annual", data={"year": str(THIS_YEAR), "format": "docx"})
    assert refused.status_code == 400
    assert refused.mimetype == "text/html"


# LibreOffice ---------------------------------------------------------------------------

@pytest.mark.slow
def test_libreoffice_opens_the_demo_s_report_and_converts_it_with_its_charts(
        runner, tmp_path: Path):
    """The real LibreOffice (CI installs it): the PDF holds the report's pages and images."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    out = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", "annual", "--year", str(THIS_YEAR), "--out",
                                 str(out)])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert b"made by the tests" not in pdf  # LibreOffice's, not the quick tests' stand-in
    assert len(re.findall(rb"/Subtype\s*/Image", pdf)) >= 3  # the three charts
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 4  # title page to appendix
