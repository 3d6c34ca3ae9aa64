"""The registry as open data: the files validate against their own published data dictionary.

The CSV and the JSON are downloaded over HTTP from a demo database with agreements in every
state, and each row is checked against the Table Schema the portal publishes at
``/registry/data-dictionary.json``: read from that document, never from the code that
wrote the files, so the dictionary and the data are held to each other as a catalogue's
validator would hold them. The validator is written here from the Table Schema
specification (https://specs.frictionlessdata.io/table-schema/) for the types, formats and
constraints the schema may use; any other it meets fails the test rather than passing
unchecked.
"""

from __future__ import annotations

import csv
import html
import io
import re
import uuid
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from portal import create_app
from portal.extensions import db
from portal.models import Agreement
from portal.policy.agreements import AgreementStatus
from portal.policy.categories import Category
from portal.policy.roles import Role
from portal.seed.reference_data import division_by_code
from tests.conftest import login

TRUE_VALUES, FALSE_VALUES = ("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0")
KNOWN_CONSTRAINTS = {"required", "unique", "enum", "pattern"}
STRING_FORMATS = {"default", "uuid"}


class Invalid(ValueError):
    """A value the Table Schema refuses."""


# The validator, from the Table Schema specification --------------------------------------

def cast(schema_field: dict[str, Any], value: Any, *, from_csv: bool) -> Any:
    """Return ``value`` read as the field's type says, None when missing; raise Invalid."""
    kind, fmt = schema_field["type"], schema_field.get("format", "default")
    if value is None or (isinstance(value, str) and value == ""):
        return None  # the schema's missingValues are [""] (and JSON's null)
    if kind == "string":
        if not isinstance(value, str) or fmt not in STRING_FORMATS:
            raise Invalid(f"not a string ({fmt})")
        if fmt == "uuid" and str(uuid.UUID(value)) != value.lower():
            raise Invalid("not a UUID")
        return value
    if kind == "boolean":
        if from_csv:
            if value not in TRUE_VALUES + FALSE_VALUES:
                raise Invalid("not a boolean")
            return value in TRUE_VALUES
        if not isinstance(value, bool):
            raise Invalid("not a boolean")
        return value
    if kind == "year":
        if from_csv:
            if not re.fullmatch(r"-?[0-9]{4}", value):
                raise Invalid("not a year")
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid("not a year")
        return value
    if kind == "date" and fmt == "default":
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise Invalid("not an ISO date")
        return date.fromisoformat(value)
    raise Invalid(f"type {kind} ({fmt}) is not one this validator knows")


def row_errors(schema: dict[str, Any], row: dict[str, Any], *, from_csv: bool) -> list[str]:
    """Return what is wrong with ``row`` by ``schema``'s fields, their types and constraints."""
    errors = []
    names = [f["name"] for f in schema["fields"]]
    if list(row) != names and set(row) != set(names):
        errors.append(f"fields {sorted(row)} are not the schema's {names}")
    for schema_field in schema["fields"]:
        name, rules = schema_field["name"], schema_field.get("constraints", {})
        if set(rules) - KNOWN_CONSTRAINTS:
            errors.append(f"{name}: constraints {set(rules) - KNOWN_CONSTRAINTS} not checked")
        try:
            value = cast(schema_field, row.get(name), from_csv=from_csv)
        except (Invalid, ValueError) as refused:
            errors.append(f"{name}={row.get(name)!r}: {refused}")
            continue
        if value is None:
            if rules.get("required"):
                errors.append(f"{name} is required")
            continue
        if "enum" in rules and value not in rules["enum"]:
            errors.append(f"{name}={value!r} is not one of {rules['enum']}")
        if "pattern" in rules and not re.fullmatch(rules["pattern"], str(value)):
            errors.append(f"{name}={value!r} does not match {rules['pattern']}")
    return errors


def table_errors(schema: dict[str, Any], rows: list[dict[str, Any]], *,
                 from_csv: bool) -> list[str]:
    """Return what is wrong with ``rows``: each row's errors, then repeated unique values."""
    errors = [f"row {i}: {e}" for i, row in enumerate(rows, 1)
              for e in row_errors(schema, row, from_csv=from_csv)]
    unique = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("unique")}
    for name in unique | {schema["primaryKey"]}:
        values = [row.get(name) for row in rows]
        if len(values) != len(set(values)):
            errors.append(f"{name} repeats a value")
    return errors


