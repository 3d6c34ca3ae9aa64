"""Convert a draft to PDF with LibreOffice, as the City Solicitor's tools would open it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from docgen import render_agreement

from .factories import make_terms

# LibreOffice starts for each conversion: `make test-all` and CI run it.
pytestmark = pytest.mark.slow


def test_libreoffice_converts_a_draft_to_pdf(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    draft = tmp_path / "draft.docx"
    draft.write_bytes(render_agreement(make_terms(counterpart_city="São Paulo & <Co>")))
    # Its own profile, so a LibreOffice already open (or another test run) cannot block it.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(draft)],
        check=True, capture_output=True, timeout=120,
    )
    pdf = tmp_path / "draft.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 10_000
