"""Staff compare two versions of a draft agreement on a page and as tracked changes in Word."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from io import BytesIO

import pytest

from portal.models import EngagementRequest
from portal.policy.lifecycle import Action
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import advance, submitted_request
from tests.forms import generate_draft
from tests.test_agreements import approved_request, staff, switch, text  # noqa: F401

OBJECTIVES = ("Pilot shade and water measures on two streets in each city.\n"
              "Share the results with residents of both cities.")


def two_versions(client, reviewer, req: EngagementRequest) -> None:
    """Generate version 1, then version 2 with one objective and the start date changed.

    The reviewer changes them on the agreement details form, as a person would.
    """
    login(client, reviewer.email)
    assert generate_draft(client, req.id).status_code == 302
    assert generate_draft(client, req.id, {
        "objectives": OBJECTIVES.replace("two streets", "three streets"),
        "start_date-month": "10"}).status_code == 302


@pytest.fixture()
def drafted(client, make_city_user, staff):  # noqa: F811
    """Return a city's request whose draft has two versions, the reviewer signed in."""
    req = approved_request(make_city_user(), staff, objectives=OBJECTIVES,
                           start_date=date(date.today().year + 1, 9, 1))
    two_versions(client, staff["reviewer"], req)
    return req


def compare_url(req: EngagementRequest, **args: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/review/requests/{req.id}/drafts/compare" + (f"?{query}" if query else "")


def test_the_reviewer_compares_the_two_versions_from_the_request_page(client, drafted):
    page = client.get(f"/review/requests/{drafted.id}").get_data(as_text=True)
    assert "Compare versions" in page
    form = re.search(r'<form method="get" action="([^"]+)".*?</form>', page, re.S)
    assert form is not None and form.group(1) == compare_url(drafted)
    # The two newest are chosen already: version 1 against version 2.
    assert re.search(r'<option value="1" selected>', form.group(0))
    assert re.search(r'<option value="2" selected>', form.group(0))

    shown = client.get(compare_url(drafted, from_version="1", to_version="2"))
    assert shown.status_code == 200
    body = text(shown)
    assert "Changes from version 1 to version 2" in body
    # The objective, the term, and the effective date that names the start date; Lyon's
    # draft is bilingual, so the French version's term, renewal and effective date too.
    assert "7 paragraphs changed." in body
    html_ = shown.get_data(as_text=True)
    assert re.search(r"<del>[^<]*<span[^>]*>\[removed: </span>two<", html_)
    assert re.search(r"<ins>[^<]*<span[^>]*>\[added: </span>three<", html_)
    assert "<ins><span class=\"visually-hidden\">[added: </span>October" in html_
    # The untouched objective is not listed as a change.
    assert "Share the results" not in body


def test_the_tracked_changes_file_downloads_as_word_with_the_changes_by_the_portal(
        client, drafted):
    shown = client.get(compare_url(drafted, from_version="2", to_version="1"))
    link = re.search(r'href="(/review/requests/\d+/drafts/1/compare/2\.docx)"',
                     shown.get_data(as_text=True))
    assert link is not None  # chosen either way round, the changes read forward
    download = client.get(link.group(1))
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "_v2_changes-since-v1.docx" in download.headers["Content-Disposition"]
    xml = zipfile.ZipFile(BytesIO(download.data)).read("word/document.xml").decode()
    inserted = re.findall(r'<w:ins [^>]*w:author="IAP Portal"[^>]*>.*?<w:t[^>]*>([^<]*)<',
                          xml)
    deleted = re.findall(r"<w:delText[^>]*>([^<]*)<", xml)
    assert inserted[0] == "three" and deleted[0] == "two"
    assert "October" in inserted and "September" in deleted


def test_the_solicitor_compares_versions_too(client, drafted, staff):  # noqa: F811
    switch(client, staff["solicitor"])
    assert client.get(compare_url(drafted)).status_code == 200
    assert "Changes from version 1 to version 2" in text(client.get(compare_url(drafted)))
    assert client.get(f"/review/requests/{drafted.id}/drafts/1/compare/2.docx").status_code == 200


@pytest.mark.parametrize(("args", "field", "message"), [
    ({"from_version": "2", "to_version": "2"}, "to_version",
     "Choose two different versions to compare."),
    ({"from_version": "9", "to_version": "2"}, "from_version",
     "There is no version 9 of this draft."),
    ({"from_version": "1", "to_version": "abc"}, "to_version",
     "Choose a version number from the list."),
    ({"from_version": "²", "to_version": "1"}, "from_version",
     "Choose a version number from the list."),
])
def test_a_wrong_choice_is_told_at_its_field_never_a_500(client, drafted, args, field,
                                                         message):
    response = client.get(compare_url(drafted, **args))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = re.search(rf'<p id="{field}-error" class="error-message">(.*?)</p>', page, re.S)
    assert error is not None and message in error.group(1)
    assert f'href="#{field}"' in page  # and in the summary, linking to it
    assert "Changes from version" not in page


@pytest.mark.parametrize("path", ["2/compare/2.docx", "1/compare/9.docx", "0/compare/1.docx"])
def test_a_file_for_a_version_the_draft_lacks_is_not_found(client, drafted, path):
    assert client.get(f"/review/requests/{drafted.id}/drafts/{path}").status_code == 404


def test_with_one_version_the_page_says_there_is_nothing_to_compare_yet(
        client, make_city_user, staff):  # noqa: F811
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    page = f"/review/requests/{req.id}"
    generate_draft(client, req.id)
    assert "Compare versions" not in text(client.get(page))
    shown = client.get(compare_url(req))
    assert shown.status_code == 200
    assert "The draft has one version so far." in text(shown)


def test_the_city_a_stranger_and_another_division_are_refused_both_page_and_file(
        client, drafted, make_city_user, make_staff, staff):  # noqa: F811
    file = f"/review/requests/{drafted.id}/drafts/1/compare/2.docx"
    people = [
        drafted.submitter,  # the city that filed it reads only an approved version
        make_city_user(email="someone@mail.example", city=" LYON ", name="Sam Stranger",
                       verified=False),  # registered claiming the same city
        make_staff("pat@toronto.example", Role.DIVISION_STAFF, "CPL"),  # not consulted
    ]
    for person in people:
        switch(client, person)
        assert client.get(compare_url(drafted)).status_code == 404, person.email
        assert client.get(compare_url(drafted, from_version="1",
                                      to_version="2")).status_code == 404, person.email
        assert client.get(file).status_code == 404, person.email


def test_the_division_that_filed_a_proposal_compares_nothing(client, make_staff, staff):  # noqa: F811
    filer = make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC")
    proposal = submitted_request(filer)
    advance(proposal, staff["reviewer"], Action.START_TRIAGE, Action.START_REVIEW,
            Action.RECOMMEND)
    advance(proposal, staff["head"], Action.APPROVE)
    two_versions(client, staff["reviewer"], proposal)
    switch(client, filer)
    assert "Compare versions" not in text(client.get(f"/review/requests/{proposal.id}"))
    assert client.get(compare_url(proposal)).status_code == 404
