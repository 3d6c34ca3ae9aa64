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
    assert read.cells[:2] == ["For City of Toronto, a municipal corporation",
                              "For Município do Porto"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_city_s_confirmed_legal_name_heads_the_parties_and_its_signature(
        category: str) -> None:
    read = draft(porto(category, city_legal_name="City of Toronto"))
    assert ("City of Toronto, in the Province of Ontario, Canada (\u201cthe City of "
            "Toronto\u201d); and") in read.paragraphs
    assert read.cells[0] == "For City of Toronto"
    assert "a municipal corporation" not in read.text


@pytest.mark.parametrize("category", CATEGORIES)
def test_both_signatories_sign_with_their_titles(category: str) -> None:
    terms = porto(category)
    read = draft(terms)
    assert f"Name: {terms.signatory_name}" in read.cells
    assert f"Title: {terms.signatory_title}" in read.cells
    assert "Name: Rui Exemplo" in read.cells
    assert "Title: Presidente da Câmara Municipal" in read.cells


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_counterpart_s_signatory_signs_under_the_authority_given(category: str) -> None:
    read = draft(porto(category, counterpart_signatory_authority=(
        "Presidente, under article 35 of Law 75/2013")))
    # Under the signatory's title, in the counterpart's column.
    assert ("Title: Presidente da Câmara Municipal\n"
            "Authority: Presidente, under article 35 of Law 75/2013") in read.cells
    assert not any(cell.startswith("Authority") for cell in read.cells[::2])


@pytest.mark.parametrize("category", CATEGORIES)
def test_without_an_authority_the_signature_block_has_no_authority_line(category: str) -> None:
    read = draft(porto(category))
    assert "Authority" not in "\n".join(read.cells)
    # No empty line left where the authority would be.
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


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_coordinator_s_name_title_email_and_address_are_given_for_notices(
        category: str) -> None:
    read = draft(porto(
        category,
        city_coordinator_name="Sam Example", city_coordinator_title="Protocol Officer",
        city_coordinator_email="sam.example@toronto.ca",
        city_coordinator_address="100 Queen St W\nToronto ON  M5H 2N2",
        counterpart_coordinator_name="Ana Silva",
        counterpart_coordinator_title="Head of International Relations",
        counterpart_coordinator_email="ana.silva@cm-porto.pt",
        counterpart_coordinator_address=(
            "Praça General Humberto Delgado,\r\n4049-001 Porto\nPortugal"),
    ))
    assert (
        "For the City of Toronto: Sam Example, Protocol Officer, sam.example@toronto.ca, "
        "100 Queen St W, Toronto ON M5H 2N2. For Município do Porto: Ana Silva, Head of "
        "International Relations, ana.silva@cm-porto.pt, Praça General Humberto Delgado, "
        "4049-001 Porto, Portugal."
    ) in read.text


def test_a_coordinator_s_parts_left_empty_are_left_out() -> None:
    read = draft(porto("international_project", counterpart_coordinator_name="Ana Silva",
                       counterpart_coordinator_email="ana.silva@cm-porto.pt"))
    assert "For Município do Porto: Ana Silva, ana.silva@cm-porto.pt." in read.text


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


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize(("country", "chosen", "language"), [
    # Countries of several official languages: the one the counterpart chose.
    ("BE", "fr", "French"), ("CH", "fr", "French"), ("CA", "fr", "French"),
    ("BO", "es", "Spanish"), ("PY", "es", "Spanish"), ("GQ", "es", "Spanish"),
])
def test_a_counterpart_s_chosen_language_names_its_version(
        category: str, country: str, chosen: str, language: str) -> None:
    read = draft(porto(category, counterpart_country_code=country,
                       counterpart_language=chosen))
    assert f"A version in {language} may be added and signed with it." in read.text


@pytest.mark.parametrize(("country", "language"), [
    ("BE", "Dutch"), ("CH", "German"), ("PY", "Guarani"),
])
def test_without_a_choice_the_version_is_in_the_country_s_first_official_language(
        country: str, language: str) -> None:
    read = draft(porto("partnership_city", counterpart_country_code=country))
    assert f"A version in {language} may be added" in read.text


def test_a_language_beyond_the_country_s_own_is_accepted() -> None:
    """Intake offers the country's languages; a reviewer may still record another."""
    terms = porto("partnership_city", counterpart_country_code="JP", counterpart_language="ko")
    assert terms.problems() == []
    assert "A version in Korean may be added" in draft(terms).text


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize(("country", "chosen"), [("GB", ""), ("US", ""), ("CA", "en")])
def test_an_english_speaking_counterpart_s_agreement_is_made_in_english_only(
        category: str, country: str, chosen: str) -> None:
    read = draft(porto(category, counterpart_country_code=country,
                       counterpart_language=chosen))
    at = read.paragraphs.index(next(p for p in read.paragraphs if p.endswith(". Languages")))
    assert read.paragraphs[at + 1] == "This agreement is made in English."
    assert "version in English" not in read.text
    assert "versions differ" not in read.text


# Terms a stored snapshot may lack, by the version of the portal that stored it.
BEFORE_CLAUSES = ("counterpart_legal_name", "authority_recital", "anticipated_cost",
                  "counterpart_country_code", "counterpart_coordinator")
BEFORE_PARTS = (
    "city_legal_name", "counterpart_signatory_authority", "city_coordinator_name",
    "city_coordinator_title", "city_coordinator_email", "city_coordinator_address",
    "counterpart_coordinator_name", "counterpart_coordinator_title",
    "counterpart_coordinator_email", "counterpart_coordinator_address",
)


def test_older_terms_without_the_clauses_round_trip_and_render() -> None:
    stored = make_terms("partnership_city").to_dict()
    for name in (*BEFORE_CLAUSES, *BEFORE_PARTS):
        stored.pop(name)
    terms = AgreementTerms.from_dict(stored)
    assert terms == make_terms("partnership_city")
    read = draft(terms)
    assert read.cells[:2] == ["For City of Toronto, a municipal corporation",
                              "For the City of Lisbon"]
    assert "For the City of Lisbon: Carlos Exemplo, Mayor of Lisbon." in read.text


def test_a_snapshot_holding_its_coordinators_in_one_string_still_names_them() -> None:
    """Drafts stored before the coordinators were asked in parts keep their wording."""
    stored = porto("international_project", city_coordinator="Sam Example, Protocol").to_dict()
    for name in BEFORE_PARTS:
        stored.pop(name)
    read = draft(AgreementTerms.from_dict(stored))
    assert ("For the City of Toronto: Sam Example, Protocol. For Município do Porto: Ana "
            "Exemplo, Director of International Relations.") in read.text
