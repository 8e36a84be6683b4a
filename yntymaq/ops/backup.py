"""Backups: one archive of the database and the uploaded files, and its restore.

The archive `yntymaq-YYYYmmdd-HHMMSS.tar` holds
- `database.dump`: PostgreSQL's custom-format `pg_dump`, or `database.sqlite3`: a copy made
  with SQLite's backup API;
- `media/…`: every stored file (a shared folder or an S3 bucket alike);
- `manifest.json` (last): the row count of every table and the SHA-256 and size of every file
  and of the database copy.

A backup of a running system is one snapshot: on PostgreSQL the row counts are read in a
repeatable-read transaction whose snapshot `pg_dump --snapshot` exports, so the dump and the
counts are the same instant while users keep working; SQLite's backup API copies one
consistent state. Files are copied after that instant: a file deleted in between (an old
generation's report, replaced) is missing from the archive and listed under `missing`.

A restore goes only into an empty database (no tables) and an empty media storage; it then
counts every table and hashes every file again and fails unless all match the manifest. On
PostgreSQL it also gathers the planner's statistics (ANALYZE), which a dump does not carry.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in plain words."""


@dataclass
class Database:
    """The database to back up or restore into: a Django DATABASES entry."""

    config: dict

    @classmethod
    def default(cls) -> Database:
        return cls(settings.DATABASES[DEFAULT_DB_ALIAS])

    @property
    def is_postgres(self) -> bool:
        return "postgresql" in self.config["ENGINE"]

    @property
    def is_sqlite(self) -> bool:
        return "sqlite3" in self.config["ENGINE"]

    @property
    def is_default(self) -> bool:
        return self.config is settings.DATABASES[DEFAULT_DB_ALIAS]

    @property
    def name(self) -> str:
        return str(self.config["NAME"])

    # --- PostgreSQL ---------------------------------------------------------------------------

    def conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        params = {
            "dbname": self.name,
            "user": self.config.get("USER") or None,
            "host": self.config.get("HOST") or None,
            "port": str(self.config["PORT"]) if self.config.get("PORT") else None,
        }
        options = self.config.get("OPTIONS") or {}
        if options.get("sslmode"):
            params["sslmode"] = options["sslmode"]
        return make_conninfo(**{k: v for k, v in params.items() if v})

    def environment(self) -> dict:
        """The client tools' environment: the password never on a command line."""
        env = dict(os.environ)
        if self.config.get("PASSWORD"):
            env["PGPASSWORD"] = self.config["PASSWORD"]
        return env

    def connect(self):
        import psycopg

        return psycopg.connect(self.conninfo(), password=self.config.get("PASSWORD") or None)

    # --- SQLite -------------------------------------------------------------------------------

    def sqlite_connection(self) -> sqlite3.Connection:
        """Django's own connection for the default database (also an in-memory test database),
        a new one for another file."""
        if self.is_default:
            connection = connections[DEFAULT_DB_ALIAS]
            connection.ensure_connection()
            return connection.connection
        return sqlite3.connect(self.name)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _postgres_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _counts(execute, tables: list[str]) -> dict[str, int]:
    return {table: execute(f"SELECT count(*) FROM {_quote(table)}") for table in tables}  # noqa: S608 - quoted names read from the catalogue


def _dump_postgres(database: Database, target: Path) -> dict[str, int]:
    """pg_dump of one snapshot, and the row counts of that same snapshot."""
    from psycopg import IsolationLevel

    with database.connect() as connection:
        connection.isolation_level = IsolationLevel.REPEATABLE_READ
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]

            def count(sql):
                cursor.execute(sql)
                return cursor.fetchone()[0]

            counts = _counts(count, _postgres_tables(cursor))
            command = [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={database.conninfo()}",
            ]
            result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                command, env=database.environment(), capture_output=True, text=True, check=False
            )
        connection.rollback()
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _dump_sqlite(database: Database, target: Path) -> dict[str, int]:
    source = database.sqlite_connection()
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        counts = _counts(lambda sql: copy.execute(sql).fetchone()[0], _sqlite_tables(copy))
    finally:
        copy.close()
        if not database.is_default:
            source.close()
    return counts


def _walk(storage: Storage, folder: str = ""):
    """Every file name in a storage (a folder tree or a bucket)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


class _HashingReader:
    """Reads a file for tarfile and hashes what it read."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def backup_create(
    directory: Path | str,
    *,
    database: Database | None = None,
    storage: Storage | None = None,
    now: datetime | None = None,
) -> Path:
    """Write one archive into `directory` and return its path."""
    database = database or Database.default()
    storage = storage or default_storage
    now = now or timezone.now()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"yntymaq-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"
    if final.exists():
        raise BackupError(f"{final} exists already")
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as staging:
        staging = Path(staging)
        if database.is_postgres:
            dump = staging / "database.dump"
            counts = _dump_postgres(database, dump)
        elif database.is_sqlite:
            dump = staging / "database.sqlite3"
            counts = _dump_sqlite(database, dump)
        else:
            raise BackupError(f"cannot back up a {database.config['ENGINE']} database")
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {
                "vendor": "postgresql" if database.is_postgres else "sqlite",
                "file": dump.name,
                "sha256": _sha256_file(dump),
                "size": dump.stat().st_size,
                "tables": counts,
            },
            "media": {},
            "missing": [],
        }
        partial = staging / final.name
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(dump, arcname=dump.name)
            for name in _walk(storage):
                try:
                    size = storage.size(name)
                    handle = storage.open(name, "rb")
                except FileNotFoundError:
                    manifest["missing"].append(name)
                    continue
                with handle:
                    reader = _HashingReader(handle)
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = size
                    info.mtime = int(now.timestamp())
                    info.mode = 0o600
                    tar.addfile(info, reader)
                manifest["media"][name] = {"sha256": reader.digest.hexdigest(), "size": size}
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            _add_bytes(tar, MANIFEST, data, now.timestamp())
        partial.chmod(0o600)
        partial.replace(final)
    return final


