"""Compare two versions of a draft as a lawyer would: tracked changes in Word, words on a page."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

from docgen import NotComparable, compare_drafts, render_agreement

from .factories import make_terms, read_draft, template_with

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
OBJECTIVES = ["Pilot shade and water measures on two streets in each city.",
              "Share the results with residents of both cities."]
AT = datetime(2027, 5, 4, 13, 30, tzinfo=UTC)


def versions() -> tuple[bytes, bytes]:
    """Return versions 1 and 2 of a draft: one objective reworded, the start date moved."""
    earlier = render_agreement(make_terms(objectives=OBJECTIVES))
    later = render_agreement(make_terms(
        objectives=[OBJECTIVES[0].replace("two", "three"), OBJECTIVES[1]],
        start_date=date(2027, 10, 1)))
    return earlier, later


def body_xml(content: bytes) -> etree._Element:
    """Return the parsed word/document.xml of a .docx."""
    return etree.fromstring(zipfile.ZipFile(BytesIO(content)).read("word/document.xml"))


def marked(content: bytes) -> list[tuple[str, str]]:
    """Return every tracked change in reading order: ("ins"|"del", its text)."""
    found = []
    for revision in body_xml(content).iter(f"{{{W}}}ins", f"{{{W}}}del"):
        text = "".join(revision.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))
        found.append((etree.QName(revision).localname, text))
    return found


def settled(content: bytes, accept: bool) -> list[str]:
    """Return the body's paragraphs once every change is accepted (or rejected) as in Word."""
    root = body_xml(content)
    gone = "del" if accept else "ins"
    paragraphs = []
    for p in root.iter(f"{{{W}}}p"):
        if p.xpath(f"w:pPr/w:rPr/w:{gone}", namespaces=NS):
            continue  # a paragraph wholly removed: its mark goes with its text
        texts = p.xpath(f".//w:t[not(ancestor::w:{gone})]/text() | "
                        f".//w:delText[not(ancestor::w:{gone})]/text()", namespaces=NS)
        paragraphs.append("".join(texts))
    return paragraphs


def test_the_comparison_marks_exactly_the_changed_objective_and_dates() -> None:
    earlier, later = versions()
    comparison = compare_drafts(earlier, later, at=AT)
    assert marked(comparison.document) == [
        ("del", "two"), ("ins", "three"),
        # The start date, and the end date that follows from it, in words and in figures.
        ("del", "September"), ("ins", "October"), ("del", "09"), ("ins", "10"),
        ("del", "31 August"), ("ins", "30 September"), ("del", "08-31"), ("ins", "09-30"),
        ("del", "31 August"), ("ins", "30 September"),
        # The effective date clause names the start date again.
        ("del", "September"), ("ins", "October"),
    ]
    revisions = body_xml(comparison.document).xpath("//w:ins | //w:del", namespaces=NS)
    assert {(r.get(f"{{{W}}}author"), r.get(f"{{{W}}}date")) for r in revisions} == {
        ("IAP Portal", "2027-05-04T13:30:00Z")}
    ids = [r.get(f"{{{W}}}id") for r in revisions]
    assert len(set(ids)) == len(ids)


def test_accepting_every_change_gives_the_later_version_and_rejecting_the_earlier() -> None:
    earlier, later = versions()
    document = compare_drafts(earlier, later).document
    assert settled(document, accept=True) == settled(later, accept=True)
    assert settled(document, accept=False) == settled(earlier, accept=True)


def test_the_comparison_keeps_the_later_versions_paragraph_styles() -> None:
    earlier, later = versions()
    compared = read_draft(compare_drafts(earlier, later).document)
    assert compared.styles == read_draft(later).styles


def test_the_page_reads_the_changed_paragraphs_word_by_word() -> None:
    earlier, later = versions()
    changes = compare_drafts(earlier, later).changes
    # The objective, the term clause and the effective date clause.
    assert [c.kind for c in changes] == ["changed"] * 4
    first = changes[0]
    assert first.before == OBJECTIVES[0]
    assert first.after == OBJECTIVES[0].replace("two", "three")
    assert [(s.kind, s.text) for s in first.segments if s.kind != "same"] == [
        ("deleted", "two"), ("inserted", "three")]


def test_an_added_and_a_removed_paragraph_are_tracked_with_their_paragraph_marks() -> None:
    earlier = template_with("Parties", "A clause the Solicitor struck out.", "Signatures")
    later = template_with("Parties", "Signatures", "A new closing clause about notices.")
    comparison = compare_drafts(earlier, later)
    assert [(c.kind, c.before or c.after) for c in comparison.changes] == [
        ("deleted", "A clause the Solicitor struck out."),
        ("inserted", "A new closing clause about notices.")]
    assert settled(comparison.document, accept=True) == [
        "Parties", "Signatures", "A new closing clause about notices."]
    assert settled(comparison.document, accept=False) == [
        "Parties", "A clause the Solicitor struck out.", "Signatures"]


def test_the_same_version_twice_has_nothing_marked() -> None:
    earlier, _ = versions()
    comparison = compare_drafts(earlier, earlier)
    assert comparison.changes == ()
    assert marked(comparison.document) == []


def test_a_file_that_is_not_word_is_refused_with_a_reason() -> None:
    earlier, _ = versions()
    with pytest.raises(NotComparable, match="not a Word document"):
        compare_drafts(earlier, b"%PDF-1.7 not a docx")


def _soffice(tmp_path: Path, document: Path, to: str) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    # Its own profile, so a LibreOffice already open (or another test run) cannot block it.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to,
         "--outdir", str(tmp_path / to), str(document)],
        check=True, capture_output=True, timeout=120,
    )
    return tmp_path / to / f"{document.stem}.{to}"


@pytest.mark.slow  # LibreOffice converts, twice
def test_libreoffice_opens_the_comparison_as_tracked_changes_and_prints_it(
        tmp_path: Path) -> None:
    earlier, later = versions()
    compared = tmp_path / "compared.docx"
    compared.write_bytes(compare_drafts(earlier, later).document)
    # python-docx opens it too (it reads past the revisions): every paragraph is there.
    assert len(read_draft(compared.read_bytes()).paragraphs) == len(read_draft(later).paragraphs)
    pdf = _soffice(tmp_path, compared, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 10_000
    # Saved by LibreOffice in its own format, the changes are still changes to accept or
    # reject, by the portal: seven insertions and seven deletions, nothing else.
    odt = zipfile.ZipFile(_soffice(tmp_path, compared, "odt")).read("content.xml")
    regions = etree.fromstring(odt).xpath(
        "//text:changed-region/*", namespaces={
            "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"})
    assert sorted(etree.QName(r).localname for r in regions) == ["deletion"] * 7 + [
        "insertion"] * 7
    assert odt.count(b"<dc:creator>IAP Portal</dc:creator>") == 14
