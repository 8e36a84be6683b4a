from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "yntymaq.partners"
    label = "partners"
    verbose_name = _("Partners and agreements")

    def ready(self):
        from yntymaq.core import attention, dashboard, navigation, notifications

        from .attention import partners_attention
        from .services import agreement_statuses_refresh
        from .views.agreements import dashboard_widget

        navigation.register(
            navigation.NavItem(
                _("Partners"),
                "partners:agreement-list",
                "partners.view",
                order=40,
                match_prefix="partners/",
            )
        )
        dashboard.register(dashboard_widget)
        attention.register(partners_attention)
        # The daily job (send_reminders) first brings agreements' statuses up to date.
        notifications.register_daily(agreement_statuses_refresh)
