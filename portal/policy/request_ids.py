"""Say which request id sent by a caller the portal keeps as the request's own.

A load balancer or another service may send ``X-Request-ID`` so that one id follows a
request through every log. The portal keeps it only when it is short and plain (letters,
digits, ``-``, ``_``, ``.``, ``:``, ``=``), so a caller cannot write control characters,
quotes or a megabyte into the access log; otherwise the portal makes its own.
"""

from __future__ import annotations

import re

REQUEST_ID_HEADER = "X-Request-ID"
LONGEST_REQUEST_ID = 128
_PLAIN = re.compile(rf"[A-Za-z0-9._:=-]{{1,{LONGEST_REQUEST_ID}}}")


def accepts_request_id(value: str | None) -> bool:
    """Return whether ``value``, sent by a caller, is a request id the portal keeps."""
    return value is not None and _PLAIN.fullmatch(value) is not None
