"""Check who reads a request's internal side: staff, but never its submitting party."""

from __future__ import annotations

import pytest

from portal.policy.review import sees_internal


@pytest.mark.parametrize(("is_staff", "is_submitting_party", "is_assigned_reviewer", "sees"), [
    (True, False, False, True),    # a reviewer, an authority, a consulted division
    (True, True, False, False),    # a division on its own proposal reads it as a submitter
    (True, True, True, True),      # ... unless it is also the assigned reviewer
    (False, True, False, False),   # a city on its own request
    (False, False, False, False),  # a city on anything else
    (False, True, True, False),    # a city is never staff, whatever else holds
])
def test_only_staff_other_than_the_submitting_party_read_the_internal_side(
        is_staff, is_submitting_party, is_assigned_reviewer, sees):
    assert sees_internal(is_staff=is_staff, is_submitting_party=is_submitting_party,
                         is_assigned_reviewer=is_assigned_reviewer) is sees
