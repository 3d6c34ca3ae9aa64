"""Check uploaded documents by their content, never by their name, and name them safely.

A letter of intent may be a PDF or a Word file (.docx, or the older .doc) of at most the
configured size. The content decides the type: a file called ``letter.pdf`` that is not a
PDF is refused, and so is an empty file or one that is two formats at once.
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

from portal.policy.phrases import N_, P_
from portal.policy.refusals import Refused

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", DOC: ".doc"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"


class UploadRefused(Refused, ValueError):
    """The file is not one the portal accepts; the message says why in plain words."""


@dataclass(frozen=True)
class CheckedUpload:
    """A file whose type was read from its content."""

    filename: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        """Return the file's SHA-256 checksum."""
        return hashlib.sha256(self.content).hexdigest()


def sniff(content: bytes) -> str | None:
    """Return the media type the content really is (PDF, DOCX or DOC), or None."""
    if content.startswith(_PDF_MAGIC):
        # A PDF ends with %%EOF; a file that also holds a ZIP archive is a polyglot, wherever
        # the archive sits (a ZIP is read from its end, so one appended to a PDF still opens).
        if b"%%EOF" not in content[-2048:] or _holds_zip(content):
            return None
        return PDF
    if content.startswith(_ZIP_MAGIC):
        # PDF readers accept a header anywhere in the first 1024 bytes: such a file is both.
        if _PDF_MAGIC in content[:1024]:
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        return None
    if content.startswith(_OLE_MAGIC):
        return DOC
    return None


def _holds_zip(content: bytes) -> bool:
    return _ZIP_MAGIC in content[:4096] or zipfile.is_zipfile(io.BytesIO(content))


def display_name(raw: str, media_type: str) -> str:
    """Return a name to show and download the file under: no path, no control characters."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = os.path.splitext(base)[0][:150] or "document"
    return stem + EXTENSIONS[media_type]


def check_upload(raw_name: str, content: bytes, max_bytes: int) -> CheckedUpload:
    """Return the upload checked, or raise UploadRefused with a message for the user."""
    if not content:
        raise UploadRefused(N_("The selected file is empty"))
    if len(content) > max_bytes:
        raise UploadRefused(P_("The selected file must be smaller than %(size)s MB",
                               size=max_bytes // 1_000_000))
    media_type = sniff(content)
    if media_type is None:
        raise UploadRefused(N_("The selected file must be a PDF or a Word document"))
    return CheckedUpload(display_name(raw_name, media_type), media_type, content)
