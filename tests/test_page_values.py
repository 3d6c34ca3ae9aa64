"""Pages show answers as a person reads them: never "None", and Change only where it can.

The walk opens every page each role reaches in the route matrix's world (as the field-error
walk does), plus every page of the city's draft, and reads each piece of text and each
input's value: an empty answer reads "Not known", "Not answered" or nothing, never "None"
("Relationship since: None" was one). Check answers' Change links are followed, for a city's
draft and a division's, to a page where that answer is an input a person can edit.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest

from portal.extensions import db
from portal.intake.steps import steps_for
from portal.models import EngagementRequest
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import complete_request
from tests.test_field_errors import pages_for
from tests.test_route_matrix import COLUMNS, build_world

EDITABLE = ("input", "textarea", "select")


class Values(HTMLParser):
    """The text a page shows and the values its inputs hold, each with where it is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A choice labelled "None" (no division, no signing office) is an answer a person
        # picks, not a value missing; its value attribute is still checked below.
        if tag in ("script", "style", "option"):
            self._skip += 1
        values = dict(attrs)
        if tag in ("input", "textarea", "option") and values.get("value") == "None":
            self.found.append(f"<{tag} {values.get('name') or values.get('id')}> value None")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "option") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        words = " ".join(data.split())
        if not self._skip and (words == "None" or words.endswith((": None", " None"))):
            self.found.append(repr(words))


def nones(html: str) -> list[str]:
    """Return every place ``html`` shows the bare word None as a value."""
    parser = Values()
    parser.feed(html)
    return parser.found


def draft_pages(request: EngagementRequest) -> list[str]:
    """Return the task list, every section and check answers of a draft."""
    base = f"/requests/{request.id}"
    return [base, *(f"{base}/{step.slug}" for step in steps_for(request)), f"{base}/check"]


@pytest.mark.parametrize("column", COLUMNS)
def test_no_page_of_the_world_shows_none_as_a_value(app, client, make_city_user, make_staff,
                                                     column):
    world = build_world(make_city_user, make_staff)
    if column != "anon":
        login(client, world.users[column].email)
    urls = pages_for(app, world, column)
    if column == "city":
        urls += draft_pages(db.session.get(EngagementRequest,
                                           world.variants["draft"]["request_id"]))
    shown: dict[str, list[str]] = {}
    opened = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        opened += 1
        found = nones(response.get_data(as_text=True))
        if found:
            shown[url] = found
    assert opened > 0
    assert shown == {}


def test_the_check_reads_not_known_for_a_relationship_not_given(client, make_city_user):
    city = make_city_user()
    draft = complete_request(city, relationship_since=None, past_projects="")
    db.session.commit()
    login(client, city.email)
    rows = summary_rows(client.get(f"/requests/{draft.id}/check").get_data(as_text=True))
    assert rows["Relationship since"]["value"] == "Not known"
    assert rows["Past joint projects"]["value"] == "No joint projects named"


# Change links on check answers -----------------------------------------------------------

class SummaryRows(HTMLParser):
    """Each row of a page's summary lists: its key, value text and Change link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, Any]] = []
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "summary-list-row" in classes:
            self.rows.append({"key": "", "value": "", "link": None})
        elif tag in ("dt", "dd") and self.rows:
            self._cell = {"summary-list-key": "key", "summary-list-value": "value",
                          "summary-list-actions": "actions"}.get(classes[0] if classes else "")
        elif tag == "a" and self.rows and self._cell == "actions":
            self.rows[-1]["link"] = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("dt", "dd"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell in ("key", "value") and self.rows:
            row = self.rows[-1]
            row[self._cell] = " ".join(f"{row[self._cell]} {data}".split())


def summary_rows(html: str) -> dict[str, dict[str, Any]]:
    """Return the summary rows of a page by their key (the first of each key)."""
    parser = SummaryRows()
    parser.feed(html)
    rows: dict[str, dict[str, Any]] = {}
    for row in parser.rows:
        rows.setdefault(row["key"], row)
    return rows


class Editable(HTMLParser):
    """Whether the element with one id is, or holds, an input a person can change."""

    def __init__(self, target: str) -> None:
        super().__init__(convert_charrefs=True)
        self.target = target
        self.depth = 0  # inside the target element
        self.editable = False
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id") == self.target:
            self.found = True
            self.depth = 1 if tag not in EDITABLE else 0
            self._check(tag, values)
            return
        if self.depth:
            if tag not in ("input", "br", "img", "meta", "link", "hr"):
                self.depth += 1
            self._check(tag, values)

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def _check(self, tag: str, values: dict[str, str | None]) -> None:
        if tag in EDITABLE and values.get("type") != "hidden" and not any(
                name in values for name in ("disabled", "readonly")):
            self.editable = True


def editable_at(html: str, field_id: str) -> bool:
    """Return whether the element ``field_id`` is, or holds, an editable input."""
    parser = Editable(field_id)
    parser.feed(html)
    return parser.found and parser.editable


FIXED = {"city": {"City": "filed for the city your account represents"},
         "division": {"Sponsoring division": "filed for your division"}}


@pytest.mark.parametrize("origin", ["city", "division"])
def test_every_change_link_on_check_answers_opens_an_input_for_that_answer(
        client, make_city_user, make_staff, origin):
    person = (make_city_user() if origin == "city"
              else make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC"))
    draft = complete_request(person)
    db.session.commit()
    login(client, person.email)
    rows = summary_rows(client.get(f"/requests/{draft.id}/check").get_data(as_text=True))
    followed = 0
    for key, row in rows.items():
        if key in FIXED[origin]:
            assert row["link"] is None, key  # it cannot change: no Change link
            assert FIXED[origin][key] in row["value"]  # and the reason, where it would be
            continue
        assert row["link"], f"{key} has no Change link"
        link = urlsplit(row["link"])
        page = client.get(f"{link.path}?{link.query}")
        assert page.status_code == 200, (key, row)
        assert editable_at(page.get_data(as_text=True), link.fragment), \
            f"Change {key} opens {row['link']}, where #{link.fragment} is not an input"
        followed += 1
    assert followed >= 18
