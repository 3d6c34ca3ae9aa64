"""The portal end to end in French, in Chromium: a city registers, applies and is reviewed.

The portal is served offering English and French; the browsers ask for French pages
(``Accept-Language: fr-CA``), as a French-speaking city's would. Every label the test
clicks is looked up in the French catalogue (``Words``), so the steps are those of the
English journey, and a page left in English fails them. A city of France registers, fills
the intake and submits; the reviewer reads its request page; then, on the demo's approved
project, the reviewer confirms the agreement details and downloads the Word draft. Each step
is screenshotted and scanned by axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import People, serve_demo
from tests.browser.ui import (
    FRENCH_CATALOGUE,
    MINIMAL_PDF,
    Proposal,
    Recorder,
    Words,
    answer_agreement,
    answer_areas,
    answer_french_text,
    answer_purpose,
    answer_resources,
    answer_signing,
    answer_ties,
    expect_error_summary,
    fill_contacts,
    fill_date,
    fits_width,
    header_link,
    heading,
    sign_in,
)

FR = Words(FRENCH_CATALOGUE)
NEXT_YEAR = date.today().year + 1
EMAIL = "claire.morel@nantes.example"
PASSWORD = "loire quais jardins 2026"
NANTES = Proposal(
    title="Échange Nantes–Toronto sur les quais",
    start=date(NEXT_YEAR, 4, 1), term_years=2, cost="15000",
    purpose="Partager la manière dont les deux villes réaménagent leurs quais.",
    objectives="Échanger des urbanistes\nPublier un guide commun",
    activities="Visite d'étude au printemps\nAtelier à Toronto",
    outcome=("Urbanistes échangés", "Urbanistes accueillis", "6 d'ici 2029"),
    alignment="Appuie TransformTO et le plan du secteur riverain.",
    community_ties="Une communauté francophone active à Toronto.",
    funding_source="Budget de fonctionnement de Développement économique et Culture",
    staff_time="Deux employés, dix jours par an",
    counterpart_commitment="Salles et accueil",
    contact=("Johanna Rolland", "Maire de Nantes", "maire@nantes.example"),
    legal_name="Ville de Nantes",
    signatory=("Johanna Rolland", "Maire de Nantes",
               "En vertu de la délibération du conseil municipal"),
    coordinator=("Claire Morel", "Responsable des relations internationales", EMAIL,
                 "2 rue de l'Hôtel de Ville\n44094 Nantes"),
)


MARSEILLE_TITLE_FR = "Projet des villes portuaires sur la résilience à la chaleur"
CORRECTED_TITLE_FR = "Projet Marseille–Toronto des villes portuaires face à la chaleur"
NANTES_IN_FRENCH = (NANTES.title, NANTES.objectives, NANTES.activities,
                    "Urbanistes échangés : 6 d'ici 2029")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve this module a portal offering French, with the demo data as seeded."""
    yield from serve_demo(tmp_path_factory, PORTAL_LANGUAGES="en,fr_CA")


def _register(city: Page, steps: Recorder) -> None:
    city.goto("/")
    expect(city.locator("html")).to_have_attribute("lang", "fr-CA")
    steps.step(city, "la page d'accueil en français")
    city.get_by_role("button", name=FR("Start now")).click()
    expect(heading(city)).to_have_text(FR("Register your city"))
    city.get_by_role("button", name=FR("Continue")).click()
    expect_error_summary(city, FR)
    steps.step(city, "inscription sans type de gouvernement : l'erreur")
    city.get_by_role("radio", name=FR("City government"), exact=True).check()
    city.get_by_role("button", name=FR("Continue")).click()
    expect(heading(city)).to_have_text(FR("Your details"))
    city.get_by_label(FR("Full name")).fill("Claire Morel")
    city.get_by_label(FR("Job title")).fill("Responsable des relations internationales")
    city.get_by_label(FR("Email address")).fill(EMAIL)
    city.get_by_label(FR("City you represent")).fill("Nantes")
    city.get_by_label(FR("Country")).select_option(value="FR")
    city.get_by_label(FR("Create a password")).fill(PASSWORD)
    city.get_by_label(FR("Confirm your password")).fill(PASSWORD)
    steps.step(city, "vos renseignements")
    city.get_by_role("button", name=FR("Create account")).click()
    expect(heading(city)).to_have_text(FR("Check your email"))
    steps.step(city, "vérifiez vos courriels")


