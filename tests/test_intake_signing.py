"""The intake asks what the agreement needs of its Parties.

The counterpart as a legal person, who signs for it and by what authority, who receives
notices, and the language of its version; a division names its own coordinator.
"""

from __future__ import annotations

import html
import re

from portal.extensions import db
from portal.models import EngagementRequest
from portal.policy.roles import Role
from tests.conftest import login
from tests.journeys import (
    CITY_COORDINATOR,
    CITY_PAGES,
    DIVISION_FIRST_PAGE,
    answer,
    fill_pages,
    start_request,
)

SIGNING = dict(CITY_PAGES)["signing"]


def text(response) -> str:
    """Return the page's words as a reader sees them, without the markup."""
    words = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(words))


def _request(request_id: int) -> EngagementRequest:
    db.session.expire_all()
    return db.session.get(EngagementRequest, request_id)


def test_a_city_gives_its_legal_name_signatory_and_coordinator(client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    page = client.get(f"/requests/{request_id}/signing")
    assert page.status_code == 200
    shown = text(page)
    # The example is from the counterpart's own country.
    assert "For example: Ville de Lyon" in shown
    assert "Who will sign for Lyon" in shown and "Coordinator for Lyon" in shown
    # France has one official language: nothing to choose.
    assert "Language of your city's version" not in shown
    assert answer(client, request_id, "signing", SIGNING).status_code == 302
    req = _request(request_id)
    assert req.counterpart_legal_name == "Ville de Lyon"
    assert req.counterpart_signatory_authority.startswith("As Mayor")
    assert req.counterpart_coordinator_address == "1 place de la Comédie\n69001 Lyon"
    assert req.counterpart_language == ""


def test_the_example_of_a_legal_name_follows_the_country(client, make_city_user):
    make_city_user("rep@porto.example", "Porto", "PT")
    login(client, "rep@porto.example")
    request_id = start_request(client)
    assert "For example: Município do Porto" in text(client.get(f"/requests/{request_id}/signing"))


def test_every_missing_answer_is_said_at_its_field_and_nothing_typed_is_lost(
        client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    response = answer(client, request_id, "signing", {
        "counterpart_legal_name": "Ville de Lyon", "counterpart_coordinator_email": "nope"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for field, message in (
            ("counterpart_signatory_name", "Enter the full name of the person who will sign"),
            ("counterpart_signatory_authority", "Enter the authority by which they sign"),
            ("counterpart_coordinator_email", "Enter an email address in the correct format"),
            ("counterpart_coordinator_address", "Enter the coordinator&#39;s postal address")):
        assert f'id="{field}-error"' in body, field
        assert message in body, field
    assert 'value="Ville de Lyon"' in body and 'value="nope"' in body
    # What was valid is kept, as "Save and continue" always saves.
    assert _request(request_id).counterpart_legal_name == "Ville de Lyon"


def test_a_country_with_several_official_languages_chooses_its_versions(
        client, make_city_user):
    make_city_user("rep@bruxelles.example", "Bruxelles", "BE")
    login(client, "rep@bruxelles.example")
    request_id = start_request(client)
    page = text(client.get(f"/requests/{request_id}/signing"))
    assert "Language of your city's version of the agreement" in page
    assert "Dutch" in page and "French" in page and "German" in page
    missing = answer(client, request_id, "signing", SIGNING)
    assert missing.status_code == 200
    assert "Select the language of your city&#39;s version of the agreement" in \
        missing.get_data(as_text=True)
    # Russian is no language of Belgium's: a forged choice is refused, not stored.
    forged = answer(client, request_id, "signing", {**SIGNING, "counterpart_language": "ru"})
    assert forged.status_code == 200 and "Select one of the options" in text(forged)
    assert _request(request_id).counterpart_language == ""
    chosen = answer(client, request_id, "signing", {**SIGNING, "counterpart_language": "fr"})
    assert chosen.status_code == 302
    assert _request(request_id).counterpart_language == "fr"
    check = text(client.get(f"/requests/{request_id}/check"))
    assert "Language of the counterpart's version French" in check


def test_the_check_page_lists_the_signing_answers_with_a_change_link(client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    fill_pages(client, request_id, CITY_PAGES)
    check = client.get(f"/requests/{request_id}/check").get_data(as_text=True)
    assert f"/requests/{request_id}/signing?return=check#counterpart_legal_name" in check
    shown = text(client.get(f"/requests/{request_id}/check"))
    assert "Ville de Lyon" in shown and "Grégory Doucet Maire de Lyon" in shown
    assert "1 place de la Comédie 69001 Lyon" in shown


def test_a_division_names_its_coordinator_and_what_it_knows_of_the_counterpart(
        client, make_staff):
    make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC")
    login(client, "dana@toronto.example")
    request_id = start_request(client)
    fill_pages(client, request_id, [DIVISION_FIRST_PAGE])
    page = text(client.get(f"/requests/{request_id}/signing"))
    assert "Coordinator for the City of Toronto" in page
    assert "Legal name of the counterpart city government (optional)" in page
    refused = answer(client, request_id, "signing", {})
    assert refused.status_code == 200
    assert "Enter the full name of your division&#39;s coordinator" in \
        refused.get_data(as_text=True)
    # The counterpart's signatory may be unknown yet: only the division's coordinator is asked.
    assert answer(client, request_id, "signing", CITY_COORDINATOR).status_code == 302
    req = _request(request_id)
    assert req.city_coordinator_email == "avery.chen@toronto.example"
    assert req.counterpart_signatory_name == ""
    check = text(client.get(f"/requests/{request_id}/check"))
    assert "Not given yet" in check


def test_another_citys_representative_cannot_open_or_answer_the_signing_page(
        client, make_city_user):
    make_city_user()
    make_city_user("rep@porto.example", "Porto", "PT")
    make_city_user("claims@lyon.example", " LYON ", "FR", verified=False)
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    answer(client, request_id, "signing", SIGNING)
    for intruder in ("rep@porto.example", "claims@lyon.example"):
        client.submit("/logout", page="/")
        login(client, intruder)
        assert client.get(f"/requests/{request_id}/signing").status_code == 404, intruder
        token = client.token_from("/requests")
        posted = client.post(f"/requests/{request_id}/signing", data={
            "csrf_token": token, "counterpart_legal_name": "Hijacked", "action": "continue"})
        assert posted.status_code == 404, intruder
    assert _request(request_id).counterpart_legal_name == "Ville de Lyon"
