"""Find or record counterpart cities, so each city is one record shared by its requests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import CounterpartCity
from portal.models.cities import fold_name

_INSERTS: dict[str, Any] = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}
"""The dialects' INSERT ... ON CONFLICT, one per database the portal runs on."""


def _find(folded: str, country_code: str) -> CounterpartCity | None:
    return db.session.scalar(
        select(CounterpartCity).where(
            CounterpartCity.folded_name == folded, CounterpartCity.country_code == country_code
        )
    )


def find_or_create_city(name: str, country_code: str) -> CounterpartCity:
    """Return the city called ``name`` in ``country_code``, recording it when new.

    Two people registering the same new city at once both find nothing and both insert,
    and the unique constraint would stop the second with an error. The insert therefore
    says ON CONFLICT DO NOTHING: the second waits for the first's insert, inserts nothing,
    and then finds the first one's record. (A savepoint caught around a plain insert would
    do the same on PostgreSQL, but Python's sqlite3 driver commits the whole transaction
    when an outermost SAVEPOINT is released, so the caller's work would be committed early.)
    """
    folded = fold_name(name)
    city = _find(folded, country_code)
    if city is not None:
        return city
    db.session.flush()  # the caller's pending objects first, in their order
    insert = _INSERTS[db.session.get_bind().dialect.name]
    db.session.execute(
        insert(CounterpartCity)
        .values(name=name.strip(), folded_name=folded, country_code=country_code)
        .on_conflict_do_nothing(index_elements=["folded_name", "country_code"])
    )
    city = _find(folded, country_code)
    if city is None:  # impossible: either our row or the one that beat it is there
        raise RuntimeError(f"The city {name!r} ({country_code}) could not be recorded.")
    return city
