"""The one import flow every registry uses (issues 14 and 15): upload, check, commit.

An app declares an import once, as an `ImportSpec` registered here (its kind, the columns of
its sheet, its row handler) from its AppConfig.ready(). Its page uses core.import_pages.

1. `import_start` checks the file before anything parses it (size; for an XLSX, the
   uncompressed size and compression ratio from the zip's central directory: zip bombs),
   stores it with its SHA-256 and queues the check (or, for a one-step import, the commit).
2. The task worker runs `import_run`: it reads the rows (at most IMPORT_MAX_ROWS) and runs the
   row handler. A check runs it in a transaction that is always rolled back. A commit runs it
   in ONE transaction with the file's upload rows locked (`select_for_update`): every row is
   saved or none, and the same upload, or the same file (SHA-256) already imported into that
   organization's registry, is refused. Every row's errors are kept (the first
   IMPORT_MAX_ERRORS_SHOWN, and their count).
3. The page polls the upload's status; the live progress and a cancel request travel through
   the cache (`progress` alias, else `default`), since the upload row is locked and the
   job's writes are invisible until its transaction ends.

A handler `handler(rows, *, organization, actor) -> ImportResult` processes every row through
the app's services, iterating them with `each_row` (progress and cancel), and records each
row's errors instead of stopping at the first. Preview and commit run the same handler, so
they share its lookups and its checks. Handlers make re-importing the same content change
nothing (match rows on a natural key and count them as unchanged).
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from . import audit
from .enums import ImportStatus
from .errors import ApplicationError
from .models import ImportUpload, Organization, User
from .xlsx import read_rows

logger = logging.getLogger(__name__)

RUNNING = (ImportStatus.QUEUED, ImportStatus.RUNNING)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # when read back from an upload, the errors not kept are counted here

    @property
    def ok(self) -> bool:
        return not self.errors and not self.error_count

    @property
    def errors_total(self) -> int:
        return max(self.error_count, len(self.errors))

    def add_errors(self, row: int, error: ApplicationError | ValidationError) -> None:
        """Record a row's validation or domain error(s) under their columns."""
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for column, errors in error.message_dict.items():
                for message in errors:
                    self.errors.append(
                        RowError(row, "" if column == "__all__" else column, message)
                    )
        elif isinstance(error, ValidationError):
            for message in error.messages:
                self.errors.append(RowError(row, "", message))
        else:
            self.errors.append(RowError(row, error.field or "", str(error.message)))

    def as_data(self) -> dict[str, Any]:
        """What an upload keeps: the counts and the first IMPORT_MAX_ERRORS_SHOWN errors."""
        kept = self.errors[: settings.IMPORT_MAX_ERRORS_SHOWN]
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [[e.row, e.column, str(e.message)] for e in kept],
            "error_count": self.errors_total,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            created=data.get("created", 0),
            updated=data.get("updated", 0),
            unchanged=data.get("unchanged", 0),
            errors=[RowError(*error) for error in data.get("errors", [])],
            error_count=data.get("error_count", 0),
        )


class ImportRefused(ApplicationError):
    """The file as a whole cannot be imported (too large, not a workbook, already imported)."""


class ImportCancelled(Exception):
    """Raised inside a running job when its user cancelled it: everything is rolled back."""


# --- what an app declares -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSpec:
    """One kind of import: `kind` ("<app>.<entity>"), the sheet's `columns` {key: "English|
    Русский|Қазақша"} read by core.xlsx.read_rows (or by `read(file, limit)` when the app
    reads its sheet itself), the row `handler`, the audit action of a commit, and the
    `optional` columns a file may leave out."""

    kind: str
    columns: dict[str, str]
    handler: Callable[..., ImportResult]
    read: Callable[[IO[bytes], int], list] | None = None
    audit_action: str = ""
    optional: frozenset[str] = frozenset()

    def rows(self, handle: IO[bytes], limit: int) -> list:
        if self.read is not None:
            return self.read(handle, limit)
        return read_rows(handle, self.columns, self.optional, limit=limit)

    def column_label(self, key: str) -> str:
        """A column's header in the current language (for listing row errors)."""
        texts = self.columns.get(key)
        if not texts:
            return key
        language = (translation.get_language() or "ru").split("-")[0]
        parts = texts.split("|")
        return parts[min({"en": 0, "ru": 1, "kk": 2}.get(language, 1), len(parts) - 1)]

    @property
    def committed_action(self) -> str:
        return self.audit_action or f"{self.kind.split('.')[0]}.import.committed"


_SPECS: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    """Declare an import kind (from the app's AppConfig.ready(), so the worker knows it)."""
    _SPECS[spec.kind] = spec
    return spec


def spec_for(kind: str) -> ImportSpec:
    return _SPECS[kind]


# --- the synchronous core: one handler run in one transaction -------------------------------


