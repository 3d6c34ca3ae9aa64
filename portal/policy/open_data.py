"""Describe the public registry as open data: its data dictionary, licence and catalogue entry.

The registry is published as CSV and JSON with the same fields, described once here as a
Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/), the standard
CKAN's validation extension and most data tools read. The files are built from these
fields in this order, so the dictionary cannot drift from the data; ``tests/test_open_data.py``
downloads both files and checks every row against the published schema.

Values are written for machines and stay in English whatever the page's language: the
category and state keep their registry wording (as ``agreements.json`` always gave them)
beside a code that never changes. The titles and descriptions are phrases, so the
dictionary's page reads in French too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.policy.agreement_states import STATE_LABELS, AgreementState
from portal.policy.categories import Category
from portal.policy.phrases import N_, Phrase
from portal.policy.text import spreadsheet_safe

LICENCE_ID = "OGL-Toronto"
LICENCE_TITLE = "Open Government Licence – Toronto"
LICENCE_URL = "https://open.toronto.ca/open-data-license/"

DATASET_NAME = "international-alliance-program-agreements"
"""The dataset's name in the catalogue (CKAN: lower case, digits, ``-`` and ``_``)."""

ID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
"""An agreement's identifier: a UUID, kept with the agreement from the day it is recorded."""

SIGNED_FROM = "Signed, in force from "
"""How the status of a signed agreement with a start date begins; the date follows."""


def public_status(state: AgreementState, start: date | None) -> str:
    """Return the status as the registry publishes it: a signed one says when it starts."""
    if state is AgreementState.SIGNED and start is not None:
        return SIGNED_FROM + start.isoformat()
    return str(STATE_LABELS[state])


def _status_pattern() -> str:
    # Every fixed label, or "Signed, in force from" and an ISO date.
    fixed = "|".join(re.escape(str(label)) for label in STATE_LABELS.values())
    return f"^({fixed}|{re.escape(SIGNED_FROM)}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})$"


TYPE_LABELS: dict[str, Phrase] = {
    "string": N_("Text"),
    "boolean": N_("True or false (true, false)"),
    "year": N_("Year (YYYY)"),
    "date": N_("Date (YYYY-MM-DD)"),
}
"""The Table Schema types the registry uses, in words."""


@dataclass(frozen=True)
class DataField:
    """One field of the published registry, as the Table Schema describes it."""

    name: str
    title: Phrase
    description: Phrase
    type: str
    format: str = "default"
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str = ""
    example: str = ""
    # For the dictionary's page: the values a pattern allows, in words or listed.
    allowed: Phrase | None = None
    listed: tuple[str, ...] = ()

    @property
    def type_label(self) -> Phrase:
        """Return the field's type as the dictionary's page names it."""
        return TYPE_LABELS[self.type]

    @property
    def values(self) -> tuple[str, ...]:
        """Return the values the field may hold, when there are few enough to list."""
        return self.enum or self.listed

    @property
    def constraints(self) -> dict[str, Any]:
        """Return the constraints the Table Schema names, leaving out those not set."""
        found: dict[str, Any] = {}
        if self.required:
            found["required"] = True
        if self.unique:
            found["unique"] = True
        if self.enum:
            found["enum"] = list(self.enum)
        if self.pattern:
            found["pattern"] = self.pattern
        return found

    def descriptor(self) -> dict[str, Any]:
        """Return the field as a Table Schema field descriptor (in English)."""
        described: dict[str, Any] = {"name": self.name, "title": str(self.title),
                                     "description": str(self.description),
                                     "type": self.type, "format": self.format}
        if self.example:
            described["example"] = self.example
        if self.constraints:
            described["constraints"] = self.constraints
        return described


