"""Signs of life of the background processes, for `/readyz` and the scheduler's takeovers."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import datetime, timedelta

from django.db import close_old_connections, connections
from django.utils import timezone

from .models import Heartbeat

logger = logging.getLogger(__name__)

# A process not seen for this long is taken for dead (readyz fails, its runs are taken over).
ALIVE_WITHIN = timedelta(minutes=5)
BEAT_EVERY_SECONDS = 30


def instance_name() -> str:
    """This process, unique across machines and restarts: host:pid:random."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def beat(role: str, instance: str, *, started_at: datetime, detail: dict | None = None) -> None:
    Heartbeat.objects.update_or_create(
        role=role,
        instance=instance,
        defaults={"seen_at": timezone.now(), "started_at": started_at, "detail": detail or {}},
    )


def last_seen(role: str) -> datetime | None:
    """When a process of this role was last seen, or None."""
    return (
        Heartbeat.objects.filter(role=role)
        .order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )


def is_alive(role: str, instance: str, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return Heartbeat.objects.filter(
        role=role, instance=instance, seen_at__gte=now - ALIVE_WITHIN
    ).exists()


def heartbeats_purge(*, now: datetime) -> int:
    """Rows of processes gone for a week."""
    deleted, _ = Heartbeat.objects.filter(seen_at__lt=now - timedelta(days=7)).delete()
    return deleted


class HeartbeatThread(threading.Thread):
    """Beats every 30 seconds in the background of a long-running process (the worker) until
    stopped; a failed beat (database away for a moment) is logged and tried again."""

    def __init__(self, role: str, instance: str | None = None, detail=None):
        super().__init__(name=f"{role}-heartbeat", daemon=True)
        self.role = role
        self.instance = instance or instance_name()
        self.started_at = timezone.now()
        self.detail = detail or (lambda: {})
        self._stop_event = threading.Event()

    def beat_once(self) -> None:
        try:
            close_old_connections()
            beat(self.role, self.instance, started_at=self.started_at, detail=self.detail())
        except Exception:
            logger.exception("heartbeat of %s failed", self.role)
        finally:
            connections.close_all()  # this thread's connections only

    def start(self) -> None:
        """The first beat is taken before the thread starts, so a process is seen as soon as it
        runs, however soon it ends or however late the thread is scheduled."""
        self.beat_once()
        super().start()

    def run(self) -> None:
        while not self._stop_event.wait(BEAT_EVERY_SECONDS):
            self.beat_once()

    def stop(self) -> None:
        self._stop_event.set()
