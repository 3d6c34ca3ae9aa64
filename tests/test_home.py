"""Each person's home lists exactly the work awaiting them, and nobody else's.

One world holds a request in each situation that matters to some home: recommended to each
signing authority, drafts new and revised and approved, consultations open, answered and
withdrawn, requests assigned, unassigned and waiting on their city. Each test signs in as
one person and reads, from the page, which requests each section lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from portal.agreements import services as agreements
from portal.extensions import db
from portal.home.queries import SHOWN
from portal.models import Consultation, EngagementRequest, User
from portal.policy.lifecycle import Action
from portal.policy.roles import Role
from portal.review import services as review
from portal.seed.reference_data import division_by_code
from tests import test_review
from tests.conftest import login
from tests.factories import advance, submitted_request
from tests.test_review import refresh, switch, text

people = test_review.people  # the review's cast of accounts, one per part, as a fixture

ENTRY = re.compile(r'id="(?:decision|draft|request)-(\d+)"')
CONSULTATION_ENTRY = re.compile(r'id="consultation-(\d+)"')


def section(page: str, inbox: str) -> str:
    """Return the HTML of one section of a home page, by its inbox."""
    found = re.search(rf'<section aria-labelledby="{inbox}".*?</section>', page, re.S)
    assert found, f"no section {inbox}"
    return found.group(0)


def listed(page: str, inbox: str) -> set[int]:
    """Return the ids of the requests a home's section lists."""
    return {int(i) for i in ENTRY.findall(section(page, inbox))}


def consultations(page: str) -> set[int]:
    """Return the ids of the consultations a home lists."""
    return {int(i) for i in CONSULTATION_ENTRY.findall(section(page, "consultations"))}


def count(page: str, inbox: str) -> int:
    """Return the count a section's heading shows."""
    found = re.search(rf'<h2 class="heading-m" id="{inbox}">[^<]*\((\d+)\)</h2>', page)
    assert found, f"no heading for {inbox}"
    return int(found.group(1))


@dataclass
class World:
    """The requests and consultations each home is checked against, by name."""

    requests: dict[str, EngagementRequest]
    consultations: dict[str, Consultation]

    def ids(self, *names: str) -> set[int]:
        """Return the ids of the requests called ``names``."""
        return {self.requests[name].id for name in names}


