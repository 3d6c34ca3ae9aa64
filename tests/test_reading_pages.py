"""The pages people open most only read: on PostgreSQL they run in no transaction.

``portal.lazy_transactions`` begins a transaction at the first statement that is not a plain
read (a SELECT built with SQLAlchemy, without a row lock). A statement it cannot tell for a
read, such as SQL written by hand as bare ``text()``, begins one on a page that writes
nothing; the request then also reads the reference data afresh (``kept_reference``), some
five statements more. Nothing else would show it: the page looks the same. So every
statement these pages run is held to ``lazy_transactions.plain_read``, on either database.
"""
# ruff: noqa: F811

from __future__ import annotations

from contextlib import AbstractContextManager

import pytest
from sqlalchemy import func, select, text

from portal.extensions import db
from portal.lazy_transactions import plain_read
from portal.models import Division
from tests.conftest import login
from tests.factories import submitted_request
from tests.probes import statements

# The ``people`` fixture is shared with test_review.py; pytest injects it by name.
from tests.test_review import act, people  # noqa: F401

REVIEWER_PAGES = (
    "/home",
    "/review/requests",
    "/review/requests?q=harbour",  # one word: read from the index of words
    "/review/requests?q=harbour+exchange",  # two: from the full-text index
    "/review/requests?q=harb&status=in_review",
    "/review/requests?category=partnership_city&sort=score&direction=desc",
    "/review/requests?sort=city&direction=asc&page=2",
    "/review/requests/{id}",
    "/review/dashboard",
    "/agreements",
    "/registry",
)
CITY_PAGES = ("/requests", "/requests/{id}", "/registry")


def writes() -> AbstractContextManager[list[str]]:
    """Collect the statements run inside the block that would begin a transaction."""
    return statements(lambda statement, context: not plain_read(statement, context))


@pytest.fixture()
def harbour(people):
    """Return a request in review whose title the searches above find."""
    return submitted_request(people["city"], title="Harbour exchange")


def _opened_only_reading(client, path: str) -> list[str]:
    client.get(path)  # the first opening may keep what later ones read: the next is watched
    with writes() as seen:
        answer = client.get(path)
    assert answer.status_code == 200, path
    return seen


def test_the_pages_a_reviewer_opens_only_read(client, people, harbour):
    login(client, people["reviewer"].email)
    act(client, harbour.id, "start-triage")
    act(client, harbour.id, "start-review")
    for path in REVIEWER_PAGES:
        assert _opened_only_reading(client, path.format(id=harbour.id)) == [], path


def test_the_pages_a_city_opens_only_read(client, people, harbour):
    login(client, people["city"].email)
    for path in CITY_PAGES:
        assert _opened_only_reading(client, path.format(id=harbour.id)) == [], path


def test_sql_written_by_hand_is_caught_and_a_built_select_is_not(app):
    """What the tests above would see: a bare ``text()`` read, as the search's probe once was."""
    with app.app_context(), writes() as seen:
        db.session.execute(text("SELECT count(*) FROM division")).scalar()
        db.session.execute(select(func.count()).select_from(Division)).scalar()
        db.session.rollback()
    # (The tests' own savepoints are not plain reads either.)
    assert "SELECT count(*) FROM division" in seen
    assert not any("count(*) AS" in statement for statement in seen)
