"""Use the portal as people with assistive technology and small screens do.

The keyboard alone completes an intake; an error summary takes the focus and its links move
the focus to each field; every tab stop shows its focus; pages reflow at 200% zoom and on a
360-pixel-wide screen. Each page visited is screenshotted and scanned with axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import ACTION_TIMEOUT_MS, People
from tests.browser.ui import (
    DEMO_PASSWORD,
    FRENCH_TEXT_LABELS,
    MINIMAL_PDF,
    Proposal,
    Recorder,
    answer_agreement,
    answer_areas,
    answer_purpose,
    answer_resources,
    answer_signing,
    answer_ties,
    assert_focus_changes_the_look,
    assert_focus_visible,
    choose_file_with_keyboard,
    describe_violations,
    expect_error_summary,
    fill_contacts,
    fits_width,
    focus_indicator,
    focused_contrast_violations,
    header_link,
    heading,
    is_focused,
    press_and_wait,
    remember_resting_styles,
    save_and_continue,
    sign_in,
    sign_out,
    tab_to,
)

NEXT_YEAR = date.today().year + 1


# --- the keyboard alone --------------------------------------------------------------------

def _type_into(page: Page, field: Locator, text: str) -> None:
    """Tab to a field and type, as a keyboard user does."""
    tab_to(page, field)
    page.keyboard.type(text)


def _press_button(page: Page, name: str) -> None:
    """Tab to a button and press Enter."""
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    press_and_wait(page, "Enter")


def test_a_city_completes_and_submits_the_intake_with_the_keyboard_alone(
        people: People, steps: Recorder, tmp_path: Path) -> None:
    """Sign in, start, answer seven pages, upload, check and submit: no mouse click."""
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(MINIMAL_PDF)
    page = people()
    page.goto("/login")

    # The first tab stop is the skip link, shown on the screen when it has the focus.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert is_focused(skip)
    assert_focus_visible(page)
    expect(skip).to_be_in_viewport()
    steps.step(page, "skip link focused")

    _type_into(page, page.get_by_label("Email address"), "city@demo.example")
    _type_into(page, page.get_by_label("Password"), DEMO_PASSWORD)
    press_and_wait(page, "Enter")
    expect(heading(page)).to_have_text("My requests")
    steps.step(page, "my requests")
    _press_button(page, "Start a new request")
    tab_to(page, page.get_by_role("link", name=re.compile("About you and your government")))
    press_and_wait(page, "Enter")
    steps.step(page, "about you, filled from the account")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_have_text("Kind of agreement")
    tab_to(page, page.get_by_role("radio", name="Partnership City"))
    page.keyboard.press("ArrowDown")  # a radio group moves with the arrows
    expect(page.get_by_role("radio", name="International Project")).to_be_checked()
    _type_into(page, page.get_by_label("Term, in years"), "2")
    start = page.get_by_role("group", name="Proposed start date")
    _type_into(page, start.get_by_label("Day", exact=True), "1")
    _type_into(page, start.get_by_label("Month", exact=True), "9")
    _type_into(page, start.get_by_label("Year", exact=True), str(NEXT_YEAR))
    steps.step(page, "kind of agreement typed")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_have_text("Purpose, objectives and outcomes")
    _type_into(page, page.get_by_label("Short title"), "Lyon–Toronto lights by keyboard")
    _type_into(page, page.get_by_label("Purpose", exact=True), "Share lighting design.")
    _type_into(page, page.get_by_label("Objectives"), "Exchange designers\nLight a square")
    _type_into(page, page.get_by_label("Planned activities"), "Residency\nFestival")
    outcome = page.get_by_role("group", name="Outcome 1")
    _type_into(page, outcome.get_by_label("Outcome", exact=True), "Designers exchanged")
    _type_into(page, outcome.get_by_label("Indicator"), "Designers hosted")
    _type_into(page, outcome.get_by_label("Target"), "6 by 2029")
    steps.step(page, "purpose typed")
    _press_button(page, "Save and continue")

    # Lyon speaks French: its agreement is bilingual, so its words are asked in French too.
    expect(heading(page)).to_have_text("The agreement's words in French")
    for label, typed in zip(FRENCH_TEXT_LABELS, (
            "Lumières Lyon–Toronto au clavier", "Échanger des concepteurs\nÉclairer une place",
            "Résidence\nFestival", "Concepteurs échangés : 6 d'ici 2029"), strict=True):
        _type_into(page, page.get_by_label(label, exact=True), typed)
    steps.step(page, "the agreement's words in French typed")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_have_text("Areas of cooperation")
    for area in ("Culture", "Tourism"):
        tab_to(page, page.get_by_role("checkbox", name=area, exact=True))
        page.keyboard.press("Space")
        expect(page.get_by_role("checkbox", name=area, exact=True)).to_be_checked()
    _type_into(page, page.get_by_label("How does this align with the City's priorities?"),
               "Supports the Action Plan for Toronto's Economy.")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_have_text("Community ties and relationship")
    _type_into(page, page.get_by_label("People-to-people and community ties"),
               "A large francophone community.")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_have_text("Resources")
    _type_into(page, page.get_by_label("Anticipated cost to the City, in Canadian dollars"),
               "15000")
    _type_into(page, page.get_by_label("Funding source"), "EDC operating budget")
    _type_into(page, page.get_by_label("City staff time"), "One staff, five days")
    _type_into(page, page.get_by_label("What the counterpart commits"), "A venue")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_have_text("Signing and notices")
    for label, typed in (("Legal name of your city government", "Ville de Lyon"),
                         ("Full name of the person who will sign", "Grégory Doucet"),
                         ("Their title", "Maire de Lyon"),
                         ("The authority by which they sign", "As Mayor"),
                         ("Coordinator's full name", "Marie Dupont"),
                         ("Coordinator's job title", "Director of International Relations"),
                         ("Coordinator's email address", "marie.dupont@lyon.example"),
                         ("Coordinator's postal address", "1 place de la Comédie\n69001 Lyon")):
        _type_into(page, page.get_by_label(label, exact=True), typed)
    steps.step(page, "signing and notices typed")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_have_text("Contact and letter of intent")
    _type_into(page, page.get_by_label("Official contact's full name"), "Marie Dupont")
    _type_into(page, page.get_by_label("Official contact's job title"), "Deputy Mayor")
    _type_into(page, page.get_by_label("Official contact's email address"),
               "marie.dupont@lyon.example")
    # Space opens the file picker, as Enter would
    choose_file_with_keyboard(page, page.get_by_label("Letter of intent or endorsement"), letter)
    steps.step(page, "contact typed and letter chosen")
    _press_button(page, "Save and continue")

    expect(heading(page)).to_contain_text("Check your answers")
    steps.step(page, "check your answers")
    submit = page.get_by_role("button", name="Accept and submit")
    tab_to(page, submit)
    confirm = page.get_by_role("checkbox", name=re.compile("I confirm that the information"))
    tab_to(page, confirm, backwards=True)  # back up to the declaration first
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    tab_to(page, submit)
    press_and_wait(page, "Enter")
    expect(heading(page)).to_have_text("Request submitted")
    expect(page.get_by_text(re.compile(r"^IAP-\d{4}-\d{4}$"))).to_be_visible()
    steps.step(page, "submitted")


# --- error summary -------------------------------------------------------------------------

def _check_summary_links(page: Page, summary: Locator) -> list[str]:
    """Follow each link of the summary with Enter; each must focus a field of its target."""
    links = summary.get_by_role("link")
    followed = []
    for index in range(links.count()):
        link = links.nth(index)
        target_id = (link.get_attribute("href") or "").removeprefix("#")
        link.focus()
        assert_focus_visible(page)
        page.keyboard.press("Enter")
        target = page.locator(f"[id='{target_id}']")
        expect(target).to_have_count(1)
        focused = page.locator("*:focus")
        expect(focused).to_have_count(1)
        assert target.evaluate("(el) => el === document.activeElement || "
                               "el.contains(document.activeElement)"), (
            f"the link to #{target_id} left the focus on "
            f"{page.evaluate('document.activeElement.outerHTML.slice(0, 120)')}")
        assert focused.evaluate("el => ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)")
        expect(focused).to_be_in_viewport()
        followed.append(target_id)
    return followed


def test_an_intake_error_summary_takes_the_focus_and_each_link_focuses_its_field(
        people: People, steps: Recorder) -> None:
    """Kind of agreement left empty: radios, a number and a date, each reached from its link."""
    page = people()
    sign_in(page, "seoul@demo.example")
    page.get_by_role("button", name="Start a new request").click()
    page.get_by_role("link", name=re.compile("Kind of agreement")).click()
    save_and_continue(page)
    summary = expect_error_summary(page)
    steps.step(page, "error summary has the focus")
    followed = _check_summary_links(page, summary)
    assert followed == ["requested_category", "term_years", "start_date"]
    steps.step(page, "last link followed to the date")


def test_the_registration_error_summary_takes_the_focus_and_each_link_focuses_its_field(
        people: People, steps: Recorder) -> None:
    """An empty registration: radios, then text, a select and passwords, each by its link."""
    page = people()
    page.goto("/register")
    page.get_by_role("button", name="Continue").click()
    summary = expect_error_summary(page)
    steps.step(page, "first step: error summary has the focus")
    assert _check_summary_links(page, summary) == ["government_kind"]
    page.get_by_role("radio", name="City government", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Create account").click()
    summary = expect_error_summary(page)
    steps.step(page, "second step: error summary has the focus")
    followed = _check_summary_links(page, summary)
    assert {"name", "email", "country", "password"} <= set(followed)


# --- visible focus -------------------------------------------------------------------------

def _tab_through(page: Page, limit: int = 150) -> list[dict[str, str]]:
    """Tab through every stop of the page once, checking each one's focus is visible.

    A stop must show an outline or a box-shadow, look different from when it is not
    focused, sit on the screen, and keep its text legible (axe's contrast rule, focused).
    """
    remember_resting_styles(page)
    # Start from the top whatever had the focus (an error summary takes it on load).
    page.get_by_role("link", name="Skip to main content").focus()
    seen: list[dict[str, str]] = []
    first: str | None = None
    for index in range(limit):
        if index:
            page.keyboard.press("Tab")
        key = page.evaluate("""() => { const el = document.activeElement;
            return el === document.body ? '' : el.outerHTML.slice(0, 200) + '@' +
                [...document.querySelectorAll('*')].indexOf(el); }""")
        if not key or key == first:
            break
        first = first or key
        style = focus_indicator(page)
        assert_focus_visible(page)
        assert_focus_changes_the_look(page)
        box = page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
            return [r.width, r.height, r.left + window.scrollX]; }""")
        assert box[0] > 0 and box[1] > 0 and box[2] >= 0, f"focus off the screen: {style}"
        contrast = focused_contrast_violations(page)
        assert not contrast, (f"{style['tag']} is hard to read when focused:\n"
                              f"{describe_violations(contrast)}")
        seen.append(style)
    assert seen, f"nothing on {page.url} takes the focus"
    return seen


