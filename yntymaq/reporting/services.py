"""Every change of reporting's state: one function per business action, audited.

The annual report (R8.11, A2) is created for an academic year, its notes edited, its files
generated in the background, and it is submitted as a frozen snapshot; the authority accepts
or returns a submitted version. Nothing here writes another app's data.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import tempfile
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yntymaq.core import audit
from yntymaq.core.errors import ApplicationError
from yntymaq.core.models import Organization, User

from . import queries
from .documents import render_all, rows_file_name
from .enums import GenerationStatus, SubmissionStatus
from .models import (
    NOTE_ITEMS,
    AnnualReport,
    ReportFile,
    ReportGeneration,
    Submission,
    SubmissionFile,
    year_label,
)

logger = logging.getLogger(__name__)

# A generation that has not finished within this time is taken as abandoned (worker lost).
GENERATION_TIMEOUT = timedelta(hours=1)


class ReportingError(ApplicationError):
    pass


# --- the year -------------------------------------------------------------------------------


def check_year(organization: Organization, academic_year: int, today: date) -> None:
    """A report exists only for a year the organization existed in (its registration, from
    the BIN) and that has begun."""
    start, end = queries.academic_year_bounds(organization, academic_year)
    registered = queries.organization_registered(organization)
    if registered is not None and end < registered:
        raise ReportingError(
            _(
                "%(organization)s was registered in %(month)s: there is no report for "
                "%(year)s, a year before it existed."
            )
            % {
                "organization": organization.short_name,
                "month": date_format(registered, "YEAR_MONTH_FORMAT"),
                "year": year_label(academic_year),
            },
            field="academic_year",
        )
    if start > today:
        raise ReportingError(
            _("The academic year %(year)s has not begun yet.")
            % {"year": year_label(academic_year)},
            field="academic_year",
        )


def final_version_open(report: AnnualReport, today: date) -> bool:
    """R8.11, A2 (reporting.queries.a2_period): after the academic year ended (31 August by
    default) the organization may add one final version covering the whole year, even when
    an earlier version was accepted; it is open until a final version is submitted."""
    _start, end = queries.academic_year_bounds(report.organization, report.academic_year)
    if today <= end:
        return False
    return not Submission.objects.filter(report=report, data__final=True).exists()


def _refuse_if_accepted(report: AnnualReport, today: date | None = None) -> None:
    if final_version_open(report, today or timezone.localdate()):
        return
    if Submission.objects.filter(report=report, status=SubmissionStatus.ACCEPTED).exists():
        raise ReportingError(
            _(
                "The report for %(year)s was accepted by the authority: it can no longer be "
                "changed or submitted."
            )
            % {"year": report.year_label}
        )


# --- the report -----------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, organization: Organization, academic_year: int, actor: User, today: date | None = None
) -> AnnualReport:
    """Start the annual report (A2) of an academic year."""
    today = today or timezone.localdate()
    check_year(organization, academic_year, today)
    if AnnualReport.objects.for_org(organization).filter(academic_year=academic_year).exists():
        raise ReportingError(
            _("There is already a report for %(year)s.") % {"year": year_label(academic_year)},
            field="academic_year",
        )
    report = AnnualReport(organization=organization, academic_year=academic_year, created_by=actor)
    report.full_clean()
    report.save()
    audit.record(
        action="reporting.annual_report.created",
        actor=actor,
        target=report,
        data={"academic_year": academic_year},
    )
    return report


NOTE_FIELDS = [f"note_{n}" for n in NOTE_ITEMS]


@transaction.atomic
def report_update_notes(*, report: AnnualReport, actor: User, notes: dict[str, str]):
    """Edit the report's own text (the brief information of items 7–9 and a note to any
    item). The registries are not changed."""
    _refuse_if_accepted(report)
    before = audit.snapshot(report, NOTE_FIELDS)
    for name in NOTE_FIELDS:
        if name in notes:
            setattr(report, name, (notes[name] or "").strip())
    report.full_clean()
    report.save(update_fields=[*NOTE_FIELDS, "updated_at"])
    changes = audit.changes(before, audit.snapshot(report, NOTE_FIELDS))
    if changes:
        audit.record(
            action="reporting.annual_report.updated",
            actor=actor,
            target=report,
            data={"changes": changes},
        )
    return report


# --- generation of the files ----------------------------------------------------------------


def _abandon_stale(report: AnnualReport, now: datetime) -> None:
    stale = ReportGeneration.objects.filter(
        report=report,
        status__in=(GenerationStatus.PENDING, GenerationStatus.RUNNING),
        created_at__lt=now - GENERATION_TIMEOUT,
    )
    stale.update(
        status=GenerationStatus.FAILED,
        error="The generation did not finish in time.",
        finished_at=now,
    )


@transaction.atomic
def generation_start(*, report: AnnualReport, actor: User) -> ReportGeneration:
    """Start generating the report's files in the background (django-tasks)."""
    from .tasks import generate_report_files

    now = timezone.now()
    check_year(report.organization, report.academic_year, timezone.localdate())
    _abandon_stale(report, now)
    busy = ReportGeneration.objects.filter(
        report=report, status__in=(GenerationStatus.PENDING, GenerationStatus.RUNNING)
    ).exists()
    if busy:
        raise ReportingError(_("The files are being generated already; wait until it finishes."))
    generation = ReportGeneration.objects.create(
        organization=report.organization, report=report, started_by=actor
    )
    audit.record(action="reporting.report_generation.started", actor=actor, target=report)
    generate_report_files.enqueue(generation.pk)
    return generation


