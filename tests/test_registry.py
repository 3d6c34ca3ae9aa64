"""The registry of agreements: seeded from the program review, public, reviewed and kept."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.assessment import services as assessment
from portal.extensions import db
from portal.intake import services as intake
from portal.models import (
    Agreement,
    AgreementEvent,
    AgreementReview,
    EngagementRequest,
    OutboxMessage,
    OutcomeReport,
    ReminderSent,
)
from portal.policy.agreement_states import AgreementState
from portal.policy.agreements import AgreementStatus
from portal.policy.categories import Category
from portal.policy.eligibility import Gate, GateOutcome
from portal.policy.roles import Role
from portal.registry import services
from portal.seed.reference_data import division_by_code
from portal.seed.registry_data import HISTORICAL, ensure_registry
from tests.conftest import login
from tests.factories import complete_request, submitted_request

TODAY = date(2027, 6, 15)
P, IP = Category.PARTNERSHIP_CITY.value, Category.INTERNATIONAL_PROJECT.value
PARTNERSHIPS = {"Chicago": 1991, "Chongqing": 1986, "Frankfurt": 1989, "Ho Chi Minh City": 2006,
                "Kyiv": 1991, "Milan": 2003, "Quito": 2006, "Rio de Janeiro": 2015,
                "Sagamihara": 1991, "Warsaw": 1990}
NOT_CITY = {"Dubai Investment Development Agency", "COMCE Noreste (Monterrey)",
            "Federation of Indian Chambers of Commerce and Industry (New Delhi)",
            "Hong Kong Chamber of Commerce", "Hong Kong Trade Development Council",
            "Invest Sao Paulo", "PanCanada Chamber of Commerce (Panama City)",
            "Portugal (Country)", "State of Maharashtra", "Thrace Regional Development Agency",
            "Uruguay XXI (Montevideo)"}
HISTORICAL_CITIES = {"Dunedin", "Jaffna", "Mexico City", "Shenzhen", "Wuxi", "Amsterdam",
                     "New York City", "Indianapolis", "São Paulo"}


def text(response) -> str:
    """Return the page's text as a reader sees it, without the markup."""
    words = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(words))


def by_name(name: str) -> Agreement:
    return db.session.scalars(select(Agreement).where(Agreement.counterpart_name == name)).one()


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def refresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def add_agreement(name: str, country: str = "FI", category: str = IP, *,
                  status: AgreementStatus = AgreementStatus.ACTIVE, start: date | None = None,
                  end: date | None = None, request: EngagementRequest | None = None,
                  division: str | None = None, note: str = "") -> Agreement:
    """Insert an agreement as if signed through the portal."""
    from portal.geography import find_or_create_city

    agreement = Agreement(
        counterpart_name=name, counterpart_city=find_or_create_city(name, country),
        country_code=country, category=category, status=status.value,
        established_year=start.year if start else None, start_date=start, end_date=end,
        request_id=request.id if request else None, note=note,
        lead_division_id=division_by_code(division).id if division else None)
    db.session.add(agreement)
    db.session.commit()
    return agreement


@pytest.fixture()
def people(make_city_user, make_staff):
    """Return one person of each kind the registry deals with."""
    return {
        "reviewer": make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO",
                               name="Rosa Reviewer"),
        "edc": make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC",
                          name="Dana Division"),
        "trn": make_staff("theo@toronto.example", Role.DIVISION_STAFF, "TRN",
                          name="Theo Transport"),
        "solicitor": make_staff("sol@toronto.example", Role.SOLICITOR, name="Sol Solicitor"),
        "admin": make_staff("ada@toronto.example", Role.ADMIN, name="Ada Admin"),
        "lisbon": make_city_user("rep@lisboa.example", "Lisbon", "PT", name="Rita Lisboa"),
        "lyon": make_city_user("rep@lyon.example", "Lyon", "FR"),
    }


@pytest.fixture()
def helsinki(people):
    """Return an active International Project with Helsinki, signed from an EDC proposal."""
    req = submitted_request(people["edc"], title="Helsinki–Toronto cool streets",
                            objectives="Share heat maps\nPilot cool pavements",
                            anticipated_cost=Decimal("20000"))
    intake_outcomes = [("Cooler streets", "Pavement temperature", "-3 °C by 2028"),
                       ("Shared data", "Data sets exchanged", "4 by 2027")]
    req.outcomes.clear()
    db.session.flush()
    from portal.models import Outcome

    for position, (outcome, indicator, target) in enumerate(intake_outcomes):
        req.outcomes.append(Outcome(position=position, outcome=outcome, indicator=indicator,
                                    target=target))
    db.session.commit()
    return add_agreement("Helsinki", "FI", IP, start=date(2026, 1, 1),
                         end=date.today() + timedelta(days=60), request=req, division="EDC")


# The seeded registry --------------------------------------------------------------------

