"""Supply the French placeholders: the French version's dates, term, clauses and free text.

``docgen.render`` adds these to every draft's values, so any template (the French one, the
bilingual one, or an administrator's replacement) may use them. Dates and numbers are
spelled here, not by the server's locale, so a server's language never changes a draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from docgen.locales import (
    counterpart_language,
    country_name_fr,
    format_money_fr,
    language_name_fr,
)
from docgen.terms import AgreementTerms
from portal.policy.agreement_language import DraftLanguage, stored_draft_language
from portal.policy.clauses import coordinator
from portal.policy.clauses_fr import (
    city_legal_name_fr,
    counterpart_legal_name_fr,
    french_recital_of,
    languages_sentence_fr,
    resources_sentence_fr,
)

FRENCH_PLACEHOLDERS: Mapping[str, str] = MappingProxyType({
    "title_fr": "The agreement's title in French (the English title when none is given).",
    "counterpart_country_fr": 'The counterpart city\'s country in French, e.g. "Allemagne".',
    "start_date_long_fr": 'The effective date in French words, e.g. "1er septembre 2027".',
    "end_date_long_fr": 'The last day of the term in French words, e.g. "31 août 2030".',
    "term_length_fr": 'The term in French words and numbers: "trois (3) ans".',
    "objectives_fr": "The objectives in French: a list of paragraphs.",
    "areas_fr": "The areas of cooperation in French: a list of paragraphs.",
    "activities_fr": "The activities in French: a list of paragraphs.",
    "outcomes_fr": "The expected outcomes in French: a list of paragraphs.",
    "city_legal_name_fr": 'The City as a legal person in French: "Ville de Toronto, personne '
                          'morale municipale" unless the reviewer confirmed another name.',
    "counterpart_legal_name_fr": 'The counterpart as a legal person, e.g. "Ville de Lyon"; '
                                 '"la Ville de <name>" until one is given.',
    "authority_recital_fr": "The French recital of the City's authority to sign.",
    "resources_fr": "The French resources clause: what each Party puts in.",
    "city_cost_fr": 'The City\'s assessed cost as French writes it, e.g. "12 500,00 $".',
    "counterpart_language_fr": 'The counterpart\'s language named in French, e.g. "portugais".',
    "languages_clause_fr": "The French Languages clause: made in French and English, both "
                           "equally authoritative, or in French only.",
    "city_coordinator_fr": "The City's coordinator for the French version: as in English, but "
                           "the City Clerk's Office named in French when it coordinates.",
})
"""The French values a template may use, with what each holds."""

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)
_NUMBERS_FR = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
               "dix")


def long_date_fr(day: date) -> str:
    """Return ``day`` as a French agreement writes it: "3 mars 2027", "1er septembre 2027"."""
    # French writes the first day of a month as an ordinal, the others as cardinals.
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS_FR[day.month - 1]} {day.year}"


def number_words_fr(n: int) -> str:
    """Return ``n`` in French words for the small numbers a term uses, else in figures."""
    return _NUMBERS_FR[n] if 0 <= n < len(_NUMBERS_FR) else str(n)


def term_length_fr(years: int) -> str:
    """Return the term in French words and numbers: "un (1) an", "trois (3) ans"."""
    return f"{number_words_fr(years)} ({years}) {'an' if years == 1 else 'ans'}"


def french_values(terms: AgreementTerms, end: date) -> dict[str, Any]:
    """Return the French placeholders' values for ``terms``, whose term ends on ``end``.

    Without French free text (older terms), the French version falls back on the English
    text, so nothing the Parties wrote is lost; the reviewer corrects it before generating.
    """
    draft = stored_draft_language(terms.draft_language)
    counterpart = counterpart_legal_name_fr(terms.counterpart_legal_name,
                                            terms.counterpart_city)
    cost = terms.cost
    language = counterpart_language(terms.counterpart_country_code, terms.counterpart_language)
    return {
        "title_fr": terms.title_fr or terms.title,
        "counterpart_country_fr": country_name_fr(terms.counterpart_country_code,
                                                  terms.counterpart_country),
        "start_date_long_fr": long_date_fr(terms.start_date),
        "end_date_long_fr": long_date_fr(end),
        "term_length_fr": term_length_fr(terms.term_years),
        "objectives_fr": list(terms.objectives_fr or terms.objectives),
        "areas_fr": list(terms.areas_fr or terms.areas),
        "activities_fr": list(terms.activities_fr or terms.activities),
        "outcomes_fr": list(terms.outcomes_fr or terms.outcomes),
        "city_legal_name_fr": city_legal_name_fr(terms.city_legal_name),
        "counterpart_legal_name_fr": counterpart,
        "authority_recital_fr": (terms.authority_recital_fr
                                 or french_recital_of(terms.authority_recital)),
        "resources_fr": resources_sentence_fr(
            cost, terms.funding_source, terms.counterpart_contribution, counterpart,
            money=format_money_fr),
        "city_cost_fr": format_money_fr(cost) if cost is not None and cost > 0 else "",
        "counterpart_language_fr": (language_name_fr(language) if language
                                    else f"la langue de {terms.counterpart_city}"),
        "languages_clause_fr": languages_sentence_fr(draft is DraftLanguage.BILINGUAL),
        "city_coordinator_fr": coordinator(
            (terms.city_coordinator_name, terms.city_coordinator_title,
             terms.city_coordinator_email, terms.city_coordinator_address),
            terms.city_coordinator,
            terms.lead_division or "le Bureau du greffier municipal"),
    }
