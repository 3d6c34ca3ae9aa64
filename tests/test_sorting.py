"""Lists of cities and counterparts are in the order a reader looks names up, on any database.

"São Paulo" comes before "State of Maharashtra" and "Łódź" among the L's: the queue, the staff
registry and the public registry sort by the key ``policy.names.sort_key`` gives, stored
beside each name, and the SQL order is the order Python's ``sorted`` gives with that key.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select, text

from portal.extensions import db
from portal.geography import find_or_create_city
from portal.models import Agreement, CounterpartCity
from portal.models.sorting import by_key
from portal.policy.agreements import AgreementStatus
from portal.policy.names import sort_key
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import submitted_request

PLACES = {"Zürich": "CH", "State of Maharashtra": "IN", "São Paulo": "BR", "Łódź": "PL",
          "Šiauliai": "LT"}
IN_ORDER = ["Łódź", "São Paulo", "Šiauliai", "State of Maharashtra", "Zürich"]
TRICKY = ["Zürich", "zaragoza", "São Paulo", "Santiago", "Sao Tome", "Łódź", "Lyon",
          "Šiauliai", "Seoul", "Ærø", "Aachen", "Ørestad", "Oslo", "Đà Nẵng", "Dakar",
          "Saint-Étienne", "Saint Louis", "Gießen", "Giessen Nord", "'s-Hertogenbosch",
          "Київ", "重庆", "La Paz", "L'Aquila", "İzmir", "10th of Ramadan City"]


COUNTERPART = r'data-label="Counterpart">([^<]+)<br>'
"""A counterpart's name in a row of the queue."""


@pytest.fixture()
def reviewer(make_staff):
    return make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")


def _ours(found: list[str]) -> list[str]:
    return [name for name in found if name in PLACES]


def test_the_queue_sorts_counterparts_by_name_with_accents_set_aside(client, make_city_user,
                                                                   reviewer):
    for n, (city, country) in enumerate(PLACES.items()):
        submitted_request(make_city_user(f"rep{n}@city.example", city, country))
    login(client, reviewer.email)
    page = client.get("/review/requests?sort=city&direction=asc").get_data(as_text=True)
    assert _ours(re.findall(COUNTERPART, page)) == IN_ORDER
    page = client.get("/review/requests?sort=city&direction=desc").get_data(as_text=True)
    assert _ours(re.findall(COUNTERPART, page)) == IN_ORDER[::-1]


def _add(name: str, country: str, status: AgreementStatus) -> None:
    db.session.add(Agreement(counterpart_name=name, country_code=country, category=None,
                             status=status.value, is_city_to_city=True,
                             established_year=2001, start_date=date(2001, 1, 1)))


def test_the_registries_sort_counterparts_by_name_with_accents_set_aside(client, reviewer):
    # São Paulo and the State of Maharashtra are already among the historical agreements.
    for name in ("Zürich", "Łódź", "Šiauliai"):
        _add(name, PLACES[name], AgreementStatus.HISTORICAL)
    db.session.commit()
    public = client.get("/registry").get_data(as_text=True)
    assert _ours(re.findall(r'<th scope="row">([^<]+)</th>', public)) == IN_ORDER
    login(client, reviewer.email)
    staff = client.get("/agreements?sort=city&status=historical").get_data(as_text=True)
    assert _ours(re.findall(r'<a href="/agreements/\d+">([^<]+)</a>', staff)) == IN_ORDER
    staff = client.get("/agreements?sort=city&direction=desc&status=historical")
    assert _ours(re.findall(r'<a href="/agreements/\d+">([^<]+)</a>',
                            staff.get_data(as_text=True))) == IN_ORDER[::-1]


def test_the_sql_order_of_cities_is_the_policys_order(app):
    """Cities recorded by the portal's plain-SQL insert, sorted in SQL, as Python sorts them."""
    for name in TRICKY:
        find_or_create_city(name, "ZZ")
    db.session.commit()
    found = db.session.scalars(select(CounterpartCity.name).where(
        CounterpartCity.country_code == "ZZ").order_by(by_key(CounterpartCity.sort_name))).all()
    assert found == sorted(TRICKY, key=sort_key)


def test_the_sql_order_of_agreements_is_the_policys_order(app):
    for name in TRICKY:
        _add(name, "ZZ", AgreementStatus.ACTIVE)
    db.session.commit()
    found = db.session.scalars(select(Agreement.counterpart_name).where(
        Agreement.country_code == "ZZ").order_by(by_key(Agreement.counterpart_sort_name))).all()
    assert found == sorted(TRICKY, key=sort_key)


def test_a_renamed_city_or_counterpart_moves_to_its_new_place(app):
    city = find_or_create_city("Lodz", "PL")
    db.session.commit()
    city.name = "Łódź (city)"
    agreement = Agreement(counterpart_name="Sao Paulo", country_code="BR",
                          status=AgreementStatus.ACTIVE.value)
    db.session.add(agreement)
    db.session.commit()
    agreement.counterpart_name = "Šiauliai"
    db.session.commit()
    stored = db.session.execute(text(
        "SELECT sort_name FROM counterpart_city WHERE id = :id"), {"id": city.id}).scalar()
    assert stored == "lodz city"
    stored = db.session.execute(text(
        "SELECT counterpart_sort_name FROM agreement WHERE id = :id"),
        {"id": agreement.id}).scalar()
    assert stored == "siauliai"
