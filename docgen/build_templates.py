"""Build the packaged Word templates, one per category and language, from the wording.

Run once with ``python -m docgen.build_templates``; it rewrites, for each category,
``docgen/templates/<category>.docx`` (English, from ``docgen.wording``),
``docgen/templates/fr/<category>.docx`` (French, from ``docgen.wording_fr``) and
``docgen/templates/en-fr/<category>.docx`` (bilingual: the English version, then the French
one, each with its own signature blocks). A file whose content is unchanged is left as it
is. The script and the .docx files are committed. Staff may instead open a .docx in Word,
edit the wording and commit it (or upload it in the portal as a replacement template): from
then on the .docx is the source of the wording, and rerunning this script would undo those
edits.

A template is an ordinary Word document with Jinja placeholders (see
``docgen.PLACEHOLDERS``): ``{{ counterpart_city }}`` inside a sentence, and a paragraph of
its own holding ``{%p for item in objectives %}`` ... ``{%p endfor %}`` around a paragraph
that is repeated once per item (docxtpl's ``{%p`` tag removes the tag's own paragraph).
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
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

from docgen import wording, wording_fr
from docgen.wording import Clause, Frame
from portal.policy.agreement_language import DraftLanguage
from portal.policy.categories import Category

TEMPLATES = Path(__file__).resolve().parent / "templates"
VERSIONS: dict[DraftLanguage, tuple[tuple[Frame, dict[Category, tuple[str, ...]],
                                          Callable[[Category], list[Clause]]], ...]] = {
    DraftLanguage.ENGLISH: ((wording.FRAME, wording.RECITALS, wording.clauses),),
    DraftLanguage.FRENCH: ((wording_fr.FRAME, wording_fr.RECITALS, wording_fr.clauses),),
    DraftLanguage.BILINGUAL: ((wording.FRAME, wording.RECITALS, wording.clauses),
                              (wording_fr.FRAME, wording_fr.RECITALS, wording_fr.clauses)),
}
"""The versions each draft holds, in order: each one's frame, recitals and clauses."""
BILINGUAL_HEADER = "DRAFT / PROJET \u2014 {{ reference }} \u2014 version {{ version }}"


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


def set_up_page(document: DocumentObject, frame: Frame, header_text: str,
                page: tuple[str, str]) -> None:
    """Use Letter paper, one-inch margins, the frame's language and a DRAFT header."""
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
    language.set(qn("w:val"), frame.language)
    run_properties.append(language)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark = header.add_run(header_text)
    mark.bold = True
    mark.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(page[0])
    add_field(footer, "PAGE", "1")
    footer.add_run(page[1])
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


def add_signatures(document: DocumentObject, frame: Frame) -> None:
    """Add the signature block: the City's signatory beside the counterpart's."""
    heading, sentence = frame.signatures
    document.add_heading(heading, level=1)
    document.add_paragraph(sentence)
    # Each cell is one or more paragraphs.
    rows = frame.signature_rows
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


def add_version(document: DocumentObject, category: Category, frame: Frame,
                recitals: dict[Category, tuple[str, ...]],
                clauses: Callable[[Category], list[Clause]]) -> None:
    """Add one language's version: title, Parties, recitals, clauses and signatures."""
    document.add_paragraph(frame.title, style="Title")
    subtitle = document.add_paragraph(frame.subtitle[category], style="Subtitle")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.LEFT

    heading, opening, city, counterpart, closing = frame.parties
    document.add_heading(heading, level=1)
    document.add_paragraph(opening)
    document.add_paragraph(city, style="List Bullet")
    document.add_paragraph(counterpart, style="List Bullet")
    document.add_paragraph(closing)

    document.add_heading(frame.recitals, level=1)
    # The authority recital comes last, just before "NOW THEREFORE".
    *before, therefore = recitals[category]
    for recital in (*before, frame.authority_recital, therefore):
        document.add_paragraph(recital)

    for number, clause in enumerate(clauses(category), start=1):
        document.add_heading(f"{number}. {clause.heading}", level=1)
        for text in clause.paragraphs:
            add_text(document, text)

    add_signatures(document, frame)


def mark_language(document: DocumentObject, paragraphs: int, tables: int,
                  language: str) -> None:
    """Mark the text after the first ``paragraphs`` and ``tables`` as written in ``language``.

    Word checks the spelling of a bilingual agreement's French version in French.
    """
    cells = [paragraph for table in document.tables[tables:] for row in table.rows
             for cell in row.cells for paragraph in cell.paragraphs]
    for paragraph in [*document.paragraphs[paragraphs:], *cells]:
        for run in paragraph.runs:
            properties = run._r.get_or_add_rPr()
            marked = OxmlElement("w:lang")
            marked.set(qn("w:val"), language)
            properties.append(marked)


def build(category: Category,
          language: DraftLanguage = DraftLanguage.ENGLISH) -> DocumentObject:
    """Return the template of ``category`` in ``language`` as a python-docx document."""
    versions = VERSIONS[language]
    first = versions[0][0]
    document = Document()
    if len(versions) == 1:
        set_up_page(document, first, first.header, first.page)
    else:
        set_up_page(document, first, BILINGUAL_HEADER, ("Page ", " / "))
    properties = document.core_properties
    properties.title = " / ".join(frame.template_title[category] for frame, *_ in versions)
    properties.author = "City of Toronto, International Alliance Program"
    properties.last_modified_by = properties.author
    # Not "{{ }}" here: docxtpl fills the document's properties as templates too.
    properties.comments = "The IAP Portal fills the placeholders in double braces."
    properties.created = properties.modified = datetime(2026, 1, 1, tzinfo=UTC)
    properties.revision = 1

    for at, (frame, recitals, clauses) in enumerate(versions):
        if len(versions) > 1:
            paragraphs, tables = len(document.paragraphs), len(document.tables)
            heading = document.add_heading(frame.version_heading, level=1)
            # Each version starts on a page of its own.
            heading.paragraph_format.page_break_before = bool(at)
        add_version(document, category, frame, recitals, clauses)
        if at and frame.language != first.language:
            mark_language(document, paragraphs, tables, frame.language)
    return document


def template_path(category: Category, language: DraftLanguage) -> Path:
    """Return where the packaged template of ``category`` in ``language`` is kept."""
    folder = TEMPLATES if language is DraftLanguage.ENGLISH else TEMPLATES / language.value
    return folder / f"{category.value}.docx"


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def save(document: DocumentObject, path: Path) -> bool:
    """Write ``document`` to ``path`` unless the file holds the same parts; say if written."""
    out = BytesIO()
    document.save(out)
    # A zip records when each part was written: same content, different bytes. Leaving an
    # unchanged file alone keeps git from reporting a change that is not one.
    if path.exists() and _parts(path.read_bytes()) == _parts(out.getvalue()):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return True


def main() -> int:
    """Write every category's template in every language into docgen/templates/."""
    for language in DraftLanguage:
        for category in Category:
            path = template_path(category, language)
            print(f"{'wrote' if save(build(category, language), path) else 'unchanged'} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
