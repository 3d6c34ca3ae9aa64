"""A template read once per process fills exactly as docxtpl alone fills it, part for part."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from docxtpl import DocxTemplate

from docgen import packaged_template, render_agreement
from docgen.prepared import PreparedTemplate, prepared
from docgen.render import placeholder_values, set_properties, template_environment
from portal.policy.agreement_language import DraftLanguage
from portal.policy.categories import Category

from .factories import make_terms, read_draft, template_with

AT = datetime(2027, 3, 4, 5, 6, 7, tzinfo=UTC)
FRENCH: dict[str, Any] = dict(
    title_fr="Rues fraîches Lisbonne-Toronto",
    objectives_fr=["Mettre à l'essai l'ombre et l'eau.", "Deux & <trois>"],
    activities_fr=["Deux visites d'étude."], areas_fr=["Adaptation climatique"],
    outcomes_fr=["Des rues plus fraîches de 3 degrés."],
)
VALUES: dict[str, dict[str, Any]] = {
    "plain": {},
    # What the XML, docxtpl's escapes and Jinja could trip on, and more than one item a list.
    "awkward": dict(
        title='A & B <c> "q" \'x\' {{ y }} {% z %} {_{ w }_}', counterpart_city="L'Aquila",
        objectives=["One", "Two & three", "Four"], outcomes=["o1", "o2", "o3"],
        counterpart_signatory_name="O'Brien <Jr>", lead_division=None,
        anticipated_cost="12500.50", funding_source="Budget & co",
        counterpart_country_code="PT", city_coordinator_name="Ann Example",
        city_coordinator_address="100 Queen St W\nToronto"),
    "unicode": dict(counterpart_city="Київ", counterpart_country="Україна",
                    title="重庆, São Paulo, Hồ Chí Minh"),
}


def docxtpl_alone(template: bytes, terms: Any) -> bytes:
    """Return the draft as docxtpl and python-docx write it, reading the template afresh."""
    document = DocxTemplate(BytesIO(template))
    document.render(placeholder_values(terms), jinja_env=template_environment(),
                    autoescape=True)
    set_properties(document.docx.core_properties, terms, AT)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def parts(content: bytes) -> dict[str, bytes]:
    """Return every part of a .docx, by name, in the order the file holds them."""
    with zipfile.ZipFile(BytesIO(content)) as package:
        return {name: package.read(name) for name in package.namelist()}


def assert_same_draft(made: bytes, expected: bytes) -> None:
    # Text and styles first, for a readable difference; then every part, byte for byte.
    assert read_draft(made) == read_draft(expected)
    assert parts(made) == parts(expected)


@pytest.mark.parametrize("values", VALUES)
@pytest.mark.parametrize("language", [language.value for language in DraftLanguage])
@pytest.mark.parametrize("category", [category.value for category in Category])
def test_every_packaged_template_fills_as_docxtpl_alone_fills_it(
    category: str, language: str, values: str
) -> None:
    french = {} if language == DraftLanguage.ENGLISH.value else FRENCH
    terms = make_terms(category, draft_language=language, **french, **VALUES[values])
    template = packaged_template(category, language)
    expected = docxtpl_alone(template, terms)
    for _ in range(2):  # the first draft reads the template, the second uses what it read
        assert_same_draft(render_agreement(terms, generated_at=AT), expected)


def test_a_replacement_template_fills_as_docxtpl_alone_fills_it() -> None:
    template = template_with(
        "{{ title }}, with {{ counterpart_city }}", "{%p for objective in objectives %}",
        "{{ objective }}", "{%p endfor %}", "{{ signatory_name }}, {{ term_length }}",
        header="Draft {{ reference }}, version {{ version }}",
    )
    terms = make_terms(objectives=["One", "Two"])
    assert_same_draft(render_agreement(terms, template, generated_at=AT),
                      docxtpl_alone(template, terms))


def test_breaks_a_template_writes_in_its_text_become_word_s_breaks_as_with_docxtpl() -> None:
    # Only Jinja can put a tab or a newline in a run's text: the one case that needs
    # docxtpl's rewrite of breaks, which a draft skips when its text holds none.
    template = template_with("{{ objectives|join('\\n') }}", "{{ '\\t' }}{{ title }}",
                             "{{ signatory_name }}, {{ term_length }}")
    terms = make_terms(objectives=["One", "Two"])
    made = render_agreement(terms, template, generated_at=AT)
    assert_same_draft(made, docxtpl_alone(template, terms))
    assert b"<w:br/>" in parts(made)["word/document.xml"]


@pytest.mark.parametrize("xml", [
    '<w:p><w:r><w:t>no break</w:t></w:r></w:p>\n<w:p><w:r><w:t xml:space="preserve">x</w:t>'
    "</w:r></w:p>",
    "<w:p><w:r><w:t>a\tb</w:t></w:r></w:p>",
    '<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
    "<w:t>line\nnext\fpage\abell</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>a</w:t></w:r>\n<w:r><w:t>b<w:x/>\nc</w:t></w:r></w:p>",
], ids=["no break", "a tab", "a break of each kind", "a newline after an element"])
def test_the_rewrite_of_breaks_is_skipped_only_when_it_would_change_nothing(xml: str) -> None:
    template = packaged_template(Category.PARTNERSHIP_CITY.value)
    ours = PreparedTemplate(template, prepared(template))
    assert ours.resolve_listing(xml) == DocxTemplate(BytesIO(template)).resolve_listing(xml)
