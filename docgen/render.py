"""Fill a category's Word template with an agreement's terms and return the .docx bytes.

The wording lives in the templates (``docgen/templates/<category>.docx`` in English,
``fr/<category>.docx`` in French, ``en-fr/<category>.docx`` bilingual), which staff may edit
in Word; this module only supplies the values named in ``PLACEHOLDERS``. The terms'
``draft_language`` says which template a draft is made from.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import UTC, date, datetime
from importlib.resources import files
from io import BytesIO
from types import MappingProxyType
from typing import Any

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml.etree import XMLSyntaxError

from docgen.limits import LimitedSandbox
from docgen.locales import counterpart_language, format_money
from docgen.prepared import PreparedTemplate, prepared
from docgen.terms import AgreementTerms
from docgen.values_fr import FRENCH_PLACEHOLDERS, french_values
from portal.policy.agreement_language import DraftLanguage, stored_draft_language
from portal.policy.categories import Category
from portal.policy.clauses import (
    GENERAL_AUTHORITY_RECITAL,
    city_legal_name,
    coordinator,
    counterpart_legal_name,
    is_nil_cost,
    languages_sentence,
    resources_sentence,
)
from portal.policy.clauses_fr import languages_sentence_both

PLACEHOLDERS: Mapping[str, str] = MappingProxyType({
    "reference": "The request's reference, e.g. IAP-2026-0042.",
    "version": "The draft's version number: 1, 2, ...",
    "category": 'The category\'s code: "partnership_city" or "international_project".',
    "category_label": 'The category\'s name: "Partnership City" or "International Project".',
    "title": "The agreement's title.",
    "counterpart_city": "The counterpart city's name.",
    "counterpart_country": "The counterpart city's country.",
    "lead_division": "The City division leading the work; empty when none is named.",
    "start_date_long": 'The effective date in words, e.g. "1 September 2027".',
    "start_date_iso": 'The effective date as numbers, e.g. "2027-09-01".',
    "end_date_long": 'The last day of the term in words, e.g. "31 August 2030".',
    "end_date_iso": 'The last day of the term as numbers, e.g. "2030-08-31".',
    "term_years": "The term in years, as a number: 3.",
    "term_years_words": 'The term in years, in words: "three".',
    "term_length": 'The term in words and numbers: "three (3) years".',
    "objectives": "The objectives: a list of paragraphs, for a {%p for %} loop.",
    "areas": "The areas of cooperation: a list of paragraphs.",
    "activities": "The activities: a list of paragraphs.",
    "outcomes": "The expected outcomes: a list of paragraphs.",
    "signatory_name": "The name of the person who signs for the City.",
    "signatory_title": "The title of the person who signs for the City.",
    "counterpart_signatory_name": "The name of the person who signs for the counterpart.",
    "counterpart_signatory_title": "The title of the person who signs for the counterpart.",
    "counterpart_signatory_authority": "The authority by which the counterpart's signatory "
                                       'signs, e.g. "Mayor, under article 35 of Law 75/2013"; '
                                       "empty when not given.",
    "city_legal_name": 'The City as a legal person: "City of Toronto, a municipal corporation" '
                       "unless the reviewer confirmed another.",
    "counterpart_legal_name": 'The counterpart as a legal person, e.g. "Município do Porto".',
    "authority_recital": "The recital of the City's authority to sign, by its signatory's office.",
    "resources": "What each Party puts in: the City's assessed cost and its funding source, "
                 "and the counterpart's stated contribution; or that there is no financial "
                 "obligation.",
    "city_cost": 'The City\'s assessed cost in Canadian dollars, e.g. "$12,500.00"; empty if none.',
    "funding_source": "Where the City's cost is funded from; empty if not said.",
    "counterpart_contribution": "What the counterpart has said it will contribute.",
    "counterpart_language": 'The language of the counterpart\'s version, e.g. "Portuguese".',
    "languages_clause": "The Languages clause: made in English and, unless the counterpart's "
                 "language is English, a version in its language that may be added.",
    "city_coordinator": "Who coordinates the agreement for the City and receives its notices: "
                        "name, title, email and address on one line.",
    "counterpart_coordinator": "Who coordinates it for the counterpart and receives notices: "
                               "name, title, email and address on one line.",
    **FRENCH_PLACEHOLDERS,
})
"""The values a template may use, with what each holds; anything else is refused."""

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
NOT_A_DOCX = "The file is not a Word document (.docx)."
# python-docx refuses a document property longer than this.
_PROPERTY_LIMIT = 255
LANGUAGES = {
    DraftLanguage.ENGLISH: "en-CA",
    DraftLanguage.FRENCH: "fr-CA",
    DraftLanguage.BILINGUAL: "en-CA, fr-CA",
}
"""The language(s) of the agreement's text, as its document properties declare them."""
_IN_LANGUAGE = {
    DraftLanguage.ENGLISH: "",
    DraftLanguage.FRENCH: " (French)",
    DraftLanguage.BILINGUAL: " (English and French)",
}
AUTHOR = "City Clerk's Office, City of Toronto"
GENERATOR = "IAP Portal"


