from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityConfig(AppConfig):
    name = "yntymaq.authority"
    label = "authority"
    verbose_name = _("Authorized body")
