"""All-or-nothing imports with a preview.

A handler `handler(rows, *, organization, actor) -> ImportResult` processes every row through the
app's services and records each row's errors instead of stopping at the first. `run_import`
runs it inside one transaction: in preview, or when any row has an error, everything is rolled
back, so the same code validates and commits. Handlers make re-importing the same file change
nothing (match rows on a natural key and count them as unchanged).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import audit
from .errors import ApplicationError
from .models import ImportUpload, Organization, User


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

    @property
    def ok(self) -> bool:
        return not self.errors

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


class _Rollback(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


def run_import(
    handler: Callable[..., ImportResult],
    rows: list,
    *,
    organization: Organization,
    actor: User,
    commit: bool,
) -> ImportResult:
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


@transaction.atomic
def import_upload_store(
    *, organization: Organization, actor: User, kind: str, upload
) -> ImportUpload:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = ImportUpload(
        organization=organization,
        kind=kind,
        original_name=upload.name[:255],
        sha256=digest.hexdigest(),
        created_by=actor,
    )
    stored.file.save(upload.name, upload, save=False)
    stored.save()
    return stored


@transaction.atomic
def import_upload_mark_committed(
    *, stored: ImportUpload, actor: User, result: ImportResult
) -> None:
    stored.committed_at = timezone.now()
    stored.save(update_fields=["committed_at", "updated_at"])
    audit.record(
        action=f"{stored.kind.split('.')[0]}.import.committed",
        actor=actor,
        target=stored,
        data={
            "kind": stored.kind,
            "sha256": stored.sha256,
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
    stale = ImportUpload.objects.filter(
        committed_at__isnull=True, created_at__lt=now - IMPORT_UPLOAD_KEPT
    )
    by_organization: dict[int, list[ImportUpload]] = {}
    for upload in stale.select_related("organization"):
        by_organization.setdefault(upload.organization_id, []).append(upload)
    for uploads in by_organization.values():
        with transaction.atomic():
            ImportUpload.objects.filter(pk__in=[u.pk for u in uploads]).delete()
            audit.record(
                action="core.import.purged",
                actor=None,
                organization=uploads[0].organization,
                data={"count": len(uploads), "files": [u.original_name for u in uploads]},
            )
        for upload in uploads:  # after the commit: a rolled-back delete keeps its file
            upload.file.delete(save=False)
    return sum(len(uploads) for uploads in by_organization.values())
