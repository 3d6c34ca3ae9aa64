"""The open data's dictionary, its published status wording and how a CSV cell is written."""

from __future__ import annotations

import re
from datetime import date

from portal.policy.agreement_states import AgreementState
from portal.policy.open_data import FIELD_NAMES, FIELDS, csv_cell, public_status, table_schema


def test_every_field_is_named_once_and_the_identifier_is_the_primary_key():
    schema = table_schema()
    assert [f["name"] for f in schema["fields"]] == list(FIELD_NAMES)
    assert len(set(FIELD_NAMES)) == len(FIELD_NAMES)
    assert schema["primaryKey"] == "id" and schema["missingValues"] == [""]


def test_every_field_has_a_title_a_description_and_a_type_the_table_schema_knows():
    for field in table_schema()["fields"]:
        assert field["title"] and field["description"], field["name"]
        assert field["type"] in {"string", "boolean", "year", "date"}, field["name"]


def test_each_field_example_is_a_value_the_field_allows():
    for field in FIELDS:
        rules = field.constraints
        if "enum" in rules:
            assert field.example in rules["enum"], field.name
        if "pattern" in rules:
            assert re.fullmatch(rules["pattern"], field.example), field.name


def test_every_published_status_matches_the_status_pattern():
    pattern = next(f for f in FIELDS if f.name == "status").pattern
    for state in AgreementState:
        assert re.fullmatch(pattern, public_status(state, None)), state
    signed = public_status(AgreementState.SIGNED, date(2027, 3, 1))
    assert signed == "Signed, in force from 2027-03-01" and re.fullmatch(pattern, signed)
    assert public_status(AgreementState.IN_FORCE, date(2027, 3, 1)) == "In force"
    assert not re.fullmatch(pattern, "Lapsed")


def test_a_csv_cell_is_written_as_the_schema_reads_it_and_never_as_a_formula():
    assert [csv_cell(v) for v in (None, True, False, 1991, date(2027, 3, 1), "Milan")] == \
        ["", "true", "false", "1991", "2027-03-01", "Milan"]
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("  @SUM(A1)") == "'  @SUM(A1)"
    assert csv_cell("\uff1d1") == "'\uff1d1" and csv_cell("São Paulo") == "São Paulo"
