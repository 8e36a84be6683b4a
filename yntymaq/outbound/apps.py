from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboundConfig(AppConfig):
    name = "yntymaq.outbound"
    label = "outbound"
    verbose_name = _("Citizens sent abroad")

    def ready(self):
        from yntymaq.core import attention, dashboard, navigation
        from yntymaq.people.queries import register_unit_link

        from . import imports  # noqa: F401 - registers its import kind (core.imports)
        from .attention import outbound_attention
        from .queries import unit_persons
        from .views import dashboard_widget

        navigation.register(
            navigation.NavItem(
                _("Trips abroad"),
                "outbound:trip-list",
                "outbound.view",
                order=30,
                match_prefix="outbound/",
            )
        )
        dashboard.register(dashboard_widget)
        attention.register(outbound_attention)
        register_unit_link(unit_persons)
