"""The duplicate-agreement gate is told where the kind of agreement is chosen, not at the end.

Lyon holds an International Project with the City, "Lighting residencies", signed through the
portal from Lyon's own request and in force. A second project with Lyon cannot be submitted;
the intake says so on its agreement page, on the task list and at check answers, with a link
to renew or promote the project for those who may, and who to ask for those who may not. An
account that merely claims Lyon reads no more than the public registry shows.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from portal.agreements import services as agreements
from portal.extensions import db
from portal.models import Agreement, EngagementRequest
from portal.policy.lifecycle import Action
from portal.policy.proposals import NOT_A_PARTY, UNVERIFIED
from portal.policy.roles import Role, SigningOffice
from portal.presentation import long_date
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import advance, complete_request, sign, submitted_request
from tests.journeys import NEXT_YEAR, answer, start_request

PROJECT = {"requested_category": "international_project", "term_years": "2",
           "start_date-day": "1", "start_date-month": "9", "start_date-year": str(NEXT_YEAR)}
PARTNERSHIP = {**PROJECT, "requested_category": "partnership_city", "term_years": "5"}
NOT_SURE = {**PROJECT, "requested_category": "not_sure"}
BLOCKED = "cannot be submitted in the category “International Project”"
TITLE = "Lighting residencies"


def text(response) -> str:
    """Return the page's text as a reader sees it, without the markup."""
    words = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(words))


@pytest.fixture()
def people(make_city_user, make_staff):
    """Return Lyon's representative, a stranger claiming Lyon, other cities and City staff."""
    edc = division_by_code("EDC")
    edc.head_name = "Harper Head"
    db.session.commit()
    return {
        "lyon": make_city_user(),
        "stranger": make_city_user(email="someone@mail.example", city=" LYON ",
                                   name="Sam Stranger", verified=False),
        "porto": make_city_user(email="rep@porto.example", city="Porto", country="PT",
                                name="Rita Porto"),
        "lyon_us": make_city_user(email="rep@lyon-ga.example", city="Lyon", country="US",
                                  name="Lee Georgia"),
        "edc": make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC"),
        "trn": make_staff("theo@toronto.example", Role.DIVISION_STAFF, "TRN"),
        "cco": make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO"),
        "head": make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                           office=SigningOffice.DIVISION_HEAD, name="Harper Head"),
        "solicitor": make_staff("sol@toronto.example", Role.SOLICITOR, "LGL"),
    }


