"""Check the names drafts download under: readable, ASCII, and telling versions apart."""

from __future__ import annotations

import re

import pytest

from docgen import draft_filename

from .factories import make_terms


def test_the_file_name_gives_reference_category_city_and_version() -> None:
    terms = make_terms("international_project", version=2)
    assert draft_filename(terms) == "IAP-2026-0042_International-Project_Lisbon_v2.docx"


def test_a_partnership_is_named_as_one() -> None:
    terms = make_terms("partnership_city", counterpart_city="Chicago")
    assert draft_filename(terms) == "IAP-2026-0042_Partnership-City_Chicago_v1.docx"


@pytest.mark.parametrize(
    ("city", "written"),
    [
        ("São Paulo", "Sao-Paulo"),
        ("Hồ Chí Minh", "Ho-Chi-Minh"),
        ("Łódź", "Lodz"),
        ("Đà Nẵng", "Da-Nang"),
        ("Saint-Jean & <Port>", "Saint-Jean-Port"),
        ("Київ", "city"),
        ("重庆", "city"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_the_city_is_written_in_ascii_or_replaced_by_city(city: str, written: str) -> None:
    name = draft_filename(make_terms(counterpart_city=city))
    assert name == f"IAP-2026-0042_International-Project_{written}_v1.docx"


def test_a_very_long_city_name_is_cut_at_a_word() -> None:
    city = "Llanfairpwllgwyngyll " * 5
    written = draft_filename(make_terms(counterpart_city=city)).split("_")[2]
    assert len(written) <= 40 and written.endswith("Llanfairpwllgwyngyll")


@pytest.mark.parametrize("city", ["Київ", "São Paulo", "a/b\\c:d*e?f\"g<h>i|j", "\u200b\ufeff"])
def test_every_file_name_is_safe_on_any_disk(city: str) -> None:
    name = draft_filename(make_terms(counterpart_city=city, reference="IAP 2026/0042"))
    assert re.fullmatch(r"[A-Za-z0-9-]+_[A-Za-z-]+_[A-Za-z0-9-]+_v\d+\.docx", name), name