def test_the_seeded_registry_holds_ten_partnerships_and_two_projects_active(app):
    active = db.session.scalars(select(Agreement).where(
        Agreement.status == AgreementStatus.ACTIVE.value)).all()
    partnerships = {a.counterpart_name: a for a in active if a.category == P}
    projects = {a.counterpart_name: a for a in active if a.category == IP}
    assert {n: a.established_year for n, a in partnerships.items()} == PARTNERSHIPS
    assert {n: a.established_year for n, a in projects.items()} == {"Lisbon": 2019,
                                                                      "Matera": 2019}
    for agreement in active:
        assert agreement.start_date is None and agreement.end_date is None  # not recorded
        assert agreement.counterpart_city is not None
        assert agreement.counterpart_city.country_code == agreement.country_code
        assert agreement.is_city_to_city and agreement.request_id is None
    assert by_name("Ho Chi Minh City").country_code == "VN"


def test_the_seeded_historical_entries_mark_the_bodies_that_are_not_cities(app):
    historical = db.session.scalars(select(Agreement).where(
        Agreement.status == AgreementStatus.HISTORICAL.value)).all()
    names = {a.counterpart_name for a in historical}
    assert names == NOT_CITY | HISTORICAL_CITIES
    assert len(historical) == 20  # 16 of the program review and 4 more from program-facts
    for agreement in historical:
        assert agreement.category is None and agreement.start_date is None
        assert agreement.is_city_to_city is (agreement.counterpart_name in HISTORICAL_CITIES)
    assert "Not city-to-city: a chamber of commerce" in by_name(
        "Hong Kong Chamber of Commerce").note
    assert "a country" in by_name("Portugal (Country)").note
    assert "a state" in by_name("State of Maharashtra").note
    assert "Wikipedia" in by_name("Amsterdam").note
    assert len([h for h in HISTORICAL if "program review" in h.note
                and "Wikipedia" not in h.note]) == 16


def test_seeding_again_adds_nothing_and_the_command_says_so(app, runner):
    before = count(Agreement)
    assert ensure_registry() == 0
    result = runner.invoke(args=["seed-registry"])
    assert result.exit_code == 0 and "0 agreements added" in result.output
    assert count(Agreement) == before == 32


def test_seed_registry_restores_a_missing_entry_matched_by_name(app, runner):
    db.session.delete(by_name("Matera"))
    db.session.commit()
    result = runner.invoke(args=["seed-registry"])
    assert "1 agreements added" in result.output
    assert by_name("Matera").established_year == 2019


# No cap and the duplicate gate ----------------------------------------------------------

def test_more_than_ten_partnerships_can_be_active_at_once(app, make_city_user):
    for name, country in (("Lyon", "FR"), ("Seoul", "KR"), ("Accra", "GH")):
        add_agreement(name, country, P, start=date(2026, 1, 1), end=date(2030, 12, 31))
    active = db.session.scalar(select(func.count(Agreement.id)).where(
        Agreement.status == AgreementStatus.ACTIVE.value, Agreement.category == P))
    assert active == 13
    # A fourteenth city may still ask: nothing counts agreements against a cap.
    req = complete_request(make_city_user("rep@oslo.example", "Oslo", "NO"),
                           requested_category=P, term_years=5)
    assert all(g.passed for g in assessment.eligibility(req))


def test_a_new_partnership_request_from_chicago_fails_the_duplicate_gate(app, make_city_user):
    req = complete_request(make_city_user("rep@chicago.example", "Chicago", "US"),
                           requested_category=P, term_years=5)
    gate = next(g for g in assessment.eligibility(req) if g.gate is Gate.NO_DUPLICATE)
    assert gate.outcome is GateOutcome.FAILED and "Chicago" in gate.reason


def test_a_promotion_of_lisbon_passes_the_duplicate_gate(app, people):
    lisbon = by_name("Lisbon")
    ordinary = complete_request(people["lisbon"], requested_category=IP)
    ordinary_gate = next(g for g in assessment.eligibility(ordinary)
                         if g.gate is Gate.NO_DUPLICATE)
    assert ordinary_gate.outcome is GateOutcome.FAILED  # a second project with Lisbon
    intake.discard_draft(ordinary)
    req = services.start_promotion(lisbon, people["lisbon"], today=TODAY)
    db.session.commit()
    gate = next(g for g in assessment.eligibility(req) if g.gate is Gate.NO_DUPLICATE)
    assert gate.outcome is GateOutcome.PASSED


# Promotion and renewal ------------------------------------------------------------------

