"""Build agreement terms and read a draft back the way staff would see it in Word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table

from docgen import AgreementTerms

PROJECT: dict[str, Any] = dict(
    reference="IAP-2026-0042",
    version=1,
    category="international_project",
    counterpart_city="Lisbon",
    counterpart_country="Portugal",
    start_date=date(2027, 9, 1),
    term_years=3,
    title="Lisbon-Toronto cool streets",
    objectives=["Pilot shade and water measures on two streets in each city."],
    activities=["Two study visits and a joint workshop with residents."],
    areas=["Climate adaptation", "Public space"],
    outcomes=["Surface temperature 3 degrees lower on the pilot streets."],
    signatory_name="Jordan Example",
    signatory_title="General Manager, Economic Development and Culture",
    counterpart_signatory_name="Carlos Exemplo",
    counterpart_signatory_title="Mayor of Lisbon",
    lead_division="Economic Development and Culture",
)
PARTNERSHIP: dict[str, Any] = {
    **PROJECT,
    "category": "partnership_city",
    "term_years": 5,
    "title": "Lisbon-Toronto Partnership City",
    "signatory_name": "Alex Example",
    "signatory_title": "Mayor",
    "lead_division": "City Clerk's Office",
}


def make_terms(category: str = "international_project", **overrides: Any) -> AgreementTerms:
    """Return complete terms of ``category``, with ``overrides`` replacing any field."""
    base = PROJECT if category == "international_project" else PARTNERSHIP
    return AgreementTerms(**{**base, "category": category, **overrides})


@dataclass(frozen=True)
class Draft:
    """What python-docx reads in a draft: body paragraphs, table cells, headers, footers."""

    paragraphs: list[str]
    styles: list[str]
    cells: list[str]
    headers: list[str]
    footers: list[str]

    @property
    def text(self) -> str:
        """Return every piece of text in the draft, one paragraph or cell a line."""
        return "\n".join(self.paragraphs + self.cells + self.headers + self.footers)

    def style_of(self, paragraph: str) -> str:
        """Return the style of the first body paragraph reading exactly ``paragraph``."""
        return self.styles[self.paragraphs.index(paragraph)]


def _cells(table: Table) -> list[str]:
    return [
        text
        for row in table.rows
        for cell in row.cells
        for text in [cell.text, *(c for t in cell.tables for c in _cells(t))]
    ]


def _style_names(document: Any) -> list[str]:
    """Return each paragraph's style name, as ``paragraph.style.name`` says it.

    Asking each paragraph for its style looks the default style up among all of them
    again: one lookup table per document is what makes reading a draft quick.
    """
    paragraph = WD_STYLE_TYPE.PARAGRAPH
    names = {s.style_id: s.name for s in document.styles if s.type == paragraph}
    default = document.styles.default(paragraph)
    fallback = default.name if default is not None else ""
    return [names.get(p._p.style, fallback) for p in document.paragraphs]


def read_draft(content: bytes) -> Draft:
    """Open ``content`` with python-docx and return the text it holds."""
    document = Document(BytesIO(content))
    return Draft(
        paragraphs=[p.text for p in document.paragraphs],
        styles=_style_names(document),
        cells=[text for table in document.tables for text in _cells(table)],
        headers=[p.text for s in document.sections for p in s.header.paragraphs],
        footers=[p.text for s in document.sections for p in s.footer.paragraphs],
    )


def template_with(*paragraphs: str, header: str | None = None) -> bytes:
    """Return a .docx whose body holds ``paragraphs`` (and ``header``), as a template."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    out = BytesIO()
    document.save(out)
    return out.getvalue()
