"""The lifecycle of a signed agreement, derived from its dates: one state machine, one place.

A signed agreement is *signed, not yet in force* until its start date, *in force* from then,
*ending soon* inside the review window before its end (or once notice of termination is
given), and then *expired* at its end, *terminated* at the end of its notice, *renewed* (a
new agreement took its place) or *promoted* (a project grown into a Partnership City).

Only decisions are stored (``AgreementStatus``: promoted, renewed, terminated, historical;
"active" means no decision yet); everything the calendar decides is derived here by
``status_on``, so no scheduled job is needed for an agreement to come into force, and the
registry can never show a state its dates contradict. ``portal.registry.listing`` writes the
same function as an SQL CASE so the staff registry filters and counts in one query; a test
checks the two agree on every combination.

The refusals a person meets (promote, renew, terminate, review, report; the signing date;
the notice date) are sentences written here, so a page shows exactly why a button is absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.policy.agreements import DEFAULT_REVIEW_WINDOW_DAYS, AgreementStatus
from portal.policy.categories import Category
from portal.policy.phrases import N_, P_, Phrase

NOTICE_DAYS = 90
"""Either Party may terminate on 90 days' written notice (the template's termination clause)."""


class AgreementState(StrEnum):
    """Where a signed agreement stands on a given day."""

    SIGNED = "signed"
    IN_FORCE = "in_force"
    ENDING_SOON = "ending_soon"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    RENEWED = "renewed"
    PROMOTED = "promoted"
    HISTORICAL = "historical"

    @property
    def label(self) -> Phrase:
        """Return the state as the registry names it."""
        return STATE_LABELS[self]

    @property
    def in_force(self) -> bool:
        """Return whether the agreement binds its Parties today (ending soon included)."""
        return self in (AgreementState.IN_FORCE, AgreementState.ENDING_SOON)

    @property
    def current(self) -> bool:
        """Return whether the City holds the agreement (signed, even if not yet in force)."""
        return self is AgreementState.SIGNED or self.in_force


STATE_LABELS: dict[AgreementState, Phrase] = {
    AgreementState.SIGNED: N_("Signed, not yet in force"),
    AgreementState.IN_FORCE: N_("In force"),
    AgreementState.ENDING_SOON: N_("Ending soon"),
    AgreementState.EXPIRED: N_("Expired"),
    AgreementState.TERMINATED: N_("Terminated"),
    AgreementState.RENEWED: N_("Renewed"),
    AgreementState.PROMOTED: N_("Promoted to a Partnership City"),
    AgreementState.HISTORICAL: N_("Historical"),
}

CURRENT_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE, AgreementState.ENDING_SOON)

SETTLED_BY_DECISION: dict[AgreementStatus, AgreementState] = {
    AgreementStatus.HISTORICAL: AgreementState.HISTORICAL,
    AgreementStatus.PROMOTED: AgreementState.PROMOTED,
    AgreementStatus.EXPIRED: AgreementState.EXPIRED,  # by a decision (a renewal) or the job
}
"""The decisions that settle an agreement's state outright, whatever its dates."""

MAY_BE_CURRENT = tuple(stored for stored in AgreementStatus
                       if stored not in SETTLED_BY_DECISION
                       or SETTLED_BY_DECISION[stored] in CURRENT_STATES)
"""The stored decisions under which an agreement may be current, by its dates.

No settled one is: a query for the current agreements passes over the rest (most of a
registry that has run for years) by their stored status, from an index, before reading
their dates.
"""


@dataclass(frozen=True)
class AgreementDates:
    """What the state of a stored agreement is derived from."""

    stored: AgreementStatus
    start: date | None
    end: date | None
    terminates_on: date | None = None