@pytest.fixture()
def world(people: dict[str, Any], make_staff: Any, make_city_user: Any) -> World:
    """Build a request in every situation that some home lists or must leave out."""
    trn = division_by_code("TRN")
    trn.head_name, trn.head_title = "Tess Transport", "General Manager"
    db.session.commit()
    people["solicitor"] = make_staff("sol@toronto.example", Role.SOLICITOR, "LGL",
                                     name="Sol Solicitor")
    people["porto"] = make_city_user(email="rep@porto.example", city="Porto", country="PT",
                                     name="Rita Porto")
    city, division, cco, cco2 = (people["city"], people["division"], people["reviewer"],
                                 people["reviewer2"])
    edc, cmo = division_by_code("EDC"), division_by_code("CMO")
    r: dict[str, EngagementRequest] = {}

    def proposal(name: str, cost: str = "20000", **answers: Any) -> EngagementRequest:
        r[name] = submitted_request(division, title=name, anticipated_cost=Decimal(cost),
                                    **answers)
        return r[name]

    def from_city(name: str, submitter: User = city, **answers: Any) -> EngagementRequest:
        r[name] = submitted_request(submitter, title=name, **answers)
        return r[name]

    review_to_recommend = (Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    # Recommended, one to each signing authority.
    advance(proposal("EDC project"), cco, *review_to_recommend)
    trn_project = from_city("TRN project", anticipated_cost=Decimal("20000"))
    trn_project.sponsoring_division = trn
    advance(trn_project, cco, *review_to_recommend)
    advance(proposal("Large project", cost="200000"), cco, *review_to_recommend)
    advance(from_city("Partnership", requested_category="partnership_city"), cco,
            *review_to_recommend)
    # The EDC Division Head's, but not awaiting a decision.
    advance(proposal("EDC in review"), cco, Action.START_TRIAGE, Action.START_REVIEW)
    advance(proposal("EDC approved"), cco, *review_to_recommend)
    advance(r["EDC approved"], people["head"], Action.APPROVE)
    # Drafts: a first version; a second after a change; one approved as to form.
    for name in ("Drafted once", "Drafted twice", "Approved as to form"):
        advance(proposal(name), cco, *review_to_recommend)
        advance(r[name], people["head"], Action.APPROVE)
        agreements.generate_draft(r[name], cco)
        db.session.commit()
    r["Drafted twice"].term_years = 3
    agreements.generate_draft(r["Drafted twice"], cco)
    agreements.approve_as_to_form(r["Approved as to form"],
                                  agreements.drafts_of(r["Approved as to form"])[0],
                                  people["solicitor"])
    db.session.commit()
    # Waiting on the city, its own and another city's; and the city's request in review.
    advance(from_city("Lyon question"), cco, Action.START_TRIAGE, Action.REQUEST_INFORMATION)
    advance(from_city("Porto question", people["porto"]), cco, Action.START_TRIAGE,
            Action.REQUEST_INFORMATION)
    advance(from_city("Lyon in review"), cco, Action.START_TRIAGE, Action.START_REVIEW)
    advance(proposal("Division question"), cco, Action.START_TRIAGE,
            Action.REQUEST_INFORMATION)
    # The reviewers' lists.
    from_city("Unclaimed")
    advance(from_city("Unclaimed in triage"), cco, Action.START_TRIAGE)
    for name, reviewer in (("Rosa's triage", cco), ("Remy's triage", cco2)):
        advance(from_city(name), cco, Action.START_TRIAGE)
        r[name].assignee = reviewer
    for name in ("EDC in review", "Lyon question", "EDC project", "Drafted once",
                 "EDC approved"):
        r[name].assignee = cco
    advance(from_city("Declined"), cco, Action.START_TRIAGE, Action.DECLINE)
    db.session.commit()
    # Consultations: open, answered, withdrawn, to another office, on a closed request.
    c = {
        "open": review.consult(r["EDC in review"], cco, edc, "Does this fit the strategy?"),
        "answered": review.consult(r["Lyon in review"], cco, edc, "Any concerns?"),
        "withdrawn": review.consult(r["Unclaimed in triage"], cco, edc, "Still relevant?"),
        "cmo": review.consult(r["EDC in review"], cco, cmo, "A programmatic link?"),
        "closed": review.consult(r["Rosa's triage"], cco, edc, "Worth a look?"),
    }
    review.answer_consultation(c["answered"], people["edc"], "None.")
    review.withdraw_consultation(r["Unclaimed in triage"], cco, c["withdrawn"], "Settled.")
    advance(r["Rosa's triage"], cco, Action.DECLINE)
    db.session.commit()
    return World(r, c)


def home_of(client: Any, user: User) -> str:
    """Sign in as ``user`` and return the page "/" leads them to."""
    login(client, user.email)
    response = client.get("/", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("who", "expected"), [
    ("head", ["EDC project"]),
    ("other_head", ["TRN project"]),
    ("deputy", ["Large project"]),
    ("mayor", ["Partnership"]),
])
def test_a_signing_authority_sees_exactly_the_requests_awaiting_their_decision(
        client, people, world, who, expected):
    page = home_of(client, people[who])
    assert listed(page, "awaiting_decision") == world.ids(*expected)
    assert count(page, "awaiting_decision") == len(expected)
    assert "Awaiting your decision (1)" in text_of(page)


def test_the_decision_entry_gives_the_recommendation_score_signatory_and_risks(
        client, people, world):
    req = world.requests["EDC project"]
    review.comment(req, people["reviewer"], "Internal chatter")  # not the recommendation
    db.session.commit()
    shown = text_of(section(home_of(client, people["head"]), "awaiting_decision"))
    assert f"{req.reference} · EDC project" in shown
    assert "Recommended by Rosa Reviewer on" in shown
    assert "Internal chatter" not in shown
    assert re.search(r"Score \d+% (Recommend|Consider|Not recommended)", shown)
    assert "Why you decide The anticipated cost of" in shown
    assert "within the Division Head's financial signing authority" in shown
    assert "Risk flags" in shown
    page = home_of_again(client)
    assert f'href="/review/requests/{req.id}/decide/approve"' in page
    assert f'href="/review/requests/{req.id}/decide/decline"' in page


def home_of_again(client: Any) -> str:
    """Return the signed-in person's home page."""
    return client.get("/home").get_data(as_text=True)


def text_of(html: str) -> str:
    """Return HTML as a reader reads it."""
    import html as markup

    return re.sub(r"\s+", " ", markup.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def test_an_authority_with_nothing_to_decide_is_told_so(client, people, world):
    advance(world.requests["Partnership"], people["mayor"], Action.APPROVE)
    page = home_of(client, people["mayor"])
    assert listed(page, "awaiting_decision") == set()
    assert "Awaiting your decision (0)" in text_of(page)
    assert "Nothing is waiting for your decision." in text_of(page)


def test_the_solicitor_sees_the_newest_version_of_each_draft_awaiting_approval(
        client, people, world):
    page = home_of(client, people["solicitor"])
    assert listed(page, "drafts_awaiting_form") == world.ids("Drafted once", "Drafted twice")
    assert "Drafts awaiting approval as to form (2)" in text_of(page)
    once = text_of(re.search(rf'id="draft-{world.requests["Drafted once"].id}".*?</li>',
                             page, re.S).group(0))
    assert "Version 1" in once and "First version" in once
    assert "By Rosa Reviewer on" in once
    twice = text_of(re.search(rf'id="draft-{world.requests["Drafted twice"].id}".*?</li>',
                              page, re.S).group(0))
    assert "Version 2" in twice and "Version 1" not in twice
    assert "Changed since the last version Term" in twice
    assert "First version" not in twice


def test_the_solicitors_list_empties_as_drafts_are_approved(client, people, world):
    for name in ("Drafted once", "Drafted twice"):
        req = world.requests[name]
        agreements.approve_as_to_form(req, agreements.drafts_of(req)[0], people["solicitor"])
    db.session.commit()
    page = text_of(home_of(client, people["solicitor"]))
    assert "Drafts awaiting approval as to form (0)" in page
    assert "No draft agreement is waiting for your approval as to form." in page


def test_edc_sees_only_its_open_consultations_on_open_requests(client, people, world):
    page = home_of(client, people["edc"])
    assert consultations(page) == {world.consultations["open"].id}
    assert "Consultations awaiting your answer (1)" in text_of(page)
    assert "Does this fit the strategy?" in text_of(page)
    cmo = home_of_after_switch(client, people["cmo"])
    assert consultations(cmo) == {world.consultations["cmo"].id}


def home_of_after_switch(client: Any, user: User) -> str:
    """Sign out, sign in as ``user`` and return their home."""
    switch(client, user)
    return client.get("/", follow_redirects=True).get_data(as_text=True)


def test_an_answered_consultation_leaves_the_list(client, people, world):
    review.answer_consultation(world.consultations["open"], people["edc"], "It fits.")
    db.session.commit()
    page = text_of(home_of(client, people["edc"]))
    assert "Consultations awaiting your answer (0)" in page
    assert "No consultation is waiting for your answer." in page


def test_the_reviewer_sees_what_is_assigned_to_them_and_what_nobody_holds(
        client, people, world):
    page = home_of(client, people["reviewer"])
    # Theirs and waiting on them: in review, an agreement to draft. Not the question
    # waiting on Lyon, the decision awaiting the Head, the draft with the Solicitor, the
    # request they declined, nor a colleague's.
    assert listed(page, "assigned_to_me") == world.ids("EDC in review", "EDC approved")
    # Nobody's and waiting on a reviewer: submitted, in triage, in review, a signed copy to
    # record. Not a decision, a draft with the Solicitor nor a question to a city.
    assert listed(page, "unassigned") == world.ids(
        "Unclaimed", "Unclaimed in triage", "Lyon in review", "Approved as to form")
    shown = text_of(page)
    assert "Assigned to me (2)" in shown and "Unassigned (4)" in shown
    assert "Draft the agreement" in shown and "Record the signed agreement" in shown
    colleague = home_of_after_switch(client, people["reviewer2"])
    assert listed(colleague, "assigned_to_me") == world.ids("Remy's triage")
    assert listed(colleague, "unassigned") == listed(page, "unassigned")


def test_a_consulted_request_reads_on_the_reviewers_list_as_waiting_on_the_offices(
        client, people, world):
    """The request page hands it to the offices consulted; the reviewer's list says so."""
    req = world.requests["EDC in review"]
    row = re.search(rf'id="request-{req.id}".*?</tr>',
                    section(home_of(client, people["reviewer"]), "assigned_to_me"), re.S)
    edc, cmo = (c.division.name for c in (world.consultations["open"],
                                          world.consultations["cmo"]))
    assert f"Waiting on {edc}, {cmo} (consulted)" in text_of(row.group(0))
    assert "Recommend or decline" not in text_of(row.group(0))
    page = text_of(client.get(f"/review/requests/{req.id}").get_data(as_text=True))
    assert f"{edc}, {cmo} (consulted)" in page  # the page names the same holders
    # Once both answer, the step is the reviewer's again, on the list as on the page.
    review.answer_consultation(world.consultations["open"], people["edc"], "It fits.")
    review.answer_consultation(world.consultations["cmo"], people["cmo"], "No link.")
    db.session.commit()
    row = re.search(rf'id="request-{req.id}".*?</tr>',
                    section(home_of_again(client), "assigned_to_me"), re.S)
    assert "Recommend or decline" in text_of(row.group(0))


def test_the_division_sees_its_proposals_needing_an_answer_and_its_consultations(
        client, people, world):
    page = home_of(client, people["division"])
    assert listed(page, "action_needed") == world.ids("Division question")
    assert "Action needed (1)" in text_of(page)
    assert consultations(page) == {world.consultations["open"].id}  # EDC is its division
    assert 'href="/requests"' in page


def test_a_citys_home_is_its_requests_with_the_question_to_answer_first(client, people,
                                                                        world):
    page = home_of(client, people["city"])
    assert "My requests" in text_of(page)
    waiting = section(page, "action-needed")
    assert f'id="request-{world.requests["Lyon question"].id}"' in waiting
    assert "Action needed" in text_of(waiting) and "Answer the question" in text_of(waiting)
    assert world.requests["Lyon in review"].reference not in waiting
    assert world.requests["Porto question"].reference not in page  # another city's
    assert page.index("Action needed (1)") < page.index(world.requests["Lyon in review"]
                                                         .reference)


def test_another_city_and_a_stranger_see_nothing_of_lyons_questions(client, people, world,
                                                                    make_city_user):
    porto = home_of(client, people["porto"])
    assert f'id="request-{world.requests["Porto question"].id}"' in porto
    assert world.requests["Lyon question"].reference not in porto
    stranger = make_city_user(email="someone@mail.example", city=" LYON ",
                              name="Sam Stranger", verified=False)
    page = home_of_after_switch(client, stranger)
    assert "Action needed" not in text_of(page)
    assert world.requests["Lyon question"].reference not in page
    assert client.get("/home").headers["Location"].endswith("/requests")


@pytest.mark.parametrize(("who", "home"), [
    ("city", "/requests"), ("division", "/home"), ("reviewer", "/home"), ("edc", "/home"),
    ("head", "/home"), ("mayor", "/home"),
])
def test_signing_in_leads_each_role_to_its_home(client, people, who, home):
    login(client, people[who].email)
    assert client.get("/", follow_redirects=True).request.path == home


# The confirmation page -------------------------------------------------------------------

def test_approving_is_confirmed_on_a_page_that_says_what_will_happen(client, people, world):
    req = world.requests["EDC project"]
    login(client, people["head"].email)
    request_page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    assert f'href="/review/requests/{req.id}/decide/approve"' in request_page
    assert 'name="approve-version"' not in request_page  # no approval in one click
    page = client.get(f"/review/requests/{req.id}/decide/approve")
    assert page.status_code == 200
    shown = text(page)
    assert "Approve this request" in shown
    assert "Recommended by Rosa Reviewer" in shown
    assert "within the Division Head's financial signing authority" in shown
    assert "The request's status becomes “Approved”." in shown
    assert "Dana Division, who filed it, is told by email that it is approved." in shown
    assert "Next step: draft the agreement, by the City Clerk's Office." in shown
    assert "City Solicitor then approves the draft agreement as to form" in shown
    assert refresh(req).status == "recommended"  # opening the page changes nothing
    answer = client.submit(f"/review/requests/{req.id}/act/approve",
                           {"approve-version": str(req.version)},
                           page=f"/review/requests/{req.id}/decide/approve")
    assert answer.status_code == 302
    assert refresh(req).status == "approved"


def test_a_decline_needs_its_reasons_at_the_field_and_keeps_what_was_typed(client, people,
                                                                          world):
    req = world.requests["EDC project"]
    login(client, people["head"].email)
    url = f"/review/requests/{req.id}/decide/decline"
    shown = text(client.get(url))
    assert "Decline this request" in shown
    assert "The request's status becomes “Declined”." in shown
    assert "no agreement is drafted" in shown
    empty = client.submit(f"/review/requests/{req.id}/act/decline",
                          {"decline-version": str(req.version), "decline-audience": "city"},
                          page=url)
    assert empty.status_code == 400
    html = empty.get_data(as_text=True)
    assert 'id="decline-text-error"' in html and "Give the reasons" in html
    assert "Decline this request" in text(empty)  # the confirmation page, not the request's
    assert 'value="city" checked' in html  # kept as chosen
    assert refresh(req).status == "recommended"
    declined = client.submit(f"/review/requests/{req.id}/act/decline",
                             {"decline-version": str(req.version),
                              "decline-text": "The budget is not there this year.",
                              "decline-audience": "city"}, page=url)
    assert declined.status_code == 302
    assert refresh(req).status == "declined"


@pytest.mark.parametrize("who", ["other_head", "deputy", "mayor"])
def test_another_authority_is_told_who_decides_and_cannot_decide(client, people, world, who):
    req = world.requests["EDC project"]
    login(client, people[who].email)
    for name in ("approve", "decline"):
        page = client.get(f"/review/requests/{req.id}/decide/{name}")
        assert page.status_code == 409
        assert "The Division Head of Economic Development and Culture decides" in text(page)
        assert f'name="{name}-version"' not in page.get_data(as_text=True)
        forged = client.submit(f"/review/requests/{req.id}/act/{name}",
                               {f"{name}-version": str(req.version), f"{name}-text": "No.",
                                f"{name}-audience": "city"},
                               page=f"/review/requests/{req.id}")
        assert forged.status_code == 409
        assert refresh(req).status == "recommended"
    assert req.id not in listed(client.get("/home").get_data(as_text=True),
                                "awaiting_decision")


@pytest.mark.parametrize(("who", "code"), [
    ("city", 403), ("division", 403), ("reviewer", 403), ("edc", 403), ("porto", 403),
])
def test_nobody_but_a_signing_authority_opens_a_confirmation_page(client, people, world,
                                                                   who, code):
    req = world.requests["EDC project"]
    login(client, people[who].email)
    assert client.get(f"/review/requests/{req.id}/decide/approve").status_code == code


def test_a_confirmation_page_for_a_request_not_awaiting_a_decision_is_refused(
        client, people, world):
    login(client, people["head"].email)
    for name in ("EDC in review", "EDC approved"):
        req = world.requests[name]
        page = client.get(f"/review/requests/{req.id}/decide/approve")
        assert page.status_code == 409, name
        assert "you cannot approve it now" in text(page)
    req = world.requests["EDC project"]
    assert client.get(f"/review/requests/{req.id}/decide/comment").status_code == 404
    assert client.get("/review/requests/999999/decide/approve").status_code == 404


# The navigation --------------------------------------------------------------------------

def nav(page: str) -> str:
    """Return the header's navigation."""
    return re.search(r'<nav aria-label="Account".*?</nav>', page, re.S).group(0)


def test_the_navigation_links_each_home_and_one_entry_for_the_agreements(client, people):
    visitor = nav(client.get("/registry").get_data(as_text=True))
    assert 'href="/registry"' in visitor and 'href="/agreements"' not in visitor
    assert "Your work" not in visitor
    login(client, people["head"].email)
    staff = nav(client.get("/home").get_data(as_text=True))
    assert '<a href="/home" aria-current="page">Your work</a>' in staff
    assert 'href="/agreements">Agreement registry' in staff
    assert 'href="/registry"' not in staff  # the staff registry links the public one
    switch(client, people["city"])
    city = nav(client.get("/requests").get_data(as_text=True))
    assert "Your work" not in city  # its home is "My requests", already in the navigation
    assert 'href="/requests">My requests' in city and 'href="/registry">Agreements' in city


def test_a_long_inbox_lists_its_oldest_first_and_counts_every_one(client, people):
    """Past the fifty a home lists, the oldest come first and the heading counts them all."""
    made = [submitted_request(people["city"], title=f"Waiting {n}") for n in range(SHOWN + 5)]
    first = made[0].submitted_at
    for n, req in enumerate(made):  # the last made waited longest: not the order of their ids
        req.submitted_at = first - timedelta(days=n)
    db.session.commit()

    page = home_of(client, people["reviewer"])
    shown = [int(i) for i in ENTRY.findall(section(page, "unassigned"))]
    assert shown == [req.id for req in reversed(made)][:SHOWN]
    assert count(page, "unassigned") == SHOWN + 5


def test_a_longer_list_reads_no_more_from_the_database(client, people, world,
                                                         make_city_user):
    """Each entry's city, sponsor, consultations and drafts are read for all entries at once."""
    from tests.test_dashboard import statements_issued

    cco, edc = people["reviewer"], division_by_code("EDC")
    login(client, cco.email)

    def statements() -> tuple[int, str]:
        db.session.expire_all()  # nothing kept from building the requests
        with statements_issued() as seen:
            page = client.get("/home").get_data(as_text=True)
        return len(seen), page

    before, _page = statements()
    # Six more of the reviewer's requests, each from a city of its own and each consulted.
    added = []
    for n, (city, country) in enumerate([("Turin", "IT"), ("Kyoto", "JP"), ("Lima", "PE"),
                                         ("Accra", "GH"), ("Perth", "AU"), ("Oslo", "NO")]):
        req = submitted_request(make_city_user(f"rep{n}@{city.lower()}.example", city,
                                               country), title=f"Exchange {city}")
        advance(req, cco, Action.START_TRIAGE, Action.START_REVIEW)
        req.assignee = cco
        db.session.commit()
        review.consult(req, cco, edc, f"Does {city} fit?")
        db.session.commit()
        added.append(req)
    after, page = statements()
    assert after == before
    mine = section(page, "assigned_to_me")
    for req in added:  # each entry is listed, with its city and the office it waits on
        row = re.search(rf'id="request-{req.id}".*?</tr>', mine, re.S)
        assert row is not None
        assert f"Waiting on {edc.name} (consulted)" in text_of(row.group(0))
        assert req.counterpart_city.name in text_of(row.group(0))
