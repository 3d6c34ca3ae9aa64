"""Serve the read API under ``/api/v1``: GET only, JSON only, described by its OpenAPI document.

The registry and the document are open to anyone; every other path needs a personal access
token (``access.token_required``) and answers as the token's user would see it. Errors are
JSON too (``portal.errors.api_error``), in the ``Problem`` shape the document gives.

The API's answers are pydantic models (9 MB of a worker with their schemas): each route
imports them when it is first called, so a worker that serves only pages never loads them.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from werkzeug.wrappers import Response

from portal.access import token_required

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.after_request
def _not_cached_not_framed(response: Response) -> Response:
    # What a token reads is that person's view of the program: no shared cache keeps it.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.route("/openapi.json")
def openapi() -> Response:
    """Give the API's OpenAPI 3.1 document."""
    from portal.api.openapi import document

    return jsonify(document())


@bp.route("/registry/agreements")
def agreements() -> Response:
    """Give a page of the public registry; anyone may read it."""
    from portal.api import services

    response = jsonify(services.agreements(request.args).model_dump(mode="json"))
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data, as agreements.json
    return response


@bp.route("/requests")
@token_required
def requests() -> Response:
    """Give a page of the requests the token's user may see, filtered like the queue."""
    from portal.api import services

    return jsonify(services.requests(g.api_user, request.args).model_dump(mode="json"))


@bp.route("/requests/<int:request_id>")
@token_required
def request_detail(request_id: int) -> Response:
    """Give one request, its status history and its assessment, as the token's user sees it."""
    from portal.api import services

    return jsonify(services.request_detail(g.api_user, request_id).model_dump(mode="json"))
