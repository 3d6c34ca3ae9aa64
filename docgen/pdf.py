"""Convert a draft to PDF with LibreOffice headless, for readers without Word.

LibreOffice runs as a program of its own (``soffice --headless --convert-to pdf``), in a
temporary folder with a profile of its own (so a LibreOffice already open cannot block it),
without a shell and with a timeout. Where it is not installed, or fails, ``PdfUnavailable``
says why, for the page to tell the reader. A conversion is kept by the file's SHA-256 in a
small in-process cache: versions never change, and a Solicitor opens the same one often.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

TIMEOUT_SECONDS = 90
_CACHE_SIZE = 16
_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


class PdfUnavailable(Exception):
    """No PDF can be made now; the message says why, in words for the reader."""


def soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice``, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(content: bytes) -> bytes:
    """Return ``content`` (a .docx) converted to PDF, or raise PdfUnavailable."""
    key = hashlib.sha256(content).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    program = soffice()
    if program is None:
        raise PdfUnavailable("LibreOffice is not installed on this server, so versions "
                             "cannot be converted to PDF here.")
    pdf = _convert(program, content)
    with _lock:
        _cache[key] = pdf
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return pdf


def _convert(program: str, content: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="iap-pdf-") as folder:
        work = Path(folder)
        (work / "draft.docx").write_bytes(content)
        try:
            subprocess.run(
                [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(work), str(work / "draft.docx")],
                check=False, capture_output=True, timeout=TIMEOUT_SECONDS,
                stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"LibreOffice took more than {TIMEOUT_SECONDS} seconds to "
                                 "convert this version.") from None
        except OSError:
            raise PdfUnavailable("LibreOffice could not be started on this server.") from None
        pdf = work / "draft.pdf"
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF-"):
            raise PdfUnavailable("LibreOffice could not convert this version.")
        return pdf.read_bytes()