@pytest.mark.parametrize("path", ["/", "/register", "/login", "/registry"])
def test_every_tab_stop_of_a_public_page_shows_a_visible_focus(
        people: People, steps: Recorder, path: str) -> None:
    """Each link, field and button shows an outline or a ring when it has the focus."""
    page = people()
    page.goto(path)
    stops = _tab_through(page)
    steps.step(page, f"last tab stop of {path}")
    assert len(stops) >= 3


def test_every_tab_stop_of_an_intake_page_and_a_request_page_shows_a_visible_focus(
        people: People, steps: Recorder) -> None:
    """Fields, radios, checkboxes, buttons and disclosures all show where the focus is."""
    city = people()
    sign_in(city, "accra@demo.example")
    city.get_by_role("button", name="Start a new request").click()
    city.get_by_role("link", name=re.compile("Kind of agreement")).click()
    save_and_continue(city)  # the error state: red borders must not hide the focus
    kinds = {s["tag"].split("#")[0] for s in _tab_through(city)}
    assert {"input", "button", "a"} <= kinds
    steps.step(city, "intake page tabbed through")
    field = city.get_by_label("Term, in years")
    field.focus()
    style = focus_indicator(city)
    assert style["outlineStyle"] != "none" and style["boxShadow"] != "none", style

    reviewer = people()
    sign_in(reviewer, "reviewer@demo.example")
    header_link(reviewer, "Requests").click()
    # A request in review offers the most actions, each a form in a disclosure.
    reviewer.get_by_role("navigation", name="Requests by status").get_by_role(
        "link", name=re.compile(r"^In review")).click()
    reviewer.get_by_role("table").get_by_role("link", name=re.compile(r"^IAP-")).first.click()
    actions = reviewer.get_by_role("region", name="What you can do")
    expect(actions.locator("summary")).not_to_have_count(0)
    kinds = {s["tag"].split("#")[0] for s in _tab_through(reviewer, limit=400)}
    assert {"a", "button", "summary"} <= kinds
    steps.step(reviewer, "request page tabbed through")
    # axe skips what a closed disclosure hides: open them all (with the keyboard) and scan.
    closed = reviewer.locator("details:not([open]) > summary")
    for _ in range(closed.count()):
        closed.first.focus()
        reviewer.keyboard.press("Enter")
    expect(reviewer.locator("details:not([open])")).to_have_count(0)
    steps.step(reviewer, "every disclosure of the request page open")


