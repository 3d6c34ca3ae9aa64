"""Arbitrary input to every form of the app never makes a server error.

The forms are not listed by hand: a crawler signs in as each role, opens every page the route
matrix lets it open, and reads the forms on them (action, field names, options), so a new
form is fuzzed as soon as a page shows it. A check makes sure every route that takes POST was
reached by some form. Hypothesis then posts each form with arbitrary Unicode (control
characters, other scripts, very long text), real and unreal option values, random files and
extra fields, always with a valid CSRF token so the request reaches the view. The app runs
with TESTING on, which re-raises any unexpected exception, so a bug fails the test instead of
hiding behind the polite 500 page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.intake import services as intake
from portal.intake.steps import steps_for
from portal.policy.lifecycle import Action
from tests.conftest import Browser, login
from tests.factories import advance, submitted_request
from tests.journeys import MINIMAL_PDF
from tests.test_route_matrix import (
    DOWNLOADS,
    MATRIX,
    NOT_PAGES,
    World,
    build_world,
    endpoint_of,
    expected,
    post_only,
    url_of,
)

# Thousands of generated inputs: `make test-all` and CI run them.
pytestmark = pytest.mark.slow

# Read from a page --------------------------------------------------------------------------

@dataclass
class FormField:
    """One named control of a form and the values the page offers for it."""

    name: str
    kind: str  # the input's type, or textarea, select, submit
    values: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    """A form as a page shows it."""

    page: str
    method: str
    action: str
    endpoint: str
    multipart: bool
    fields: dict[str, FormField]

    @property
    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        """Say what makes two forms the same: their route and their fields."""
        return self.method, self.endpoint, tuple(sorted(self.fields))

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.action} ({self.endpoint}) from {self.page}"


class FormReader(HTMLParser):
    """Collect the forms of a page with their controls."""

    def __init__(self) -> None:
        """Start with no form."""
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a form, or add a control to the open one."""
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(),
                          "action": a.get("action", ""), "enctype": a.get("enctype", ""),
                          "fields": {}}
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            default = "y" if kind == "checkbox" else ""
            self._add(a["name"], kind, a.get("value", default) or default)
        elif tag == "textarea" and a.get("name"):
            self._add(a["name"], "textarea", None)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._add(a["name"], "select", None)
        elif tag == "option" and self._select:
            self._add(self._select, "select", a.get("value", ""))
        elif tag == "button" and a.get("name"):
            self._add(a["name"], "submit", a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        """Close the open form or select."""
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None

    def _add(self, name: str, kind: str, value: str | None) -> None:
        assert self._form is not None
        control = self._form["fields"].setdefault(name, FormField(name, kind))
        if value is not None and value not in control.values:
            control.values.append(value)


def forms_on(app: Flask, page: str, html: str) -> list[PageForm]:
    """Return the forms of ``html``, shown at ``page``, with the route each one reaches."""
    reader = FormReader()
    reader.feed(html)
    adapter = app.url_map.bind("localhost")
    found = []
    for raw in reader.forms:
        action = urljoin(page, raw["action"] or page)
        parts = urlsplit(action)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        endpoint, _args = adapter.match(parts.path, method=raw["method"].upper())
        found.append(PageForm(page=page, method=raw["method"], action=path, endpoint=endpoint,
                              multipart="multipart" in raw["enctype"], fields=raw["fields"]))
    return found


# Walk the app as each role -----------------------------------------------------------------

CRAWLED = ("newcomer", "anon", "city", "division", "cco", "edc", "head", "solicitor", "admin")
"""The columns whose pages are read: a city that has not confirmed its email (it alone is
offered a new confirmation link), a visitor, then the roles; the other signing authorities
see the same forms as the Division Head. The administrator comes last: deactivating an
account signs its holder out."""

SKIPPED_PAGES = frozenset({"auth.confirm_email"})
"""Opening it would confirm the newcomer, whose pages hold the resend form."""

LAST = ("intake.check", "intake.delete", "intake.withdraw", "admin.deactivate", "auth.logout")
"""Forms that end what the others need (submit, delete, withdraw, deactivate, sign out):
fuzzed after the rest of their column's forms."""


def extend_world(world: World) -> None:
    """Add what only the crawl needs, beside the route matrix's world.

    A division's draft, a request ready to be signed, a Partnership City request under
    review (whose signatory the reviewer may choose) and a deactivated account (which the
    administrator may reactivate).
    """
    from portal.agreements import services as agreements
    from portal.assessment import services as assessment
    from portal.models import User

    division, cco, head = world.users["division"], world.users["cco"], world.users["head"]
    world.users["newcomer"] = db.session.scalars(
        db.select(User).where(User.email == "new@lyon.example")).one()
    division_draft = intake.start_request(division)
    ready = submitted_request(division, title="Ready to sign")
    advance(ready, cco, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(ready, head, Action.APPROVE)
    draft = agreements.generate_draft(ready, cco)
    agreements.approve_as_to_form(ready, draft, world.users["solicitor"])
    # A newer rubric: the reviewer is then offered to score the requests again.
    assessment.save_rubric(world.users["admin"],
                           assessment.rubric_of(assessment.newest_rubric_version()), "v2")
    partnership = submitted_request(world.users["other"], title="Porto partnership",
                                    requested_category="partnership_city", term_years=5)
    advance(partnership, cco, Action.START_TRIAGE, Action.START_REVIEW)
    # A deactivated account: the list of accounts then offers to reactivate it.
    from portal.auth import services as accounts
    from portal.policy.roles import Role

    gone = accounts.create_staff_user(None, "gone@toronto.example", accounts.StaffDetails(
        name="Gale Gone", job_title="Officer", role=Role.CCO_REVIEWER, division_id=None,
        signing_office=None))
    gone.active = False
    db.session.commit()
    world.ids["division_draft"] = division_draft.id
    world.ids["ready"] = ready.id
    world.ids["partnership"] = partnership.id


def pages_of(app: Flask, world: World, column: str) -> list[str]:
    """Return the pages ``column`` may open: its matrix rows, and every page of its drafts."""
    if column == "newcomer":
        return ["/requests"]
    urls = []
    for name in MATRIX:
        endpoint = endpoint_of(name)
        if endpoint in NOT_PAGES | DOWNLOADS | SKIPPED_PAGES or expected(name)[column] != "ok":
            continue
        rule, url = url_of(app, world, name)
        if not post_only(rule):
            urls.append(url)
    if column == "city":
        urls += draft_pages(world.variants["draft"]["request_id"])
    if column == "division":
        urls += draft_pages(world.ids["division_draft"])
    if column == "cco":
        urls.append(f"/review/requests/{world.ids['ready']}")
        urls.append(f"/review/requests/{world.ids['partnership']}")
    return urls


def draft_pages(request_id: int) -> list[str]:
    """Return every page of a draft's intake, its check page and its delete page."""
    from portal.models import EngagementRequest

    req = db.session.get(EngagementRequest, request_id)
    return [*(f"/requests/{request_id}/{step.slug}" for step in steps_for(req)),
            f"/requests/{request_id}/check", f"/requests/{request_id}/delete"]


@dataclass
class Visitor:
    """A browser signed in as one column, with the forms its pages showed."""

    column: str
    browser: Browser
    token: str
    forms: list[PageForm]


ALIKE = frozenset({"review.change_score"})
"""Routes whose forms differ only by a prefix (one per criterion): one of them is enough."""


def crawl(app: Flask, world: World, columns: tuple[str, ...] = CRAWLED) -> list[Visitor]:
    """Sign in as each column, open its pages and collect the forms they show.

    A form already found for an earlier column (the public ones, the queue's filters) is
    kept once, for the first column that showed it.
    """
    visitors = []
    seen: set[Any] = set()
    for column in columns:
        browser: Browser = app.test_client()  # type: ignore[assignment]
        if column != "anon":
            login(browser, world.users[column].email)
        else:  # registration's second step shows its form once the first is answered
            browser.submit("/register", {"government_kind": "city"})
        forms: list[PageForm] = []
        for page in pages_of(app, world, column):
            response = browser.get(page, follow_redirects=True)
            assert response.status_code == 200, (column, page, response.status_code)
            landed = response.request.path
            for form in forms_on(app, landed, response.get_data(as_text=True)):
                key = form.endpoint if form.endpoint in ALIKE else form.signature
                if key not in seen:
                    seen.add(key)
                    forms.append(form)
        forms.sort(key=lambda f: LAST.index(f.endpoint) + 1 if f.endpoint in LAST else 0)
        visitors.append(Visitor(column, browser, browser.token_from("/login"), forms))
    return visitors


@pytest.fixture()
def visitors(app, client, make_city_user, make_staff, monkeypatch) -> list[Visitor]:
    """Return a browser per column with the forms its pages show, in a fresh world.

    (The ``client`` fixture makes ``app.test_client()`` a Browser.) Throttling is raised out
    of the way: the fuzz signs in and registers far more than ten times a minute.
    """
    for setting in ("LOGIN_RATE_LIMIT", "REGISTER_RATE_LIMIT", "PASSWORD_RESET_RATE_LIMIT"):
        monkeypatch.setitem(app.config, setting, "100000 per minute")
    # French offered, so the header's language form is on every page and gets fuzzed too.
    monkeypatch.setitem(app.config, "LANGUAGES", ["en", "fr_CA"])
    world = build_world(make_city_user, make_staff)
    extend_world(world)
    return crawl(app, world)


# Arbitrary input ---------------------------------------------------------------------------

AWKWARD = ["²", "٣", "１２", "𝟘", "99999999999999999999", "-99999999999999999999", "-1", "0",
           "1e309", "NaN", "a\x00b", "\u202e", "\ufeff", " ", "x" * 3000]
"""Values that have broken parsers: digits str.isdigit accepts and int() refuses, numbers
too large for a database integer, NUL (PostgreSQL refuses it in text), bidi controls."""

TRICKY = [*AWKWARD, "", "00", "inf", "2026", "29", "13", "y", "yes", "on", "1", "null",
          "None", "<script>alert(1)</script>", "' OR 1=1 --", "%s%s%n", "{{7*7}}",
          "../../etc/passwd", "é" * 121, "\r\n" * 50]

texts = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40),  # any script, controls included
    st.text(st.characters(max_codepoint=0x9F, codec="utf-8"), max_size=20),  # mostly controls
    st.sampled_from(TRICKY),
    # Very long: over every length limit, still under the request size cap.
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=6),
              st.integers(min_value=900, max_value=1200)),
)
files = st.one_of(
    st.none(),
    st.tuples(st.one_of(st.binary(max_size=300), st.sampled_from(
        [b"", MINIMAL_PDF, MINIMAL_PDF + b"PK\x03\x04", b"PK\x03\x04" + b"%PDF-1.4" * 10])),
        st.text(st.characters(codec="utf-8"), max_size=40)),
)


