"""Read a Word template once per process, so that filling it does only what the terms change.

On every draft docxtpl serialises the template's body, headers and footers and rewrites
them with some twenty regular expressions into a source Jinja can read, and python-docx
unzips the package and parses every XML part it knows, the styles among them (a third of a
megabyte), only to serialise them again unchanged when the draft is saved. None of that
depends on the terms. ``prepared(template)`` does it once and keeps the result;
``PreparedTemplate`` then fills a fresh copy of the package from it, running docxtpl's own
steps for what does depend on the terms: Jinja, reading back what it wrote, the tables, the
drawing ids and the document's properties. The parts written are the very bytes docxtpl
and python-docx would have written (tests/docgen/test_prepared.py compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.package import Package
from docxtpl import DocxTemplate
from jinja2 import Environment, Template

# Parts python-docx would parse and a draft never reads or changes: they are written as the
# bytes python-docx would serialise them to, computed once.
_UNCHANGED = frozenset({CT.WML_STYLES, CT.WML_NUMBERING, CT.WML_SETTINGS, CT.WML_COMMENTS})
# docxtpl's markers around each paragraph, which it takes out again once Jinja has run.
_PARAGRAPH = re.compile(r"<w:p([ >])")
_MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")
# A run's text holding a tab, bell, newline or form feed before its end: only then has
# docxtpl's resolve_listing anything to rewrite (it turns those into Word's own breaks).
_TEXT_WITH_BREAK = re.compile(r"<w:t(?: [^>]*)?>(?:[^\t\a\n\f<]|<(?!/w:t>))*?[\t\a\n\f]")
# How many templates to keep: the packaged six and an administrator's replacement or two.
_KEPT = 8


@dataclass(frozen=True)
class _Package:
    """The package as read from the zip, in the two forms python-docx's Unmarshaller reads.

    Each part is (name, content type, relationship type, bytes), those a draft leaves
    unchanged already as the bytes it saves; the relationships are (source, relationship).
    """

    parts: tuple[tuple[PackURI, str, str, bytes], ...]
    rels: tuple[tuple[PackURI, Any], ...]

    def iter_sparts(self) -> Iterator[tuple[PackURI, str, str, bytes]]:
        """Yield each part, as PackageReader.iter_sparts does."""
        return iter(self.parts)

    def iter_srels(self) -> Iterator[tuple[PackURI, Any]]:
        """Yield each relationship with its source, as PackageReader.iter_srels does."""
        return iter(self.rels)


@dataclass(frozen=True)
class Prepared:
    """What filling a template needs that the terms do not change."""

    package: _Package
    body: str
    """The body as the Jinja source docxtpl makes of it, paragraphs marked."""
    headers_footers: Mapping[str, tuple[tuple[str, str, str], ...]]
    """For the header and the footer relationships: (rId, Jinja source, encoding) each."""


_PREPARED: dict[bytes, Prepared] = {}
# The templates share their styles (two parts of 350 and 440 KB): each is kept once.
_SHARED: dict[bytes, bytes] = {}


def prepared(template: bytes) -> Prepared:
    """Return ``template`` read and rewritten for Jinja; raise whatever a bad file raises."""
    found = _PREPARED.get(template)
    if found is None:
        if len(_PREPARED) >= _KEPT:
            _PREPARED.clear()
            _SHARED.clear()
        found = _PREPARED[template] = _prepare(template)
    return found


def _prepare(template: bytes) -> Prepared:
    reader = PackageReader.from_file(BytesIO(template))
    package = Package()
    Unmarshaller.unmarshal(reader, package, PartFactory)
    # docxtpl's own steps, on a document read the way docxtpl reads it.
    rewriter = DocxTemplate(BytesIO(template))
    rewriter.docx = _main_document(package)
    body = _marked(rewriter.patch_xml(rewriter.get_xml()))
    headers_footers = {}
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        sources = []
        for rid, part in rewriter.get_headers_footers(uri):
            xml = rewriter.get_part_xml(part)
            encoding = rewriter.get_headers_footers_encoding(xml)
            sources.append((rid, _marked(rewriter.patch_xml(xml)), encoding))
        headers_footers[uri] = tuple(sources)
    saved = {part.partname: part.blob for part in package.iter_parts()
             if part.content_type in _UNCHANGED}
    parts = tuple(
        (name, content_type, reltype, _shared(saved.get(name, blob)))
        for name, content_type, reltype, blob in reader.iter_sparts())
    return Prepared(_Package(parts, tuple(reader.iter_srels())), body, headers_footers)


def _shared(blob: bytes) -> bytes:
    return _SHARED.setdefault(blob, blob)


def _part(partname: PackURI, content_type: str, reltype: str, blob: bytes,
          package: Package) -> Part:
    """Make a draft's part as python-docx would, but keep the unchanged ones as bytes."""
    if content_type in _UNCHANGED:
        return Part(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)


def _marked(source: str) -> str:
    # docxtpl puts each paragraph on a line of its own before Jinja runs (render_xml_part),
    # so that the line numbers of Jinja's errors point at a paragraph.
    return _PARAGRAPH.sub(r"\n<w:p\1", source)


def _main_document(package: Package) -> Any:
    """Return the package's document, or raise ValueError as python-docx's Document does."""
    part = package.main_document_part
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"not a Word file: its content type is {part.content_type!r}")
    return part.document


class PreparedTemplate(DocxTemplate):
    """docxtpl's template, filled from a ``Prepared`` template instead of from scratch."""

    def __init__(self, template: bytes, prepared: Prepared) -> None:
        super().__init__(BytesIO(template))
        self._prepared = prepared

    def init_docx(self, reload: bool = True) -> None:
        """Build the document from the parts read once, those a draft leaves as bytes."""
        if not self.docx or (self.is_rendered and reload):
            package = Package()
            Unmarshaller.unmarshal(self._prepared.package, package, _part)
            self.docx = _main_document(package)
            self.is_rendered = False

    def build_xml(self, context: dict[str, Any], jinja_env: Environment | None = None) -> str:
        """Fill the body's source, rewritten for Jinja once and for all."""
        return self._fill(self._prepared.body, self.docx._part, context, jinja_env)

    def build_headers_footers_xml(
        self, context: dict[str, Any], uri: str, jinja_env: Environment | None = None
    ) -> Iterator[tuple[str, bytes]]:
        """Fill each header's (or footer's) source, rewritten for Jinja once and for all."""
        rels = self.docx._part.rels
        for rid, source, encoding in self._prepared.headers_footers[uri]:
            yield rid, self._fill(source, rels[rid].target_part, context, jinja_env).encode(
                encoding)

    def resolve_listing(self, xml: str) -> str:
        """Turn breaks typed in the values into Word's, when there are any (docxtpl's)."""
        # docxtpl's rewrite runs three regular expressions per paragraph and per run; a
        # draft whose text holds no break would come out of it unchanged.
        if _TEXT_WITH_BREAK.search(xml) is None:
            return xml
        return super().resolve_listing(xml)

    def _fill(self, source: str, part: Any, context: dict[str, Any],
              jinja_env: Environment | None) -> str:
        """Do what docxtpl's render_xml_part does once its source is marked."""
        self.current_rendering_part = part
        template = jinja_env.from_string(source) if jinja_env else Template(source)
        filled = _MARKED_PARAGRAPH.sub(r"<w:p\1", template.render(context))
        # docxtpl's escapes for a literal "{{" and the like, undone after filling.
        filled = (filled.replace("{_{", "{{").replace("}_}", "}}")
                  .replace("{_%", "{%").replace("%_}", "%}"))
        return self.resolve_listing(filled)
