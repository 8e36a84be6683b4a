"""Pages of the Service: its profile (R5), units (A2.1), officials (A2.2) and the appointment
of its head or of the responsible person (R6, R7). Thin: parse, call a service or a query."""

from __future__ import annotations

from pathlib import PurePath

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core.access import can
from yntymaq.core.files import serve_file
from yntymaq.core.queries import audit_entries_for
from yntymaq.core.views.base import OrgObjectFormView, OrgServiceFormView, OrgViewMixin
from yntymaq.core.views.generic import (
    OrgCreatePage,
    OrgDeletePage,
    OrgDetailPage,
    OrgListPage,
    OrgUpdatePage,
)

from . import queries, services
from .enums import AppointmentKind
from .forms import (
    AppointmentEndForm,
    AppointmentForm,
    AppointmentUpdateForm,
    OfficialForm,
    ServiceProfileForm,
    UnitForm,
)
from .models import Appointment, Official, ServiceProfile, Unit
from .rules import appointment_member_warnings, appointment_warnings, service_profile_r5_warnings


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": request.organization.slug, **kwargs})


def _member_warnings(appointment: Appointment | None) -> list:
    """R7: where the appointment in force and the members differ (see views_members)."""
    if appointment is None:
        return []
    head_emails = queries.service_head_emails(appointment.organization)
    return appointment_member_warnings(appointment, head_emails)


# --- the Service page ----------------------------------------------------------------------


class ServiceOverviewView(OrgViewMixin, TemplateView):
    """The Service at a glance: profile (R5), appointment in force with its warnings (R5–R7)."""

    template_name = "service/overview.html"
    permission = "service.view"
    page_title = _("Service")

    def get_context_data(self, **kwargs):
        profile = queries.service_profile(self.organization)
        appointment = queries.current_appointment(self.organization)
        kwargs.update(
            profile=profile,
            r5_warnings=service_profile_r5_warnings(profile),
            appointment=appointment,
            warnings=appointment_warnings(appointment, profile) if appointment else [],
            member_warnings=_member_warnings(appointment),
        )
        return super().get_context_data(**kwargs)


class ServiceProfileUpdateView(OrgServiceFormView):
    template_name = "service/profile_form.html"
    permission = "service.change"
    form_class = ServiceProfileForm
    page_title = _("Service profile")
    success_message = _("The Service profile is saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        kwargs["instance"] = queries.service_profile(self.organization) or ServiceProfile(
            organization=self.organization
        )
        return kwargs

    def perform(self, form):
        return services.service_profile_update(
            organization=self.organization, actor=self.request.user, data=form.changed_values()
        )

    def get_success_url(self):
        return _url(self.request, "service:overview")


class ServiceProfileDocumentView(OrgViewMixin, View):
    """The profile's regulation or duties file, only to members who may see the Service;
    served as an attachment with nosniff (core.files)."""

    permission = "service.view"
    document = ""  # "regulation" or "duties"

    def get(self, request, *args, **kwargs):
        profile = queries.service_profile(self.organization)
        file = getattr(profile, self.document, None) if profile else None
        if not file:
            raise Http404
        return serve_file(file, f"{self.document}{PurePath(file.name).suffix.lower()}")


# --- units (A2.1) --------------------------------------------------------------------------


class UnitListView(OrgListPage):
    model = Unit
    template_name = "service/unit_list.html"
    permission = "service.view"
    page_title = _("Internal units")

    def get_queryset(self):
        return queries.unit_list(self.organization)


class UnitCreateView(OrgCreatePage):
    template_name = "service/unit_form.html"
    permission = "service.change"
    form_class = UnitForm
    service = services.unit_create
    success_url_name = "service:unit-list"
    page_title = _("New unit")
    success_message = _("The unit is saved.")


class UnitUpdateView(OrgUpdatePage):
    model = Unit
    template_name = "service/unit_form.html"
    permission = "service.change"
    form_class = UnitForm
    service = services.unit_update
    success_url_name = "service:unit-list"
    page_title = _("Edit unit")
    success_message = _("The unit is saved.")


class UnitDeleteView(OrgDeletePage):
    model = Unit
    template_name = "service/confirm_delete.html"
    permission = "service.change"
    service = services.unit_delete
    success_url_name = cancel_url_name = "service:unit-list"
    page_title = _("Delete unit")
    success_message = _("The unit is deleted.")