def status_on(dates: AgreementDates, today: date,
              window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> AgreementState:
    """Return the agreement's state on ``today``, from its stored decision and its dates.

    The order matters and is mirrored by the SQL in ``portal.registry.listing``: decisions
    that end an agreement outright first, then the start date, then the end (the notice's
    end for a terminated one), then the review window.
    """
    stored = dates.stored
    settled = SETTLED_BY_DECISION.get(stored)
    if settled is not None:
        return settled
    if dates.start is not None and dates.start > today:
        return AgreementState.SIGNED
    if stored is AgreementStatus.TERMINATED:
        if dates.terminates_on is None or dates.terminates_on < today:
            return AgreementState.TERMINATED
        return AgreementState.ENDING_SOON  # notice given: it runs to the notice's end
    if stored is AgreementStatus.RENEWED and dates.end is None:
        return AgreementState.RENEWED
    if dates.end is not None and dates.end < today:
        return (AgreementState.RENEWED if stored is AgreementStatus.RENEWED
                else AgreementState.EXPIRED)
    if dates.end is not None and dates.end <= today + timedelta(days=window_days):
        return AgreementState.ENDING_SOON
    return AgreementState.IN_FORCE


def effective_end(dates: AgreementDates) -> date | None:
    """Return the last day the agreement binds: its end, or its notice's end if sooner."""
    if dates.terminates_on is not None and (dates.end is None or dates.terminates_on < dates.end):
        return dates.terminates_on
    return dates.end


# Signing -----------------------------------------------------------------------------------

def signing_date_refusal(signed_on: date, approved_on: date | None,
                         today: date) -> Phrase | None:
    """Return why ``signed_on`` cannot be the signing date, or None.

    The Parties sign the version the City Solicitor approved as to form, so not before that
    approval; and the date is recorded after the fact, so not after today.
    """
    if signed_on > today:
        return N_("The signing date cannot be in the future.")
    if approved_on is not None and signed_on < approved_on:
        return P_("The signing date cannot be before the City Solicitor approved the draft as "
                  "to form (%(day)s).", day=approved_on)
    return None


def established_year(signed_on: date, previous: int | None = None) -> int:
    """Return the year the relationship was established: its first signing.

    A renewal or a promotion keeps the year of the agreement it follows.
    """
    return min(signed_on.year, previous) if previous else signed_on.year


# What may be done to an agreement ------------------------------------------------------------

class AgreementAction(StrEnum):
    """What people do to a signed agreement."""

    PROMOTE = "promote"
    RENEW = "renew"
    TERMINATE = "terminate"
    REVIEW = "review"
    REPORT = "report"


_NOT_IN_FORCE: dict[AgreementState, Phrase] = {
    AgreementState.SIGNED: N_("it is signed but not yet in force"),
    AgreementState.EXPIRED: N_("it has expired"),
    AgreementState.TERMINATED: N_("it was terminated"),
    AgreementState.RENEWED: N_("it was renewed by a new agreement"),
    AgreementState.PROMOTED: N_("it was promoted to a Partnership City"),
    AgreementState.HISTORICAL: N_("it is a historical agreement kept for the record"),
}


def refusal(action: AgreementAction, state: AgreementState, category: Category | None,
            notice_given: bool = False) -> Phrase | None:
    """Return why ``action`` cannot be taken on an agreement in ``state``, or None.

    Promote, renew and terminate only while in force (a notice of termination ends the
    chance to promote or renew it, and is given once); review while in force or just
    expired, when reviewers decide what follows; report on any agreement that was in force.
    """
    if action in (AgreementAction.PROMOTE, AgreementAction.RENEW, AgreementAction.TERMINATE):
        if not state.in_force:
            return Phrase(_ONLY_IN_FORCE[action].msgid, {"why": _NOT_IN_FORCE[state]})
        if notice_given:
            return _NOTICE_GIVEN[action]
        if action is AgreementAction.PROMOTE and category is not Category.INTERNATIONAL_PROJECT:
            return N_("Only an International Project can be promoted to a Partnership City.")
        if action is AgreementAction.RENEW and category is None:
            return N_("An agreement without a category cannot be renewed.")
        return None
    if action is AgreementAction.REVIEW:
        if state.in_force or state is AgreementState.EXPIRED:
            return None
        return P_("Only an agreement in force or just expired is reviewed: %(why)s.",
                  why=_NOT_IN_FORCE[state])
    if state in (AgreementState.HISTORICAL, AgreementState.SIGNED):
        return P_("Outcome reports are for years in force: %(why)s.", why=_NOT_IN_FORCE[state])
    return None


# Whole sentences per action: French agrees the participle with the agreement ("accord").
_ONLY_IN_FORCE: dict[AgreementAction, Phrase] = {
    AgreementAction.PROMOTE: N_("Only an agreement in force can be promoted: %(why)s."),
    AgreementAction.RENEW: N_("Only an agreement in force can be renewed: %(why)s."),
    AgreementAction.TERMINATE: N_("Only an agreement in force can be terminated: %(why)s."),
}
_NOTICE_GIVEN: dict[AgreementAction, Phrase] = {
    AgreementAction.PROMOTE: N_("Notice of termination has been given, so it can no longer be "
                                "promoted."),
    AgreementAction.RENEW: N_("Notice of termination has been given, so it can no longer be "
                              "renewed."),
    AgreementAction.TERMINATE: N_("Notice of termination has been given, so it can no longer "
                                  "be terminated."),
}


# Termination -------------------------------------------------------------------------------

def notice_date_refusal(notice_on: date, in_force_from: date | None,
                        today: date) -> Phrase | None:
    """Return why ``notice_on`` cannot be the date notice of termination was given, or None."""
    if notice_on > today:
        return N_("The notice date cannot be in the future: record notice once it is given.")
    if in_force_from is not None and notice_on < in_force_from:
        return P_("The notice date cannot be before the agreement came into force "
                  "(%(day)s).", day=in_force_from)
    return None


def termination_end(notice_on: date, end: date | None) -> date:
    """Return the day a terminated agreement ends: 90 days after notice, or its end if sooner."""
    ends = notice_on + timedelta(days=NOTICE_DAYS)
    return min(ends, end) if end is not None else ends


# Outcome reports ---------------------------------------------------------------------------

def years_in_force(dates: AgreementDates, today: date, established: int | None = None,
                   ) -> list[int]:
    """Return the years an outcome report may be recorded for, newest first.

    Only years in which the agreement was in force, up to this year. An agreement from
    before the portal whose start was never recorded offers the last few years, never
    before it was established.
    """
    if dates.stored is AgreementStatus.HISTORICAL:
        return []
    last = today.year
    ends = effective_end(dates)
    if ends is not None:
        last = min(last, ends.year)
    if dates.start is not None:
        if dates.start > today:
            return []
        first = dates.start.year
    else:
        first = max(today.year - 5, established or 0)
    return list(range(last, first - 1, -1))


def report_year_due(dates: AgreementDates, today: date, reported_years: set[int],
                    ) -> int | None:
    """Return the year whose outcome report is owed (last year, if it was in force), or None.

    Promoted and terminated agreements have moved on; historical ones predate the reports;
    an agreement whose start was never recorded is not chased.
    """
    if dates.start is None or dates.stored in (AgreementStatus.PROMOTED,
                                                AgreementStatus.TERMINATED,
                                                AgreementStatus.HISTORICAL):
        return None
    year = today.year - 1
    if year not in years_in_force(dates, today) or year in reported_years:
        return None
    return year


def is_review_due(dates: AgreementDates, today: date,
                  window_days: int = DEFAULT_REVIEW_WINDOW_DAYS) -> bool:
    """Return whether reviewers owe a decision: it is ending soon and nothing is decided yet.

    A renewal or a notice of termination is the decision a review would have led to.
    """
    return (dates.stored is AgreementStatus.ACTIVE
            and status_on(dates, today, window_days) is AgreementState.ENDING_SOON)
