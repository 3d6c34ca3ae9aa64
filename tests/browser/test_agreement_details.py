"""Confirm an agreement's details in Chromium before its draft is generated, on the demo data.

Amsterdam's approved project: the reviewer opens the agreement details from the request page,
finds what the division said (the counterpart's legal name, the division's coordinator) and
the policy's signatory, empties a required field and sees its message above the field at
desktop and phone width, corrects the start date, and generates version 1, whose Word file
says what was confirmed. Every step is screenshotted and scanned by axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import People, serve_demo
from tests.browser.ui import Recorder, expect_error_summary, heading, sign_in

TITLE = "Circular economy procurement project"
CONFIRMED = "Gemeente Amsterdam, the municipality of Amsterdam"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve this module a portal of its own: Amsterdam's project is approved, not drafted."""
    yield from serve_demo(tmp_path_factory)


def _open_amsterdam(page: Page) -> None:
    page.goto("/review/requests?q=Amsterdam")  # the queue's search, as bookmarked
    expect(page.get_by_role("table")).to_contain_text(TITLE)
    page.get_by_role("table").get_by_role("link", name=re.compile(r"^IAP-")).first.click()
    expect(page).to_have_url(re.compile(r"/review/requests/\d+$"))


def _message_above_its_field(page: Page, field_id: str, message: str) -> None:
    """Check the field's message is shown, in the summary's words, right above the field."""
    error = page.locator(f"#{field_id}-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    field = page.locator(f"#{field_id}")
    assert error.bounding_box()["y"] < field.bounding_box()["y"]  # type: ignore[index]
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_reviewer_confirms_the_details_then_generates_the_draft(
        people: People, steps: Recorder, width: int) -> None:
    reviewer = people(width=width)
    sign_in(reviewer, "reviewer@demo.example")
    _open_amsterdam(reviewer)
    if width != 1280:  # the first run generated version 1: this one makes version 2
        link = reviewer.get_by_role("link", name="Generate a new version of the draft")
    else:
        link = reviewer.get_by_role("link", name="Generate draft agreement")
    link.click()
    expect(heading(reviewer)).to_have_text("Agreement details")
    legal = reviewer.get_by_label("The counterpart's legal name")
    # Version 1 starts from the division's answer; version 2 from what version 1 confirmed.
    expect(legal).to_have_value(CONFIRMED if width != 1280 else "Gemeente Amsterdam")
    expect(reviewer.get_by_label("The City's coordinator: full name")).not_to_have_value("")
    steps.step(reviewer, "agreement details as proposed")

    legal.fill("")
    reviewer.get_by_role("button", name=re.compile(r"^Confirm and generate version")).click()
    summary = expect_error_summary(reviewer)
    expect(summary).to_contain_text("Enter the counterpart's legal name")
    _message_above_its_field(reviewer, "counterpart_legal_name",
                             "Enter the counterpart's legal name")
    # What was typed elsewhere is kept.
    expect(reviewer.get_by_label("The City's legal name")).to_have_value(
        "City of Toronto, a municipal corporation")
    steps.step(reviewer, "agreement details: the legal name left empty")

    legal.fill(CONFIRMED)
    start = reviewer.get_by_role("group", name="Start date")
    year = date.today().year + 1
    start.get_by_label("Day", exact=True).fill("1")
    start.get_by_label("Month", exact=True).fill("11")
    start.get_by_label("Year", exact=True).fill(str(year))
    steps.step(reviewer, "agreement details corrected")
    reviewer.get_by_role("button", name=re.compile(r"^Confirm and generate version")).click()
    agreement = reviewer.get_by_role("region", name="Agreement")
    version = 1 if width == 1280 else 2
    draft_link = agreement.get_by_role("link", name=re.compile(rf"_v{version}\.docx$"))
    expect(draft_link).to_be_visible()
    steps.step(reviewer, f"version {version} generated")
    with reviewer.expect_download() as download:
        draft_link.click()
    document = docx.Document(str(download.value.path()))
    text = "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert f"For {CONFIRMED}" in text
    assert f"1 November {year}" in text
    assert "A version in Dutch" in text
