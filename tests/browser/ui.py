"""Use the portal as a person does: by labels, button names and the keyboard; check with axe."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po
from playwright.sync_api import Locator, Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DEMO_PASSWORD = "iap-demo-2026"
# WCAG 2.0 and 2.1 A and AA, and Deque's best practices; wcag21a and wcag22aa come along
# because the City aims for WCAG 2.2 AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
_AXE = Axe()  # carries axe-core's script from the wheel: nothing is fetched

# A small, valid one-page PDF: what a letter of intent or a signed copy is checked against.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations."""
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                      "resultTypes": ["violations"]})
    return list(results.response["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Say each violation in a line or two: rule, impact, help, and where."""
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:6])
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n    at {targets}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail listing every axe violation of the page."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} violation(s) on {page.url}:\n"
        f"{describe_violations(violations)}")


@dataclass
class Recorder:
    """Number a test's steps: a full-page screenshot and an axe scan of each."""

    folder: Path
    count: int = 0
    shots: list[Path] = field(default_factory=list)

    def step(self, page: Page, name: str, *, scan: bool = True) -> Path:
        """Save ``NN-name.png`` of the page once it has loaded, then scan it with axe."""
        page.wait_for_load_state("load")
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.folder / f"{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        self.shots.append(path)
        if scan:
            assert_accessible(page)
        return path

    def keep(self, page: Page, name: str) -> Path | None:
        """Save the visible part of the page as ``<name>.png`` for the README.

        Only under ``make screenshots``, which names the folder in ``PORTAL_SCREENSHOTS``;
        an ordinary run leaves the committed pictures alone.
        """
        folder = os.environ.get("PORTAL_SCREENSHOTS")
        if not folder:
            return None
        path = Path(folder) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path))
        return path


# --- the portal's words in the language a person reads ------------------------------------

FRENCH_CATALOGUE = (Path(__file__).resolve().parents[2] / "portal" / "translations" / "fr_CA"
                    / "LC_MESSAGES" / "messages.po")


class Words:
    """The portal's words as a person reading one language finds them on the page.

    A test names what it clicks by the English the code is written in; in French,
    ``words("Sign in")`` is the French catalogue's "Se connecter", so the same steps walk
    the French pages, and a label the catalogue does not translate fails the test.
    """

    def __init__(self, catalogue: Path | None = None) -> None:
        self.translations: dict[str, str] = {}
        if catalogue is not None:
            with catalogue.open("rb") as handle:
                for message in read_po(handle, locale="fr_CA"):
                    if message.id and isinstance(message.id, str) and message.string:
                        self.translations[message.id] = str(message.string)

    def __call__(self, english: str, **values: object) -> str:
        """Return ``english`` in this language, its ``%(name)s`` values filled in."""
        if self.translations:
            assert english in self.translations, f"not in the catalogue: {english!r}"
            english = self.translations[english]
        return english % values if values else english


ENGLISH = Words()


# --- moving around, as a person ------------------------------------------------------------

def header_link(page: Page, name: str, words: Words = ENGLISH) -> Locator:
    """Return a link of the header's navigation."""
    return page.get_by_role("navigation", name=words("Account")).get_by_role(
        "link", name=name, exact=True)


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD,
            words: Words = ENGLISH) -> None:
    """Sign in from the header's "Sign in" link."""
    if not page.url.startswith("http"):
        page.goto("/")
    header_link(page, words("Sign in"), words).click()
    page.get_by_label(words("Email address")).fill(email)
    page.get_by_label(words("Password")).fill(password)
    page.get_by_role("button", name=words("Sign in")).click()
    expect(page.get_by_role("button", name=words("Sign out"))).to_be_visible()


def sign_out(page: Page) -> None:
    """Sign out from the header."""
    page.get_by_role("button", name="Sign out").click()
    expect(header_link(page, "Sign in")).to_be_visible()


def open_action(page: Page, name: str) -> Locator:
    """Open the disclosure of a review action (if closed) and return it."""
    summary = page.locator("summary", has_text=re.compile(f"^{re.escape(name)}$"))
    details = page.locator("details", has=summary)
    if details.get_attribute("open") is None:
        summary.click()
    expect(details).to_have_attribute("open", "")
    return details


def fill_date(group: Locator, day: date, words: Words = ENGLISH) -> None:
    """Type a date into a GOV.UK date input (Day, Month, Year)."""
    group.get_by_label(words("Day"), exact=True).fill(str(day.day))
    group.get_by_label(words("Month"), exact=True).fill(str(day.month))
    group.get_by_label(words("Year"), exact=True).fill(str(day.year))


def long_date(day: date) -> str:
    """Write a date as the portal shows it: 1 March 2027."""
    return f"{day.day} {day:%B} {day.year}"


def term_end(start: date, years: int) -> date:
    """Return the last day of a term of ``years`` starting on ``start``."""
    return start.replace(year=start.year + years) - timedelta(days=1)


# --- the guided intake ---------------------------------------------------------------------

