"""Background work of core (django-tasks)."""

from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from .notifications import reminders_send


@task()
def send_reminders() -> list[int]:
    """The daily reminder job, for schedulers that enqueue tasks instead of commands."""
    with scopes_disabled():
        created, mailed = reminders_send(today=timezone.localdate())
    return [created, mailed]
