"""Walk the City Solicitor's round-trip on a draft agreement in Chromium, on the demo data.

The Solicitor returns Helsinki's draft with changes requested (an empty comment first, which
is refused at the field); the reviewer reads the comment, edits version 1 in python-docx as
Word would, and uploads it as version 2; the Solicitor compares the two versions, downloads
the tracked-changes file and approves version 2 as to form. Every step is screenshotted under
``test-results/`` and must pass the axe scan, the error state included.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import People, serve_demo
from tests.browser.ui import (
    Recorder,
    expect_error_summary,
    header_link,
    heading,
    open_action,
    sign_in,
    sign_out,
)

TITLE = "Libraries as civic innovation hubs"
COMMENT = "Say in clause 1 that the agreement comes into force, rather than takes effect."
BEFORE, AFTER = "takes effect on", "comes into force on"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve this module a portal of its own, seeded afresh: Helsinki's draft is unreturned.

    Other browser tests move the demo's requests along on the shared server.
    """
    yield from serve_demo(tmp_path_factory)


def _agreement(page: Page) -> Locator:
    return page.get_by_role("region", name="Agreement")


def _open_from_home(page: Page, inbox: str) -> Locator:
    """Go to "Your work" and return the inbox's region, which must list Helsinki's draft."""
    header_link(page, "Your work").click()
    expect(heading(page)).to_have_text("Your work")
    region = page.get_by_role("region", name=re.compile(rf"^{re.escape(inbox)}"))
    expect(region).to_contain_text(TITLE)
    return region


def _edit_version_1(page: Page, folder: Path) -> Path:
    """Download version 1, change one paragraph's words as Word would, and save it."""
    link = _agreement(page).get_by_role("link", name=re.compile(r"_v1\.docx$"))
    with page.expect_download() as download:
        link.click()
    name = download.value.suggested_filename
    assert name.endswith("_v1.docx")
    draft = docx.Document(str(download.value.path()))
    paragraph = next(p for p in draft.paragraphs if BEFORE in p.text)
    paragraph.text = paragraph.text.replace(BEFORE, AFTER)
    edited = folder / name.replace("_v1.docx", "_edited.docx")
    draft.save(str(edited))
    return edited


def _solicitor_returns_version_1(solicitor: Page, steps: Recorder) -> None:
    sign_in(solicitor, "solicitor@demo.example")
    drafts = _open_from_home(solicitor, "Drafts awaiting approval as to form")
    steps.step(solicitor, "solicitor's home lists Helsinki's draft")
    drafts.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
    expect(_agreement(solicitor)).to_be_visible()
    steps.step(solicitor, "solicitor opens the request at its agreement")

    action = open_action(solicitor, "Return version 1 with changes requested")
    action.get_by_role("button", name="Return with changes requested").click()
    summary = expect_error_summary(solicitor)
    expect(summary).to_contain_text("Say what must change before you return the draft")
    comment = solicitor.get_by_label("What must change")
    error = solicitor.locator(f"#{comment.get_attribute('id')}-error")
    expect(error).to_have_text(re.compile(r"Say what must change before you return the draft"))
    expect(comment).to_have_attribute("aria-describedby", re.compile(error.get_attribute("id")))
    expect(comment).to_be_visible()  # the disclosure is open again, at the field in error
    steps.step(solicitor, "an empty comment is refused at the field")

    comment.fill(COMMENT)
    solicitor.get_by_role("button", name="Return with changes requested").click()
    expect(solicitor.get_by_text("Version 1 is returned with changes requested")).to_be_visible()
    expect(solicitor.locator("#draft-1")).to_contain_text("Returned with changes")
    steps.step(solicitor, "version 1 returned with changes requested")
    sign_out(solicitor)


def _reviewer_uploads_version_2(reviewer: Page, steps: Recorder, folder: Path) -> None:
    sign_in(reviewer, "reviewer@demo.example")
    mine = _open_from_home(reviewer, "Assigned to me")
    row = mine.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Answer the Solicitor's changes with a new version")
    steps.step(reviewer, "reviewer's home: answer the Solicitor's changes")
    row.get_by_role("link").first.click()
    returned = reviewer.locator("#draft-returned")
    expect(returned).to_contain_text("returned version 1 with changes requested")
    expect(returned).to_contain_text(COMMENT)
    steps.step(reviewer, "reviewer reads the Solicitor's comment")

    edited = _edit_version_1(reviewer, folder)
    action = open_action(reviewer, "Upload an edited version")
    action.get_by_label("Edited draft (.docx)").set_input_files(str(edited))
    steps.step(reviewer, "edited version chosen")
    action.get_by_role("button", name="Upload as version 2").click()
    expect(reviewer.get_by_text("Version 2 is uploaded.")).to_be_visible()
    sha256 = hashlib.sha256(edited.read_bytes()).hexdigest()
    version_2 = reviewer.locator("#draft-2")
    expect(version_2).to_contain_text("Uploaded, edited in Word")
    expect(version_2).to_contain_text("Rosa Reviewer")
    expect(version_2.locator(".draft-sha256")).to_have_text(sha256)
    expect(reviewer.locator("#draft-returned")).to_have_count(0)
    steps.step(reviewer, "version 2 uploaded with its uploader and SHA-256")
    sign_out(reviewer)


def _solicitor_compares_and_approves(solicitor: Page, steps: Recorder) -> None:
    sign_in(solicitor, "solicitor@demo.example")
    drafts = _open_from_home(solicitor, "Drafts awaiting approval as to form")
    expect(drafts.get_by_role("link", name=re.compile(r"^Version 2"))).to_be_visible()
    drafts.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
    _agreement(solicitor).get_by_role("button", name="Compare").click()
    expect(heading(solicitor)).to_have_text("Compare versions of the draft agreement")
    expect(solicitor.get_by_role("heading", name="Changes from version 1 to version 2"))\
        .to_be_visible()
    changes = solicitor.locator("ol.comparison")
    expect(changes.locator("del").first).to_contain_text("takes effect")
    expect(changes.locator("ins").first).to_contain_text("comes into force")
    steps.step(solicitor, "solicitor compares version 1 with version 2")

    link = solicitor.get_by_role("link", name="Download version 2 with the changes tracked (Word)")
    with solicitor.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(download.value.path()) as word:
        body = word.read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body, "the file tracks no change"
    assert "comes into force" in body

    solicitor.get_by_role("link", name="Back to the request").click()
    solicitor.get_by_role("button", name="Approve version 2 as to form").click()
    expect(solicitor.get_by_text("Version 2 is approved as to form.")).to_be_visible()
    expect(solicitor.locator("#draft-2")).to_contain_text("Approved")
    steps.step(solicitor, "version 2 approved as to form")


def test_the_solicitor_returns_a_draft_and_approves_the_edited_version(
        people: People, steps: Recorder, tmp_path: Path) -> None:
    """Return with changes, upload an edited version, compare, approve it as to form."""
    _solicitor_returns_version_1(people(), steps)
    _reviewer_uploads_version_2(people(), steps, tmp_path)
    _solicitor_compares_and_approves(people(), steps)
