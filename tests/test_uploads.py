"""Uploaded documents are checked by their content, never by their name, and named safely."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from portal.seed.demo import minimal_pdf
from portal.uploads import DOCX, PDF, UploadRefused, check_upload, display_name

LIMIT = 10 * 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Letter of intent</w:t></w:r></w:p></w:body></w:document>"
)


def docx(first: tuple[str, bytes] | None = None) -> bytes:
    """Return a small Word document; ``first`` is an extra part stored before the others."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first is not None:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        archive.writestr("[Content_Types].xml", CONTENT_TYPES,
                         compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("word/document.xml", DOCUMENT, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return buffer.getvalue()


def test_a_real_pdf_is_accepted_as_a_pdf():
    content = minimal_pdf("Letter of intent from Lyon")
    checked = check_upload("letter.pdf", content, LIMIT)
    assert checked.media_type == PDF
    assert checked.filename == "letter.pdf"
    assert checked.content == content
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_a_real_word_document_is_accepted_as_docx():
    checked = check_upload("lettre d’intention.docx", docx(), LIMIT)
    assert checked.media_type == DOCX
    assert checked.filename == "lettre d’intention.docx"


def test_the_content_not_the_name_decides_the_type_and_the_extension():
    checked = check_upload("scan.exe", minimal_pdf("Signed"), LIMIT)
    assert checked.media_type == PDF
    assert checked.filename == "scan.pdf"
    word = check_upload("letter.pdf", docx(), LIMIT)
    assert word.media_type == DOCX
    assert word.filename == "letter.docx"


@pytest.mark.parametrize(("name", "content"), [
    ("letter.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 This program cannot be run in DOS"),
    ("letter.pdf", b"Dear Toronto,\nWe would like to work with you.\n"),
    ("letter.docx", b"PK\x03\x04 a broken archive"),
    ("letter.docx", plain_zip()),
    ("letter.pdf", b"%PDF-1.4\n a PDF that never ends"),
    ("letter.pdf", b"<html><script>alert(1)</script></html>"),
], ids=["exe-renamed-pdf", "text-file", "broken-zip", "zip-not-docx", "truncated-pdf", "html"])
def test_a_file_that_is_not_a_pdf_or_word_document_is_refused(name, content):
    with pytest.raises(UploadRefused, match="must be a PDF or a Word document"):
        check_upload(name, content, LIMIT)


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused, match="The selected file is empty"):
        check_upload("letter.pdf", b"", LIMIT)


def test_a_file_over_the_size_limit_is_refused_and_one_at_the_limit_is_accepted():
    pdf = minimal_pdf("Signed")
    header = len(b"%PDF-1.4\n")
    comment = b"%" + b"x" * (LIMIT - len(pdf) - 2) + b"\n"  # a PDF comment line as padding
    at_limit = pdf[:header] + comment + pdf[header:]
    assert len(at_limit) == LIMIT
    assert check_upload("letter.pdf", at_limit, LIMIT).media_type == PDF
    with pytest.raises(UploadRefused, match="must be smaller than 10 MB"):
        check_upload("letter.pdf", at_limit + b"\n", LIMIT)


def test_a_pdf_with_a_zip_archive_inside_is_refused():
    polyglot = minimal_pdf("Looks like a letter") + docx()
    with pytest.raises(UploadRefused):
        check_upload("letter.pdf", polyglot, LIMIT)


def test_a_long_pdf_with_a_zip_archive_appended_is_refused():
    # The archive sits beyond the first 4 KB, and the PDF's own %%EOF is still near the end.
    polyglot = minimal_pdf("Looks like a letter " * 400) + docx()
    assert len(polyglot) > 8192
    assert zipfile.is_zipfile(io.BytesIO(polyglot))
    with pytest.raises(UploadRefused):
        check_upload("letter.pdf", polyglot, LIMIT)


def test_a_word_document_that_opens_as_a_pdf_too_is_refused():
    # PDF readers look for %PDF- anywhere in the first 1024 bytes.
    polyglot = docx(first=("a.pdf", minimal_pdf("Looks like a letter")))
    assert b"%PDF-" in polyglot[:1024]
    with pytest.raises(UploadRefused):
        check_upload("letter.docx", polyglot, LIMIT)


@pytest.mark.parametrize(("raw", "expected"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\evil\\x.pdf", "x.pdf"),
    ("..\\..\\windows\\system32\\letter.pdf", "letter.pdf"),
    ("/var/www/../letter.pdf", "letter.pdf"),
    ("let\x00ter\r\n\x1b.pdf", "letter.pdf"),
    ("\u202efdp.exe", "fdp.pdf"),
    ("Letter – Київ 重庆 São Paulo.pdf", "Letter – Київ 重庆 São Paulo.pdf"),
    ("", "document.pdf"),
    ("../", "document.pdf"),
    ("...", "document.pdf"),
])
def test_the_name_shown_and_downloaded_is_safe(raw, expected):
    assert display_name(raw, PDF) == expected


def test_a_very_long_name_is_shortened_but_keeps_its_extension():
    name = display_name("a" * 500 + ".pdf", PDF)
    assert name.endswith(".pdf")
    assert len(name) <= 160


def test_no_control_character_survives_in_a_name():
    raw = "".join(chr(code) for code in range(0, 32)) + "letter\x7f\x85\u200b.pdf"
    name = check_upload(raw, minimal_pdf("x"), LIMIT).filename
    assert name == "letter.pdf"
