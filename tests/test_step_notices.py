"""Everyone who waits on a step is told, with a link they can open, and nobody else is.

Each step is taken over HTTP by the person whose step it is; the test then reads the outbox,
checks exactly who received which message, and follows each message's link signed in as its
recipient. A city's other accounts (a stranger claiming it, another city), another
division and deactivated accounts receive nothing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Agreement, EngagementRequest, OutboxMessage, User
from portal.notifications import agreement_recipients, person_for
from portal.policy.lifecycle import Action
from portal.policy.notices import agreement_audience
from portal.policy.roles import Role, SigningOffice
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import advance, submitted_request
from tests.forms import generate_draft
from tests.journeys import MINIMAL_PDF

LINK_RE = re.compile(r"http://portal\.test(/\S*)")


@pytest.fixture()
def people(make_city_user, make_staff):
    """Return the people of one city's request and everyone who must not hear of it."""
    division_by_code("EDC").head_name = "Harper Head"
    db.session.commit()
    found = {
        "city": make_city_user(),
        "colleague": make_city_user(email="colleague@lyon.example", name="Louis Lyon"),
        "stranger": make_city_user(email="claims@lyon.example", name="Sly Claimant",
                                   verified=False),
        "other_city": make_city_user(email="rep@porto.example", city="Porto", country="PT",
                                     name="Rita Porto"),
        "reviewer": make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO",
                               name="Rosa Reviewer"),
        "reviewer2": make_staff("remy@toronto.example", Role.CCO_REVIEWER, "CCO",
                                name="Remy Reviewer"),
        "gone_reviewer": make_staff("gone@toronto.example", Role.CCO_REVIEWER, "CCO",
                                    name="Gone Reviewer"),
        "division": make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC",
                               name="Dana Division"),
        "edc": make_staff("eli@toronto.example", Role.SUPPORTING_REVIEWER, "EDC",
                          name="Eli Economic"),
        "gone_division": make_staff("gdiv@toronto.example", Role.DIVISION_STAFF, "EDC",
                                    name="Gone Division"),
        "other_division": make_staff("tess@toronto.example", Role.DIVISION_STAFF, "TRN",
                                     name="Tess Transport"),
        "head": make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                           office=SigningOffice.DIVISION_HEAD, name="Harper Head"),
        "solicitor": make_staff("sol@toronto.example", Role.SOLICITOR, "LGL",
                                name="Sam Solicitor"),
        "solicitor2": make_staff("sue@toronto.example", Role.SOLICITOR, "LGL",
                                 name="Sue Solicitor"),
        "gone_solicitor": make_staff("gsol@toronto.example", Role.SOLICITOR, "LGL",
                                     name="Gone Solicitor"),
        "admin": make_staff("admin@toronto.example", Role.ADMIN, "CCO", name="Avery Admin"),
    }
    for name in ("gone_reviewer", "gone_division", "gone_solicitor"):
        found[name].active = False
    db.session.commit()
    return found


def recommended(submitter: User, reviewer: User, *, assignee: User | None) -> EngagementRequest:
    """Return ``submitter``'s request, EDC sponsoring it, recommended to EDC's Division Head."""
    req = submitted_request(submitter, anticipated_cost=Decimal("20000"))
    req.sponsoring_division = division_by_code("EDC")
    req.assignee = assignee
    return advance(req, reviewer, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)


def approved(submitter: User, people: dict[str, User]) -> EngagementRequest:
    """Return ``submitter``'s request approved by EDC's Division Head, assigned to Rosa."""
    req = recommended(submitter, people["reviewer"], assignee=people["reviewer"])
    return advance(req, people["head"], Action.APPROVE)


def switch(client, user: User) -> None:
    """Sign out and sign in as ``user``."""
    client.submit("/logout", page="/")
    assert login(client, user.email).status_code == 302


def sent(kind: str) -> dict[str, OutboxMessage]:
    """Return the messages of ``kind``, by recipient (each recipient told once)."""
    messages = list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)))
    by_address = {m.to_address: m for m in messages}
    assert len(by_address) == len(messages), [m.to_address for m in messages]
    return by_address


def emails(people: dict[str, User], *names: str) -> set[str]:
    return {people[name].email for name in names}


def link_of(message: OutboxMessage) -> str:
    """Return the path of the one link of the portal a message carries."""
    found = LINK_RE.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]


