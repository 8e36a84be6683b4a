from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "yntymaq.service"
    label = "service"
    verbose_name = _("International cooperation service")

    def ready(self):
        from yntymaq.core import dashboard, navigation
        from yntymaq.core.invitations import register_accepted_hook
        from yntymaq.people.queries import register_unit_link

        from .queries import unit_persons
        from .services import invitation_accepted_units
        from .views import dashboard_widget

        register_unit_link(unit_persons)

        navigation.register(
            navigation.NavItem(
                _("Service"), "service:overview", "service.view", order=10, match_prefix="service/"
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Members"),
                "service:member-list",
                "members.manage",
                order=880,
                match_prefix="members/",
            )
        )
        dashboard.register(dashboard_widget)
        # A coordinator's invitation carries units, which become the new member's.
        register_accepted_hook(invitation_accepted_units)
