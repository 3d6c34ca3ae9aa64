"""Whatever is typed or sent, the intake answers with a clear message and never fails."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from markupsafe import escape
from sqlalchemy import select
from wtforms import FieldList, StringField

from forms import MaxLength
from portal.extensions import db
from portal.intake.steps import JOURNEYS, Step
from portal.models import EngagementRequest
from portal.policy.roles import Role
from tests.conftest import login
from tests.journeys import (
    CITY_PAGES,
    DIVISION_FIRST_PAGE,
    NEXT_YEAR,
    answer,
    fill_pages,
    start_request,
    submit,
    upload_contacts,
)

AGREEMENT = {"requested_category": "international_project", "term_years": "3",
             "start_date-day": "1", "start_date-month": "9", "start_date-year": str(NEXT_YEAR)}



@pytest.fixture()
def city_draft(client, make_city_user) -> int:
    """Sign in as a city's representative and return a new draft's id."""
    make_city_user()
    login(client, "rep@lyon.example")
    return start_request(client)


@pytest.fixture()
def division_draft(client, make_staff) -> int:
    """Sign in as division staff and return a new proposal's id."""
    make_staff("dana@toronto.example", Role.DIVISION_STAFF, division="EDC")
    login(client, "dana@toronto.example")
    return start_request(client)


def stored(request_id: int) -> EngagementRequest:
    db.session.expire_all()
    return db.session.get(EngagementRequest, request_id)


def error_summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, page[:3000]
    return found.group(0)


def text_fields(step: Step, app) -> dict[str, tuple[str, int]]:
    """Return each text box of ``step`` as {posted name: (column, length limit)}."""
    fields: dict[str, tuple[str, int]] = {}
    with app.test_request_context():
        form = step.form(meta={"csrf": False})
        boxes = []
        for field in form:
            if isinstance(field, FieldList):
                boxes.extend(sub for row in field for sub in row)
            else:
                boxes.append(field)
        for box in boxes:
            if not isinstance(box, StringField):
                continue
            limits = [v.limit for v in box.validators if isinstance(v, MaxLength)]
            assert limits, f"{step.slug}: {box.name} has no length limit"
            fields[box.name] = (box.name, limits[0])
    return fields


def too_long(name: str, limit: int) -> str:
    if "email" in name:
        return "a" * (limit + 1 - len("@lyon.example")) + "@lyon.example"
    return "x" * (limit + 1)


@pytest.mark.parametrize("step", [s for s in JOURNEYS["city"] if s.slug != "agreement"],
                         ids=lambda s: s.slug)
def test_every_text_box_of_the_city_intake_has_a_length_limit_with_a_message(
        app, client, city_draft, step):
    fields = text_fields(step, app)
    assert fields
    data = {name: too_long(name, limit) for name, (_column, limit) in fields.items()}
    response = answer(client, city_draft, step.slug, data)
    assert response.status_code == 200
    summary = error_summary(response.get_data(as_text=True))
    req = stored(city_draft)
    for name, (column, limit) in fields.items():
        message = f"Must be {limit:,} characters or fewer"
        assert f'<a href="#{name}">{message}</a>' in summary, name
        value = getattr(req, column, "")
        assert len(value or "") <= limit, name  # nothing too long is stored
    assert all(len(o.outcome) <= 300 for o in req.outcomes)


def test_every_text_box_of_the_divisions_first_page_has_a_length_limit(
        app, client, division_draft):
    step = JOURNEYS["division"][0]
    fields = text_fields(step, app)
    assert set(fields) >= {"city_name", "interest_evidence"}
    data = {name: too_long(name, limit) for name, (_column, limit) in fields.items()}
    response = answer(client, division_draft, step.slug, {**DIVISION_FIRST_PAGE[1], **data})
    summary = error_summary(response.get_data(as_text=True))
    for name, (_column, limit) in fields.items():
        assert f'<a href="#{name}">Must be {limit:,} characters or fewer</a>' in summary
    assert stored(division_draft).counterpart_city_id is None


