"""Read an edited draft: its kind and macros by content, the placeholders it left, its PDF."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pytest

from docgen import render_agreement
from docgen.edited import inspect, unfilled_placeholders
from docgen.pdf import PdfUnavailable, to_pdf

from .factories import make_terms


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    return out.getvalue()


def test_a_real_docx_is_told_from_a_renamed_file_and_a_macro_project() -> None:
    plain = _docx("Agreement")
    assert inspect("draft.docx", plain).kind == "docx"
    assert not inspect("draft.docx", plain).macros
    assert inspect("C:\\Users\\me\\draft.DOCM", plain).extension == ".docm"
    assert inspect("draft.docx", _add(plain, "word/vbaProject.bin", b"vba")).macros
    assert inspect("draft.docx", b"plain text").kind == "other"
    assert inspect("draft.docx", _zip_without_document()).kind == "other"
    assert inspect("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest").kind == "doc"


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def test_placeholders_left_unfilled_are_listed_once_even_split_across_runs() -> None:
    document = docx.Document()
    split = document.add_paragraph("Starts on {{ start")
    split.add_run("_date }} for {{ term_years }} years.")
    document.add_paragraph("Again {{ start_date }}; {% if lead_division %}a lead{% endif %}")
    out = io.BytesIO()
    document.save(out)
    assert unfilled_placeholders(out.getvalue()) == [
        "{{ start_date }}", "{{ term_years }}", "{% if lead_division %}", "{% endif %}"]
    assert unfilled_placeholders(render_agreement(make_terms())) == []


@pytest.mark.slow  # LibreOffice converts
def test_a_generated_draft_converts_to_pdf() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    pdf = to_pdf(render_agreement(make_terms(counterpart_city="Kraków")))
    assert pdf.startswith(b"%PDF")


def test_without_libreoffice_the_conversion_says_why(monkeypatch) -> None:
    monkeypatch.setattr("docgen.pdf.soffice", lambda: None)
    with pytest.raises(PdfUnavailable, match="LibreOffice is not installed"):
        to_pdf(_docx("Not converted before"))