def _confirmation_link(admin: Page) -> str:
    """Read, in the administrator's outbox, the link sent to the city: written in French."""
    sign_in(admin, "admin@demo.example")
    header_link(admin, "Outbox").click()
    row = admin.get_by_role("row").filter(has_text=EMAIL)
    expect(row).to_contain_text(FR("Confirm your email address for the IAP Portal"))
    row.get_by_role("link").first.click()
    link = admin.get_by_role("main").get_by_role("link", name=re.compile(r"^http.*confirm"))
    href = link.get_attribute("href")
    assert href, "the confirmation message carries no link"
    return href


def _fill_intake(city: Page, letter: Path, steps: Recorder) -> None:
    city.get_by_role("button", name=FR("Start a new request")).click()
    steps.step(city, "liste des sections d'une nouvelle demande")
    city.get_by_role("link", name=re.compile(re.escape(FR("About you and your government")))
                     ).click()
    expect(city.get_by_label(FR("Your full name"))).to_have_value("Claire Morel")
    steps.step(city, "vous et votre gouvernement")
    city.get_by_role("button", name=FR("Save and continue")).click()
    expect(heading(city)).to_have_text(FR("Kind of agreement"))
    city.get_by_role("button", name=FR("Save and continue")).click()
    expect_error_summary(city, FR)
    steps.step(city, "type d'accord laissé vide : les erreurs")
    answer_agreement(city, NANTES, FR)
    expect(heading(city)).to_have_text(FR("Purpose, objectives and outcomes"))
    steps.step(city, "objet, objectifs et résultats")
    answer_purpose(city, NANTES, FR)
    # Nantes speaks French: its agreement is bilingual, so its words are asked in French.
    expect(heading(city)).to_have_text(FR("The agreement's words in French"))
    steps.step(city, "les mots de l'entente en français")
    answer_french_text(city, NANTES_IN_FRENCH, FR)
    expect(heading(city)).to_have_text(FR("Areas of cooperation"))
    answer_areas(city, NANTES, FR)
    expect(heading(city)).to_have_text(FR("Community ties and relationship"))
    answer_ties(city, NANTES, FR)
    expect(heading(city)).to_have_text(FR("Resources"))
    steps.step(city, "ressources")
    answer_resources(city, NANTES, FR)
    expect(heading(city)).to_have_text(FR("Signing and notices"))
    steps.step(city, "signature et avis")
    answer_signing(city, NANTES, FR)
    expect(heading(city)).to_have_text(FR("Contact and letter of intent"))
    fill_contacts(city, NANTES, letter, FR("Letter of intent or endorsement"), FR)
    steps.step(city, "personne-ressource et lettre d'intention")
    city.get_by_role("button", name=FR("Save and continue")).click()


def _check_and_submit(city: Page, steps: Recorder) -> str:
    expect(heading(city)).to_contain_text(FR("Check your answers before submitting"))
    expect(city.get_by_role("definition").filter(has_text=NANTES.title).first).to_be_visible()
    steps.step(city, "vérifiez vos réponses")
    city.get_by_role("button", name=FR("Accept and submit")).click()
    expect_error_summary(city, FR)
    steps.step(city, "soumettre sans confirmer : l'erreur")
    city.get_by_role("checkbox", name=FR(
        "I confirm that the information in this request is correct and that I may submit it "
        "on behalf of the government or division named.")).check()
    city.get_by_role("button", name=FR("Accept and submit")).click()
    expect(heading(city)).to_have_text(FR("Request submitted"))
    steps.step(city, "demande soumise")
    return city.get_by_text(re.compile(r"^IAP-\d{4}-\d{4}$")).inner_text().strip()


