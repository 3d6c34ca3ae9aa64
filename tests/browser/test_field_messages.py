"""A person who made a mistake sees, at each field, what is wrong, on a wide and a narrow screen.

Forms of several kinds (radios, text, select, password, a date, a file, checkboxes) are
submitted empty. Every problem the error summary lists must be written in red above its own
field, visible on the screen, in the same words, under the id the field's
``aria-describedby`` names. A screenshot of each form in its error state is kept at 1280 and
at 390 pixels wide, and axe scans each.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import People
from tests.browser.ui import Recorder, expect_error_summary, save_and_continue, sign_in

WIDTHS = (1280, 390)


def _control_of(page: Page, field_id: str) -> Locator:
    """Return the input a person types into for ``field_id`` (a group's first input)."""
    target = page.locator(f"[id='{field_id}']")
    tag = target.evaluate("el => el.tagName")
    if tag in ("INPUT", "SELECT", "TEXTAREA"):
        return target
    return target.locator("input, select, textarea").first


def assert_each_problem_at_its_field(page: Page) -> list[str]:
    """Check every summary entry against its field's message; return the field ids."""
    summary = expect_error_summary(page)
    links = summary.get_by_role("link")
    assert links.count(), "the error summary lists no field"
    checked = []
    for index in range(links.count()):
        link = links.nth(index)
        field_id = (link.get_attribute("href") or "").removeprefix("#")
        said = " ".join(link.inner_text().split())
        message = page.locator(f"[id='{field_id}-error']")
        expect(message, f"no message at the field {field_id!r}").to_have_count(1)
        message.scroll_into_view_if_needed()
        expect(message).to_be_visible()
        written = " ".join(message.inner_text().split()).removeprefix("Error:").strip()
        assert written == said, f"{field_id}: the summary says {said!r}, the field {written!r}"
        control = _control_of(page, field_id)
        # A lone input names its message; radios, checkboxes and dates name it on their group.
        described = page.locator(f"[id='{field_id}']").evaluate(
            "el => (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) ? el"
            " : el.closest('fieldset') || el).getAttribute('aria-describedby') || ''")
        assert f"{field_id}-error" in described.split(), (
            f"{field_id} does not name its message in aria-describedby ({described!r})")
        message_box, control_box = message.bounding_box(), control.bounding_box()
        assert message_box and control_box
        assert message_box["y"] + message_box["height"] <= control_box["y"] + 1, (
            f"the message of {field_id} is not above its input")
        weight = message.evaluate("el => getComputedStyle(el).fontWeight")
        assert int(weight) >= 700, f"the message of {field_id} does not stand out (bold)"
        checked.append(field_id)
    return checked


def _registration(page: Page) -> None:
    page.goto("/register")
    page.get_by_role("radio", name="City government", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Create account").click()


def _intake_agreement(page: Page) -> None:
    sign_in(page, "seoul@demo.example")
    page.get_by_role("button", name="Start a new request").click()
    page.get_by_role("link", name="Kind of agreement").click()
    save_and_continue(page)


def _staff_account(page: Page) -> None:
    sign_in(page, "admin@demo.example")
    page.goto("/admin/users/new")
    page.get_by_role("button", name="Create account and send invitation").click()


FORMS: dict[str, tuple[Callable[[Page], None], set[str]]] = {
    "registration": (_registration, {"name", "email", "country", "password"}),
    "intake agreement": (_intake_agreement, {"requested_category", "term_years", "start_date"}),
    "staff account": (_staff_account, {"name", "email", "role"}),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("form", list(FORMS))
def test_each_problem_is_written_above_its_field(
        people: People, steps: Recorder, form: str, width: int) -> None:
    """Submitted empty, each form says at each field what the summary says."""
    page = people(width=width)
    open_form, expected_fields = FORMS[form]
    open_form(page)
    checked = assert_each_problem_at_its_field(page)
    assert expected_fields <= set(checked), f"{form}: only {checked} reported"
    page.evaluate("window.scrollTo(0, 0)")
    steps.step(page, f"{form} at {width} pixels, every problem at its field")
