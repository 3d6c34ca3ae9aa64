"""Know the days the City is closed: Ontario's holidays, the City's own, and its closures.

Ontario's statutory holidays come from the ``holidays`` package (Canada, subdivision ON,
its "public" category, weekend holidays moved to the weekday it observes); the holidays the
City adds to them are the policy's (``policy.working_days.city_holidays``); the closures are
the ones an administrator records (``Closure``). Every count of working days asks
``closed_days`` for the days off between its two dates and hands them to the policy.
The ``holidays`` package is imported with the first year asked for: it loads every country's
table (12 MB in all), which only the pages that count working days need.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import bindparam, select

from portal import audit
from portal.database import rows
from portal.extensions import db
from portal.kept_reference import REFERENCE, kept
from portal.models import Closure, User
from portal.policy.phrases import Phrase
from portal.policy.refusals import Refused
from portal.policy.working_days import city_holidays, closure_refusal, holiday_name
from portal.translation import translate

COUNTRY, PROVINCE = "CA", "ON"


class ClosureRefused(Refused):
    """The day cannot be recorded as a closure; the message says why."""


@lru_cache(maxsize=128)
def _named_holidays(year: int) -> tuple[tuple[date, Phrase | str], ...]:
    # Computed once a year: the queue asks for every page, the reminders for every run.
    import holidays as holiday_tables

    table = holiday_tables.country_holidays(COUNTRY, subdiv=PROVINCE, years=year,
                                            categories=("public",))
    named: dict[date, Phrase | str] = {day: holiday_name(name) for day, name in table.items()}
    for day, name in city_holidays(year).items():
        named.setdefault(day, name)
    return tuple(sorted(named.items()))


def holiday_dates(year: int) -> frozenset[date]:
    """Return the days of ``year`` the City is closed for a holiday, weekends among them."""
    return frozenset(day for day, _name in _named_holidays(year))


def holidays_of(year: int) -> list[tuple[date, Phrase | str]]:
    """Return the City's holidays of ``year`` with their names, each a phrase to translate."""
    return list(_named_holidays(year))


# Built once: every queue page asks, for the days its rows have waited.
_CLOSED_BETWEEN = select(Closure.day).where(
    Closure.day.between(bindparam("start"), bindparam("end")))


def closed_days(start: date, end: date) -> frozenset[date]:
    """Return the days from ``start`` to ``end`` the City is closed: holidays and closures."""
    if end < start:
        return frozenset()
    days: set[date] = set()
    for year in range(start.year, end.year + 1):
        days |= holiday_dates(year)
    days |= kept(REFERENCE, ("closures", start, end), lambda: frozenset(
        day for (day,) in rows(_CLOSED_BETWEEN, {"start": start, "end": end})))
    return frozenset(day for day in days if start <= day <= end)


def closures() -> list[Closure]:
    """Return every closure recorded, the latest day first."""
    return list(db.session.scalars(select(Closure).order_by(Closure.day.desc())))


def add_closure(actor: User, day: date, reason: str, today: date) -> Closure:
    """Record ``day`` as a closure for ``reason``; refuse what the policy refuses."""
    named = dict(holidays_of(day.year)).get(day)
    holiday = translate(named) if named is not None else None
    existing = db.session.scalar(select(Closure).where(Closure.day == day))
    refused = closure_refusal(day, today, holiday=holiday,
                              closure=existing.reason if existing else None)
    if refused is not None:
        raise ClosureRefused(refused)
    closure = Closure(day=day, reason=reason.strip(), created_by_id=actor.id)
    db.session.add(closure)
    db.session.flush()
    audit.record(actor, "closure.added", f"closure:{day.isoformat()}", reason=closure.reason)
    return closure


def remove_closure(actor: User, closure: Closure) -> None:
    """Remove ``closure``: its day counts as a working day again."""
    audit.record(actor, "closure.removed", f"closure:{closure.day.isoformat()}",
                 reason=closure.reason)
    db.session.delete(closure)
    db.session.flush()
