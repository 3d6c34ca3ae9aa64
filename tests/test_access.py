"""Everyone sees only what their role allows: other parties' requests do not exist for them."""

from __future__ import annotations

import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import EngagementRequest, OutboxMessage, User
from portal.policy.roles import Role, SigningOffice
from tests.conftest import PASSWORD, login
from tests.journeys import (
    CITY_PAGES,
    CONTACTS,
    DIVISION_PAGES,
    MINIMAL_PDF,
    answer,
    fill_pages,
    start_request,
    submit,
    upload_contacts,
)

CSRF_REFUSED = "Your form could not be sent"




def sign_out(client) -> None:
    client.submit("/logout", page="/404")


def city_request(client, email: str, *, submitted: bool = True) -> tuple[int, int]:
    """File a complete request as ``email`` and return its id and its letter's id."""
    login(client, email)
    request_id = start_request(client)
    fill_pages(client, request_id, CITY_PAGES)
    assert upload_contacts(client, request_id).status_code == 302
    if submitted:
        assert submit(client, request_id).status_code == 302
    sign_out(client)
    req = db.session.get(EngagementRequest, request_id)
    return request_id, req.letter_of_intent.id


def division_proposal(client, email: str) -> tuple[int, int]:
    """Submit a proposal about Helsinki as ``email`` and return its id and its document's id."""
    login(client, email)
    request_id = start_request(client)
    fill_pages(client, request_id, DIVISION_PAGES)
    assert upload_contacts(client, request_id).status_code == 302
    assert submit(client, request_id).status_code == 302
    sign_out(client)
    req = db.session.get(EngagementRequest, request_id)
    return request_id, req.documents[0].id


def error_of(response) -> tuple[int, str, str]:
    """Return an error page's status, its title and what it says (its heading and text)."""
    page = response.get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    said = re.search(r'<div class="two-thirds">(.*?)</div>', page, re.S)
    assert title and said, page[:2000]
    return response.status_code, title.group(1).strip(), said.group(1).strip()


def status_of(request_id: int) -> str:
    db.session.expire_all()
    return db.session.get(EngagementRequest, request_id).status


def pages_of(request_id: int, document_id: int) -> list[str]:
    base = f"/requests/{request_id}"
    return [base, f"{base}/check", f"{base}/purpose", f"{base}/contacts",
            f"{base}/confirmation", f"{base}/withdraw", f"{base}/delete",
            f"{base}/not-eligible", f"{base}/documents/{document_id}"]


# Cities ------------------------------------------------------------------------------------

def test_a_city_cannot_see_withdraw_or_download_another_citys_request(client, auth,
                                                                      make_city_user):
    make_city_user()
    make_city_user(email="rep@seoul.example", city="Seoul", country="KR", name="Ji-woo Kim")
    request_id, document_id = city_request(client, "rep@lyon.example")
    reference = db.session.get(EngagementRequest, request_id).reference

    auth.login("rep@seoul.example")
    not_found = error_of(client.get("/requests/999999"))
    assert not_found[0] == 404 and "Page not found" in not_found[1]
    for url in pages_of(request_id, document_id):
        response = client.get(url)
        # Nothing says it exists: the unknown request's answer, title and message, and
        # nothing of the request on the page.
        assert error_of(response) == not_found, url
        page = response.get_data(as_text=True)
        assert reference not in page and "Festival of lights exchange" not in page, url
    withdrawn = client.submit(f"/requests/{request_id}/withdraw",
                              {"reason": "Not ours", "confirm": "y"}, page="/requests")
    assert withdrawn.status_code == 404
    assert status_of(request_id) == "submitted"
    mine = client.get("/requests").get_data(as_text=True)
    assert reference not in mine and "Festival of lights exchange" not in mine


def test_a_city_cannot_change_submit_or_delete_another_citys_draft(client, make_city_user):
    make_city_user()
    make_city_user(email="rep@seoul.example", city="Seoul", country="KR")
    request_id, document_id = city_request(client, "rep@lyon.example", submitted=False)

    login(client, "rep@seoul.example")
    changed = client.submit(f"/requests/{request_id}/purpose",
                            {"title": "Taken over", "action": "continue"}, page="/requests")
    assert changed.status_code == 404
    uploaded = client.submit(f"/requests/{request_id}/contacts",
                             {**CONTACTS, "letter": (BytesIO(MINIMAL_PDF), "other.pdf"),
                              "action": "continue"},
                             page="/requests", content_type="multipart/form-data")
    assert uploaded.status_code == 404
    submitted = client.submit(f"/requests/{request_id}/check", {"confirm": "y"},
                              page="/requests")
    assert submitted.status_code == 404
    deleted = client.submit(f"/requests/{request_id}/delete", page="/requests")
    assert deleted.status_code == 404

    db.session.expire_all()
    req = db.session.get(EngagementRequest, request_id)
    assert req is not None and req.status == "draft"
    assert req.title == "Festival of lights exchange"
    assert [d.filename for d in req.documents] == ["letter.pdf"]


