from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "yntymaq.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from yntymaq.core import navigation

        navigation.register(
            navigation.NavItem(
                _("People"), "people:person-list", "people.view", order=20, match_prefix="people/"
            )
        )