class TemplateRefused(ValueError):
    """Raised when a replacement template cannot be filled; the message says why."""


def long_date(day: date) -> str:
    """Return ``day`` as an agreement writes it: "1 September 2027"."""
    # Spelled here, not by the locale, so a server's language never changes the draft.
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def number_words(n: int) -> str:
    """Return ``n`` in words for the small numbers a term uses, else in figures."""
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def placeholder_values(terms: AgreementTerms) -> dict[str, Any]:
    """Return the value of every placeholder for ``terms``, which must follow the policy."""
    end = terms.end_date
    years = "year" if terms.term_years == 1 else "years"
    values = {
        "reference": terms.reference,
        "version": terms.version,
        "category": terms.category,
        "category_label": terms.category_label,
        "title": terms.title,
        "counterpart_city": terms.counterpart_city,
        "counterpart_country": terms.counterpart_country,
        # Empty rather than None, so a template printing it unguarded shows nothing.
        "lead_division": terms.lead_division or "",
        "start_date_long": long_date(terms.start_date),
        "start_date_iso": terms.start_date.isoformat(),
        "end_date_long": long_date(end),
        "end_date_iso": end.isoformat(),
        "term_years": terms.term_years,
        "term_years_words": number_words(terms.term_years),
        "term_length": f"{number_words(terms.term_years)} ({terms.term_years}) {years}",
        "objectives": list(terms.objectives),
        "areas": list(terms.areas),
        "activities": list(terms.activities),
        "outcomes": list(terms.outcomes),
        "signatory_name": terms.signatory_name,
        "signatory_title": terms.signatory_title,
        "counterpart_signatory_name": terms.counterpart_signatory_name,
        "counterpart_signatory_title": terms.counterpart_signatory_title,
        "counterpart_signatory_authority": terms.counterpart_signatory_authority,
        **_clause_values(terms),
        **french_values(terms, end),
    }
    if stored_draft_language(terms.draft_language) is DraftLanguage.BILINGUAL:
        # Both versions say they are equally authoritative: neither prevails.
        values["languages_clause"] = languages_sentence_both()
    return values


def _clause_values(terms: AgreementTerms) -> dict[str, str]:
    """Return the legal clauses' placeholders, falling back on what older terms hold."""
    counterpart = counterpart_legal_name(terms.counterpart_legal_name, terms.counterpart_city)
    cost = terms.cost
    language = counterpart_language(terms.counterpart_country_code, terms.counterpart_language)
    return {
        "city_legal_name": city_legal_name(terms.city_legal_name),
        "counterpart_legal_name": counterpart,
        "authority_recital": terms.authority_recital or GENERAL_AUTHORITY_RECITAL,
        "resources": resources_sentence(
            cost, terms.funding_source, terms.counterpart_contribution, counterpart,
            money=format_money),
        "city_cost": "" if is_nil_cost(cost) else format_money(cost),  # type: ignore[arg-type]
        "funding_source": terms.funding_source,
        "counterpart_contribution": terms.counterpart_contribution,
        # Without a known country, the old wording: the language of the city, unnamed.
        "counterpart_language": language or f"the language of {terms.counterpart_city}",
        "languages_clause": languages_sentence(language, terms.counterpart_city),
        # Without a coordinator, the lead division coordinates for the City, else the
        # program's own office.
        "city_coordinator": coordinator(
            (terms.city_coordinator_name, terms.city_coordinator_title,
             terms.city_coordinator_email, terms.city_coordinator_address),
            terms.city_coordinator, terms.lead_division or "the City Clerk's Office"),
        # Without one, the counterpart's signatory: who else has the agreement in hand.
        "counterpart_coordinator": coordinator(
            (terms.counterpart_coordinator_name, terms.counterpart_coordinator_title,
             terms.counterpart_coordinator_email, terms.counterpart_coordinator_address),
            terms.counterpart_coordinator, ", ".join(
                part for part in (terms.counterpart_signatory_name,
                                  terms.counterpart_signatory_title) if part)),
    }


def packaged_template(category: str, language: str = DraftLanguage.ENGLISH.value) -> bytes:
    """Return the packaged template of ``category`` in ``language`` ("en", "fr" or "en-fr").

    Raise ValueError for an unknown category or language.
    """
    # Through the enums, so a category or a language from a URL can never name another file.
    return _packaged(Category(category).value, DraftLanguage(language).value)


