from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncomingConfig(AppConfig):
    name = "yntymaq.incoming"
    label = "incoming"
    verbose_name = _("Foreigners at the organization")
