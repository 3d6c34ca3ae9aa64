"""Open every draft with python-docx and check what it says: parties, dates, wording, signatory."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document

import docgen
from docgen import AgreementTerms, TemplateRefused, render_agreement
from portal.policy.categories import CATEGORY_RULES, Category, agreement_end_date
from portal.policy.signatories import EXAMPLE_SIGNING_SETTINGS, signing_authority

from .factories import Draft, make_terms, read_draft, template_with

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT
EDC = "Economic Development and Culture"
UNICODE_NAMES = ("Київ", "重庆", "São Paulo", "Hồ Chí Minh")


def draft_of(terms: AgreementTerms) -> Draft:
    return read_draft(render_agreement(terms))


# Who signs, as the policy names them from the example settings: the Mayor or a designate
# for a partnership; for a project, by the anticipated cost against each signing limit.
DESIGNATE = replace(
    EXAMPLE_SIGNING_SETTINGS,
    mayor_designate_name="Drew Example",
    mayor_designate_title="Deputy Mayor",
)
SIGNATORIES = {
    "partnership, the Mayor": (P, signing_authority(P, None, None, EXAMPLE_SIGNING_SETTINGS)),
    "partnership, the Mayor's designate": (P, signing_authority(P, None, None, DESIGNATE)),
    "project within the Division Head's limit": (
        IP, signing_authority(IP, Decimal("50000"), EDC, EXAMPLE_SIGNING_SETTINGS)
    ),
    "project within the Deputy City Manager's limit": (
        IP, signing_authority(IP, Decimal("250000"), EDC, EXAMPLE_SIGNING_SETTINGS)
    ),
    "project above the Deputy City Manager's limit": (
        IP, signing_authority(IP, Decimal("2000000"), EDC, EXAMPLE_SIGNING_SETTINGS)
    ),
}


@pytest.mark.parametrize("case", SIGNATORIES, ids=list(SIGNATORIES))
def test_the_signature_block_names_the_signatory_the_policy_decides(case: str) -> None:
    category, signatory = SIGNATORIES[case]
    draft = draft_of(make_terms(
        category, signatory_name=signatory.name, signatory_title=signatory.title
    ))
    assert draft.cells[:2] == ["For City of Toronto, a municipal corporation",
                               "For the City of Lisbon"]
    assert f"Name: {signatory.name}" in draft.cells
    assert f"Title: {signatory.title}" in draft.cells
    assert "Name: Carlos Exemplo" in draft.cells
    assert "Title: Mayor of Lisbon" in draft.cells
    # Lines to sign and date by hand, for each party.
    assert sum(cell.startswith("Signature: ___") for cell in draft.cells) == 2
    assert sum(cell.startswith("Date: ___") for cell in draft.cells) == 2


def test_the_cost_bands_give_three_different_signatories() -> None:
    """The cases above really cover the Division Head, the Deputy and the City Manager."""
    titles = {s.title for c, s in SIGNATORIES.values() if c is IP}
    assert titles == {
        "General Manager, Economic Development and Culture", "Deputy City Manager",
        "City Manager",
    }


@pytest.mark.parametrize("category", ["partnership_city", "international_project"])
def test_a_draft_names_the_city_of_toronto_and_the_counterpart_city(category: str) -> None:
    terms = make_terms(category)
    draft = draft_of(terms)
    label = Category(category).label
    assert (draft.paragraphs[0], draft.styles[0]) == (terms.title, "Title")
    assert (
        f"{label} Agreement between the City of Toronto, Canada, and Lisbon, Portugal"
        in draft.paragraphs
    )
    assert ("City of Toronto, a municipal corporation, in the Province of Ontario, Canada "
            "(\u201cthe City of Toronto\u201d); and") in draft.paragraphs
    assert "the City of Lisbon, of Lisbon, Portugal (\u201cLisbon\u201d)," in draft.paragraphs


@pytest.mark.parametrize(
    ("category", "start", "years", "effective", "ends"),
    [
        ("international_project", date(2027, 9, 1), 3, "1 September 2027 (2027-09-01)",
         "31 August 2030 (2030-08-31)"),
        ("partnership_city", date(2026, 1, 1), 5, "1 January 2026 (2026-01-01)",
         "31 December 2030 (2030-12-31)"),
        ("international_project", date(2028, 2, 29), 1, "29 February 2028 (2028-02-29)",
         "28 February 2029 (2029-02-28)"),
        ("partnership_city", date(2028, 2, 29), 4, "29 February 2028 (2028-02-29)",
         "28 February 2032 (2032-02-28)"),
    ],
)
def test_the_term_clause_gives_the_effective_and_end_dates_in_words_and_numbers(
    category: str, start: date, years: int, effective: str, ends: str
) -> None:
    draft = draft_of(make_terms(category, start_date=start, term_years=years))
    term = next(p for p in draft.paragraphs if p.startswith("This agreement takes effect"))
    assert f"takes effect on {effective}" in term
    assert f"It ends on {ends}" in term


@pytest.mark.parametrize("category", list(Category))
@pytest.mark.parametrize("start", [date(2026, 1, 1), date(2027, 9, 1), date(2028, 2, 29),
                                   date(2029, 12, 31)])
def test_every_allowed_term_ends_on_the_day_the_policy_dates(
    category: Category, start: date
) -> None:
    for years in range(1, CATEGORY_RULES[category].max_years + 1):
        terms = make_terms(category.value, start_date=start, term_years=years)
        end = agreement_end_date(start, years)
        assert terms.end_date == end
        draft = draft_of(terms)
        assert f"({start.isoformat()})" in draft.text
        assert f"It ends on {end.day} " in draft.text
        assert f"{end.year} ({end.isoformat()})" in draft.text


@pytest.mark.parametrize(("years", "words"), [(1, "one (1) year."), (3, "three (3) years.")])
def test_the_term_is_written_in_words_and_figures(years: int, words: str) -> None:
    draft = draft_of(make_terms("international_project", term_years=years))
    assert f"has a term of {words}" in draft.text


def test_only_a_project_says_it_may_be_promoted_to_a_partnership_city() -> None:
    project = draft_of(make_terms("international_project"))
    partnership = draft_of(make_terms("partnership_city"))
    assert "9. Promotion to a Partnership City" in project.paragraphs
    assert not any("Promotion" in p for p in partnership.paragraphs)
    assert "as an International Project" in project.text
    assert "as Partnership Cities" in partnership.text
    assert "This International Project agreement records" in project.text
    assert "This Partnership City agreement records" in partnership.text


@pytest.mark.parametrize("category", ["partnership_city", "international_project"])
def test_every_draft_carries_the_standard_clauses(category: str) -> None:
    draft = draft_of(make_terms(category))
    for heading in (
        "Parties", "Recitals", "Purpose and objectives", "Areas of cooperation", "Activities",
        "Outcomes and reporting", "Resources", "Term", "Review before expiry", "Renewal",
        "Termination", "Non-binding nature", "Languages", "Signatures",
    ):
        assert any(p.endswith(heading) and draft.style_of(p) == "Heading 1"
                   for p in draft.paragraphs), heading
    text = draft.text
    assert "Each Party bears its own costs" in text
    assert "unless the Parties agree otherwise in writing" in text
    assert "joint annual report" in text
    assert "In the six months before this agreement ends" in text
    assert "only by signing a new agreement" in text
    assert "at least 90 days' written notice" in text
    assert "is not legally binding" in text
    assert "A version in the language of Lisbon may be added" in text
    assert "the English version prevails" in text


@pytest.mark.parametrize("category", ["partnership_city", "international_project"])
def test_the_header_marks_every_page_draft_with_reference_and_version(category: str) -> None:
    content = render_agreement(make_terms(category, version=3))
    document = Document(BytesIO(content))
    for section in document.sections:
        assert not section.different_first_page_header_footer
        assert [p.text for p in section.header.paragraphs] == [
            "DRAFT — IAP-2026-0042 — version 3"
        ]


def test_the_lists_become_one_bullet_per_line_of_each_answer() -> None:
    draft = draft_of(make_terms(
        objectives=["Share street designs.\nPilot them\r\n\n  on two streets.  ", "Report."],
    ))
    start = draft.paragraphs.index("Share street designs.")
    assert draft.paragraphs[start:start + 3] == [
        "Share street designs.", "Pilot them", "on two streets."
    ]
    assert draft.paragraphs[start + 3] == "Report."
    assert {draft.styles[i] for i in range(start, start + 4)} == {"List Bullet"}
    # Each area in its own bullet too.
    assert draft.style_of("Climate adaptation") == "List Bullet"
    assert draft.style_of("Public space") == "List Bullet"


def test_an_empty_list_says_the_parties_will_agree_it_in_writing() -> None:
    draft = draft_of(make_terms(areas=[]))
    assert "The Parties will agree the areas of cooperation in writing." in draft.paragraphs


def test_no_template_tag_is_left_in_a_draft() -> None:
    for category in ("partnership_city", "international_project"):
        draft = draft_of(make_terms(category))
        assert "{{" not in draft.text and "{%" not in draft.text and "}}" not in draft.text


@pytest.mark.parametrize(
    ("category", "sentence"),
    [
        ("international_project",
         "For the City of Toronto, Economic Development and Culture leads the project."),
        ("partnership_city",
         "For the City of Toronto, City Clerk's Office coordinates the activities under this "
         "agreement."),
    ],
)
def test_the_lead_division_is_named_only_when_there_is_one(category: str, sentence: str) -> None:
    assert sentence in draft_of(make_terms(category)).paragraphs
    without = draft_of(make_terms(category, lead_division=None))
    assert not any(p.startswith("For the City of Toronto, ") for p in without.paragraphs)


def test_ampersands_and_angle_brackets_in_names_survive() -> None:
    draft = draft_of(make_terms(
        counterpart_city="Saint-Jean & <Port> > Ville",
        counterpart_signatory_name="A&B <Mayor>",
        title="Ports & <harbours> > rivers",
        objectives=["Trade & culture <2027>"],
    ))
    assert "For the City of Saint-Jean & <Port> > Ville" in draft.cells
    assert "Name: A&B <Mayor>" in draft.cells
    assert "Ports & <harbours> > rivers" in draft.paragraphs
    assert "Trade & culture <2027>" in draft.paragraphs
    assert any(p.startswith("the City of Saint-Jean & <Port> > Ville, of Saint-Jean & <Port> > "
                            "Ville, Portugal") for p in draft.paragraphs)


@pytest.mark.parametrize("name", UNICODE_NAMES)
def test_names_in_any_script_render(name: str) -> None:
    draft = draft_of(make_terms(
        counterpart_city=name, counterpart_signatory_name=name, objectives=[name]
    ))
    assert f"For the City of {name}" in draft.cells
    assert f"Name: {name}" in draft.cells
    assert name in draft.paragraphs
    assert f"the City of {name}, of {name}, Portugal (\u201c{name}\u201d)," in draft.paragraphs


def test_characters_word_cannot_hold_are_removed_before_rendering() -> None:
    draft = draft_of(make_terms(
        title="Cool\x00 streets\x07\x1f\ufffe\uffff",
        counterpart_city="Lis\ud800bon\x0b",
        objectives=["Shade\x0c and\twater\x1b"],
    ))
    assert "Cool streets" in draft.paragraphs
    assert "For the City of Lisbon" in draft.cells
    # A tab is kept; Word shows it as a tab.
    assert "Shade and\twater" in draft.paragraphs


def test_the_draft_carries_its_title_and_reference_in_its_properties() -> None:
    document = Document(BytesIO(render_agreement(make_terms(title="T" * 300))))
    assert document.core_properties.title == "T" * 255
    assert document.core_properties.identifier == "IAP-2026-0042"
    assert document.core_properties.subject == (
        "IAP-2026-0042: draft International Project agreement with Lisbon"
    )


def test_the_drafts_properties_say_when_it_was_made_in_what_language_and_by_whom() -> None:
    """Word's File > Info shows the draft's own details, none of the template's."""
    made = datetime(2027, 3, 4, 15, 16, 17, 999, tzinfo=UTC)
    content = render_agreement(make_terms(version=3), generated_at=made)
    properties = Document(BytesIO(content)).core_properties
    assert properties.title == "Lisbon-Toronto cool streets"
    assert properties.identifier == "IAP-2026-0042"
    assert properties.created == properties.modified == made.replace(microsecond=0)
    assert properties.language == "en-CA"
    assert properties.author == "City Clerk's Office, City of Toronto"
    assert properties.last_modified_by == "IAP Portal"
    assert properties.comments == ""  # the template's note to its editors is not carried
    assert properties.revision == 3 and properties.version == "3"
    assert properties.content_status == "Draft"


