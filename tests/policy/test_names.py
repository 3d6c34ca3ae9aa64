"""Names of places are listed as a reader looks them up, whatever their accents."""

from __future__ import annotations

import pytest

from portal.policy.names import sort_key

PLACES = ["Zürich", "State of Maharashtra", "São Paulo", "Łódź", "Šiauliai", "Santiago",
          "Seoul", "lyon", "Århus", "Ørestad", "Đà Nẵng"]


def test_places_are_listed_with_accents_and_case_set_aside():
    assert sorted(PLACES, key=sort_key) == [
        "Århus", "Đà Nẵng", "Łódź", "lyon", "Ørestad", "Santiago", "São Paulo", "Seoul",
        "Šiauliai", "State of Maharashtra", "Zürich"]


@pytest.mark.parametrize(("name", "key"), [
    ("São Paulo", "sao paulo"), ("Łódź", "lodz"), ("Šiauliai", "siauliai"),
    ("Zürich", "zurich"), ("State of Maharashtra", "state of maharashtra"),
    ("Saint-Étienne", "saint etienne"), ("  Ålesund ", "alesund"), ("Gießen", "giessen"),
    ("Ærøskøbing", "aeroskobing"), ("Þórshöfn", "thorshofn"), ("İzmir", "izmir"),
])
def test_a_key_is_the_name_in_plain_lower_case_letters(name, key):
    assert sort_key(name) == key


def test_names_in_other_scripts_keep_their_letters_and_come_after_latin_ones():
    assert sort_key("Київ") == "киів"
    assert sorted(["重庆", "Київ", "Zürich"], key=sort_key) == ["Zürich", "Київ", "重庆"]
