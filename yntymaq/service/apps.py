from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "yntymaq.service"
    label = "service"
    verbose_name = _("International cooperation service")

    def ready(self):
        from yntymaq.core import dashboard, navigation

        from .views import dashboard_widget

        navigation.register(
            navigation.NavItem(
                _("Service"), "service:overview", "service.view", order=10, match_prefix="service/"
            )
        )
        dashboard.register(dashboard_widget)
