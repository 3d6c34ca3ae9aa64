"""Write the public registry as open data: the CSV, and the catalogue's metadata (CKAN).

The fields, their order, the licence and the dataset's description are the policy's
(``portal.policy.open_data``); this module only reads the registry and writes it out, with
absolute addresses on the portal's public address so the catalogue can link to the files.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Agreement, AgreementEvent
from portal.notifications import external_url
from portal.policy.open_data import (
    DATASET_NAME,
    DATASET_NOTES,
    DATASET_TITLE,
    EXTRAS,
    FIELD_NAMES,
    LICENCE_ID,
    LICENCE_TITLE,
    LICENCE_URL,
    MAINTAINER,
    ORGANIZATION,
    TAGS,
    csv_cell,
)
from portal.registry.listing import PublicRegistry


def registry_csv(registry: PublicRegistry) -> str:
    """Return the registry as CSV: a header of the fields' names, then one row an agreement."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELD_NAMES)
    for entry in registry.entries:
        values = entry.to_dict()
        writer.writerow([csv_cell(values[name]) for name in FIELD_NAMES])
    return out.getvalue()


def last_modified() -> datetime | None:
    """Return when the registry's data last changed: an agreement recorded or changed.

    Every change of an agreement is in its history (``AgreementEvent``); an agreement
    recorded without one (seeded) counts from when it was recorded.
    """
    times = [db.session.scalar(select(func.max(Agreement.created_at))),
             db.session.scalar(select(func.max(AgreementEvent.at)))]
    known = [t for t in times if t is not None]
    return max(known) if known else None


def _resource(name: str, description: str, endpoint: str, file_format: str, mimetype: str,
              modified: str | None, schema: str | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": name, "description": description, "url": external_url(endpoint),
        "format": file_format, "mimetype": mimetype, "last_modified": modified,
    }
    if schema is not None:
        # ckanext-validation reads a resource's Table Schema from here.
        resource["schema"] = schema
    return resource


def package_metadata() -> dict[str, Any]:
    """Return the dataset's entry for the City's catalogue, in CKAN's package_show shape."""
    changed = last_modified()
    modified = changed.isoformat(timespec="seconds") if changed else None
    schema = external_url("public_registry.data_dictionary")
    resources = [
        _resource("International Alliance Program agreements (CSV)",
                  "One row per agreement; the fields are described in the data dictionary.",
                  "public_registry.csv", "CSV", "text/csv", modified, schema),
        _resource("International Alliance Program agreements (JSON)",
                  "The same fields as the CSV, grouped as partnership_cities, "
                  "international_projects and historical.",
                  "public_registry.json", "JSON", "application/json", modified, schema),
        _resource("Data dictionary",
                  "Each field's name, meaning, type and allowed values, as a Frictionless "
                  "Table Schema.",
                  "public_registry.data_dictionary", "JSON", "application/json", modified,
                  None),
    ]
    return {
        "name": DATASET_NAME, "title": DATASET_TITLE, "notes": DATASET_NOTES,
        "type": "dataset", "state": "active", "private": False,
        "license_id": LICENCE_ID, "license_title": LICENCE_TITLE, "license_url": LICENCE_URL,
        "organization": dict(ORGANIZATION), "maintainer": MAINTAINER,
        "url": external_url("public_registry.index"),
        "metadata_modified": modified,
        "tags": [{"name": tag} for tag in TAGS], "num_tags": len(TAGS),
        "resources": resources, "num_resources": len(resources),
        "extras": [{"key": key, "value": value} for key, value in EXTRAS.items()],
    }
