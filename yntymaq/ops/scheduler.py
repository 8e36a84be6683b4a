"""The schedule of the daily jobs: APScheduler keeps time, the database keeps the ledger.

APScheduler (3.x) fires each job by its cron trigger in the configured time zone; its job
stores cannot be shared by several schedulers, so what was run lives in ScheduledRun instead:
a run claims its slot (the time it was due) by inserting the unique (job, slot) row, and only
the scheduler whose insert succeeded runs it. Every five minutes, and at start, every job's
latest due slot is checked the same way, so a slot missed while no scheduler ran (or whose
scheduler died during the run, or that failed) is caught up once. Jobs bring things up to date
("send what is due today", "delete what expired"), so one late run replaces the missed ones.
"""

from __future__ import annotations

import logging
import signal
import traceback
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import IntegrityError, close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone

from . import heartbeats
from .jobs import JOBS, Job, job_call
from .models import ScheduledRun

logger = logging.getLogger(__name__)

ROLE = "scheduler"
LOOKBACK = timedelta(days=8)  # how far back a missed slot is still caught up
MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=15)
SWEEP_MINUTES = 5


def trigger(job: Job) -> CronTrigger:
    return CronTrigger.from_crontab(job.cron, timezone=ZoneInfo(settings.TIME_ZONE))


def latest_slot(job: Job, now: datetime) -> datetime | None:
    """The last time at or before `now` the job was due (within LOOKBACK), or None."""
    cron = trigger(job)
    slot = None
    fire = cron.get_next_fire_time(None, now - LOOKBACK)
    while fire is not None and fire <= now:
        slot = fire
        fire = cron.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return slot


def claim(job: Job, slot: datetime, owner: str, *, now: datetime) -> ScheduledRun | None:
    """The run of (job, slot) for `owner`, or None when it is done, running elsewhere, or
    failed too often or too recently. The unique row is the lock across machines."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job.name,
                slot=slot,
                status=ScheduledRun.Status.RUNNING,
                owner=owner,
                started_at=now,
            )
    except IntegrityError:
        pass
    run = ScheduledRun.objects.filter(job=job.name, slot=slot).first()
    if run is None or run.status == ScheduledRun.Status.DONE:
        return None
    if run.status == ScheduledRun.Status.RUNNING and (
        run.owner == owner or heartbeats.is_alive(ROLE, run.owner, now=now)
    ):
        return None
    if run.status == ScheduledRun.Status.FAILED and (
        run.attempts >= MAX_ATTEMPTS or (run.finished_at and run.finished_at > now - RETRY_AFTER)
    ):
        return None
    # Take it over, unless another scheduler just did (the row is compared as it was read).
    taken = ScheduledRun.objects.filter(
        pk=run.pk, owner=run.owner, status=run.status, attempts=run.attempts
    ).update(
        owner=owner,
        status=ScheduledRun.Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        finished_at=None,
        error="",
    )
    if not taken:
        return None
    run.refresh_from_db()
    logger.warning("job %s of %s taken over (attempt %s)", job.name, slot, run.attempts)
    return run


def execute(job: Job, run: ScheduledRun) -> ScheduledRun:
    logger.info("job %s started", job.name, extra={"job": job.name, "slot": run.slot.isoformat()})
    try:
        result = job_call(job, now=timezone.now())
    except Exception as error:
        logger.exception("job %s failed", job.name, extra={"job": job.name})
        run.status = ScheduledRun.Status.FAILED
        run.error = "".join(traceback.format_exception_only(error)).strip()[:2000]
    else:
        run.status = ScheduledRun.Status.DONE
        run.result = result if isinstance(result, dict) else {"result": result}
        logger.info("job %s done", job.name, extra={"job": job.name, "result": run.result})
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "result", "error", "finished_at"])
    return run


def run_if_due(job: Job, owner: str, *, now: datetime | None = None) -> ScheduledRun | None:
    """Run the job for its latest due slot if no scheduler has (or is doing it)."""
    now = now or timezone.now()
    slot = latest_slot(job, now)
    if slot is None:
        return None
    run = claim(job, slot, owner, now=now)
    return execute(job, run) if run is not None else None


def run_all_due(owner: str, *, now: datetime | None = None, jobs=None) -> list[ScheduledRun]:
    """Every job's latest due slot, run where nobody ran it: at start and every 5 minutes."""
    return [run for job in jobs or JOBS if (run := run_if_due(job, owner, now=now)) is not None]


def runs_purge(*, now: datetime) -> int:
    deleted, _ = ScheduledRun.objects.filter(slot__lt=now - timedelta(days=90)).delete()
    return deleted


def _in_thread(function, *args):
    """APScheduler runs jobs in a thread pool: each call uses fresh database connections of
    its own thread and closes them after."""
    close_old_connections()
    try:
        return function(*args)
    finally:
        connections.close_all()


class Scheduler:
    """The scheduler process (`manage.py scheduler`)."""

    def __init__(self, jobs=None):
        self.jobs = list(jobs or JOBS)
        self.owner = heartbeats.instance_name()
        self.started_at = timezone.now()
        self.scheduler = BlockingScheduler(
            timezone=ZoneInfo(settings.TIME_ZONE),
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )

    def beat(self) -> None:
        heartbeats.beat(
            ROLE, self.owner, started_at=self.started_at, detail={"jobs": len(self.jobs)}
        )

    def sweep(self) -> None:
        run_all_due(self.owner, jobs=self.jobs)

    def run_job(self, name: str) -> None:
        job = next(job for job in self.jobs if job.name == name)
        run_if_due(job, self.owner)

    def start(self) -> None:
        now = timezone.now()
        self.scheduler.add_job(
            _in_thread,
            "interval",
            args=[self.beat],
            seconds=heartbeats.BEAT_EVERY_SECONDS,
            next_run_time=now,
            id="heartbeat",
        )
        self.scheduler.add_job(
            _in_thread,
            "interval",
            args=[self.sweep],
            minutes=SWEEP_MINUTES,
            next_run_time=now + timedelta(seconds=1),
            id="catch-up",
        )
        for job in self.jobs:
            self.scheduler.add_job(
                _in_thread, trigger(job), args=[self.run_job, job.name], id=job.name, name=job.name
            )
        # APScheduler's own lines about every heartbeat say nothing new: warnings only.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        logger.info("scheduler %s started with %d jobs", self.owner, len(self.jobs))
        self.scheduler.start()  # blocks until stopped

    def _stop(self, signum, frame) -> None:
        logger.info("scheduler %s stopping; a running job is finished first", self.owner)
        self.scheduler.shutdown(wait=False)
