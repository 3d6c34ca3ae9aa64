"""How far each outcome was achieved: rated in its report, shown, and counted for Council."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.geography import find_or_create_city
from portal.models import Agreement, OutcomeReport
from portal.policy.agreements import AgreementStatus
from portal.policy.categories import Category
from portal.policy.roles import Role
from portal.reports import services as reports
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import submitted_request

THIS_YEAR = date.today().year


def text(response) -> str:
    """Return the page's text as a reader sees it, without the markup."""
    words = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(words))


def stored_reports() -> list[OutcomeReport]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutcomeReport)))


@pytest.fixture()
def lead(make_staff):
    """Return a member of the lead division's staff (Economic Development and Culture)."""
    return make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC", name="Dana Division")


@pytest.fixture()
def oslo(lead) -> Agreement:
    """Return an International Project in force this year, signed from an EDC proposal."""
    req = submitted_request(lead, title="Oslo–Toronto design exchange")
    agreement = Agreement(
        counterpart_name="Oslo", counterpart_city=find_or_create_city("Oslo", "NO"),
        country_code="NO", category=Category.INTERNATIONAL_PROJECT.value,
        status=AgreementStatus.ACTIVE.value, established_year=THIS_YEAR,
        start_date=date(THIS_YEAR, 1, 1), end_date=date.today() + timedelta(days=400),
        request_id=req.id, lead_division_id=division_by_code("EDC").id)
    db.session.add(agreement)
    db.session.commit()
    return agreement


def lisbon() -> Agreement:
    """Return the seeded project with Lisbon: no request on file, so its rows are typed."""
    return db.session.scalars(select(Agreement).where(
        Agreement.counterpart_name == "Lisbon")).one()


def test_the_lead_division_rates_an_outcome_and_sees_the_rating_again(client, lead, oslo):
    login(client, lead.email)
    url = f"/agreements/{oslo.id}/reports/{THIS_YEAR}"
    form = text(client.get(url))
    assert "Was the outcome achieved this year? (optional)" in form
    assert "Achieved Partly achieved Not achieved Not rated" in form
    done = client.submit(url, {"rows-0-text": "4 of 6 designers hosted",
                               "rows-0-rating": "partly"})
    assert done.status_code == 302
    [report] = stored_reports()
    assert report.entries == [{"outcome": "Designers exchanged", "indicator": "Designers hosted",
                               "target": "6 by 2028", "progress": "4 of 6 designers hosted",
                               "rating": "partly"}]
    page = text(client.get(f"/agreements/{oslo.id}"))
    assert "How far achieved" in page
    assert "4 of 6 designers hosted Partly achieved" in page
    # Editing the report starts from the rating on file, and can take it back.
    again = client.get(url).get_data(as_text=True)
    assert re.search(r'value="partly" checked', again)
    assert client.submit(url, {"rows-0-text": "5 of 6 designers hosted",
                               "rows-0-rating": ""}).status_code == 302
    assert "rating" not in stored_reports()[0].entries[0]
    assert "5 of 6 designers hosted Not rated" in text(client.get(f"/agreements/{oslo.id}"))


def test_a_reviewer_rates_the_outcomes_typed_on_a_seeded_agreement(client, make_staff):
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "rosa@toronto.example")
    url = f"/agreements/{lisbon().id}/reports/{THIS_YEAR}"
    assert client.submit(url, {
        "rows-0-outcome": "Student exchange", "rows-0-text": "12 of 40", "rows-0-rating": "not",
        "rows-1-outcome": "Joint festival", "rows-1-text": "Held in June"}).status_code == 302
    assert stored_reports()[0].entries == [
        {"outcome": "Student exchange", "progress": "12 of 40", "rating": "not"},
        {"outcome": "Joint festival", "progress": "Held in June"}]
    page = text(client.get(f"/agreements/{lisbon().id}"))
    assert "12 of 40 Not achieved" in page and "Held in June Not rated" in page


def test_a_forged_rating_is_refused_at_its_field_and_what_was_typed_is_kept(
        client, lead, oslo):
    login(client, lead.email)
    url = f"/agreements/{oslo.id}/reports/{THIS_YEAR}"
    refused = client.submit(url, {"rows-0-text": "4 of 6 designers hosted",
                                  "rows-0-rating": "mostly"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert 'href="#rows-0-rating"' in page  # the error summary leads to the question
    assert "Select one of the ratings, or Not rated" in text(refused)
    assert "4 of 6 designers hosted" in page
    assert stored_reports() == []


def test_a_rating_without_the_progress_it_rates_is_refused_at_the_progress(
        client, make_staff):
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "rosa@toronto.example")
    url = f"/agreements/{lisbon().id}/reports/{THIS_YEAR}"
    refused = client.submit(url, {"rows-0-outcome": "Student exchange",
                                  "rows-0-rating": "achieved"})
    assert refused.status_code == 400
    assert 'href="#rows-0-text"' in refused.get_data(as_text=True)
    assert "Report the progress you rated" in text(refused)
    assert 'value="Student exchange"' in refused.get_data(as_text=True)
    assert stored_reports() == []


@pytest.mark.parametrize("who", ["city", "stranger"])
def test_a_city_or_a_stranger_cannot_record_a_rated_report(client, make_city_user, who):
    make_city_user("rep@lisboa.example", "Lisbon", "PT", verified=who == "city")
    login(client, "rep@lisboa.example")
    url = f"/agreements/{lisbon().id}/reports/{THIS_YEAR}"
    assert client.get(url).status_code == 403
    forged = client.post(url, data={"csrf_token": client.token_from("/"),
                                    "rows-0-outcome": "Student exchange",
                                    "rows-0-text": "All done", "rows-0-rating": "achieved"})
    assert forged.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(OutcomeReport)) == 0


def test_the_annual_report_counts_the_ratings_recorded_through_the_form(
        client, make_staff, lead, oslo):
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "rosa@toronto.example")
    assert client.submit(f"/agreements/{lisbon().id}/reports/{THIS_YEAR}", {
        "rows-0-outcome": "Student exchange", "rows-0-text": "40 of 40",
        "rows-0-rating": "achieved",
        "rows-1-outcome": "Joint festival", "rows-1-text": "Held in June",
        "rows-1-rating": "partly",
        "rows-2-outcome": "Shared data", "rows-2-text": "Not started",
        "rows-2-rating": "not"}).status_code == 302
    assert client.submit(f"/agreements/{oslo.id}/reports/{THIS_YEAR}", {
        "rows-0-text": "6 of 6 designers hosted", "rows-0-rating": "achieved"}
    ).status_code == 302
    counted = {c.label: c.count for c in reports.annual_report(THIS_YEAR).ratings}
    assert counted == {"Achieved": 2, "Partly achieved": 1, "Not achieved": 1, "Not rated": 0}
