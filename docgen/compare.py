"""Compare two versions of a draft: a Word file with tracked changes, and the words changed.

The later version is the base: its paragraphs keep their styles and their runs' formatting,
and what changed since the earlier version is written as Word revisions (``w:ins`` and
``w:del``, by "IAP Portal" at a given time) that a lawyer accepts or rejects in Word or
LibreOffice. The same comparison, as plain data, is what the portal shows on the page.

Paragraphs are aligned first (``docgen.align``: difflib over their texts, a changed
paragraph paired with the most alike one), then words within a paired paragraph. Only the
body is compared, tables included; headers and footers carry the draft's version number and
nothing a party wrote.
Written here rather than taken from python-redlines: that package runs a 45 MB .NET program
it unpacks into a cache directory at run time and dates every change 1 January 2000, and
the page would need a word-level difference of its own anyway.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import Any, Literal

from docx import Document
from docx.oxml.ns import qn

from docgen.align import Kind, Span, align, word_spans
from docgen.render import NOT_A_DOCX

AUTHOR = "IAP Portal"
"""Who the tracked changes are by, as Word's Review pane shows it."""

_SPECIAL = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
            qn("w:noBreakHyphen"): "\u2011", qn("w:softHyphen"): "\u00ad"}
_RUN_PARTS = {qn("w:rPr"), qn("w:t"), qn("w:lastRenderedPageBreak"), *_SPECIAL}
# A paragraph holding only these is rewritten word by word; any other content (a link, a
# field, a picture, earlier revisions) is compared as a whole paragraph replaced.
_PLAIN_PARTS = {qn("w:pPr"), qn("w:r"), qn("w:proofErr"), qn("w:bookmarkStart"),
                qn("w:bookmarkEnd")}
_SKIPPED = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")}


class NotComparable(ValueError):
    """Raised when a version cannot be read as a Word document."""


@dataclass(frozen=True)
class Segment:
    """A piece of a paragraph's text: the same in both versions, inserted or deleted."""

    kind: Literal["same", "inserted", "deleted"]
    text: str


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph of the comparison: unchanged, changed word by word, added or removed."""

    kind: Kind
    segments: tuple[Segment, ...]

    @property
    def before(self) -> str:
        """Return the paragraph as the earlier version has it."""
        return "".join(s.text for s in self.segments if s.kind != "inserted")

    @property
    def after(self) -> str:
        """Return the paragraph as the later version has it."""
        return "".join(s.text for s in self.segments if s.kind != "deleted")


@dataclass(frozen=True)
class Comparison:
    """The later version against the earlier: its paragraphs, and the tracked-changes file."""

    paragraphs: tuple[ParagraphChange, ...]
    document: bytes

    @property
    def changes(self) -> tuple[ParagraphChange, ...]:
        """Return only the paragraphs that differ, in the later version's order."""
        return tuple(p for p in self.paragraphs if p.kind != "same")


# Reading paragraphs --------------------------------------------------------------------

Char = tuple[str, Any, Any]
"""One character of a paragraph: the character, its run's properties, the special element
(a tab or a break) it stands for, or None for text."""