# The data ----------------------------------------------------------------------------------

def add_agreement(name: str, country: str | None, category: str | None, **values: Any
                  ) -> Agreement:
    """Record an agreement as the registry holds one."""
    agreement = Agreement(counterpart_name=name, country_code=country, category=category,
                          status=values.pop("status", AgreementStatus.ACTIVE.value), **values)
    db.session.add(agreement)
    db.session.commit()
    return agreement


@pytest.fixture()
def demo(runner):
    """Return a demo database whose registry holds an agreement in every state."""
    assert "Demo data added" in runner.invoke(args=["seed-demo"]).output
    today, edc = date.today(), division_by_code("EDC")
    p, ip = Category.PARTNERSHIP_CITY.value, Category.INTERNATIONAL_PROJECT.value
    add_agreement("Montréal, \"Ville\"", "CA", ip, start_date=today + timedelta(days=30),
                  end_date=today + timedelta(days=700), established_year=today.year,
                  lead_division_id=edc.id)
    add_agreement("Helsinki", "FI", ip, start_date=today - timedelta(days=300),
                  end_date=today + timedelta(days=60), established_year=today.year - 1,
                  lead_division_id=edc.id)
    add_agreement("Lyon", "FR", p, start_date=today - timedelta(days=900),
                  end_date=today + timedelta(days=900), established_year=today.year - 2)
    add_agreement("Porto", "PT", ip, start_date=today - timedelta(days=900),
                  end_date=today - timedelta(days=10))
    add_agreement("Łódź", "PL", ip, status=AgreementStatus.TERMINATED.value,
                  start_date=today - timedelta(days=400), end_date=today + timedelta(days=400),
                  termination_notice_on=today - timedelta(days=120),
                  terminates_on=today - timedelta(days=30), termination_reason="Ended")
    add_agreement("Nowhere Agency", None, None, status=AgreementStatus.HISTORICAL.value,
                  is_city_to_city=False)
    return today


def download(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


def csv_rows(client) -> tuple[list[str], list[dict[str, str]]]:
    response = download(client, "/registry/agreements.csv")
    assert response.mimetype == "text/csv"
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True), newline=""))
    return list(reader.fieldnames or []), list(reader)


def json_rows(client) -> list[dict[str, Any]]:
    data = download(client, "/registry/agreements.json").get_json()
    return [*data["partnership_cities"], *data["international_projects"], *data["historical"]]


def typed(schema: dict[str, Any], row: dict[str, Any], *, from_csv: bool) -> dict[str, Any]:
    return {f["name"]: cast(f, row[f["name"]], from_csv=from_csv) for f in schema["fields"]}


# The files against their dictionary ---------------------------------------------------------

def test_the_csv_and_the_json_validate_against_their_published_data_dictionary(client, demo):
    schema = download(client, "/registry/data-dictionary.json").get_json()
    names = [f["name"] for f in schema["fields"]]
    header, from_csv = csv_rows(client)
    from_json = json_rows(client)
    assert header == names
    assert table_errors(schema, from_csv, from_csv=True) == []
    assert table_errors(schema, from_json, from_csv=False) == []
    # The same agreements, with the same values, in both files, and the page lists them all.
    assert len(from_csv) == len(from_json) > 30
    assert [typed(schema, r, from_csv=True) for r in from_csv] == \
        [typed(schema, r, from_csv=False) for r in from_json]
    statuses = {r["status_code"] for r in from_csv}
    assert statuses >= {"signed", "in_force", "ending_soon", "expired", "terminated",
                        "historical"}
    montreal = next(r for r in from_csv if r["name"] == "Montréal, \"Ville\"")
    assert montreal["status"] == f"Signed, in force from {(demo + timedelta(days=30))}"
    agency = next(r for r in from_csv if r["name"] == "Nowhere Agency")
    assert (agency["category"], agency["country_code"], agency["city_to_city"]) == \
        ("", "", "false")