def test_promotion_carries_the_projects_answers_and_outcomes_into_a_partnership_draft(
        client, people, helsinki):
    source = services.request_of(helsinki)
    login(client, people["edc"].email)
    page = text(client.get(f"/agreements/{helsinki.id}"))
    assert "Promote to Partnership City" in page and "Renew" in page
    response = client.submit(f"/agreements/{helsinki.id}/promote")
    assert response.status_code == 302
    new_id = int(re.search(r"/requests/(\d+)$", response.headers["Location"]).group(1))
    draft = db.session.get(EngagementRequest, new_id)
    assert draft.status == "draft" and draft.promotes_agreement_id == helsinki.id
    assert draft.category is Category.PARTNERSHIP_CITY
    assert draft.origin == "division" and draft.sponsoring_division.code == "EDC"
    assert draft.submitter_id == people["edc"].id
    assert draft.counterpart_city_id == helsinki.counterpart_city_id
    assert (draft.title, draft.objectives, draft.purpose) == (
        source.title, source.objectives, source.purpose)
    assert [(o.outcome, o.indicator, o.target) for o in draft.outcomes] == [
        ("Cooler streets", "Pavement temperature", "-3 °C by 2028"),
        ("Shared data", "Data sets exchanged", "4 by 2027")]
    assert draft.documents == []  # documents never carry over
    assert draft.start_date == helsinki.end_date + timedelta(days=1)
    tasks = text(client.get(response.headers["Location"]))
    assert "Helsinki–Toronto cool streets" in tasks
    events = [e.action for e in db.session.scalars(select(AgreementEvent).where(
        AgreementEvent.agreement_id == helsinki.id))]
    assert events == ["promotion_started"]
    # The proposal is complete: the project does not count against it.
    assert [g.gate for g in assessment.eligibility(draft) if not g.passed] == []


def test_a_second_promotion_opens_the_draft_already_started(client, people, helsinki):
    login(client, people["edc"].email)
    first = client.submit(f"/agreements/{helsinki.id}/promote").headers["Location"]
    again = client.submit(f"/agreements/{helsinki.id}/promote",
                          page=f"/agreements/{helsinki.id}")
    assert again.headers["Location"] == first
    assert db.session.scalar(select(func.count(EngagementRequest.id)).where(
        EngagementRequest.promotes_agreement_id == helsinki.id)) == 1


