from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "yntymaq.planning"
    label = "planning"
    verbose_name = _("Plans and the year's work")

    def ready(self):
        from yntymaq.core import attention, navigation
        from yntymaq.people.queries import register_unit_link

        from .attention import plan_item_deadlines
        from .queries import unit_persons

        # One menu entry; the sections are tabs inside the planning pages.
        navigation.register(
            navigation.NavItem(
                _("Plans"), "planning:overview", "planning.view", order=60, match_prefix="planning/"
            )
        )
        attention.register(plan_item_deadlines)
        register_unit_link(unit_persons)
