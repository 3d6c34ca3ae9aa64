"""An administrator manages staff accounts and reads the outbox; nobody else can."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal import notifications
from portal.extensions import db
from portal.models import AuditEntry, OutboxMessage, User
from portal.policy.roles import Role, SigningOffice
from portal.seed.reference_data import division_by_code
from tests.conftest import login

ADMIN = "avery.admin@toronto.example"
LINK_RE = re.compile(r"http://portal\.test(/\S+)")
NEW_ACCOUNT = {"name": "Rosa Reviewer", "email": "rosa.reviewer@toronto.example",
               "job_title": "International Relations Officer", "role": "cco_reviewer",
               "division_id": "", "signing_office": ""}




@pytest.fixture()
def admin(client, make_staff):
    """Sign the client in as an administrator and return the account."""
    user = make_staff(ADMIN, Role.ADMIN, division="CCO", name="Avery Admin")
    login(client, ADMIN)
    return user


def fetch(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def error_summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, page
    return found.group(0)


def users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


# Who may use the administrator's pages -----------------------------------------------------

OTHER_ROLES = [
    (Role.DIVISION_STAFF, "EDC", None),
    (Role.CCO_REVIEWER, "CCO", None),
    (Role.SUPPORTING_REVIEWER, "EDC", None),
    (Role.SIGNING_AUTHORITY, "EDC", SigningOffice.DIVISION_HEAD),
    (Role.SOLICITOR, "LGL", None),
]


def _admin_pages(target: User, message: OutboxMessage) -> list[str]:
    return ["/admin/users", "/admin/users?role=admin", "/admin/users/new",
            f"/admin/users/{target.id}", "/admin/outbox", f"/admin/outbox/{message.id}"]


@pytest.mark.parametrize(("role", "division", "office"), OTHER_ROLES,
                         ids=[r[0].value for r in OTHER_ROLES])
def test_only_an_administrator_reaches_the_administrators_pages(
        client, make_staff, role, division, office):
    target = make_staff("target@toronto.example", Role.CCO_REVIEWER)
    message = notifications.queue_message("test", "x@example.org", "Subject", "Body")
    db.session.commit()
    make_staff("someone@toronto.example", role, division=division, office=office)
    login(client, "someone@toronto.example")
    for url in _admin_pages(target, message):
        assert client.get(url).status_code == 403, url

    created = client.submit("/admin/users/new", {**NEW_ACCOUNT}, page="/admin/users")
    assert created.status_code == 403
    assert client.get(f"/admin/users/{target.id}/deactivate").status_code == 403
    deactivated = client.submit(f"/admin/users/{target.id}/deactivate", page="/admin/users")
    assert deactivated.status_code == 403
    promoted = client.submit(f"/admin/users/{target.id}",
                             {**NEW_ACCOUNT, "role": "admin"}, page="/admin/users")
    assert promoted.status_code == 403
    assert fetch("target@toronto.example").active
    assert fetch("target@toronto.example").role == "cco_reviewer"
    assert fetch(NEW_ACCOUNT["email"]) is None


def test_a_city_representative_cannot_reach_the_administrators_pages(
        client, make_city_user, make_staff):
    target = make_staff("target@toronto.example", Role.CCO_REVIEWER)
    message = notifications.queue_message("test", "x@example.org", "Subject", "Body")
    db.session.commit()
    make_city_user()
    login(client, "rep@lyon.example")
    for url in _admin_pages(target, message):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_sign_in(client, make_staff):
    target = make_staff("target@toronto.example", Role.CCO_REVIEWER)
    message = notifications.queue_message("test", "x@example.org", "Subject", "Body")
    db.session.commit()
    for url in _admin_pages(target, message):
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response.headers["Location"]).path == "/login", url
    response = client.get(f"/admin/users/{target.id}/deactivate")
    assert urlsplit(response.headers["Location"]).path == "/login"
    response = client.post(f"/admin/users/{target.id}/deactivate")
    assert response.status_code in (302, 400)
    assert fetch("target@toronto.example").active


def test_an_administrator_signs_in_to_the_list_of_accounts(client, admin, make_staff,
                                                           make_city_user):
    make_staff("dana@toronto.example", Role.DIVISION_STAFF, division="EDC", name="Dana Division")
    make_city_user()
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Dana Division" in page and "Economic Development and Culture" in page
    assert "Camille Martin" in page and "Lyon" in page
    only_division = client.get("/admin/users?role=division_staff").get_data(as_text=True)
    assert "Dana Division" in only_division
    assert "Camille Martin" not in only_division


# Creating staff accounts -------------------------------------------------------------------

def test_an_administrator_creates_a_staff_account_and_the_invitation_lets_them_in(
        app, client, admin):
    response = client.submit("/admin/users/new", NEW_ACCOUNT)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/admin/users"
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "Account created for Rosa Reviewer" in listing
    assert "rosa.reviewer@toronto.example" in listing

    rosa = fetch("rosa.reviewer@toronto.example")
    assert rosa.role == "cco_reviewer" and rosa.active
    [created] = [a for a in audit("account.created") if a.subject == f"user:{rosa.id}"]
    assert created.actor_id == admin.id
    assert created.detail["role"] == "cco_reviewer"
    [invitation] = db.session.scalars(select(OutboxMessage)).all()
    assert invitation.kind == "invitation"
    assert invitation.to_address == "rosa.reviewer@toronto.example"
    link = LINK_RE.search(invitation.body).group(1)
    assert link.startswith("/invitation/")

    rosa_browser = app.test_client()
    assert "Choose a password for your account" in rosa_browser.get(link).get_data(as_text=True)
    chosen = rosa_browser.submit(link, {"password": "rosa's own passphrase",
                                        "confirm": "rosa's own passphrase"})
    assert chosen.status_code == 302
    signed_in = login(rosa_browser, "rosa.reviewer@toronto.example", "rosa's own passphrase")
    assert signed_in.status_code == 302
    assert rosa_browser.get("/review/requests").status_code == 200
    assert rosa_browser.get(link).status_code == 400  # the invitation works once


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"role": "signing_authority"}, "signing_office",
     "Select the office a signing authority holds"),
    ({"role": "division_staff"}, "division_id", "Select the division this person works in"),
    ({"role": "supporting_reviewer"}, "division_id", "Select the division this person works in"),
    ({"role": "signing_authority", "signing_office": "division_head"}, "division_id",
     "Select the division this person works in"),
    ({"role": "city"}, "role", "Select one of the roles"),
    ({"role": ""}, "role", "Select a role"),
    ({"division_id": "999999"}, "division_id", "Select a division from the list"),
    ({"signing_office": "pope"}, "signing_office", "Select an office from the list"),
    ({"email": "rosa@"}, "email", "Enter an email address in the correct format"),
    ({"name": ""}, "name", "Enter the full name"),
    ({"name": "R" * 121}, "name", "Must be 120 characters or fewer"),
    ({"job_title": "J" * 121}, "job_title", "Must be 120 characters or fewer"),
], ids=["authority-without-office", "division-staff-without-division",
        "supporting-without-division", "division-head-without-division", "city-role",
        "no-role", "unknown-division", "unknown-office", "bad-email", "no-name", "long-name",
        "long-title"])
def test_a_staff_account_with_a_missing_or_wrong_answer_is_not_created(
        client, admin, changes, field, message):
    response = client.submit("/admin/users/new", {**NEW_ACCOUNT, **changes})
    assert response.status_code == 200
    summary = error_summary(response.get_data(as_text=True))
    assert f'href="#{field}"' in summary and message in summary
    assert users() == 1
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_an_email_address_already_in_use_is_refused(client, admin, make_city_user):
    make_city_user(email="rep@lyon.example")
    response = client.submit("/admin/users/new", {**NEW_ACCOUNT, "email": "REP@Lyon.example"})
    summary = error_summary(response.get_data(as_text=True))
    assert 'href="#email"' in summary and "An account already uses this email address" in summary
    assert users() == 2


def test_a_division_head_is_created_with_office_and_division(client, admin):
    edc = division_by_code("EDC")
    response = client.submit("/admin/users/new", {
        **NEW_ACCOUNT, "email": "harper@toronto.example", "role": "signing_authority",
        "signing_office": "division_head", "division_id": str(edc.id)})
    assert response.status_code == 302
    harper = fetch("harper@toronto.example")
    assert harper.signing_office == "division_head" and harper.division_id == edc.id


# Changing accounts -------------------------------------------------------------------------

def test_an_administrator_changes_role_division_and_office(client, admin, make_staff):
    dana = make_staff("dana@toronto.example", Role.DIVISION_STAFF, division="EDC",
                      name="Dana Division")
    form = client.get(f"/admin/users/{dana.id}").get_data(as_text=True)
    edc, tph = division_by_code("EDC"), division_by_code("TPH")
    assert f'<option value="{edc.id}" selected>' in form
    assert 'value="division_staff" checked' in form

    response = client.submit(f"/admin/users/{dana.id}", {
        "name": "Dana Division", "job_title": "General Manager", "role": "signing_authority",
        "signing_office": "division_head", "division_id": str(tph.id)})
    assert response.status_code == 302
    dana = fetch("dana@toronto.example")
    assert (dana.role, dana.signing_office, dana.division_id, dana.job_title) == (
        "signing_authority", "division_head", tph.id, "General Manager")
    [updated] = audit("account.updated")
    assert updated.actor_id == admin.id
    assert updated.detail["before"]["role"] == "division_staff"
    assert updated.detail["after"]["role"] == "signing_authority"
    assert updated.detail["after"]["division_id"] == tph.id

    client.submit(f"/admin/users/{dana.id}", {
        "name": "Dana Division", "job_title": "Reviewer", "role": "cco_reviewer",
        "signing_office": "division_head", "division_id": ""})
    dana = fetch("dana@toronto.example")
    assert (dana.role, dana.signing_office, dana.division_id) == ("cco_reviewer", None, None)
    assert len(audit("account.updated")) == 2


def test_an_edit_with_a_missing_answer_changes_nothing(client, admin, make_staff):
    dana = make_staff("dana@toronto.example", Role.DIVISION_STAFF, division="EDC")
    response = client.submit(f"/admin/users/{dana.id}", {
        "name": "Dana", "job_title": "Officer", "role": "division_staff", "division_id": ""})
    assert "Select the division this person works in" in error_summary(
        response.get_data(as_text=True))
    assert fetch("dana@toronto.example").division_id == division_by_code("EDC").id
    assert audit("account.updated") == []


def test_an_administrator_cannot_remove_their_own_administrator_role(client, admin):
    response = client.submit(f"/admin/users/{admin.id}", {
        "name": "Avery Admin", "job_title": "Officer", "role": "cco_reviewer",
        "division_id": "", "signing_office": ""})
    assert response.status_code == 200
    summary = error_summary(response.get_data(as_text=True))
    assert 'href="#role"' in summary
    assert "You cannot remove your own administrator role" in summary
    assert fetch(ADMIN).role == "admin"
    assert audit("account.updated") == []


def test_a_city_account_is_not_edited_as_a_staff_account(client, admin, make_city_user):
    rep = make_city_user()
    assert client.get(f"/admin/users/{rep.id}").status_code == 404
    assert client.get("/admin/users/999999").status_code == 404


def text(response) -> str:
    """Return the page's text as a reader sees it."""
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def test_deactivating_asks_first_and_says_what_will_happen(client, admin, make_staff):
    rosa = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, name="Rosa Reviewer")
    listing = client.get("/admin/users").get_data(as_text=True)
    # The list offers a link to a page that asks, not a button that acts at once.
    assert f'href="/admin/users/{rosa.id}/deactivate">Deactivate' in listing
    assert f'action="/admin/users/{rosa.id}/deactivate"' not in listing
    confirm = client.get(f"/admin/users/{rosa.id}/deactivate")
    assert confirm.status_code == 200
    page = text(confirm)
    assert "Deactivate Rosa Reviewer's account?" in page
    assert "rosa@toronto.example" in page and "CCO reviewer" in page
    assert "Rosa Reviewer is signed out at once, everywhere they are signed in." in page
    assert "They cannot sign in, or reset their password, until an administrator " \
           "reactivates the account." in page
    assert "Their requests, answers and everything recorded under their name stay" in page
    assert fetch("rosa@toronto.example").active  # opening the page changed nothing
    assert audit("account.deactivated") == []


