"""Check the wording the policy chooses for an agreement's legal clauses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.locales import counterpart_language, format_money, official_languages
from portal.policy.clauses import (
    CITY_LEGAL_NAME,
    GENERAL_AUTHORITY_RECITAL,
    authority_recital,
    city_legal_name,
    coordinator,
    counterpart_legal_name,
    is_nil_contribution,
    languages_sentence,
    resources_sentence,
)
from portal.policy.roles import SigningOffice


def test_the_city_is_named_as_a_municipal_corporation() -> None:
    assert CITY_LEGAL_NAME == "City of Toronto, a municipal corporation"


def test_the_city_is_the_legal_name_confirmed_else_the_municipal_corporation() -> None:
    assert city_legal_name("City of  Toronto") == "City of Toronto"
    assert city_legal_name("") == CITY_LEGAL_NAME
    assert city_legal_name(None) == CITY_LEGAL_NAME


def test_the_counterpart_is_its_legal_name_else_the_city_of_its_name() -> None:
    assert counterpart_legal_name("Município do Porto", "Porto") == "Município do Porto"
    assert counterpart_legal_name("  ", "Porto") == "the City of Porto"
    assert counterpart_legal_name(None, "Kraków") == "the City of Kraków"


@pytest.mark.parametrize(("office", "by"), [
    (SigningOffice.MAYORS_OFFICE, "by the Mayor, or the Mayor's designate,"),
    (SigningOffice.CITY_MANAGER, "by the City Manager under that authority"),
    (SigningOffice.DEPUTY_CITY_MANAGER, "by the Deputy City Manager over the lead division's"),
    (SigningOffice.DIVISION_HEAD, "by the head of the lead division"),
])
def test_the_authority_recital_names_council_s_item_and_the_signing_office(
        office: SigningOffice, by: str) -> None:
    recital = authority_recital(office)
    assert "City Council, by its adoption of item 2024.EC13.5" in recital
    assert ("the Mayor, the City Manager, Deputy City Managers and Division Heads"
            in recital)
    assert by in recital


def test_every_office_has_its_own_recital_and_none_gives_the_general_one() -> None:
    assert len({authority_recital(office) for office in SigningOffice}) == len(SigningOffice)
    assert authority_recital(None) == GENERAL_AUTHORITY_RECITAL
    assert "2024.EC13.5" in GENERAL_AUTHORITY_RECITAL


def test_money_is_canadian_dollars_as_english_canada_writes_them() -> None:
    assert format_money(Decimal("12500")) == "$12,500.00"
    assert format_money(Decimal("1234567.5")) == "$1,234,567.50"


def test_the_resources_name_the_cost_its_funding_and_the_counterpart_s_contribution() -> None:
    sentence = resources_sentence(Decimal("20000"), "EDC operating budget.",
                                  "A venue and two staff", "Município do Porto", money=format_money)
    assert sentence == (
        "The City of Toronto's cost under this agreement is assessed at $20,000.00 (Canadian "
        "dollars), funded from EDC operating budget. Município do Porto has stated that it "
        "will contribute: A venue and two staff."
    )


def test_a_cost_without_a_funding_source_says_the_city_will_confirm_it() -> None:
    sentence = resources_sentence(Decimal("500"), "", "", "the City of Porto", money=format_money)
    assert "$500.00 (Canadian dollars), from a funding source the City of Toronto will " \
        "confirm in writing." in sentence
    # The counterpart opens a sentence, so its "the" is capitalised there.
    assert "The City of Porto has stated no contribution." in sentence
    assert "no financial obligation" not in sentence


def test_a_contribution_without_a_cost_says_the_city_has_none() -> None:
    sentence = resources_sentence(None, "", "Interpreters", "the City of Porto", money=format_money)
    assert sentence.startswith("The City of Toronto has assessed no cost to it")
    assert "no financial obligation" not in sentence


@pytest.mark.parametrize("cost", [None, Decimal("0"), Decimal("0.00")])
@pytest.mark.parametrize("contribution", ["", "None.", "  N/A ", "nil"])
def test_when_both_are_nil_there_is_no_financial_obligation(
        cost: Decimal | None, contribution: str) -> None:
    assert resources_sentence(cost, "Operating budget", contribution, "the City of Porto",
                              money=format_money) == (
        "This agreement creates no financial obligation for either Party: the City of Toronto "
        "has assessed no cost to it and the City of Porto has stated no contribution."
    )


def test_a_stated_contribution_is_not_mistaken_for_nothing() -> None:
    assert not is_nil_contribution("None of our staff time is charged; a venue is free")
    assert is_nil_contribution("NONE")


@pytest.mark.parametrize(("country", "language"), [
    ("PT", "Portuguese"), ("PL", "Polish"), ("JP", "Japanese"), ("pt", "Portuguese"),
    # Several official languages: the first CLDR lists.
    ("CH", "German"), ("BE", "Dutch"), ("BO", "Spanish"),
])
def test_the_language_is_the_country_s_first_official_one_by_cldr(
        country: str, language: str) -> None:
    assert counterpart_language(country) == language


@pytest.mark.parametrize(("country", "chosen", "language"), [
    ("CH", "fr", "French"), ("BE", "fr", "French"), ("BO", "es", "Spanish"),
    ("CA", "fr", "French"), ("CH", "Romansh", "Romansh"),
])
def test_the_counterpart_s_chosen_language_wins(country: str, chosen: str, language: str) -> None:
    assert counterpart_language(country, chosen) == language


@pytest.mark.parametrize("country", [None, "", "ZZ", "not a country"])
def test_an_unknown_country_has_no_language(country: str | None) -> None:
    assert counterpart_language(country) is None


@pytest.mark.parametrize(("country", "languages"), [
    ("BE", [("nl", "Dutch"), ("fr", "French"), ("de", "German")]),
    # Swiss German is official only in fact; the Confederation's languages are these.
    ("CH", [("de", "German"), ("fr", "French"), ("it", "Italian")]),
    # Russian is widely spoken in Ukraine, but not official.
    ("UA", [("uk", "Ukrainian")]),
    # No language is official by law in Mexico or the United States: the ones in fact.
    ("MX", [("es", "Spanish")]),
    ("US", [("en", "English")]),
    ("PT", [("pt", "Portuguese")]),
    ("bo", [("es", "Spanish"), ("qu", "Quechua"), ("ay", "Aymara")]),
])
def test_a_country_s_official_languages_come_from_cldr(
        country: str, languages: list[tuple[str, str]]) -> None:
    assert official_languages(country) == languages


@pytest.mark.parametrize("country", [None, "", "  ", "ZZ", "not a country", "AQ"])
def test_an_unknown_country_or_one_without_people_has_no_official_language(
        country: str | None) -> None:
    assert official_languages(country) == []


@pytest.mark.parametrize(("country", "languages"), [
    ("RS", [("sr", "Serbian")]),
    ("BA", [("bs", "Bosnian"), ("hr", "Croatian"), ("sr", "Serbian")]),
    ("ME", [("sr_Latn", "Serbian")]),
])
def test_a_language_listed_in_two_scripts_is_offered_once(
        country: str, languages: list[tuple[str, str]]) -> None:
    assert official_languages(country) == languages


@pytest.mark.parametrize(("chosen", "language"), [
    ("pt-BR", "Brazilian Portuguese"), ("FR", "French"), ("ko", "Korean"),
])
def test_a_chosen_code_is_named_however_it_is_written(chosen: str, language: str) -> None:
    assert counterpart_language("PT", chosen) == language


def test_the_languages_clause_names_the_counterpart_s_version() -> None:
    assert languages_sentence("Portuguese", "Porto") == (
        "This agreement is made in English. A version in Portuguese may be added and signed "
        "with it. If the versions differ, the English version prevails unless the Parties "
        "agree otherwise in writing."
    )


@pytest.mark.parametrize("english", ["English", "british english", "American English"])
def test_an_english_speaking_counterpart_s_agreement_is_only_made_in_english(
        english: str) -> None:
    assert languages_sentence(english, "Manchester") == "This agreement is made in English."


def test_an_unknown_language_is_the_language_of_the_city() -> None:
    assert "A version in the language of Lisbon may be added" in languages_sentence(None, "Lisbon")
    assert "A version in the language of Lisbon may be added" in languages_sentence(" ", "Lisbon")


def test_a_language_named_like_english_is_not_taken_for_it() -> None:
    assert "A version in Englishtown Gaelic" in languages_sentence("Englishtown Gaelic", "X")


def test_a_coordinator_is_the_parts_given_on_one_line() -> None:
    assert coordinator(("Ana Silva", "Head of International Relations",
                        "ana.silva@cm-porto.pt", "Praça General Humberto Delgado, 4049-001 "
                        "Porto, Portugal."), "", "fallback") == (
        "Ana Silva, Head of International Relations, ana.silva@cm-porto.pt, Praça General "
        "Humberto Delgado, 4049-001 Porto, Portugal"
    )
    assert coordinator(("Ana Silva", "", " ", "Porto"), "", "fallback") == "Ana Silva, Porto"


def test_without_parts_a_coordinator_is_the_one_string_else_the_fallback() -> None:
    assert coordinator(("", "", "", ""), "Ana Silva, Director", "x") == "Ana Silva, Director"
    assert coordinator(("", "", "", ""), "", "the City Clerk's Office") == (
        "the City Clerk's Office")
    assert coordinator((), None, "the City Clerk's Office") == "the City Clerk's Office"
