"""Find or record counterpart cities, so each city is one record shared by its requests."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import CounterpartCity
from portal.models.cities import fold_name


def find_or_create_city(name: str, country_code: str) -> CounterpartCity:
    """Return the city called ``name`` in ``country_code``, recording it when new."""
    folded = fold_name(name)
    city = db.session.scalar(
        select(CounterpartCity).where(
            CounterpartCity.folded_name == folded, CounterpartCity.country_code == country_code
        )
    )
    if city is None:
        city = CounterpartCity(name=name.strip(), folded_name=folded, country_code=country_code)
        db.session.add(city)
        db.session.flush()
    return city