def each_opens_its_link(client, people: dict[str, User], messages: dict[str, OutboxMessage],
                        ) -> dict[str, str]:
    """Follow each message's link signed in as its recipient: 200; return the pages' paths."""
    by_email = {user.email: user for user in people.values()}
    paths = {}
    for address, message in messages.items():
        switch(client, by_email[address])
        path = link_of(message)
        assert client.get(path).status_code == 200, (address, path)
        paths[address] = path.split("#")[0]
    return paths


def test_the_reviewer_is_told_when_the_signing_authority_approves(client, people):
    req = recommended(people["city"], people["reviewer"], assignee=people["reviewer"])
    login(client, people["head"].email)
    confirm = f"/review/requests/{req.id}/decide/approve"  # the signatory confirms first
    page = client.get(confirm).get_data(as_text=True)
    version = re.search(r'name="approve-version" value="(\d+)"', page).group(1)
    approve = client.submit(f"/review/requests/{req.id}/act/approve",
                            {"approve-version": version, "approve-text": "Approved.",
                             "approve-audience": "internal"},
                            page=confirm)
    assert approve.status_code == 302

    told = sent("request_approved")
    assert set(told) == emails(people, "reviewer")  # not the other reviewer, nor the city
    message = told[people["reviewer"].email]
    assert message.subject == f"{req.reference} is approved: draft its agreement"
    assert "Harper Head approved" in message.body and "generate the draft" in message.body
    assert each_opens_its_link(client, people, told) == {
        people["reviewer"].email: f"/review/requests/{req.id}"}


def test_an_unassigned_approval_is_told_to_every_active_cco_reviewer(client, people):
    req = recommended(people["city"], people["reviewer"], assignee=None)
    login(client, people["head"].email)
    confirm = f"/review/requests/{req.id}/decide/approve"
    page = client.get(confirm).get_data(as_text=True)
    version = re.search(r'name="approve-version" value="(\d+)"', page).group(1)
    client.submit(f"/review/requests/{req.id}/act/approve", {"approve-version": version},
                  page=confirm)
    assert set(sent("request_approved")) == emails(people, "reviewer", "reviewer2")


def test_the_solicitors_the_city_and_the_lead_division_are_told_of_each_agreement_step(
        client, people):
    req = approved(people["city"], people)
    party, lead = ("city", "colleague"), ("division", "edc")

    login(client, people["reviewer"].email)
    drafted = generate_draft(client, req.id)
    assert drafted.status_code == 302
    awaiting = sent("draft_awaiting_form")
    assert set(awaiting) == emails(people, "solicitor", "solicitor2")
    assert awaiting[people["solicitor"].email].subject == (
        f"Draft agreement {req.reference} (version 1) awaits your approval as to form")
    assert each_opens_its_link(client, people, awaiting) == {
        people[name].email: f"/review/requests/{req.id}" for name in ("solicitor", "solicitor2")}

    told = sent("agreement_drafted")
    assert set(told) == emails(people, *party, *lead)
    assert told[people["city"].email].subject == f"The agreement for {req.reference} is drafted"
    assert "your request" in told[people["city"].email].body
    assert "which your division leads" in told[people["division"].email].body
    paths = each_opens_its_link(client, people, told)
    assert {paths[people[n].email] for n in party} == {f"/requests/{req.id}"}
    assert {paths[people[n].email] for n in lead} == {f"/review/requests/{req.id}"}

    # A second version awaits the Solicitor again; the city has nothing new to hear.
    switch(client, people["reviewer"])
    generate_draft(client, req.id)
    assert len(list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "draft_awaiting_form")))) == 4
    assert len(sent("agreement_drafted")) == 4

    switch(client, people["solicitor"])
    assert client.submit(f"/review/requests/{req.id}/drafts/2/approve",
                         page=f"/review/requests/{req.id}").status_code == 302
    told = sent("agreement_approved_as_to_form")
    assert set(told) == emails(people, *party, *lead)
    assert "download the approved draft" in told[people["city"].email].body
    paths = each_opens_its_link(client, people, told)
    assert {paths[people[n].email] for n in party} == {f"/requests/{req.id}"}
    switch(client, people["colleague"])
    assert "Draft approved as to form (version 2)" in client.get(
        f"/requests/{req.id}").get_data(as_text=True)

    switch(client, people["reviewer"])
    today = date.today()
    recorded = client.submit(f"/review/requests/{req.id}/drafts/signed", {
        "signed_copy": (BytesIO(MINIMAL_PDF), "signed.pdf"), "signed_on-day": str(today.day),
        "signed_on-month": str(today.month), "signed_on-year": str(today.year)},
        page=f"/review/requests/{req.id}", content_type="multipart/form-data")
    assert recorded.status_code == 302
    agreement = db.session.scalars(select(Agreement).where(Agreement.request_id == req.id)).one()
    told = sent("agreement_signed")
    assert set(told) == emails(people, *party, *lead)
    assert told[people["city"].email].subject == f"The agreement for {req.reference} is signed"
    assert "Its term runs from" in told[people["city"].email].body
    paths = each_opens_its_link(client, people, told)
    assert {paths[people[n].email] for n in party} == {f"/requests/{req.id}"}
    assert {paths[people[n].email] for n in lead} == {f"/agreements/{agreement.id}"}

    nobody_else = emails(people, "stranger", "other_city", "other_division", "gone_division",
                         "gone_solicitor", "admin", "head")
    received = set(db.session.scalars(select(OutboxMessage.to_address).where(
        OutboxMessage.kind.in_(["draft_awaiting_form", "agreement_drafted",
                                "agreement_approved_as_to_form", "agreement_signed"]))))
    assert not received & nobody_else


