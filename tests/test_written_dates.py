"""Dates read as Babel's patterns write them, in every language the portal speaks.

``portal.translation.long_date`` writes Babel's "d MMMM y, HH:mm" itself (Babel took some
30 µs a date, and a page shows dozens); these tests hold the two to agreeing, the time in
the page's zone (America/Toronto) and French's "1er" included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale, format_date, format_datetime, to_user_timezone

from portal.translation import long_date

MOMENTS = [datetime(2027, 1, 1, 0, 0) + timedelta(hours=7 * i, minutes=13 * i)
           for i in range(0, 1300, 7)]
"""A year and more of moments, every hour of the day, across both changes of clock."""


@pytest.mark.parametrize("language", ["en", "fr_CA"])
def test_a_moment_reads_as_babel_writes_it(app, language):
    with app.test_request_context("/"), force_locale(language):
        for moment in [*MOMENTS, MOMENTS[3].replace(tzinfo=UTC)]:
            # The first of the month as the page's zone has it, not as UTC does.
            pattern = "d'er' MMMM y, HH:mm" if (to_user_timezone(moment).day == 1
                                                and language.startswith("fr")) \
                else "d MMMM y, HH:mm"
            assert long_date(moment) == format_datetime(moment, pattern), moment


@pytest.mark.parametrize("language", ["en", "fr_CA"])
def test_a_day_reads_as_babel_writes_it(app, language):
    with app.test_request_context("/"), force_locale(language):
        for day in (date(2027, 1, 1) + timedelta(days=i) for i in range(0, 400, 3)):
            pattern = "d'er' MMMM y" if day.day == 1 and language.startswith("fr") else "d MMMM y"
            assert long_date(day) == format_date(day, pattern), day


@pytest.mark.parametrize(("moment", "written"), [
    (datetime(2027, 3, 1, 2, 0, tzinfo=UTC), "28 février 2027, 21:00"),
    (datetime(2027, 3, 2, 3, 30, tzinfo=UTC), "1er mars 2027, 22:30"),
    (datetime(2027, 3, 1, 12, 0, tzinfo=UTC), "1er mars 2027, 07:00"),
])
def test_the_first_of_the_month_is_torontos(app, moment, written):
    with app.test_request_context("/"), force_locale("fr_CA"):
        assert long_date(moment) == written
