from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityConfig(AppConfig):
    name = "yntymaq.authority"
    label = "authority"
    verbose_name = _("Authorized body")

    def ready(self):
        from . import imports  # noqa: F401 - registers its import kind (core.imports)
