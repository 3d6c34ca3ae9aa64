"""Decide which language(s) a request's draft agreement is written in.

Agreement templates exist in English and in French. A counterpart whose language is French
gets a bilingual draft (the English text, then the French one, both equally authoritative);
any other counterpart gets the English draft, with a version in its language that may be
added. A French-only draft exists too (docgen renders it) but the portal does not offer it.
The free text of a bilingual agreement (title, objectives, activities, outcomes) is asked in
French as well, so the French version says what the city wrote, not a machine's guess.
"""

from __future__ import annotations

from enum import StrEnum


class DraftLanguage(StrEnum):
    """The language(s) a draft agreement is written in; the value names the template set."""

    ENGLISH = "en"
    FRENCH = "fr"
    BILINGUAL = "en-fr"

    @property
    def has_french(self) -> bool:
        """Return whether the draft holds a French version (and so needs French text)."""
        return self is not DraftLanguage.ENGLISH

    @property
    def has_english(self) -> bool:
        """Return whether the draft holds an English version."""
        return self is not DraftLanguage.FRENCH


TEMPLATE_LANGUAGES = ("en", "fr")
"""The languages the packaged templates are written in (ISO 639-1 codes)."""

FRENCH_FIELDS = ("title_fr", "objectives_fr", "activities_fr", "outcomes_fr")
"""The request's free text asked again in French when the draft is bilingual."""

# "fr", "fr_CA", "fr-BE" are French; so is a language given by its English name.
_FRENCH_NAMES = frozenset({"french", "canadian french", "swiss french", "français"})


def is_french(language: str | None) -> bool:
    """Return whether ``language`` (a code such as "fr-BE", or an English name) is French."""
    text = " ".join((language or "").casefold().split())
    return text.replace("-", "_").split("_")[0] == "fr" or text in _FRENCH_NAMES


def draft_language(counterpart_language: str | None) -> DraftLanguage:
    """Return the draft a counterpart speaking ``counterpart_language`` gets.

    ``counterpart_language`` is the code the counterpart chose, else its country's first
    official language (``docgen.locales.counterpart_language_code``); None when unknown.
    """
    return DraftLanguage.BILINGUAL if is_french(counterpart_language) else DraftLanguage.ENGLISH


def stored_draft_language(value: str | None) -> DraftLanguage:
    """Return the draft language a version's stored terms name; older terms mean English."""
    try:
        return DraftLanguage(value or DraftLanguage.ENGLISH.value)
    except ValueError:
        return DraftLanguage.ENGLISH


AREA_NAMES_FR: dict[str, str] = {
    "Economic development and trade": "Développement économique et commerce",
    "Culture": "Culture",
    "Climate and environment": "Climat et environnement",
    "Housing": "Logement",
    "Transit": "Transport en commun",
    "Public health": "Santé publique",
    "Education and youth": "Éducation et jeunesse",
    "Technology and innovation": "Technologie et innovation",
    "Tourism": "Tourisme",
    "Governance": "Gouvernance",
}
"""The areas of cooperation as the French version of an agreement names them, by English name."""


def french_area_names(names: list[str]) -> list[str]:
    """Return the French names of the areas ``names`` (English); an unknown one is kept."""
    return [AREA_NAMES_FR.get(name, name) for name in names]
