"""Background work of reporting (django-tasks): thin wrappers around services."""

from django_scopes import scopes_disabled
from django_tasks import task

from . import services


@task()
def generate_report_files(generation_id: int) -> str:
    """Render the annual report's files for one generation (R8.11, A2)."""
    with scopes_disabled():
        generation = services.generation_run(generation_id=generation_id)
    return generation.status