def signed_project(people, start: date | None = None) -> Agreement:
    """Sign Lyon's project through the portal: in force from ``start`` (default today)."""
    req = submitted_request(people["lyon"], title=TITLE, start_date=start or date.today())
    req.sponsoring_division = division_by_code("EDC")
    advance(req, people["cco"], Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(req, people["head"], Action.APPROVE)
    sign(req, people["cco"], people["solicitor"])
    agreement = agreements.agreement_of(req)
    assert agreement is not None
    return agreement


@pytest.fixture()
def project(people) -> Agreement:
    """Return Lyon's International Project, in force today."""
    return signed_project(people)


def new_draft(client, person) -> int:
    """Sign in as ``person`` and open a new request; return its id."""
    login(client, person.email)
    return start_request(client)


def division_draft(client, person, city: str = "Lyon", country: str = "FR") -> int:
    """Sign in as division staff and open a proposal with ``city``; return its id."""
    request_id = new_draft(client, person)
    answer(client, request_id, "counterpart", {
        "city_name": city, "country": country, "government_kind": "city",
        "interest_confirmed": "yes", "interest_evidence": "Letter of 3 March"})
    return request_id


def the_term(agreement: Agreement) -> str:
    return f"From {long_date(agreement.start_date)} to {long_date(agreement.end_date)}"


# The agreement page ----------------------------------------------------------------------

def test_lyon_is_told_on_the_agreement_page_its_project_stops_a_second_one(
        client, people, project):
    request_id = new_draft(client, people["lyon"])
    before = text(client.get(f"/requests/{request_id}/agreement"))
    # The city is known from the account: before a kind is chosen, the page says what is left.
    assert "The City already holds an agreement of this kind with Lyon" not in before
    assert "The City already holds an agreement with Lyon" in before
    assert "can go ahead only in the other category: Partnership City" in before

    response = answer(client, request_id, "agreement", PROJECT)
    assert response.status_code == 200  # not sent on to the next section
    page = text(response)
    assert "The City already holds an agreement of this kind with Lyon" in page
    assert TITLE in page and the_term(project) in page and "In force" in page
    assert BLOCKED in page
    body = response.get_data(as_text=True)
    error = re.search(r'id="requested_category-error"[^>]*>(.*?)</p>', body, re.S)
    assert error and "already holds a current International Project agreement with Lyon" \
        in html.unescape(error.group(1))
    assert f'href="/agreements/{project.id}/renew"' in body
    assert f'href="/agreements/{project.id}/promote"' in body
    # What was chosen is kept, on the page and in the draft.
    assert re.search(r'value="international_project" checked', body)
    assert db.session.get(EngagementRequest, request_id).requested_category \
        == "international_project"


def test_the_link_to_renew_opens_the_renewal_for_lyon(client, people, project):
    request_id = new_draft(client, people["lyon"])
    body = answer(client, request_id, "agreement", PROJECT).get_data(as_text=True)
    link = re.search(r'href="(/agreements/\d+/renew)"', body)
    assert link
    page = text(client.get(link.group(1)))
    assert "Propose to renew the agreement with Lyon" in page
    started = client.submit(link.group(1))
    renewal = db.session.get(EngagementRequest,
                             int(started.headers["Location"].rsplit("/", 1)[1]))
    assert renewal.renews_agreement_id == project.id
    # The renewal is not held back by the agreement it renews: no gate on its page.
    assert BLOCKED not in text(client.get(f"/requests/{renewal.id}/agreement"))


def test_saving_a_blocked_kind_for_later_keeps_it_and_the_task_list_tells_the_gate(
        client, people, project):
    request_id = new_draft(client, people["lyon"])
    response = answer(client, request_id, "agreement", PROJECT, action="later")
    assert response.status_code == 302  # saved, as "come back later" promises
    tasks = text(client.get(f"/requests/{request_id}"))
    assert BLOCKED in tasks and TITLE in tasks
    assert "Change the kind of agreement" in tasks
    assert "Propose to renew this agreement" in tasks


def test_check_answers_keeps_the_gate_and_tells_where_to_renew(client, people, project):
    login(client, people["lyon"].email)
    draft = complete_request(people["lyon"], title="A second project")
    db.session.commit()
    tasks = text(client.get(f"/requests/{draft.id}"))
    assert "Cannot submit yet" in tasks and "Ready" not in tasks
    check = client.get(f"/requests/{draft.id}/check")
    page = text(check)
    assert "Before you can submit" in page
    assert "a second one of the same category is not possible" in page  # the gate, kept
    assert BLOCKED in page and TITLE in page
    assert f'href="/agreements/{project.id}/renew"' in check.get_data(as_text=True)
    refused = client.submit(f"/requests/{draft.id}/check", {"confirm": "y"})
    assert refused.status_code == 400
    assert db.session.get(EngagementRequest, draft.id).reference is None


def test_choosing_the_other_kind_goes_on_and_offers_the_promotion(client, people, project):
    request_id = new_draft(client, people["lyon"])
    response = answer(client, request_id, "agreement", PARTNERSHIP)
    assert response.headers["Location"].endswith(f"/requests/{request_id}/purpose")
    page = client.get(f"/requests/{request_id}/agreement")
    assert BLOCKED not in text(page)
    assert "This request can go ahead beside it" in text(page)
    assert f'href="/agreements/{project.id}/promote"' in page.get_data(as_text=True)
    assert f'href="/agreements/{project.id}/renew"' not in page.get_data(as_text=True)


def test_not_sure_with_a_project_held_goes_on_but_says_only_a_partnership_is_left(
        client, people, project):
    request_id = new_draft(client, people["lyon"])
    response = answer(client, request_id, "agreement", NOT_SURE)
    assert response.status_code == 302
    page = text(client.get(f"/requests/{request_id}/agreement"))
    assert "can go ahead only in the other category: Partnership City" in page


def test_a_project_signed_but_not_in_force_blocks_and_says_why_it_cannot_be_renewed_yet(
        client, people):
    future = signed_project(people, start=date.today() + timedelta(days=90))
    request_id = new_draft(client, people["lyon"])
    response = answer(client, request_id, "agreement", PROJECT)
    page, body = text(response), response.get_data(as_text=True)
    assert BLOCKED in page and "Signed, in force from" in page
    assert "Only an agreement in force can be renewed: it is signed but not yet in force." \
        in page
    assert f"/agreements/{future.id}/renew" not in body


# Who sees what ---------------------------------------------------------------------------

def test_a_stranger_claiming_lyon_reads_only_what_the_public_registry_shows(
        client, people, project):
    request_id = new_draft(client, people["stranger"])
    response = answer(client, request_id, "agreement", PROJECT)
    page, body = text(response), response.get_data(as_text=True)
    assert BLOCKED in page  # the gate holds for anyone filing for Lyon
    assert TITLE not in page
    assert f"/agreements/{project.id}" not in body  # no renew, promote or staff page
    assert UNVERIFIED in page and "ask the City Clerk's Office" in page
    assert 'href="/registry#international-projects"' in body
    # Each detail it does read is one the public registry shows anyone.
    public = text(client.get("/registry"))
    for shown in (long_date(project.start_date), long_date(project.end_date), "Lyon",
                  "International Project"):
        assert shown in public and shown in page


def test_a_verified_city_with_the_same_name_in_another_country_sees_no_gate(
        client, people, project):
    request_id = new_draft(client, people["lyon_us"])
    response = answer(client, request_id, "agreement", PROJECT)
    assert response.headers["Location"].endswith("/purpose")
    assert "already holds" not in text(client.get(f"/requests/{request_id}/agreement"))


def test_another_city_never_sees_lyons_agreement(client, people, project):
    request_id = new_draft(client, people["porto"])
    response = answer(client, request_id, "agreement", PROJECT)
    assert response.headers["Location"].endswith("/purpose")
    for url in (f"/requests/{request_id}/agreement", f"/requests/{request_id}"):
        page = text(client.get(url))
        assert "already holds" not in page and TITLE not in page


def test_the_lead_division_may_renew_and_opens_the_agreement_from_its_proposal(
        client, people, project):
    request_id = division_draft(client, people["edc"])
    response = answer(client, request_id, "agreement", PROJECT)
    page, body = text(response), response.get_data(as_text=True)
    assert BLOCKED in page and TITLE in page
    for link in (f"/agreements/{project.id}/renew", f"/agreements/{project.id}/promote",
                 f"/agreements/{project.id}"):
        assert f'href="{link}"' in body
    assert client.get(f"/agreements/{project.id}").status_code == 200


def test_another_division_reads_the_agreement_but_is_told_to_ask_the_clerk(
        client, people, project):
    request_id = division_draft(client, people["trn"])
    response = answer(client, request_id, "agreement", PROJECT)
    page, body = text(response), response.get_data(as_text=True)
    assert BLOCKED in page and TITLE in page  # City staff read the staff registry anyway
    assert f"/agreements/{project.id}/renew" not in body
    assert f"/agreements/{project.id}/promote" not in body
    assert f'href="/agreements/{project.id}"' in body
    assert NOT_A_PARTY in page and "ask the City Clerk's Office" in page


def test_a_division_proposal_with_porto_sees_no_gate(client, people, project):
    request_id = division_draft(client, people["edc"], "Porto", "PT")
    response = answer(client, request_id, "agreement", PROJECT)
    assert response.headers["Location"].endswith("/purpose")


# The stepping-stone suggestion -----------------------------------------------------------

def test_a_city_holding_a_project_is_not_told_it_has_no_relationship_on_record(
        client, people, project):
    login(client, people["lyon"].email)
    draft = complete_request(people["lyon"], title="Partnership", requested_category=(
        "partnership_city"), term_years=5, relationship_since=None, past_projects="")
    db.session.commit()
    page = text(client.get(f"/requests/{draft.id}/check"))
    assert "no relationship or joint project on record" not in page
    assert "A suggestion about the kind of agreement" not in page
    assert "This request can go ahead beside it" in page  # and the promotion is offered


def test_an_undecided_city_holding_a_project_is_not_suggested_a_project(
        client, people, project):
    login(client, people["lyon"].email)
    draft = complete_request(people["lyon"], requested_category="not_sure",
                             relationship_since=None, past_projects="")
    db.session.commit()
    page = text(client.get(f"/requests/{draft.id}/check"))
    assert "A suggestion about the kind of agreement" not in page
    assert "can go ahead only in the other category: Partnership City" in page


def test_a_city_with_no_agreement_is_still_suggested_the_stepping_stone(client, people):
    login(client, people["porto"].email)
    draft = complete_request(people["porto"], requested_category="partnership_city",
                             term_years=5, relationship_since=None, past_projects="")
    db.session.commit()
    page = text(client.get(f"/requests/{draft.id}/check"))
    assert "no relationship or joint project on record" in page
