"""What the operations keep in the database: heartbeats and the ledger of scheduled runs.

Neither belongs to an organization; nothing here is shown to users.
"""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """The last sign of life of one background process (`role` worker or scheduler).

    `/readyz` asks whether any process of each role was seen in the last five minutes; the
    scheduler also reads it to tell a run in progress from one whose process died.
    """

    role = models.CharField(max_length=20)
    instance = models.CharField(max_length=200)  # host:pid:random, unique per process start
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "instance"], name="ops_heartbeat_unique")
        ]
        indexes = [models.Index(fields=["role", "seen_at"], name="ops_heartbeat_role_seen")]

    def __str__(self) -> str:
        return f"{self.role} {self.instance}"


class ScheduledRun(models.Model):
    """One run of a daily job for one slot of its schedule (e.g. reminders, 2026-12-07 06:00).

    The unique (job, slot) pair is the lock: whichever scheduler inserts the row runs the job,
    however many machines run a scheduler. A run whose scheduler died is taken over, a failed
    one is retried a few times, and a slot missed while no scheduler ran is caught up once.
    """

    class Status(models.TextChoices):
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices)
    owner = models.CharField(max_length=200)
    attempts = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="ops_scheduledrun_unique")
        ]
        ordering = ["-slot", "job"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M} ({self.status})"
