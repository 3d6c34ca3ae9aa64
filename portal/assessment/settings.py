"""Read and change the program settings an administrator keeps, and the service targets.

They are the signatories and financial limits, and the countries whose requests need
federal consultation.
Until an administrator saves them, the policy's documented examples apply. Every change is
audited with the values before and after.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select

from portal import audit
from portal.database import rows
from portal.extensions import db
from portal.kept_reference import REFERENCE, kept
from portal.models import Division, Setting, User
from portal.policy.lifecycle import Status
from portal.policy.risk import DEFAULT_CONSULTATION_COUNTRIES
from portal.policy.service_targets import DEFAULT_TARGET_WORKING_DAYS
from portal.policy.signatories import (
    EXAMPLE_SIGNING_SETTINGS,
    DeputyCityManager,
    SigningSettings,
)

SIGNING = "signing"
CONSULTATION_COUNTRIES = "consultation_countries"

# Built once: SQLAlchemy spends more building a statement than SQLite spends running it.
_SETTINGS = select(Setting.key, Setting.value)
# Only the three columns named: every page asks, and records would cost more to build.
_DIVISION_HEADS = select(Division.name, Division.head_name, Division.head_title).where(
    Division.head_name.is_not(None))


def _stored(key: str) -> Any:
    # A handful of rows, and a page asks for several of them: read them all at once.
    return kept(REFERENCE, "settings", _read_settings).get(key)


def _read_settings() -> dict[str, Any]:
    return {key: value for key, value in rows(_SETTINGS)}


def _store(actor: User | None, key: str, value: Any) -> None:
    setting = db.session.get(Setting, key)
    before = None if setting is None else setting.value
    if setting is None:
        setting = Setting(key=key)
        db.session.add(setting)
    setting.value = value
    setting.updated_by_id = actor.id if actor else None
    audit.record(actor, "settings.changed", f"setting:{key}", before=before, after=value)
    db.session.flush()


def _signing_values(settings: SigningSettings) -> dict[str, Any]:
    values = asdict(settings)
    values.pop("division_heads")
    values["deputies"] = [{"name": d.name, "service_area": d.service_area,
                           "divisions": list(d.divisions)} for d in settings.deputies]
    values["partnership_defaults"] = dict(settings.partnership_defaults)
    values["division_head_limit"] = str(settings.division_head_limit)
    values["deputy_limit"] = str(settings.deputy_limit)
    return values


def signing_settings() -> SigningSettings:
    """Return the signing settings, with each division's head as the divisions record them."""
    # Every rule naming a signatory asks for them, several times a page: read them once.
    return kept(REFERENCE, SIGNING, _read_signing_settings)


def _read_signing_settings() -> SigningSettings:
    stored = _stored(SIGNING)
    base = EXAMPLE_SIGNING_SETTINGS
    if stored:
        base = replace(base, **{
            **stored,
            "division_head_limit": Decimal(stored["division_head_limit"]),
            "deputy_limit": Decimal(stored["deputy_limit"]),
            "deputies": tuple(
                DeputyCityManager(d["name"], d["service_area"], tuple(d["divisions"]))
                for d in stored.get("deputies", ())),
            "partnership_defaults": dict(stored.get("partnership_defaults", {})),
        })
    heads = {
        name: (head_name, f"{head_title}, {name}")
        for name, head_name, head_title in rows(_DIVISION_HEADS)
        if head_name
    }
    return replace(base, division_heads=heads)


def save_signing_settings(actor: User, settings: SigningSettings) -> None:
    """Store the signatories' names and limits (division heads live on the divisions)."""
    _store(actor, SIGNING, _signing_values(settings))


def set_division_head(actor: User, division: Division, name: str, title: str) -> None:
    """Record who heads ``division`` and under which title."""
    before = {"head_name": division.head_name, "head_title": division.head_title}
    division.head_name = name or None
    division.head_title = title
    audit.record(actor, "settings.division_head", f"division:{division.code}", before=before,
                 after={"head_name": division.head_name, "head_title": title})


def consultation_countries() -> frozenset[str]:
    """Return the ISO codes of countries whose requests need federal consultation."""
    return kept(REFERENCE, CONSULTATION_COUNTRIES, _read_consultation_countries)


def _read_consultation_countries() -> frozenset[str]:
    stored = _stored(CONSULTATION_COUNTRIES)
    return DEFAULT_CONSULTATION_COUNTRIES if stored is None else frozenset(stored)


def save_consultation_countries(actor: User, codes: list[str]) -> None:
    """Store the list of countries needing federal consultation."""
    _store(actor, CONSULTATION_COUNTRIES, sorted(set(codes)))


def seed_example_division_heads() -> None:
    """Give the divisions the policy's example heads where none is set (demo data only)."""
    for division in db.session.scalars(select(Division)):
        head = EXAMPLE_SIGNING_SETTINGS.division_head(division.name)
        if head and not division.head_name:
            division.head_name = head[0]


def service_targets() -> dict[Status, int]:
    """Return the working days each status may take, the policy's defaults as overridden.

    ``SERVICE_TARGET_WORKING_DAYS`` in the configuration (for example the environment
    variable ``PORTAL_SERVICE_TARGET_WORKING_DAYS='{"submitted": 5}'``) changes any of them.
    """
    targets = dict(DEFAULT_TARGET_WORKING_DAYS)
    for status, days in (current_app.config.get("SERVICE_TARGET_WORKING_DAYS") or {}).items():
        if status in Status.__members__.values() and isinstance(days, int):
            targets[Status(status)] = days
    return targets