def test_an_administrator_deactivates_and_reactivates_an_account(app, client, admin,
                                                                 make_staff):
    rosa = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, name="Rosa Reviewer")
    response = client.submit(f"/admin/users/{rosa.id}/deactivate")
    assert response.status_code == 302
    page = text(client.get("/admin/users"))
    assert ("Rosa Reviewer's account is deactivated: they are signed out and cannot "
            "sign in.") in page
    assert "Deactivated" in page
    assert not fetch("rosa@toronto.example").active
    rosa_browser = app.test_client()
    assert login(rosa_browser, "rosa@toronto.example").status_code == 200

    client.submit(f"/admin/users/{rosa.id}/reactivate", page="/admin/users")
    assert "Rosa Reviewer can now sign in." in client.get("/admin/users").get_data(as_text=True)
    assert fetch("rosa@toronto.example").active
    assert login(rosa_browser, "rosa@toronto.example").status_code == 302

    [off] = audit("account.deactivated")
    [on] = audit("account.activated")
    assert off.actor_id == on.actor_id == admin.id
    assert off.subject == on.subject == f"user:{rosa.id}"


def test_an_account_is_deactivated_once_and_reactivated_once(client, admin, make_staff):
    rosa = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, name="Rosa Reviewer")
    page = f"/admin/users/{rosa.id}/deactivate"
    token = client.token_from(page)
    assert client.post(page, data={"csrf_token": token}).status_code == 302
    again = client.post(page, data={"csrf_token": token})  # the same form, sent twice
    assert again.status_code == 302
    assert "This account is already deactivated." in text(client.get("/admin/users"))
    assert client.get(page).status_code == 302  # no page asking to do what is done
    assert len(audit("account.deactivated")) == 1
    client.submit(f"/admin/users/{rosa.id}/reactivate", page="/admin/users")
    client.submit(f"/admin/users/{rosa.id}/reactivate", page="/admin/users")
    assert "This account is already active." in text(client.get("/admin/users"))
    assert len(audit("account.activated")) == 1