def test_a_local_generation_time_is_written_in_utc() -> None:
    toronto = timezone(timedelta(hours=-5))
    made = datetime(2027, 3, 4, 10, 0, tzinfo=toronto)
    content = render_agreement(make_terms(), generated_at=made)
    assert Document(BytesIO(content)).core_properties.created == datetime(
        2027, 3, 4, 15, 0, tzinfo=UTC)


def test_a_replacement_template_supplies_the_wording() -> None:
    template = template_with(
        "Custom agreement with {{ counterpart_city }} until {{ end_date_long }}.",
        header="DRAFT {{ reference }} v{{ version }}",
    )
    draft = read_draft(render_agreement(make_terms(), template=template))
    assert draft.paragraphs == ["Custom agreement with Lisbon until 31 August 2030."]
    assert draft.headers == ["DRAFT IAP-2026-0042 v1"]


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        (b"not a word file", "not a Word document"),
        (template_with("{{ title.missing }}"), "could not be filled"),
        (template_with("{{ title.__class__ }}"), "could not be filled"),
    ],
    ids=["not a docx", "a missing attribute", "reaching into Python"],
)
def test_a_replacement_template_that_cannot_be_filled_is_refused(
    template: bytes, reason: str
) -> None:
    with pytest.raises(TemplateRefused, match=reason):
        render_agreement(make_terms(), template=template)


def test_the_public_api_is_what_the_portal_imports() -> None:
    for name in ("AgreementTerms", "TermsError", "render_agreement", "check_template",
                 "PLACEHOLDERS", "clean_text", "draft_filename"):
        assert hasattr(docgen, name), name
    assert issubclass(docgen.TermsError, ValueError)
