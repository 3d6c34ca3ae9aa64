"""Build the packaged Word templates, one per category, from the wording below.

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
from dataclasses import dataclass
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

from portal.policy.categories import Category

TEMPLATES = Path(__file__).resolve().parent / "templates"
TORONTO = "the City of Toronto"
LINE = "_" * 32


@dataclass(frozen=True)
class Clause:
    """A numbered section: its heading and its paragraphs, each either text or a list."""

    heading: str
    paragraphs: tuple[str, ...]


def list_of(variable: str, empty: str) -> str:
    """Mark a paragraph that becomes one bullet per item of ``variable``."""
    return f"LIST:{variable}:{empty}"


def only_if(variable: str, text: str) -> str:
    """Mark a paragraph shown only when ``variable`` is not empty."""
    return f"IF:{variable}:{text}"


RECITALS = {
    Category.PARTNERSHIP_CITY: (
        "WHEREAS the City of Toronto, through its International Alliance Program, builds "
        "long-term relationships with cities around the world that bring economic, cultural, "
        "educational, environmental and social benefits to the residents of both cities;",
        "WHEREAS {{ counterpart_city }} and the City of Toronto share ties between their "
        "people, institutions and businesses, and wish to deepen them;",
        "WHEREAS the Parties wish to record their intention to work together as Partnership "
        "Cities across several areas of mutual interest;",
        "NOW THEREFORE the Parties record the following intentions.",
    ),
    Category.INTERNATIONAL_PROJECT: (
        "WHEREAS the City of Toronto, through its International Alliance Program, supports "
        "focused projects with cities around the world that bring economic, cultural, "
        "educational, environmental and social benefits to the residents of both cities;",
        "WHEREAS {{ counterpart_city }} and the City of Toronto have identified a project of "
        "shared interest with defined goals;",
        "WHEREAS the Parties wish to record their intention to carry out that project together "
        "as an International Project;",
        "NOW THEREFORE the Parties record the following intentions.",
    ),
}

PURPOSE = {
    Category.PARTNERSHIP_CITY: (
        "The purpose of this agreement is to build a lasting relationship between the two "
        "cities and their residents. The Parties intend to pursue these objectives:"
    ),
    Category.INTERNATIONAL_PROJECT: (
        "The purpose of this agreement is to carry out the project named above, with defined "
        "goals and within a defined term. The Parties intend to pursue these objectives:"
    ),
}

LEAD = {
    Category.PARTNERSHIP_CITY: (
        "For the City of Toronto, {{ lead_division }} coordinates the activities under this "
        "agreement."
    ),
    Category.INTERNATIONAL_PROJECT: (
        "For the City of Toronto, {{ lead_division }} leads the project."
    ),
}

REVIEW = {
    Category.PARTNERSHIP_CITY: (
        "In the six months before this agreement ends, the Parties will review what it has "
        "achieved against its objectives and decide whether to continue the relationship."
    ),
    Category.INTERNATIONAL_PROJECT: (
        "In the six months before this agreement ends, the Parties will review what the "
        "project has achieved against its objectives and decide whether it should end, "
        "continue as a new International Project, or be proposed for promotion to a "
        "Partnership City."
    ),
}

PROMOTION = Clause(
    "Promotion to a Partnership City",
    (
        "If the project proves productive, either Party may propose that the relationship "
        "be promoted to a Partnership City. A promotion is made by a new Partnership City "
        "agreement, approved and signed under the City of Toronto's International Alliance "
        "Program; it does not extend or amend this agreement.",
    ),
)


# The clauses a City Solicitor expects in every agreement, whatever its category; the first
# six go before "Non-binding nature", the rest after "Languages".
STANDARD = (
    Clause("Notices and coordinators", (
        "Each Party names a coordinator for this agreement, who receives the other Party's "
        "notices and reports. For the City of Toronto: {{ city_coordinator }}. For "
        "{{ counterpart_legal_name }}: {{ counterpart_coordinator }}.",
        "A notice under this agreement is given in writing, by letter or email to the other "
        "Party's coordinator. A Party may name a new coordinator by notice to the other.",
    )),
    Clause("Amendment", (
        "This agreement may be amended only in writing, signed by both Parties' authorized "
        "representatives.",
    )),
    Clause("Dispute resolution", (
        "The Parties will resolve any difference about the meaning or carrying out of this "
        "agreement by consultation between their coordinators and, if need be, their "
        "signatories. Neither Party will refer a difference to a court, a tribunal or any "
        "other third party.",
    )),
    Clause("Use of names and logos", (
        "Neither Party will use the other Party's name, logo, coat of arms or other official "
        "marks without its prior written consent, which may be limited to a stated use.",
    )),
    Clause("Ownership of jointly produced material", (
        "Each Party keeps the rights in material it brings to the activities. Material the "
        "Parties produce together under this agreement is owned by them jointly; each Party "
        "may use it for non-commercial public purposes, acknowledging the other Party, and any "
        "other use needs both Parties' written consent.",
    )),
    Clause("Confidentiality and privacy", (
        "Each Party will keep confidential the information the other Party marks as "
        "confidential, except as the law requires. The City of Toronto is subject to "
        "Ontario's Municipal Freedom of Information and Protection of Privacy Act, and "
        "information it holds under this agreement may be disclosed under that Act.",
        "Each Party will collect, use and disclose personal information under this agreement "
        "only as the privacy laws that apply to it allow.",
    )),
    Clause("Counterparts and electronic signatures", (
        "This agreement may be signed in counterparts, each of which is an original and all "
        "of which together are one agreement. A signature given electronically, or a signed "
        "copy sent electronically, is as valid as an original signature.",
    )),
    Clause("Entire understanding", (
        "This agreement, with any amendment made under it, is the Parties' entire "
        "understanding of its subject and replaces any earlier understanding between them "
        "about it.",
    )),
    Clause("Effective date", (
        "The effective date of this agreement is the later of {{ start_date_long }} and the "
        "date on which the last of the Parties signs it.",
    )),
)


def clauses(category: Category) -> list[Clause]:
    """Return the numbered sections of ``category``'s agreement, in order."""
    label = category.label
    body = [
        Clause("Purpose and objectives", (
            PURPOSE[category],
            list_of("objectives", "The Parties will set out the objectives in writing."),
        )),
        Clause("Areas of cooperation", (
            "The Parties intend to cooperate in these areas:",
            list_of("areas", "The Parties will agree the areas of cooperation in writing."),
        )),
        Clause("Activities", (
            "The Parties intend to carry out these activities:",
            list_of("activities", "The Parties will agree the activities in writing."),
            only_if("lead_division", LEAD[category]),
        )),
        Clause("Outcomes and reporting", (
            "The Parties aim to achieve these outcomes:",
            list_of("outcomes", "The Parties will agree the expected outcomes in writing."),
            "Each year of the agreement, the Parties will prepare a short joint annual report "
            "of the activities carried out and the outcomes achieved against the objectives "
            "above. The City of Toronto's City Clerk's Office keeps it with the International "
            "Alliance Program's records.",
        )),
        Clause("Resources", (
            "{{ resources }}",
            "Each Party bears its own costs of taking part in the activities under this "
            "agreement, unless the Parties agree otherwise in writing. Nothing in this "
            "agreement commits either Party to spend funds that its own approval processes "
            "have not approved.",
        )),
        Clause("Term", (
            "This agreement takes effect on {{ start_date_long }} ({{ start_date_iso }}), or on "
            "the date of the last signature if that is later, and has a term of "
            "{{ term_length }}. It ends on {{ end_date_long }} ({{ end_date_iso }}), unless a "
            "Party terminates it earlier.",
        )),
        Clause("Review before expiry", (REVIEW[category],)),
        Clause("Renewal", (
            "This agreement does not renew itself. The Parties may continue their cooperation "
            "after {{ end_date_long }} only by signing a new agreement.",
        )),
    ]
    if category is Category.INTERNATIONAL_PROJECT:
        body.append(PROMOTION)
    body += [
        Clause("Termination", (
            "Either Party may terminate this agreement at any time by giving the other Party "
            "at least 90 days' written notice. The Parties will bring activities already under "
            "way to an orderly close.",
        )),
        *STANDARD[:6],
        Clause("Non-binding nature", (
            f"This {label} agreement records the Parties' shared intentions and goodwill. It "
            "is not legally binding, creates no legal or financial obligation for either "
            "Party, and creates no obligation under international law.",
        )),
        # The sentence depends on the language (an English-speaking counterpart has no
        # second version): portal.policy.clauses.languages_sentence writes it.
        Clause("Languages", ("{{ languages_clause }}",)),
        *STANDARD[6:],
    ]
    return body


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