def test_an_administrator_cannot_deactivate_their_own_account(client, admin):
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Deactivate" not in page  # no button for oneself
    opened = client.get(f"/admin/users/{admin.id}/deactivate")
    assert opened.status_code == 302
    assert "You cannot deactivate your own account." in text(client.get("/admin/users"))
    posted = client.submit(f"/admin/users/{admin.id}/deactivate", page="/admin/users")
    assert posted.status_code == 302
    assert "You cannot deactivate your own account." in text(client.get("/admin/users"))
    assert fetch(ADMIN).active
    assert audit("account.deactivated") == []


def test_a_deactivated_administrator_loses_access_at_once(app, client, admin, make_staff):
    make_staff("second.admin@toronto.example", Role.ADMIN)
    other = app.test_client()
    login(other, "second.admin@toronto.example")
    other.submit(f"/admin/users/{admin.id}/deactivate")
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


# The outbox --------------------------------------------------------------------------------

def test_the_outbox_lists_every_message_and_shows_each_one(client, admin, make_city_user):
    rep = make_city_user(confirmed=False)
    from portal.auth import services

    services.send_confirmation(rep)
    db.session.commit()
    [message] = db.session.scalars(select(OutboxMessage)).all()

    listing = client.get("/admin/outbox").get_data(as_text=True)
    assert "rep@lyon.example" in listing
    assert "Confirm your email address for the IAP Portal" in listing
    assert "Not sent" in listing
    shown = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert "Dear Camille Martin" in shown
    link = LINK_RE.search(message.body).group(0)
    assert f'<a href="{link}"' in shown  # the link can be followed from the page
    assert client.get("/admin/outbox/999999").status_code == 404


def test_markup_in_a_message_is_shown_escaped(client, admin):
    message = notifications.queue_message(
        "test", "<b>to</b>@example.org", "<i>Subject</i> & more",
        "Hello <script>alert(1)</script>\nVisit http://portal.test/requests")
    db.session.commit()
    listing = client.get("/admin/outbox").get_data(as_text=True)
    assert "<i>Subject</i>" not in listing and "&lt;i&gt;Subject&lt;/i&gt; &amp; more" in listing
    assert "<b>to</b>" not in listing
    shown = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;i&gt;Subject&lt;/i&gt;" in shown


def test_the_outbox_is_shown_a_page_at_a_time(client, admin):
    for number in range(55):
        notifications.queue_message("test", f"person{number}@example.org", f"Message {number}",
                                    "Body")
    db.session.commit()
    first = client.get("/admin/outbox").get_data(as_text=True)
    assert "Message 54" in first and "Message 4<" not in first
    assert "Page 1 of 2" in first
    second = client.get("/admin/outbox?page=2").get_data(as_text=True)
    assert "Message 4<" in second and "Message 54" not in second
    assert client.get("/admin/outbox?page=abc").status_code == 200
    assert client.get("/admin/outbox?page=-3").status_code == 200
