from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncomingConfig(AppConfig):
    name = "yntymaq.incoming"
    label = "incoming"
    verbose_name = _("Foreigners at the organization")

    def ready(self):
        from yntymaq.core import attention, dashboard, navigation

        from . import imports  # noqa: F401 - registers its import kind (core.imports)
        from .attention import incoming_attention
        from .views.stays import dashboard_widget

        navigation.register(
            navigation.NavItem(
                _("Foreigners"),
                "incoming:overview",
                "incoming.view",
                order=30,
                match_prefix="incoming/",
            )
        )
        attention.register(incoming_attention)
        dashboard.register(dashboard_widget)
