"""Housing (R8.8), briefings (R8.9) and the preparatory department (R8.14)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from yntymaq.core.errors import ApplicationError
from yntymaq.core.views.base import (
    OrgDetailView,
    OrgListView,
    OrgObjectFormView,
    OrgServiceFormView,
    OrgViewMixin,
    apply_error,
)

from .. import queries, services
from ..enums import StayCategory
from ..forms import (
    BriefingForm,
    CheckInForm,
    DormitoryForm,
    PreparatoryGroupForm,
    RoomForm,
    StaySelectForm,
)
from ..models import (
    Accommodation,
    Briefing,
    BriefingAttendance,
    Dormitory,
    PreparatoryGroup,
    Room,
    Stay,
)
from ._base import StayOfUrlMixin, org_url

# --- housing (R8.8) -----------------------------------------------------------------------------


class HousingView(OrgViewMixin, TemplateView):
    """Occupancy of every room now, and who lives where."""

    permission = "incoming.view"
    template_name = "incoming/housing.html"
    page_title = _("Housing")

    def get_context_data(self, **kwargs):
        rooms = list(queries.occupancy(organization=self.organization))
        residents: dict[int, list] = {}
        for accommodation in queries.current_residents(organization=self.organization):
            residents.setdefault(accommodation.room_id, []).append(accommodation)
        kwargs["dormitories"] = Dormitory.objects.for_org(self.organization)
        kwargs["rooms"] = [(room, residents.get(room.pk, [])) for room in rooms]
        kwargs["places"] = sum(r.capacity for r in rooms)
        kwargs["taken"] = sum(r.taken for r in rooms)
        return super().get_context_data(**kwargs)


class _HousingFormMixin:
    template_name = "incoming/form.html"
    permission = "incoming.change"
    success_message = _("Saved.")

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = org_url(self.request, "incoming:housing")
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return org_url(self.request, "incoming:housing")


class DormitoryCreateView(_HousingFormMixin, OrgServiceFormView):
    model = Dormitory
    form_class = DormitoryForm
    page_title = _("New dormitory")

    def perform(self, form):
        return services.dormitory_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )


class DormitoryUpdateView(_HousingFormMixin, OrgObjectFormView):
    model = Dormitory
    form_class = DormitoryForm
    page_title = _("Edit dormitory")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.dormitory_update(
            dormitory=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class RoomCreateView(_HousingFormMixin, OrgServiceFormView):
    model = Room
    form_class = RoomForm
    page_title = _("New room")

    @cached_property
    def dormitory(self):
        return get_object_or_404(
            Dormitory.objects.for_org(self.request.organization), pk=self.kwargs["dormitory_pk"]
        )

    def perform(self, form):
        return services.room_create(
            dormitory=self.dormitory, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["page_heading_note"] = str(self.dormitory)  # 404 for another organization's
        return super().get_context_data(**kwargs)


class RoomUpdateView(_HousingFormMixin, OrgObjectFormView):
    model = Room
    form_class = RoomForm
    page_title = _("Edit room")

    def get_object(self):
        return get_object_or_404(
            Room.objects.for_org(self.organization).filter(
                dormitory_id=self.kwargs["dormitory_pk"]
            ),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.room_update(
            room=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class CheckInView(OrgObjectFormView):
    """R8.8: check a foreigner in; a full room is refused."""

    model = Stay
    permission = "incoming.change"
    form_class = CheckInForm
    template_name = "incoming/form.html"
    page_title = _("Check-in")
    success_message = _("Checked in.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organization": self.organization}

    def perform(self, form):
        return services.accommodation_check_in(
            stay=self.object,
            room=form.cleaned_data["room"],
            actor=self.request.user,
            on=form.cleaned_data["on"],
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = self.object.get_absolute_url()
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return org_url(self.request, "incoming:stay-detail", pk=self.kwargs["pk"]) + "#housing"


class _AccommodationMixin(StayOfUrlMixin):
    model = Accommodation
    permission = "incoming.change"
    template_name = "incoming/form.html"
    anchor = "housing"

    def get_object(self):
        return get_object_or_404(
            Accommodation.objects.for_org(self.organization)
            .filter(stay_id=self.kwargs["stay_pk"])
            .select_related("room", "stay"),
            pk=self.kwargs["pk"],
        )


class MoveView(_AccommodationMixin, OrgObjectFormView):
    form_class = CheckInForm
    page_title = _("Move to another room")
    success_message = _("Moved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organization": self.organization}

    def perform(self, form):
        return services.accommodation_move(
            accommodation=self.object,
            room=form.cleaned_data["room"],
            actor=self.request.user,
            on=form.cleaned_data["on"],
        )


class CheckOutView(_AccommodationMixin, OrgObjectFormView):
    page_title = _("Check-out")
    success_message = _("Checked out.")

    def get_form_class(self):
        from ..forms import DateForm

        return DateForm

    def perform(self, form):
        return services.accommodation_check_out(
            accommodation=self.object, actor=self.request.user, on=form.cleaned_data["on"]
        )


# --- briefings (R8.9) ---------------------------------------------------------------------------


class BriefingListView(OrgListView):
    model = Briefing
    permission = "incoming.view"
    template_name = "incoming/briefing_list.html"
    page_title = _("Briefings")

    def get_queryset(self):
        return Briefing.objects.for_org(self.organization).order_by("-held_on", "-id")

    def get_context_data(self, **kwargs):
        kwargs["not_briefed"] = queries.not_briefed(organization=self.organization)[:200]
        kwargs["not_briefed_count"] = queries.not_briefed(organization=self.organization).count()
        return super().get_context_data(**kwargs)


class BriefingCreateView(OrgServiceFormView):
    model = Briefing
    permission = "incoming.change"
    form_class = BriefingForm
    template_name = "incoming/briefing_form.html"
    page_title = _("New briefing")
    success_message = _("The briefing is saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "organization": self.organization,
            "queryset": queries.not_briefed(organization=self.organization),
        }

    def get_context_data(self, **kwargs):
        kwargs["candidates"] = queries.not_briefed(organization=self.organization)[:500]
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.briefing_create(
            organization=self.organization,
            actor=self.request.user,
            data=form.service_data(),
            stays=list(form.cleaned_data["stays"]),
        )

    def get_success_url(self):
        return org_url(self.request, "incoming:briefing-detail", pk=self.object.pk)


class BriefingDetailView(OrgDetailView):
    model = Briefing
    permission = "incoming.view"
    template_name = "incoming/briefing_detail.html"

    def get_context_data(self, **kwargs):
        kwargs["attendances"] = self.object.attendances.select_related("stay__person").order_by(
            "stay__person__last_name", "stay__person__last_name_latin"
        )
        kwargs["page_title"] = str(self.object)
        kwargs["can_change"] = self.can("incoming.change")
        return super().get_context_data(**kwargs)


class AttendanceToggleView(OrgObjectFormView):
    """The foreigner signed (or not) the acknowledgment of the briefing."""

    model = BriefingAttendance
    permission = "incoming.change"
    form_class = forms.Form
    template_name = "incoming/confirm_action.html"
    page_title = _("Acknowledgment")

    def get_object(self):
        return get_object_or_404(
            BriefingAttendance.objects.for_org(self.organization)
            .filter(briefing_id=self.kwargs["briefing_pk"])
            .select_related("briefing", "stay"),
            pk=self.kwargs["pk"],
        )

    def perform(self, form):
        return services.briefing_attendance_set(
            briefing=self.object.briefing,
            stay=self.object.stay,
            actor=self.request.user,
            acknowledged=not self.object.acknowledged,
        )

    def get_success_url(self):
        return org_url(self.request, "incoming:briefing-detail", pk=self.kwargs["briefing_pk"])


# --- the preparatory department (R8.14) --------------------------------------------------------


class PreparatoryGroupListView(OrgListView):
    model = PreparatoryGroup
    permission = "incoming.view"
    template_name = "incoming/preparatory_group_list.html"
    page_title = _("Preparatory department")

    def get_queryset(self):
        from django.db.models import Count

        return (
            PreparatoryGroup.objects.for_org(self.organization)
            .annotate(size=Count("stays"))
            .order_by("-year", "name")
        )


class PreparatoryGroupCreateView(OrgServiceFormView):
    model = PreparatoryGroup
    permission = "incoming.change"
    form_class = PreparatoryGroupForm
    template_name = "incoming/form.html"
    page_title = _("New preparatory group")
    success_message = _("Saved.")

    def perform(self, form):
        return services.preparatory_group_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = org_url(self.request, "incoming:preparatory-group-list")
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return org_url(self.request, "incoming:preparatory-group-detail", pk=self.object.pk)


class PreparatoryGroupUpdateView(OrgObjectFormView):
    model = PreparatoryGroup
    permission = "incoming.change"
    form_class = PreparatoryGroupForm
    template_name = "incoming/form.html"
    page_title = _("Edit preparatory group")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.preparatory_group_update(
            group=self.get_object(), actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return org_url(self.request, "incoming:preparatory-group-detail", pk=self.object.pk)


def _preparatory_candidates(organization):
    return Stay.objects.for_org(organization).filter(
        category=StayCategory.PREPARATORY, preparatory_group__isnull=True
    )


class PreparatoryGroupDetailView(OrgObjectFormView):
    """The group's students; enroll preparatory students who have no group yet."""

    model = PreparatoryGroup
    permission = "incoming.view"
    form_class = StaySelectForm
    template_name = "incoming/preparatory_group_detail.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "organization": self.organization,
            "queryset": _preparatory_candidates(self.organization),
        }

    def post(self, request, *args, **kwargs):
        if not self.can("incoming.change"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            count = services.preparatory_enroll(
                group=self.object, stays=list(form.cleaned_data["stays"]), actor=self.request.user
            )
        except (ValidationError, ApplicationError) as error:
            apply_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Enrolled: %(n)s.") % {"n": count})
        return HttpResponseRedirect(self.request.path)

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = str(self.object)
        kwargs["members"] = self.object.stays.select_related("person").order_by(
            "person__last_name", "person__last_name_latin"
        )
        kwargs["candidates"] = _preparatory_candidates(self.organization).select_related("person")[
            :300
        ]
        kwargs["can_change"] = self.can("incoming.change")
        return super().get_context_data(**kwargs)
