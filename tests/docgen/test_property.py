"""Render agreements from arbitrary Unicode text: every draft must open in python-docx."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from docgen import render_agreement
from portal.policy.text import one_line

from .factories import make_terms, read_draft


def _as_docxtpl_writes(text: str) -> str:
    # docxtpl turns its escape "{_{" into "{{" (and so on) after filling, values included.
    for escaped, plain in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        text = text.replace(escaped, plain)
    return text


@settings(max_examples=30, deadline=None)
@given(
    title=st.text(min_size=1),
    city=st.text(min_size=1),
    name=st.text(min_size=1),
    answers=st.lists(st.text(), max_size=3),
    category=st.sampled_from(["partnership_city", "international_project"]),
)
def test_any_unicode_text_gives_a_draft_python_docx_opens(
    title: str, city: str, name: str, answers: list[str], category: str
) -> None:
    assume(one_line(title) and one_line(city) and one_line(name))
    terms = make_terms(
        category, title=title, counterpart_city=city, counterpart_signatory_name=name,
        objectives=answers, activities=answers, areas=answers, outcomes=answers,
    )
    draft = read_draft(render_agreement(terms))
    assert _as_docxtpl_writes(terms.title) in draft.paragraphs
    assert f"Name: {_as_docxtpl_writes(terms.counterpart_signatory_name)}" in draft.cells
    for line in terms.objectives:
        assert _as_docxtpl_writes(line) in draft.paragraphs
