"""`/healthz` and `/readyz`: JSON for monitoring, no login, nothing private."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from yntymaq.ops import health, heartbeats
from yntymaq.ops.models import Heartbeat

pytestmark = pytest.mark.django_db


def _beat(role, age=timedelta(seconds=10)):
    heartbeats.beat(role, f"{role}-host:1:ab", started_at=timezone.now())
    Heartbeat.objects.filter(role=role).update(seen_at=timezone.now() - age)


def test_healthz_answers_without_a_login():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_200_when_every_check_passes():
    _beat("worker")
    _beat("scheduler", timedelta(seconds=40))

    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"ok": True},
            "migrations": {"ok": True},
            "cache": {"ok": True},
            "worker": {"ok": True, "seen_seconds_ago": 10},
            "scheduler": {"ok": True, "seen_seconds_ago": 40},
        },
    }


def test_readyz_is_503_when_the_worker_was_not_seen_for_5_minutes():
    _beat("worker", timedelta(minutes=5, seconds=30))
    _beat("scheduler")

    response = Client().get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["worker"] == {"ok": False, "seen_seconds_ago": 330}
    assert body["checks"]["scheduler"]["ok"] is True


def test_readyz_says_a_process_was_never_seen():
    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["scheduler"] == {"ok": False, "error": "never seen"}


def test_readyz_fails_when_the_cache_cannot_be_reached(monkeypatch):
    _beat("worker")
    _beat("scheduler")

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(health.cache, "set", unreachable)
    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def test_readyz_reports_pending_migrations(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("one", False)]
    )

    ok, detail = health.check_migrations()

    assert (ok, detail) == (False, {"pending": 1})


def test_readyz_shows_nothing_private():
    _beat("worker")
    _beat("scheduler")

    text = Client().get("/readyz").content.decode()

    assert "worker-host" not in text
    assert "scheduler-host" not in text


def test_health_checks_refuse_other_methods():
    assert Client().post("/healthz").status_code == 405
    assert Client().post("/readyz").status_code == 405
