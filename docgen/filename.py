"""Name a draft's file so staff can tell versions apart in a folder or an e-mail."""

from __future__ import annotations

from docgen.terms import AgreementTerms
from portal.policy.text import ascii_words


def draft_filename(terms: AgreementTerms) -> str:
    """Return the draft's file name, e.g. "IAP-2026-0042_International-Project_Lisbon_v2.docx"."""
    # ASCII only: mail clients, shared drives and Content-Disposition all mangle the rest.
    reference = ascii_words(terms.reference, "agreement")
    category = ascii_words(terms.category_label, "agreement")
    city = ascii_words(terms.counterpart_city, "city")
    return f"{reference}_{category}_{city}_v{terms.version}.docx"