def test_a_colleague_from_the_same_city_shares_the_citys_requests(client, make_city_user):
    make_city_user()
    make_city_user(email="deputy@lyon.example", name="Marie Dupont")
    request_id, document_id = city_request(client, "rep@lyon.example")
    login(client, "deputy@lyon.example")
    assert client.get(f"/requests/{request_id}").status_code == 200
    download = client.get(f"/requests/{request_id}/documents/{document_id}")
    assert download.status_code == 200 and download.data == MINIMAL_PDF


def test_a_city_cannot_see_a_divisions_proposal_even_about_itself(client, make_city_user,
                                                                  make_staff):
    make_staff("dana@toronto.example", Role.DIVISION_STAFF, division="EDC")
    proposal_id, document_id = division_proposal(client, "dana@toronto.example")
    helsinki = make_city_user(email="rep@hel.example", city="Helsinki", country="FI")
    assert helsinki.city_id == db.session.get(EngagementRequest, proposal_id).counterpart_city_id

    login(client, "rep@hel.example")
    for url in pages_of(proposal_id, document_id):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/review/requests/{proposal_id}").status_code == 403
    assert "Festival of lights exchange" not in client.get("/requests").get_data(as_text=True)


# Divisions ---------------------------------------------------------------------------------

def test_staff_of_another_division_cannot_see_a_proposal_but_colleagues_can(client, make_staff):
    make_staff("dana@toronto.example", Role.DIVISION_STAFF, division="EDC")
    make_staff("eli@toronto.example", Role.DIVISION_STAFF, division="EDC")
    make_staff("tara@toronto.example", Role.DIVISION_STAFF, division="TPH")
    proposal_id, document_id = division_proposal(client, "dana@toronto.example")

    login(client, "tara@toronto.example")
    for url in pages_of(proposal_id, document_id):
        assert client.get(url).status_code == 404, url
    assert "Festival of lights exchange" not in client.get("/requests").get_data(as_text=True)
    sign_out(client)

    login(client, "eli@toronto.example")
    assert client.get(f"/requests/{proposal_id}").status_code == 200
    assert client.get(f"/requests/{proposal_id}/documents/{document_id}").status_code == 200


# Staff -------------------------------------------------------------------------------------

def test_a_draft_is_invisible_to_staff(client, make_city_user, make_staff):
    make_city_user()
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER)
    request_id, document_id = city_request(client, "rep@lyon.example", submitted=False)

    login(client, "rosa@toronto.example")
    assert client.get(f"/review/requests/{request_id}").status_code == 404
    assert client.get(f"/requests/{request_id}/documents/{document_id}").status_code == 404
    assert "Festival of lights exchange" not in client.get("/review/requests").get_data(
        as_text=True)
    sign_out(client)

    login(client, "rep@lyon.example")
    submit(client, request_id)
    sign_out(client)
    login(client, "rosa@toronto.example")
    assert client.get(f"/review/requests/{request_id}").status_code == 200


SEEING_ROLES = [
    (Role.CCO_REVIEWER, "CCO", None),
    (Role.SIGNING_AUTHORITY, None, SigningOffice.MAYORS_OFFICE),
    (Role.SOLICITOR, "LGL", None),
    (Role.ADMIN, "CCO", None),
]


@pytest.mark.parametrize(("role", "division", "office"), SEEING_ROLES,
                         ids=[r[0].value for r in SEEING_ROLES])
def test_staff_who_review_see_every_submitted_request_and_its_documents(
        client, make_city_user, make_staff, role, division, office):
    make_city_user()
    make_staff("staff@toronto.example", role, division=division, office=office)
    request_id, document_id = city_request(client, "rep@lyon.example")
    reference = db.session.get(EngagementRequest, request_id).reference

    login(client, "staff@toronto.example")
    assert reference in client.get("/review/requests").get_data(as_text=True)
    page = client.get(f"/review/requests/{request_id}")
    assert page.status_code == 200
    assert "Festival of lights exchange" in page.get_data(as_text=True)
    download = client.get(f"/requests/{request_id}/documents/{document_id}")
    assert download.status_code == 200
    assert download.data == MINIMAL_PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


OTHER_ROLES = [
    (Role.SUPPORTING_REVIEWER, "EDC", None),
    (Role.DIVISION_STAFF, "EDC", None),
]


@pytest.mark.parametrize(("role", "division", "office"), OTHER_ROLES,
                         ids=[r[0].value for r in OTHER_ROLES])
def test_other_staff_see_neither_the_queue_nor_a_request_not_shared_with_them(
        client, make_city_user, make_staff, role, division, office):
    make_city_user()
    make_staff("staff@toronto.example", role, division=division, office=office)
    request_id, document_id = city_request(client, "rep@lyon.example")

    login(client, "staff@toronto.example")
    assert client.get("/review/requests").status_code == 403
    assert client.get(f"/review/requests/{request_id}").status_code == 404
    assert client.get(f"/requests/{request_id}/documents/{document_id}").status_code == 404


