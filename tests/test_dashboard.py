"""The CCO sees the program at a glance: requests by status, category, region, time to decision."""

from __future__ import annotations

import html
import re
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta

import pycountry
import pytest
from sqlalchemy import select

from portal.dashboard.charts import bar_chart, chart_id, format_value
from portal.dashboard.services import dashboard_figures
from portal.extensions import db
from portal.geography import REGIONS, region_of
from portal.models import EngagementRequest, RequestEvent
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import Role, SigningOffice
from tests.conftest import login
from tests.factories import advance, complete_request, submitted_request
from tests.probes import outside_savepoints, statements

DASHBOARD = "/review/dashboard"
JANUARY = datetime(2026, 1, 5, 9, 0)


@pytest.fixture()
def reviewer(make_staff):
    return make_staff("reviewer@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")


@pytest.fixture()
def signer(make_staff):
    return make_staff("mayor@toronto.example", Role.SIGNING_AUTHORITY,
                      office=SigningOffice.MAYORS_OFFICE, name="Morgan Mayor")


def decided(req: EngagementRequest, submitted: datetime, after_days: float) -> None:
    """Date ``req``'s submission and its decision ``after_days`` later, as if it happened then."""
    req.submitted_at = submitted
    decision = db.session.scalars(select(RequestEvent).where(
        RequestEvent.request_id == req.id,
        RequestEvent.to_status.in_([Status.APPROVED.value, Status.DECLINED.value]))).one()
    decision.at = submitted + timedelta(days=after_days)
    db.session.commit()


@pytest.fixture()
def program(make_city_user, make_staff, reviewer, signer):
    """Build requests from four continents in several statuses and categories.

    Lyon (Europe): submitted, and a draft that is never counted. Kyoto (Asia): a Partnership
    declined after 4 days. São Paulo (Americas): not sure of the category, approved after 10
    days. Nairobi (Africa): one in triage, one withdrawn. A division's proposal about Helsinki
    (Europe): declined after 2 days.
    """
    lyon = make_city_user("rep@lyon.example", "Lyon", "FR")
    submitted_request(lyon)
    complete_request(lyon)
    db.session.commit()

    kyoto = submitted_request(make_city_user("rep@kyoto.example", "Kyoto", "JP"),
                              requested_category="partnership_city")
    advance(kyoto, reviewer, Action.START_TRIAGE, Action.DECLINE)
    decided(kyoto, JANUARY, 4)

    sao_paulo = submitted_request(make_city_user("rep@sp.example", "São Paulo", "BR"),
                                  requested_category="not_sure")
    advance(sao_paulo, reviewer, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(sao_paulo, signer, Action.APPROVE)
    decided(sao_paulo, JANUARY, 10)

    nairobi_user = make_city_user("rep@nairobi.example", "Nairobi", "KE")
    advance(submitted_request(nairobi_user), reviewer, Action.START_TRIAGE)
    advance(submitted_request(nairobi_user), nairobi_user, Action.WITHDRAW)

    staff = make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC")
    helsinki = submitted_request(staff)
    advance(helsinki, reviewer, Action.START_TRIAGE, Action.DECLINE)
    decided(helsinki, datetime(2026, 2, 1, 12, 0), 2)


def counts(tallies) -> dict[str, int]:
    return {t.key: t.count for t in tallies}


# --- the figures ------------------------------------------------------------------------

def test_submitted_requests_are_counted_by_status_in_lifecycle_order(program):
    figures = dashboard_figures(today=date(2026, 2, 15))
    assert figures.submitted == 6
    assert [t.key for t in figures.by_status] == [s.value for s in Status if s is not Status.DRAFT]
    assert counts(figures.by_status) == {
        "submitted": 1, "in_triage": 1, "information_requested": 0, "in_review": 0,
        "recommended": 0, "declined": 2, "withdrawn": 1, "approved": 1,
        "agreement_drafted": 0, "approved_as_to_form": 0, "signed": 0,
    }
    assert figures.by_status[0].label == "Submitted"


def test_requests_are_counted_by_category_region_and_origin(program):
    figures = dashboard_figures(today=date(2026, 2, 15))
    assert [(t.label, t.count) for t in figures.by_category] == [
        ("Partnership City", 1), ("International Project", 4), ("Not sure yet", 1)]
    assert [(t.label, t.count) for t in figures.by_region] == [
        ("Africa", 2), ("Americas", 1), ("Asia", 1), ("Europe", 2), ("Oceania", 0)]
    assert counts(figures.by_origin) == {"city": 5, "division": 1}


def test_median_days_to_decision_runs_from_submission_to_approval_or_decline(program):
    figures = dashboard_figures(today=date(2026, 2, 15))
    assert figures.decision_time.decided == 3
    assert figures.decision_time.median_days == 4  # of 2, 4 and 10 days
    by_category = {d.key: (d.decided, d.median_days) for d in figures.decision_time_by_category}
    assert by_category == {"partnership_city": (1, 4), "international_project": (1, 2),
                           "not_sure": (1, 10)}


def test_decisions_are_counted_per_month_for_the_last_twelve_months(program):
    months = dashboard_figures(today=date(2026, 2, 15)).decided_by_month
    assert [m.month for m in months][:2] == [date(2025, 3, 1), date(2025, 4, 1)]
    assert len(months) == 12 and months[-1].month == date(2026, 2, 1)
    assert {m.month: m.count for m in months if m.count} == {
        date(2026, 1, 1): 2, date(2026, 2, 1): 1}
    later = dashboard_figures(today=date(2027, 1, 31)).decided_by_month
    assert sum(m.count for m in later) == 1  # January 2026 has left the window


def test_the_median_of_an_even_number_of_decisions_is_the_mean_of_the_middle_two(
        make_city_user, reviewer):
    for days, city in zip((1, 3, 6, 20), ("Lyon", "Lille", "Nice", "Nantes"), strict=True):
        req = submitted_request(make_city_user(f"rep@{city.lower()}.example", city, "FR"))
        advance(req, reviewer, Action.START_TRIAGE, Action.DECLINE)
        decided(req, JANUARY, days)
    assert dashboard_figures().decision_time.median_days == 4.5


def test_with_no_requests_every_figure_is_zero_and_no_median(app):
    figures = dashboard_figures()
    assert figures.submitted == 0
    assert all(t.count == 0 for t in (*figures.by_status, *figures.by_category,
                                      *figures.by_region, *figures.by_origin))
    assert figures.decision_time.median_days is None and figures.decision_time.decided == 0


# --- regions ----------------------------------------------------------------------------

def test_every_country_pycountry_knows_has_an_m49_region_but_antarctica():
    regions = {c.alpha_2: region_of(c.alpha_2) for c in pycountry.countries}
    assert {code for code, region in regions.items() if region not in REGIONS} == {"AQ"}
    assert (region_of("FR"), region_of("jp"), region_of("BR"), region_of("KE"),
            region_of("NZ")) == ("Europe", "Asia", "Americas", "Africa", "Oceania")
    assert region_of("TR") == "Asia" and region_of("RU") == "Europe"  # as M49 has them
    assert region_of(None) == region_of("") == region_of("ZZ") == "Unknown"


# --- the charts ---------------------------------------------------------------------------

def test_a_chart_draws_one_labelled_bar_per_item_for_screen_readers_too():
    svg = str(bar_chart("Requests by status", [("Submitted", 3), ("In triage", 0),
                                               ("Declined", 12)]))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="chart-bar"') == 2  # "In triage: 0" has no bar
    assert svg.count('class="chart-row"') == 3
    assert 'role="img"' in svg
    title_id = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
    desc_id = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
    assert f'<title id="{title_id}">Requests by status</title>' in svg
    assert f'<desc id="{desc_id}">Submitted: 3; In triage: 0; Declined: 12</desc>' in svg
    widths = [float(w) for w in re.findall(r'class="chart-bar"[^>]*width="([\d.]+)"', svg)]
    assert widths[1] == 4 * widths[0]  # bars in proportion


def _bars(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'class="chart-bar"[^>]*width="([\d.]+)"', svg)]


