from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "yntymaq.reporting"
    label = "reporting"
    verbose_name = _("Annual report")

    def ready(self):
        from yntymaq.core import attention, dashboard, navigation

        from .attention import reporting_attention
        from .views import charts_widget, eligibility_widget

        navigation.register(
            navigation.NavItem(
                _("Annual report"),
                "reporting:report-list",
                "reporting.view",
                order=70,
                match_prefix="reporting/",
            )
        )
        attention.register(reporting_attention)
        dashboard.register(eligibility_widget)
        dashboard.register(charts_widget)