def test_a_city_cannot_open_the_review_pages(client, make_city_user):
    make_city_user()
    request_id, _document_id = city_request(client, "rep@lyon.example")
    login(client, "rep@lyon.example")
    assert client.get("/review/requests").status_code == 403
    assert client.get(f"/review/requests/{request_id}").status_code == 403


def test_staff_who_file_nothing_cannot_open_the_intake(client, make_staff):
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER)
    login(client, "rosa@toronto.example")
    assert client.get("/requests").status_code == 403
    started = client.submit("/requests/new", page="/review/requests")
    assert started.status_code == 403
    assert db.session.scalar(select(func.count(EngagementRequest.id))) == 0


# Visitors who are not signed in ------------------------------------------------------------

def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, make_city_user):
    make_city_user()
    request_id, document_id = city_request(client, "rep@lyon.example")
    for url in ("/requests", f"/requests/{request_id}", f"/requests/{request_id}/purpose",
                f"/requests/{request_id}/check", f"/requests/{request_id}/withdraw",
                "/review/requests", f"/review/requests/{request_id}", "/admin/users",
                "/admin/outbox"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response.headers["Location"]).path == "/login", url
    download = client.get(f"/requests/{request_id}/documents/{document_id}")
    assert download.status_code in (302, 404)
    assert MINIMAL_PDF not in download.data


# Forms without their CSRF token ------------------------------------------------------------

def refused(response) -> bool:
    return response.status_code == 400 and CSRF_REFUSED in response.get_data(as_text=True)


def test_the_public_forms_refuse_a_post_without_its_csrf_token(client, make_city_user):
    make_city_user()
    assert refused(client.post("/login", data={"email": "rep@lyon.example",
                                               "password": PASSWORD}))
    assert client.get("/requests").status_code == 302  # not signed in
    assert refused(client.post("/register", data={"government_kind": "city"}))
    client.submit("/register", {"government_kind": "city"})
    assert refused(client.post("/register/details", data={
        "name": "A", "job_title": "B", "email": "new@paris.example", "city_name": "Paris",
        "country": "FR", "password": PASSWORD, "confirm": PASSWORD}))
    assert refused(client.post("/password/forgot", data={"email": "rep@lyon.example"}))
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_token_from_another_browser_is_refused(app, client, make_city_user):
    make_city_user()
    elsewhere = app.test_client()
    token = elsewhere.token_from("/login")
    response = client.post("/login", data={"email": "rep@lyon.example", "password": PASSWORD,
                                           "csrf_token": token})
    assert refused(response)


def test_every_form_of_the_intake_refuses_a_post_without_its_csrf_token(client, make_city_user):
    make_city_user()
    submitted_id, _ = city_request(client, "rep@lyon.example")
    draft_id, _ = city_request(client, "rep@lyon.example", submitted=False)
    login(client, "rep@lyon.example")
    count = db.session.scalar(select(func.count(EngagementRequest.id)))

    assert refused(client.post("/requests/new"))
    assert refused(client.post(f"/requests/{draft_id}/purpose",
                               data={"title": "Changed", "action": "continue"}))
    assert refused(client.post(f"/requests/{draft_id}/check", data={"confirm": "y"}))
    assert refused(client.post(f"/requests/{draft_id}/delete"))
    assert refused(client.post(f"/requests/{submitted_id}/withdraw",
                               data={"reason": "Changed our minds", "confirm": "y"}))
    assert refused(client.post("/logout"))

    assert client.get("/requests").status_code == 200  # still signed in
    assert db.session.scalar(select(func.count(EngagementRequest.id))) == count
    assert status_of(draft_id) == "draft"
    assert db.session.get(EngagementRequest, draft_id).title == "Festival of lights exchange"
    assert status_of(submitted_id) == "submitted"
    # The same forms with their token work: the refusals above were the token's doing.
    assert answer(client, draft_id, "purpose", dict(CITY_PAGES[2][1])).status_code == 302
    assert submit(client, draft_id).status_code == 302


def test_the_administrators_forms_refuse_a_post_without_its_csrf_token(client, make_staff):
    make_staff("admin@toronto.example", Role.ADMIN)
    rosa = make_staff("rosa@toronto.example", Role.CCO_REVIEWER)
    login(client, "admin@toronto.example")
    assert refused(client.post("/admin/users/new", data={
        "name": "New", "email": "new@toronto.example", "job_title": "Officer",
        "role": "cco_reviewer"}))
    assert refused(client.post(f"/admin/users/{rosa.id}", data={
        "name": "Rosa", "job_title": "Officer", "role": "admin"}))
    assert refused(client.post(f"/admin/users/{rosa.id}/deactivate"))
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == 2
    rosa = db.session.get(User, rosa.id)
    assert rosa.active and rosa.role == "cco_reviewer"
