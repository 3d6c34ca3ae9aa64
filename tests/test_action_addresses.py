"""An action's address opened as a page leads to the page the action belongs to, not a 405.

Actions take posts only. A failed one answers at its own address with its page and what the
person typed; reloading that address, or coming back to it after signing in again, opens it
with a GET, which now leads to the action's page (the request, the account, the list).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from flask import url_for

from portal.policy.page_actions import PageAction
from portal.policy.roles import Role
from tests.conftest import PASSWORD, login
from tests.factories import submitted_request


@pytest.fixture()
def reviewer(make_staff):
    return make_staff("reviewer@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")


def _location(response) -> str:
    assert response.status_code == 303, response.status_code
    return urlsplit(response.headers["Location"]).path


def test_reloading_a_failed_score_change_opens_the_request_page(client, make_city_user,
                                                                  reviewer):
    req = submitted_request(make_city_user())
    login(client, reviewer.email)
    url = f"/review/requests/{req.id}/scores/track_record"
    failed = client.submit(url, {"track_record-score": "4",
                                 "track_record-justification": ""},
                           page=f"/review/requests/{req.id}")
    assert failed.status_code == 400  # shown in place, the score chosen still chosen
    assert re.search(r'value="4"[^>]*checked', failed.get_data(as_text=True))

    reloaded = client.get(url)
    assert _location(reloaded) == f"/review/requests/{req.id}"
    page = client.get(f"/review/requests/{req.id}")
    assert page.status_code == 200 and req.reference in page.get_data(as_text=True)


@pytest.mark.parametrize(("action", "page"), [
    ("/review/requests/{id}/act/recommend", "/review/requests/{id}"),
    ("/review/requests/{id}/concern", "/review/requests/{id}"),
    ("/review/requests/{id}/drafts/1/approve", "/review/requests/{id}"),
    ("/review/requests/{id}/signatory", "/review/requests/{id}"),
    ("/representatives/{id}/verify", "/representatives/{id}"),
    ("/logout", "/"),
])
def test_an_action_opened_as_a_page_leads_to_its_page(client, make_city_user, reviewer,
                                                      action, page):
    req = submitted_request(make_city_user())
    login(client, reviewer.email)
    assert _location(client.get(action.format(id=req.id))) == page.format(id=req.id)
    assert _location(client.head(action.format(id=req.id))) == page.format(id=req.id)


def test_reactivating_opened_as_a_page_leads_to_the_list_of_accounts(client, make_staff):
    make_staff("admin@toronto.example", Role.ADMIN, "CCO")
    other = make_staff("other@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "admin@toronto.example")
    assert _location(client.get(f"/admin/users/{other.id}/reactivate")) == "/admin/users"


def test_coming_back_to_an_action_after_signing_in_again_opens_its_page(
        client, make_city_user, reviewer):
    req = submitted_request(make_city_user())
    action = f"/review/requests/{req.id}/concern"
    signed_in = client.submit(f"/login?next={quote(action, safe='')}",
                              {"email": reviewer.email, "password": PASSWORD}, page="/login")
    assert signed_in.headers["Location"] == action
    assert _location(client.get(action)) == f"/review/requests/{req.id}"
    assert client.get(f"/review/requests/{req.id}").status_code == 200


def test_a_visitor_or_a_stranger_reaches_no_more_than_the_page_would_give_them(
        client, make_city_user):
    req = submitted_request(make_city_user())
    action = f"/review/requests/{req.id}/concern"
    assert _location(client.get(action)) == f"/review/requests/{req.id}"
    assert urlsplit(client.get(f"/review/requests/{req.id}").headers["Location"]).path == (
        "/login")
    make_city_user(email="someone@mail.example", city="Lyon", name="Sam Stranger",
                   verified=False)
    login(client, "someone@mail.example")
    assert _location(client.get(action)) == f"/review/requests/{req.id}"
    assert client.get(f"/review/requests/{req.id}").status_code == 403


def test_other_methods_and_unknown_addresses_are_still_refused(client, make_city_user,
                                                               reviewer):
    req = submitted_request(make_city_user())
    login(client, reviewer.email)
    assert client.put(f"/review/requests/{req.id}/concern").status_code == 405
    assert client.delete("/logout").status_code == 405
    assert client.post("/registry").status_code == 405  # a page, not an action
    assert client.get(f"/review/requests/{req.id}/nothing-here").status_code == 404


def test_an_action_is_addressed_by_its_name_and_an_unknown_name_is_not_found(
        app, client, make_city_user, reviewer):
    req = submitted_request(make_city_user())
    login(client, reviewer.email)
    page = f"/review/requests/{req.id}"
    with app.test_request_context():
        assert url_for("review.act", request_id=req.id,
                       name=PageAction.RECORD_CONSULTATION) == (
            f"{page}/act/record-consultation")
    for name in ("delete-everything", "start_triage", "START-TRIAGE"):
        assert client.submit(f"{page}/act/{name}", {"version": str(req.version)},
                             page=page).status_code == 404
    assert client.get(f"{page}/decide/delete-everything").status_code == 404
    started = client.submit(f"{page}/act/start-triage", {"start-triage-version": req.version},
                            page=page)
    assert started.status_code == 302 and urlsplit(started.headers["Location"]).path == page
    assert "Triage started." in client.get(page).get_data(as_text=True)
