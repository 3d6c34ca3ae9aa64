"""Numbers typed in an address are read one way by every list: the queue, registry, outbox."""

from __future__ import annotations

import pytest

from portal.models.listing import MAX_ID, MAX_PAGE, page_count, page_number, positive_int


@pytest.mark.parametrize(("typed", "read"), [
    ("7", 7), (" 7 ", 7), (str(MAX_ID), MAX_ID), ("0", None), ("-3", None), ("²", None),
    ("३", None), ("1e3", None), ("", None), (str(MAX_ID + 1), None), (None, None),
])
def test_an_id_in_an_address_is_a_plain_positive_number_the_database_holds(
        typed: str | None, read: int | None) -> None:
    """A number that is not ASCII digits, or too large to be an id, names nothing."""
    assert positive_int(typed) == read


@pytest.mark.parametrize(("typed", "page"), [
    ({}, 1), ({"page": "3"}, 3), ({"page": "0"}, 1), ({"page": "x"}, 1),
    ({"page": str(10**12)}, 1), ({"page": str(MAX_PAGE + 1)}, MAX_PAGE),
])
def test_a_page_number_falls_back_to_the_first_and_is_capped(typed: dict[str, str],
                                                            page: int) -> None:
    """A page past what the database can offset to is capped rather than an error."""
    assert page_number(typed) == page


def test_an_empty_list_is_one_page_and_a_partial_page_counts() -> None:
    """Fifty rows a page: none is one page, fifty-one is two."""
    assert [page_count(n, 50) for n in (0, 1, 50, 51, 100)] == [1, 1, 1, 2, 2]
