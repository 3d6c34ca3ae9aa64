"""Check a replacement template an administrator uploads before any draft is made from it.

Each problem names the paragraph that holds it, as the administrator sees it in Word, so
the fix is a search away. Checking reads the template paragraph by paragraph (a paragraph
is one line to Jinja, so Jinja's line number is the paragraph), then fills two sample
agreements the way a draft is filled, to catch anything the reading missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from typing import Any, cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from jinja2 import TemplateSyntaxError, meta
from lxml.etree import _Element

from docgen.archive import template_unpack_problem
from docgen.render import (
    NOT_A_DOCX,
    PLACEHOLDERS,
    TemplateRefused,
    fill,
    opens_in_word,
    placeholder_values,
    template_environment,
)
from docgen.terms import AgreementTerms

_EXCERPT = 80

# docxtpl's own tags ({%p for %}, {{r x }}, {%tr %}, ...) are Jinja once the letter goes.
_DOCXTPL_TAG = re.compile(r"(\{[{%#])(?:p|tr|tc|r) ")
# docxtpl's table-cell tags, which are not Jinja; it rewrites them before Jinja runs.
_CELL_TAG = re.compile(r"\{%\s*(?:colspan|cellbg)\s+([^%]*)%\}")
_MERGE_TAG = re.compile(r"\{%\s*(?:vm|hm)\s*%\}")
# Word turns typed quotes into curly ones; docxtpl straightens them inside tags.
_CURLY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_BLOCK = re.compile(r"\{%-?\s*(\w+)")
_OPENERS = {"for", "if", "macro", "call", "filter", "block", "with", "raw", "autoescape"}

_SAMPLE: dict[str, Any] = dict(
    reference="IAP-2026-0001", version=1, counterpart_city="Lisbon",
    counterpart_country="Portugal", start_date=date(2026, 9, 1), term_years=1,
    title="Sample agreement", objectives=["An objective"], activities=["An activity"],
    areas=["An area"], outcomes=["An outcome"], signatory_name="A. Name",
    signatory_title="A title", counterpart_signatory_name="B. Name",
    counterpart_signatory_title="Mayor", lead_division="A division",
)
SAMPLES = (
    AgreementTerms(category="partnership_city", **_SAMPLE),
    AgreementTerms(category="international_project", **{**_SAMPLE, "lead_division": None}),
)
"""Terms that any usable template can be filled with, one per category."""


def _own_text(paragraph: _Element) -> str:
    """Return the text of ``paragraph`` without that of paragraphs nested in it."""
    return "".join(
        node.text or ""
        for node in paragraph.iter(qn("w:t"))
        if next(node.iterancestors(qn("w:p"))) is paragraph
    )


def _as_jinja(text: str) -> str:
    """Return a paragraph's text as the Jinja docxtpl would run for it, on one line."""
    text = _DOCXTPL_TAG.sub(r"\1 ", text)
    text = _CELL_TAG.sub(r"{{ \1 }}", text)
    text = _MERGE_TAG.sub("", text)
    text = _TAG.sub(lambda tag: tag.group(0).translate(_CURLY), text)
    return text.replace("\n", " ")


def _parts(document: DocumentObject) -> Iterator[tuple[str, list[str]]]:
    """Yield each thing docxtpl fills, as a message names it, with its paragraphs."""
    yield "the paragraph", [_own_text(p) for p in document.element.body.iter(qn("w:p"))]
    for relation in document.part.rels.values():
        if relation.reltype in (RT.HEADER, RT.FOOTER) and not relation.is_external:
            where = "header" if relation.reltype == RT.HEADER else "footer"
            element = cast(XmlPart, relation.target_part).element
            yield f"the {where} paragraph", [_own_text(p) for p in element.iter(qn("w:p"))]
    # docxtpl fills these document properties too (File > Info in Word).
    properties = document.core_properties
    yield "the document property", [
        getattr(properties, name) or ""
        for name in ("author", "comments", "identifier", "language", "subject", "title")
    ]


def _quote(where: str, text: str) -> str:
    """Return how a message names a paragraph: its first words, in quotes."""
    text = " ".join(text.split())
    if len(text) > _EXCERPT:
        text = text[: _EXCERPT - 1] + "…"
    return f'{where} "{text}"'


def _unclosed_block(lines: list[str]) -> int | None:
    """Return the index of the paragraph opening the innermost block left unclosed."""
    stack: list[int] = []
    for index, line in enumerate(lines):
        for tag in _BLOCK.finditer(line):
            word = tag.group(1)
            if word in _OPENERS:
                stack.append(index)
            elif word.startswith("end") and stack:
                stack.pop()
    return stack[-1] if stack else None


