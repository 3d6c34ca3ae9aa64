"""Say what an agreement needs to know of its Parties, and how to ask for a legal name.

An agreement is made between two legal persons, each signing by a named person under an
authority, each naming a coordinator who receives the other's notices. A city's everyday
name is rarely its legal one ("Porto" signs as the "Município do Porto"), so the intake
asks for it with an example from the counterpart's country.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from portal.policy.phrases import N_, NP_, Phrase

LEGAL_NAME_EXAMPLES: dict[str, str] = {
    "AR": "Municipalidad de Rosario",
    "AT": "Stadt Wien",
    "BE": "Ville de Bruxelles",
    "BR": "Município de São Paulo",
    "CH": "Stadt Zürich",
    "CL": "Ilustre Municipalidad de Valparaíso",
    "CN": "People's Government of Chongqing Municipality",
    "CO": "Distrito Especial de Ciencia, Tecnología e Innovación de Medellín",
    "CZ": "Statutární město Brno",
    "DE": "Stadt Frankfurt am Main",
    "DK": "Københavns Kommune",
    "ES": "Ayuntamiento de Barcelona",
    "FI": "Helsingin kaupunki",
    "FR": "Ville de Lyon",
    "GH": "Accra Metropolitan Assembly",
    "IT": "Comune di Milano",
    "JP": "Osaka City",
    "KE": "Nairobi City County",
    "KR": "Seoul Metropolitan Government",
    "MX": "Municipio de Guadalajara",
    "NL": "Gemeente Amsterdam",
    "NO": "Oslo kommune",
    "PH": "City Government of Manila",
    "PL": "Gmina Miejska Kraków",
    "PT": "Município do Porto",
    "SE": "Stockholms stad",
    "UA": "Kyiv City State Administration",
    "VN": "People's Committee of Ho Chi Minh City",
}
"""One city government's legal name per country, where it differs from the city's name."""

GENERAL_LEGAL_NAME_EXAMPLE = N_("Município do Porto, or Ville de Lyon")
"""The example for a country with none of its own: two legal names, joined in the page's words."""

CONFIRMED_DETAILS = (
    "city_legal_name", "counterpart_legal_name",
    "signatory_name", "signatory_title",
    "counterpart_signatory_name", "counterpart_signatory_title",
    "counterpart_signatory_authority",
    "city_coordinator_name", "city_coordinator_title", "city_coordinator_email",
    "city_coordinator_address",
    "counterpart_coordinator_name", "counterpart_coordinator_title",
    "counterpart_coordinator_email", "counterpart_coordinator_address",
    "start_date", "title", "objectives", "activities", "outcomes",
    "title_fr", "objectives_fr", "activities_fr", "outcomes_fr",
)
"""What a reviewer confirms or corrects before each version of a draft is generated: both
Parties' legal names, signatories and coordinators, the start date and the objectives; for a
bilingual agreement, the French title, objectives, activities and outcomes too."""

FRENCH_DETAILS = ("title_fr", "objectives_fr", "activities_fr", "outcomes_fr")
"""The details confirmed only when the draft holds a French version."""


def details_asked(has_french: bool) -> tuple[str, ...]:
    """Return the details a reviewer confirms: the French ones only for a French version."""
    return CONFIRMED_DETAILS if has_french else tuple(
        name for name in CONFIRMED_DETAILS if name not in FRENCH_DETAILS)

LATEST_START_YEARS = 10
"""How many years ahead an agreement may start: further is a typing slip, not a plan."""


def legal_name_example(country_code: str | None) -> str:
    """Return an example of a city government's legal name in ``country_code``'s country."""
    # A country's example is a legal name (data); the general one is a phrase.
    return LEGAL_NAME_EXAMPLES.get((country_code or "").upper(), GENERAL_LEGAL_NAME_EXAMPLE)


def start_date_problem(start: date, today: date) -> Phrase | None:
    """Return why an agreement cannot start on ``start``, seen on ``today``; None if it can."""
    if start < today:
        return N_("Start date must be today or in the future")
    if start.year > today.year + LATEST_START_YEARS:
        return NP_("Start date must be within the next %(num)s year",
                   "Start date must be within the next %(num)s years", LATEST_START_YEARS)
    return None


def language_choice_needed(official_languages: int) -> bool:
    """Return whether the counterpart must choose its version's language: it has several."""
    return official_languages > 1


CITY_SIGNATORY = ("signatory_name", "signatory_title")
COORDINATOR_ADDRESSES = ("city_coordinator_address", "counterpart_coordinator_address")
CONTACT = ("contact_name", "contact_title", "contact_email")
"""The request's official contact: the counterpart's likeliest coordinator, never its signatory."""


def proposed_details(current: Mapping[str, Any], asked: Mapping[str, str],
                     newest: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the details a reviewer is shown to confirm: the newest version's, else today's.

    ``current`` holds the terms as the request and the policy give them now (every name of
    ``CONFIRMED_DETAILS`` and the ``authority_recital``); ``asked`` the request's answers as
    typed (``COORDINATOR_ADDRESSES`` and ``CONTACT``); ``newest`` the newest version's
    stored terms, or None before the first. The City's signatory is carried over from the
    newest version only while the same office signs (its recital is unchanged): a reviewer
    who changed who signs a Partnership is shown the new signatory, not the old one's name.
    """
    values = {name: current[name] for name in CONFIRMED_DETAILS}
    if newest:
        same_office = newest.get("authority_recital") == current["authority_recital"]
        for name in CONFIRMED_DETAILS:
            if newest.get(name) and (same_office or name not in CITY_SIGNATORY):
                values[name] = newest[name]
    # The request's addresses as typed, a line each; a version's are one line already.
    for name in COORDINATOR_ADDRESSES:
        if not (newest and newest.get(name)):
            values[name] = asked[name]
    if not values["counterpart_coordinator_name"] and not newest:
        values.update(counterpart_coordinator_name=asked["contact_name"],
                      counterpart_coordinator_title=asked["contact_title"],
                      counterpart_coordinator_email=asked["contact_email"])
    return values