def test_each_required_answer_says_what_is_missing(client, city_draft):
    response = answer(client, city_draft, "purpose", {"title": "  ", "purpose": "\n\t"})
    summary = error_summary(response.get_data(as_text=True))
    for field, message in [
        ("title", "Enter a short title"),
        ("purpose", "Enter the purpose of the engagement"),
        ("objectives", "Enter the objectives"),
        ("activities", "Enter the planned activities"),
        ("outcomes-0-outcome", "Enter at least one measurable outcome"),
    ]:
        assert f'<a href="#{field}">{message}' in summary, field


def test_the_contacts_email_address_is_checked(client, city_draft):
    response = upload_contacts(client, city_draft, contact_email="marie at lyon")
    summary = error_summary(response.get_data(as_text=True))
    assert '<a href="#contact_email">Enter an email address in the correct format' in summary
    assert stored(city_draft).contact_email == ""


# Dates and numbers -------------------------------------------------------------------------

def test_save_and_come_back_later_with_an_impossible_date_keeps_the_other_answers(
        client, city_draft):
    later = str(NEXT_YEAR + 1)
    response = answer(client, city_draft, "agreement", {
        **AGREEMENT, "start_date-day": "31", "start_date-month": "2", "start_date-year": later},
        action="later")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<a href="#start_date">Start date must be a real date</a>' in error_summary(page)
    assert 'name="start_date-day" type="text" inputmode="numeric" value="31"' in page
    req = stored(city_draft)
    assert req.requested_category == "international_project"
    assert req.term_years == 3
    assert req.start_date is None
    mine = client.get("/requests").get_data(as_text=True)
    assert f"/requests/{city_draft}" in mine


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("31", "2", str(NEXT_YEAR + 1), "Start date must be a real date"),
    ("30", "13", str(NEXT_YEAR), "Start date must be a real date"),
    ("0", "9", str(NEXT_YEAR), "Start date must be a real date"),
    ("1", "9", "20x7", "Start date must be a real date, in numbers"),
    ("1", "Sept", str(NEXT_YEAR), "Start date must be a real date, in numbers"),
    ("1", "9", "27", "Year must include 4 numbers"),
    ("1", "9", "2" * 40, "Year must include 4 numbers"),
    ("", "9", str(NEXT_YEAR), "Start date must include a day"),
    ("1", "", str(NEXT_YEAR), "Start date must include a month"),
    ("1", "9", "", "Start date must include a year"),
    ("1", "1", str(NEXT_YEAR - 3), "Start date must be today or in the future"),
    ("1", "1", str(NEXT_YEAR + 30), "Start date must be within the next 10 years"),
], ids=["31-february", "month-13", "day-0", "letters-in-year", "month-in-words",
        "two-digit-year", "long-year", "no-day", "no-month", "no-year", "past", "far-future"])
def test_a_date_that_is_not_a_real_date_is_refused_with_a_message(
        client, city_draft, day, month, year, message):
    response = answer(client, city_draft, "agreement", {
        **AGREEMENT, "start_date-day": day, "start_date-month": month, "start_date-year": year})
    assert response.status_code == 200
    assert f'<a href="#start_date">{message}</a>' in error_summary(
        response.get_data(as_text=True))
    assert stored(city_draft).start_date is None


@pytest.mark.parametrize(("term", "message"), [
    ("three", "Term must be a whole number, like 3"),
    ("2.5", "Term must be a whole number, like 3"),
    ("-1", "Term must be a whole number, like 3"),
    ("9" * 30, "Term must be a whole number, like 3"),
    ("0", "at least 1 year"),
])
def test_a_term_that_is_not_a_whole_number_of_years_is_refused(client, city_draft, term,
                                                               message):
    response = answer(client, city_draft, "agreement", {**AGREEMENT, "term_years": term})
    assert response.status_code == 200
    summary = error_summary(response.get_data(as_text=True))
    assert 'href="#term_years"' in summary and message in summary
    assert stored(city_draft).term_years is None