def test_a_french_speaking_city_applies_in_french_and_is_reviewed_in_french(
        people: People, steps: Recorder, tmp_path: Path) -> None:
    letter = tmp_path / "lettre-d-intention.pdf"
    letter.write_bytes(MINIMAL_PDF)
    city, admin = people(locale="fr-CA"), people()

    _register(city, steps)
    city.goto(_confirmation_link(admin))
    expect(city.get_by_role("status")).to_contain_text(
        FR("Thank you: your email address is confirmed."))
    steps.step(city, "adresse courriel confirmée")
    sign_in(city, EMAIL, PASSWORD, FR)
    steps.step(city, "mes demandes")
    _fill_intake(city, letter, steps)
    reference = _check_and_submit(city, steps)

    # On a phone, the city follows its request: what happens next, in French.
    phone = people(width=390, locale="fr-CA")
    sign_in(phone, EMAIL, PASSWORD, FR)
    phone.get_by_role("link", name=re.compile(re.escape(reference))).first.click()
    expect(phone.get_by_role("heading", name=FR("What happens next"))).to_be_visible()
    scrolled, window = fits_width(phone)
    assert scrolled <= window  # nothing wider than the phone
    steps.step(phone, "la demande suivie sur un téléphone")

    # The reviewer reads the portal in French too: the queue, then the request's page.
    reviewer = people(locale="fr-CA")
    sign_in(reviewer, "reviewer@demo.example", words=FR)
    header_link(reviewer, FR("Requests"), FR).click()
    expect(heading(reviewer)).to_have_text(FR("Review queue"))
    steps.step(reviewer, "file d'examen")
    reviewer.get_by_role("link", name=reference, exact=True).click()
    expect(heading(reviewer)).to_contain_text(NANTES.title)
    expect(reviewer.locator("html")).to_have_attribute("lang", "fr-CA")
    steps.step(reviewer, "la page de la demande")

    # The Word draft of the demo's approved project with Marseille, from the French pages:
    # Marseille speaks French, so the draft is in English, then in French.
    reviewer.goto("/review/requests?q=Marseille")
    reviewer.get_by_role("table").get_by_role("link", name=re.compile(r"^IAP-")).first.click()
    reviewer.get_by_role("link", name=FR("Generate draft agreement")).click()
    expect(heading(reviewer)).to_have_text(FR("Agreement details"))
    french_title = reviewer.get_by_label(FR("Title, in French"))
    expect(french_title).to_have_value(MARSEILLE_TITLE_FR)
    french_title.fill("")
    reviewer.get_by_role("button", name=re.compile(
        "^" + re.escape(FR("Confirm and generate version %(v)s", v=1)))).click()
    expect_error_summary(reviewer, FR)
    expect(reviewer.locator("#title_fr-error")).to_contain_text(FR("Enter the title in French"))
    steps.step(reviewer, "détails de l'entente : le titre en français manque")
    french_title.fill(CORRECTED_TITLE_FR)
    start = reviewer.get_by_role("group", name=FR("Start date"))
    fill_date(start, date(NEXT_YEAR, 9, 1), FR)
    reviewer.get_by_role("button", name=re.compile(
        "^" + re.escape(FR("Confirm and generate version %(v)s", v=1)))).click()
    draft_link = reviewer.get_by_role("region", name=FR("Agreement")).get_by_role(
        "link", name=re.compile(r"_EN-FR_v1\.docx$"))
    expect(draft_link).to_be_visible()
    steps.step(reviewer, "projet d'entente bilingue généré")
    with reviewer.expect_download() as download:
        draft_link.click()
    document = docx.Document(str(download.value.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Port cities heat resilience project" in text and CORRECTED_TITLE_FR in text
    assert f"1 September {NEXT_YEAR}" in text and f"1er septembre {NEXT_YEAR}" in text
