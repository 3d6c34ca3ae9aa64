"""Read an edited draft brought back from Word: what kind of file it is, and what it left.

The content decides, never the name alone: a real .docx is a zip archive holding
``word/document.xml``; a macro project (``vbaProject.bin``) or a macro-enabled content type
inside marks a .docm however it is named. The rule that judges these facts is the policy's
(``portal.policy.drafts.edited_file_refusal``). Placeholders such as ``{{ start_date }}``
still in the text are listed so the page can point them out.
"""

from __future__ import annotations

import os
import re
import zipfile
from io import BytesIO

from docgen.archive import template_unpack_problem
from portal.policy.drafts import EditedFile

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# The parts a reader sees: the body, headers, footers and notes.
_TEXT_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_MAX_PLACEHOLDERS = 50


def inspect(filename: str, content: bytes) -> EditedFile:
    """Return what ``content`` (uploaded as ``filename``) is, for the policy to judge."""
    extension = os.path.splitext(filename.replace("\\", "/").rsplit("/", 1)[-1])[1].lower()
    found = EditedFile(extension=extension, size=len(content), kind="other", macros=False)
    if content.startswith(_OLE_MAGIC):
        return EditedFile(extension, len(content), "doc", macros=False)
    if not content.startswith(b"PK\x03\x04"):
        return found
    # Measured before anything is unpacked: a zip bomb is refused unread.
    problem = template_unpack_problem(content)
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = {name.lower() for name in archive.namelist()}
            types = (archive.read("[Content_Types].xml") if problem is None
                     and "[content_types].xml" in names else b"")
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
        return found
    macros = (any(name.endswith("vbaproject.bin") for name in names)
              or b"macroEnabled" in types or b"vbaProject" in types)
    kind = "docx" if {"[content_types].xml", "word/document.xml"} <= names else "other"
    return EditedFile(extension, len(content), kind, macros, problem)


def unfilled_placeholders(content: bytes) -> list[str]:
    """Return the placeholders left in the text (``{{ ... }}``, ``{% ... %}``), in order.

    Word splits a paragraph's text into runs at will, so each paragraph's runs are joined
    before looking; a placeholder is listed once.
    """
    # Here, not at the top: the form that checks an upload imports this module on every
    # page, and lxml (4 MB) is needed only once a file is read.
    from lxml import etree

    found: dict[str, None] = {}
    with zipfile.ZipFile(BytesIO(content)) as archive:
        for name in archive.namelist():
            if not _TEXT_PART.fullmatch(name):
                continue
            try:
                root = etree.fromstring(archive.read(name), etree.XMLParser(
                    resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                continue  # a part Word could not open either has nothing to point out
            for paragraph in root.iter(f"{_W}p"):
                text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
                for match in _PLACEHOLDER.findall(text):
                    found.setdefault(" ".join(match.split())[:120])
    return list(found)[:_MAX_PLACEHOLDERS]
