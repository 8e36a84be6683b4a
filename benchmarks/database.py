"""Create and drop the benchmark database (never any other: the name must end in _bench).

On PostgreSQL a generated database can be kept as a seed (`<name>_seed`) and the next run
copies it (CREATE DATABASE ... TEMPLATE) instead of generating again; `--reuse` in run.py.
"""

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


def _seed_name() -> str:
    return f"{_postgres_name()}_seed"


def has_seed() -> bool:
    """A seed of an earlier run exists (PostgreSQL only)."""
    if is_sqlite():
        return False
    with _server_connection() as server:
        row = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_seed_name()])
        return row.fetchone() is not None


def save_seed() -> None:
    """Keep the freshly generated database as the seed of later runs (replacing an older one)."""
    from psycopg import sql

    connections.close_all()
    name, seed = _postgres_name(), _seed_name()
    with _server_connection() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(seed))
        )
        server.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(seed), sql.Identifier(name)
            )
        )


def recreate_from_seed() -> None:
    """The benchmark database made anew as a copy of the seed."""
    from psycopg import sql

    connections.close_all()
    name, seed = _postgres_name(), _seed_name()
    with _server_connection() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(seed)
            )
        )


def analyze() -> None:
    """PostgreSQL's planner statistics for the generated rows, as autovacuum gives a database
    in service (right after a bulk load it has none, and plans as if tables were empty)."""
    if is_sqlite():
        return
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")
