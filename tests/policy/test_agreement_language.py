"""Which language(s) a draft agreement is written in, from the counterpart's language."""

from __future__ import annotations

import pytest

from portal.policy.agreement_language import (
    AREA_NAMES_FR,
    DraftLanguage,
    draft_language,
    french_area_names,
    stored_draft_language,
)
from portal.policy.areas import AREAS_OF_COOPERATION
from portal.policy.clauses import AUTHORITY_RECITALS
from portal.policy.clauses_fr import (
    CITY_LEGAL_NAME_FR,
    city_legal_name_fr,
    french_recital_of,
    resources_sentence_fr,
)


@pytest.mark.parametrize("language", ["fr", "FR", "fr_BE", "fr-CH", "French", "Swiss French"])
def test_a_french_speaking_counterpart_gets_a_bilingual_draft(language: str) -> None:
    assert draft_language(language) is DraftLanguage.BILINGUAL


@pytest.mark.parametrize("language", ["pt", "nl", "de", "en", "", None, "Portuguese", "fro"])
def test_any_other_counterpart_gets_the_english_draft(language: str | None) -> None:
    assert draft_language(language) is DraftLanguage.ENGLISH


def test_stored_terms_without_a_language_are_english() -> None:
    assert stored_draft_language("") is DraftLanguage.ENGLISH
    assert stored_draft_language(None) is DraftLanguage.ENGLISH
    assert stored_draft_language("en-fr") is DraftLanguage.BILINGUAL
    assert DraftLanguage.BILINGUAL.has_french and DraftLanguage.BILINGUAL.has_english
    assert not DraftLanguage.ENGLISH.has_french and not DraftLanguage.FRENCH.has_english


def test_every_area_of_cooperation_has_a_french_name() -> None:
    assert set(AREA_NAMES_FR) == set(AREAS_OF_COOPERATION.values())
    assert french_area_names(["Culture", "Housing"]) == ["Culture", "Logement"]


def test_the_french_recital_names_the_same_office_as_the_english() -> None:
    for office, english in AUTHORITY_RECITALS.items():
        french = french_recital_of(english)
        assert french.startswith("ATTENDU QUE") and french.endswith(";"), office
    assert len({french_recital_of(e) for e in AUTHORITY_RECITALS.values()}) == 4


def test_the_city_keeps_a_legal_name_a_reviewer_confirmed() -> None:
    assert city_legal_name_fr("") == CITY_LEGAL_NAME_FR
    assert city_legal_name_fr("City of Toronto, a municipal corporation") == CITY_LEGAL_NAME_FR
    assert city_legal_name_fr("Toronto Transit Commission") == "Toronto Transit Commission"


def test_french_resources_say_there_is_no_obligation_when_neither_puts_in() -> None:
    sentence = resources_sentence_fr(None, "", "none", "Ville de Lyon", money=str)
    assert sentence.startswith("Le présent accord ne crée aucune obligation financière")
