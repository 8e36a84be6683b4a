"""Diplomatic missions and national cultural centres with the contacts log (R8.12).

An entry of the log about a foreigner's stay is personal data:
only roles with `people.view_restricted` see it, and each view of such entries is audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from yntymaq.core import audit
from yntymaq.core.queries import audit_entries_for
from yntymaq.core.views.base import OrgObjectFormView
from yntymaq.core.views.generic import (
    OrgCreatePage,
    OrgDeletePage,
    OrgDetailPage,
    OrgListPage,
    OrgUpdatePage,
)

from .. import queries, services
from ..forms import MissionContactForm, MissionFilterForm, MissionForm
from ..models import DiplomaticMission, MissionContact

RESTRICTED = "people.view_restricted"


def log_restricted_contacts(request, mission: DiplomaticMission, entries) -> None:
    """Reading entries about foreigners' stays is an audited action (personal data)."""
    about_persons = [e.pk for e in entries if e.stay_id]
    if about_persons:
        audit.record(
            action="partners.mission_contact.restricted_viewed",
            actor=request.user,
            target=mission,
            data={"fields": ["stay", "subject", "outcome"], "entries": about_persons},
        )


class MissionListView(OrgListPage):
    model = DiplomaticMission
    permission = "partners.view"
    template_name = "partners/mission_list.html"
    table_template = "partners/_mission_table.html"
    page_title = _("Diplomatic missions and cultural centres")
    tab = "missions"

    def get_queryset(self):
        self.filter_form = MissionFilterForm(self.request.GET)
        return queries.mission_list(organization=self.organization, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        return super().get_context_data(**kwargs)


class MissionDetailView(OrgDetailPage):
    model = DiplomaticMission
    permission = "partners.view"
    template_name = "partners/mission_detail.html"
    context_object_name = "mission"
    tab = "missions"

    def get_object(self, queryset=None):
        return queries.mission_get(organization=self.organization, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        mission = self.object
        with_restricted = self.can(RESTRICTED)
        entries = list(queries.mission_contacts(mission, with_restricted=with_restricted))
        if with_restricted:
            log_restricted_contacts(self.request, mission, entries)
        kwargs.update(
            page_title=mission.name,
            entries=entries,
            with_restricted=with_restricted,
            can_change=self.can("partners.change"),
        )
        if self.can("audit.view") or self.can("partners.change"):
            kwargs["history"] = audit_entries_for(mission)[:20]
        return super().get_context_data(**kwargs)


class MissionCreateView(OrgCreatePage):
    permission = "partners.change"
    form_class = MissionForm
    template_name = "partners/mission_form.html"
    service = services.mission_create
    page_title = _("New mission or cultural centre")
    success_message = _("The mission is saved.")
    tab = "missions"


class MissionUpdateView(OrgUpdatePage):
    model = DiplomaticMission
    permission = "partners.change"
    form_class = MissionForm
    template_name = "partners/mission_form.html"
    service = services.mission_update
    object_arg = "mission"
    page_title = _("Edit mission or cultural centre")
    success_message = _("The changes are saved.")
    tab = "missions"


class MissionDeleteView(OrgDeletePage):
    model = DiplomaticMission
    permission = "partners.change"
    template_name = "partners/confirm_delete.html"
    service = services.mission_delete
    object_arg = "mission"
    success_url_name = "partners:mission-list"
    page_title = _("Delete mission or cultural centre")
    success_message = _("%(name)s is deleted.")
    tab = "missions"


class MissionContactCreateView(OrgObjectFormView):
    """Log a contact with the mission; naming a foreigner's stay needs personal-data access."""

    model = DiplomaticMission
    permission = "partners.change"
    form_class = MissionContactForm
    template_name = "partners/mission_contact_form.html"
    page_title = _("New contact")
    success_message = _("The contact is logged.")
    tab = "missions"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"may_name_person": self.can(RESTRICTED)}

    def get_context_data(self, **kwargs):
        kwargs["mission"] = self.object
        return super().get_context_data(**kwargs)

    def perform(self, form):
        self.mission = self.object
        return services.mission_contact_create(
            mission=self.object, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return self.mission.get_absolute_url() + "#contacts"


class MissionContactMixin:
    model = MissionContact
    tab = "missions"

    def get_object(self):
        entry = queries.mission_contact_get(
            organization=self.organization,
            mission_pk=self.kwargs["mission_pk"],
            pk=self.kwargs["pk"],
        )
        if entry.stay_id and not self.can(RESTRICTED):
            raise PermissionDenied
        self.mission = entry.mission
        return entry

    def get_context_data(self, **kwargs):
        kwargs["mission"] = self.mission
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.mission.get_absolute_url() + "#contacts"


class MissionContactUpdateView(MissionContactMixin, OrgUpdatePage):
    permission = "partners.change"
    form_class = MissionContactForm
    template_name = "partners/mission_contact_form.html"
    service = services.mission_contact_update
    object_arg = "entry"
    page_title = _("Edit contact")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"may_name_person": self.can(RESTRICTED)}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object.stay_id:
            log_restricted_contacts(request, self.mission, [self.object])
        return response


class MissionContactDeleteView(MissionContactMixin, OrgDeletePage):
    permission = "partners.change"
    template_name = "partners/confirm_delete.html"
    service = services.mission_contact_delete
    object_arg = "entry"
    page_title = _("Delete contact")
    success_message = _("The contact is deleted.")
