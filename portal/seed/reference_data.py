"""Hold the reference data every database starts with: divisions and the default rubric."""

from __future__ import annotations

from sqlalchemy import select

from portal.assessment.services import newest_rubric_version
from portal.extensions import db
from portal.models import Division
from portal.seed.registry_data import ensure_registry

# (code, name, head's title). Heads' names are settings an administrator fills in.
DIVISIONS: tuple[tuple[str, str, str], ...] = (
    ("CCO", "City Clerk's Office", "City Clerk"),
    ("CMO", "City Manager's Office", "City Manager"),
    ("EDC", "Economic Development and Culture", "General Manager"),
    ("CPL", "City Planning", "Chief Planner and Executive Director"),
    ("CHS", "Children's Services", "General Manager"),
    ("CREM", "Corporate Real Estate Management", "Executive Director"),
    ("ECF", "Environment, Climate and Forestry", "General Manager"),
    ("FIR", "Toronto Fire Services", "Fire Chief and General Manager"),
    ("HSS", "Housing Secretariat", "Executive Director"),
    ("IAO", "Indigenous Affairs Office", "Director"),
    ("LGL", "Legal Services", "City Solicitor"),
    ("OEM", "Office of Emergency Management", "Director"),
    ("PFR", "Parks and Recreation", "General Manager"),
    ("SDFA", "Social Development", "Executive Director"),
    ("SWM", "Solid Waste Management Services", "General Manager"),
    ("TEC", "Technology Services", "Chief Technology Officer"),
    ("TESS", "Toronto Employment and Social Services", "General Manager"),
    ("TPH", "Toronto Public Health", "Medical Officer of Health"),
    ("TPS", "Toronto Paramedic Services", "Chief and General Manager"),
    ("TSSS", "Toronto Shelter and Support Services", "General Manager"),
    ("TRN", "Transportation Services", "General Manager"),
    ("TWT", "Toronto Water", "General Manager"),
)


def ensure_divisions() -> int:
    """Add the divisions that are missing; return how many were added."""
    known = set(db.session.scalars(select(Division.code)))
    added = 0
    for code, name, head_title in DIVISIONS:
        if code not in known:
            db.session.add(Division(code=code, name=name, head_title=head_title))
            added += 1
    db.session.flush()
    return added


def division_by_code(code: str) -> Division:
    """Return the division with ``code``."""
    return db.session.scalars(select(Division).where(Division.code == code)).one()


def ensure_reference_data() -> int:
    """Add what is missing of the reference data; return how many divisions were added."""
    added = ensure_divisions()
    newest_rubric_version()
    ensure_registry()
    return added