@pytest.mark.parametrize(("cost", "message"), [
    ("lots", "Cost must be an amount in dollars, like 25000 or 1500.50"),
    ("12.345", "Cost must be an amount in dollars, like 25000 or 1500.50"),
    ("NaN", "Cost must be an amount in dollars, like 25000 or 1500.50"),
    ("Infinity", "Cost must be an amount in dollars, like 25000 or 1500.50"),
    ("1,000 euros", "Cost must be an amount in dollars, like 25000 or 1500.50"),
    ("-5000", "Cost cannot be negative"),
    ("1e15", "Cost must be less than $1 trillion"),
    ("9" * 5000, "Cost must be less than $1 trillion"),
])
def test_a_cost_that_is_not_an_amount_of_dollars_is_refused(client, city_draft, cost, message):
    data = {**dict(CITY_PAGES)["resources"], "anticipated_cost": cost}
    response = answer(client, city_draft, "resources", data)
    assert response.status_code == 200
    assert f'<a href="#anticipated_cost">{escape(message)}</a>' in error_summary(
        response.get_data(as_text=True))
    req = stored(city_draft)
    assert req.anticipated_cost is None
    assert req.funding_source == "EDC operating budget"  # the other answers were saved


def test_amounts_are_read_the_way_people_type_them(client, city_draft):
    for typed, expected in [("$25,000", 25000), ("1 500.50", 1500.5), ("0", 0)]:
        response = answer(client, city_draft, "resources",
                          {**dict(CITY_PAGES)["resources"], "anticipated_cost": typed})
        assert response.status_code == 302, typed
        assert float(stored(city_draft).anticipated_cost) == expected


@pytest.mark.parametrize(("year", "message"), [
    ("nineteen ninety", "Year must be a whole number, like 3"),
    ("1066", "Year must be between 1800 and"),
    (str(NEXT_YEAR + 1), "Year must be between 1800 and"),
])
def test_the_year_a_relationship_began_must_be_a_plausible_year(client, city_draft, year,
                                                                message):
    response = answer(client, city_draft, "ties", {**dict(CITY_PAGES)["ties"],
                                                   "relationship_since": year})
    summary = error_summary(response.get_data(as_text=True))
    assert 'href="#relationship_since"' in summary and message in summary
    assert stored(city_draft).relationship_since is None


# Markup and control characters -------------------------------------------------------------

MARKUP_TITLE = "<script>alert(1)</script> Lights\x07\x00 exchange\x1b"
STORED_TITLE = "<script>alert(1)</script> Lights exchange"
ESCAPED_TITLE = "&lt;script&gt;alert(1)&lt;/script&gt; Lights exchange"


