"""Only a short, plain request id sent by a caller is taken as the request's id."""

from __future__ import annotations

import pytest

from portal.policy.request_ids import LONGEST_REQUEST_ID, accepts_request_id


@pytest.mark.parametrize("value", ["a", "3f2c9b1e-5d7a-4c1e-9b2f-0a1b2c3d4e5f",
                                   "Root=1-67891233-abcdef012345678912345678",
                                   "x" * LONGEST_REQUEST_ID])
def test_a_plain_id_is_taken(value):
    assert accepts_request_id(value)


@pytest.mark.parametrize("value", [None, "", "two words", "line\nbreak", 'quote"', "Київ",
                                   "x" * (LONGEST_REQUEST_ID + 1), "semi;colon"])
def test_anything_else_is_refused(value):
    assert not accepts_request_id(value)
