"""Dates read as Babel's patterns write them, in every language the portal speaks.

``portal.translation.long_date`` writes Babel's "d MMMM y, HH:mm" itself (Babel took some
30 µs a date, and a page shows dozens); these tests hold the two to agreeing, the time in
the page's zone (America/Toronto) and French's "1er" included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale, format_date, format_datetime

from portal.translation import long_date

MOMENTS = [datetime(2027, 1, 1, 0, 0) + timedelta(hours=7 * i, minutes=13 * i)
           for i in range(0, 1300, 7)]
"""A year and more of moments, every hour of the day, across both changes of clock."""


@pytest.mark.parametrize("language", ["en", "fr_CA"])
def test_a_moment_reads_as_babel_writes_it(app, language):
    with app.test_request_context("/"), force_locale(language):
        for moment in [*MOMENTS, MOMENTS[3].replace(tzinfo=UTC)]:
            pattern = "d'er' MMMM y, HH:mm" if (
                moment.day == 1 and language.startswith("fr")) else "d MMMM y, HH:mm"
            assert long_date(moment) == format_datetime(moment, pattern), moment


@pytest.mark.parametrize("language", ["en", "fr_CA"])
def test_a_day_reads_as_babel_writes_it(app, language):
    with app.test_request_context("/"), force_locale(language):
        for day in (date(2027, 1, 1) + timedelta(days=i) for i in range(0, 400, 3)):
            pattern = "d'er' MMMM y" if day.day == 1 and language.startswith("fr") else "d MMMM y"
            assert long_date(day) == format_date(day, pattern), day
