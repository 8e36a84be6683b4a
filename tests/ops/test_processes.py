"""The worker's and the scheduler's own parts, short of their endless loops."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from yntymaq.ops import heartbeats, scheduler
from yntymaq.ops.jobs import Job
from yntymaq.ops.models import Heartbeat, ScheduledRun

pytestmark = pytest.mark.django_db(transaction=True)

ALMATY = ZoneInfo("Asia/Almaty")


def test_the_heartbeat_thread_records_its_process():
    beat = heartbeats.HeartbeatThread("worker", instance="host:42:abc")

    beat.beat_once()
    beat.beat_once()

    row = Heartbeat.objects.get()
    assert (row.role, row.instance) == ("worker", "host:42:abc")
    assert heartbeats.last_seen("worker") == row.seen_at


def test_the_worker_runs_the_queued_tasks_and_beats(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from yntymaq.core.tasks import send_reminders

    queued = send_reminders.enqueue()

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert send_reminders.get_result(queued.id).status == "SUCCESSFUL"
    assert Heartbeat.objects.filter(role="worker").count() == 1


def test_the_scheduler_process_beats_and_runs_due_jobs(time_machine):
    time_machine.move_to(datetime(2027, 7, 14, 6, 0, 30, tzinfo=ALMATY), tick=False)
    calls = []
    job = Job("count", "0 6 * * *", lambda *, now: calls.append(now) or {"n": len(calls)}, "")
    process = scheduler.Scheduler(jobs=[job])

    scheduler._in_thread(process.beat)
    scheduler._in_thread(process.run_job, "count")
    scheduler._in_thread(process.sweep)

    assert len(calls) == 1
    assert heartbeats.is_alive("scheduler", process.owner)
    run = ScheduledRun.objects.get()
    assert (run.owner, run.result) == (process.owner, {"n": 1})


def test_old_runs_and_heartbeats_are_purged():
    now = datetime(2027, 7, 14, 4, 0, tzinfo=ALMATY)
    ScheduledRun.objects.create(
        job="reminders", slot=now - timedelta(days=91), status="done", owner="a", started_at=now
    )
    ScheduledRun.objects.create(
        job="reminders", slot=now - timedelta(days=89), status="done", owner="a", started_at=now
    )
    heartbeats.beat("worker", "gone:1:a", started_at=now)
    Heartbeat.objects.update(seen_at=now - timedelta(days=8))

    assert scheduler.runs_purge(now=now) == 1
    assert heartbeats.heartbeats_purge(now=now) == 1
    assert ScheduledRun.objects.count() == 1
