"""Start-up checks of a production installation."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks

from config.settings.env import SettingError

COLLECT = "python manage.py collectstatic --noinput"


def _manifest_storage() -> bool:
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    return "Manifest" in backend


def static_problem() -> str | None:
    """What is wrong with the collected static files, or None. Only the hashed-manifest
    storage of production needs them collected; development serves them from the apps."""
    if not _manifest_storage():
        return None
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.is_file():
        return (
            f"Static files are not collected in STATIC_ROOT ({settings.STATIC_ROOT}): "
            f"run `{COLLECT}`"
        )
    return None


def require_collected_static() -> None:
    """Called when the web server starts (config/wsgi.py): without the collected files every
    page would answer 500."""
    problem = static_problem()
    if problem:
        raise SettingError(problem)


@checks.register(deploy=True)
def check_static_collected(app_configs=None, **kwargs):
    problem = static_problem()
    return [checks.Error(problem, hint=f"Run `{COLLECT}`.", id="ops.E001")] if problem else []
