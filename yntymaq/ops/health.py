"""Readiness checks of `/readyz`: each answers (ok, detail) and never raises."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from . import heartbeats

_migrated = False  # once true for this code, it stays true until the next deployment restarts us


def check_database() -> tuple[bool, dict]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return False, {"error": type(error).__name__}
    return True, {}


def check_migrations() -> tuple[bool, dict]:
    global _migrated
    if _migrated:
        return True, {}
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return False, {"error": type(error).__name__}
    _migrated = not pending
    return _migrated, {"pending": len(pending)} if pending else {}


def check_cache() -> tuple[bool, dict]:
    key, value = "ops:readyz", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=30)
        ok = cache.get(key) == value
    except Exception as error:
        return False, {"error": type(error).__name__}
    return ok, {} if ok else {"error": "value not read back"}


def check_seen(role: str, now: datetime | None = None) -> tuple[bool, dict]:
    now = now or timezone.now()
    try:
        seen = heartbeats.last_seen(role)
    except Exception as error:
        return False, {"error": type(error).__name__}
    if seen is None:
        return False, {"error": "never seen"}
    age = max(0, int((now - seen).total_seconds()))
    return now - seen <= heartbeats.ALIVE_WITHIN, {"seen_seconds_ago": age}


def readiness() -> tuple[bool, dict]:
    results = {
        "database": check_database(),
        "migrations": check_migrations(),
        "cache": check_cache(),
        "worker": check_seen("worker"),
        "scheduler": check_seen("scheduler"),
    }
    if not results["database"][0]:  # the others read the database: say so once
        for name in ("migrations", "worker", "scheduler"):
            results[name] = (False, {"error": "database unreachable"})
    checks = {name: {"ok": ok, **detail} for name, (ok, detail) in results.items()}
    return all(ok for ok, _ in results.values()), checks
