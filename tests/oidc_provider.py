"""Run real OpenID Connect providers (oidc-provider-mock) for the City sign-in tests.

Started as a process of its own (``python -m tests.oidc_provider``) by
``tests/test_city_sign_in.py``: it serves two providers on 127.0.0.1 and prints their ports
as one JSON line, then serves until it is ended.

- ``issuer``: a provider as the City's would be, with one twist for the wrong-audience test:
  every request from the client ``SWAPPED_CLIENT`` (its authorization request and its token
  request) reaches the provider as if from ``OTHER_CLIENT``, so the provider hands the portal
  a genuine ID token, signed with its key, issued to another client.
- ``expired``: a provider whose ID tokens have expired an hour before they are issued.
"""

from __future__ import annotations

import base64
import io
import json
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

import werkzeug.serving

SWAPPED_CLIENT = "portal-of-the-wrong-audience"
OTHER_CLIENT = "another-application"

Environ = dict[str, Any]
App = Callable[[Environ, Callable[..., Any]], Iterable[bytes]]


def _swap(text: str) -> str:
    pairs = parse_qsl(text, keep_blank_values=True)
    return urlencode([(k, OTHER_CLIENT if k == "client_id" and v == SWAPPED_CLIENT else v)
                      for k, v in pairs])


def swapping_client(app: App) -> App:
    """Wrap ``app`` so that ``SWAPPED_CLIENT`` reaches it as ``OTHER_CLIENT``."""
    def wrapped(environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ["QUERY_STRING"] = _swap(environ.get("QUERY_STRING", ""))
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        if authorization.startswith("Basic "):
            user, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            if user == SWAPPED_CLIENT:
                pair = f"{OTHER_CLIENT}:{secret}".encode()
                environ["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(pair).decode()
        if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = _swap(environ["wsgi.input"].read(length).decode()).encode()

            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return app(environ, start_response)
    return wrapped


def serve(app: App) -> int:
    """Serve ``app`` on 127.0.0.1 in a thread; return its port."""
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port


def main() -> None:
    """Start both providers, say their ports, and serve until ended."""
    # Imported here: the tests import this module's names without loading the provider.
    import oidc_provider_mock

    issuer = serve(swapping_client(oidc_provider_mock.app()))
    expired = serve(oidc_provider_mock.app(access_token_max_age=timedelta(hours=-1)))
    print(json.dumps({"issuer": issuer, "expired": expired}), flush=True)
    sys.stdin.read()  # until the test closes our input (or ends us)


if __name__ == "__main__":
    main()
