"""Each scheduled job is due again after its interval, sooner after a failure."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.policy.schedule import INTERVALS, LEASE, RETRY_AFTER_FAILURE, Job, next_run

FINISHED = datetime(2027, 6, 15, 2, 15)


def test_mail_goes_out_every_minute_and_the_daily_work_runs_hourly():
    assert next_run(Job.SEND_MAIL, FINISHED, failed=False) == FINISHED + timedelta(minutes=1)
    assert next_run(Job.EXPIRE_AGREEMENTS, FINISHED, failed=False) == FINISHED + timedelta(
        hours=1)
    assert next_run(Job.REMIND_UNANSWERED, FINISHED, failed=False) == FINISHED + timedelta(
        hours=1)


@pytest.mark.parametrize("job", list(Job))
def test_a_failed_job_is_tried_again_within_the_retry_delay(job):
    assert next_run(job, FINISHED, failed=True) <= FINISHED + RETRY_AFTER_FAILURE
    assert next_run(job, FINISHED, failed=True) <= next_run(job, FINISHED, failed=False)


def test_every_job_has_an_interval_and_a_lease_outlasts_none_of_them_by_far():
    assert set(INTERVALS) == set(Job)
    # A lease is long enough for a run, and short enough that a dead host delays no daily
    # job by more than a quarter of an hour.
    assert timedelta(minutes=5) <= LEASE <= timedelta(minutes=30)


def test_mail_is_sent_after_the_jobs_that_write_reminders():
    assert list(Job)[-1] is Job.SEND_MAIL
