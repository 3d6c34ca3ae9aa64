"""Place cities and countries: one record per counterpart city, and each country's region.

Cities: a city is found by its folded name and country, or recorded once, so each city is
one record shared by its requests.

Regions: each country belongs to one of the five world regions of the UN M49 standard. The
data is the "region" level of the United Nations Statistics Division's *Standard
country or area codes for statistical use* (M49), keyed by ISO 3166-1 alpha-2 code: Africa
(002), Americas (019), Asia (142), Europe (150) and Oceania (009). It covers every country
and territory that pycountry lists. Two entries are not in M49 itself and follow common
practice: Taiwan (TW) is placed in Asia, and Antarctica (AQ) belongs to no region, so it
reads as "Unknown" like any code we do not know. M49 is revised rarely; when it is, edit
the lists below (a test checks that every pycountry code has a region).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import CounterpartCity
from portal.models.cities import fold_name
from portal.policy.phrases import N_

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


# Regions --------------------------------------------------------------------------------

# Marked for the catalogue: the dashboard shows each region by name, in the page's language.
AFRICA = N_("Africa")
AMERICAS = N_("Americas")
ASIA = N_("Asia")
EUROPE = N_("Europe")
OCEANIA = N_("Oceania")
UNKNOWN = N_("Unknown")

REGIONS: tuple[str, ...] = (AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA)
"""The five M49 regions, in alphabetical order as the UN lists them."""

_MEMBERS: dict[str, str] = {
    AFRICA: """
        DZ AO BJ BW IO BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET TF GA GM GH GN GW
        KE LS LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ
        TG TN UG EH ZM ZW
    """,
    AMERICAS: """
        AI AG AR AW BS BB BZ BM BO BQ BV BR CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD
        GP GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX GS SR TT TC US UY
        VE VG VI
    """,
    ASIA: """
        AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KP KR KW KG LA LB MO
        MY MV MN MM NP OM PK PS PH QA SA SG LK SY TW TJ TH TL TR TM AE UZ VN YE
    """,
    EUROPE: """
        AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE LV
        LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB
    """,
    OCEANIA: """
        AS AU CX CC CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM
        VU WF
    """,
}

REGION_BY_COUNTRY: dict[str, str] = {
    code: region for region, codes in _MEMBERS.items() for code in codes.split()
}
"""The M49 region of each ISO 3166-1 alpha-2 code."""


def region_of(code: str | None) -> str:
    """Return the M49 region of the country ``code``, or "Unknown" for none we know."""
    if not code:
        return UNKNOWN
    return REGION_BY_COUNTRY.get(code.strip().upper(), UNKNOWN)
