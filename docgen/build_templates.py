"""Build the packaged Word templates, one per category, from ``docgen.wording``.

Run once with ``python -m docgen.build_templates``; it rewrites
``docgen/templates/partnership_city.docx`` and ``international_project.docx``. Both the
script and the .docx files are committed. Staff may instead open a .docx in Word, edit the
wording and commit it (or upload it in the portal as a replacement template): from then on
the .docx is the source of the wording, and rerunning this script would undo those edits.

A template is an ordinary Word document with Jinja placeholders (see
``docgen.PLACEHOLDERS``): ``{{ counterpart_city }}`` inside a sentence, and a paragraph of
its own holding ``{%p for item in objectives %}`` ... ``{%p endfor %}`` around a paragraph
that is repeated once per item (docxtpl's ``{%p`` tag removes the tag's own paragraph).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from docgen.wording import RECITALS, clauses
from portal.policy.categories import Category

TEMPLATES = Path(__file__).resolve().parent / "templates"
TORONTO = "the City of Toronto"
LINE = "_" * 32


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """Append a Word field (a page number, say) that Word computes when it lays out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def set_up_page(document: DocumentObject) -> None:
    """Use Letter paper, one-inch margins, Canadian English and a DRAFT header."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))

    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    # Word checks spelling in the language the text is marked with.
    run_properties = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-CA")
    run_properties.append(language)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark = header.add_run("DRAFT — {{ reference }} — version {{ version }}")
    mark.bold = True
    mark.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")


def add_list(document: DocumentObject, variable: str, empty: str) -> None:
    """Add a bullet repeated once per item of ``variable``, or ``empty`` when it has none."""
    document.add_paragraph(f"{{%p for item in {variable} %}}")
    document.add_paragraph("{{ item }}", style="List Bullet")
    document.add_paragraph("{%p else %}")
    document.add_paragraph(empty, style="List Bullet")
    document.add_paragraph("{%p endfor %}")


def add_text(document: DocumentObject, text: str) -> None:
    """Add a paragraph, a list or a conditional paragraph, as ``text`` is marked."""
    if text.startswith("LIST:"):
        _, variable, empty = text.split(":", 2)
        add_list(document, variable, empty)
    elif text.startswith("IF:"):
        _, variable, shown = text.split(":", 2)
        document.add_paragraph(f"{{%p if {variable} %}}")
        document.add_paragraph(shown)
        document.add_paragraph("{%p endif %}")
    else:
        document.add_paragraph(text)


def add_signatures(document: DocumentObject) -> None:
    """Add the signature block: the City's signatory beside the counterpart's."""
    document.add_heading("Signatures", level=1)
    document.add_paragraph(
        "Signed by the Parties' representatives on the dates written below."
    )
    # Each cell is one or more paragraphs; the counterpart's signatory may sign under an
    # authority of their own, a line shown only when it is given.
    rows: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
        (("For {{ city_legal_name }}",), ("For {{ counterpart_legal_name }}",)),
        ((f"Signature: {LINE}",), (f"Signature: {LINE}",)),
        (("Name: {{ signatory_name }}",), ("Name: {{ counterpart_signatory_name }}",)),
        (("Title: {{ signatory_title }}",), (
            "Title: {{ counterpart_signatory_title }}",
            "{%p if counterpart_signatory_authority %}",
            "Authority: {{ counterpart_signatory_authority }}",
            "{%p endif %}",
        )),
        ((f"Date: {LINE}",), (f"Date: {LINE}",)),
    )
    table = document.add_table(rows=len(rows), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, texts in zip(row.cells, cells, strict=True):
            for at, text in enumerate(texts):
                paragraph = cell.paragraphs[0] if at == 0 else cell.add_paragraph()
                run = paragraph.add_run(text)
                run.bold = cells is rows[0]
                # Room above the lines to sign and date by hand.
                if text.startswith(("Signature", "Date")):
                    paragraph.paragraph_format.space_before = Pt(24)


def build(category: Category) -> DocumentObject:
    """Return the template of ``category`` as a python-docx document."""
    document = Document()
    set_up_page(document)
    properties = document.core_properties
    properties.title = f"{category.label} agreement (template)"
    properties.author = "City of Toronto, International Alliance Program"
    properties.last_modified_by = properties.author
    # Not "{{ }}" here: docxtpl fills the document's properties as templates too.
    properties.comments = "The IAP Portal fills the placeholders in double braces."
    properties.created = properties.modified = datetime(2026, 1, 1, tzinfo=UTC)
    properties.revision = 1

    document.add_paragraph("{{ title }}", style="Title")
    subtitle = document.add_paragraph(
        f"{category.label} Agreement between {TORONTO}, Canada, and {{{{ counterpart_city }}}}, "
        "{{ counterpart_country }}",
        style="Subtitle",
    )
    subtitle.alignment = WD_ALIGN_PARAGRAPH.LEFT

    document.add_heading("Parties", level=1)
    document.add_paragraph("This agreement is made between:")
    document.add_paragraph(
        "{{ city_legal_name }}, in the Province of Ontario, Canada (\u201cthe City of "
        "Toronto\u201d); and", style="List Bullet"
    )
    document.add_paragraph(
        "{{ counterpart_legal_name }}, of {{ counterpart_city }}, {{ counterpart_country }} "
        "(\u201c{{ counterpart_city }}\u201d),", style="List Bullet"
    )
    document.add_paragraph("together \u201cthe Parties\u201d.")

    document.add_heading("Recitals", level=1)
    # The authority recital comes last, just before "NOW THEREFORE".
    *recitals, therefore = RECITALS[category]
    for recital in (*recitals, "{{ authority_recital }}", therefore):
        document.add_paragraph(recital)

    for number, clause in enumerate(clauses(category), start=1):
        document.add_heading(f"{number}. {clause.heading}", level=1)
        for text in clause.paragraphs:
            add_text(document, text)

    add_signatures(document)
    return document


def main() -> int:
    """Write both templates into docgen/templates/."""
    TEMPLATES.mkdir(exist_ok=True)
    for category in Category:
        path = TEMPLATES / f"{category.value}.docx"
        build(category).save(str(path))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
