"""Who speaks for a city, tried as a stranger would over HTTP.

A stranger who registers naming an existing city, in any spelling, reaches none of that
city's requests, documents, drafts or signed copies; a CCO reviewer's verification or a
verified colleague's invitation is what links an account to a city.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import access
from portal.agreements import services as agreements
from portal.auth import services as accounts
from portal.extensions import db
from portal.models import EngagementRequest, OutboxMessage, User
from portal.policy.counterparts import GovernmentKind
from portal.policy.lifecycle import Action
from portal.policy.roles import Role, SigningOffice
from portal.seed.reference_data import division_by_code
from tests.conftest import Browser, login
from tests.factories import advance, complete_request, sign, submitted_request

# Lyon already holds an International Project (the fixture's signed one): a second request
# from Lyon proposes a partnership, which the duplicate-agreement gate lets through.
PARTNERSHIP = {"requested_category": "partnership_city", "term_years": 5}
LINK_RE = re.compile(r"(http://portal\.test/\S+)")


def link_in(message: OutboxMessage) -> str:
    found = LINK_RE.search(message.body)
    assert found, message.body
    return found.group(1).removeprefix("http://portal.test")


def outbox(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                   .order_by(OutboxMessage.id)))


@pytest.fixture()
def lyon(make_city_user, make_staff):
    """Lyon's verified representative with a submitted request, a draft and a signed one."""
    edc = division_by_code("EDC")
    edc.head_name = "Harper Head"
    db.session.commit()
    rep = make_city_user()
    cco = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    head = make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                      office=SigningOffice.DIVISION_HEAD, name="Harper Head")
    solicitor = make_staff("sol@toronto.example", Role.SOLICITOR, "LGL")
    submitted = submitted_request(rep, title="Festival of lights exchange")
    draft = complete_request(rep, title="Lyon's unfinished draft")
    # It starts today, so it is in force and may be renewed (one signed for a later start
    # may not be until it starts).
    signed = submitted_request(rep, title="Lighting residencies", start_date=date.today(),
                               anticipated_cost=Decimal("1000"))
    signed.sponsoring_division = edc
    advance(signed, cco, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(signed, head, Action.APPROVE)
    sign(signed, cco, solicitor)
    return {"rep": rep, "cco": cco, "submitted": submitted, "draft": draft, "signed": signed,
            "agreement": agreements.agreement_of(signed)}


def lyon_urls(world) -> list[str]:
    """Every address that shows or changes one of Lyon's requests or documents."""
    urls = []
    for name in ("submitted", "draft", "signed"):
        req = world[name]
        urls += [f"/requests/{req.id}", f"/requests/{req.id}/purpose",
                 f"/requests/{req.id}/check", f"/requests/{req.id}/confirmation",
                 f"/requests/{req.id}/withdraw", f"/requests/{req.id}/delete"]
        urls += [f"/requests/{req.id}/documents/{d.id}" for d in req.documents]
    signed = world["signed"]
    urls += [f"/requests/{signed.id}/agreement/{d.version}" for d in
             agreements.drafts_of(signed)]
    urls.append(f"/agreements/{world['agreement'].id}/signed-copy")
    return urls


@pytest.mark.parametrize("spelling", ["Lyon", " LYON ", "lyon", "Lyon "])
def test_a_stranger_naming_an_existing_city_reaches_none_of_its_requests(
        client, lyon, make_city_user, spelling):
    stranger = make_city_user(email="someone@mail.example", city=spelling,
                              name="Sam Stranger", verified=False)
    assert stranger.city_id == lyon["rep"].city_id  # the same city record, only claimed
    login(client, stranger.email)
    mine = client.get("/requests").get_data(as_text=True)
    for title in ("Festival of lights", "unfinished draft", "Lighting residencies"):
        assert title not in mine
    for url in lyon_urls(lyon):
        response = client.get(url)
        assert response.status_code in (403, 404), url
    token = client.token_from("/requests")
    for name in ("submitted", "draft"):
        req = lyon[name]
        for action in ("withdraw", "delete", "purpose", "answer"):
            response = client.post(f"/requests/{req.id}/{action}",
                                   data={"csrf_token": token, "title": "Taken over"})
            assert response.status_code in (403, 404), (name, action)
    agreement = lyon["agreement"]
    for kind in ("promote", "renew"):
        assert client.post(f"/agreements/{agreement.id}/{kind}",
                           data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert lyon["submitted"].status == "submitted"
    assert db.session.get(EngagementRequest, lyon["draft"].id).title == "Lyon's unfinished draft"
    assert db.session.scalar(select(EngagementRequest).where(
        EngagementRequest.submitter_id == stranger.id)) is None


def test_a_verified_representative_reaches_the_citys_requests(client, lyon, make_city_user):
    colleague = make_city_user(email="adjoint@mairie-lyon.example", name="Alix Adjoint")
    login(client, colleague.email)
    mine = client.get("/requests").get_data(as_text=True)
    assert "Festival of lights" in mine and "unfinished draft" in mine
    for url in lyon_urls(lyon):
        if "/agreement/" in url:
            continue  # drafts: a city downloads only approved ones (tested with agreements)
        assert client.get(url).status_code in (200, 302), url


def test_a_strangers_own_request_stays_its_own_and_is_flagged_to_the_reviewer(
        client, lyon, make_city_user):
    stranger = make_city_user(email="someone@mail.example", city="lyon", verified=False,
                              name="Sam Stranger")
    theirs = submitted_request(stranger, title="A request from someone unverified",
                               **PARTNERSHIP)
    login(client, stranger.email)
    assert client.get(f"/requests/{theirs.id}").status_code == 200
    client.post("/logout", data={"csrf_token": client.token_from("/requests")})

    # Lyon's real representative never sees it among Lyon's requests.
    login(client, lyon["rep"].email)
    assert "someone unverified" not in client.get("/requests").get_data(as_text=True)
    assert client.get(f"/requests/{theirs.id}").status_code == 404
    client.post("/logout", data={"csrf_token": client.token_from("/requests")})

    # The reviewer sees the flag, and can verify from the request's page.
    login(client, lyon["cco"].email)
    page = client.get(f"/review/requests/{theirs.id}").get_data(as_text=True)
    assert "Representative not yet verified" in page
    assert f"/representatives/{stranger.id}?request_id={theirs.id}" in page
    assert "Representative not yet verified" not in client.get(
        f"/review/requests/{lyon['submitted'].id}").get_data(as_text=True)


def test_a_reviewer_verifies_from_the_list_and_the_link_then_counts(
        client, lyon, make_city_user):
    stranger = make_city_user(email="maire@mairie-lyon.example", city=" LYON ",
                              verified=False, name="Morgan Maire")
    theirs = submitted_request(stranger, title="Lyon's second festival", **PARTNERSHIP)
    login(client, lyon["cco"].email)
    listing = client.get("/representatives/").get_data(as_text=True)
    assert "Morgan Maire" in listing and "mairie-lyon.example" in listing
    assert "Lyon, France" in listing and "Director" in listing
    page = client.get(f"/representatives/{stranger.id}").get_data(as_text=True)
    assert "Camille Martin" in page  # the verified representative already known, as a hint
    response = client.submit(f"/representatives/{stranger.id}/verify",
                             {"request_id": str(theirs.id)},
                             page=f"/representatives/{stranger.id}?request_id={theirs.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/review/requests/{theirs.id}")
    db.session.expire_all()
    assert stranger.city_verified_at is not None and stranger.city_verified_by_id == lyon["cco"].id
    assert f"/representatives/{stranger.id}\"" not in client.get(
        "/representatives/").get_data(as_text=True)
    told = outbox("representative_verified")
    assert [m.to_address for m in told] == ["maire@mairie-lyon.example"]
    client.post("/logout", data={"csrf_token": client.token_from("/review/requests")})

    # Now both see each other's requests: they are the city's.
    login(client, stranger.email)
    assert "Festival of lights" in client.get("/requests").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": client.token_from("/requests")})
    login(client, lyon["rep"].email)
    assert "second festival" in client.get("/requests").get_data(as_text=True)


def test_a_refusal_needs_a_reason_that_the_person_is_told(client, lyon, make_city_user):
    stranger = make_city_user(email="someone@mail.example", city="Lyon", verified=False)
    login(client, lyon["cco"].email)
    page = f"/representatives/{stranger.id}"
    empty = client.submit(f"{page}/refuse", {"reason": "  "}, page=page)
    assert empty.status_code == 400
    html = empty.get_data(as_text=True)
    assert 'id="reason-error"' in html and "Write the reason" in html
    refused = client.submit(f"{page}/refuse",
                            {"reason": "The address is not the city administration's."},
                            page=page)
    assert refused.status_code == 302
    db.session.expire_all()
    assert stranger.city_refused_at is not None and stranger.city_verified_at is None
    [message] = outbox("representative_refused")
    assert "not the city administration's" in message.body
    client.post("/logout", data={"csrf_token": client.token_from("/review/requests")})
    login(client, stranger.email)
    home = client.get("/requests").get_data(as_text=True)
    assert "not the city administration&#39;s" in home
    assert "Festival of lights" not in home


def test_only_a_cco_reviewer_verifies_and_a_forged_post_changes_nothing(
        client, lyon, make_city_user, make_staff):
    stranger = make_city_user(email="someone@mail.example", city="Lyon", verified=False)
    admin = make_staff("admin@toronto.example", Role.ADMIN, "CCO")
    for who in (stranger, lyon["rep"], admin):
        browser = client.application.test_client()
        login(browser, who.email)
        token = browser.token_from("/registry")
        response = browser.post(f"/representatives/{stranger.id}/verify",
                                data={"csrf_token": token})
        assert response.status_code == 403, who.email
    db.session.expire_all()
    assert stranger.city_verified_at is None


def test_an_invitation_from_a_verified_representative_verifies_the_invitee(
        client, lyon, app):
    login(client, lyon["rep"].email)
    response = client.submit("/representatives/colleagues", {
        "name": "Noa Nouvelle", "job_title": "Chargée de mission",
        "email": "noa@mairie-lyon.example"})
    assert response.status_code == 302
    [invitation] = outbox("invitation")
    assert invitation.to_address == "noa@mairie-lyon.example"
    invitee = accounts.find_by_email("noa@mairie-lyon.example")
    assert invitee is not None and invitee.city_verified_at is None
    client.post("/logout", data={"csrf_token": client.token_from("/requests")})

    newcomer = app.test_client()
    link = link_in(invitation)
    accepted = newcomer.submit(link, {"password": "a long new password", "confirm":
                                      "a long new password"})
    assert accepted.status_code == 302
    db.session.expire_all()
    assert invitee.city_verified_at is not None and invitee.email_confirmed
    login(newcomer, "noa@mairie-lyon.example", "a long new password")
    assert "Festival of lights" in newcomer.get("/requests").get_data(as_text=True)


def test_an_unverified_account_cannot_invite(client, lyon, make_city_user):
    stranger = make_city_user(email="someone@mail.example", city="Lyon", verified=False)
    login(client, stranger.email)
    page = client.get("/representatives/colleagues").get_data(as_text=True)
    assert "Only a verified representative" in page and 'name="email"' not in page
    token = client.token_from("/requests")
    response = client.post("/representatives/colleagues", data={
        "csrf_token": token, "name": "Accomplice", "job_title": "x",
        "email": "accomplice@mail.example"})
    assert response.status_code == 403
    assert accounts.find_by_email("accomplice@mail.example") is None
    assert outbox("invitation") == []


def test_inviting_an_existing_address_reveals_nothing_and_tells_its_owner(
        client, lyon, make_city_user):
    make_city_user(email="taken@mail.example", city="Porto", country="PT", name="Rita")
    login(client, lyon["rep"].email)
    new = client.submit("/representatives/colleagues", {
        "name": "A", "job_title": "B", "email": "fresh@mairie-lyon.example"}, follow=True)
    taken = client.submit("/representatives/colleagues", {
        "name": "A", "job_title": "B", "email": "taken@mail.example"}, follow=True)
    said = [re.search(r"We have sent an invitation to [^.]+", r.get_data(as_text=True))
            .group(0).split(" to ")[0] for r in (new, taken)]
    assert said[0] == said[1]
    existing = accounts.find_by_email("taken@mail.example")
    assert existing.city.name == "Porto" and existing.city_verified_by_id is None
    assert {m.to_address for m in outbox("invitation")} == {"fresh@mairie-lyon.example",
                                                           "taken@mail.example"}


def test_registration_only_claims_a_city(app):
    details = accounts.CityRegistration(
        name="Sam", job_title="Director", email="sam@mail.example", password="x" * 12,
        city_name=" LYON ", country_code="FR", government_kind=GovernmentKind.CITY)
    user = accounts.register_city_representative(details)
    db.session.commit()
    assert user.city is not None and user.city_verified_at is None
    assert not user.is_verified_representative


def test_the_query_and_the_check_agree_on_who_shares_what(lyon, make_city_user):
    """``own_requests`` (the lists) and ``is_submitting_party`` (each page) say the same."""
    stranger = make_city_user(email="someone@mail.example", city="Lyon", verified=False)
    other = make_city_user(email="rep@porto.example", city="Porto", country="PT")
    colleague = make_city_user(email="adjoint@mairie-lyon.example")
    submitted_request(stranger, title="The stranger's", **PARTNERSHIP)
    submitted_request(other, title="Porto's")
    people = [lyon["rep"], stranger, other, colleague]
    every = list(db.session.scalars(select(EngagementRequest)))
    for person in people:
        listed = set(db.session.scalars(access.own_requests(person, select(EngagementRequest))))
        checked = {req for req in every if access.is_submitting_party(person, req)}
        assert listed == checked, person.email
    assert {r.title for r in every if access.is_submitting_party(stranger, r)} == {
        "The stranger's"}


def test_a_city_sees_its_agreements_to_renew_only_once_verified(client, lyon, make_city_user):
    stranger = make_city_user(email="someone@mail.example", city="Lyon", verified=False)
    login(client, stranger.email)
    assert f"/agreements/{lyon['agreement'].id}/renew" not in client.get(
        "/registry").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": client.token_from("/requests")})
    login(client, lyon["rep"].email)
    assert f"/agreements/{lyon['agreement'].id}/renew" in client.get(
        "/registry").get_data(as_text=True)


_ = (date, timedelta, Browser, User)
