"""The access log keeps a request's path, a link's one-time token written as its name."""

from __future__ import annotations

import pytest

from portal.policy.logged_paths import logged_path


@pytest.mark.parametrize(("path", "arguments", "logged"), [
    ("/password/reset/Im4.Zx-9", {"token": "Im4.Zx-9"}, "/password/reset/<token>"),
    ("/confirm/abc", {"token": "abc"}, "/confirm/<token>"),
    ("/invitation/abc/", {"token": "abc"}, "/invitation/<token>/"),
    ("/review/requests/12", {"request_id": 12}, "/review/requests/12"),
    ("/login", None, "/login"),
    ("/password/reset/", {"token": ""}, "/password/reset/"),
])
def test_a_token_is_written_as_its_name_and_the_rest_as_it_is(path, arguments, logged):
    assert logged_path(path, arguments) == logged


def test_only_the_segment_that_is_the_token_is_hidden():
    # A token that happens to be part of another segment leaves that segment alone.
    assert logged_path("/confirm/ab", {"token": "ab"}) == "/confirm/<token>"
    assert logged_path("/abc/ab", {"token": "ab"}) == "/abc/<token>"