def _open(content: bytes) -> Any:
    try:
        return Document(BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds; any means "not a .docx"
        raise NotComparable(NOT_A_DOCX) from exc


def _paragraphs(document: Any) -> list[Any]:
    """Return the body's paragraphs, those in tables included, in reading order."""
    body = document.element.body
    return [p for p in body.iter(qn("w:p"))
            if not any(a.tag in _SKIPPED or a.tag == qn("w:p") for a in p.iterancestors())]


def _runs(paragraph: Any) -> Iterator[Any]:
    for run in paragraph.iter(qn("w:r")):
        ancestors = []
        for a in run.iterancestors():
            if a is paragraph:
                break
            ancestors.append(a.tag)
        if not _SKIPPED.intersection(ancestors):
            yield run


def _chars(paragraph: Any) -> list[Char]:
    chars: list[Char] = []
    for run in _runs(paragraph):
        properties = run.find(qn("w:rPr"))
        for part in run:
            if part.tag == qn("w:t"):
                chars.extend((c, properties, None) for c in part.text or "")
            elif part.tag in _SPECIAL:
                chars.append((_SPECIAL[part.tag], properties, part))
    return chars


def _plain(paragraph: Any) -> bool:
    return all(child.tag in _PLAIN_PARTS for child in paragraph) and all(
        part.tag in _RUN_PARTS for run in paragraph.iter(qn("w:r")) for part in run)


def _text(chars: list[Char]) -> str:
    return "".join(c for c, _, _ in chars)


def _segments(earlier: str, later: str, spans: list[Span]) -> tuple[Segment, ...]:
    return tuple(Segment(kind, (earlier if kind == "deleted" else later)[start:end])
                 for kind, start, end in spans)


# Writing revisions ---------------------------------------------------------------------

class _Revisions:
    """Make ``w:ins`` and ``w:del`` elements, each with its own id, author and date."""

    def __init__(self, document: Any, author: str, at: datetime) -> None:
        ids = [int(v) for v in document.element.xpath("//@w:id") if str(v).isdigit()]
        self._next = max(ids, default=0) + 1
        self.author = author
        self.date = (at.replace(tzinfo=UTC) if at.tzinfo is None
                     else at.astimezone(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def make(self, kind: Literal["inserted", "deleted"]) -> Any:
        element = _element("w:ins" if kind == "inserted" else "w:del")
        element.set(qn("w:id"), str(self._next))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self._next += 1
        return element


def _element(tag: str) -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement(tag)


def _build_runs(chars: list[Char], deleted: bool) -> list[Any]:
    """Return runs holding ``chars``, one per stretch of the same formatting."""
    runs: list[Any] = []
    current: Any = None
    last: Any = object()
    for c, properties, special in chars:
        if current is None or properties is not last:
            current = _element("w:r")
            if properties is not None:
                current.append(copy.deepcopy(properties))
            runs.append(current)
            last = properties
        if special is not None:
            current.append(copy.deepcopy(special))
            continue
        tail = current[-1] if len(current) else None
        text_tag = qn("w:delText") if deleted else qn("w:t")
        if tail is None or tail.tag != text_tag:
            tail = _element("w:delText" if deleted else "w:t")
            tail.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            tail.text = ""
            current.append(tail)
        tail.text += c
    return runs


def _wrapped(revision: Any, runs: list[Any]) -> Any:
    for run in runs:
        revision.append(run)
    return revision


def _mark_paragraph(paragraph: Any, revision: Any) -> None:
    """Track the paragraph mark itself, so accepting or rejecting joins or parts paragraphs."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = _element("w:pPr")
        paragraph.insert(0, properties)
    marks = properties.find(qn("w:rPr"))
    if marks is None:
        marks = _element("w:rPr")
        after = [properties.find(qn(t)) for t in ("w:sectPr", "w:pPrChange")]
        following = next((e for e in after if e is not None), None)
        if following is None:
            properties.append(marks)
        else:
            following.addprevious(marks)
    marks.insert(0, revision)


def _deleted_paragraph(old: Any, revisions: _Revisions) -> Any:
    """Return a copy of ``old`` as a paragraph whose text and mark are deleted."""
    paragraph = _element("w:p")
    properties = old.find(qn("w:pPr"))
    if properties is not None:
        properties = copy.deepcopy(properties)
        for section in properties.findall(qn("w:sectPr")):
            properties.remove(section)
        paragraph.append(properties)
    chars = _chars(old)
    if chars:
        paragraph.append(_wrapped(revisions.make("deleted"), _build_runs(chars, True)))
    _mark_paragraph(paragraph, revisions.make("deleted"))
    return paragraph


def _mark_inserted(paragraph: Any, revisions: _Revisions) -> None:
    for run in list(_runs(paragraph)):
        revision = revisions.make("inserted")
        run.addprevious(revision)
        revision.append(run)
    _mark_paragraph(paragraph, revisions.make("inserted"))


def _rewrite(new: Any, old_chars: list[Char], spans: list[Span],
             revisions: _Revisions) -> None:
    """Replace ``new``'s runs with the same text, the changes in it tracked."""
    new_chars = _chars(new)
    content: list[Any] = []
    for kind, start, end in spans:
        if kind == "deleted":
            content.append(_wrapped(revisions.make("deleted"),
                                    _build_runs(old_chars[start:end], True)))
        elif kind == "inserted":
            content.append(_wrapped(revisions.make("inserted"),
                                    _build_runs(new_chars[start:end], False)))
        else:
            content.extend(_build_runs(new_chars[start:end], False))
    for child in list(new):
        if child.tag in (qn("w:r"), qn("w:proofErr")):
            new.remove(child)
    at = 1 if len(new) and new[0].tag == qn("w:pPr") else 0
    for offset, element in enumerate(content):
        new.insert(at + offset, element)


# The comparison ------------------------------------------------------------------------

def compare_drafts(earlier: bytes, later: bytes, *, at: datetime | None = None,
                   author: str = AUTHOR) -> Comparison:
    """Return ``later`` compared with ``earlier``: the changes, and a tracked-changes .docx.

    ``at`` dates the revisions (now, unless the caller records another time).
    """
    old_doc, new_doc = _open(earlier), _open(later)
    old_ps, new_ps = _paragraphs(old_doc), _paragraphs(new_doc)
    old_chars, new_chars = [_chars(p) for p in old_ps], [_chars(p) for p in new_ps]
    old_text, new_text = [_text(c) for c in old_chars], [_text(c) for c in new_chars]
    revisions = _Revisions(new_doc, author, at or datetime.now(UTC))
    result: list[ParagraphChange] = []
    anchor: Any = None  # the later paragraph a removed one is placed after
    for kind, i, j in align(old_text, new_text):
        if kind == "same":
            assert j is not None
            result.append(ParagraphChange("same", (Segment("same", new_text[j]),)))
            anchor = new_ps[j]
        elif kind == "inserted":
            assert j is not None
            result.append(ParagraphChange("inserted", (Segment("inserted", new_text[j]),)))
            _mark_inserted(new_ps[j], revisions)
            anchor = new_ps[j]
        elif kind == "deleted":
            assert i is not None
            result.append(ParagraphChange("deleted", (Segment("deleted", old_text[i]),)))
            anchor = _place(_deleted_paragraph(old_ps[i], revisions), anchor, new_ps, new_doc)
        else:
            assert i is not None and j is not None
            spans = word_spans(old_text[i], new_text[j])
            result.append(ParagraphChange("changed",
                                          _segments(old_text[i], new_text[j], spans)))
            if _plain(new_ps[j]):
                _rewrite(new_ps[j], old_chars[i], spans, revisions)
            else:  # a link or a field inside: shown as the paragraph replaced
                new_ps[j].addprevious(_deleted_paragraph(old_ps[i], revisions))
                _mark_inserted(new_ps[j], revisions)
            anchor = new_ps[j]
    out = BytesIO()
    new_doc.save(out)
    return Comparison(tuple(result), out.getvalue())


def _place(paragraph: Any, anchor: Any, later: list[Any], document: Any) -> Any:
    """Put a removed paragraph after ``anchor``, or first when nothing precedes it."""
    if anchor is not None:
        anchor.addnext(paragraph)
    elif later:
        later[0].addprevious(paragraph)
    else:
        body = document.element.body
        section = body.find(qn("w:sectPr"))
        if section is None:
            body.append(paragraph)
        else:
            section.addprevious(paragraph)
    return paragraph