def read_manifest(archive: Path | str) -> dict:
    with tarfile.open(archive, "r") as tar:
        try:
            member = tar.getmember(MANIFEST)
        except KeyError as error:
            raise BackupError(f"{archive} has no {MANIFEST}: not a Yntymaq backup") from error
        manifest = json.load(tar.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
    return manifest


# --- restore ----------------------------------------------------------------------------------


def _tables(database: Database) -> list[str]:
    if database.is_postgres:
        with database.connect() as connection, connection.cursor() as cursor:
            return _postgres_tables(cursor)
    path = Path(database.name)
    if not database.is_default and not path.exists():
        return []
    connection = database.sqlite_connection()
    try:
        return _sqlite_tables(connection)
    finally:
        if not database.is_default:
            connection.close()


def count_rows(database: Database) -> dict[str, int]:
    if database.is_postgres:
        with database.connect() as connection, connection.cursor() as cursor:

            def count(sql):
                cursor.execute(sql)
                return cursor.fetchone()[0]

            return _counts(count, _postgres_tables(cursor))
    connection = database.sqlite_connection()
    try:
        return _counts(
            lambda sql: connection.execute(sql).fetchone()[0], _sqlite_tables(connection)
        )
    finally:
        if not database.is_default:
            connection.close()


def _refuse_unless_empty(database: Database, storage: Storage) -> None:
    tables = _tables(database)
    if tables:
        raise BackupError(
            f"the database {database.name} is not empty ({len(tables)} tables): restore only "
            "into a new, empty database"
        )
    first = next(_walk(storage), None)
    if first is not None:
        raise BackupError(
            f"the media storage is not empty (it holds {first}): restore only into an empty one"
        )


def _restore_postgres(database: Database, dump: Path) -> None:
    command = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={database.conninfo()}",
        str(dump),
    ]
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        command, env=database.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    # A dump carries no planner statistics: without them every query is planned for empty
    # tables until autovacuum comes by.
    with database.connect() as connection:
        connection.autocommit = True
        connection.execute("ANALYZE")


def _restore_sqlite(database: Database, copy: Path) -> None:
    source = sqlite3.connect(copy)
    target = database.sqlite_connection()
    try:
        source.backup(target)
    finally:
        source.close()
        if not database.is_default:
            target.close()


def backup_restore(
    archive: Path | str, *, database: Database | None = None, storage: Storage | None = None
) -> dict:
    """Restore an archive into an empty database and media storage, then verify every row
    count and every file's SHA-256 against the manifest. Returns the manifest."""
    database = database or Database.default()
    storage = storage or default_storage
    manifest = read_manifest(archive)
    vendor = "postgresql" if database.is_postgres else "sqlite"
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"the archive holds a {manifest['database']['vendor']} database; "
            f"DATABASE_URL names a {vendor} one"
        )
    _refuse_unless_empty(database, storage)
    with (
        tempfile.TemporaryDirectory(prefix="yntymaq-restore-") as staging,
        tarfile.open(archive, "r") as tar,
    ):
        dump = Path(staging) / manifest["database"]["file"]
        with tar.extractfile(manifest["database"]["file"]) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        if _sha256_file(dump) != manifest["database"]["sha256"]:
            raise BackupError("the database copy in the archive is damaged (SHA-256 differs)")
        if database.is_postgres:
            _restore_postgres(database, dump)
        else:
            _restore_sqlite(database, dump)
        for name in manifest["media"]:
            with tar.extractfile(f"media/{name}") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"the storage saved {name} as {saved}")
    problems = verify(manifest, database=database, storage=storage)
    if problems:
        raise BackupError("the restored copy differs from the manifest: " + "; ".join(problems))
    return manifest


def verify(manifest: dict, *, database: Database, storage: Storage) -> list[str]:
    """What differs between a database and storage and a backup's manifest (empty if none)."""
    problems = []
    counts = count_rows(database)
    for table, expected in manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, not {expected}")
    for name, expected in manifest["media"].items():
        digest = hashlib.sha256()
        try:
            with storage.open(name, "rb") as handle:
                for chunk in iter(lambda h=handle: h.read(CHUNK), b""):
                    digest.update(chunk)
        except FileNotFoundError:
            problems.append(f"file {name} is missing")
            continue
        if digest.hexdigest() != expected["sha256"]:
            problems.append(f"file {name}: SHA-256 differs")
    return problems


def backups_prune(directory: Path | str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives of the directory."""
    archives = sorted(Path(directory).glob("yntymaq-*.tar"))
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old