# --- 200% zoom and a 360-pixel screen ------------------------------------------------------

@dataclass(frozen=True)
class Screen:
    """A viewport: CSS pixels wide, at a device scale."""

    name: str
    width: int
    scale: float


SCREENS = [Screen("360px-phone", 360, 1), Screen("200pc-zoom", 640, 2)]


@pytest.fixture(scope="module")
def complete_draft(chromium: Browser, live_server: str,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Have Manchester's representative answer every page of a draft; return its path."""
    letter = tmp_path_factory.mktemp("letter") / "letter.pdf"
    letter.write_bytes(MINIMAL_PDF)
    context = chromium.new_context(base_url=live_server)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, "manchester@demo.example")
    page.get_by_role("button", name="Start a new request").click()
    path = page.url.removeprefix(live_server)
    page.get_by_role("link", name=re.compile("About you and your government")).click()
    save_and_continue(page)
    proposal = Proposal(title="Manchester–Toronto music cities exchange",
                        start=date(NEXT_YEAR, 4, 1))
    for answer in (answer_agreement, answer_purpose, answer_areas, answer_ties,
                   answer_resources, answer_signing):
        answer(page, proposal)
    fill_contacts(page, proposal, letter, "Letter of intent or endorsement")
    save_and_continue(page)
    expect(heading(page)).to_contain_text("Check your answers")
    context.close()
    yield path


