"""Decide whether the portal may start, given the address its messages link to.

Every message the portal writes (a confirmation, an invitation, a receipt, a question, a
decision) carries links, and a link is only as good as the address it is built on. In
production that address must be configured (``PORTAL_PUBLIC_BASE_URL``): a portal that
guessed it would send dead links to every city, so it refuses to start instead. In
development (``make run``, the tests) the address may be left out: a link made while
answering a request then uses the address that request came in on, and one made outside a
request (a command) uses :data:`DEVELOPMENT_BASE_URL`.

Production mode is ``PORTAL_ENV=production``; ``gunicorn.conf.py`` sets it for every
gunicorn started from the project folder, unless the environment says otherwise.
"""

from __future__ import annotations

import re

PRODUCTION = "production"
"""The value of ``PORTAL_ENV`` that makes the portal run in production mode."""

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
"""Where links made outside a request point in development: ``make run``'s own default."""

# http(s)://, a host name or address ([...] for IPv6), an optional port and an optional path;
# no user, query or fragment, which no link in a message may carry.
_BASE_URL = re.compile(r"https?://(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
                       r"(?:/[^\s?#]*)?", re.IGNORECASE)


def is_production(env_name: object) -> bool:
    """Return whether ``PORTAL_ENV``'s value puts the portal in production mode."""
    return str(env_name or "").strip().lower() == PRODUCTION


def base_url_refusal(base_url: object, *, production: bool) -> str | None:
    """Return why the portal must not start with ``base_url`` as its public address, or None.

    Production needs one; wherever one is given it must be a whole http(s) address (a host,
    perhaps a port and a path, nothing else), so that every link built on it opens a page of
    the portal.
    """
    given = str(base_url or "").strip()
    if not given:
        if production:
            return ("PORTAL_PUBLIC_BASE_URL is not set, so the links in the portal's "
                    "messages would lead nowhere. Set it to the address people open the "
                    "portal at, for example PORTAL_PUBLIC_BASE_URL=https://iap.toronto.ca.")
        return None
    if _BASE_URL.fullmatch(given) is None:
        return (f"PORTAL_PUBLIC_BASE_URL is {given!r}: it must be a whole address starting "
                "with https:// or http://, with no query (?...) or fragment (#...), for "
                "example https://iap.toronto.ca.")
    return None


def link_base(configured: str | None, serving_address: str | None) -> str:
    """Return the address links are built on, without a trailing slash.

    The configured address wins; without one (development only: production refuses to
    start) a link follows the address the current request came in on, so ``flask run
    --port 5077`` links to port 5077, and otherwise :data:`DEVELOPMENT_BASE_URL`.
    """
    chosen = (configured or "").strip() or (serving_address or "").strip()
    return (chosen or DEVELOPMENT_BASE_URL).rstrip("/")