@dataclass(frozen=True)
class Proposal:
    """What a submitter answers on the pages every request shares (2 to 7)."""

    title: str
    start: date
    term_years: int = 2
    category: str = "International Project"
    purpose: str = "Share how both cities renew their waterfronts."
    objectives: str = "Exchange urban designers\nCo-publish a waterfront guide"
    activities: str = "Study visit in spring\nWorkshop in Toronto"
    outcome: tuple[str, str, str] = ("Designers exchanged", "Designers hosted", "8 by 2029")
    areas: tuple[str, ...] = ("Culture", "Climate and environment")
    alignment: str = "Supports TransformTO and the waterfront plan."
    community_ties: str = "A large diaspora community in Toronto."
    cost: str = "20000"
    funding_source: str = "Economic Development and Culture operating budget"
    staff_time: str = "Two staff, ten days a year"
    counterpart_commitment: str = "Venues and hosting"
    contact: tuple[str, str, str] = ("Rui Moreira", "Mayor", "mayor@counterpart.example")
    legal_name: str = "Município do Porto"
    signatory: tuple[str, str, str] = ("Rui Moreira", "Mayor of Porto",
                                       "As Mayor, under article 35 of Law 75/2013")
    coordinator: tuple[str, str, str, str] = (
        "Ana Ribeiro", "Head of International Relations", "ana.ribeiro@porto.example",
        "Praça General Humberto Delgado\n4049-001 Porto")

    @property
    def end(self) -> date:
        """Return the last day of the proposed term."""
        return term_end(self.start, self.term_years)


def save_and_continue(page: Page, words: Words = ENGLISH) -> None:
    """Press the page's main button."""
    page.get_by_role("button", name=words("Save and continue")).click()


def answer_agreement(page: Page, p: Proposal, words: Words = ENGLISH) -> None:
    """Answer "Kind of agreement"."""
    page.get_by_role("radio", name=words(p.category), exact=True).check()
    page.get_by_label(words("Term, in years")).fill(str(p.term_years))
    fill_date(page.get_by_role("group", name=words("Proposed start date")), p.start, words)
    save_and_continue(page, words)


def answer_purpose(page: Page, p: Proposal, words: Words = ENGLISH) -> None:
    """Answer "Purpose, objectives and outcomes"."""
    page.get_by_label(words("Short title"), exact=True).fill(p.title)
    page.get_by_label(words("Purpose"), exact=True).fill(p.purpose)
    page.get_by_label(words("Objectives"), exact=True).fill(p.objectives)
    page.get_by_label(words("Planned activities"), exact=True).fill(p.activities)
    outcome = page.get_by_role("group", name=words("Outcome %(n)s", n=1))
    outcome.get_by_label(words("Outcome"), exact=True).fill(p.outcome[0])
    outcome.get_by_label(words("Indicator")).fill(p.outcome[1])
    outcome.get_by_label(words("Target")).fill(p.outcome[2])
    save_and_continue(page, words)


FRENCH_TEXT_LABELS = ("Short title, in French", "Objectives, in French",
                      "Planned activities, in French", "Measurable outcomes, in French")
"""The labels of "The agreement's words in French", asked when the draft is bilingual."""


def answer_french_text(page: Page, text: tuple[str, str, str, str],
                       words: Words = ENGLISH) -> None:
    """Answer "The agreement's words in French": title, objectives, activities, outcomes."""
    for label, value in zip(FRENCH_TEXT_LABELS, text, strict=True):
        page.get_by_label(words(label), exact=True).fill(value)
    save_and_continue(page, words)


def answer_areas(page: Page, p: Proposal, words: Words = ENGLISH) -> None:
    """Answer "Areas of cooperation"."""
    for area in p.areas:
        page.get_by_role("checkbox", name=words(area), exact=True).check()
    page.get_by_label(words("How does this align with the City's priorities?")).fill(
        p.alignment)
    save_and_continue(page, words)


def answer_ties(page: Page, p: Proposal, words: Words = ENGLISH) -> None:
    """Answer "Community ties and relationship"."""
    page.get_by_label(words("People-to-people and community ties")).fill(p.community_ties)
    save_and_continue(page, words)


def answer_resources(page: Page, p: Proposal, words: Words = ENGLISH) -> None:
    """Answer "Resources"."""
    page.get_by_label(words("Anticipated cost to the City, in Canadian dollars")).fill(p.cost)
    page.get_by_label(words("Funding source")).fill(p.funding_source)
    page.get_by_label(words("City staff time")).fill(p.staff_time)
    page.get_by_label(words("What the counterpart commits")).fill(p.counterpart_commitment)
    save_and_continue(page, words)


CITY_COORDINATOR = ("Avery Chen", "International Alliances Lead", "avery.chen@toronto.example",
                    "Toronto City Hall\n100 Queen Street West\nToronto ON  M5H 2N2")
"""The City's coordinator for notices, as a division or a reviewer names them."""


