"""Draft agreements in French and in both languages, beside the English one they leave alone."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docgen import (
    AgreementTerms,
    check_template,
    draft_filename,
    packaged_template,
    render_agreement,
)
from docgen.values_fr import long_date_fr, term_length_fr

from .factories import make_terms, read_draft

CATEGORIES = ["partnership_city", "international_project"]
# The Lyon terms the English drafts were recorded with before French templates existed
# (english_lyon_before_bilingual.json).
LYON: dict[str, Any] = dict(
    counterpart_city="Lyon", counterpart_country="France", counterpart_country_code="FR",
    counterpart_legal_name="Ville de Lyon", title="Lyon-Toronto climate-ready streets",
    counterpart_signatory_name="Grégory Exemple", counterpart_signatory_title="Maire de Lyon",
    anticipated_cost="12500.00", funding_source="the program's operating budget",
    counterpart_contribution="Hosting the study visit",
)
FRENCH_TEXT: dict[str, Any] = dict(
    title_fr="Rues lyonnaises et torontoises prêtes pour le climat",
    objectives_fr=["Mettre à l'essai des mesures d'ombre et d'eau dans deux rues par ville."],
    activities_fr=["Deux visites d'étude et un atelier commun avec les résidents."],
    areas_fr=["Adaptation au climat", "Espace public"],
    outcomes_fr=["Température de surface inférieure de 3 degrés dans les rues pilotes."],
)
BEFORE = json.loads((Path(__file__).parent / "english_lyon_before_bilingual.json")
                    .read_text(encoding="utf-8"))


def lyon(category: str, language: str, **overrides: Any) -> AgreementTerms:
    """Return Lyon's terms with their French text, for the draft in ``language``."""
    return make_terms(category, **{**LYON, **FRENCH_TEXT, "draft_language": language,
                                   **overrides})


def test_a_french_date_is_spelled_by_code_whatever_the_server_locale() -> None:
    assert long_date_fr(date(2027, 3, 3)) == "3 mars 2027"
    assert long_date_fr(date(2027, 9, 1)) == "1er septembre 2027"
    assert long_date_fr(date(2030, 8, 31)) == "31 août 2030"
    assert long_date_fr(date(2028, 2, 29)) == "29 février 2028"
    assert term_length_fr(1) == "un (1) an"
    assert term_length_fr(3) == "trois (3) ans"


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_bilingual_draft_for_lyon_holds_both_texts(category: str) -> None:
    draft = read_draft(render_agreement(lyon(category, "en-fr")))
    text = draft.text
    # The free text, in each language.
    for english, french in [(LYON["title"], FRENCH_TEXT["title_fr"]),
                            (make_terms(category).objectives[0],
                             FRENCH_TEXT["objectives_fr"][0]),
                            (make_terms(category).activities[0],
                             FRENCH_TEXT["activities_fr"][0])]:
        assert english in draft.paragraphs
        assert french in draft.paragraphs
    # The English version comes first, the French one after it.
    assert draft.paragraphs.index("English version") < draft.paragraphs.index(LYON["title"])
    assert (draft.paragraphs.index(LYON["title"]) < draft.paragraphs.index("Version française")
            < draft.paragraphs.index(FRENCH_TEXT["title_fr"]))
    assert "1. Purpose and objectives" in text and "1. Objet et objectifs" in text
    assert "12\u00a0500,00\u00a0$ (dollars canadiens)" in text
    assert "$12,500.00 (Canadian dollars)" in text


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_bilingual_draft_gives_the_same_dates_in_both_languages(category: str) -> None:
    terms = lyon(category, "en-fr")
    end = terms.end_date
    text = read_draft(render_agreement(terms)).text
    assert "This agreement takes effect on 1 September 2027 (2027-09-01)" in text
    assert "Le présent accord prend effet le 1er septembre 2027 (2027-09-01)" in text
    english_end = f"{end.day} August {end.year}"
    assert f"It ends on {english_end} ({end.isoformat()})" in text
    assert f"Il prend fin le {long_date_fr(end)} ({end.isoformat()})" in text


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_bilingual_draft_has_both_signature_blocks_in_each_version(category: str) -> None:
    cells = read_draft(render_agreement(lyon(category, "en-fr"))).cells
    for block in ("For City of Toronto, a municipal corporation", "For Ville de Lyon",
                  "Name: Grégory Exemple", "Title: Maire de Lyon",
                  "Pour Ville de Toronto, personne morale municipale", "Pour Ville de Lyon",
                  "Nom : Grégory Exemple", "Titre : Maire de Lyon"):
        assert cells.count(block) == 1, block
    signatory = make_terms(category).signatory_name
    assert cells.count(f"Name: {signatory}") == 1
    assert cells.count(f"Nom : {signatory}") == 1
    # Each version's table has a line to sign for each Party.
    assert cells.count("Signature: " + "_" * 32) == 2
    assert cells.count("Signature : " + "_" * 32) == 2


