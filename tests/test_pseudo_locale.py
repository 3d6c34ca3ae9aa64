"""Every page reads only translated words and data: no English left unmarked on a French page.

The catalogue is extracted afresh from the source (as ``tests/test_catalogue.py`` does) and
compiled as a pseudo-French catalogue whose every translation is its msgid between markers,
"⟦Sign in⟧". Each role of ``tests/test_route_matrix.py``'s table then opens every page it
reaches, with the page's language set to ``fr_CA`` by the language cookie, and so do a few
error states: each form posted empty (the field messages) and the refusals (403, 404, 409).

On each page the visible text (text nodes outside scripts and styles; ``title``, ``alt``,
``aria-label`` and ``placeholder``; the wording of submit buttons) loses its marked parts,
innermost first, then its data: every string the world's database holds, country and
language names, references, numbers, dates and amounts in French formats, addresses. What
is left was written without ``_()``: the test lists it, with the pages and roles showing it.
The locale being French, an English date ("3 March 2027") or amount ("$20,000.00") on a
page is left over too.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from sqlalchemy import JSON, String, Text, select

from portal.extensions import babel, db
from portal.policy.named import city_plans_named, organizations_named
from portal.policy.parties import LEGAL_NAME_EXAMPLES
from tests.conftest import Browser, login
from tests.test_route_matrix import (
    COLUMNS,
    DOWNLOADS,
    NOT_PAGES,
    World,
    build_world,
    endpoint_of,
    expected,
    ordered_probes,
    post_only,
    session_token,
    url_of,
)

ROOT = Path(__file__).resolve().parents[1]
OPEN, CLOSE = "⟦", "⟧"
PSEUDO = "fr_CA"
"""The pseudo-locale is French's code: dates, numbers and money come out in French formats."""


# The pseudo catalogue ---------------------------------------------------------------------

def extracted_catalogue(folder: Path) -> Catalog:
    """Return the catalogue the source marks today, extracted as ``make translations`` does."""
    pot = folder / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "N_", "-k", "P_",
                    "-k", "NP_:1,2", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        return read_po(handle)


PLACEHOLDER = re.compile(r"%\([^)]+\)[a-z]|%[sd]")


def wrapped(text: str) -> str:
    """Return ``text`` between markers, its placeholders outside them.

    A value put in a sentence is then checked as the page's other text is: an English
    amount or a label left untranslated is found inside a translated sentence too.
    """
    return OPEN + PLACEHOLDER.sub(lambda found: CLOSE + found.group(0) + OPEN, text) + CLOSE


def pseudo_catalogue(template: Catalog) -> Catalog:
    """Return ``template`` with each translation its msgid between markers (placeholders kept)."""
    catalogue = Catalog(locale=PSEUDO)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            # As many forms as the locale's plural rule has (CLDR gives French three).
            singular, plural = message.id[0], message.id[-1]
            string: Any = tuple(wrapped(singular if index == 0 else plural)
                                for index in range(catalogue.num_plurals))
        else:
            string = wrapped(message.id)
        catalogue.add(message.id, string, context=message.context, flags=message.flags)
    return catalogue


@pytest.fixture(scope="module")
def pseudo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compile the pseudo catalogue as ``fr_CA`` in a folder of its own."""
    folder = tmp_path_factory.mktemp("pseudo")
    target = folder / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as compiled:
        write_mo(compiled, pseudo_catalogue(extracted_catalogue(folder)))
    return folder


@pytest.fixture()
def pseudo_app(app: Flask, pseudo_folder: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """Return the app offering English and the pseudo-locale, its catalogue the pseudo one."""
    monkeypatch.setitem(app.config, "LANGUAGES", ["en", PSEUDO])
    monkeypatch.setattr(app.extensions["babel"], "translation_directories",
                        [str(pseudo_folder)])
    # Flask-Babel keeps loaded catalogues by language in its one extension object, shared
    # by every app: the real French one must not answer here, nor the pseudo one elsewhere.
    babel.domain_instance.cache.clear()
    try:
        yield app
    finally:
        babel.domain_instance.cache.clear()


# The visible text -------------------------------------------------------------------------

VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


class VisibleText(HTMLParser):
    """Collect what a person reads or hears of a page, in document order, one piece a line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden = 0  # inside <script> or <style>
        # Inside an element marked translate="no" (HTML's own marker): a literal value of
        # the data, such as the open data's allowed values, written as the files hold it.
        self._literal: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        if dict(attrs).get("translate") == "no" or (self._literal and tag == self._literal[-1]):
            self._literal.append(tag)
        values = dict(attrs)
        self.pieces.extend(value for name, value in attrs
                           if name in VISIBLE_ATTRIBUTES and value)
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and \
                values.get("value"):
            self.pieces.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        if self._literal and tag == self._literal[-1]:
            self._literal.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._literal and data.strip():
            self.pieces.append(data)


