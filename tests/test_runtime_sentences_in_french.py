"""Sentences the portal composes as it answers read in French on a French page.

A refused file is said beside its field, and what changed since a page was drawn on the
409 page, each with its values (a limit, a name, what was typed) as they are.
"""

from __future__ import annotations

import html
import re

import pytest
from flask_babel import force_locale

from portal.extensions import db
from portal.policy.roles import Role
from portal.translation import translate
from portal.uploads import UploadRefused, check_upload
from tests.conftest import Browser, login
from tests.factories import city_user, staff_user, submitted_request
from tests.french import french_browser, text
from tests.journeys import start_request, upload_contacts

NOT_A_DOCUMENT = b"MZ\x90\x00 this is a program"


def test_a_refused_letter_is_said_in_french_beside_the_field(french_app):
    with french_app.app_context():
        city_user()
        db.session.commit()
    browser = french_browser(french_app)
    login(browser, "rep@lyon.example")
    request_id = start_request(browser)

    refused = upload_contacts(browser, request_id, content=NOT_A_DOCUMENT,
                              filename="letter.pdf")

    assert refused.status_code == 200
    assert "Le fichier sélectionné doit être un PDF ou un document Word" in text(refused)
    assert "must be a PDF" not in text(refused)


def test_a_file_too_large_is_refused_with_its_limit_in_french(french_app):
    # Checked without a request: a test upload this large is spooled to a file the test
    # client leaves open.
    with french_app.test_request_context(), force_locale("fr_CA"):
        with pytest.raises(UploadRefused) as refused:
            check_upload("letter.pdf", b"%PDF-" + b"0" * 1_100_000, 1_000_000)
        assert translate(refused.value.message) == (
            "Le fichier sélectionné doit faire moins de 1 Mo")


def _version_on_page(browser: Browser, request_id: int, field: str) -> str:
    page = browser.get(f"/review/requests/{request_id}").get_data(as_text=True)
    found = re.search(rf'name="{re.escape(field)}"[^>]*value="(\d+)"', page) or re.search(
        rf'value="(\d+)"[^>]*name="{re.escape(field)}"', page)
    assert found, f"{field} not on the page"
    return found.group(1)


def test_a_score_changed_since_the_page_was_drawn_is_said_in_french(french_app):
    with french_app.app_context():
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        staff_user("omar@toronto.example", Role.CCO_REVIEWER, "CCO", name="Omar Other")
        request_id = submitted_request(city_user()).id
        db.session.commit()
    url, page = f"/review/requests/{request_id}/scores/track_record", \
        f"/review/requests/{request_id}"
    rosa, omar = french_browser(french_app), french_browser(french_app)
    login(rosa, "rosa@toronto.example")
    login(omar, "omar@toronto.example")
    tab = _version_on_page(omar, request_id, "track_record-version")
    assert rosa.submit(url, {"track_record-score": "3", "track_record-version": tab,
                             "track_record-justification": "Twinned schools since 2010."},
                       page=page).status_code == 302

    late = omar.submit(url, {"track_record-score": "1", "track_record-version": tab,
                             "track_record-justification": "No joint work."}, page=page)

    assert late.status_code == 409
    assert ("Rosa Reviewer a changé cette note pour 3 sur 4 depuis que vous avez ouvert la "
            "page : « Twinned schools since 2010. »") in text(late)


def test_the_sections_left_to_complete_are_named_in_french(french_app):
    with french_app.app_context():
        city_user()
        db.session.commit()
    browser = french_browser(french_app)
    login(browser, "rep@lyon.example")
    request_id = start_request(browser)

    page = text(browser.get(f"/requests/{request_id}/check"))

    assert "Remplissez la section « Type d'accord »" in page
    assert "Complete the section" not in page


def test_a_risk_reason_the_queue_keeps_is_said_in_each_readers_language(french_app):
    """Each reason is said once per language by a worker (translation.translate_kept)."""
    from portal.assessment import services as assessment

    with french_app.app_context():
        rosa = staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        req = submitted_request(city_user())
        assessment.raise_reputational_concern(req, rosa, "Press coverage of the trip.")
        db.session.commit()
    english, french = french_app.test_client(), french_browser(french_app)
    login(english, "rosa@toronto.example")
    login(french, "rosa@toronto.example")
    for _ in range(2):
        assert ('title="Raised by a reviewer: Press coverage of the trip."'
                in english.get("/review/requests").get_data(as_text=True))
        page = html.unescape(french.get("/review/requests").get_data(as_text=True))
        assert ('title="Soulevée par un examinateur : Press coverage of the trip."'
                in page.replace("\u00a0", " "))
