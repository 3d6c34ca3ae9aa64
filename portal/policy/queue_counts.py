"""How far the review queue's page counts a view: exactly up to 1,000 requests, then "more".

The whole queue, or one category of it, is counted exactly whatever its size: the database
keeps those counts. Any other view (a search, a filter) counts its matches one by one, at a
cost that grows with them: a common word in a queue of 100,000 requests matched 8,000, and
counting them by status cost the page more than everything else it did. So the page counts
such a view up to ``PAGE_COUNT_LIMIT`` requests. Past it the page says "more than 1,000",
shows no count per status (a count of the first thousand would mislead), and pages through
the first thousand, in the order asked: twenty pages, past which more words or filters
serve a reviewer better than paging. GitLab's issue lists and GitHub's search stop at a
thousand alike.

The download and the API count in full: a file or a program wants every match, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from portal.policy.lifecycle import Status

PAGE_COUNT_LIMIT = 1_000


@dataclass(frozen=True)
class Tally:
    """What a view's counts tell: per status where known, and whether they stopped short.

    ``by_status`` holds the exact count of each status counted (none when the matches, any
    status, passed the limit, save the status asked for if its own count did not);
    ``total`` is the view's (of the status asked for, if any), exact unless ``more``, when it
    is only the limit passed.
    """

    by_status: Mapping[Status, int]
    total: int
    more: bool = False
    all_more: bool = False
    limit: int | None = None

    @property
    def listed(self) -> int:
        """Return how many of the view's requests its pages go through (the first ``limit``)."""
        return self.limit if self.more and self.limit is not None else self.total

    @property
    def everything(self) -> int | None:
        """Return the view's count in every status; None past the limit (it is "more")."""
        return None if self.all_more else sum(self.by_status.values())

    def count_of(self, status: Status) -> int | None:
        """Return the view's count of ``status``: 0 if none; None where it was not counted."""
        return self.by_status.get(status, None if self.all_more else 0)


def counted(found: Mapping[Status, int], limit: int | None, status: Status | None = None,
            of_status: int | None = None) -> Tally:
    """Return the tally of a view from ``found``: its matches counted by status, to ``limit``.

    ``found`` counts at most ``limit + 1`` matches in all (every one when ``limit`` is
    None): more than ``limit`` says the view passed it. ``status``: the status the view
    asks for; if the whole passed the limit, ``of_status`` is that status's own count (to
    ``limit + 1`` likewise).
    """
    counts = dict(found)
    everything = sum(counts.values())
    if limit is None or everything <= limit:
        total = counts.get(status, 0) if status else everything
        return Tally(counts, total, limit=limit)
    known: dict[Status, int] = {}
    if status is None:
        return Tally(known, limit + 1, more=True, all_more=True, limit=limit)
    own = of_status if of_status is not None else limit + 1
    if own <= limit:
        known[status] = own
    return Tally(known, own, more=own > limit, all_more=True, limit=limit)
