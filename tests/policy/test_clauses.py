"""Check the wording the policy chooses for an agreement's legal clauses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.locales import counterpart_language, format_money
from portal.policy.clauses import (
    CITY_LEGAL_NAME,
    GENERAL_AUTHORITY_RECITAL,
    authority_recital,
    counterpart_legal_name,
    is_nil_contribution,
    resources_sentence,
)
from portal.policy.roles import SigningOffice


def test_the_city_is_named_as_a_municipal_corporation() -> None:
    assert CITY_LEGAL_NAME == "City of Toronto, a municipal corporation"


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