def test_a_city_promotes_its_seeded_project_with_only_its_city_filled_in(client, people):
    lisbon = by_name("Lisbon")
    login(client, people["lisbon"].email)
    public = text(client.get("/registry"))
    assert "Propose to become a Partnership City" in public
    response = client.submit(f"/agreements/{lisbon.id}/promote")
    draft = db.session.get(EngagementRequest, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert draft.origin == "city" and draft.counterpart_city_id == lisbon.counterpart_city_id
    assert draft.promotes_agreement_id == lisbon.id and draft.requested_category == P
    assert draft.title == "" and draft.outcomes == []
    assert draft.relationship_since == 2019  # from the registry, not invented


def test_renewal_opens_a_draft_of_the_same_category_linked_to_the_agreement(
        client, people, helsinki):
    login(client, people["edc"].email)
    response = client.submit(f"/agreements/{helsinki.id}/renew")
    draft = db.session.get(EngagementRequest, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert draft.renews_agreement_id == helsinki.id and draft.promotes_agreement_id is None
    assert draft.category is Category.INTERNATIONAL_PROJECT
    assert draft.title == "Helsinki–Toronto cool streets" and len(draft.outcomes) == 2
    gate = next(g for g in assessment.eligibility(draft) if g.gate is Gate.NO_DUPLICATE)
    assert gate.outcome is GateOutcome.PASSED


def test_a_city_renews_a_seeded_partnership(app, people, make_city_user):
    chicago_rep = make_city_user("rep@chicago.example", "Chicago", "US")
    chicago = by_name("Chicago")
    draft = services.start_renewal(chicago, chicago_rep, today=TODAY)
    assert draft.category is Category.PARTNERSHIP_CITY and draft.renews_agreement_id == chicago.id
    assert draft.relationship_since == 1991


def test_signing_the_promotion_marks_the_project_promoted_with_history(app, people, helsinki):
    draft = services.start_promotion(helsinki, people["edc"])
    intake.submit(draft, people["edc"])  # complete as carried over
    partnership = add_agreement("Helsinki", "FI", P, start=date(2027, 1, 1),
                                end=date(2031, 12, 31), request=draft)
    services.on_signed(partnership, people["reviewer"])
    db.session.commit()
    assert refresh(helsinki).status == AgreementStatus.PROMOTED.value
    project_events = [(e.action, e.note) for e in services.events_of(helsinki)]
    assert project_events[-1][0] == "promoted" and draft.reference in project_events[-1][1]
    assert [e.action for e in services.events_of(partnership)] == ["signed"]
    # The project no longer blocks anything; the partnership does.
    assert refresh(partnership).status == AgreementStatus.ACTIVE.value


@pytest.mark.parametrize(("end", "expected"), [
    (TODAY - timedelta(days=1), AgreementState.RENEWED),
    (TODAY + timedelta(days=30), AgreementState.ENDING_SOON),
])
def test_signing_a_renewal_marks_the_old_agreement_renewed_in_force_to_its_end(
        app, people, end, expected):
    old = add_agreement("Tallinn", "EE", IP, start=date(2025, 1, 1), end=end, division="EDC")
    renewal = services.start_renewal(old, people["edc"], today=TODAY)
    db.session.commit()
    new = add_agreement("Tallinn-2", "EE", IP, start=date(2027, 7, 1), end=date(2029, 6, 30),
                        request=renewal)
    services.on_signed(new)
    db.session.commit()
    assert refresh(old).status == AgreementStatus.RENEWED.value
    assert refresh(old).state_on(TODAY) is expected
    assert refresh(new).established_year == 2025  # the relationship began with the old one
    assert services.events_of(old)[-1].action == "renewed"


# Scheduled work -------------------------------------------------------------------------

def outbox(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_expiry_and_reminders_are_idempotent(app, people):
    ended = add_agreement("Tallinn", "EE", IP, start=date(2025, 1, 1), end=TODAY - timedelta(1),
                          division="EDC")
    ending = add_agreement("Riga", "LV", P, start=date(2023, 1, 1),
                           end=TODAY + timedelta(days=90), division="TRN")
    later = add_agreement("Vilnius", "LT", P, start=date(2024, 1, 1), end=date(2029, 1, 1))
    first = services.run_scheduled(TODAY, window_days=180)
    db.session.commit()
    assert [a.counterpart_name for a in first.expired] == ["Tallinn"]
    assert refresh(ended).status == AgreementStatus.EXPIRED.value
    assert services.events_of(ended)[-1].action == "expired"
    reviewed = {a.counterpart_name for a, _n in first.review_reminders}
    assert "Riga" in reviewed and "Vilnius" not in reviewed and "Tallinn" not in reviewed
    assert {m.to_address for m in outbox("review_due")} == {"rosa@toronto.example"}
    # Reports for 2026: Tallinn (EDC, active then, now expired) and Riga (TRN).
    reports = {(a.counterpart_name, year) for a, year, _n in first.report_reminders}
    assert ("Tallinn", 2026) in reports and ("Riga", 2026) in reports
    assert any(m.to_address == "theo@toronto.example" and "Riga" in m.subject
               for m in outbox("report_due"))
    snapshot = (count(OutboxMessage), count(ReminderSent), count(AgreementEvent))

    second = services.run_scheduled(TODAY, window_days=180)
    db.session.commit()
    assert not second.changed
    assert (count(OutboxMessage), count(ReminderSent), count(AgreementEvent)) == snapshot
    assert refresh(later).status == AgreementStatus.ACTIVE.value
    assert refresh(ending).status == AgreementStatus.ACTIVE.value


def test_the_expire_command_prints_what_it_did_and_nothing_the_second_time(app, runner, people):
    add_agreement("Tallinn", "EE", IP, start=date(2025, 1, 1), end=TODAY - timedelta(1))
    first = runner.invoke(args=["agreements", "expire", "--today", TODAY.isoformat()])
    assert first.exit_code == 0, first.output
    assert "Expired: Tallinn" in first.output and "1 expired" in first.output
    outbox_before = count(OutboxMessage)
    second = runner.invoke(args=["agreements", "expire", "--today", TODAY.isoformat()])
    assert "0 expired, 0 review and 0 report reminder(s) written." in second.output
    assert count(OutboxMessage) == outbox_before


def test_a_report_on_file_for_last_year_stops_the_report_reminder(app, people):
    riga = add_agreement("Riga", "LV", P, start=date(2023, 1, 1), end=date(2029, 1, 1),
                         division="TRN")
    services.save_report(riga, people["trn"], 2026, [{"outcome": "x", "progress": "y"}])
    report = services.run_scheduled(TODAY)
    assert report.report_reminders == []
    # Next year the 2027 report is due, once.
    next_year = services.run_scheduled(date(2028, 2, 1))
    assert [(a.id, y) for a, y, _n in next_year.report_reminders] == [(riga.id, 2027)]


def test_a_new_end_date_brings_a_new_review_reminder(app, people):
    riga = add_agreement("Riga", "LV", P, start=date(2023, 1, 1), end=TODAY + timedelta(30))
    assert len(services.run_scheduled(TODAY).review_reminders) == 1
    riga.end_date = TODAY + timedelta(60)
    assert len(services.run_scheduled(TODAY).review_reminders) == 1
    assert len(services.run_scheduled(TODAY).review_reminders) == 0


# The public registry --------------------------------------------------------------------

SECRET_NOTE = "Internal: the mayor's office doubts the budget"


def test_the_public_registry_needs_no_sign_in_and_says_not_recorded(client):
    page = text(client.get("/registry"))
    for name in (*PARTNERSHIPS, "Lisbon", "Matera", "Portugal (Country)", "São Paulo"):
        assert name in page
    assert "Not recorded" in page and "Not city-to-city" in page
    assert "Chicago United States 1991 Not recorded Not recorded" in page


def test_the_public_page_and_json_show_no_internal_field(client, people, helsinki):
    helsinki.note = SECRET_NOTE
    helsinki.signed_filename, helsinki.signed_media_type = "signed.pdf", "application/pdf"
    helsinki.signed_copy, helsinki.signed_sha256 = b"%PDF-1.4", "0" * 64
    db.session.commit()
    reference = services.request_of(helsinki).reference
    page = client.get("/registry").get_data(as_text=True)
    raw = client.get("/registry/agreements.json")
    assert raw.status_code == 200 and raw.mimetype == "application/json"
    body = raw.get_data(as_text=True)
    for shown in (page, body):
        assert "Helsinki" in shown
        for secret in ("doubts the budget", "toronto.example", "lyon.example", reference,
                       "signed_copy", "signed.pdf", "program review", "/review/requests",
                       "request_id", "note"):
            assert secret not in shown, secret
    data = json.loads(body)
    assert set(data) == {"partnership_cities", "international_projects", "historical"}
    assert len(data["partnership_cities"]) == 10 and len(data["international_projects"]) == 3
    entry = next(e for e in data["international_projects"] if e["name"] == "Helsinki")
    # The fields it always gave, and since the open data its identifier and two codes.
    assert set(entry) == {"name", "country", "country_code", "category", "status",
                          "city_to_city", "established_year", "start_date", "end_date",
                          "lead_division", "id", "category_code", "status_code"}
    assert entry["lead_division"] == "Economic Development and Culture"
    chicago = next(e for e in data["partnership_cities"] if e["name"] == "Chicago")
    assert chicago == {"id": by_name("Chicago").public_id,
                       "name": "Chicago", "country": "United States", "country_code": "US",
                       "category": "Partnership City", "status": "In force",
                       "city_to_city": True, "established_year": 1991, "start_date": None,
                       "end_date": None, "lead_division": None,
                       "category_code": "partnership_city", "status_code": "in_force"}
    chamber = next(e for e in data["historical"] if e["name"] == "Hong Kong Chamber of Commerce")
    assert chamber["city_to_city"] is False and chamber["status"] == "Historical"


def test_the_header_links_the_registry_for_everyone_and_the_staff_registry_for_staff(
        client, people):
    assert 'href="/registry"' in client.get("/registry").get_data(as_text=True)
    assert 'href="/agreements"' not in client.get("/registry").get_data(as_text=True)
    login(client, people["solicitor"].email)
    assert 'href="/agreements"' in client.get("/registry").get_data(as_text=True)


# The staff registry ---------------------------------------------------------------------

def names(response) -> list[str]:
    return re.findall(r'<a href="/agreements/\d+">([^<]+)</a>', response.get_data(as_text=True))


def test_the_staff_registry_filters_by_status_category_and_kind(client, people):
    soon = add_agreement("Riga", "LV", P, start=date(2023, 1, 1),
                         end=date.today() + timedelta(days=30))
    add_agreement("Tallinn", "EE", IP, start=date(2023, 1, 1),
                  end=date.today() + timedelta(days=900))
    add_agreement("Vilnius", "LT", IP, start=date(2020, 1, 1),
                  end=date.today() - timedelta(days=3))  # past its end: expired, no job
    login(client, people["solicitor"].email)
    assert names(client.get("/agreements?status=ending_soon")) == ["Riga"]
    assert names(client.get("/agreements?status=review_due")) == ["Riga"]
    assert names(client.get("/agreements?status=expired")) == ["Vilnius"]
    historical = names(client.get("/agreements?status=historical"))
    assert len(historical) == 20 and "Dunedin" in historical
    not_cities = names(client.get("/agreements?status=historical&kind=other"))
    assert sorted(html.unescape(n) for n in not_cities) == sorted(NOT_CITY)
    projects = names(client.get(f"/agreements?category={IP}"))
    assert projects == ["Lisbon", "Matera", "Tallinn", "Vilnius"]
    page = text(client.get(f"/agreements/{soon.id}"))
    assert "Ending soon" in page and "Review due" in page
    assert "Tallinn" in names(client.get("/agreements?status=in_force"))


def test_the_staff_registry_sorts_by_city_established_and_end_date(client, people):
    add_agreement("Aachen", "DE", P, start=date(2026, 1, 1), end=date(2030, 1, 1))
    add_agreement("Zagreb", "HR", P, start=date(2026, 1, 1), end=date(2028, 1, 1))
    login(client, people["reviewer"].email)
    by_city = names(client.get(f"/agreements?category={P}"))
    assert by_city[0] == "Aachen" and by_city[-1] == "Zagreb"
    assert names(client.get(f"/agreements?category={P}&direction=desc"))[0] == "Zagreb"
    by_established = names(client.get(f"/agreements?category={P}&sort=established"))
    assert by_established[:2] == ["Chongqing", "Frankfurt"]
    by_end = names(client.get(f"/agreements?category={P}&sort=end_date"))
    assert by_end[:2] == ["Zagreb", "Aachen"]  # unrecorded end dates come last
    by_status = names(client.get("/agreements?sort=status&direction=desc"))
    assert by_status[0] == "Amsterdam"  # historical sorts after expired and active
    ignored = client.get("/agreements?sort=drop%20table&status=nonsense&page=-3")
    assert ignored.status_code == 200 and len(names(ignored)) == 34


def test_the_agreement_page_shows_its_request_signed_copy_reports_and_history(
        client, people, helsinki):
    helsinki.signed_filename, helsinki.signed_media_type = "signed.pdf", "application/pdf"
    helsinki.signed_copy, helsinki.signed_sha256 = b"%PDF-1.4", "0" * 64
    db.session.commit()
    services.on_signed(helsinki, people["reviewer"])
    db.session.commit()
    login(client, people["reviewer"].email)
    page = client.get(f"/agreements/{helsinki.id}").get_data(as_text=True)
    assert f'href="/review/requests/{helsinki.request_id}"' in page
    assert f'href="/agreements/{helsinki.id}/signed-copy"' in page
    assert "Economic Development and Culture" in page and "Signed" in page


def test_the_seeded_agreement_page_says_it_predates_the_portal(client, people):
    login(client, people["edc"].email)
    page = text(client.get(f"/agreements/{by_name('Warsaw').id}"))
    assert "predates the portal" in page and "1990" in page and "Not recorded" in page


# Periodic review and annual reports -----------------------------------------------------

def test_a_reviewer_records_what_each_outcome_achieved_and_a_recommendation(
        client, people, helsinki):
    login(client, people["reviewer"].email)
    url = f"/agreements/{helsinki.id}/review"
    form = text(client.get(url))
    assert "Cooler streets" in form and "Pavement temperature" in form
    empty = client.submit(url, {})
    assert empty.status_code == 400
    assert "Write a summary of the review" in text(empty)
    assert "Say what was achieved for at least one outcome" in text(empty)
    done = client.submit(url, {"rows-0-text": "Two streets cooled by 2 °C", "rows-1-text": "",
                               "summary": "Productive: promote it.", "recommendation": "promote"})
    assert done.status_code == 302
    review = db.session.scalars(select(AgreementReview)).one()
    assert review.recommendation == "promote" and review.reviewed_by_id == people["reviewer"].id
    assert review.outcomes_achieved[0] == {
        "outcome": "Cooler streets", "indicator": "Pavement temperature",
        "target": "-3 °C by 2028", "achieved": "Two streets cooled by 2 °C"}
    page = text(client.get(f"/agreements/{helsinki.id}"))
    assert "Two streets cooled by 2 °C" in page and "Promote to a Partnership City" in page


def test_a_partnership_review_cannot_recommend_promotion(client, people):
    chicago = by_name("Chicago")
    login(client, people["reviewer"].email)
    url = f"/agreements/{chicago.id}/review"
    assert 'value="promote"' not in client.get(url).get_data(as_text=True)
    refused = client.submit(url, {"rows-0-outcome": "Trade missions", "rows-0-text": "Three",
                                  "summary": "Good.", "recommendation": "promote"})
    assert refused.status_code == 400 and count(AgreementReview) == 0
    unnamed = client.submit(url, {"rows-0-text": "Three", "summary": "Good.",
                                  "recommendation": "renew"})
    assert "Name the outcome" in text(unnamed)
    ok = client.submit(url, {"rows-0-outcome": "Trade missions", "rows-0-text": "Three",
                             "summary": "Good.", "recommendation": "renew"})
    assert ok.status_code == 302
    assert db.session.scalars(select(AgreementReview)).one().outcomes_achieved == [
        {"outcome": "Trade missions", "achieved": "Three"}]


def test_the_lead_division_reports_once_a_year_and_a_second_time_edits_it(
        client, people, helsinki):
    year = 2026  # the project started on 1 January 2026 and runs past today
    login(client, people["edc"].email)
    url = f"/agreements/{helsinki.id}/reports/{year}"
    assert client.submit(url, {"rows-0-text": "1.5 °C cooler",
                               "rows-1-text": "2 data sets"}).status_code == 302
    assert client.submit(url, {"rows-0-text": "2 °C cooler",
                               "rows-1-text": "3 data sets"}).status_code == 302
    report = db.session.scalars(select(OutcomeReport)).one()
    assert report.year == year and [e["progress"] for e in report.entries] == [
        "2 °C cooler", "3 data sets"]
    assert 'value="2 °C cooler"' not in client.get(url).get_data(as_text=True)
    assert "2 °C cooler" in client.get(url).get_data(as_text=True)  # the form shows it
    page = text(client.get(f"/agreements/{helsinki.id}"))
    assert "3 data sets" in page and str(year) in page
    assert [e.action for e in services.events_of(helsinki)] == ["reported", "reported"]


def test_only_the_lead_division_or_a_cco_reviewer_record_reports(client, people, helsinki):
    year = date.today().year
    url = f"/agreements/{helsinki.id}/reports/{year}"
    login(client, people["trn"].email)
    assert client.get(url).status_code == 403
    assert "Record the outcome report" not in text(client.get(f"/agreements/{helsinki.id}"))
    client.submit("/logout", page="/")
    login(client, people["solicitor"].email)
    assert client.get(url).status_code == 403
    client.submit("/logout", page="/")
    login(client, people["reviewer"].email)
    assert client.get(url).status_code == 200
    assert client.get(f"/agreements/{helsinki.id}/reports/1990").status_code == 404


# Access ---------------------------------------------------------------------------------

STAFF_PAGES = ["/agreements", "/agreements?status=review_due", "/agreements/{id}",
               "/agreements/{id}/review"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_send_anonymous_visitors_to_sign_in(client, path):
    response = client.get(path.format(id=by_name("Lisbon").id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_refuse_a_city(client, people, path):
    login(client, people["lisbon"].email)
    assert client.get(path.format(id=by_name("Lisbon").id)).status_code == 403


@pytest.mark.parametrize("role", ["reviewer", "edc", "solicitor", "admin"])
def test_every_staff_role_reads_the_registry(client, people, role):
    login(client, people[role].email)
    assert client.get("/agreements").status_code == 200
    assert client.get(f"/agreements/{by_name('Lisbon').id}").status_code == 200


def test_only_reviewers_record_reviews(client, people):
    login(client, people["edc"].email)
    lisbon = by_name("Lisbon")
    assert client.get(f"/agreements/{lisbon.id}/review").status_code == 403
    assert "Record a periodic review" not in text(client.get(f"/agreements/{lisbon.id}"))


# Lisbon's project predates the portal: it names no lead division, so no division is its party.
@pytest.mark.parametrize(("who", "promote", "renew"), [
    ("edc", False, False), ("reviewer", True, True), ("solicitor", False, False),
    ("admin", False, False)])
def test_only_the_agreements_parties_see_promote_and_renew_on_the_agreement_page(
        client, people, who, promote, renew):
    lisbon = by_name("Lisbon")
    login(client, people[who].email)
    page = client.get(f"/agreements/{lisbon.id}").get_data(as_text=True)
    assert ("Promote to Partnership City" in page) is promote
    assert (f'href="/agreements/{lisbon.id}/renew"' in page) is renew
    expected = 200 if promote else 403
    assert client.get(f"/agreements/{lisbon.id}/promote").status_code == expected


def test_a_partnership_cannot_be_promoted_and_another_city_cannot_propose(client, people):
    login(client, people["edc"].email)
    assert client.get(f"/agreements/{by_name('Chicago').id}/promote").status_code == 403
    client.submit("/logout", page="/")
    login(client, people["lyon"].email)
    assert client.get(f"/agreements/{by_name('Lisbon').id}/promote").status_code == 403
    assert "Propose to become" not in text(client.get("/registry"))
    before = count(EngagementRequest)
    client.post(f"/agreements/{by_name('Lisbon').id}/promote",
                data={"csrf_token": client.token_from("/registry")})
    assert count(EngagementRequest) == before


def _successors_of(agreement: Agreement) -> int:
    return db.session.scalar(select(func.count(EngagementRequest.id)).where(
        (EngagementRequest.promotes_agreement_id == agreement.id)
        | (EngagementRequest.renews_agreement_id == agreement.id))) or 0


@pytest.mark.parametrize("stranger", ["unverified", "other_city", "other_division"])
def test_a_stranger_to_the_agreement_cannot_promote_or_renew_it(
        client, people, make_city_user, helsinki, stranger):
    users = {
        "unverified": lambda: make_city_user("new@hel.example", "Helsinki", "FI",
                                             verified=False),
        "other_city": lambda: people["lyon"],
        "other_division": lambda: people["trn"],
    }
    login(client, users[stranger]().email)
    page = client.get(f"/agreements/{helsinki.id}")
    if page.status_code == 200:  # staff read the agreement, without the links
        assert f'href="/agreements/{helsinki.id}/promote"' not in page.get_data(as_text=True)
    assert "Propose to become" not in text(client.get("/registry"))
    before, events = count(EngagementRequest), len(services.events_of(helsinki))
    for kind in ("promote", "renew"):
        assert client.get(f"/agreements/{helsinki.id}/{kind}").status_code in (403, 404)
        forged = client.post(f"/agreements/{helsinki.id}/{kind}",
                             data={"csrf_token": client.token_from("/registry")})
        assert forged.status_code in (403, 404)
    assert count(EngagementRequest) == before and _successors_of(helsinki) == 0
    assert len(services.events_of(helsinki)) == events


def test_a_verified_representative_promotes_without_the_citys_internal_answers(
        client, people, make_city_user, helsinki):
    source = services.request_of(helsinki)
    source.reputational_concern = "Press coverage of the mayor's trip."
    db.session.commit()
    rep = make_city_user("rep@hel.example", "Helsinki", "FI", name="Aino Helsinki")
    login(client, rep.email)
    assert "Propose to become a Partnership City" in text(client.get("/registry"))
    response = client.submit(f"/agreements/{helsinki.id}/promote")
    assert response.status_code == 302
    draft = db.session.get(EngagementRequest, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert draft.origin == "city" and draft.submitter_id == rep.id
    assert draft.promotes_agreement_id == helsinki.id
    # The project's shared answers carry over ...
    assert (draft.title, draft.purpose, draft.counterpart_commitment) == (
        source.title, source.purpose, source.counterpart_commitment)
    assert len(draft.outcomes) == 2
    # ... the City's own do not.
    assert source.anticipated_cost is not None and source.funding_source and source.staff_time
    assert draft.anticipated_cost is None
    assert (draft.funding_source, draft.staff_time, draft.contact_name, draft.contact_email,
            draft.interest_evidence, draft.reputational_concern) == ("", "", "", "", "", "")
    pages = text(client.get(response.headers["Location"]))
    for internal in (source.funding_source, source.staff_time, source.contact_email,
                     "Press coverage"):
        assert internal not in pages


def test_a_reviewer_starts_a_renewal_for_the_lead_division_to_complete(
        client, people, helsinki):
    login(client, people["reviewer"].email)
    assert f'href="/agreements/{helsinki.id}/renew"' in client.get(
        f"/agreements/{helsinki.id}").get_data(as_text=True)
    response = client.submit(f"/agreements/{helsinki.id}/renew")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/agreements/{helsinki.id}")
    draft = db.session.scalars(select(EngagementRequest).where(
        EngagementRequest.renews_agreement_id == helsinki.id)).one()
    assert draft.origin == "division" and draft.sponsoring_division.code == "EDC"
    assert draft.submitter_id == people["reviewer"].id
    assert draft.anticipated_cost == services.request_of(helsinki).anticipated_cost
    assert "ready for Economic Development and Culture" in text(
        client.get(response.headers["Location"]))
    # A second press finds that draft rather than opening another.
    client.submit(f"/agreements/{helsinki.id}/renew")
    assert _successors_of(helsinki) == 1
    client.submit("/logout", page="/")
    login(client, people["edc"].email)
    assert client.get(f"/requests/{draft.id}").status_code == 200


def test_historical_agreements_cannot_be_renewed_reviewed_or_reported(client, people):
    dunedin = by_name("Dunedin")
    login(client, people["reviewer"].email)
    assert client.get(f"/agreements/{dunedin.id}/review").status_code == 403
    assert client.get(f"/agreements/{dunedin.id}/reports/2026").status_code == 403
    client.submit("/logout", page="/")
    login(client, people["edc"].email)
    assert client.get(f"/agreements/{dunedin.id}/renew").status_code == 403


def test_the_review_window_is_configurable(app, client, people):
    add_agreement("Riga", "LV", P, start=date(2023, 1, 1), end=date.today() + timedelta(200))
    login(client, people["reviewer"].email)
    assert names(client.get("/agreements?status=ending_soon")) == []
    app.config["REGISTRY_REVIEW_WINDOW_DAYS"] = 365
    assert names(client.get("/agreements?status=ending_soon")) == ["Riga"]


def test_the_registry_sql_derives_every_state_as_the_policy_does(app):
    """The staff registry filters in SQL; it must agree with ``status_on`` on every row."""
    from portal.policy.agreement_states import status_on
    from tests.policy.test_agreement_states import STATE_TABLE
    from tests.policy.test_agreement_states import TODAY as ON

    made = []
    for i, (stored, start, end, terminates, _expected) in enumerate(STATE_TABLE):
        agreement = Agreement(counterpart_name=f"Table {i}", status=stored.value,
                              start_date=start, end_date=end, terminates_on=terminates,
                              termination_notice_on=terminates and ON, category=P)
        db.session.add(agreement)
        made.append(agreement)
    db.session.commit()
    derived = dict(db.session.execute(select(Agreement.id, services.state_sql(ON))
                                      .where(Agreement.id.in_([a.id for a in made]))).all())
    for agreement in made:
        assert derived[agreement.id] == status_on(agreement.dates, ON).value, \
            agreement.counterpart_name