@functools.cache
def _packaged(name: str, language: str) -> bytes:
    folder = files("docgen") / "templates"
    if language != DraftLanguage.ENGLISH.value:
        folder = folder / language
    return (folder / f"{name}.docx").read_bytes()


class _Environment(LimitedSandbox):
    """A Jinja environment that compiles each template source once per process.

    It is a sandbox bounded in loops, built strings, output and time (``docgen.limits``).
    """

    # docxtpl compiles every part of the template on every render; the sources are the
    # same each time, and compiling them was a third of the time a draft takes.
    _LIMIT = 64

    def __init__(self) -> None:
        # Autoescape keeps "&" and "<" in a name from breaking the XML; strict undefined
        # makes a misspelt placeholder fail loudly instead of leaving a blank where a date
        # belongs; the sandbox keeps an uploaded template from reaching Python internals.
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, Template] = {}

    def from_string(
        self, source: Any, globals: Any = None, template_class: Any = None
    ) -> Template:
        """Return the compiled template of ``source``, compiling it only the first time."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self._LIMIT:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


_ENVIRONMENT = _Environment()


def template_environment() -> ImmutableSandboxedEnvironment:
    """Return the Jinja environment templates are filled in: escaped, strict and sandboxed."""
    return _ENVIRONMENT


def fill(template: bytes, values: Mapping[str, Any]) -> DocxTemplate:
    """Return ``template`` filled with ``values``; raise TemplateRefused if it cannot be."""
    try:
        # What the terms do not change is read and rewritten once per template (prepared).
        document = PreparedTemplate(template, prepared(template))
        document.init_docx()
    except Exception as exc:  # python-docx raises several kinds; any means "not a .docx"
        raise TemplateRefused(NOT_A_DOCX) from exc
    try:
        document.render(dict(values), jinja_env=template_environment(), autoescape=True)
    except TemplateError as exc:
        raise TemplateRefused(f"The template could not be filled: {exc}") from exc
    except XMLSyntaxError as exc:
        raise TemplateRefused(
            f"The template does not give a readable Word document once filled: {exc}"
        ) from exc
    return document


def render_agreement(terms: AgreementTerms, template: bytes | None = None, *,
                     generated_at: datetime | None = None) -> bytes:
    """Return the draft agreement as .docx bytes; raise TermsError if the terms break policy.

    ``template`` is an administrator's replacement for the category's packaged template in
    the terms' ``draft_language``; ``generated_at`` is when the draft is made (now, unless
    the caller records another time).
    """
    terms.check()
    language = stored_draft_language(terms.draft_language)
    source = packaged_template(terms.category, language) if template is None else template
    document = fill(source, placeholder_values(terms))
    set_properties(document.docx.core_properties, terms, generated_at or datetime.now(UTC))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def set_properties(properties: Any, terms: AgreementTerms, generated_at: datetime) -> None:
    """Describe the draft in its document properties (Word's File > Info and title bar).

    Every property is replaced, so nothing of the template's own (its note to editors, the
    date it was built, whoever last saved it) is passed off as the draft's.
    """
    # python-docx writes the time as given, marked UTC: a naive time is taken as UTC.
    moment = (generated_at.replace(tzinfo=UTC) if generated_at.tzinfo is None
              else generated_at.astimezone(UTC)).replace(microsecond=0)
    language = stored_draft_language(terms.draft_language)
    titles = {DraftLanguage.ENGLISH: terms.title, DraftLanguage.FRENCH: terms.title_fr,
              DraftLanguage.BILINGUAL: f"{terms.title} / {terms.title_fr}"}
    properties.title = (titles[language] if terms.title_fr else terms.title)[:_PROPERTY_LIMIT]
    properties.subject = (
        f"{terms.reference}: draft {terms.category_label} agreement with "
        f"{terms.counterpart_city}{_IN_LANGUAGE[language]}"
    )[:_PROPERTY_LIMIT]
    properties.identifier = terms.reference[:_PROPERTY_LIMIT]
    properties.category = terms.category_label
    properties.content_status = "Draft"
    properties.version = str(terms.version)
    properties.revision = terms.version
    properties.language = LANGUAGES[language]
    properties.author = AUTHOR
    properties.last_modified_by = GENERATOR
    properties.comments = ""
    properties.keywords = ""
    properties.created = properties.modified = moment


def opens_in_word(content: bytes) -> bool:
    """Return whether python-docx, and so very likely Word, can open ``content``."""
    try:
        Document(BytesIO(content))
    except Exception:  # whatever stops python-docx, the answer is no
        return False
    return True