def test_the_validator_refuses_what_the_dictionary_does_not_allow(client, demo):
    schema = download(client, "/registry/data-dictionary.json").get_json()
    _, rows = csv_rows(client)
    good = rows[0]
    for change, error in (({"id": "42"}, "id='42'"), ({"name": ""}, "name is required"),
                          ({"status_code": "lapsed"}, "status_code='lapsed'"),
                          ({"start_date": "01/02/2026"}, "start_date='01/02/2026'"),
                          ({"city_to_city": "yes"}, "city_to_city='yes'"),
                          ({"category": "Sister City"}, "category='Sister City'"),
                          ({"status": "Signed, in force from soon"}, "does not match")):
        assert any(error in e for e in row_errors(schema, {**good, **change}, from_csv=True))
    assert table_errors(schema, [good, good], from_csv=True) == ["id repeats a value"]


def test_the_json_keeps_every_field_it_gave_before_with_the_same_values(client):
    chicago = next(e for e in json_rows(client) if e["name"] == "Chicago")
    assert {k: chicago[k] for k in ("name", "country", "country_code", "category", "status",
                                    "city_to_city", "established_year", "start_date",
                                    "end_date", "lead_division")} == {
        "name": "Chicago", "country": "United States", "country_code": "US",
        "category": "Partnership City", "status": "In force", "city_to_city": True,
        "established_year": 1991, "start_date": None, "end_date": None,
        "lead_division": None}
    assert (chicago["category_code"], chicago["status_code"]) == ("partnership_city",
                                                                  "in_force")


def test_an_agreement_keeps_its_identifier_whatever_changes(client, demo):
    before = {r["name"]: r["id"] for r in json_rows(client)}
    helsinki = db.session.scalars(select(Agreement).where(
        Agreement.counterpart_name == "Helsinki")).one()
    assert before["Helsinki"] == helsinki.public_id and before["Helsinki"] != str(helsinki.id)
    helsinki.counterpart_name, helsinki.status = "Helsingfors", AgreementStatus.RENEWED.value
    db.session.commit()
    after = {r["name"]: r["id"] for r in json_rows(client)}
    assert after["Helsingfors"] == before["Helsinki"]
    assert {k: v for k, v in after.items() if k != "Helsingfors"} == \
        {k: v for k, v in before.items() if k != "Helsinki"}


# The catalogue's metadata --------------------------------------------------------------------

CKAN_KEYS = {"name", "title", "notes", "license_id", "license_title", "license_url",
             "organization", "maintainer", "tags", "resources", "extras"}
RESOURCE_KEYS = {"url", "format", "name", "description", "last_modified"}


def test_the_catalogue_metadata_has_ckans_keys_the_licence_and_live_resources(app, client,
                                                                              demo):
    app.config["PUBLIC_BASE_URL"] = "https://iap.example.org"
    package = download(client, "/registry/package.json").get_json()
    assert CKAN_KEYS <= set(package)
    assert re.fullmatch(r"[a-z0-9_-]{2,100}", package["name"])
    assert (package["license_id"], package["license_title"], package["license_url"]) == (
        "OGL-Toronto", "Open Government Licence – Toronto",
        "https://open.toronto.ca/open-data-license/")
    assert package["organization"]["name"] and package["organization"]["title"]
    assert all(re.fullmatch(r"[\w .-]{2,100}", t["name"]) for t in package["tags"])
    assert all(set(e) == {"key", "value"} for e in package["extras"])
    formats = set()
    for resource in package["resources"]:
        assert RESOURCE_KEYS <= set(resource), resource["name"]
        url = urlsplit(resource["url"])
        assert (url.scheme, url.netloc) == ("https", "iap.example.org")
        assert download(client, url.path).status_code == 200
        assert date.fromisoformat(resource["last_modified"][:10]) <= date.today()
        formats.add(resource["format"])
    assert formats == {"CSV", "JSON"}


def test_the_last_modified_date_follows_a_change_to_the_registry(client, demo):
    first = download(client, "/registry/package.json").get_json()["metadata_modified"]
    add_agreement("Kraków", "PL", Category.INTERNATIONAL_PROJECT.value)
    second = download(client, "/registry/package.json").get_json()["metadata_modified"]
    assert second >= first
    assert all(r["last_modified"] == second
               for r in download(client, "/registry/package.json").get_json()["resources"])


