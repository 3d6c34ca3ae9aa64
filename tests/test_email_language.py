"""Each message is written in its recipient's language, whoever's request sends it.

The French catalogue is compiled afresh for a second app offering French (``tests/french.py``).
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage, User
from tests.factories import city_user


def outbox(app: Flask) -> dict[str, OutboxMessage]:
    with app.app_context():
        return {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}


def test_a_password_reset_is_written_in_the_account_holders_language(french_app):
    with french_app.app_context():
        claire = city_user(email="claire@lyon.example", name="Claire Dubois")
        claire.language = "fr_CA"
        city_user(email="rita@porto.example", city="Porto", country="PT", name="Rita Porto")
        db.session.commit()
    english_browser = french_app.test_client()
    english_browser.submit("/password/forgot", {"email": "claire@lyon.example"})
    # Asked from a browser reading the portal in French, for an account that never chose.
    french_browser = french_app.test_client()
    french_browser.set_cookie("language", "fr_CA")
    french_browser.submit("/password/forgot", {"email": "rita@porto.example"})

    messages = outbox(french_app)
    french = messages["claire@lyon.example"]
    assert french.subject == "Réinitialisez votre mot de passe du Portail IAP"
    assert french.body.startswith("Bonjour Claire Dubois,")
    assert "Programme d'alliances internationales" in french.body
    english = messages["rita@porto.example"]
    assert english.subject == "Reset your IAP Portal password"
    assert english.body.startswith("Dear Rita Porto,")
    assert "International Alliance Program" in english.body


def test_the_french_catalogue_is_what_a_french_page_reads(french_app):
    """The catalogue reaches the pages too: the header's title in French."""
    browser = french_app.test_client()
    page = browser.get("/login", headers={"Accept-Language": "fr-CA"}).get_data(as_text=True)
    assert '<html lang="fr-CA">' in page
    assert "Programme d'alliances internationales" in page
    assert ">Se connecter<" in page


def test_a_french_speaking_citys_receipt_and_withdrawal_are_in_french(french_app):
    from portal.intake import services as intake
    from tests.factories import submitted_request

    with french_app.app_context():
        claire = city_user(email="claire@lyon.example", name="Claire Dubois")
        claire.language = "fr_CA"
        db.session.commit()
        req = submitted_request(claire, title="Fête des lumières")
        intake.withdraw(req, claire, "")
        db.session.commit()
        sent = list(db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == "claire@lyon.example").order_by(OutboxMessage.id)))
    bodies = "\n".join(m.body for m in sent)
    assert "Nous avons reçu votre demande «\u00a0Fête des lumières\u00a0»." in bodies
    assert "a été retirée" in bodies
    assert "We have received" not in bodies and "has been withdrawn" not in bodies


def test_a_city_registering_in_french_keeps_french_and_is_sent_its_link_in_french(french_app):
    from tests.test_auth import REGISTRATION

    browser = french_app.test_client()
    browser.set_cookie("language", "fr_CA")
    browser.submit("/register", {"government_kind": "city"})
    answer = browser.submit("/register/details", {**REGISTRATION, "email": "lea@nantes.example"})
    assert answer.status_code == 200
    english_browser = french_app.test_client()
    english_browser.submit("/register", {"government_kind": "city"})
    english_browser.submit("/register/details", {**REGISTRATION, "email": "sam@porto.example"})

    with french_app.app_context():
        languages = dict(db.session.execute(select(User.email, User.language)).all())
    assert languages["lea@nantes.example"] == "fr_CA"
    assert languages["sam@porto.example"] is None  # registered in the default: no choice kept
    messages = outbox(french_app)
    assert messages["lea@nantes.example"].subject == \
        "Confirmez votre adresse courriel pour le Portail IAP"
    assert messages["sam@porto.example"].subject == "Confirm your email address for the IAP Portal"
