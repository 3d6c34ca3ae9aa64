"""An administrator records the days the City closes, and working days stop counting them.

The list shows each closure with its reason and this year's holidays; adding one asks for
the day in three boxes and a reason; removing one asks first. Nobody else may do either.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from portal import calendar
from portal.extensions import db
from portal.models import AuditEntry, Closure
from portal.policy.roles import Role, SigningOffice
from portal.policy.service_targets import working_days_between
from tests.conftest import login
from tests.factories import submitted_request

ADMIN = "avery.admin@toronto.example"
NEW = "/admin/closures/new"


def text(response) -> str:
    """Return the page's text as a reader sees it."""
    page = html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    return re.sub(r"\s+", " ", page)


def working_day(after: date) -> date:
    """Return the first working day after ``after``: a weekday on which nothing is closed."""
    day = after + timedelta(days=1)
    while day.weekday() >= 5 or day in calendar.closed_days(day, day):
        day += timedelta(days=1)
    return day


def typed(day: date, reason: str = "Ice storm: City offices closed") -> dict[str, str]:
    """Return the form as a person fills it in."""
    return {"day-day": str(day.day), "day-month": str(day.month), "day-year": str(day.year),
            "reason": reason}


def closures() -> list[tuple[date, str]]:
    db.session.expire_all()
    return [(c.day, c.reason) for c in db.session.scalars(select(Closure).order_by(Closure.day))]


@pytest.fixture()
def admin(client, make_staff):
    """Sign the client in as an administrator."""
    user = make_staff(ADMIN, Role.ADMIN, division="CCO", name="Avery Admin")
    login(client, ADMIN)
    return user


def test_an_administrator_adds_a_closure_and_sees_it_listed_with_its_reason(client, admin):
    day = working_day(date.today() + timedelta(days=20))
    page = client.get("/admin/closures")
    assert page.status_code == 200 and "No closure is recorded." in text(page)
    assert "Civic Holiday" in text(page) and "Canada Day" in text(page)

    done = client.submit(NEW, typed(day), follow=True)
    assert done.status_code == 200
    shown = text(done)
    assert f"Closure recorded: {day.day} {day:%B %Y} is no longer a working day." in shown
    assert f"{day.day} {day:%B %Y} Ice storm: City offices closed" in shown
    assert closures() == [(day, "Ice storm: City offices closed")]
    assert day in calendar.closed_days(day, day)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "closure.added")).one()
    assert entry.actor_id == admin.id and entry.subject == f"closure:{day.isoformat()}"


def test_a_closure_added_by_the_administrator_stops_the_count(client, app, admin, make_staff,
                                                              make_city_user):
    """A request one working day past its triage target is on time again once a day closes."""
    today = date.today()
    since = today
    while working_days_between(since, today, calendar.closed_days(since, today)) < 11:
        since -= timedelta(days=1)
    req = submitted_request(make_city_user())
    req.status_changed_at = datetime.combine(since, time(12))
    db.session.commit()
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    reviewer = app.test_client()  # the reviewer's own browser
    login(reviewer, "rosa@toronto.example")
    assert "Past target" in text(reviewer.get("/review/requests"))

    closed = working_day(since)  # a day the request waited through
    assert client.submit(NEW, typed(closed, "Power cut")).status_code == 302
    assert "Past target" not in text(reviewer.get("/review/requests"))


@pytest.mark.parametrize("answers, says", [
    ({"day-day": "", "day-month": "", "day-year": "", "reason": "Storm"},
     "Enter the day the City is closed"),
    ({"day-day": "31", "day-month": "2", "day-year": "2027", "reason": "Storm"},
     "Day must be a real date"),
    ({"day-day": "3", "day-month": "", "day-year": "2027", "reason": "Storm"},
     "Day must include a month"),
])
def test_a_day_that_cannot_be_read_is_said_next_to_the_boxes_and_kept(client, admin,
                                                                      answers, says):
    page = client.submit(NEW, answers)
    assert page.status_code == 400 and says in text(page)
    body = page.get_data(as_text=True)
    assert f'name="day-day" type="text" inputmode="numeric" value="{answers["day-day"]}"' in body
    assert 'value="Storm"' in body and closures() == []


