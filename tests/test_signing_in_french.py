"""Who decides, why they decide and the start date's refusals are read in French on French pages.

The policy writes these sentences once, in English, as phrases (``policy.signatories``,
``policy.decisions``, ``policy.parties``); a page in French says them from the catalogue,
amounts in French currency format. The app offers French from the real catalogue, compiled
afresh (``tests/test_email_language.py``), and each person reads it by the language cookie.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.policy.roles import Role, SigningOffice
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import city_user, staff_user, submitted_request
from tests.journeys import NEXT_YEAR, answer, start_request
from tests.test_review import act


def reader(app: Flask, email: str, language: str = "fr_CA") -> FlaskClient:
    """Return a browser reading the portal in ``language``, signed in as ``email``."""
    browser = app.test_client()
    browser.set_cookie("language", language)
    login(browser, email)
    return browser


def text(response) -> str:
    """Return the page's text as read, every kind of space one space."""
    shown = html.unescape(response.get_data(as_text=True)).replace("\u202f", " ")
    return re.sub(r"\s+", " ", shown.replace("\u00a0", " "))


def test_a_signing_authority_who_does_not_decide_is_told_who_does_in_french(french_app):
    with french_app.app_context():
        division_by_code("EDC").head_name = "Harper Head"
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        staff_user("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                   office=SigningOffice.DIVISION_HEAD, name="Harper Head")
        staff_user("mayor@toronto.example", Role.SIGNING_AUTHORITY,
                   office=SigningOffice.MAYORS_OFFICE, name="Mayor's Office")
        division = staff_user("dana@toronto.example", Role.DIVISION_STAFF, "EDC",
                              name="Dana Division")
        req_id = submitted_request(division, anticipated_cost=Decimal("20000"),
                                   requested_category="international_project",
                                   term_years=2).id
    reviewer = reader(french_app, "rosa@toronto.example", "en")
    for step in ("start-triage", "start-review"):
        assert act(reviewer, req_id, step).status_code == 302
    assert act(reviewer, req_id, "recommend", {"text": "Sound proposal."}).status_code == 302

    who_decides = "Le chef de division (Economic Development and Culture) décide de cette demande."
    mayor = reader(french_app, "mayor@toronto.example")
    page = text(mayor.get(f"/review/requests/{req_id}"))
    assert who_decides in page and "decides this request" not in page
    # Approving anyway is refused with the same sentence, flashed above the page's own.
    forged = mayor.submit(f"/review/requests/{req_id}/act/approve",
                          {"approve-version": "1", "approve-text": "Approved."},
                          page=f"/review/requests/{req_id}")
    assert forged.status_code == 409
    assert text(forged).count(who_decides) == 2 and "decides this request" not in text(forged)

    # The Division Head reads why the decision is theirs, the amounts in French format,
    # and, before approving, the step that follows in its own lower-case words.
    head = reader(french_app, "harper@toronto.example")
    confirm = text(head.get(f"/review/requests/{req_id}/decide/approve"))
    assert "Prochaine étape : rédiger l'accord, par le Bureau du greffier municipal." in confirm
    home = text(head.get("/home"))
    assert ("Le coût prévu de 20 000,00 $ est compris dans le pouvoir de signature financier "
            "du chef de division (") in home
    assert "The anticipated cost" not in home and "$20,000.00" not in home


def test_a_start_date_in_the_past_is_refused_in_french_at_the_field(french_app):
    with french_app.app_context():
        city_user(email="claire@lyon.example", name="Claire Dubois")
    browser = reader(french_app, "claire@lyon.example")
    draft = start_request(browser)
    refused = answer(browser, draft, "agreement", {
        "requested_category": "international_project", "term_years": "3",
        "start_date-day": "1", "start_date-month": "1", "start_date-year": str(NEXT_YEAR - 3)})
    assert refused.status_code == 200
    shown = text(refused)
    # Once in the summary of problems, once at the field, with what was typed kept.
    assert shown.count("La date de début doit être aujourd'hui ou plus tard") == 2
    assert "Start date must be" not in shown
    assert f'name="start_date-year" type="text" inputmode="numeric" value="{NEXT_YEAR - 3}"' \
        in refused.get_data(as_text=True)


def test_the_partnership_signatory_choice_is_refused_in_french(french_app):
    with french_app.app_context():
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        project = submitted_request(city_user("rita@porto.example", "Porto", "PT")).id
        partnership = submitted_request(city_user(), requested_category="partnership_city",
                                        term_years=5)
        partnership.status = "recommended"
        db.session.commit()
        partnership_id = partnership.id
    reviewer = reader(french_app, "rosa@toronto.example")
    refused = reviewer.submit(f"/review/requests/{project}/signatory",
                              {"office": "city_manager"}, page=f"/review/requests/{project}")
    assert refused.status_code == 409
    assert ("Le signataire n'est choisi que pour une Ville partenaire; le signataire d'un "
            "Projet international découle de son coût et de sa division parraine.") in text(refused)

    # The status is named mid-sentence in its own French words, not the label lower-cased.
    settled = text(reviewer.get(f"/review/requests/{partnership_id}"))
    assert ("Le signataire est fixé : cette demande est recommandée, et elle garde le "
            "signataire choisi avant la recommandation.") in settled
    assert "The signatory is settled" not in settled