@pytest.mark.parametrize("category", CATEGORIES)
def test_both_versions_say_they_are_equally_authoritative(category: str) -> None:
    paragraphs = read_draft(render_agreement(lyon(category, "en-fr"))).paragraphs
    assert ("This agreement is made in English and in French, and both versions are equally "
            "authoritative.") in paragraphs
    assert ("Le présent accord est fait en français et en anglais, les deux versions faisant "
            "également foi.") in paragraphs
    assert not any("English version prevails" in p for p in paragraphs)


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("language", ["", "en"])
def test_the_english_draft_is_unchanged_by_french_versions(category: str, language: str) -> None:
    # The French text in the terms is not used, and not one paragraph has moved.
    draft = read_draft(render_agreement(lyon(category, language)))
    before = BEFORE[category]
    assert draft.paragraphs == before["paragraphs"]
    assert draft.cells == before["cells"]
    assert draft.headers == before["headers"]
    assert draft.footers == before["footers"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_french_draft_holds_no_english_clause(category: str) -> None:
    draft = read_draft(render_agreement(lyon(category, "fr")))
    before = BEFORE[category]
    english = {t for t in (*before["paragraphs"], *before["cells"], *before["headers"]) if t}
    french = {t for t in (*draft.paragraphs, *draft.cells, *draft.headers) if t}
    # Two headings are the same word in both languages.
    assert english & french == {"Parties", "Signatures"}
    assert "Le présent accord est fait en français." in draft.paragraphs
    assert draft.paragraphs[0] == FRENCH_TEXT["title_fr"]
    assert "Accord de " in draft.paragraphs[1]
    assert draft.headers == ["PROJET \u2014 IAP-2026-0042 \u2014 version 1"]


@pytest.mark.parametrize("language", ["fr", "en-fr"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_the_french_and_bilingual_templates_are_accepted(category: str, language: str) -> None:
    assert check_template(packaged_template(category, language)) == []


def test_a_draft_says_its_languages_in_its_name_and_properties() -> None:
    names = {language: draft_filename(lyon("international_project", language))
             for language in ("", "fr", "en-fr")}
    assert names == {
        "": "IAP-2026-0042_International-Project_Lyon_v1.docx",
        "fr": "IAP-2026-0042_International-Project_Lyon_FR_v1.docx",
        "en-fr": "IAP-2026-0042_International-Project_Lyon_EN-FR_v1.docx",
    }
    for language, declared in (("", "en-CA"), ("fr", "fr-CA"), ("en-fr", "en-CA, fr-CA")):
        content = render_agreement(lyon("international_project", language))
        properties = Document(BytesIO(content)).core_properties
        assert properties.language == declared
    bilingual = Document(BytesIO(render_agreement(lyon("partnership_city", "en-fr"))))
    assert bilingual.core_properties.title == (
        f"{LYON['title']} / {FRENCH_TEXT['title_fr']}")
    assert "(English and French)" in bilingual.core_properties.subject


def test_older_terms_without_french_text_still_load_and_draft_in_english() -> None:
    stored = make_terms("international_project", **LYON).to_dict()
    for name in ("draft_language", "title_fr", "objectives_fr", "activities_fr", "areas_fr",
                 "outcomes_fr", "authority_recital_fr"):
        stored.pop(name)
    terms = AgreementTerms.from_dict(stored)
    assert terms.draft_language == "" and terms.objectives_fr == ()
    assert read_draft(render_agreement(terms)).paragraphs == (
        BEFORE["international_project"]["paragraphs"])


def test_an_unknown_draft_language_is_refused() -> None:
    problems = make_terms(draft_language="de").problems()
    assert any("draft language 'de' is unknown" in p for p in problems)
