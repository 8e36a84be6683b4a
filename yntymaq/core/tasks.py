"""Background work of core (django-tasks)."""

from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

# core.invitations imports this module too (module imports only, so either may load first).
from . import imports, invitations
from .notifications import reminders_send


@task()
def send_reminders() -> list[int]:
    """The daily reminder job, for schedulers that enqueue tasks instead of commands."""
    with scopes_disabled():
        created, mailed = reminders_send(today=timezone.localdate())
    return [created, mailed]


@task()
def send_invitation(invitation_id: int) -> bool:
    """E-mail an invitation's link (core.invitations); False if it is no longer waiting."""
    return invitations.invitation_mail_send(invitation_id=invitation_id)


@task()
def run_import_job(upload_id: int) -> str:
    """Check or commit one uploaded import file (core.imports.import_run); its status."""
    return imports.import_run(upload_id=upload_id)
