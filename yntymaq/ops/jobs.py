"""The daily jobs and when they run (crontab "minute hour day month weekday", local time).

To add a job, write its function in its app's services (`fn(*, now) -> summary`) and add one
line below; the scheduler picks it up at its next start, runs it at its time once however many
machines run a scheduler, and catches it up when its time passed while no scheduler ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    run: object  # fn(*, now: datetime) -> a JSON-able summary
    description: str


def reminders(*, now: datetime):
    """The apps' daily upkeep first (partners: agreements enter into force, are prolonged or
    expire), then deadline reminders: in-app notifications and one e-mail digest a person."""
    from yntymaq.core.notifications import reminders_send

    created, mailed = reminders_send(today=timezone.localdate(now))
    return {"notifications": created, "digests": mailed}


def invitations(*, now: datetime):
    """Invitations that expired unanswered: marked, audited, whoever invited told (in the
    morning's digest)."""
    from yntymaq.core.invitations import invitations_expired_note

    return {"expired": invitations_expired_note(now=now)}


def login_records(*, now: datetime):
    """Records of logins and failed logins older than YNTYMAQ_LOGIN_LOG_DAYS: deleted."""
    from yntymaq.core.throttling import login_records_purge

    return login_records_purge(now=now)


def api_tokens(*, now: datetime):
    """API tokens past YNTYMAQ_API_TOKEN_DAYS (they no longer open anything): deleted."""
    from yntymaq.core.services import api_tokens_purge

    return {"deleted": api_tokens_purge(now=now)}


def import_uploads(*, now: datetime):
    from yntymaq.core.imports import import_uploads_purge

    return {"deleted": import_uploads_purge(now=now)}


def questionnaire_links(*, now: datetime):
    from yntymaq.incoming.services import questionnaire_links_purge

    return {"deleted": questionnaire_links_purge(now=now)}


def report_files(*, now: datetime):
    from yntymaq.reporting.services import report_files_purge

    return report_files_purge(now=now)


def task_results(*, now: datetime):
    """Results of background tasks finished more than 14 days ago (django-tasks-db)."""
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return {"skipped": "tasks are not kept in the database"}
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)
    return {}


def sessions(*, now: datetime):
    """Expired sessions (the database copy of the cached sessions)."""
    call_command("clearsessions", verbosity=0)
    return {}


def operations(*, now: datetime):
    """The scheduler's own ledger after 90 days, heartbeats of processes gone for a week."""
    from .heartbeats import heartbeats_purge
    from .scheduler import runs_purge

    return {"runs": runs_purge(now=now), "heartbeats": heartbeats_purge(now=now)}


JOBS: list[Job] = [
    Job("invitations", "50 5 * * *", invitations, invitations.__doc__),
    Job("reminders", "0 6 * * *", reminders, reminders.__doc__),
    Job(
        "import-uploads",
        "10 3 * * *",
        import_uploads,
        "Import files previewed but not committed for a day: deleted.",
    ),
    Job(
        "questionnaire-links",
        "20 3 * * *",
        questionnaire_links,
        "Questionnaire links that stopped working 90 days ago for good: deleted.",
    ),
    Job(
        "report-files",
        "30 3 * * *",
        report_files,
        "Report generations that never finished: failed; generated files nothing names: deleted.",
    ),
    Job("task-results", "40 3 * * *", task_results, task_results.__doc__),
    Job("sessions", "50 3 * * *", sessions, sessions.__doc__),
    Job("login-records", "52 3 * * *", login_records, login_records.__doc__),
    Job("api-tokens", "54 3 * * *", api_tokens, api_tokens.__doc__),
    Job("operations", "0 4 * * *", operations, operations.__doc__),
]


def job_call(job: Job, *, now: datetime):
    """Run a job across every organization (no tenant scope)."""
    with scopes_disabled():
        return job.run(now=now)
