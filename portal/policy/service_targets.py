"""Hold the service targets: how many working days a request may wait in each status.

A request waiting longer than its status's target is marked as ageing in the queue. Working
days are Monday to Friday less the days the City is closed, given as data (its holidays and
closures: ``policy.working_days`` says which); a target is counted from the day the request
entered its status. A request waiting on its submitter (information requested) has
no target: the clock is theirs. The targets are defaults an administrator may override in
settings.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta

from portal.policy.lifecycle import Status

DEFAULT_TARGET_WORKING_DAYS: dict[Status, int] = {
    Status.SUBMITTED: 10,  # triage
    Status.IN_TRIAGE: 10,
    Status.IN_REVIEW: 20,
    Status.RECOMMENDED: 15,  # the signing authority's decision
    Status.APPROVED: 10,  # drafting the agreement
    Status.AGREEMENT_DRAFTED: 10,  # legal review as to form
    Status.APPROVED_AS_TO_FORM: 20,  # signature
}


def working_days_between(start: date, end: date, closed: Collection[date] = ()) -> int:
    """Return the working days after ``start`` up to and including ``end`` (0 if none).

    ``closed`` holds the days the City is closed; those on a weekend change nothing.
    """
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count - sum(1 for day in set(closed) if start < day <= end and day.weekday() < 5)


def target_for(status: Status, targets: Mapping[Status, int] = DEFAULT_TARGET_WORKING_DAYS,
               ) -> int | None:
    """Return the target in working days for ``status``, or None when it has none."""
    value = targets.get(status)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def is_ageing(status: Status, since: date, today: date,
              targets: Mapping[Status, int] = DEFAULT_TARGET_WORKING_DAYS,
              closed: Collection[date] = ()) -> bool:
    """Return whether a request in ``status`` since ``since`` has waited past its target.

    ``closed`` holds the days the City is closed between the two (holidays and closures).
    """
    target = target_for(status, targets)
    return target is not None and working_days_between(since, today, closed) > target
