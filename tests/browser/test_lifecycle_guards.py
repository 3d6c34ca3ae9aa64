"""A reviewer meets the lifecycle's guards in Chromium, on the demo's requests.

Each guard is met as a reviewer would: the page says why a step is not open yet, the
reviewer does what is missing, and the step opens. A screenshot and an axe scan per step.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import People
from tests.browser.ui import (
    Recorder,
    expect_error_summary,
    expect_status,
    header_link,
    heading,
    open_action,
    sign_in,
)

EDC = "Economic Development and Culture"


def _open_by_title(reviewer: Page, title: str, steps: Recorder) -> None:
    header_link(reviewer, "Requests").click()
    expect(heading(reviewer)).to_have_text("Review queue")
    reviewer.get_by_role("row").filter(has_text=title).get_by_role(
        "link", name=re.compile(r"^IAP-")).click()
    expect(heading(reviewer)).to_have_text(title)
    steps.step(reviewer, f"reviewer opens {title}")


def _recommend(reviewer: Page, steps: Recorder, why: str) -> None:
    recommend = open_action(reviewer, "Recommend to the signing authority")
    recommend.get_by_label("Reasons").fill(why)
    recommend.get_by_role("button", name="Recommend to the signing authority").click()
    expect_status(reviewer, "Recommended")
    steps.step(reviewer, "recommended")


def _blocked(reviewer: Page, says: str) -> None:
    blocked = reviewer.locator("#blocked-recommend")
    expect(blocked).to_contain_text("You cannot recommend to the signing authority yet.")
    expect(blocked).to_contain_text(says)


def test_a_reviewer_settles_a_not_sure_category_before_recommending(
        people: People, steps: Recorder) -> None:
    reviewer = people()
    sign_in(reviewer, "reviewer@demo.example")
    _open_by_title(reviewer, "Nairobi–Toronto green jobs exchange", steps)
    reviewer.get_by_role("button", name="Start triage").click()
    expect_status(reviewer, "In triage")
    reviewer.get_by_role("button", name="Start the review").click()
    expect_status(reviewer, "In review")
    _blocked(reviewer, "category")
    steps.step(reviewer, "recommending waits for the category")

    settle = open_action(reviewer, "Settle the category")
    settle.get_by_role("button", name="Settle the category").click()
    expect_error_summary(reviewer)
    steps.step(reviewer, "settling without a choice shows the error at the field")
    settle = open_action(reviewer, "Settle the category")
    settle.get_by_role("radio", name="International Project").check()
    settle.get_by_role("button", name="Settle the category").click()
    expect(reviewer.locator("summary", has_text=re.compile("^Settle the category$"))
           ).to_have_count(0)
    steps.step(reviewer, "category settled: International Project")

    sponsor = open_action(reviewer, "Set the sponsoring division")
    sponsor.get_by_label("Division").select_option(label=EDC)
    sponsor.get_by_role("button", name="Set the sponsoring division").click()
    expect(reviewer.get_by_text(f"Sponsoring division: {EDC}").first).to_be_visible()
    expect(reviewer.locator("#blocked-recommend")).to_have_count(0)
    steps.step(reviewer, "sponsor set: nothing blocks the recommendation")
    _recommend(reviewer, steps, "A settled project with a sponsor and a named signatory.")


def test_a_federal_consultation_is_recorded_before_recommending(
        people: People, steps: Recorder) -> None:
    reviewer = people()
    sign_in(reviewer, "reviewer@demo.example")
    _open_by_title(reviewer, "Winter city maintenance exchange", steps)
    risks = reviewer.get_by_role("region", name="Risk flags")
    expect(risks).to_contain_text("federal")
    # The flags come before anything the reviewer can do.
    flags_top = risks.bounding_box()
    actions_top = reviewer.get_by_role("region", name="What you can do").bounding_box()
    assert flags_top and actions_top and flags_top["y"] < actions_top["y"]
    reviewer.get_by_role("button", name="Start the review").click()
    expect_status(reviewer, "In review")
    _blocked(reviewer, "consultation with the federal government")
    steps.step(reviewer, "recommending waits for the federal consultation")

    record = open_action(reviewer, "Record consultation with another government")
    record.get_by_role("radio", name="Federal (Government of Canada)").check()
    record.get_by_label("What was said").fill(
        "Global Affairs Canada advised no objection to a technical exchange.")
    record.get_by_role("button", name="Record consultation with another government").click()
    expect(reviewer.locator("#blocked-recommend")).to_have_count(0)
    steps.step(reviewer, "federal consultation recorded: the recommendation opens")
    _recommend(reviewer, steps, "Federal advice recorded; a technical exchange only.")


def test_a_reviewer_resumes_a_request_whose_city_never_answered(
        people: People, steps: Recorder) -> None:
    reviewer = people()
    sign_in(reviewer, "reviewer@demo.example")
    _open_by_title(reviewer, "Accra–Toronto creative industries residency", steps)
    expect_status(reviewer, "Information requested")
    resume = open_action(reviewer, "Resume the review without an answer")
    resume.get_by_role("button", name="Resume the review without an answer").click()
    expect_error_summary(reviewer)
    steps.step(reviewer, "resuming without a note shows the error at the field")
    resume = open_action(reviewer, "Resume the review without an answer")
    resume.get_by_label("Note to the submitter").fill(
        "We have not heard back; we will assess the request on what we have.")
    resume.get_by_role("button", name="Resume the review without an answer").click()
    expect_status(reviewer, "In review")
    steps.step(reviewer, "review resumed without the city's answer")