def values_for(control: FormField) -> st.SearchStrategy[Any]:
    """Return what to send for one control: an offered value, an awkward one, or anything."""
    offered = [value for value in control.values if value is not None]
    if control.kind == "file":
        return files
    anything = st.one_of(st.sampled_from(TRICKY), texts, st.none())
    if control.kind == "checkbox":
        return st.lists(st.one_of(st.sampled_from(offered or ["y"]), texts), max_size=3)
    if offered:
        return st.one_of(st.sampled_from(offered), anything)
    return anything


def submissions(form: PageForm) -> st.SearchStrategy[MultiDict[str, Any]]:
    """Return arbitrary submissions of ``form``: its fields, some missing, plus extra ones."""
    named = {name: values_for(control) for name, control in form.fields.items()
             if name != "csrf_token"}
    extra_names = st.one_of(
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
        st.sampled_from(["page", *(f"{name}-{suffix}" for name in form.fields
                                   for suffix in ("99", "0-x", "²-a", "-1"))]),
    ).filter(lambda name: name != "csrf_token")
    return st.tuples(st.fixed_dictionaries(named),
                     st.dictionaries(extra_names, texts, max_size=3)).map(_as_form_data)


def _as_form_data(parts: tuple[dict[str, Any], dict[str, Any]]) -> MultiDict[str, Any]:
    fields, extra = parts
    data: MultiDict[str, Any] = MultiDict()
    for name, value in [*fields.items(), *extra.items()]:
        if value is None:
            continue  # the field is left out, as a hand-made request may do
        if isinstance(value, list):
            for item in value:
                data.add(name, item)
        elif isinstance(value, tuple):
            content, filename = value
            data.add(name, (BytesIO(content), filename))
        else:
            data.add(name, value)
    return data