def _syntax_problem(
    where: str, texts: list[str], lines: list[str], error: TemplateSyntaxError
) -> str:
    """Return the message for a Jinja syntax error, naming the paragraph that causes it."""
    index = (error.lineno or 1) - 1
    # At the end of the part Jinja only knows something was never closed: name the
    # paragraph that opened it, which is where the administrator has to look.
    if "end of template" in (error.message or ""):
        opener = _unclosed_block(lines)
        index = index if opener is None else opener
    index = min(max(index, 0), len(lines) - 1)
    return f"Jinja syntax error ({error.message}) in {_quote(where, texts[index])}."


def _part_problems(where: str, texts: list[str]) -> list[str]:
    """Return the syntax error or the unknown placeholders of one part of the template."""
    # Messages quote the paragraph as Word shows it; Jinja reads it as docxtpl rewrites it.
    lines = [_as_jinja(text) for text in texts]
    if not any("{" in line for line in lines):
        return []
    environment = template_environment()
    source = "\n".join(lines)
    try:
        tree = environment.parse(source)
        # Compiling also finds unknown filters and tests, which parsing lets through.
        environment.compile(tree)
    except TemplateSyntaxError as error:
        return [_syntax_problem(where, texts, lines, error)]
    allowed = PLACEHOLDERS.keys() | environment.globals.keys()
    unknown = meta.find_undeclared_variables(tree) - allowed
    found: list[tuple[int, str]] = []
    for name in unknown:
        word = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
        index = next(
            (i for i, line in enumerate(lines)
             if any(word.search(tag.group(0)) for tag in _TAG.finditer(line))),
            None,
        )
        place = f" in {_quote(where, texts[index])}" if index is not None else ""
        found.append((index or 0, f'Unknown placeholder "{name}"{place}.'))
    if found:
        return [message for _, message in sorted(found)]
    return _filling_problems(where, texts, source)


def _template_line(error: BaseException) -> int | None:
    """Return the template line an error was raised on, from Jinja's rewritten traceback."""
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _filling_problems(where: str, texts: list[str], source: str) -> list[str]:
    """Return why the part cannot be filled with the sample terms, naming the paragraph."""
    # A well-formed template can still fail once filled: an attribute a value lacks, or
    # one the sandbox forbids. Filling the paragraphs' text finds the paragraph at fault.
    template = template_environment().from_string(source)
    for sample in SAMPLES:
        try:
            template.render(placeholder_values(sample))
        except Exception as error:  # whatever fails here fails every draft
            line = _template_line(error)
            place = f" in {_quote(where, texts[line - 1])}" if line and line <= len(texts) else ""
            return [f"The template could not be filled ({error}){place}."]
    return []


# The two things a draft must never get wrong are the term and the signatory: a replacement
# template must show them, and whom the agreement is with.
REQUIRED_PLACEHOLDERS: tuple[tuple[str, ...], ...] = (
    ("counterpart_city",),
    ("signatory_name",),
    ("signatory_title",),
    ("start_date_long", "start_date_iso"),
    ("end_date_long", "end_date_iso"),
)


def _used_placeholders(document: DocumentObject) -> set[str]:
    environment = template_environment()
    used: set[str] = set()
    for _where, texts in _parts(document):
        source = "\n".join(_as_jinja(text) for text in texts)
        if "{" in source:
            used |= meta.find_undeclared_variables(environment.parse(source))
    return used


def _missing_required(document: DocumentObject) -> list[str]:
    used = _used_placeholders(document)
    return [
        "The template must show {{ " + " }} or {{ ".join(names) + " }}."
        for names in REQUIRED_PLACEHOLDERS if not used.intersection(names)
    ]


def check_template(content: bytes) -> list[str]:
    """Return the problems that stop ``content`` serving as a template; empty when none."""
    # Before anything unpacks it: a zip bomb must not be opened by python-docx at all.
    unpack_problem = template_unpack_problem(content)
    if unpack_problem is not None:
        return [unpack_problem]
    try:
        document = Document(BytesIO(content))
    except Exception:  # python-docx raises several kinds; any means it is not a .docx
        return [NOT_A_DOCX]
    problems = [
        problem for where, texts in _parts(document) for problem in _part_problems(where, texts)
    ]
    if problems:
        return problems
    problems = _missing_required(document)
    if problems:
        return problems
    for sample in SAMPLES:
        try:
            filled = fill(content, placeholder_values(sample))
            out = BytesIO()
            filled.save(out)
        except TemplateRefused as exc:
            return [str(exc)]
        except Exception as exc:  # a failure here is a failure of every draft to come
            return [f"The template could not be filled: {exc}"]
        if not opens_in_word(out.getvalue()):
            return ["The template does not give a readable Word document once filled."]
    return []
