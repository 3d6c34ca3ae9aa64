"""A reviewer makes a personal access token on their account page, reads the API, revokes it.

The token is shown once, on the page that made it; a program sends it as ``Authorization:
Bearer`` and reads the requests; revoked from the same page, it is refused.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import People
from tests.browser.ui import Recorder, header_link, heading, sign_in


def test_a_reviewer_creates_uses_and_revokes_a_token(people: People, steps: Recorder) -> None:
    page = people()
    sign_in(page, "reviewer@demo.example")
    header_link(page, "API tokens").click()
    expect(heading(page)).to_have_text("Personal access tokens")
    page.get_by_label("Token name").fill("Weekly report")
    page.get_by_role("button", name="Create the token").click()
    token = page.locator("#token-value").inner_text()
    steps.step(page, "token shown once")

    answered = page.request.get("/api/v1/requests?status=submitted",
                                headers={"Authorization": f"Bearer {token}"})
    assert answered.status == 200
    assert answered.json()["paging"]["total"] >= 1

    page.get_by_role("button", name="Revoke Weekly report").click()
    expect(page.locator("#token-value")).to_have_count(0)
    expect(page.get_by_role("row", name="Weekly report")).to_contain_text("Revoked")
    steps.step(page, "token revoked")
    refused = page.request.get("/api/v1/requests",
                               headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401
