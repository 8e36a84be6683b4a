"""Create and drop the benchmark database (never any other: the name must end in _bench)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connections


def _config() -> dict:
    return settings.DATABASES["default"]


def is_sqlite() -> bool:
    return _config()["ENGINE"] == "django.db.backends.sqlite3"


def describe() -> str:
    config = _config()
    if is_sqlite():
        return f"SQLite {config['NAME']}"
    return f"PostgreSQL {config['NAME']} on {config.get('HOST') or 'localhost'}"


def _server_connection():
    import psycopg

    config = _config()
    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )


def _postgres_name() -> str:
    name = _config()["NAME"]
    if not name.endswith(settings.BENCH_SUFFIX):
        raise RuntimeError(f"refusing to touch database {name!r}: not a benchmark database")
    return name


def recreate() -> None:
    """An empty database: the SQLite file removed, or the PostgreSQL database made anew."""
    connections.close_all()
    if is_sqlite():
        path = Path(_config()["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from psycopg import sql

    name = _postgres_name()
    with _server_connection() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop() -> None:
    """Drop the PostgreSQL database (the SQLite file stays under var/ for a look)."""
    connections.close_all()
    if is_sqlite():
        return
    from psycopg import sql

    name = _postgres_name()
    with _server_connection() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