def test_a_value_that_reads_zero_draws_no_bar_even_when_it_is_the_largest():
    """A median of an hour is written "0 days": it must not be drawn as the longest bar."""
    svg = str(bar_chart("Median days", [("Partnership City", 0.04),
                                        ("International Project", 0.0)], "days"))
    assert "<rect" not in svg
    assert "0 days" in svg and "0.0 days" not in svg
    assert "Partnership City: 0 days; International Project: 0 days" in svg


def test_with_every_value_zero_no_bar_is_drawn_and_every_value_is_still_written():
    svg = str(bar_chart("Requests by status", [("Submitted", 0), ("Declined", 0)]))
    assert "<rect" not in svg
    assert re.findall(r'class="chart-value"[^>]*>([^<]+)<', svg) == ["0", "0"]


def test_a_small_value_beside_a_large_one_is_scaled_from_what_it_reads():
    svg = str(bar_chart("Median days", [("A", 10.0), ("B", 5.04), ("C", 0.02)], "days"))
    full, half = _bars(svg)  # C reads "0 days": no bar
    assert half == pytest.approx(full * 5.0 / 10.0, abs=0.1)
    assert "C: 0 days" in svg


def test_a_chart_uses_no_script_and_no_style_attribute_that_the_csp_would_block():
    svg = str(bar_chart("Days", [("A", 1.5)], "days"))
    assert "<script" not in svg and "style=" not in svg
    assert 'fill="#1d70b8"' in svg and "1.5 days" in svg


