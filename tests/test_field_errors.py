"""Every form, posted empty and with wrong values, says what is wrong at each field.

The walk opens every page each role reaches in the route matrix's world, finds the forms on
it and posts each one twice: with nothing filled in, then with every text answer far too
long and every choice forged. Wherever the answer carries an error summary, each problem it
lists must also be written at its field (the element ``<field id>-error``, which the field
names in ``aria-describedby``), and every id an ``aria-describedby`` or ``aria-labelledby``
names must exist on the page. Axe does not check either; a person who made a mistake needs
both.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask

from tests.conftest import login
from tests.test_route_matrix import COLUMNS, MATRIX, World, build_world, expected, url_of

# Roles whose pages hold forms; "anon" is a visitor (registration, sign-in, reset).
WALKERS = ("anon", "city", "stranger", "division", "cco", "edc", "head", "solicitor", "admin")
SKIPPED_ACTIONS = ("/logout",)
"""Posting these would end the walk (signing out)."""


class Page(HTMLParser):
    """The forms of a page, the ids it holds, and its error summary and messages."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.described: set[str] = set()
        self.summary: list[tuple[str, str]] = []
        self.messages: dict[str, str] = {}
        self._form: dict[str, Any] | None = None
        self._in_summary = 0
        self._link: str | None = None
        self._message: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("aria-describedby", "aria-labelledby"):
            self.described.update(a.get(name, "").split())
        classes = a.get("class", "").split()
        if tag == "div" and "error-summary" in classes:
            self._in_summary = 1
        elif tag == "div" and self._in_summary:
            self._in_summary += 1
        if self._in_summary and tag == "a" and a.get("href", "").startswith("#"):
            self._link, self._text = a["href"][1:], []
        if tag == "p" and "error-message" in classes:
            self._message, self._text = a.get("id", ""), []
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        if self._form is not None and tag in ("input", "textarea", "select"):
            self._form["fields"].append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        if tag == "div" and self._in_summary:
            self._in_summary -= 1
        if tag == "a" and self._link is not None:
            self.summary.append((self._link, " ".join("".join(self._text).split())))
            self._link = None
        if tag == "p" and self._message is not None:
            text = " ".join("".join(self._text).split()).removeprefix("Error:").strip()
            self.messages[self._message] = text
            self._message = None

    def handle_data(self, data: str) -> None:
        if self._link is not None or self._message is not None:
            self._text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def filled(form: dict[str, Any], how: str) -> dict[str, str]:
    """Return the form's data: hidden values kept, every answer empty or wrong."""
    data: dict[str, str] = {}
    for tag, a in form["fields"]:
        name, kind = a.get("name"), a.get("type", "text")
        if not name:
            continue
        if kind == "hidden":
            data[name] = a.get("value", "")
        elif how == "empty" or kind in ("file", "submit", "password"):
            data.setdefault(name, "")
        elif tag == "select" or kind in ("radio", "checkbox"):
            data[name] = "forged-choice"
        elif kind == "email":
            data[name] = "not an address"
        else:
            data[name] = "x" * 20_001
    return data


def problems_on(url: str, html: str) -> list[str]:
    """Return what is wrong with a page's errors: missing messages, dangling ids."""
    page = parse(html)
    found = []
    for field_id, message in page.summary:
        if field_id not in page.ids:
            found.append(f"{url}: the summary links to #{field_id}, which is not on the page")
        at_field = page.messages.get(f"{field_id}-error")
        if at_field is None:
            found.append(f"{url}: no message at field {field_id} ({message!r})")
        elif at_field not in {m for i, m in page.summary if i == field_id}:
            found.append(f"{url}: field {field_id} says {at_field!r}, the summary {message!r}")
    for described in page.described - page.ids:
        found.append(f"{url}: aria names #{described}, which is not on the page")
    return found


def pages_for(app: Flask, world: World, column: str) -> list[str]:
    """Return the pages ``column`` opens in the matrix (GET routes it may use)."""
    urls = []
    for name in MATRIX:
        if expected(name)[column] != "ok" or name.startswith(("static", "auth.logout")):
            continue
        rule, url = url_of(app, world, name)
        if "GET" in (rule.methods or ()):
            urls.append(url)
    return urls


@pytest.mark.parametrize("column", WALKERS)
def test_every_error_in_a_summary_is_written_at_its_field(app, client, make_city_user,
                                                           make_staff, column):
    assert column in COLUMNS
    world = build_world(make_city_user, make_staff)
    if column != "anon":
        login(client, world.users[column].email)
    wrong: list[str] = []
    posted = with_summary = 0
    for url in pages_for(app, world, column):
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        wrong += problems_on(url, html)
        for form in parse(html).forms:
            action = urljoin(url, form["action"] or url)
            if urlsplit(action).path.endswith(SKIPPED_ACTIONS):
                continue
            for how in ("empty", "wrong"):
                answer = client.post(action, data=filled(form, how))
                posted += 1
                if answer.mimetype == "text/html" and "There is a problem" in answer.get_data(
                        as_text=True):
                    with_summary += 1
                    wrong += problems_on(f"{action} ({how})", answer.get_data(as_text=True))
    assert posted > 0
    if column in ("anon", "city", "cco", "admin"):
        assert with_summary > 0  # the walk reached forms that refuse bad input
    assert wrong == []