def _assert_fits(page: Page, steps: Recorder, name: str) -> None:
    page.wait_for_load_state("load")
    scroll_width, inner_width = fits_width(page)
    steps.step(page, name)
    assert scroll_width <= inner_width, (
        f"{page.url} scrolls sideways: {scroll_width}px of content in {inner_width}px")


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_pages_reflow_without_sideways_scrolling(
        people: People, steps: Recorder, complete_draft: str, screen: Screen) -> None:
    """Start, an intake page, its error state, check answers, the queue and a request."""
    visitor = people(width=screen.width, height=800, scale=screen.scale)
    visitor.goto("/")
    _assert_fits(visitor, steps, "start page")
    visitor.goto("/register")
    visitor.get_by_role("button", name="Continue").click()
    expect_error_summary(visitor)
    _assert_fits(visitor, steps, "registration errors")

    city = people(width=screen.width, height=800, scale=screen.scale)
    sign_in(city, "manchester@demo.example")
    city.goto(f"{complete_draft}/purpose")
    expect(heading(city)).to_have_text("Purpose, objectives and outcomes")
    _assert_fits(city, steps, "intake page")
    city.goto(f"{complete_draft}/signing")
    expect(heading(city)).to_have_text("Signing and notices")
    _assert_fits(city, steps, "signing and notices")
    city.goto(f"{complete_draft}/check")
    expect(heading(city)).to_contain_text("Check your answers")
    _assert_fits(city, steps, "check your answers")
    sign_out(city)

    reviewer = people(width=screen.width, height=800, scale=screen.scale)
    sign_in(reviewer, "reviewer@demo.example")
    expect(heading(reviewer)).to_have_text("Your work")
    _assert_fits(reviewer, steps, "reviewer's home")
    header_link(reviewer, "Requests").click()
    expect(heading(reviewer)).to_have_text("Review queue")
    _assert_fits(reviewer, steps, "review queue")
    # Opened, the filters' widest field (the search) must shrink to the screen too.
    reviewer.get_by_text("Filter and search").click()
    expect(reviewer.get_by_label("Search reference, city or title")).to_be_visible()
    _assert_fits(reviewer, steps, "review queue, its filters open")
    reviewer.get_by_role("table").get_by_role("link", name=re.compile(r"^IAP-")).first.click()
    expect(reviewer).to_have_url(re.compile(r"/review/requests/\d+$"))
    _assert_fits(reviewer, steps, "request page")
    header_link(reviewer, "Dashboard").click()
    _assert_fits(reviewer, steps, "dashboard")


def test_the_queue_on_a_phone_shows_each_request_as_a_card_of_labelled_lines(
        people: People, steps: Recorder) -> None:
    """At 390 pixels, status, score and assignee are on the screen, each with its label."""
    reviewer = people(width=390, height=844)
    sign_in(reviewer, "reviewer@demo.example")
    header_link(reviewer, "Requests").click()  # signing in leads to "Your work"
    expect(heading(reviewer)).to_have_text("Review queue")
    _assert_fits(reviewer, steps, "review queue at 390 pixels")
    rows = reviewer.locator("table.queue-table tbody tr")
    assert rows.count() >= 3
    width = reviewer.evaluate("window.innerWidth")
    for index in range(3):
        for label in ("Status", "Score", "Assignee"):
            cell = rows.nth(index).locator(f'td[data-label="{label}"]')
            cell.scroll_into_view_if_needed()
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
                f"row {index}: {label} is off the screen at {box}")
            shown = cell.evaluate(
                "el => getComputedStyle(el, '::before').getPropertyValue('content')")
            assert shown == f'"{label}"', f"row {index}: {label} is not labelled ({shown})"
    # The sort links stay, under their own label, on the screen too.
    sort = reviewer.get_by_role("link", name=re.compile(r"^Status"))
    box = sort.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    steps.step(reviewer, "queue cards")
