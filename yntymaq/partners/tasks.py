"""Background work of partners (django-tasks): thin wrappers around the services."""

from django.utils import timezone
from django_tasks import task

from .services import agreement_statuses_refresh


@task()
def refresh_agreement_statuses() -> dict[str, int]:
    """The daily job: agreements enter into force, are prolonged automatically or expire."""
    return agreement_statuses_refresh(today=timezone.localdate())
