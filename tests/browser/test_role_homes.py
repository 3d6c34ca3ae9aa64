"""Each role, signed in, first sees the work waiting for it; the request page opens on a summary.

On the demo data, each demo account signs in and lands on its home, which names its inboxes
with their counts and the demo request waiting there. Screenshots at 1280 and 390 pixels go
to ``test-results/``; under ``make screenshots`` the wide ones are also kept in
``docs/screenshots/`` for the README's "What each role sees first".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import People, serve_demo
from tests.browser.ui import Recorder, fits_width, heading, sign_in

WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve this module a portal of its own, seeded afresh, as a newcomer finds it.

    Other browser tests answer, resume and decide the demo's requests on the shared server.
    """
    yield from serve_demo(tmp_path_factory)

# account, picture name, the home's heading, and what must be listed on it (inbox: request)
HOMES: dict[str, tuple[str, str, dict[str, str]]] = {
    "accra@demo.example": ("city", "My requests", {
        "Action needed": "Accra–Toronto creative industries residency"}),
    "division@demo.example": ("division", "Your work", {
        "Action needed": "", "Consultations awaiting your answer": ""}),
    "reviewer@demo.example": ("reviewer", "Your work", {
        "Assigned to me": "", "Unassigned": "Nairobi–Toronto green jobs exchange"}),
    "edc@demo.example": ("edc", "Your work", {
        "Consultations awaiting your answer": "Heritage cities partnership"}),
    "head@demo.example": ("signing-authority", "Your work", {
        "Awaiting your decision": "Urban forest canopy and heat resilience project"}),
    "solicitor@demo.example": ("solicitor", "Your work", {
        "Drafts awaiting approval as to form": "Libraries as civic innovation hubs"}),
    "admin@demo.example": ("admin", "Accounts", {}),
}


def _check_home(page: Page, title: str, inboxes: dict[str, str]) -> None:
    expect(heading(page)).to_contain_text(title)
    for inbox, listed in inboxes.items():
        section = page.get_by_role("heading", level=2, name=re.compile(
            rf"^{re.escape(inbox)} \(\d+\)$"))
        expect(section).to_be_visible()
        if listed:
            region = page.get_by_role("region", name=re.compile(rf"^{re.escape(inbox)}"))
            expect(region.get_by_text(listed).first).to_be_visible()


@pytest.mark.parametrize("email", list(HOMES))
def test_each_role_lands_on_the_work_waiting_for_it(
        people: People, steps: Recorder, email: str) -> None:
    """Signed in, a person sees their inboxes with counts, the demo's case in its place."""
    picture, title, inboxes = HOMES[email]
    page = people()
    sign_in(page, email)
    _check_home(page, title, inboxes)
    steps.step(page, f"{picture} home at 1280 pixels")
    steps.keep(page, f"home-{picture}")
    page.set_viewport_size({"width": 390, "height": 844})
    _check_home(page, title, inboxes)
    scroll, width = fits_width(page)
    assert scroll <= width, f"the {picture} home scrolls sideways at 390 pixels"
    steps.step(page, f"{picture} home at 390 pixels")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_request_page_opens_on_its_summary_and_the_readers_task(
        people: People, steps: Recorder, width: int) -> None:
    """EDC opens Kraków's request from its home: the summary and its own task come first."""
    page = people(width=width)
    sign_in(page, "edc@demo.example")
    page.get_by_role("link", name=re.compile("Heritage cities partnership")).first.click()
    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    for label in ("Reference", "Counterpart", "Score", "Open consultations", "Who acts next"):
        expect(summary.get_by_text(label, exact=True).first).to_be_visible()
    task = page.get_by_role("region", name="Your task")
    expect(task).to_be_visible()
    expect(task.get_by_role("button", name="Send your answer")).to_be_visible()
    if width >= 1280:  # the task sits beside the summary, on the first screen
        assert task.bounding_box()["y"] < 900
    steps.step(page, f"request page summary at {width} pixels")
    steps.keep(page, f"request-page-{width}")