class _Rollback(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


def run_import(
    handler: Callable[..., ImportResult],
    rows: list,
    *,
    organization: Organization | None,
    actor: User,
    commit: bool,
) -> ImportResult:
    """Run a handler in one transaction; in preview, or when any row has an error, everything
    is rolled back, so the same code validates and commits."""
    try:
        with transaction.atomic():
            result = handler(rows, organization=organization, actor=actor)
            if not commit or not result.ok:
                raise _Rollback(result)
    except _Rollback as rollback:
        return rollback.result
    return result


def row_savepoint(result: ImportResult, row: int, action: Callable[[], str]) -> None:
    """Run one row's action in a savepoint; its return value ("created", "updated",
    "unchanged") is counted, its errors recorded, and a failed row leaves no trace."""
    try:
        with transaction.atomic():
            outcome = action()
    except (ApplicationError, ValidationError) as error:
        result.add_errors(row, error)
        return
    setattr(result, outcome, getattr(result, outcome) + 1)


# --- progress and cancel, through the cache --------------------------------------------------


def _cache():
    return caches["progress" if "progress" in settings.CACHES else "default"]


def _cache_set(key: str, value) -> None:
    try:
        _cache().set(key, value, 24 * 3600)
    except Exception:
        logger.warning("Import progress not stored in the cache", exc_info=True)


def _cache_get(key: str):
    try:
        return _cache().get(key)
    except Exception:
        logger.warning("Import progress not read from the cache", exc_info=True)
        return None


def _cache_delete(upload_id: int) -> None:
    try:
        _cache().delete_many([_progress_key(upload_id), _cancel_key(upload_id)])
    except Exception:
        logger.warning("Import progress not removed from the cache", exc_info=True)


def _progress_key(upload_id: int) -> str:
    return f"core.import.{upload_id}.progress"


def _cancel_key(upload_id: int) -> str:
    return f"core.import.{upload_id}.cancel"


class _Tracker:
    """The running job's rows: every `step` rows the progress is published and a cancel
    request looked for. Reading the file counts as the first 10 %."""

    def __init__(self, upload_id: int, total: int):
        self.upload_id = upload_id
        self.total = max(total, 1)
        self.done = 0
        self.step = max(1, min(500, self.total // 50))

    def tick(self) -> None:
        self.done += 1
        if self.done % self.step:
            return
        _cache_set(_progress_key(self.upload_id), 10 + 89 * self.done // self.total)
        if _cache_get(_cancel_key(self.upload_id)):
            raise ImportCancelled


_tracker: contextvars.ContextVar[_Tracker | None] = contextvars.ContextVar(
    "import_tracker", default=None
)


def each_row(rows: Iterable) -> Iterator:
    """Handlers iterate their rows through this: the running job's progress and cancel."""
    tracker = _tracker.get()
    for row in rows:
        if tracker is not None:
            tracker.tick()
        yield row


def import_progress(upload: ImportUpload) -> int:
    """The percentage to show: the live one while the job runs."""
    if upload.status in RUNNING:
        return max(upload.progress, _cache_get(_progress_key(upload.pk)) or 0)
    return 100 if upload.status == ImportStatus.COMMITTED else upload.progress


# --- the file ----------------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    return formats.number_format(round(size / (1024 * 1024), 1), decimal_pos=1)


def import_file_check(upload) -> str:
    """Refuse a file before anything parses it; its SHA-256 when it may be imported.

    An XLSX is a zip: its central directory states every member's packed and unpacked size
    (zipfile enforces the stated size when a member is read, so a member cannot unpack to
    more). A file that would unpack to more than IMPORT_MAX_UNCOMPRESSED_BYTES, or (past 1 MB)
    more than IMPORT_MAX_COMPRESSION_RATIO times its packed size, is refused: spreadsheets
    pack 5 to 30 times, zip bombs a thousand times."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("The file has %(size)s MB; at most %(max)s MB can be imported at once.")
            % {"size": _megabytes(upload.size), "max": _megabytes(settings.IMPORT_MAX_BYTES)},
            field="file",
        )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ImportRefused(
            _("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from error
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise ImportRefused(
            _(
                "The workbook unpacks to %(size)s MB, more than the %(max)s MB one import "
                "takes; split it into several files."
            )
            % {
                "size": _megabytes(unpacked),
                "max": _megabytes(settings.IMPORT_MAX_UNCOMPRESSED_BYTES),
            },
            field="file",
        )
    ratio = unpacked / max(packed, 1)
    if unpacked > 1024 * 1024 and ratio > settings.IMPORT_MAX_COMPRESSION_RATIO:
        raise ImportRefused(
            _(
                "The workbook is packed %(ratio)s times, more than the %(max)s times a "
                "spreadsheet can be: it is refused as a possible zip bomb."
            )
            % {"ratio": int(ratio), "max": settings.IMPORT_MAX_COMPRESSION_RATIO},
            field="file",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in (
        upload.chunks()
        if hasattr(upload, "chunks")
        else iter(lambda: upload.read(1024 * 1024), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


# --- the flow ----------------------------------------------------------------------------------


def _same_file(upload: ImportUpload):
    """The uploads of the same file into the same registry of the same organization."""
    return ImportUpload._base_manager.filter(
        organization_id=upload.organization_id, kind=upload.kind, sha256=upload.sha256
    )


def _applied_message(applied: ImportUpload) -> str:
    return _(
        "This file was imported already, on %(date)s by %(user)s; importing the same file "
        "twice is refused."
    ) % {
        "date": formats.date_format(timezone.localtime(applied.committed_at), "SHORT_DATE_FORMAT"),
        "user": applied.created_by,
    }


def _enqueue(upload_id: int, *, inline: bool) -> None:
    if inline:
        import_run(upload_id=upload_id)
        return
    from .tasks import run_import_job  # core.tasks imports this module

    run_import_job.enqueue(upload_id)


def import_start(
    *,
    spec: ImportSpec,
    organization: Organization | None,
    actor: User,
    upload,
    commit: bool = False,
    inline: bool = False,
) -> ImportUpload:
    """Check the file (import_file_check), store it and queue its check, or its commit when
    `commit` (a one-step import). `inline` runs the job in this process (the API, whose
    callers wait for the answer; the limits bound the time). Returns the upload as it stands
    (with the immediate task backend of the tests, finished)."""
    sha256 = import_file_check(upload)
    with transaction.atomic():
        stored = ImportUpload(
            organization=organization,
            kind=spec.kind,
            original_name=upload.name[:255],
            sha256=sha256,
            created_by=actor,
            status=ImportStatus.QUEUED,
            commit_requested=commit,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        stored.file.save(upload.name, upload, save=False)
        stored.save()
    _enqueue(stored.pk, inline=inline)
    stored.refresh_from_db()
    return stored


def import_commit(*, stored: ImportUpload, actor: User, inline: bool = False) -> ImportUpload:
    """Queue the commit of a checked upload. Refused when the upload, or the same file, was
    imported already, or when it is not checked; a second click finds it queued and is
    refused too (the status moves from "checked" to "queued" once)."""
    applied = _same_file(stored).filter(committed_at__isnull=False).first()
    if applied is not None:
        raise ImportRefused(_applied_message(applied))
    queued = ImportUpload._base_manager.filter(pk=stored.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.QUEUED,
        commit_requested=True,
        progress=0,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        updated_at=timezone.now(),
    )
    if not queued:
        stored.refresh_from_db()
        if stored.status in RUNNING and stored.commit_requested:
            raise ImportRefused(_("This file is being imported already."))
        raise ImportRefused(_("Only a file checked without errors can be imported."))
    _enqueue(stored.pk, inline=inline)
    stored.refresh_from_db()
    return stored


def import_cancel(*, stored: ImportUpload) -> ImportUpload:
    """Cancel a waiting or checked upload at once, a running job at its next rows (it rolls
    back: nothing is saved). A finished import cannot be cancelled."""
    waiting = (ImportStatus.QUEUED, ImportStatus.CHECKED)
    ImportUpload._base_manager.filter(pk=stored.pk, status__in=waiting).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now(), updated_at=timezone.now()
    )
    stored.refresh_from_db()
    if stored.status == ImportStatus.RUNNING:
        _cache_set(_cancel_key(stored.pk), True)
    return stored


def _finish(upload: ImportUpload, status: str, result: dict[str, Any]) -> None:
    now = timezone.now()
    ImportUpload._base_manager.filter(pk=upload.pk).update(
        status=status,
        result=result,
        rows_total=upload.rows_total,
        progress=100 if status in (ImportStatus.CHECKED, ImportStatus.COMMITTED) else 0,
        finished_at=now,
        committed_at=now if status == ImportStatus.COMMITTED else None,
        updated_at=now,
    )


def import_run(*, upload_id: int) -> str:
    """The task worker's job for one upload (core.tasks.run_import_job): its check, or its
    commit. A job that is no longer queued (cancelled, or run by another worker) is skipped."""
    with scopes_disabled():
        started = ImportUpload._base_manager.filter(
            pk=upload_id, status=ImportStatus.QUEUED
        ).update(status=ImportStatus.RUNNING, progress=1, updated_at=timezone.now())
        if not started:
            return "skipped"
        # A cancel while queued set the status; one left from an earlier job does not count.
        _cache_delete(upload_id)
        upload = ImportUpload._base_manager.select_related("organization", "created_by").get(
            pk=upload_id
        )
        with translation.override(upload.language or settings.LANGUAGE_CODE):
            status = _run(upload, spec_for(upload.kind))
        _cache_delete(upload_id)
        return status


def _run(upload: ImportUpload, spec: ImportSpec) -> str:
    token = _tracker.set(None)
    try:
        with upload.file.open("rb") as handle:
            rows = spec.rows(handle, settings.IMPORT_MAX_ROWS)
        upload.rows_total = len(rows)
        _cache_set(_progress_key(upload.pk), 10)
        _tracker.set(_Tracker(upload.pk, len(rows)))
        if upload.commit_requested:
            result = _commit(upload, spec, rows)
            status = ImportStatus.COMMITTED if result.ok else ImportStatus.INVALID
            if result.ok:
                return status  # _commit saved the upload with its rows
        else:
            result = run_import(
                spec.handler,
                rows,
                organization=upload.organization,
                actor=upload.created_by,
                commit=False,
            )
            status = ImportStatus.CHECKED if result.ok else ImportStatus.INVALID
        data = result.as_data()
        applied = _same_file(upload).filter(committed_at__isnull=False).first()
        if applied is not None:
            data["applied"] = _applied_message(applied)
        _finish(upload, status, data)
        return status
    except ImportCancelled:
        _finish(upload, ImportStatus.CANCELLED, {})
        return ImportStatus.CANCELLED
    except ApplicationError as error:
        _finish(upload, ImportStatus.INVALID, {"file_error": str(error.message)})
        return ImportStatus.INVALID
    except Exception:
        logger.exception("Import %s (%s) failed", upload.pk, upload.kind)
        _finish(
            upload,
            ImportStatus.FAILED,
            {"file_error": _("The import failed unexpectedly; nothing was saved.")},
        )
        return ImportStatus.FAILED
    finally:
        _tracker.reset(token)


def _commit(upload: ImportUpload, spec: ImportSpec, rows: list) -> ImportResult:
    """All rows or none, in one transaction. The uploads of this file into this registry are
    locked first, in one statement and in id order: two commits of the same file (the same
    upload clicked twice, or the file uploaded twice) run one after the other, and the second
    finds the first committed and is refused."""
    try:
        with transaction.atomic():
            same = list(_same_file(upload).select_for_update().order_by("pk"))
            mine = next(u for u in same if u.pk == upload.pk)
            applied = next((u for u in same if u.committed_at is not None), None)
            if applied is not None:
                raise ImportRefused(_applied_message(applied))
            if mine.status != ImportStatus.RUNNING:
                raise ImportCancelled
            result = spec.handler(rows, organization=upload.organization, actor=upload.created_by)
            if not result.ok:
                raise _Rollback(result)
            upload.status = ImportStatus.COMMITTED
            upload.committed_at = upload.finished_at = timezone.now()
            upload.progress = 100
            upload.result = result.as_data()
            upload.save(
                update_fields=[
                    "status",
                    "committed_at",
                    "finished_at",
                    "progress",
                    "result",
                    "rows_total",
                    "updated_at",
                ]
            )
            import_upload_mark_committed(stored=upload, actor=upload.created_by, result=result)
    except _Rollback as rollback:
        return rollback.result
    return result


def import_upload_mark_committed(
    *, stored: ImportUpload, actor: User, result: ImportResult
) -> None:
    """The audit entry of a committed import (the rows have their own entries)."""
    spec = _SPECS.get(stored.kind)
    audit.record(
        action=spec.committed_action if spec else f"{stored.kind.split('.')[0]}.import.committed",
        actor=actor,
        target=stored,
        organization=stored.organization,
        data={
            "kind": stored.kind,
            "file": stored.original_name,
            "sha256": stored.sha256,
            "rows": stored.rows_total,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )


# An uploaded import file whose preview was left without a commit is kept this long.
IMPORT_UPLOAD_KEPT = timedelta(days=1)


def import_uploads_purge(*, now: datetime) -> int:
    """Daily job: files uploaded for an import that was previewed but never committed, more
    than a day ago, are deleted with their records (one audit entry per organization). The
    files of committed imports stay: they show what was imported."""
    stale = ImportUpload._base_manager.filter(
        committed_at__isnull=True, created_at__lt=now - IMPORT_UPLOAD_KEPT
    )
    by_organization: dict[int | None, list[ImportUpload]] = {}
    for upload in stale.select_related("organization"):
        by_organization.setdefault(upload.organization_id, []).append(upload)
    for uploads in by_organization.values():
        with transaction.atomic():
            ImportUpload._base_manager.filter(pk__in=[u.pk for u in uploads]).delete()
            audit.record(
                action="core.import.purged",
                actor=None,
                organization=uploads[0].organization,
                data={"count": len(uploads), "files": [u.original_name for u in uploads]},
            )
        for upload in uploads:  # after the commit: a rolled-back delete keeps its file
            upload.file.delete(save=False)
    return sum(len(uploads) for uploads in by_organization.values())