def visible_text(page: str) -> str:
    """Return the visible text of an HTML page, a line per piece."""
    parser = VisibleText()
    parser.feed(page)
    parser.close()
    return "\n".join(" ".join(piece.split()) for piece in parser.pieces)


# What is data -----------------------------------------------------------------------------

MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
CODE = re.compile(r"[a-z0-9_]+")
"""A stored code (a status, a role, a category): its label is translated, never itself data."""


def stored_strings() -> set[str]:
    """Return every string the database holds: names, cities, answers, titles, references."""
    found: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            text = " ".join(value.split())
            # A number stored as text is no name: the formats below judge how it is written.
            if len(text) > 1 and not CODE.fullmatch(text) and re.search(r"[^\W\d_]", text):
                found.add(text)
                found.update(line.strip() for line in value.splitlines() if line.strip())
                # The plans and organizations an answer names are quoted in its score's
                # explanation: parts of an answer, so data too.
                found.update(city_plans_named(text) + organizations_named(text))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if columns:
            for row in db.session.execute(select(*columns)):
                for value in row:
                    collect(value)
    return found


def babel_names() -> set[str]:
    """Return the names that are data: countries, languages, governments' legal names.

    Countries and languages as Babel names them in French, each language in its own words,
    and the example legal names of cities' governments.
    """
    french = Locale.parse(PSEUDO)
    names = set(french.territories.values()) | set(french.languages.values())
    for code in ("en", PSEUDO):
        name = Locale.parse(code).get_language_name(code) or code
        names |= {name, name[:1].upper() + name[1:]}
    # A government's legal name in its own language, shown as an example: a proper name.
    return names | set(LEGAL_NAME_EXAMPLES.values())


FRENCH = Locale.parse(PSEUDO)
MONTHS = sorted({name for kind in ("format", "stand-alone") for width in ("wide", "abbreviated")
                 for name in FRENCH.months[kind][width].values()}
                | {name for kind in ("format", "stand-alone") for width in ("wide",)
                   for name in FRENCH.days[kind][width].values()}, key=len, reverse=True)

ENGLISH_FORMATS = [
    re.compile(r"\$\s?\d[\d,]*(\.\d+)?"),                               # $20,000.00
    re.compile(r"(?<![\d,])\d{1,3}(,\d{3})+(\.\d+)?(?![\d,])"),           # 20,000
    re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])"),                            # 2.5
]
"""Numbers and amounts in English formats: on a French page, findings."""

IDENTIFIERS = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),                       # an email address
    re.compile(r"https?://\S+|(?<!\w)/[\w./?=&%-]+"),                 # an address, a path
    re.compile(r"[\w.-]+\.(docx|pdf|csv|css|png|json|txt)\b", re.I),  # a file's name
    re.compile(r"\b[0-9a-f]{12,}\b"),                                  # a checksum
    re.compile(r"\b[\w-]+(\.[\w-]+)*\.(example|test|ca|com|org)\b"),   # a domain
    re.compile(r"\([A-Z]{2}\)"),                                       # a country's code
]
"""Data with a shape of its own, removed first (before a name inside it is)."""
REFERENCE = re.compile(r"\bIAP-\d{4}-\d+\b")
"""A request's reference: removed after the stored strings, as a stored subject holds one."""

PATTERNS = [
    # An amount in French ("20 000,00 $"); "$20,000.00" keeps its "$" and is a finding.
    re.compile(r"\d[\d\u00a0\u202f ]*(,\d+)?[\u00a0\u202f ]?\$"),
    re.compile(r"(?<![\w])(" + "|".join(map(re.escape, MONTHS)) + r")(?![\w])", re.I),
    re.compile(r"\d[\d\u00a0\u202f]*(,\d+)?\s?(%|h|min)?(?![\w])"),   # a number, a time
    re.compile(r"\b\d+(er|e)\b"),                                     # 1er, 2e
]
"""French numbers, amounts and dates, removed last."""


def without_data(text: str, data: list[re.Pattern[str]]) -> str:
    """Return ``text`` without its marked parts and its data: what was written unmarked."""
    previous = None
    while previous != text:  # innermost first: "⟦Waiting on ⟦the city⟧⟧"
        previous, text = text, MARKED.sub("\u2026", text)
    for pattern in (*IDENTIFIERS, *data, REFERENCE):
        text = pattern.sub("\u2026", text)
    for pattern in ENGLISH_FORMATS:  # flagged before the numbers they hold are removed
        text = pattern.sub(" [English format] ", text)
    for pattern in PATTERNS:
        text = pattern.sub("\u2026", text)
    return text


def data_patterns(stored: set[str]) -> list[re.Pattern[str]]:
    """Return a pattern for each stored string and Babel name, longest first, as whole words."""
    values = sorted(stored | babel_names(), key=len, reverse=True)
    patterns, chunk = [], 200
    for start in range(0, len(values), chunk):
        words = "|".join(re.escape(value) for value in values[start:start + chunk])
        patterns.append(re.compile(rf"(?<![\w])({words})(?![\w])", re.I))
    return patterns


