"""Check that each category's draft carries the clauses a City Solicitor expects."""

from __future__ import annotations

import pytest

from docgen import AgreementTerms, render_agreement
from docgen.terms import TermsError
from portal.policy.clauses import authority_recital
from portal.policy.roles import SigningOffice
from tests.docgen.factories import Draft, make_terms, read_draft

CATEGORIES = ["partnership_city", "international_project"]
OFFICE = {"partnership_city": SigningOffice.MAYORS_OFFICE,
          "international_project": SigningOffice.DIVISION_HEAD}
STANDARD_HEADINGS = (
    "Notices and coordinators", "Amendment", "Dispute resolution", "Use of names and logos",
    "Ownership of jointly produced material", "Confidentiality and privacy",
    "Counterparts and electronic signatures", "Entire understanding", "Effective date",
)


def porto(category: str, **overrides: object) -> AgreementTerms:
    """Return terms with Porto as the counterpart, as the portal fills them from a request."""
    return make_terms(category, **{
        "counterpart_city": "Porto", "counterpart_country": "Portugal",
        "counterpart_country_code": "PT", "counterpart_legal_name": "Município do Porto",
        "counterpart_signatory_name": "Rui Exemplo",
        "counterpart_signatory_title": "Presidente da Câmara Municipal",
        "authority_recital": authority_recital(OFFICE[category]),
        "anticipated_cost": "20000.00", "funding_source": "EDC operating budget",
        "counterpart_contribution": "A venue and interpreters",
        "counterpart_coordinator": "Ana Exemplo, Director of International Relations",
        **overrides,
    })


def draft(terms: AgreementTerms) -> Draft:
    return read_draft(render_agreement(terms))


def heading_numbered(read: Draft, heading: str) -> bool:
    """Return whether ``heading`` is a numbered Heading 1 of the draft."""
    return any(p.split(". ", 1)[-1] == heading and read.style_of(p) == "Heading 1"
               for p in read.paragraphs)


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_parties_are_named_as_legal_persons(category: str) -> None:
    read = draft(porto(category))
    assert ("City of Toronto, a municipal corporation, in the Province of Ontario, Canada "
            "(\u201cthe City of Toronto\u201d); and") in read.paragraphs
    assert "Município do Porto, of Porto, Portugal (\u201cPorto\u201d)," in read.paragraphs
    assert read.cells[:2] == ["For the City of Toronto", "For Município do Porto"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_both_signatories_sign_with_their_titles(category: str) -> None:
    terms = porto(category)
    read = draft(terms)
    assert f"Name: {terms.signatory_name}" in read.cells
    assert f"Title: {terms.signatory_title}" in read.cells
    assert "Name: Rui Exemplo" in read.cells
    assert "Title: Presidente da Câmara Municipal" in read.cells


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_recitals_end_with_the_city_s_authority_before_now_therefore(category: str) -> None:
    read = draft(porto(category))
    recital = authority_recital(OFFICE[category])
    assert "2024.EC13.5" in recital
    at = read.paragraphs.index(recital)
    assert read.paragraphs[at + 1] == "NOW THEREFORE the Parties record the following intentions."


def test_a_draft_without_a_recorded_office_still_recites_council_s_delegation() -> None:
    read = draft(make_terms("international_project"))
    assert any(p.startswith("WHEREAS City Council, by its adoption of item 2024.EC13.5")
               for p in read.paragraphs)


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_resources_clause_gives_the_cost_its_funding_and_the_contribution(
        category: str) -> None:
    read = draft(porto(category))
    assert (
        "The City of Toronto's cost under this agreement is assessed at $20,000.00 (Canadian "
        "dollars), funded from EDC operating budget. Município do Porto has stated that it "
        "will contribute: A venue and interpreters." in read.paragraphs
    )
    assert "no financial obligation" not in read.text


@pytest.mark.parametrize("category", CATEGORIES)
def test_with_no_cost_and_no_contribution_there_is_no_financial_obligation(
        category: str) -> None:
    read = draft(porto(category, anticipated_cost="0", counterpart_contribution="None"))
    assert (
        "This agreement creates no financial obligation for either Party: the City of Toronto "
        "has assessed no cost to it and Município do Porto has stated no contribution."
        in read.paragraphs
    )
    assert "$" not in read.text


def test_a_cost_that_is_not_an_amount_is_refused() -> None:
    with pytest.raises(TermsError, match="assessed cost must be an amount"):
        render_agreement(porto("international_project", anticipated_cost="lots"))


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_standard_clause_has_its_own_heading(category: str) -> None:
    read = draft(porto(category))
    for heading in STANDARD_HEADINGS:
        assert heading_numbered(read, heading), heading
    text = read.text
    assert "amended only in writing, signed by both Parties" in text
    assert "by consultation" in text
    assert "Municipal Freedom of Information and Protection of Privacy Act" in text
    assert "signed in counterparts" in text and "signature given electronically" in text
    assert "entire understanding" in text


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_party_s_coordinator_receives_notices(category: str) -> None:
    read = draft(porto(category))
    lead = make_terms(category).lead_division
    assert (f"For the City of Toronto: {lead}. For Município do Porto: Ana Exemplo, Director "
            "of International Relations.") in read.text


def test_without_a_coordinator_the_counterpart_s_signatory_is_named() -> None:
    read = draft(make_terms("international_project"))
    assert "For the City of Lisbon: Carlos Exemplo, Mayor of Lisbon." in read.text


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_agreement_takes_effect_on_the_later_of_the_start_and_the_last_signature(
        category: str) -> None:
    read = draft(porto(category))
    assert ("The effective date of this agreement is the later of 1 September 2027 and the "
            "date on which the last of the Parties signs it.") in read.paragraphs


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize(("country", "language"), [
    ("PT", "Portuguese"), ("PL", "Polish"), ("JP", "Japanese"),
])
def test_the_counterpart_s_version_is_in_its_country_s_language_by_name(
        category: str, country: str, language: str) -> None:
    read = draft(porto(category, counterpart_country_code=country))
    assert f"A version in {language} may be added and signed with it." in read.text


@pytest.mark.parametrize(("country", "chosen", "language"), [
    ("CH", "fr", "French"), ("BO", "es", "Spanish"), ("CA", "fr", "French"),
])
def test_a_counterpart_s_chosen_language_names_its_version(
        country: str, chosen: str, language: str) -> None:
    read = draft(porto("partnership_city", counterpart_country_code=country,
                       counterpart_language=chosen))
    assert f"A version in {language} may be added" in read.text


def test_older_terms_without_the_clauses_round_trip_and_render() -> None:
    stored = make_terms("partnership_city").to_dict()
    for name in ("counterpart_legal_name", "authority_recital", "anticipated_cost",
                 "counterpart_country_code", "counterpart_coordinator"):
        stored.pop(name)
    terms = AgreementTerms.from_dict(stored)
    assert terms == make_terms("partnership_city")
    assert "For the City of Lisbon" in draft(terms).cells
