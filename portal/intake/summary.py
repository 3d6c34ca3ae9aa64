"""Lay out a request's answers as sections of rows, for check-answers and status pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from docgen.locales import official_languages
from portal.intake.steps import Step, steps_for
from portal.models import EngagementRequest
from portal.models.cities import local_country_name, local_language_name
from portal.policy.answers import Origin
from portal.policy.areas import area_labels
from portal.policy.categories import NOT_SURE, Category, agreement_end_date
from portal.policy.parties import language_choice_needed
from portal.policy.phrases import Money
from portal.presentation import long_date
from portal.translation import translate


@dataclass(frozen=True)
class Row:
    """One answer: its question, the answer (text or lines) and the field to change it.

    An answer the request cannot change (the city a representative files for, the division
    that files a proposal) has no field: ``fixed`` says why, where a Change link would be.
    """

    label: object
    value: str | list[str]
    field_id: str | None
    fixed: object = ""


@dataclass(frozen=True)
class Section:
    """The answers of one page."""

    step: Step
    rows: list[Row]


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _category(req: EngagementRequest) -> str:
    if req.requested_category == NOT_SURE:
        return str(_l("Not sure yet"))
    return Category(req.requested_category).label if req.requested_category else ""


def _term(req: EngagementRequest) -> str:
    if not req.term_years:
        return ""
    text = str(_l("%(n)s years", n=req.term_years)) if req.term_years > 1 else str(_l("1 year"))
    if req.start_date:
        end = agreement_end_date(req.start_date, req.term_years)
        text += " " + str(_l("(would end on %(date)s)", date=long_date(end)))
    return text


def _rows(req: EngagementRequest, slug: str) -> list[Row]:
    kind = req.kind.label if req.kind else ""
    city = req.counterpart_city
    if slug == "about-you":
        return [
            Row(_l("Your name"), req.representative_name, "representative_name"),
            Row(_l("Your job title"), req.representative_title, "representative_title"),
            Row(_l("City"), f"{city.name}, {city.country}" if city else "", None,
                _l("A request is filed for the city your account represents, so it cannot "
                   "be changed here.")),
            Row(_l("Kind of government"), kind, "government_kind"),
        ]
    if slug == "counterpart":
        interest = {True: str(_l("Yes")), False: str(_l("Not yet")), None: ""}
        return [
            Row(_l("Sponsoring division"),
                req.sponsoring_division.name if req.sponsoring_division else "", None,
                _l("A proposal is filed for your division, so it cannot be changed here.")),
            Row(_l("Counterpart city"), city.name if city else "", "city_name"),
            Row(_l("Country"), local_country_name(city.country_code) if city else "", "country"),
            Row(_l("Kind of government"), kind, "government_kind"),
            Row(_l("Interest confirmed"), interest[req.interest_confirmed], "interest_confirmed"),
            Row(_l("How it was confirmed"), _lines(req.interest_evidence), "interest_evidence"),
        ]
    if slug == "agreement":
        return [
            Row(_l("Kind of agreement"), _category(req), "requested_category"),
            Row(_l("Term"), _term(req), "term_years"),
            Row(_l("Proposed start date"),
                long_date(req.start_date), "start_date-day"),
        ]
    if slug == "purpose":
        outcomes = [f"{o.outcome} — {o.indicator} — {o.target}" for o in req.outcomes]
        return [
            Row(_l("Title"), req.title, "title"),
            Row(_l("Purpose"), _lines(req.purpose), "purpose"),
            Row(_l("Objectives"), _lines(req.objectives), "objectives"),
            Row(_l("Planned activities"), _lines(req.activities), "activities"),
            Row(_l("Measurable outcomes (outcome — indicator — target)"), outcomes,
                "outcomes-0-outcome"),
        ]
    if slug == "purpose-fr":
        return [
            Row(_l("Title in French"), req.title_fr, "title_fr"),
            Row(_l("Objectives in French"), _lines(req.objectives_fr), "objectives_fr"),
            Row(_l("Planned activities in French"), _lines(req.activities_fr),
                "activities_fr"),
            Row(_l("Measurable outcomes in French"), _lines(req.outcomes_fr), "outcomes_fr"),
        ]
    if slug == "areas":
        return [
            Row(_l("Areas of cooperation"), area_labels(req.areas or []), "areas-0"),
            Row(_l("Alignment with City priorities"), _lines(req.alignment), "alignment"),
        ]
    if slug == "ties":
        return [
            Row(_l("Community ties"), _lines(req.community_ties), "community_ties"),
            # Both are optional: left empty, they are not known, never the word "None".
            Row(_l("Relationship since"),
                str(req.relationship_since) if req.relationship_since else str(_l("Not known")),
                "relationship_since"),
            Row(_l("Past joint projects"),
                _lines(req.past_projects) or str(_l("No joint projects named")),
                "past_projects"),
        ]
    if slug == "resources":
        # As every amount of the City's is written (``Money``): "$20,000.00", "20 000,00 $".
        cost = (translate(Money(req.anticipated_cost))
                if req.anticipated_cost is not None else "")
        return [
            Row(_l("Anticipated cost to the City"), cost, "anticipated_cost"),
            Row(_l("Funding source"), _lines(req.funding_source), "funding_source"),
            Row(_l("City staff time"), _lines(req.staff_time), "staff_time"),
            Row(_l("Counterpart's commitment"), _lines(req.counterpart_commitment),
                "counterpart_commitment"),
        ]
    if slug == "signing":
        return _signing_rows(req)
    letter = req.letter_of_intent
    label = _l("Letter of intent") if req.origin == Origin.CITY else _l("Supporting document")
    return [
        Row(_l("Official contact"), [v for v in (req.contact_name, req.contact_title,
                                                 req.contact_email, req.contact_phone) if v],
            "contact_name"),
        Row(label, letter.filename if letter else "", "letter"),
    ]


def _person(*parts: str) -> list[str]:
    return [line for part in parts for line in _lines(part)]


def _signing_rows(req: EngagementRequest) -> list[Row]:
    # Optional answers a division left empty say so, never an empty cell.
    unknown = str(_l("Not given yet"))
    code = req.counterpart_city.country_code if req.counterpart_city else None
    languages = {language: local_language_name(language, name)
                 for language, name in official_languages(code)}
    rows = [
        Row(_l("Legal name"), req.counterpart_legal_name or unknown, "counterpart_legal_name"),
    ]
    if language_choice_needed(len(languages)):
        rows.append(Row(_l("Language of the counterpart's version"),
                        languages.get(req.counterpart_language, unknown),
                        "counterpart_language"))
    rows += [
        Row(_l("Signs for the counterpart"),
            _person(req.counterpart_signatory_name, req.counterpart_signatory_title,
                    req.counterpart_signatory_authority) or unknown,
            "counterpart_signatory_name"),
        Row(_l("Counterpart's coordinator"),
            _person(req.counterpart_coordinator_name, req.counterpart_coordinator_title,
                    req.counterpart_coordinator_email, req.counterpart_coordinator_address)
            or unknown, "counterpart_coordinator_name"),
    ]
    if req.origin == Origin.DIVISION:
        rows.append(Row(_l("The City's coordinator"),
                        _person(req.city_coordinator_name, req.city_coordinator_title,
                                req.city_coordinator_email, req.city_coordinator_address),
                        "city_coordinator_name"))
    return rows


def summarise(req: EngagementRequest) -> list[Section]:
    """Return every page of ``req`` with its answers."""
    return [Section(step, _rows(req, step.slug)) for step in steps_for(req)]
