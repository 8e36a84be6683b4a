from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yntymaq.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import dashboard, navigation, signals  # noqa: F401
        from .views.pages import attention_widget

        dashboard.register(attention_widget)

        navigation.register(
            navigation.NavItem(_("Dashboard"), "core:dashboard", "org.view", order=0)
        )
        navigation.register(
            navigation.NavItem(
                _("Needs attention"),
                "core:attention",
                "org.view",
                order=5,
                match_prefix="attention/",
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Audit log"), "core:audit-log", "audit.view", order=900, match_prefix="audit/"
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Settings"),
                "core:organization-settings",
                "org.settings",
                order=950,
                match_prefix="settings/",
            )
        )