LETTERS = re.compile(r"[^\W\d_]{2,}")


def leftovers(text: str, data: list[re.Pattern[str]]) -> list[str]:
    """Return each line of a page's visible text that still holds words after removals."""
    remains = without_data(text, data)
    found = []
    for line in remains.splitlines():
        if LETTERS.search(line):
            found.append(re.sub(r"(\u2026\s*)+", "\u2026 ", line).strip())
    return found


# The walk ---------------------------------------------------------------------------------

def is_page(response: Any) -> bool:
    """Return whether a response is an HTML page a person reads (not a redirect or a file)."""
    return response.mimetype == "text/html" and not 300 <= response.status_code < 400


def first_allowed(name: str) -> str:
    """Return the first column whose empty form a row's route runs (the field messages)."""
    row = expected(name)
    return next((column for column in COLUMNS if row[column] in ("ok", "400", "409")), "")


def walk(app: Flask, browser: Browser, world: World,
         column: str) -> tuple[dict[str, str], set[str]]:
    """Return the text of the pages ``column`` reads, and the strings the database held.

    It opens each page, then posts each form empty (a form posted may delete a request).
    """
    pages: dict[str, str] = {}
    for name in ordered_probes():
        endpoint = endpoint_of(name)
        rule, url = url_of(app, world, name)
        if endpoint == "review.requests_csv" and expected(name)[column] == "ok":
            # The one download made of words: its headings and labels, a cell a line.
            rows = csv.reader(io.StringIO(browser.get(url).get_data(as_text=True)))
            pages[name] = "\n".join(cell for row in rows for cell in row)
        if endpoint in NOT_PAGES | DOWNLOADS or endpoint == "auth.logout" or post_only(rule):
            continue
        response = browser.get(url)
        if is_page(response):
            pages[name] = visible_text(response.get_data(as_text=True))
    stored = stored_strings()
    token = session_token(browser)
    for name in ordered_probes():
        rule, url = url_of(app, world, name)
        if "POST" not in (rule.methods or ()) or first_allowed(name) != column or \
                endpoint_of(name) in ("auth.logout", "main.choose_language"):
            continue
        response = browser.post(url, data={"csrf_token": token}, follow_redirects=True)
        if is_page(response):
            pages[f"{name} (posted empty)"] = visible_text(response.get_data(as_text=True))
    return pages, stored | stored_strings()


def sources() -> dict[str, str]:
    """Return the text of the code and templates, to say where each leftover is written."""
    found = {}
    for folder, pattern in (("portal", "**/*.py"), ("templates", "**/*.*"), ("forms", "**/*.py")):
        for path in sorted((ROOT / folder).glob(pattern)):
            found[str(path.relative_to(ROOT))] = " ".join(path.read_text().split())
    return found


def origin(leftover: str, code: dict[str, str]) -> str:
    """Return the file whose text holds most of a leftover's runs of three words, or ''."""
    runs = []
    for fragment in leftover.split("\u2026"):
        words = fragment.strip(" .,:;()·").split()
        runs += [" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 0))]
        if 0 < len(words) < 3:  # a label: found as a string of its own
            runs.append(f'"{" ".join(words)}')
    hits = {path: sum(run in text for run in runs) for path, text in code.items()}
    best = max(hits, key=lambda path: (hits[path], path.startswith("portal/policy/")),
               default="")
    return best if best and hits[best] else ""


def report(findings: dict[str, list[str]]) -> str:
    """Return the findings compactly: each leftover once, with where it shows."""
    code = sources()
    groups: dict[str, list[str]] = defaultdict(list)
    for leftover, where in sorted(findings.items()):
        shown = ", ".join(where[:3]) + (f" +{len(where) - 3} more" if len(where) > 3 else "")
        groups[origin(leftover, code) or "(not found in the source)"].append(
            f"  {leftover!r}  <- {shown}")
    return "\n".join(f"{group}:\n" + "\n".join(lines) for group, lines in sorted(groups.items()))


@pytest.mark.parametrize("column", COLUMNS)
def test_every_page_a_role_reads_is_all_translated_but_its_data(
        pseudo_app, make_city_user, make_staff, column):
    world = build_world(make_city_user, make_staff)
    browser = pseudo_app.test_client()
    browser.set_cookie("language", PSEUDO)
    if column != "anon":
        login(browser, world.users[column].email)
    pages, stored = walk(pseudo_app, browser, world, column)
    assert pages, "the walk read no page"
    data = data_patterns(stored)
    findings: dict[str, list[str]] = defaultdict(list)
    for name, page in pages.items():
        for leftover in leftovers(page, data):
            findings[leftover].append(f"{name}@{column}")
    assert not findings, "Text outside the catalogue:\n" + report(findings)
