"""Name what the database keeps that no model describes, for Alembic's comparison to leave.

The search index (``portal.review.search``) and the numbers of the kept data's changes
(``portal.kept_reference``) are the database's own, kept by its triggers: compared with the
models, ``flask db migrate`` would propose to drop them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.kept_reference import VERSION_TABLE
from portal.review import search


def include_name(name: str | None, type_: str, parent_names: Mapping[str, Any]) -> bool:
    """Return whether Alembic's comparison should look at the object ``name``."""
    if type_ == "table" and name == VERSION_TABLE:
        return False
    return search.include_name(name, type_, parent_names)
