"""The schedule of the daily jobs: on time, once per slot however many schedulers, caught up
after a restart, taken over from a dead scheduler, retried after a failure."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections

from tests.core.test_notifications import report_deadline  # noqa: F401 - fixture
from yntymaq.core.models import Notification
from yntymaq.ops import heartbeats, scheduler
from yntymaq.ops.jobs import JOBS, Job
from yntymaq.ops.models import Heartbeat, ScheduledRun

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=ALMATY)


def counting_job(calls: list, name="count", cron="0 6 * * *", fail=False) -> Job:
    def run(*, now):
        calls.append(now)
        if fail:
            raise RuntimeError("partner server away")
        return {"calls": len(calls)}

    return Job(name, cron, run, "counts its calls")


def test_latest_slot_is_the_last_due_time_in_local_time():
    job = counting_job([])

    assert scheduler.latest_slot(job, at(2027, 7, 14, 5, 59)) == at(2027, 7, 13, 6, 0)
    assert scheduler.latest_slot(job, at(2027, 7, 14, 6, 0)) == at(2027, 7, 14, 6, 0)
    assert scheduler.latest_slot(job, at(2027, 7, 14, 23, 0)) == at(2027, 7, 14, 6, 0)


def test_a_job_runs_once_per_slot_whichever_scheduler_asks():
    calls = []
    job = counting_job(calls)
    now = at(2027, 7, 14, 6, 0, 5)

    first = scheduler.run_all_due("machine-a:1:aa", now=now, jobs=[job])
    second = scheduler.run_all_due("machine-b:2:bb", now=now, jobs=[job])
    later = scheduler.run_all_due("machine-a:1:aa", now=now + timedelta(hours=5), jobs=[job])

    assert len(calls) == 1
    assert [(r.job, r.slot, r.status, r.result) for r in first] == [
        ("count", at(2027, 7, 14, 6, 0), "done", {"calls": 1})
    ]
    assert second == []
    assert later == []


def test_a_slot_missed_while_no_scheduler_ran_is_caught_up_once():
    calls = []
    job = counting_job(calls)
    scheduler.run_all_due("a:1:x", now=at(2027, 7, 10, 6, 0, 1), jobs=[job])

    # Down from 10 July evening until 14 July 09:00: the 11th–14th slots passed unseen.
    runs = scheduler.run_all_due("a:2:y", now=at(2027, 7, 14, 9, 0), jobs=[job])
    scheduler.run_all_due("a:2:y", now=at(2027, 7, 14, 9, 5), jobs=[job])

    assert len(calls) == 2
    assert [r.slot for r in runs] == [at(2027, 7, 14, 6, 0)]


def test_a_run_of_a_live_scheduler_is_left_alone_and_a_dead_ones_taken_over():
    calls = []
    job = counting_job(calls)
    now = at(2027, 7, 14, 6, 1)
    ScheduledRun.objects.create(
        job="count",
        slot=at(2027, 7, 14, 6, 0),
        status="running",
        owner="a:1:x",
        started_at=now - timedelta(minutes=1),
    )
    heartbeats.beat("scheduler", "a:1:x", started_at=now)
    Heartbeat.objects.filter(instance="a:1:x").update(seen_at=now - timedelta(seconds=20))

    assert scheduler.run_all_due("b:2:y", now=now, jobs=[job]) == []

    Heartbeat.objects.filter(instance="a:1:x").update(seen_at=now - timedelta(minutes=6))
    runs = scheduler.run_all_due("b:2:y", now=now, jobs=[job])

    assert len(calls) == 1
    assert [(r.owner, r.attempts, r.status) for r in runs] == [("b:2:y", 2, "done")]


def test_a_failed_run_is_retried_after_15_minutes_three_times_at_most():
    calls = []
    job = counting_job(calls, fail=True)
    start = at(2027, 7, 14, 6, 0, 1)

    for minutes in (0, 5, 16, 32, 48, 64):
        scheduler.run_all_due("a:1:x", now=start + timedelta(minutes=minutes), jobs=[job])

    run = ScheduledRun.objects.get(job="count")
    assert len(calls) == 3
    assert (run.status, run.attempts) == ("failed", 3)
    assert run.error == "RuntimeError: partner server away"


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_instant_run_a_job_once():
    """Two threads, two database connections: only one insert of the slot succeeds."""
    calls = []
    job = counting_job(calls)
    now = at(2027, 7, 14, 6, 0, 1)
    barrier = threading.Barrier(2)

    def one_scheduler(owner):
        barrier.wait()
        try:
            scheduler.run_all_due(owner, now=now, jobs=[job])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_scheduler, args=(f"m{i}:1:x",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(calls) == 1
    assert ScheduledRun.objects.get(job="count").status == "done"


def test_reminders_are_sent_by_the_schedule(org, service_head, report_deadline, time_machine):  # noqa: F811
    time_machine.move_to(at(2027, 7, 14, 6, 0, 30), tick=False)

    call_command("scheduler", "--once")

    run = ScheduledRun.objects.get(job="reminders")
    assert (run.slot, run.status, run.result) == (
        at(2027, 7, 14, 6, 0),
        "done",
        {"notifications": 1, "digests": 1},
    )
    assert Notification.objects.get().user == service_head
    assert mail.outbox[0].to == ["head@kaznu.kz"]
    assert "Annual report of КазНУ is due" in mail.outbox[0].body


def test_every_job_of_the_list_runs(time_machine):
    time_machine.move_to(at(2027, 7, 14, 9, 0), tick=False)

    call_command("scheduler", "--once")

    assert sorted(ScheduledRun.objects.values_list("job", "status")) == sorted(
        (job.name, "done") for job in JOBS
    )


def test_the_list_shows_each_jobs_last_run_and_next_time(time_machine, capsys):
    time_machine.move_to(at(2027, 7, 14, 5, 0), tick=False)
    call_command("scheduler", "--list")
    before = capsys.readouterr().out

    assert "reminders              0 6 * * *    last: never run; next: 2027-07-14 06:00" in before