# Pages and people ------------------------------------------------------------------------------

def test_the_dictionary_page_explains_each_field_and_the_licence(client):
    page = html.unescape(download(client, "/registry/data-dictionary").get_data(as_text=True))
    schema = download(client, "/registry/data-dictionary.json").get_json()
    for schema_field in schema["fields"]:
        assert f"<code translate=\"no\">{schema_field['name']}</code>" in page
        assert schema_field["description"] in page
    assert "Open Government Licence – Toronto" in page
    assert 'href="https://open.toronto.ca/open-data-license/"' in page
    assert ">partnership_city</code>" in page


def test_the_dictionary_page_reads_in_french_and_the_data_stays_in_english(
        french_app):  # noqa: F811 (the fixture imported above)
    browser = french_app.test_client()
    browser.set_cookie("language", "fr_CA")
    page = html.unescape(download(browser, "/registry/data-dictionary").get_data(as_text=True))
    assert "le dictionnaire de données du registre" in page and "Code de pays" in page
    assert "Le premier jour de la durée de l'entente (AAAA-MM-JJ)." in page
    schema = download(browser, "/registry/data-dictionary.json").get_json()
    assert schema["fields"][0]["title"] == "Identifier"


def test_the_registry_page_links_the_open_data_and_the_licence(client):
    page = download(client, "/registry").get_data(as_text=True)
    for link in ("/registry/agreements.csv", "/registry/data-dictionary",
                 "https://open.toronto.ca/open-data-license/"):
        assert f'href="{link}"' in page


def test_a_name_typed_as_a_formula_never_runs_in_a_spreadsheet(client, make_city_user):
    add_agreement('=HYPERLINK("http://evil.example","Click")', "FR",
                  Category.INTERNATIONAL_PROJECT.value)
    _, rows = csv_rows(client)
    assert any(r["name"] == "'=HYPERLINK(\"http://evil.example\",\"Click\")" for r in rows)
    assert not any(r["name"].startswith("=") for r in rows)
    assert any(r["name"] == '=HYPERLINK("http://evil.example","Click")'
               for r in json_rows(client))


def test_the_open_data_shows_no_internal_field_even_to_a_signed_in_reviewer(
        client, demo, make_staff):
    helsinki = db.session.scalars(select(Agreement).where(
        Agreement.counterpart_name == "Helsinki")).one()
    helsinki.note = "The reviewer doubts the budget"
    helsinki.signed_filename, helsinki.signed_media_type = "signed.pdf", "application/pdf"
    helsinki.signed_copy, helsinki.signed_sha256 = b"%PDF-1.4", "0" * 64
    db.session.commit()
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, reviewer.email)
    for path in ("/registry/agreements.csv", "/registry/package.json",
                 "/registry/data-dictionary.json"):
        body = download(client, path).get_data(as_text=True)
        for secret in ("doubts the budget", "signed.pdf", "toronto.example", "request_id",
                       "signed_sha256", "0000000000"):
            assert secret not in body, (path, secret)


# The migration -----------------------------------------------------------------------------------

def test_upgrading_gives_each_agreement_already_recorded_its_own_identifier(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'o.sqlite'}",
                      "SECRET_KEY": "t"})
    with app.app_context():
        try:
            upgrade(revision="f2b8c4d6e1a3")  # before the identifiers
            with db.engine.begin() as connection:
                for name in ("Chicago", "Milan"):
                    connection.execute(text(
                        "INSERT INTO agreement (counterpart_name, counterpart_sort_name, "
                        "status, is_city_to_city, note, created_at, termination_reason) "
                        f"VALUES ('{name}', '{name.lower()}', 'historical', 1, '', "
                        "'2026-01-01', '')"))
            upgrade()
            with db.engine.connect() as connection:
                ids = connection.execute(text("SELECT public_id FROM agreement")).scalars().all()
            assert len(ids) == len(set(ids)) == 2
            assert all(str(uuid.UUID(i)) == i for i in ids)
        finally:
            db.session.remove()
            db.engine.dispose()
