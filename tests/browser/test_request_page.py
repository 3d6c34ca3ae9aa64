"""The request page at 1280 and 390 pixels: risks, then the summary, the task beside or below.

On a wide screen the reader's task sits beside the summary, on the first screen; on a phone
it comes right after the summary and before the file, and nothing runs off the side. EDC
finds its answer box on the Kraków request (in review, EDC consulted) and the Division Head
the decision on the Melbourne project (recommended), as the demo data has them. A
screenshot and an axe scan at each width.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import People
from tests.browser.ui import Recorder, heading, sign_in

WIDTHS = [1280, 390]


def _open(page: Page, listing: str, title: str) -> None:
    """Open the request titled ``title`` from the listing at ``listing``."""
    page.goto(listing)
    page.get_by_role("row").filter(has_text=title).get_by_role(
        "link", name=re.compile(r"^IAP-")).first.click()
    expect(heading(page)).to_have_text(title)


def _check_layout(page: Page, width: int) -> None:
    """Check the risks lead, and the task is beside the summary when wide, after it if narrow."""
    risks = page.get_by_role("region", name="Risk flags").bounding_box()
    summary = page.get_by_role("region", name="Summary").bounding_box()
    task = page.get_by_role("region", name="Your task").bounding_box()
    file_start = page.get_by_role("region", name="Signing authority").bounding_box()
    assert risks and summary and task and file_start
    assert risks["y"] + risks["height"] <= summary["y"] and risks["y"] < task["y"]
    if width >= 1280:
        assert task["x"] >= summary["x"] + summary["width"]  # beside, not below
        assert abs(task["y"] - summary["y"]) < 2 and task["y"] < 900  # on the first screen
    else:
        assert task["y"] >= summary["y"] + summary["height"]
        assert task["y"] + task["height"] <= file_start["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_edc_finds_its_answer_box_beside_or_below_the_summary(
        people: People, steps: Recorder, width: int) -> None:
    edc = people(width=width)
    sign_in(edc, "edc@demo.example")
    _open(edc, "/review/shared", "Heritage cities partnership")
    summary = edc.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("Answer the question the City Clerk's Office put to your "
                                    "office.")
    expect(edc.get_by_role("region", name="Your task").get_by_label(
        "Your office's answer")).to_be_visible()
    expect(edc.get_by_text("Nothing for you to do")).to_have_count(0)
    _check_layout(edc, width)
    steps.step(edc, f"EDC's task on the request page at {width} pixels")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_division_head_finds_the_decision_beside_or_below_the_summary(
        people: People, steps: Recorder, width: int) -> None:
    head = people(width=width)
    sign_in(head, "head@demo.example")
    _open(head, "/review/requests", "Urban forest canopy and heat resilience project")
    summary = head.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("Who acts next Harper Head")
    task = head.get_by_role("region", name="Your task")
    # Each decision opens its own confirmation page, which restates what follows.
    expect(task.get_by_role("link", name="Approve", exact=True)).to_be_visible()
    expect(task.get_by_role("link", name="Decline", exact=True)).to_be_visible()
    _check_layout(head, width)
    steps.step(head, f"the Division Head's decision on the request page at {width} pixels")
