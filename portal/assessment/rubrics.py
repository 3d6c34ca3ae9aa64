"""Keep the rubric's versions: the newest one, the rubric each stores, and saving a new one.

A version is never changed: saving an edit makes a new one, and every assessment names the
version it was scored under. It flushes and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, func, select

from portal import audit
from portal.database import rows
from portal.extensions import db
from portal.kept_reference import REFERENCE, kept
from portal.models import RubricVersion, User
from portal.policy.refusals import Refused
from portal.policy.rubric import (
    DEFAULT_RUBRIC,
    DEFAULT_RUBRIC_NOTE,
    Rubric,
    rubric_from_dict,
    rubric_problems,
    rubric_to_dict,
)
from portal.policy.versions import next_version

# Built once: SQLAlchemy then computes its cache key once, not at every scoring.
_NEWEST_RUBRIC = select(RubricVersion).order_by(RubricVersion.version.desc()).limit(1)


def newest_rubric_version() -> RubricVersion:
    """Return the newest rubric version, storing the default rubric when there is none."""
    found = db.session.scalars(_NEWEST_RUBRIC).first()
    if found is None:
        found = RubricVersion(version=DEFAULT_RUBRIC.version, data=rubric_to_dict(DEFAULT_RUBRIC),
                              note=DEFAULT_RUBRIC_NOTE)
        db.session.add(found)
        db.session.flush()
    return found


_VERSIONS = RubricVersion.__table__
# Its columns, not the entity: SQLAlchemy reads plain rows at a third of the cost.
_NEWEST_RUBRIC_ROW = (select(_VERSIONS.c.id, _VERSIONS.c.data)
                      .order_by(_VERSIONS.c.version.desc()).limit(1))
_RUBRIC_ROW = select(_VERSIONS.c.data).where(_VERSIONS.c.id == bindparam("id"))


def newest_rubric() -> tuple[int, Rubric]:
    """Return the newest rubric version's id and its rubric, as scoring reads them.

    The worker keeps it while the reference data are unchanged (a new version changes them:
    ``kept_reference``), as a request page and every submission ask for it.
    """
    found = kept(REFERENCE, "newest_rubric", _read_newest)
    if found is None:
        stored = newest_rubric_version()
        return stored.id, rubric_of(stored)
    return found


def _read_newest() -> tuple[int, Rubric] | None:
    found = rows(_NEWEST_RUBRIC_ROW).first()
    return None if found is None else (found.id, rubric_from_dict(found.data))


def rubric_by_id(version_id: int) -> Rubric:
    """Return the rubric the version ``version_id`` stores, kept as ``newest_rubric`` is."""
    return kept(REFERENCE, ("rubric", version_id),
                lambda: rubric_from_dict(rows(_RUBRIC_ROW, {"id": version_id}).one().data))


def rubric_of(version: RubricVersion) -> Rubric:
    """Return the policy's rubric stored in ``version``."""
    return rubric_from_dict(version.data)


class RubricRefused(Refused, ValueError):
    """The rubric cannot be saved; ``problems`` names each problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        """Keep the problems to show beside the form."""
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def save_rubric(actor: User, rubric: Rubric, note: str) -> RubricVersion:
    """Save ``rubric`` as a new version after the policy's checks; never change an old one."""
    latest = db.session.scalar(select(func.max(RubricVersion.version)))
    numbered = Rubric(version=next_version(latest), criteria=rubric.criteria, bands=rubric.bands)
    problems = rubric_problems(numbered)
    if problems:
        raise RubricRefused(problems)
    version = RubricVersion(version=numbered.version, data=rubric_to_dict(numbered), note=note,
                            created_by_id=actor.id)
    db.session.add(version)
    db.session.flush()
    audit.record(actor, "rubric.saved", f"rubric:{version.version}", note=note)
    return version
