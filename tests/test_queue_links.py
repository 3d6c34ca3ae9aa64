"""The queue links to views of itself as url_for would write them, whatever the filters hold.

``portal.review.queue_lines.ViewLinks`` builds those addresses without the URL map; a search
typed with spaces, ampersands, accents, slashes or percent signs must come back unchanged
when followed, so each link is compared with url_for's for the same filters.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import url_for

from portal.review.queue import QueueFilters, parse_filters
from portal.review.queue_lines import ViewLinks

TYPED = ["housing", "São Paulo & co", "a+b=c", "100% /x?y#z", "l'été \"chaud\"", "tab\there",
         "<script>", "a;b,c!d$e'f(g)h*i:j@k"]


@pytest.mark.parametrize("typed", TYPED)
def test_each_link_reads_as_url_for_writes_it(app, typed):
    filters = QueueFilters(q=typed, category="partnership_city", assignee="7", page=3,
                           submitted_from=date(2026, 1, 2), sort="score", direction="asc")
    with app.test_request_context("/review/requests"):
        links = ViewLinks(url_for("review.requests"), filters)
        for changes in ({}, {"page": 1}, {"status": "", "page": 1},
                        {"status": "in_review", "page": 1},
                        {"sort": "city", "direction": "desc", "page": 1}):
            assert links(**changes) == url_for("review.requests", **filters.args(**changes))


def test_a_link_followed_gives_back_the_filters(app):
    filters = QueueFilters(q="São Paulo & co 100%", origin="city", sort="waiting")
    with app.test_request_context("/review/requests"):
        link = ViewLinks(url_for("review.requests"), filters)(page=1)
    with app.test_request_context(link):
        from flask import request

        assert parse_filters(request.args) == filters


def test_a_view_with_no_arguments_links_without_a_query_string(app):
    nothing = QueueFilters(sort="", direction="")
    with app.test_request_context("/review/requests"):
        assert ViewLinks(url_for("review.requests"), nothing)(page=1) == "/review/requests" \
            == url_for("review.requests", **nothing.args(page=1))