FIELDS: tuple[DataField, ...] = (
    DataField("id", N_("Identifier"),
              N_("The agreement's identifier. It never changes, so a row can be followed from "
                 "one release of the data to the next."),
              "string", format="uuid", required=True, unique=True, pattern=ID_PATTERN,
              example="0f8c5b1e-3d2a-4c6b-9e7f-1a2b3c4d5e6f",
              allowed=N_("A UUID: 32 hexadecimal digits in lower case, in five groups.")),
    DataField("name", N_("Counterpart"),
              N_("The name of the city, or for some historical agreements the body, with which "
                 "the City of Toronto holds the agreement."),
              "string", required=True, example="Chicago"),
    DataField("country", N_("Country"),
              N_("The counterpart's country, by its common name in English. Empty when not "
                 "recorded."), "string", example="United States"),
    DataField("country_code", N_("Country code"),
              N_("The counterpart's country as its ISO 3166-1 alpha-2 code. Empty when not "
                 "recorded."), "string", pattern="^[A-Z]{2}$", example="US",
              allowed=N_("Two capital letters.")),
    DataField("category", N_("Category"),
              N_("The agreement's category in words. Empty for a historical agreement recorded "
                 "without one."),
              "string", enum=tuple(str(c.label) for c in Category), example="Partnership City"),
    DataField("category_code", N_("Category code"),
              N_("The agreement's category as a code that never changes. Empty when the "
                 "category is."),
              "string", enum=tuple(c.value for c in Category), example="partnership_city"),
    DataField("status", N_("Status"),
              N_("Where the agreement stands on the day the data is read, in words. A signed "
                 "agreement not yet in force says the date it comes into force."),
              "string", required=True, pattern=_status_pattern(), example="In force",
              listed=(*(str(label) for label in STATE_LABELS.values()),
                      SIGNED_FROM + "YYYY-MM-DD")),
    DataField("status_code", N_("Status code"),
              N_("Where the agreement stands on the day the data is read, as a code that never "
                 "changes. The status is worked out from the agreement's dates each day."),
              "string", required=True, enum=tuple(s.value for s in AgreementState),
              example="in_force"),
    DataField("city_to_city", N_("City-to-city"),
              N_("Whether the counterpart is a local government. The program is for "
                 "city-to-city agreements only; some historical ones were with other bodies."),
              "boolean", required=True, example="true"),
    DataField("established_year", N_("Established"),
              N_("The year the relationship was first signed; a renewal keeps the earlier year. "
                 "Empty when not recorded."), "year", example="1991"),
    DataField("start_date", N_("Start date"),
              N_("The first day of the agreement's term (YYYY-MM-DD). Empty when the City's "
                 "sources do not record it."), "date", example="2026-03-01"),
    DataField("end_date", N_("End date"),
              N_("The last day of the agreement's term (YYYY-MM-DD). Empty when the City's "
                 "sources do not record it."), "date", example="2029-02-28"),
    DataField("lead_division", N_("Lead division"),
              N_("The City division that leads the agreement's activities. Empty when not "
                 "recorded."), "string", example="Economic Development and Culture"),
)

FIELD_NAMES = tuple(f.name for f in FIELDS)


def table_schema() -> dict[str, Any]:
    """Return the data dictionary as a Frictionless Table Schema descriptor."""
    return {
        "fields": [f.descriptor() for f in FIELDS],
        "primaryKey": "id",
        "missingValues": [""],
    }


def csv_cell(value: object) -> str:
    """Return ``value`` written as the Table Schema reads it back from CSV.

    Nothing is written as empty (the schema's missing value), a boolean as ``true`` or
    ``false``, a date in ISO format. A text a spreadsheet would run as a formula (a name
    typed as ``=HYPERLINK(...)``) starts with an apostrophe, so opening the City's file
    never runs what someone typed; the JSON keeps the text as it is.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(str(value))


# The catalogue's entry (CKAN package metadata) --------------------------------------------

DATASET_TITLE = "International Alliance Program agreements"
DATASET_NOTES = (
    "The City of Toronto's registry of international agreements under its International "
    "Alliance Program: current Partnership City agreements and International Projects, and "
    "the historical agreements kept to honour past relationships. One row per agreement, "
    "with its counterpart, category, status, term and lead division. The status is worked "
    "out from the agreement's dates on the day the data is read. Dates the City's sources do "
    "not record are empty. Each agreement keeps the same identifier in every release."
)
ORGANIZATION = {"name": "city-clerks-office", "title": "City Clerk's Office"}
MAINTAINER = "City Clerk's Office, International Alliance Program"
TAGS = ("international relations", "partnership cities", "international projects",
        "agreements", "city government")
EXTRAS = {
    "owner_division": "City Clerk's Office",
    "dataset_category": "Table",
    "refresh_rate": "Daily",
    "topics": "City government",
    "civic_issues": "",
    "excerpt": "The City's international agreements: Partnership Cities, International "
               "Projects and historical agreements.",
    "limitations": "The program review of 2024 records the year each relationship was "
                   "established but not the term's dates of agreements signed before the "
                   "portal; those dates are empty.",
    "collection_method": "Recorded by the City Clerk's Office as each agreement is signed, "
                         "through the International Alliance Program portal.",
    "schema_standard": "Frictionless Table Schema",
}