def answer_signing(page: Page, p: Proposal, words: Words = ENGLISH) -> None:
    """Answer a city's "Signing and notices": its legal name, signatory and coordinator."""
    page.get_by_label(words("Legal name of your city government")).fill(p.legal_name)
    for label, value in zip(("Full name of the person who will sign", "Their title",
                             "The authority by which they sign"), p.signatory, strict=True):
        page.get_by_label(words(label), exact=True).fill(value)
    for label, value in zip(("Coordinator's full name", "Coordinator's job title",
                             "Coordinator's email address", "Coordinator's postal address"),
                            p.coordinator, strict=True):
        page.get_by_label(words(label), exact=True).fill(value)
    save_and_continue(page, words)


def fill_city_coordinator(page: Page, prefix: str) -> None:
    """Fill the City's coordinator; ``prefix`` opens each label ("The City's coordinator")."""
    for part, value in zip(("full name", "job title", "email address", "postal address"),
                           CITY_COORDINATOR, strict=True):
        page.get_by_label(f"{prefix}: {part}", exact=True).fill(value)


def fill_contacts(page: Page, p: Proposal, document: Path | None, document_label: str,
                  words: Words = ENGLISH) -> None:
    """Fill "Contact and letter of intent" without pressing a button."""
    page.get_by_label(words("Official contact's full name")).fill(p.contact[0])
    page.get_by_label(words("Official contact's job title")).fill(p.contact[1])
    page.get_by_label(words("Official contact's email address")).fill(p.contact[2])
    if document is not None:
        page.get_by_label(document_label).set_input_files(str(document))


def expect_status(page: Page, label: str) -> None:
    """Wait until the page says the request's status is ``label``."""
    line = page.get_by_role("paragraph").filter(has_text=re.compile(r"^\s*Status:"))
    expect(line).to_have_text(re.compile(rf"^\s*Status:\s*{re.escape(label)}\s*(·|$)"))


def expect_error_summary(page: Page, words: Words = ENGLISH) -> Locator:
    """Wait for the error summary, check it has the focus, and return it."""
    summary = page.get_by_role("alert", name=words("There is a problem"))
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    return summary


def heading(page: Page) -> Locator:
    """Return the page's main heading."""
    return page.get_by_role("heading", level=1)


# --- the keyboard --------------------------------------------------------------------------

def is_focused(target: Locator) -> bool:
    """Say whether ``target`` has the keyboard focus."""
    return bool(target.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus; fail if it never does."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if is_focused(target):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{target} cannot be reached with {key} on {page.url}")


def choose_file_with_keyboard(page: Page, field: Locator, path: Path, key: str = "Space") -> None:
    """Tab to a file field, open its picker with ``key`` and choose ``path`` in it.

    Playwright turns on the browser's file-chooser interception without waiting for it to
    take hold, so a key pressed at once can open the picker before the interception is on,
    and the chooser never arrives. Listening before the Tab presses leaves it dozens of round
    trips to take hold.
    """
    page.on("filechooser", _leave_to_the_waiter)
    try:
        tab_to(page, field)
        with page.expect_file_chooser() as chooser:
            page.keyboard.press(key)
        chooser.value.set_files(str(path))
    finally:
        page.remove_listener("filechooser", _leave_to_the_waiter)


def _leave_to_the_waiter(_chooser: object) -> None:
    """Keep the file-chooser interception on; ``expect_file_chooser`` takes the chooser."""


def focus_indicator(page: Page) -> dict[str, str]:
    """Return the focused element's tag and the computed outline and box-shadow."""
    return dict(page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
                outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
                outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
                outlineColor: s.outlineColor, boxShadow: s.boxShadow};
    }"""))


def assert_focus_visible(page: Page) -> None:
    """Fail unless the focused element shows an outline or a box-shadow."""
    style = focus_indicator(page)
    outline = (style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
               and style["outlineColor"] not in ("transparent", "rgba(0, 0, 0, 0)"))
    assert outline or style["boxShadow"] != "none", f"no visible focus on {style}"


_STYLE_OF = """(el) => { const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.borderColor, s.color].join('|'); }"""


def remember_resting_styles(page: Page) -> None:
    """Note how every element looks without the focus, to compare with it focused."""
    page.evaluate(f"""() => {{ const styleOf = {_STYLE_OF};
        const active = document.activeElement;
        if (active && active !== document.body) active.blur();
        window.__restingStyle = new Map();
        for (const el of document.querySelectorAll('body *'))
            window.__restingStyle.set(el, styleOf(el)); }}""")


def assert_focus_changes_the_look(page: Page) -> None:
    """Fail if the focused element looks as it does without the focus."""
    same = page.evaluate(f"""() => {{ const el = document.activeElement;
        const rest = window.__restingStyle && window.__restingStyle.get(el);
        return rest !== undefined && rest === ({_STYLE_OF})(el); }}""")
    assert not same, f"the focus does not change the look of {focus_indicator(page)['tag']}"


def focused_contrast_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe's colour-contrast rule on the focused element, as it looks focused."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE.axe_script)
    result = page.evaluate("""() => axe.run(document.activeElement,
        {runOnly: {type: 'rule', values: ['color-contrast']}, resultTypes: ['violations']})""")
    return list(result["violations"])


def press_and_wait(page: Page, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")


def fits_width(page: Page) -> tuple[int, int]:
    """Return the document's scroll width and the window's inner width."""
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(width[0]), int(width[1])
