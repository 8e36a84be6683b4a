from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the system: health, heartbeats, the schedule of daily jobs, backups."""

    name = "yntymaq.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
