"""Say what of a request's address the access log keeps.

A confirmation, password-reset or invitation link carries its one-time token in the path
(``/password/reset/<token>``): whoever reads the log could use a token not yet spent. The
log keeps the path with each such value put as its name, and never the query string.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SECRET_ARGUMENTS = frozenset({"token"})
"""The route arguments whose values are secrets: the log writes ``<token>`` in their place."""


def logged_path(path: str, arguments: Mapping[str, Any] | None) -> str:
    """Return ``path`` as the log keeps it, each secret argument's segment written as its name."""
    secrets = {str(value): f"<{name}>" for name, value in (arguments or {}).items()
               if name in SECRET_ARGUMENTS and value}
    if not secrets:
        return path
    return "/".join(secrets.get(segment, segment) for segment in path.split("/"))