def test_markup_and_control_characters_are_stored_safely_and_shown_escaped(
        client, city_draft, make_staff):
    pages = dict(CITY_PAGES)
    fill_pages(client, city_draft, [
        (slug, data) for slug, data in CITY_PAGES if slug != "purpose"])
    response = answer(client, city_draft, "purpose", {
        **pages["purpose"], "title": MARKUP_TITLE,
        "purpose": "First line\r\nSecond\x0b line\u200b<img src=x onerror=alert(2)>",
        "outcomes-0-outcome": "<b>More</b>\x08 exchanges"})
    assert response.status_code == 302
    upload_contacts(client, city_draft, contact_name="Marie <i>Dupont</i>\x00")

    req = stored(city_draft)
    assert req.title == STORED_TITLE
    assert req.purpose.splitlines()[0] == "First line"
    assert "\x0b" not in req.purpose and "\r" not in req.purpose
    assert req.outcomes[0].outcome == "<b>More</b> exchanges"
    assert req.contact_name == "Marie <i>Dupont</i>"

    for page in (client.get(f"/requests/{city_draft}/check").get_data(as_text=True),
                 client.get("/requests").get_data(as_text=True)):
        assert "<script>alert(1)</script>" not in page
        assert ESCAPED_TITLE in page
    check = client.get(f"/requests/{city_draft}/check").get_data(as_text=True)
    assert "<img src=x" not in check and "&lt;img src=x onerror=alert(2)&gt;" in check
    assert "<b>More</b>" not in check and "<i>Dupont</i>" not in check

    assert submit(client, city_draft).status_code == 302
    client.submit("/logout", page="/requests")
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER)
    login(client, "rosa@toronto.example")
    for url in ("/review/requests", f"/review/requests/{city_draft}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page, url
        assert ESCAPED_TITLE in page, url
    staff_page = client.get(f"/review/requests/{city_draft}").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(2)&gt;" in staff_page
    assert "<i>Dupont</i>" not in staff_page


def test_a_form_cleans_its_input_once_however_many_forms_were_built_before(app):
    from forms.auth import LoginForm

    # The cleaning filters were once added to the form class's fields at each form built,
    # so a worker grew slower and bigger with every page it served.
    with app.test_request_context("/login"):
        counts = {len(LoginForm(meta={"csrf": False}).email.filters) for _ in range(3)}
    assert len(counts) == 1, counts  # the same filters each time


def test_names_in_any_script_are_kept_exactly_through_the_intake(client, city_draft):
    answer(client, city_draft, "about-you", {
        "representative_name": "Nguyễn Thị Lan", "representative_title": "Giám đốc",
        "government_kind": "city"})
    upload_contacts(client, city_draft, contact_name="Олена Коваленко", contact_title="市长")
    req = stored(city_draft)
    assert req.representative_name == "Nguyễn Thị Lan"
    assert (req.contact_name, req.contact_title) == ("Олена Коваленко", "市长")
    check = client.get(f"/requests/{city_draft}/check").get_data(as_text=True)
    assert "Nguyễn Thị Lan" in check and "Олена Коваленко" in check and "市长" in check


# Garbage -----------------------------------------------------------------------------------

HUGE = "Київ " * 10 + "x" * 25_000  # five times the longest limit
GARBAGE = {
    "representative_name": ["one", "two"], "representative_title": HUGE,
    "government_kind": ["king", "city"], "city_name": ["Paris", "Rome"], "country": "ZZ",
    "interest_confirmed": "maybe", "interest_evidence": HUGE,
    "requested_category": "forever", "term_years": ["1", "2"],
    "start_date-day": ["1", "2"], "start_date-month": "x" * 10_000, "start_date-year": HUGE,
    "title": ["a", "b", "c"], "purpose": HUGE, "objectives": "\x00" * 1000,
    "outcomes-0-outcome": HUGE, "outcomes-99999999999-indicator": "x",
    "outcomes--1-target": "x", "outcomes-x-outcome": "x",
    "areas": ["moon", "culture", "culture"], "alignment": ["x"] * 50,
    "relationship_since": "9" * 10_000, "anticipated_cost": "1" * 10_000,
    "funding_source": HUGE, "contact_email": "@" * 300, "contact_phone": HUGE,
    "letter": "not a file", "confirm": ["y", "n"], "reason": HUGE,
    "unexpected": "field",
}
ACTIONS = ["continue", "later", "add_outcome", "delete-everything"]


def test_garbage_posted_to_any_page_of_the_city_intake_never_fails(client, city_draft):
    for step in JOURNEYS["city"]:
        for action in ACTIONS if step.slug == "purpose" else ACTIONS[:2]:
            response = answer(client, city_draft, step.slug, GARBAGE, action=action)
            assert response.status_code < 500, (step.slug, action)
    assert client.submit(f"/requests/{city_draft}/check", GARBAGE).status_code < 500
    assert client.get(f"/requests/{city_draft}/check").status_code == 200
    assert client.get(f"/requests/{city_draft}").status_code == 200


def test_garbage_posted_to_the_divisions_first_page_never_fails(client, division_draft):
    for action in ACTIONS:
        response = answer(client, division_draft, "counterpart", GARBAGE, action=action)
        assert response.status_code < 500, action
    assert stored(division_draft).counterpart_city_id is None
    assert client.get(f"/requests/{division_draft}").status_code == 200


def test_garbage_posted_to_the_account_forms_never_fails(client, make_city_user):
    client.submit("/register", {"government_kind": "city"})  # opens the second step
    for url in ("/register", "/register/details", "/login", "/password/forgot"):
        response = client.submit(url, {**GARBAGE, "email": ["a@b.example", "c@d.example"],
                                       "password": HUGE, "confirm": HUGE, "name": HUGE,
                                       "job_title": ["x", "y"]})
        assert response.status_code < 500, url


def test_a_withdrawal_with_garbage_never_fails(client, city_draft):
    fill_pages(client, city_draft, CITY_PAGES)
    upload_contacts(client, city_draft)
    submit(client, city_draft)
    response = client.submit(f"/requests/{city_draft}/withdraw",
                             {"reason": HUGE, "confirm": ["maybe", "y"]})
    assert response.status_code < 500
    assert "Must be 2,000 characters or fewer" in response.get_data(as_text=True)
    assert stored(city_draft).status == "submitted"


def test_bytes_that_are_not_utf8_never_fail(client, city_draft):
    token = client.token_from(f"/requests/{city_draft}/purpose")
    body = b"csrf_token=" + token.encode() + b"&title=%ff%fe%00Lights&action=later"
    response = client.post(f"/requests/{city_draft}/purpose", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    assert "\x00" not in stored(city_draft).title


def test_an_oversized_post_is_refused_politely(client, city_draft):
    response = answer(client, city_draft, "purpose", {"purpose": "x" * 13_000_000})
    assert response.status_code == 413
    assert stored(city_draft).purpose == ""


def test_nothing_is_stored_for_another_request_by_naming_its_fields(client, city_draft):
    other = start_request(client)
    answer(client, city_draft, "purpose", {"title": "Mine", "id": str(other),
                                           "submitter_id": "999", "status": "submitted",
                                           "reference": "IAP-2000-0001"}, action="later")
    req = stored(city_draft)
    assert req.title == "Mine" and req.status == "draft" and req.reference is None
    assert db.session.scalars(select(EngagementRequest.id).order_by(
        EngagementRequest.id)).all() == sorted([city_draft, other])


def test_a_file_sent_where_text_is_expected_never_fails(client, city_draft):
    token = client.token_from(f"/requests/{city_draft}/purpose")
    response = client.post(f"/requests/{city_draft}/purpose", data={
        "csrf_token": token, "title": (BytesIO(b"%PDF-1.4"), "title.pdf"), "action": "later"},
        content_type="multipart/form-data")
    assert response.status_code < 500


def test_a_file_sent_as_a_name_on_registration_never_fails(client):
    client.submit("/register", {"government_kind": "city"})
    token = client.token_from("/register/details")
    response = client.post("/register/details", data={
        "csrf_token": token, "name": (BytesIO(b"x"), "name.txt"), "job_title": "Director",
        "email": "a@lyon.example", "city_name": "Lyon", "country": "FR",
        "password": "correct horse battery",
        "confirm": "correct horse battery"}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Enter your full name" in response.get_data(as_text=True)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"term_years": "²"}, "term_years", "Term must be a whole number, like 3"),
    ({"start_date-month": "²"}, "start_date", "Start date must be a real date, in numbers"),
])
def test_digits_that_are_not_plain_numbers_get_the_usual_message(client, city_draft, data,
                                                                 field, message):
    response = answer(client, city_draft, "agreement", {**AGREEMENT, **data})
    summary = error_summary(response.get_data(as_text=True))
    assert f'<a href="#{field}">{message}</a>' in summary
    assert "invalid literal" not in summary


def test_an_outcome_row_numbered_with_a_superscript_never_fails(client, city_draft):
    response = answer(client, city_draft, "purpose",
                      {**dict(CITY_PAGES)["purpose"], "outcomes-²-outcome": "x"})
    assert response.status_code < 500
