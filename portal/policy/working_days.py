"""Say which days the City works: its own holidays beyond Ontario's, and which closures it takes.

A working day is a Monday to Friday on which the City is open. It is closed on Ontario's
statutory holidays (New Year's Day, Family Day, Good Friday, Victoria Day, Canada Day, Labour
Day, Thanksgiving, Christmas Day and Boxing Day, each moved to the next weekday when it falls
on a weekend), which ``portal.calendar`` reads from the ``holidays`` package; on the holidays
the City adds to them, listed here (``city_holidays``) because the package does not count them
as Ontario's; and on the closures an administrator records (a storm, a system move), each
with its reason. Easter Monday and Remembrance Day, which the package lists as optional in
Ontario, are working days at the City.

Every count of working days (``service_targets.working_days_between``) takes the days the
City is closed as plain data, so this module and its callers stay free of any database.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.policy.phrases import N_, P_, Phrase

CIVIC_HOLIDAY = N_("Civic Holiday")
"""The first Monday of August: a City holiday, though not a statutory one in Ontario."""

STATUTORY_NAMES: dict[str, Phrase] = {
    "New Year's Day": N_("New Year's Day"),
    "Family Day": N_("Family Day"),
    "Good Friday": N_("Good Friday"),
    "Victoria Day": N_("Victoria Day"),
    "Canada Day": N_("Canada Day"),
    "Labor Day": N_("Labour Day"),
    "Labour Day": N_("Labour Day"),
    "Thanksgiving Day": N_("Thanksgiving"),
    "Thanksgiving": N_("Thanksgiving"),
    "Christmas Day": N_("Christmas Day"),
    "Boxing Day": N_("Boxing Day"),
}
"""Ontario's statutory holidays as the ``holidays`` package names them, and as the City does.

The package's names are English (and American: "Labor Day"); each page says the City's own,
in its reader's language. A name not listed here is shown as the package gives it.
"""

OBSERVED = " (observed)"
"""How the package marks the weekday a weekend holiday moves to."""

CLOSURE_REASON_MAX = 200
"""The longest reason a closure may give, in characters: a line in a list."""

CLOSURE_DAYS_BACK = 366
"""How far back a closure may still be recorded: a year; older requests have moved on."""

CLOSURE_DAYS_AHEAD = 5 * 366
"""How far ahead a closure may be recorded: five years; further is a typing mistake."""


def first_monday_of_august(year: int) -> date:
    """Return the first Monday of August of ``year``: the Civic Holiday."""
    first = date(year, 8, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def city_holidays(year: int) -> dict[date, Phrase]:
    """Return the holidays the City observes in ``year`` beyond Ontario's statutory ones.

    The one place where the City's own holidays are listed: add a line here if the City
    comes to observe another day that the ``holidays`` package does not give for Ontario.
    """
    return {first_monday_of_august(year): CIVIC_HOLIDAY}


def holiday_name(package_name: str) -> Phrase | str:
    """Return the City's name of a holiday the ``holidays`` package names ``package_name``."""
    observed = package_name.endswith(OBSERVED)
    base = package_name.removesuffix(OBSERVED)
    name = STATUTORY_NAMES.get(base, base)
    return P_("%(name)s (observed)", name=name) if observed else name


def is_working_day(day: date, closed: frozenset[date] | set[date]) -> bool:
    """Return whether ``day`` is a working day: a weekday on which the City is not closed."""
    return day.weekday() < 5 and day not in closed


def closure_refusal(day: date, today: date, *, holiday: str | None = None,
                    closure: str | None = None) -> Phrase | None:
    """Return why ``day`` cannot be recorded as a closure, or None.

    ``holiday`` is the name of the holiday on ``day`` if there is one, ``closure`` the
    reason of a closure already recorded on it: in either case the day is already off, and
    recording it twice would change nothing but the list.
    """
    if day.weekday() >= 5:
        return N_("This day is a Saturday or a Sunday: it is not a working day anyway.")
    if holiday is not None:
        return P_("This day is already a holiday: %(name)s.", name=holiday)
    if closure is not None:
        return P_("This day is already a closure: %(reason)s.", reason=closure)
    if day < today - timedelta(days=CLOSURE_DAYS_BACK):
        return N_("A closure cannot be recorded more than a year after the day.")
    if day > today + timedelta(days=CLOSURE_DAYS_AHEAD):
        return N_("A closure cannot be recorded more than five years ahead.")
    return None

