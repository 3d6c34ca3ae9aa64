"""The numbering of new versions (``policy.versions``)."""

from __future__ import annotations

from portal.policy.versions import next_version


def test_the_first_version_is_one() -> None:
    assert next_version(None) == 1
    assert next_version(0) == 1


def test_a_new_version_is_numbered_one_past_the_newest() -> None:
    assert next_version(1) == 2
    assert next_version(41) == 42
