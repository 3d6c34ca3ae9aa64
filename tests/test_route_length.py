"""Routes stay short: load and guard, validate, one service call, commit, redirect or render.

Every view function of the URL map is measured from its ``def`` to its last line (its
decorators apart): a route over 25 lines is doing a form's or a service's work.
"""

from __future__ import annotations

import inspect

from flask import Flask

LIMIT = 25


def route_lengths(app: Flask) -> dict[str, int]:
    """Return {endpoint: lines of its view function, decorators apart}."""
    lengths = {}
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":  # Flask's own, a one-line lambda
            continue
        lines, _start = inspect.getsourcelines(inspect.unwrap(view))
        first = next(n for n, line in enumerate(lines) if line.lstrip().startswith("def "))
        lengths[endpoint] = len(lines) - first
    return lengths


def test_no_route_is_longer_than_25_lines(app):
    lengths = route_lengths(app)
    assert len(lengths) > 70  # every blueprint's routes were measured
    assert {endpoint: n for endpoint, n in lengths.items() if n > LIMIT} == {}