def _progress(generation: ReportGeneration, percent: int, step: str, **fields) -> None:
    generation.progress = max(0, min(100, percent))
    generation.step = step[:200]
    for name, value in fields.items():
        setattr(generation, name, value)
    generation.save(update_fields=["progress", "step", *fields, "updated_at"])


def _digest(content) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    if isinstance(content, bytes):
        digest.update(content)
        return digest.hexdigest(), len(content)
    content.seek(0)
    for chunk in iter(lambda: content.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return digest.hexdigest(), size


def generation_run(*, generation_id: int) -> ReportGeneration:
    """The background work: read the report's data, render every file, store them with
    their SHA-256. On failure the generation is marked failed and keeps no file, so the
    previous generation's files stay the report's files.

    Memory does not grow with the long lists (A2.3, A2.4, A2.6, A2.7): they are written to a
    temporary rows file as they are read (reporting.lists), every file is rendered from it row
    by row into a temporary file, and the rows file is stored with the generation next to its
    files."""
    generation = ReportGeneration.objects.select_related("report__organization").get(
        pk=generation_id
    )
    if generation.status != GenerationStatus.PENDING:
        return generation
    report = generation.report
    organization = report.organization
    _progress(generation, 2, _("Reading the registries"), status=GenerationStatus.RUNNING)
    stored: list[ReportFile] = []
    rows_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    try:
        data = queries.report_data(
            report,
            progress=lambda item: _progress(generation, 3 * item, _("Reading the registries")),
            rows_file=rows_file,
        )
        # Model instances with their prefetched relations, like fpdf2's objects, form reference
        # cycles that only the cyclic collector frees: collected after the steps that leave the
        # most (reading, each PDF), their garbage does not add up.
        gc.collect()
        for kind, language, name, content in render_all(
            organization, data, lambda step, percent: _progress(generation, percent, step)
        ):
            sha, size = _digest(content)
            record = ReportFile(
                organization=organization,
                generation=generation,
                kind=kind,
                language=language,
                name=name,
                sha256=sha,
                size=size,
            )
            payload = ContentFile(content) if isinstance(content, bytes) else File(content)
            record.file.save(f"{generation.pk}-{name}", payload, save=False)
            if not isinstance(content, bytes):
                content.close()
            stored.append(record)
            if kind == "pdf":
                gc.collect()
        generation.rows_sha256, _size = _digest(rows_file)
        generation.rows_file.save(
            f"{generation.pk}-{rows_file_name(data)}", File(rows_file), save=False
        )
        with transaction.atomic():
            ReportFile.objects.bulk_create(stored)
            generation.data = queries.frozen(data)
            generation.data_sha256 = queries.data_sha256(data)
            generation.status = GenerationStatus.DONE
            generation.progress = 100
            generation.step = ""
            generation.finished_at = timezone.now()
            generation.save()
            audit.record(
                action="reporting.report_generation.finished",
                actor=generation.started_by,
                target=report,
                data={"generation": generation.pk, "sha256": generation.data_sha256},
            )
    except Exception as error:
        logger.exception("Generation %s of report %s failed", generation.pk, report.pk)
        for record in stored:
            record.file.delete(save=False)
        if generation.rows_file:
            generation.rows_file.delete(save=False)
        generation.rows_file, generation.rows_sha256 = "", ""
        generation.status = GenerationStatus.FAILED
        generation.error = f"{type(error).__name__}: {error}"[:2000]
        generation.finished_at = timezone.now()
        generation.save(
            update_fields=[
                "status",
                "error",
                "finished_at",
                "rows_file",
                "rows_sha256",
                "updated_at",
            ]
        )
        audit.record(
            action="reporting.report_generation.failed",
            actor=generation.started_by,
            target=report,
            data={"generation": generation.pk, "error": generation.error},
        )
        return generation
    finally:
        rows_file.close()
    _prune_older_files(generation)
    return generation


def _prune_older_files(current: ReportGeneration) -> None:
    """Files of older finished generations are replaced by the current ones (a submission
    keeps its own copies), and so are their rows files."""
    older = ReportFile.objects.filter(
        generation__report=current.report, generation__pk__lt=current.pk
    )
    for record in older:
        record.file.delete(save=False)
    older.delete()
    with_rows = ReportGeneration.objects.filter(report=current.report, pk__lt=current.pk).exclude(
        rows_file=""
    )
    for generation in with_rows.only("pk", "rows_file", "organization_id"):
        generation.rows_file.delete(save=False)
    with_rows.update(rows_file="", rows_sha256="")


# A generated file that no record names is deleted once it is this old (a generation that was
# still running writes its files before it records them, and runs for an hour at most).
ORPHAN_FILE_AGE = timedelta(days=1)


def report_files_purge(*, now: datetime) -> dict[str, int]:
    """Daily job: generations that did not finish in time (their worker stopped) are marked
    failed, and generated files that no generation or report file names (left by a worker that
    was killed half-way) are deleted. A submission's files are never touched."""
    stale = ReportGeneration.objects.filter(
        status__in=(GenerationStatus.PENDING, GenerationStatus.RUNNING),
        created_at__lt=now - GENERATION_TIMEOUT,
    ).select_related("report__organization")
    abandoned = 0
    for generation in stale:
        with transaction.atomic():
            _abandon_stale(generation.report, now)
            audit.record(
                action="reporting.report_generation.abandoned",
                actor=None,
                target=generation.report,
                data={"generation": generation.pk},
            )
        abandoned += 1
    deleted = 0
    for organization_id, names in _generated_files():
        known = set(
            ReportFile.objects.filter(organization_id=organization_id).values_list(
                "file", flat=True
            )
        ) | set(
            ReportGeneration.objects.filter(organization_id=organization_id)
            .exclude(rows_file="")
            .values_list("rows_file", flat=True)
        )
        orphans = [
            name
            for name in names
            if name not in known and default_storage.get_modified_time(name) < now - ORPHAN_FILE_AGE
        ]
        for name in orphans:
            default_storage.delete(name)
        if orphans:
            audit.record(
                action="reporting.generated_files.purged",
                actor=None,
                organization=Organization.objects.get(pk=organization_id),
                data={"count": len(orphans), "files": orphans},
            )
        deleted += len(orphans)
    return {"abandoned_generations": abandoned, "orphan_files": deleted}


def _generated_files():
    """(organization id, [storage names]) of every organization's generated files."""
    try:
        folders, _files = default_storage.listdir("reporting")
    except FileNotFoundError:
        return
    for folder in folders:
        if not folder.isdigit():
            continue
        base = f"reporting/{folder}/generated"
        try:
            _dirs, files = default_storage.listdir(base)
        except FileNotFoundError:
            continue
        yield int(folder), [f"{base}/{name}" for name in files]


# --- submission (R8.11) ---------------------------------------------------------------------


def _copy_file(source, target, name: str, sha256: str) -> str:
    """Copy a generated file into a submission's own storage, checking its SHA-256."""
    with source.open("rb") as handle:
        sha, _size = _digest(handle)
        if sha != sha256:
            raise ReportingError(
                _("A generated file has changed since it was made: generate again.")
            )
        target.save(name, File(handle), save=False)
    return sha


@transaction.atomic
def report_submit(*, report: AnnualReport, actor: User, now: datetime | None = None) -> Submission:
    """R8.11: submit the report to the authority — freeze its data and files (with SHA-256)
    as a new version. Refused after acceptance, without generated files, when the notes
    changed since the files were made, or with blocking gaps."""
    now = now or timezone.now()
    report = AnnualReport.objects.for_org(report.organization).select_for_update().get(pk=report.pk)
    _refuse_if_accepted(report, timezone.localtime(now).date())
    generation = queries.current_generation(report)
    if generation is None:
        raise ReportingError(_("Generate the report's files first: the submission freezes them."))
    if generation.data.get("notes") != report.notes():
        raise ReportingError(
            _("The notes were changed after the files were generated: generate the files again.")
        )
    data = queries.stored_data(generation)
    blocking = queries.report_blocking_gaps(data, today=now.date())
    if blocking:
        raise ReportingError(
            _("The report cannot be submitted: %(gaps)s")
            % {"gaps": " ".join(str(gap.message) for gap in blocking)},
            extra={"gaps": [{"item": g.item, "code": g.code} for g in blocking]},
        )
    last = Submission.objects.filter(report=report).order_by("-version").first()
    deadline = queries.report_deadline(report.academic_year)
    on_time = timezone.localtime(now).date() <= deadline
    if data.get("final") and not on_time:
        # The final version comes after 31 August by design: it is on time when a version
        # for the year was (the deadline is for the report, not for its completion).
        on_time = Submission.objects.filter(report=report, on_time=True).exists()
    submission = Submission.objects.create(
        organization=report.organization,
        report=report,
        version=(last.version + 1) if last else 1,
        submitted_at=now,
        submitted_by=actor,
        deadline=deadline,
        on_time=on_time,
        data=generation.data,
        data_sha256=generation.data_sha256,
        figures=queries.report_figures(data),
    )
    if generation.rows_file:
        submission.rows_sha256 = _copy_file(
            generation.rows_file,
            submission.rows_file,
            f"{submission.pk}-v{submission.version}-{rows_file_name(data)}",
            generation.rows_sha256,
        )
        submission.save(update_fields=["rows_file", "rows_sha256", "updated_at"])
    for record in queries.generation_files(generation):
        copy = SubmissionFile(
            organization=report.organization,
            submission=submission,
            kind=record.kind,
            language=record.language,
            name=record.name,
        )
        copy.sha256 = _copy_file(
            record.file,
            copy.file,
            f"{submission.pk}-v{submission.version}-{record.name}",
            record.sha256,
        )
        copy.size = record.size
        copy.save()
    audit.record(
        action="reporting.submission.submitted",
        actor=actor,
        target=submission,
        data={
            "version": submission.version,
            "on_time": submission.on_time,
            "sha256": submission.data_sha256,
        },
    )
    return submission


@transaction.atomic
def submission_decide(
    *, submission: Submission, actor: User, accept: bool, comment: str = "", now=None
) -> Submission:
    """R8.11: the authority accepts a submitted version, or returns it with a comment."""
    if not (actor and actor.is_authority):
        raise ReportingError(_("Only the authorized body decides on submitted reports."))
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ReportingError(
            _("Version %(version)s is already %(status)s.")
            % {"version": submission.version, "status": submission.get_status_display()}
        )
    latest = Submission.objects.filter(report_id=submission.report_id).order_by("-version").first()
    if latest.pk != submission.pk:
        raise ReportingError(
            _("A newer version (%(version)s) was submitted: decide on that one.")
            % {"version": latest.version}
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ReportingError(
            _("Say in the comment what the organization should change."), field="comment"
        )
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    submission.comment = comment
    submission.decided_by = actor
    submission.decided_at = now or timezone.now()
    submission.save(update_fields=["status", "comment", "decided_by", "decided_at", "updated_at"])
    audit.record(
        action="reporting.submission.accepted" if accept else "reporting.submission.returned",
        actor=actor,
        target=submission,
        organization=submission.organization,
        data={"version": submission.version, "comment": comment},
    )
    return submission
