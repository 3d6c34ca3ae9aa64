"""Serve the portal for the load benchmark, with a bare hello-world endpoint as the ceiling.

``gunicorn tests.bench.wsgi:app`` builds the very app production runs (``create_app()``,
configured from the environment) and adds one route, ``/bench/hello``, here rather than in
the portal, so production code carries nothing for the benchmark. The hello route passes
through the same WSGI stack, middleware and request hooks as every page; what it skips is
the page's own work, which is what the ratio to it measures.
"""

from __future__ import annotations

from flask import Flask

from portal import create_app
from tests.bench.load import HELLO_PATH


def build() -> Flask:
    """Return the portal with the hello-world endpoint added."""
    portal = create_app()

    @portal.get(HELLO_PATH)
    def bench_hello() -> tuple[str, int, dict[str, str]]:
        """Answer with a fixed text: the cheapest response the app can give."""
        return "hello", 200, {"Content-Type": "text/plain"}

    return portal


app = build()
