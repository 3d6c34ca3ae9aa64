"""Write the read API's OpenAPI 3.1 document from the code: the models and the queue's filters.

The schemas are the pydantic models' own (``portal.api.schemas``); the filters' allowed
values are the policy's enums and the queue's sorts, so a new status or sort is documented
the day it exists. Only the paths are written by hand, below, beside what each answers.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from portal.api.schemas import MODELS
from portal.api.services import REGISTRY_CATEGORIES, REGISTRY_STATUSES
from portal.converters import LARGEST_ID
from portal.models.listing import MAX_PAGE
from portal.policy.answers import Origin
from portal.policy.api_tokens import MAX_PER_PAGE, PER_PAGE
from portal.policy.categories import NOT_SURE, Category
from portal.policy.lifecycle import Status
from portal.policy.risk import RiskFlag
from portal.policy.scoring import Band
from portal.review.queue import SORTS

VERSION = "1.0.0"
_REF = "#/components/schemas/{model}"


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _choice(name: str, values: Any, description: str) -> dict[str, Any]:
    return _query(name, {"type": "string", "enum": list(values)}, description)


PAGING = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
           "The page; past the last, the last."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                        "default": PER_PAGE}, "How many items a page holds."),
]

QUEUE_FILTERS = [
    _choice("status", (s.value for s in Status if s is not Status.DRAFT), "Only this status."),
    _choice("category", [*(c.value for c in Category), NOT_SURE], "Only this category."),
    _choice("origin", (o.value for o in Origin), "Only requests filed by this kind of party."),
    _choice("band", (b.value for b in Band), "Only this band of the current score."),
    _query("assignee", {"type": "string", "pattern": "^(mine|unassigned|[1-9][0-9]{0,8})$"},
           "mine, unassigned, or an account's id."),
    _choice("risk", (r.value for r in RiskFlag), "Only requests raising this risk flag."),
    _query("division", {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
           "Only requests this division sponsors."),
    _query("submitted_from", {"type": "string", "format": "date"}, "Submitted on or after."),
    _query("submitted_to", {"type": "string", "format": "date"}, "Submitted on or before."),
    _query("q", {"type": "string", "maxLength": 100},
           "Words in the reference, the title or the city's name."),
    _choice("sort", SORTS, "The column sorted on (default: submitted)."),
    _choice("direction", ("asc", "desc"), "The order (default: desc)."),
]


def _answer(model: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": _REF.format(model=model)}}}}


def _problems(*codes: int) -> dict[str, Any]:
    said = {401: "No valid token: missing, unknown, revoked or expired.",
            404: "No such request, or not one the token's user may see."}
    return {str(code): _answer("Problem", said[code]) for code in codes}


def document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the read API."""
    _, defs = models_json_schema([(m, "serialization") for m in MODELS], ref_template=_REF)
    token = [{"token": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "IAP Portal read API", "version": VERSION,
                 "description": "Read-only. The public registry is open to anyone; requests "
                                "need a staff member's personal access token, created on "
                                "their account page, sent as `Authorization: Bearer`."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/registry/agreements": {"get": {
                "operationId": "listAgreements", "summary": "The public registry",
                "security": [],
                "parameters": [_choice("category", REGISTRY_CATEGORIES, "Only this category."),
                               _choice("status", REGISTRY_STATUSES, "Only this state."),
                               *PAGING],
                "responses": {"200": _answer("AgreementPage", "A page of agreements.")}}},
            "/requests": {"get": {
                "operationId": "listRequests", "summary": "Requests, filtered like the queue",
                "security": token, "parameters": [*QUEUE_FILTERS, *PAGING],
                "responses": {"200": _answer("RequestPage", "A page of requests."),
                              **_problems(401)}}},
            "/requests/{request_id}": {"get": {
                "operationId": "getRequest",
                "summary": "A request, its status history and its assessment",
                "security": token,
                "parameters": [{"name": "request_id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1,
                                           "maximum": LARGEST_ID}}],
                "responses": {"200": _answer("RequestDetail", "The request."),
                              **_problems(401, 404)}}},
        },
        "components": {
            "schemas": defs["$defs"],
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "A personal access token."}},
        },
        "security": token,
    }
