"""Say each row of the review queue as the page prints it: words and figures ready to print.

A queue page shows fifty rows of ten cells. Asked cell by cell in the template, each row
cost dozens of translation calls, filters and attribute lookups; here each name (a
category, an origin, a band, a flag, a number of days, a score) is said once per page and
reused, and the template prints plain values. What the rows say is the queue's
(``portal.review.queue``); the words are the catalogue's; the page's markup stays in
``templates/review/queue.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import url_for

from portal.policy.answers import Origin
from portal.policy.categories import Category
from portal.policy.phrases import N_
from portal.policy.risk import RiskFlag
from portal.policy.scoring import Band
from portal.presentation import page_country_name, percent
from portal.review.queue import QueueFilters
from portal.review.queue_rows import QueueRow
from portal.translation import catalogue, translate, translate_kept

NOT_SURE = N_("Not sure")
UNASSIGNED = N_("Unassigned")


@dataclass(slots=True)  # not frozen, for the reason portal.review.queue_rows gives
class QueueLine:
    """One row of the queue page, every cell in the reader's words."""

    url: str
    reference: str
    title: str
    city: str
    country: str
    category: str
    origin: str
    sponsor: str
    score: str
    band: str
    band_name: str
    risks: list[tuple[str, str]]  # (the flag's name, why)
    status: str
    assignee: str
    waiting: str
    ageing: bool

    def __iter__(self) -> Iterator[Any]:
        """Give the cells in the order above, for the page's loop to take the row apart."""
        return iter((self.url, self.reference, self.title, self.city, self.country,
                     self.category, self.origin, self.sponsor, self.score, self.band,
                     self.band_name, self.risks, self.status, self.assignee, self.waiting,
                     self.ageing))


class _Said:
    """Say each distinct value once per page, then reuse the words."""

    def __init__(self, say: Callable[[Any], str]) -> None:
        self._say = say
        self._said: dict[Any, str] = {}

    def __call__(self, key: Any) -> str:
        found = self._said.get(key)
        if found is None:
            found = self._said[key] = self._say(key)
        return found


# The characters werkzeug leaves as they are in a query string (werkzeug.urls._urlencode,
# after the WHATWG URL standard), so the links below read exactly as url_for writes them.
_QUERY_SAFE = "!$'()*,/:;?@"


@dataclass(frozen=True)
class ViewLinks:
    """Link to this view of the queue with some filters changed, as ``url_for`` would.

    The page links to two dozen views of itself (each status, each sort); ``url_for`` built
    the same address each time through the URL map. The address is built once here and
    only its query string per link, with the encoding werkzeug itself uses.
    """

    base: str  # url_for of the view, no arguments
    filters: QueueFilters
    # Each argument as the query string writes it: the links share most of theirs (the
    # search typed, the sort), so each is encoded once a page, not once a link.
    _written: dict[tuple[str, Any], str] = field(default_factory=dict, compare=False)

    def __call__(self, **changes: Any) -> str:
        """Return the address of this view with ``changes`` to its filters."""
        args = self.filters.args(**changes)
        if not args:
            return self.base
        return f"{self.base}?{'&'.join(self._written_as(pair) for pair in args.items())}"

    def _written_as(self, pair: tuple[str, Any]) -> str:
        # urlencode joins its pairs with "&": one pair at a time, it writes the same text.
        written = self._written.get(pair)
        if written is None:
            written = self._written[pair] = urlencode((pair,), safe=_QUERY_SAFE)
        return written


def queue_lines(rows: list[QueueRow]) -> list[QueueLine]:
    """Return the page's rows ready to print, each distinct name said once."""
    words = catalogue()
    unassigned = translate(UNASSIGNED)
    category = _Said(lambda c: translate(Category(c).label) if c else translate(NOT_SURE))
    origin = _Said(lambda o: translate(Origin(o).label))
    band = _Said(lambda b: translate(Band(b).label))
    country = _Said(page_country_name)
    flag = _Said(lambda f: translate(RiskFlag(f).label))
    score = _Said(lambda total: percent(total, 0))
    # The bare count, as the template's ngettext put it: "%(num)s days".
    days = _Said(lambda n: words.ungettext("%(num)s day", "%(num)s days", n) % {"num": n})
    # Every row links to its request's page: the link is built once, its id put in per row.
    link = url_for("review.show", request_id=0)[:-1]
    lines = []
    for row in rows:
        req = row.request
        scored = req.band is not None
        lines.append(QueueLine(
            url=f"{link}{req.id}",
            reference=req.reference or "",
            title=req.display_title,
            city=req.city_name or "",
            country=country(req.country_code) if req.city_name is not None else "",
            category=category(req.requested_category if req.category else None),
            origin=origin(req.origin),
            sponsor=req.division_code or "—",
            score=score(req.score_percent) if scored else "",
            band=req.band or "",
            band_name=band(req.band) if scored else "",
            # A flag's reason is one phrase for each agreement, country or concern
            # (``policy.risk``), shown on the same rows page after page.
            risks=[(flag(note.flag), translate_kept(note.reason)) for note in row.risks],
            status=req.status,
            assignee=req.assignee_name or unassigned,
            waiting=days(row.days_waiting),
            ageing=row.ageing))
    return lines