def test_a_division_filing_its_own_proposal_is_told_as_its_party(client, people):
    req = approved(people["division"], people)
    login(client, people["reviewer"].email)
    generate_draft(client, req.id)
    told = sent("agreement_drafted")
    # Dana filed it; Eli (EDC's supporting reviewer) is told as the lead division's staff.
    assert set(told) == emails(people, "division", "edc")
    assert "your request" in told[people["division"].email].body
    paths = each_opens_its_link(client, people, told)
    assert paths == {people["division"].email: f"/requests/{req.id}",
                     people["edc"].email: f"/review/requests/{req.id}"}


def test_a_request_filed_by_an_unverified_account_tells_only_that_account(client, people):
    req = approved(people["stranger"], people)
    login(client, people["reviewer"].email)
    generate_draft(client, req.id)
    # Lyon's verified representatives never hear of a stranger's request: it is not theirs.
    assert set(sent("agreement_drafted")) == emails(people, "stranger", "division", "edc")


def test_the_reviewer_who_asked_and_the_assignee_are_told_a_consultation_was_answered(
        client, people):
    req = submitted_request(people["city"])
    req.assignee = people["reviewer"]
    advance(req, people["reviewer"], Action.START_TRIAGE, Action.START_REVIEW)
    login(client, people["reviewer2"].email)  # a colleague asks while Rosa holds the file
    page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    version = re.search(r'name="consult-version" value="(\d+)"', page).group(1)
    client.submit(f"/review/requests/{req.id}/act/consult", {
        "consult-version": version, "consult-division": str(division_by_code("EDC").id),
        "consult-text": "Does this fit the creative industries plan?"},
        page=f"/review/requests/{req.id}")

    switch(client, people["edc"])
    page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    consultation = re.search(r"/review/consultations/(\d+)", page).group(1)
    answered = client.submit(f"/review/consultations/{consultation}",
                             {f"c{consultation}-text": "Yes: it fits the festival strategy."},
                             page=f"/review/requests/{req.id}")
    assert answered.status_code == 302

    told = sent("consultation_answered")
    assert set(told) == emails(people, "reviewer", "reviewer2")
    body = told[people["reviewer"].email].body
    assert "Does this fit the creative industries plan?" in body
    assert "Yes: it fits the festival strategy." in body
    assert set(each_opens_its_link(client, people, told).values()) == {
        f"/review/requests/{req.id}"}


def test_the_recipients_query_agrees_with_the_policy_for_every_account(client, people):
    """The SQL only narrows the candidates: nobody the rule names may be lost by it."""
    for submitter in ("city", "stranger", "division"):
        req = approved(people[submitter], people)
        everyone = db.session.scalars(select(User)).all()
        expected = {(u.email, agreement_audience(person_for(u, req), req.sponsoring_division_id))
                    for u in everyone}
        expected = {(email, audience) for email, audience in expected if audience is not None}
        assert {(u.email, audience) for u, audience in agreement_recipients(req)} == expected