def test_every_label_in_a_chart_is_escaped():
    svg = str(bar_chart('<b>"Title"</b>', [("<script>alert(1)</script>", 1)]))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_a_label_too_long_for_its_column_is_shortened_but_read_whole():
    long = "Requests from a very long-named place indeed"
    svg = str(bar_chart("Long", [(long, 1), ("Short", 2)]))
    assert f">{long[:23]}\u2026</text>" in svg
    assert f"<desc id=\"{chart_id('Long')}-desc\">{long}: 1; Short: 2</desc>" in svg
    assert 'viewBox="0 0 600 ' in str(bar_chart("Other", [("A", 1)]))  # one width for all


def test_an_empty_chart_still_renders_and_values_read_naturally():
    assert str(bar_chart("Nothing yet", [])).count("<rect") == 0
    assert (format_value(4), format_value(4.25, "days"), format_value(1200)) == (
        "4", "4.2 days", "1,200")


# --- the page -----------------------------------------------------------------------------

def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


@pytest.mark.parametrize("role", [Role.CCO_REVIEWER, Role.ADMIN])
def test_cco_reviewers_and_administrators_see_the_dashboard(client, make_staff, program, role):
    user = make_staff(f"{role.value}@toronto.example", role, "CCO")
    login(client, user.email)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<svg") == 6
    assert page.count("Show the figures as a table") == 6
    text = _text(response)
    for heading in ("Median days to decision", "Requests by status", "Requests by category",
                    "Requests by region of the counterpart city", "Requests by origin",
                    "Requests decided each month, last 12 months"):
        assert heading in text
    assert re.search(r'class="headline-figure">4 <span class="headline-unit">days', page)
    assert "over 3 decided requests" in text
    assert "<th scope=\"row\">Europe</th><td class=\"numeric\">2</td>" in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        assert "style=" not in svg and "<script" not in svg


@pytest.mark.parametrize(("role", "division", "office"), [
    (Role.DIVISION_STAFF, "EDC", None),
    (Role.SUPPORTING_REVIEWER, "EDC", None),
    (Role.SIGNING_AUTHORITY, None, SigningOffice.MAYORS_OFFICE),
    (Role.SOLICITOR, "LGL", None),
])
def test_other_staff_may_not_open_the_dashboard(client, make_staff, role, division, office):
    user = make_staff("someone@toronto.example", role, division, office=office)
    login(client, user.email)
    assert client.get(DASHBOARD).status_code == 403


def test_a_city_may_not_open_the_dashboard_and_a_stranger_must_sign_in(client, make_city_user):
    assert client.get(DASHBOARD).status_code == 302
    login(client, make_city_user().email)
    assert client.get(DASHBOARD).status_code == 403


def test_a_city_named_like_a_script_never_reaches_the_page_unescaped(
        client, make_city_user, reviewer):
    submitted_request(make_city_user("rep@x.example", "<script>alert(1)</script>", "FR"))
    login(client, reviewer.email)
    page = client.get(DASHBOARD).get_data(as_text=True)
    assert "<script>alert" not in page


# --- scale --------------------------------------------------------------------------------

def statements_issued() -> AbstractContextManager[list[str]]:
    """Collect the SQL statements sent to the database while the block runs."""
    return statements(outside_savepoints)


COUNTRIES = [("Lyon", "FR"), ("Kyoto", "JP"), ("Lima", "PE"), ("Accra", "GH"),
             ("Perth", "AU"), ("Oslo", "NO")]


def add_requests(make_city_user, reviewer, count: int, start: int = 0) -> None:
    """File ``count`` requests from cities on every continent, some of them decided."""
    users = {}
    for n in range(start, start + count):
        city, country = COUNTRIES[n % len(COUNTRIES)]
        if city not in users:
            users[city] = make_city_user(f"rep{n}@{city.lower()}.example", city, country)
        category = ("partnership_city", "international_project", "not_sure")[n % 3]
        req = submitted_request(users[city], requested_category=category)
        if n % 2:
            advance(req, reviewer, Action.START_TRIAGE, Action.DECLINE)
            decided(req, JANUARY, n)


def test_the_figures_take_three_queries_however_many_requests_there_are(
        make_city_user, reviewer):
    add_requests(make_city_user, reviewer, 30)
    db.session.remove()
    with statements_issued() as seen:
        figures = dashboard_figures()
    assert figures.submitted == 30 and figures.decision_time.decided == 15
    assert len(seen) == 3, seen


def test_the_dashboard_page_issues_as_many_queries_for_30_requests_as_for_3(
        client, make_city_user, reviewer):
    login(client, reviewer.email)

    def page_statements() -> int:
        db.session.expire_all()  # nothing cached from building the requests
        with statements_issued() as seen:
            assert client.get(DASHBOARD).status_code == 200
        return len(seen)

    add_requests(make_city_user, reviewer, 3)
    with_3 = page_statements()
    add_requests(make_city_user, reviewer, 27, start=3)
    assert dashboard_figures().submitted == 30
    assert page_statements() == with_3
    assert with_3 <= 5
