"""A view of the queue is counted exactly up to the page's limit, then said to hold more."""

from __future__ import annotations

from portal.policy.lifecycle import Status
from portal.policy.queue_counts import PAGE_COUNT_LIMIT, Tally, counted

S, T, R = Status.SUBMITTED, Status.IN_TRIAGE, Status.IN_REVIEW


def test_within_the_limit_every_status_is_counted_exactly():
    tally = counted({S: 2, T: 1}, 3)
    assert tally == Tally({S: 2, T: 1}, 3, limit=3)
    assert tally.listed == 3 and not tally.more and not tally.all_more
    assert (tally.everything, tally.count_of(T), tally.count_of(R)) == (3, 1, 0)
    # The status asked for: its own count is the view's total.
    assert counted({S: 2, T: 1}, 3, T).total == 1
    assert counted({S: 2, T: 1}, 3, R).total == 0


def test_without_a_limit_nothing_stops_the_count():
    tally = counted({S: 5000, T: 7}, None)
    assert (tally.total, tally.more, tally.listed, dict(tally.by_status)) == (
        5007, False, 5007, {S: 5000, T: 7})


def test_past_the_limit_no_status_is_counted_and_only_the_limit_is_listed():
    # The count stops at limit + 1 matches: a first thousand's split by status would mislead.
    tally = counted({S: 3, T: 1}, 3)
    assert tally.more and tally.all_more and not tally.by_status
    assert tally.total == 4 and tally.listed == 3
    assert tally.everything is None and tally.count_of(S) is None


def test_past_the_limit_the_status_asked_for_is_counted_on_its_own():
    within = counted({S: 3, T: 1}, 3, T, of_status=2)
    assert dict(within.by_status) == {T: 2} and within.total == within.listed == 2
    assert within.all_more and not within.more
    assert (within.count_of(T), within.count_of(S), within.everything) == (2, None, None)
    past = counted({S: 3, T: 1}, 3, S, of_status=4)
    assert not past.by_status and past.more and past.listed == 3


def test_the_page_stops_at_a_thousand():
    assert PAGE_COUNT_LIMIT == 1_000