def test_a_reason_is_required_and_at_most_200_characters(client, admin):
    day = working_day(date.today() + timedelta(days=20))
    empty = client.submit(NEW, typed(day, ""))
    assert empty.status_code == 400 and "Enter the reason" in text(empty)
    long = client.submit(NEW, typed(day, "x" * 201))
    assert long.status_code == 400 and "Must be 200 characters or fewer" in text(long)
    assert closures() == []


def test_a_closure_that_would_change_nothing_is_refused_at_the_day(client, admin):
    next_year = date.today().year + 1
    holiday, name = next((day, name) for day, name in calendar.holidays_of(next_year)
                         if day.weekday() < 5)
    refused = client.submit(NEW, typed(holiday))
    assert refused.status_code == 400
    assert f"This day is already a holiday: {name}." in text(refused)
    saturday = date(next_year, 6, 1) + timedelta(days=(5 - date(next_year, 6, 1).weekday()) % 7)
    weekend = client.submit(NEW, typed(saturday))
    assert "This day is a Saturday or a Sunday" in text(weekend)
    day = working_day(date.today() + timedelta(days=20))
    client.submit(NEW, typed(day, "Office move"))
    twice = client.submit(NEW, typed(day, "Office move again"))
    assert twice.status_code == 400
    assert "This day is already a closure: Office move." in text(twice)
    assert 'value="Office move again"' in twice.get_data(as_text=True)
    far = client.submit(NEW, typed(working_day(date(date.today().year + 9, 6, 1))))
    assert "more than five years ahead" in text(far)
    assert closures() == [(day, "Office move")]


def test_removing_a_closure_asks_first_then_counts_the_day_again(client, admin):
    day = working_day(date.today() + timedelta(days=20))
    client.submit(NEW, typed(day, "Office move"))
    closure = db.session.scalars(select(Closure)).one()
    url = f"/admin/closures/{closure.id}/remove"
    asked = text(client.get(url))
    assert f"Remove the closure of {day.day} {day:%B %Y}?" in asked
    assert "Office move" in asked and "No, keep it" in asked
    assert closures() == [(day, "Office move")]

    done = client.submit(url, {}, follow=True)
    assert "counts as a working day again" in text(done)
    assert closures() == [] and day not in calendar.closed_days(day, day)
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "closure.removed")).one().actor_id == admin.id
    assert client.get(url).status_code == 404


# The attacker's tests ----------------------------------------------------------------------

ROLES = [(Role.CCO_REVIEWER, None), (Role.SUPPORTING_REVIEWER, None),
         (Role.DIVISION_STAFF, None), (Role.SOLICITOR, None),
         (Role.SIGNING_AUTHORITY, SigningOffice.MAYORS_OFFICE)]


@pytest.mark.parametrize("role, office", ROLES, ids=[r.value for r, _ in ROLES])
def test_no_one_but_an_administrator_reads_adds_or_removes_closures(
        client, app, make_staff, role, office, admin):
    day = working_day(date.today() + timedelta(days=20))
    client.submit(NEW, typed(day, "Office move"))
    closure = db.session.scalars(select(Closure)).one()
    make_staff("mallory@toronto.example", role, "EDC", office=office)
    mallory = app.test_client()
    login(mallory, "mallory@toronto.example")
    token = mallory.token_from("/login")  # their own valid token: the refusal is the role's
    assert mallory.get("/admin/closures").status_code == 403
    assert mallory.get(NEW).status_code == 403
    forged = mallory.post(NEW, data={**typed(working_day(day)), "csrf_token": token})
    assert forged.status_code == 403
    removed = mallory.post(f"/admin/closures/{closure.id}/remove", data={"csrf_token": token})
    assert removed.status_code == 403
    assert closures() == [(day, "Office move")]


def test_a_city_and_a_visitor_are_kept_out(client, make_city_user):
    assert client.get("/admin/closures").headers["Location"].startswith("/login")
    make_city_user()
    login(client, "rep@lyon.example")
    assert client.get("/admin/closures").status_code == 403
    assert client.post(NEW, data={"csrf_token": client.token_from("/login")}).status_code == 403


def test_a_closure_posted_without_the_forms_token_is_refused(client, admin):
    day = working_day(date.today() + timedelta(days=20))
    for token in ({}, {"csrf_token": "forged." + "A" * 40}):
        refused = client.post(NEW, data={**typed(day), **token})
        assert refused.status_code == 400 and "Your form could not be sent" in text(refused)
    assert closures() == []
