"""Name a draft's file so staff can tell versions, and languages, apart in a folder or an e-mail."""

from __future__ import annotations

from docgen.terms import AgreementTerms
from portal.policy.agreement_language import DraftLanguage, stored_draft_language
from portal.policy.text import ascii_words

_LANGUAGE_MARKS = {
    DraftLanguage.ENGLISH: "",
    DraftLanguage.FRENCH: "_FR",
    DraftLanguage.BILINGUAL: "_EN-FR",
}
"""How a file name says the draft's language(s); an English draft's name says none, as ever."""


def draft_filename(terms: AgreementTerms) -> str:
    """Return the draft's file name, e.g. "IAP-2026-0042_International-Project_Lisbon_v2.docx".

    A French draft's name ends "_FR_v2.docx", a bilingual one's "_EN-FR_v2.docx".
    """
    # ASCII only: mail clients, shared drives and Content-Disposition all mangle the rest.
    reference = ascii_words(terms.reference, "agreement")
    category = ascii_words(terms.category_label, "agreement")
    city = ascii_words(terms.counterpart_city, "city")
    language = _LANGUAGE_MARKS[stored_draft_language(terms.draft_language)]
    return f"{reference}_{category}_{city}{language}_v{terms.version}.docx"
