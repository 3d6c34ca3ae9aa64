"""Ids, choices and simultaneous registrations that once raised answer as a person expects.

An id beyond a 64-bit integer in any URL is a 404; a forged or unknown value in any list of
choices is a message at that field; two people registering the same new city at once share
one record. Everything goes through the test client, as a browser would send it.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter

from portal.converters import LARGEST_ID
from portal.policy.roles import Role
from tests.conftest import login

HUGE = "99999999999999999999999"


def int_rules(app: Flask) -> list[tuple[str, str, str]]:
    """Return (endpoint, method, URL with every int variable huge) for each int route."""
    probes = []
    for rule in app.url_map.iter_rules():
        ints = {name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)}
        if not ints:
            continue
        # Other variables get a harmless word; the converters are the same for each.
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>",
                     lambda m: HUGE if m.group(1) in ints else "x", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            probes.append((rule.endpoint, method, url))
    return probes


def test_every_int_variable_of_every_route_uses_the_bounded_converter(app):
    # The app replaces Werkzeug's int converter, so no route can escape the bound.
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert type(converter).__name__ == "IdConverter", (rule.rule, name)
    assert len(int_rules(app)) >= 25  # the walk below covers the app, not an empty list


@pytest.mark.parametrize("who", ["anon", "cco", "admin", "city"])
def test_an_id_beyond_64_bits_in_any_route_is_not_found(app, client, make_staff,
                                                        make_city_user, who):
    if who == "city":
        make_city_user()
        login(client, "rep@lyon.example")
    elif who != "anon":
        role = Role.CCO_REVIEWER if who == "cco" else Role.ADMIN
        make_staff(f"{who}@toronto.example", role, "CCO" if who == "cco" else None)
        login(client, f"{who}@toronto.example")
    # A POST carries a real token, so a 404 is the route's answer and not the CSRF check's.
    token = client.token_from("/login")
    for endpoint, method, url in int_rules(app):
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 404, (endpoint, method, url, response.status_code)
        assert "Page not found" in response.get_data(as_text=True)


def test_the_largest_id_a_database_holds_is_still_looked_up(client, make_staff):
    make_staff("cco@toronto.example", Role.CCO_REVIEWER, "CCO")
    login(client, "cco@toronto.example")
    for url in (f"/review/requests/{LARGEST_ID}", f"/agreements/{LARGEST_ID}",
                f"/requests/{LARGEST_ID}/drafts/{LARGEST_ID}"):
        assert client.get(url).status_code == 404, url  # looked up, not found, no 500