# --- officials (A2.2) ----------------------------------------------------------------------


class OfficialListView(OrgListPage):
    model = Official
    template_name = "service/official_list.html"
    permission = "service.view"
    page_title = _("Officials")

    def get_queryset(self):
        return queries.official_list(self.organization)


class OfficialCreateView(OrgCreatePage):
    template_name = "service/official_form.html"
    permission = "service.change"
    form_class = OfficialForm
    service = services.official_create
    success_url_name = "service:official-list"
    page_title = _("New official")
    success_message = _("The official is saved.")


class OfficialUpdateView(OrgUpdatePage):
    model = Official
    template_name = "service/official_form.html"
    permission = "service.change"
    form_class = OfficialForm
    service = services.official_update
    success_url_name = "service:official-list"
    page_title = _("Edit official")
    success_message = _("The official is saved.")


class OfficialDeleteView(OrgDeletePage):
    model = Official
    template_name = "service/confirm_delete.html"
    permission = "service.change"
    service = services.official_delete
    success_url_name = cancel_url_name = "service:official-list"
    page_title = _("Delete official")
    success_message = _("The official is deleted.")


# --- appointments (R6, R7) -----------------------------------------------------------------


class AppointmentListView(OrgListPage):
    """The history of appointments, latest first, each with its number of warnings."""

    model = Appointment
    template_name = "service/appointment_list.html"
    permission = "service.view"
    page_title = _("Appointment history")

    def get_queryset(self):
        return queries.appointment_history(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = queries.service_profile(self.organization)
        context["rows"] = [
            (appointment, appointment_warnings(appointment, profile))
            for appointment in context["object_list"]
        ]
        return context


class AppointmentCreateView(OrgCreatePage):
    template_name = "service/appointment_form.html"
    permission = "service.appoint"
    form_class = AppointmentForm
    service = services.appointment_create
    page_title = _("New appointment")
    success_message = _("The appointment is recorded.")

    def get_initial(self):
        profile = queries.service_profile(self.organization)
        has_service = profile is not None and profile.exists
        return {"kind": AppointmentKind.HEAD if has_service else AppointmentKind.RESPONSIBLE}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Appointment(organization=self.organization)
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs["current"] = queries.current_appointment(self.organization)
        return super().get_context_data(**kwargs)


class AppointmentDetailView(OrgDetailPage):
    model = Appointment
    template_name = "service/appointment_detail.html"
    permission = "service.view"
    page_title = _("Appointment")

    def get_queryset(self):
        return queries.appointment_history(self.organization)

    def get_context_data(self, **kwargs):
        profile = queries.service_profile(self.organization)
        kwargs["warnings"] = appointment_warnings(self.object, profile)
        kwargs["is_current"] = self.object.is_current()
        if kwargs["is_current"]:
            kwargs["member_warnings"] = _member_warnings(self.object)
        if can(self.membership, "audit.view"):
            kwargs["history"] = audit_entries_for(self.object)[:50]
        return super().get_context_data(**kwargs)


class AppointmentUpdateView(OrgUpdatePage):
    model = Appointment
    template_name = "service/appointment_form.html"
    permission = "service.appoint"
    form_class = AppointmentUpdateForm
    service = services.appointment_update
    page_title = _("Edit appointment")
    success_message = _("The appointment is saved.")


class AppointmentEndView(OrgObjectFormView):
    model = Appointment
    template_name = "service/appointment_end.html"
    permission = "service.appoint"
    form_class = AppointmentEndForm
    page_title = _("End appointment")
    success_message = _("The appointment is ended.")

    def perform(self, form):
        return services.appointment_end(
            appointment=self.object, actor=self.request.user, ends_on=form.cleaned_data["ends_on"]
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- dashboard -----------------------------------------------------------------------------


def dashboard_widget(request) -> dict | None:
    """The appointment in force with its warnings, or the R6/R7 notice that nobody is
    appointed (with a link to appoint for roles that may)."""
    membership = getattr(request, "membership", None)
    if not can(membership, "service.view"):
        return None
    organization = request.organization
    profile = queries.service_profile(organization)
    appointment = queries.current_appointment(organization)
    return {
        "template": "service/_dashboard.html",
        "order": 10,
        "css": "col-lg-6",
        "profile": profile,
        "appointment": appointment,
        "warnings": appointment_warnings(appointment, profile) if appointment else [],
        "can_appoint": can(membership, "service.appoint"),
    }