def send(visitor: Visitor, form: PageForm, data: MultiDict[str, Any]) -> Any:
    """Send ``data`` as ``form`` would: POST with the session's token, or a GET query."""
    try:
        if form.method == "get":
            query = [(key, value) for key, value in data.items(multi=True)
                     if isinstance(value, str)]
            return visitor.browser.get(urlsplit(form.action).path, query_string=query)
        data.setlist("csrf_token", [visitor.token])
        return visitor.browser.post(form.action, data=data,
                                    content_type="multipart/form-data" if form.multipart
                                    else None)
    finally:
        # The test shares the app's session: end whatever the request left behind (a failed
        # PostgreSQL transaction would fail every later request) and read afresh.
        db.session.rollback()


def fuzz(visitor: Visitor, form: PageForm, examples: int) -> None:
    """Send ``examples`` arbitrary submissions of ``form``; none may fail."""

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.filter_too_much])
    @given(data=submissions(form))
    def submit(data: MultiDict[str, Any]) -> None:
        note(f"{visitor.column}: {form}")
        response = send(visitor, form, data)
        assert response.status_code < 500, (visitor.column, str(form), response.status_code)

    submit()


def fuzz_all(visitors: list[Visitor], method: str, examples: int) -> list[str]:
    """Fuzz every ``method`` form of every column; return how each failing one failed.

    Every form is tried even when one fails, so one bug does not hide the next.
    """
    failures = []
    for visitor in visitors:
        for form in visitor.forms:
            if form.method != method:
                continue
            try:
                fuzz(visitor, form, examples)
            except Exception as error:  # noqa: BLE001  (reported below, with its example)
                failures.append(f"{visitor.column}: {form}\n{type(error).__name__}: {error}")
    return failures


