"""Send a page's form as a browser would: every field with its value, some of them changed."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from tests.conftest import Browser
from tests.journeys import CITY_COORDINATOR


class _FormReader(HTMLParser):
    """Collect the fields of the form whose action is ``action``, with what they hold."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.found = action, False, False
        self.values: dict[str, Any] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = attr.get("action", "").split("?")[0] == self.action
            self.found = self.found or self.inside
        elif not self.inside or "name" not in attr:
            return
        elif tag == "input":
            kind = attr.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attr:
                    self.values[attr["name"]] = attr.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.values[attr["name"]] = attr.get("value", "")
        elif tag == "textarea":
            self._textarea = attr["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea is not None:
                # HTML drops one newline right after <textarea>.
                self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_values(client: Browser, url: str, data: dict[str, Any] | None = None, *,
                page: str | None = None, empty: dict[str, Any] | None = None,
                ) -> dict[str, Any]:
    """Open ``page`` (default ``url``) and return what its form to ``url`` would send.

    ``data`` changes fields; ``empty`` gives values for the fields the page left empty, as
    a person fills a gap.
    """
    opened = client.get(page or url, follow_redirects=True)
    reader = _FormReader(url)
    reader.feed(opened.get_data(as_text=True))
    assert reader.found, f"no form posting to {url} on {page or url} ({opened.status_code})"
    values = dict(reader.values)
    for name, value in (empty or {}).items():
        if not values.get(name):
            values[name] = value
    values.update(data or {})
    return values


def fill_form(client: Browser, url: str, data: dict[str, Any] | None = None, *,
              page: str | None = None, empty: dict[str, Any] | None = None,
              **kwargs: Any) -> Any:
    """Open ``page`` (default ``url``) and send its form to ``url`` with ``data`` changed."""
    return client.post(url, data=form_values(client, url, data, page=page, empty=empty),
                       **kwargs)


def details_values(client: Browser, request_id: int,
                   data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the agreement details form as shown, a City coordinator where none is."""
    return form_values(client, f"/review/requests/{request_id}/drafts", data,
                       page=f"/review/requests/{request_id}/drafts/new",
                       empty=CITY_COORDINATOR)


def generate_draft(client: Browser, request_id: int, data: dict[str, Any] | None = None,
                   **kwargs: Any) -> Any:
    """Confirm the agreement details as shown (a City coordinator where none is) and generate."""
    return client.post(f"/review/requests/{request_id}/drafts",
                       data=details_values(client, request_id, data), **kwargs)
