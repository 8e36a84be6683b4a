"""Backup and restore: an archive restored into a fresh database and media folder has every
table's row count and every submission file's SHA-256 unchanged (on PostgreSQL when the tests
run on it, on SQLite otherwise); the SQLite path is tested on either; a restore refuses a
database or a media folder that holds anything."""

import hashlib
import io
import json
import os
import sqlite3
import tarfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories.core import ImportUploadFactory
from tests.factories.reporting import SubmissionFactory, SubmissionFileFactory
from yntymaq.ops.backup import (
    BackupError,
    Database,
    backup_create,
    backup_restore,
    backups_prune,
    count_rows,
    read_manifest,
)

PDF_KK = "%PDF-1.4 Жылдық есеп 2025/2026 — қазақ тілінде".encode()
XLSX_RU = b"PK\x03\x04 A2.3 " + bytes(range(256)) * 40


@pytest.fixture
def submitted(transactional_db, org, service_head):
    """A submitted annual report with its frozen files (real SHA-256 of their content)."""
    submission = SubmissionFactory(organization=org, submitted_by=service_head)
    files = []
    for kind, language, content in (("pdf", "kk", PDF_KK), ("xlsx", "ru", XLSX_RU)):
        record = SubmissionFileFactory.build(
            organization=org,
            submission=submission,
            kind=kind,
            language=language,
            name=f"annual-report-{language}.{kind}",
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            file=None,
        )
        record.file.save(f"annual-report-{language}.{kind}", ContentFile(content), save=False)
        record.save()
        files.append(record)
    ImportUploadFactory(organization=org, created_by=service_head)
    return submission, files


def _fresh_postgres(suffix: str):
    """A new, empty PostgreSQL database next to the test database; dropped by the caller."""
    import psycopg
    from psycopg import sql

    config = dict(settings.DATABASES["default"])
    base = config["NAME"].removeprefix("test_")
    config["NAME"] = f"{base}_{suffix}_{os.getpid()}"
    admin = Database({**config, "NAME": "postgres"})
    with psycopg.connect(admin.conninfo(), autocommit=True, password=config.get("PASSWORD")) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))

    def drop():
        with psycopg.connect(
            admin.conninfo(), autocommit=True, password=config.get("PASSWORD")
        ) as c:
            c.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(config["NAME"])
                )
            )

    return Database(config), drop


def _submission_files(database: Database) -> list[tuple[str, str]]:
    query = "SELECT file, sha256 FROM reporting_submissionfile ORDER BY id"
    if database.is_postgres:
        with database.connect() as c, c.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchall()
    with sqlite3.connect(database.name) as c:
        return c.execute(query).fetchall()


def test_a_restored_archive_has_every_row_count_and_file_hash_unchanged(submitted, tmp_path):
    _submission, files = submitted
    source = Database.default()
    before = count_rows(source)

    archive = backup_create(tmp_path / "backups")

    manifest = read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"] == before
    assert manifest["database"]["tables"]["reporting_submissionfile"] == 2
    for record in files:
        assert manifest["media"][record.file.name] == {
            "sha256": record.sha256,
            "size": record.size,
        }

    media = FileSystemStorage(location=tmp_path / "restored-media")
    if source.is_postgres:
        target, drop = _fresh_postgres("restore")
    else:
        target = Database(
            {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        )
        drop = lambda: None  # noqa: E731
    try:
        backup_restore(archive, database=target, storage=media)

        assert count_rows(target) == before
        restored = _submission_files(target)
        assert [name for name, _sha in restored] == [r.file.name for r in files]
        for name, sha256 in restored:
            with media.open(name, "rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == sha256
        with pytest.raises(BackupError, match="is not empty"):
            backup_restore(archive, database=target, storage=FileSystemStorage(tmp_path / "x"))
    finally:
        drop()


def test_a_restore_refuses_a_non_empty_media_folder(submitted, tmp_path):
    archive = backup_create(tmp_path / "backups")
    media = FileSystemStorage(location=tmp_path / "media-in-use")
    (tmp_path / "media-in-use").mkdir()
    (tmp_path / "media-in-use" / "photo.jpg").write_bytes(b"\xff\xd8")
    if Database.default().is_postgres:
        target, drop = _fresh_postgres("refuse")
    else:
        target = Database(
            {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        )
        drop = lambda: None  # noqa: E731
    try:
        with pytest.raises(BackupError, match=r"media storage is not empty \(it holds photo.jpg\)"):
            backup_restore(archive, database=target, storage=media)
        assert count_rows(target) == {}
    finally:
        drop()


def test_the_restore_command_refuses_the_database_in_use(submitted, tmp_path):
    archive = backup_create(tmp_path / "backups")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(archive))


def _sqlite_source(path):
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE registry (id INTEGER PRIMARY KEY, name TEXT)")
        c.executemany("INSERT INTO registry (name) VALUES (?)", [("Алматы",), ("Астана",)])
        c.execute("CREATE TABLE empty_one (id INTEGER PRIMARY KEY)")
    return Database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})


def test_the_sqlite_path_backs_up_and_restores_with_the_backup_api(tmp_path):
    source = _sqlite_source(tmp_path / "live.sqlite3")
    files = FileSystemStorage(location=tmp_path / "media")
    files.save("imports/2026/12/stays.xlsx", io.BytesIO(b"PK stays"))

    archive = backup_create(tmp_path / "backups", database=source, storage=files)

    with tarfile.open(archive) as tar:
        assert tar.getnames() == [
            "database.sqlite3",
            "media/imports/2026/12/stays.xlsx",
            "manifest.json",
        ]
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["tables"] == {"empty_one": 0, "registry": 2}
    assert manifest["media"] == {
        "imports/2026/12/stays.xlsx": {
            "sha256": hashlib.sha256(b"PK stays").hexdigest(),
            "size": 8,
        }
    }

    target = Database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "new.db")})
    restored_files = FileSystemStorage(location=tmp_path / "restored")
    backup_restore(archive, database=target, storage=restored_files)

    assert count_rows(target) == {"empty_one": 0, "registry": 2}
    with sqlite3.connect(target.name) as c:
        assert c.execute("SELECT name FROM registry ORDER BY id").fetchall() == [
            ("Алматы",),
            ("Астана",),
        ]
    assert restored_files.open("imports/2026/12/stays.xlsx").read() == b"PK stays"
    with pytest.raises(BackupError, match=r"the database .* is not empty \(2 tables\)"):
        backup_restore(archive, database=target, storage=FileSystemStorage(tmp_path / "other"))


def test_a_damaged_archive_is_not_restored(tmp_path):
    source = _sqlite_source(tmp_path / "live.sqlite3")
    archive = backup_create(
        tmp_path / "backups", database=source, storage=FileSystemStorage(tmp_path / "m")
    )
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as old, tarfile.open(damaged, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == "database.sqlite3":
                data = data[:-1] + bytes([data[-1] ^ 1])
            new.addfile(member, io.BytesIO(data))

    target = Database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "new.db")})
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(damaged, database=target, storage=FileSystemStorage(tmp_path / "r"))


def test_old_archives_are_pruned_to_the_newest(tmp_path):
    for stamp in ("20261201-030000", "20261202-030000", "20261203-030000"):
        (tmp_path / f"yntymaq-{stamp}.tar").write_bytes(b"")

    deleted = backups_prune(tmp_path, keep=2)

    assert [p.name for p in deleted] == ["yntymaq-20261201-030000.tar"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "yntymaq-20261202-030000.tar",
        "yntymaq-20261203-030000.tar",
    ]
