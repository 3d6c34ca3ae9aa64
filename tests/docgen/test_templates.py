"""Check replacement templates: refused with the paragraph at fault, accepted when usable."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from docx import Document

from docgen import PLACEHOLDERS, check_template, packaged_template
from docgen.render import placeholder_values

from .factories import make_terms, template_with

NOT_A_DOCX = ["The file is not a Word document (.docx)."]


@pytest.mark.parametrize("category", ["partnership_city", "international_project"])
def test_the_packaged_templates_are_accepted(category: str) -> None:
    assert check_template(packaged_template(category)) == []


def test_every_placeholder_listed_is_supplied_and_no_other() -> None:
    for category in ("partnership_city", "international_project"):
        assert placeholder_values(make_terms(category)).keys() == PLACEHOLDERS.keys()
    assert all(description.strip() for description in PLACEHOLDERS.values())


def _zip_without_word_parts() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"", b"plain text", b"%PDF-1.7\n", b"PK\x03\x04broken", _zip_without_word_parts()],
    ids=["empty", "text", "pdf", "broken zip", "zip without Word parts"],
)
def test_a_file_that_is_not_a_docx_is_refused(content: bytes) -> None:
    assert check_template(content) == NOT_A_DOCX


def test_an_unknown_placeholder_is_refused_naming_its_paragraph() -> None:
    template = template_with("Intro", "Signed by {{ mayor_name }} for Toronto.", "{{ title }}")
    assert check_template(template) == [
        'Unknown placeholder "mayor_name" in the paragraph '
        '"Signed by {{ mayor_name }} for Toronto.".'
    ]


def test_each_unknown_placeholder_is_named_in_document_order() -> None:
    template = template_with("{{ zeta }}", "fine", "{{ alpha }} and {{ title }}")
    assert check_template(template) == [
        'Unknown placeholder "zeta" in the paragraph "{{ zeta }}".',
        'Unknown placeholder "alpha" in the paragraph "{{ alpha }} and {{ title }}".',
    ]


def test_a_long_paragraph_is_quoted_by_its_first_80_characters() -> None:
    text = "Whereas " + "the Parties agree " * 10 + "{{ oops }}"
    [problem] = check_template(template_with(text))
    assert problem == f'Unknown placeholder "oops" in the paragraph "{text[:79]}…".'


@pytest.mark.parametrize(
    ("paragraphs", "message", "paragraph"),
    [
        (("Intro", "Ends on {{ end_date_long | }}.", "After"),
         "expected token 'name', got 'end of print statement'", "Ends on {{ end_date_long | }}."),
        (("Intro", "Ends on {{ end_date_long }.", "After"), "unexpected '}'",
         "Ends on {{ end_date_long }."),
        (("Intro", "{{ }}"), "Expected an expression", "{{ }}"),
        (("{% if lead_division %}Led by", "{% endfor %}", "After"),
         "Encountered unknown tag 'endfor'", "{% endfor %}"),
        (("Intro", "{{ title|shout }}"), "No filter named 'shout'", "{{ title|shout }}"),
    ],
    ids=["filter name missing", "unclosed print", "empty print", "mismatched end",
         "unknown filter"],
)
def test_a_jinja_syntax_error_is_refused_naming_its_paragraph(
    paragraphs: tuple[str, ...], message: str, paragraph: str
) -> None:
    [problem] = check_template(template_with(*paragraphs))
    assert problem.startswith("Jinja syntax error (")
    assert message in problem
    assert problem.endswith(f' in the paragraph "{paragraph}".')


def test_a_block_never_closed_is_refused_naming_the_paragraph_that_opens_it() -> None:
    template = template_with(
        "Objectives:", "{%p for item in objectives %}", "{{ item }}", "Closing words."
    )
    [problem] = check_template(template)
    assert "Unexpected end of template" in problem
    assert problem.endswith(' in the paragraph "{%p for item in objectives %}".')


def test_a_problem_in_the_header_is_named_as_a_header_paragraph() -> None:
    assert check_template(template_with("Body", header="DRAFT {{ referense }}")) == [
        'Unknown placeholder "referense" in the header paragraph "DRAFT {{ referense }}".'
    ]


def test_a_placeholder_split_across_runs_and_in_a_table_is_still_found() -> None:
    # Word splits a paragraph into runs wherever formatting or editing history changes.
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Hello {{ counterpart_")
    paragraph.add_run("cty }}").bold = True
    document.add_table(rows=1, cols=1).cell(0, 0).text = "For {{ their_city }}"
    out = BytesIO()
    document.save(out)
    assert check_template(out.getvalue()) == [
        'Unknown placeholder "counterpart_cty" in the paragraph "Hello {{ counterpart_cty }}".',
        'Unknown placeholder "their_city" in the paragraph "For {{ their_city }}".',
    ]


def test_a_placeholder_in_the_document_properties_is_checked_too() -> None:
    document = Document()
    document.add_paragraph("Body")
    document.core_properties.subject = "Agreement with {{ town }}"
    out = BytesIO()
    document.save(out)
    assert check_template(out.getvalue()) == [
        'Unknown placeholder "town" in the document property "Agreement with {{ town }}".'
    ]


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        ("Cost {{ title.missing }}.", "'str object' has no attribute 'missing'"),
        ("{{ title.__class__ }}", "unsafe"),
        ("{{ 1 / 0 }}", "division by zero"),
    ],
    ids=["missing attribute", "reaching into Python", "arithmetic error"],
)
def test_a_template_that_fails_once_filled_is_refused_naming_its_paragraph(
    paragraph: str, reason: str
) -> None:
    [problem] = check_template(template_with("Intro", paragraph))
    assert problem.startswith("The template could not be filled (")
    assert reason in problem
    assert problem.endswith(f' in the paragraph "{paragraph}".')


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("{% if category == \u201cpartnership_city\u201d %}Partnership{% endif %}",),
        ("{%p for item in activities %}", "{{ loop.index }}. {{ item }}", "{%p endfor %}"),
        ("{% set city = counterpart_city %}{{ city|upper }} {{ range(3)|list|length }}",),
        ("{%p if lead_division %}", "Led by {{ lead_division }}", "{%p endif %}"),
        ("No placeholders at all.",),
    ],
    ids=["curly quotes from Word", "loop variables", "local names and globals",
         "paragraph if", "plain text"],
)
def test_a_usable_template_is_accepted(paragraphs: tuple[str, ...]) -> None:
    assert check_template(template_with(*paragraphs, ESSENTIALS)) == []


ESSENTIALS = ("Between Toronto and {{ counterpart_city }}, from {{ start_date_long }} to "
              "{{ end_date_long }}. Signed: {{ signatory_name }}, {{ signatory_title }}.")


@pytest.mark.parametrize("left_out", ["signatory_name", "signatory_title", "end_date_long"])
def test_a_template_that_leaves_out_the_signatory_or_the_term_is_refused(left_out: str) -> None:
    paragraph = ESSENTIALS.replace("{{ " + left_out + " }}", "")
    problems = check_template(template_with(paragraph))
    assert any(left_out in problem and "must show" in problem for problem in problems)


def test_the_packaged_template_is_found_only_for_a_category() -> None:
    assert packaged_template("partnership_city").startswith(b"PK")
    with pytest.raises(ValueError):
        packaged_template("../../pyproject")