def test_no_form_answers_arbitrary_input_with_a_server_error(app, visitors):
    posting = {rule.endpoint for rule in app.url_map.iter_rules()
               if "POST" in (rule.methods or ())}
    reached = {form.endpoint for visitor in visitors for form in visitor.forms
               if form.method == "post"}
    assert posting - reached == set(), "no page shows a form for these routes"

    failures = fuzz_all(visitors, "post", examples=12)
    assert not failures, "\n\n".join(failures)


def test_no_filter_answers_arbitrary_input_with_a_server_error(visitors):
    """The GET forms (the filters of the queue, the registry, the outbox, the accounts)."""
    filters = [(v, form) for v in visitors for form in v.forms if form.method == "get"]
    assert filters
    failures = []
    for visitor, form in filters:  # each awkward value in each field, and in the page number
        for name in [*form.fields, "page"]:
            for value in AWKWARD:
                try:
                    response = send(visitor, form, MultiDict({name: value}))
                    assert response.status_code < 500
                except Exception as error:  # noqa: BLE001  (each one reported below)
                    failures.append(f"{visitor.column}: GET {form.action}?{name}={value!r}: "
                                    f"{type(error).__name__}: {str(error)[:200]}")
    failures += fuzz_all(visitors, "get", examples=25)
    assert not failures, "\n\n".join(failures)
