"""Schemathesis reads the served OpenAPI document and finds no failure in the read API.

It generates requests from the document for every path, with a reviewer's token (the
protected paths) over a small world of requests, and checks each answer: no server error,
the status codes, content types and bodies the document gives, and the token refused when
left off. Positive data only: the API reads the queue's filters as the queue does, ignoring
a value that is not one of its own rather than refusing it, so a generated wrong value is
answered 200 on purpose. A bounded number of examples keeps it to seconds.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from portal.api import tokens
from portal.extensions import db
from portal.policy.roles import Role
from tests.factories import submitted_request

EXAMPLES = 30
"""Examples per operation: enough to meet every filter, few enough to take seconds."""


@pytest.fixture()
def reviewer_token(app: Any, make_staff: Any, make_city_user: Any) -> str:
    """Return a reviewer's token, with two cities' requests submitted for it to read."""
    submitted_request(make_city_user())
    submitted_request(make_city_user(email="rep@porto.example", city="Porto", country="PT"))
    user = make_staff("cco@city.example", Role.CCO_REVIEWER)
    made = tokens.create_token(user, "schemathesis", date.today() + timedelta(days=30),
                               date.today())
    db.session.commit()
    return made.token


def test_the_api_answers_as_its_document_says(app: Any, reviewer_token: str) -> None:
    # Schemathesis's pytest plugin (``from_fixture``) does not run under pytest 9 yet, so
    # each operation's strategy is drawn here, in this test's rolled-back transaction.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)
        def answers(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {reviewer_token}"})

        answers()
