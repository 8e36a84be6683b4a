from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "yntymaq.partners"
    label = "partners"
    verbose_name = _("Partners and agreements")

    def ready(self):
        from yntymaq.core import attention, dashboard, navigation, notifications, panels

        from . import imports  # noqa: F401 - registers its import kinds (core.imports)
        from .attention import partners_attention
        from .services import agreement_statuses_refresh
        from .views.agreements import dashboard_widget
        from .views.links import stay_agreement_panel, trip_partner_panel

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
        # R8.3: stays and trips under agreements, shown on incoming's and outbound's pages.
        panels.register("incoming.stay_detail", stay_agreement_panel)
        panels.register("outbound.trip_detail", trip_partner_panel)
        # The daily job (send_reminders) first brings agreements' statuses up to date.
        notifications.register_daily(agreement_statuses_refresh)
