"""Pages of the outbound registries under /o/<org_slug>/outbound/. Thin: a form, one service
or one query, render. Objects are read through the scoped queries, so a unit coordinator
reaches only the plans and trips of their units (404 otherwise, like another organization)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.files import serve_file
from yntymaq.core.import_pages import ImportPageMixin
from yntymaq.core.pagination import DeferredJoinPaginator
from yntymaq.core.views.base import (
    OrgDetailView,
    OrgListView,
    OrgObjectFormView,
    OrgServiceFormView,
    OrgViewMixin,
)
from yntymaq.core.xlsx import xlsx_response

from . import documents, imports, queries, services
from .enums import PlanStatus, TripStatus
from .forms import (
    AbroadFilterForm,
    AttachmentForm,
    CandidateFilterForm,
    CandidateForm,
    CandidateSelectForm,
    CommentForm,
    CourseFilterForm,
    CourseForm,
    ImportForm,
    LanguageFormSet,
    ParticipantAddForm,
    ParticipantForm,
    PlanFilterForm,
    PlanForm,
    PlanRowForm,
    ReportFilterForm,
    ReportForm,
    RequirementForm,
    SessionForm,
    SettingsForm,
    TripDocumentAddForm,
    TripDocumentForm,
    TripFilterForm,
    TripForm,
    TripFromRowForm,
    TripTransitionForm,
    language_rows,
)
from .models import (
    Candidate,
    DocumentRequirement,
    PlanRow,
    ReportAttachment,
    TrainingCourse,
    TrainingParticipant,
    TrainingSession,
    Trip,
    TripDocument,
    TripPlan,
    TripReport,
)

VIEW, CHANGE, DRAFT, APPROVE = (
    "outbound.view",
    "outbound.change",
    "outbound.plan_draft",
    "outbound.plan_approve",
)


def _url(name: str, organization, **kwargs) -> str:
    return reverse(f"outbound:{name}", kwargs={"org_slug": organization.slug, **kwargs})


class FormPageMixin:
    """The generic form page (outbound/form.html): a title, the form, a way back."""

    template_name = "outbound/form.html"
    submit_label = _("Save")

    def get_cancel_url(self) -> str:
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        kwargs.setdefault("submit_label", self.submit_label)
        return super().get_context_data(**kwargs)


class ConfirmMixin(FormPageMixin):
    """A POST action confirmed on its own page (GET), e.g. submit, approve, delete."""

    form_class = forms.Form
    template_name = "outbound/confirm.html"
    question = ""
    danger = False

    def get_context_data(self, **kwargs):
        kwargs.setdefault("question", self.question)
        kwargs.setdefault("danger", self.danger)
        return super().get_context_data(**kwargs)


# --- plans (R8.5) ---------------------------------------------------------------------------


class PlanListView(OrgListView):
    model = TripPlan
    permission = VIEW
    template_name = "outbound/plan_list.html"
    page_title = _("Unit trip plans")

    def get_queryset(self):
        self.filter_form = PlanFilterForm(self.request.GET, membership=self.membership)
        return queries.plan_list(self.membership, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        return super().get_context_data(**kwargs)


class PlanMixin:
    model = TripPlan

    def get_object(self):
        return queries.plan_get(self.membership, self.kwargs["pk"])

    def get_success_url(self):
        return self.object.get_absolute_url()


class PlanCreateView(FormPageMixin, OrgServiceFormView):
    permission = DRAFT
    form_class = PlanForm
    page_title = _("New trip plan")
    success_message = _("The plan is created. Add its trips.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"membership": self.membership}

    def perform(self, form):
        return services.plan_create(
            membership=self.membership, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_cancel_url(self):
        return _url("plan-list", self.organization)


class PlanDetailView(OrgDetailView):
    model = TripPlan
    context_object_name = "plan"
    permission = VIEW
    template_name = "outbound/plan_detail.html"

    def get_object(self, queryset=None):
        return queries.plan_get(self.membership, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        plan = self.object
        kwargs["page_title"] = str(plan)
        kwargs["rows"] = list(queries.plan_rows(plan))
        kwargs["can_draft"] = self.can(DRAFT) and plan.is_editable
        kwargs["can_decide"] = self.can(APPROVE) and plan.status == PlanStatus.SUBMITTED
        kwargs["can_create_trips"] = self.can(CHANGE) and plan.status == PlanStatus.APPROVED
        kwargs["return_form"] = CommentForm()
        return super().get_context_data(**kwargs)


class PlanUpdateView(PlanMixin, FormPageMixin, OrgObjectFormView):
    permission = DRAFT
    form_class = PlanForm
    page_title = _("Edit trip plan")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object, "membership": self.membership}

    def perform(self, form):
        return services.plan_update(
            plan=self.get_object(),
            membership=self.membership,
            actor=self.request.user,
            data=form.service_data(),
        )


class PlanDeleteView(PlanMixin, ConfirmMixin, OrgObjectFormView):
    permission = DRAFT
    page_title = _("Delete trip plan")
    question = _("Delete this plan with all its rows?")
    submit_label = _("Delete")
    danger = True

    def perform(self, form):
        services.plan_delete(plan=self.object, actor=self.request.user)
        self.success_message = _("The plan is deleted.")

    def get_success_url(self):
        return _url("plan-list", self.organization)

    def get_cancel_url(self):
        return self.object.get_absolute_url()


class PlanSubmitView(PlanMixin, ConfirmMixin, OrgObjectFormView):
    permission = DRAFT
    page_title = _("Submit the plan")
    question = _(
        "Submit the plan to the Service for approval? It cannot be changed while it waits."
    )
    submit_label = _("Submit for approval")
    success_message = _("The plan is submitted for approval.")

    def perform(self, form):
        return services.plan_submit(plan=self.object, actor=self.request.user)


class PlanReturnView(PlanMixin, FormPageMixin, OrgObjectFormView):
    permission = APPROVE
    form_class = CommentForm
    page_title = _("Return the plan for changes")
    submit_label = _("Return to the unit")
    success_message = _("The plan is returned to the unit.")

    def perform(self, form):
        return services.plan_return(
            plan=self.object, actor=self.request.user, comment=form.cleaned_data["comment"]
        )


class PlanApproveView(PlanMixin, ConfirmMixin, OrgObjectFormView):
    permission = APPROVE
    page_title = _("Approve the plan")
    question = _("Approve the plan? An approved plan is locked; trips are created from its rows.")
    submit_label = _("Approve")
    success_message = _("The plan is approved.")

    def perform(self, form):
        return services.plan_approve(plan=self.object, actor=self.request.user)


class PlanRowMixin:
    model = PlanRow

    def get_object(self):
        return queries.plan_row_get(self.membership, self.kwargs["pk"], self.kwargs["plan_pk"])

    def get_success_url(self):
        return self.object.plan.get_absolute_url() + "#rows"


class PlanRowCreateView(FormPageMixin, OrgServiceFormView):
    model = PlanRow
    permission = DRAFT
    form_class = PlanRowForm
    page_title = _("New planned trip")
    success_message = _("The planned trip is added.")

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "membership", None) is not None:
            self.plan = queries.plan_get(request.membership, kwargs["plan_pk"])
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.plan_row_create(
            plan=self.plan, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        plan = getattr(self, "plan", None) or self.object.plan
        return plan.get_absolute_url() + "#rows"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", str(self.plan))
        return super().get_context_data(**kwargs)


class PlanRowUpdateView(PlanRowMixin, FormPageMixin, OrgObjectFormView):
    permission = DRAFT
    form_class = PlanRowForm
    page_title = _("Edit planned trip")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.plan_row_update(
            row=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class PlanRowDeleteView(PlanRowMixin, ConfirmMixin, OrgObjectFormView):
    permission = DRAFT
    page_title = _("Delete planned trip")
    question = _("Delete this planned trip from the plan?")
    submit_label = _("Delete")
    danger = True
    success_message = _("The planned trip is deleted.")

    def perform(self, form):
        self.plan = self.object.plan
        services.plan_row_delete(row=self.object, actor=self.request.user)

    def get_success_url(self):
        plan = getattr(self, "plan", None) or self.object.plan
        return plan.get_absolute_url() + "#rows"


class PlanRowTripView(PlanRowMixin, FormPageMixin, OrgObjectFormView):
    """R8.5: create the trip of a row of an approved plan."""

    permission = CHANGE
    form_class = TripFromRowForm
    page_title = _("Create the trip from the plan")
    submit_label = _("Create the trip")
    success_message = _("The trip is created.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"row": self.object}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", f"{self.object} · {self.object.period}")
        if self.object.plan.status != PlanStatus.APPROVED:
            kwargs.setdefault("notice", _("Trips are created from rows of approved plans only."))
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.trip_create_from_row(
            row=self.object, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        if isinstance(self.object, Trip):
            return self.object.get_absolute_url()
        return super().get_success_url()


# --- trips ----------------------------------------------------------------------------------


class TripListView(OrgListView):
    model = Trip
    paginator_class = DeferredJoinPaginator
    permission = VIEW
    template_name = "outbound/trip_list.html"
    page_title = _("Trips abroad")

    def get_queryset(self):
        self.filter_form = TripFilterForm(self.request.GET, membership=self.membership)
        return queries.trip_list(self.membership, self.filter_form.filters())

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["ordering"] = self.filter_form.filters().ordering
        kwargs["can_change"] = self.can(CHANGE)
        return super().get_context_data(**kwargs)


class TripMixin:
    model = Trip

    def get_object(self):
        return queries.trip_get(self.membership, self.kwargs["pk"])

    def get_success_url(self):
        return self.object.get_absolute_url()


class TripCreateView(FormPageMixin, OrgServiceFormView):
    permission = CHANGE
    form_class = TripForm
    template_name = "outbound/trip_form.html"
    page_title = _("New trip")
    success_message = _("The trip is saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"membership": self.membership}

    def perform(self, form):
        return services.trip_create(
            organization=self.organization,
            actor=self.request.user,
            data=form.service_data(),
            required_courses=form.cleaned_data["required_courses"],
        )

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_cancel_url(self):
        return _url("trip-list", self.organization)


class TripDetailView(OrgDetailView):
    model = Trip
    permission = VIEW
    template_name = "outbound/trip_detail.html"

    def get_object(self, queryset=None):
        return queries.trip_get(self.membership, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        trip = self.object
        current = queries.outbound_settings(self.organization)
        kwargs["page_title"] = trip.person.full_name
        kwargs["can_change"] = self.can(CHANGE)
        kwargs["transitions"] = [
            {"status": status, "label": TripStatus(status).label, "form": _transition_form(status)}
            for status in services.allowed_transitions(trip)
        ]
        kwargs["documents"] = list(trip.documents.all())
        kwargs["reports"] = list(trip.reports.all())
        kwargs["courses"] = list(trip.required_courses.all())
        kwargs["training_missing"] = queries.trip_training_missing(trip)
        kwargs["passport_short"] = queries.passport_too_short(trip, current.passport_valid_months)
        kwargs["passport_months"] = current.passport_valid_months
        kwargs["overlapping"] = list(queries.overlapping_trips(trip)[:3])
        kwargs["today"] = timezone.localdate()
        kwargs["before_departure"] = trip.status in queries.BEFORE_DEPARTURE
        return super().get_context_data(**kwargs)


def _transition_form(status: str) -> TripTransitionForm:
    return TripTransitionForm(initial={"to_status": status, "on_date": timezone.localdate()})


class TripUpdateView(TripMixin, FormPageMixin, OrgObjectFormView):
    permission = CHANGE
    form_class = TripForm
    template_name = "outbound/trip_form.html"
    page_title = _("Edit trip")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object, "membership": self.membership}

    def perform(self, form):
        return services.trip_update(
            trip=self.get_object(),
            actor=self.request.user,
            data=form.service_data(),
            required_courses=form.cleaned_data["required_courses"],
        )


TRANSITION_TEXT = {
    TripStatus.APPROVED: (_("Approve the trip"), _("The trip is approved.")),
    TripStatus.DOCUMENTS_READY: (
        _("Documents are ready"),
        _("The exit documents are complete; the trip is ready to depart."),
    ),
    TripStatus.ABROAD: (_("Mark as departed"), _("The trip is marked as abroad.")),
    TripStatus.RETURNED: (_("Mark as returned"), _("The return is recorded; reports fall due.")),
    TripStatus.REPORT_ACCEPTED: (_("Close the trip"), _("The trip is closed.")),
    TripStatus.CANCELLED: (_("Cancel the trip"), _("The trip is cancelled.")),
}


class TripTransitionView(TripMixin, FormPageMixin, OrgObjectFormView):
    """One step of the trip's life cycle (services.trip_transition); errors stay on the form."""

    permission = CHANGE
    form_class = TripTransitionForm

    def get_initial(self):
        return {"to_status": self.request.GET.get("to", ""), "on_date": timezone.localdate()}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        status = (form["to_status"].value() if form is not None else "") or ""
        title = TRANSITION_TEXT.get(status, (_("Change the status"), ""))[0]
        kwargs.setdefault("page_title", title)
        kwargs.setdefault("subtitle", str(self.object))
        kwargs.setdefault("submit_label", title)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        status = form.cleaned_data["to_status"]
        trip = services.trip_transition(
            trip=self.object,
            to_status=status,
            actor=self.request.user,
            on_date=form.cleaned_data["on_date"],
            reason=form.cleaned_data["reason"],
        )
        self.success_message = TRANSITION_TEXT[status][1]
        return trip


class TripExportView(OrgViewMixin, View):
    """A2.4: the filtered trips as XLSX with the columns of the appendix."""

    permission = VIEW

    def get(self, request, *args, **kwargs):
        form = TripFilterForm(request.GET, membership=self.membership)
        trips = queries.trip_list(self.membership, form.filters())
        audit.record(
            action="outbound.trip.exported",
            actor=request.user,
            organization=self.organization,
            data={"filters": {k: v for k, v in request.GET.items() if v}, "format": "xlsx"},
        )
        return xlsx_response(
            f"a2-4-{timezone.localdate():%Y-%m-%d}.xlsx", documents.a2_4_sheets(trips)
        )


class TripImportView(ImportPageMixin, FormPageMixin, OrgServiceFormView):
    """All-or-nothing XLSX import of trips: upload and check, then commit (core.import_pages)."""

    permission = CHANGE
    form_class = ImportForm
    import_form_class = ImportForm
    import_spec = imports.TRIP_IMPORT
    template_name = "outbound/trip_import.html"
    page_title = _("Import trips from Excel")

    def import_done_url(self) -> str:
        return _url("trip-list", self.organization)

    def get_context_data(self, **kwargs):
        kwargs["columns"] = imports.template_headers()
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return _url("trip-list", self.organization)


class TripImportTemplateView(OrgViewMixin, View):
    permission = CHANGE

    def get(self, request, *args, **kwargs):
        return xlsx_response(
            "trips-import.xlsx", [(gettext("Trips"), imports.template_headers(), [])]
        )


class AbroadView(OrgListView):
    """R2.13: who is abroad on a date (today by default), by country and city, with contacts."""

    model = Trip
    permission = VIEW
    template_name = "outbound/abroad.html"
    page_title = _("Who is abroad")

    def get_queryset(self):
        self.filter_form = AbroadFilterForm(self.request.GET, membership=self.membership)
        self.values = self.filter_form.values()
        return queries.abroad_on(self.membership, **self.values)

    def get_context_data(self, **kwargs):
        on_date = self.values["on_date"]
        by_country = queries.abroad_by_country(self.membership, on_date)
        kwargs.update(
            filter_form=self.filter_form,
            on_date=on_date,
            people=self.object_list.values("person_id").distinct().count(),
            by_country=documents.group_by_country(by_country),
        )
        return super().get_context_data(**kwargs)


class AbroadExportView(OrgViewMixin, View):
    permission = VIEW

    def get(self, request, *args, **kwargs):
        values = AbroadFilterForm(request.GET, membership=self.membership).values()
        trips = queries.abroad_on(self.membership, **values)
        audit.record(
            action="outbound.abroad.exported",
            actor=request.user,
            organization=self.organization,
            data={"on_date": values["on_date"], "country": values["country"]},
        )
        return xlsx_response(
            f"abroad-{values['on_date']:%Y-%m-%d}.xlsx",
            documents.abroad_sheets(trips, values["on_date"]),
        )


class R43View(OrgViewMixin, TemplateView):
    """R4.3: the citizens abroad on the date by the organization's direction, with the trips."""

    permission = "outbound.all_units"
    template_name = "outbound/r4_3.html"
    page_title = _("Citizens abroad (R4.3)")

    def get_context_data(self, **kwargs):
        form = AbroadFilterForm(self.request.GET, membership=self.membership)
        on_date = form.values()["on_date"]
        persons = queries.r4_3_persons(self.organization, on_date)
        page = Paginator(persons, 100).get_page(self.request.GET.get("page"))
        result = queries.CitizensAbroad(on_date=on_date, count=page.paginator.count, persons=[])
        kwargs.update(filter_form=form, result=result, page_obj=page, persons=page.object_list)
        return super().get_context_data(**kwargs)


class DocumentsOverdueView(OrgListView):
    """R8.4: trips whose exit documents are overdue."""

    model = Trip
    permission = VIEW
    template_name = "outbound/documents_overdue.html"
    page_title = _("Exit documents overdue")

    def get_queryset(self):
        return queries.documents_overdue(self.membership, timezone.localdate())


class TripDocumentMixin:
    model = TripDocument

    def get_object(self):
        return queries.trip_document_get(self.membership, self.kwargs["trip_pk"], self.kwargs["pk"])

    def get_success_url(self):
        return self.object.trip.get_absolute_url() + "#documents"


class TripDocumentUpdateView(TripDocumentMixin, FormPageMixin, OrgObjectFormView):
    permission = CHANGE
    form_class = TripDocumentForm
    page_title = _("Exit document")
    success_message = _("The document is updated.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"document": self.object}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", str(self.object))
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.trip_document_update(
            document=self.object,
            actor=self.request.user,
            data=form.service_data(),
            copy=form.cleaned_data.get("copy"),
            remove_copy=form.cleaned_data.get("remove_copy", False),
        )


class TripDocumentAddView(FormPageMixin, OrgServiceFormView):
    model = TripDocument
    permission = CHANGE
    form_class = TripDocumentAddForm
    page_title = _("Add a document to the checklist")
    success_message = _("The document is added to the checklist.")

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "membership", None) is not None:
            self.trip = queries.trip_get(request.membership, kwargs["trip_pk"])
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.trip_document_add(
            trip=self.trip, actor=self.request.user, data=dict(form.cleaned_data)
        )

    def get_success_url(self):
        return self.trip.get_absolute_url() + "#documents"


class TripDocumentCopyView(TripDocumentMixin, OrgViewMixin, View):
    permission = VIEW

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        audit.record(
            action="outbound.trip_document.downloaded",
            actor=request.user,
            target=document,
            data={"trip": document.trip_id},
        )
        return serve_file(document.copy, f"{document.code}-{document.pk}{_suffix(document.copy)}")


def _suffix(fieldfile) -> str:
    name = fieldfile.name or ""
    return name[name.rfind(".") :] if "." in name else ""


# --- reports (R8.6) -------------------------------------------------------------------------


class ReportListView(OrgListView):
    model = TripReport
    permission = VIEW
    template_name = "outbound/report_list.html"
    page_title = _("Post-trip reports")

    def get_queryset(self):
        self.filter_form = ReportFilterForm(self.request.GET)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        self.today = timezone.localdate()
        return queries.report_list(
            self.membership,
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            overdue_on=self.today if data.get("overdue") else None,
        )

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["today"] = self.today
        return super().get_context_data(**kwargs)


class ReportMixin:
    model = TripReport

    def get_object(self):
        return queries.report_get(self.membership, self.kwargs["trip_pk"], self.kwargs["pk"])

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReportDetailView(ReportMixin, FormPageMixin, OrgObjectFormView):
    """The report; while it is awaited (or returned), its form submits it (R8.6)."""

    permission = VIEW
    form_class = ReportForm
    template_name = "outbound/report_detail.html"
    success_message = _("The report is submitted.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def post(self, request, *args, **kwargs):
        if not self.can(CHANGE):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.report_submit(
            report=self.get_object(), actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        report = self.object
        kwargs["page_title"] = str(report)
        kwargs["report"] = report
        kwargs["can_change"] = self.can(CHANGE)
        kwargs["attachments"] = list(report.attachments.all())
        kwargs["today"] = timezone.localdate()
        kwargs["return_form"] = CommentForm()
        kwargs["attachment_form"] = AttachmentForm()
        return super().get_context_data(**kwargs)


class ReportAcceptView(ReportMixin, ConfirmMixin, OrgObjectFormView):
    permission = CHANGE
    page_title = _("Accept the report")
    question = _("Accept this report?")
    submit_label = _("Accept")
    success_message = _("The report is accepted.")

    def perform(self, form):
        return services.report_accept(report=self.object, actor=self.request.user)


class ReportReturnView(ReportMixin, FormPageMixin, OrgObjectFormView):
    permission = CHANGE
    form_class = CommentForm
    page_title = _("Return the report")
    submit_label = _("Return for changes")
    success_message = _("The report is returned for changes.")

    def perform(self, form):
        return services.report_return(
            report=self.object, actor=self.request.user, comment=form.cleaned_data["comment"]
        )


class AttachmentAddView(FormPageMixin, OrgServiceFormView):
    model = ReportAttachment
    permission = CHANGE
    form_class = AttachmentForm
    page_title = _("Attach a file")
    success_message = _("The file is attached.")

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "membership", None) is not None:
            self.report = get_object_or_404(
                queries.report_list(request.membership), pk=kwargs["report_pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.report_attachment_add(
            report=self.report,
            actor=self.request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )

    def get_success_url(self):
        return self.report.get_absolute_url()


class AttachmentMixin:
    model = ReportAttachment

    def get_object(self):
        return queries.report_attachment_get(
            self.membership, self.kwargs["report_pk"], self.kwargs["pk"]
        )

    def get_success_url(self):
        return self.object.report.get_absolute_url()


class AttachmentDownloadView(AttachmentMixin, OrgViewMixin, View):
    permission = VIEW

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return serve_file(attachment.file, f"attachment-{attachment.pk}{_suffix(attachment.file)}")


class AttachmentDeleteView(AttachmentMixin, ConfirmMixin, OrgObjectFormView):
    permission = CHANGE
    page_title = _("Remove the file")
    question = _("Remove this file from the report?")
    submit_label = _("Remove")
    danger = True
    success_message = _("The file is removed.")

    def perform(self, form):
        report = self.object.report
        services.report_attachment_delete(attachment=self.object, actor=self.request.user)
        self.object = report

    def get_success_url(self):
        target = self.object.report if isinstance(self.object, ReportAttachment) else self.object
        return target.get_absolute_url()


# --- the reserve (R8.7) ---------------------------------------------------------------------


class CandidateListView(OrgListView):
    model = Candidate
    permission = VIEW
    template_name = "outbound/candidate_list.html"
    page_title = _("Reserve of candidates")

    def get_queryset(self):
        self.filter_form = CandidateFilterForm(self.request.GET, membership=self.membership)
        return queries.candidate_list(self.membership, self.filter_form.filters())

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["can_change"] = self.can(CHANGE)
        return super().get_context_data(**kwargs)


class CandidateMixin:
    model = Candidate

    def get_object(self):
        return queries.candidate_get(self.membership, self.kwargs["pk"])

    def get_success_url(self):
        return self.object.get_absolute_url()


class CandidateFormMixin(FormPageMixin):
    form_class = CandidateForm
    template_name = "outbound/candidate_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"membership": self.membership}
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def get_formset(self):
        instance = self.object if self.object is not None else Candidate()
        data = self.request.POST if self.request.method == "POST" else None
        return LanguageFormSet(data, instance=instance, prefix="languages")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", getattr(self, "formset", None) or self.get_formset())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        self.formset = self.get_formset()
        if not self.formset.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def form_invalid(self, form):
        if not hasattr(self, "formset"):
            self.formset = self.get_formset()
            self.formset.is_valid()
        return super().form_invalid(form)


class CandidateCreateView(CandidateFormMixin, OrgServiceFormView):
    permission = CHANGE
    page_title = _("New candidate in the reserve")
    success_message = _("The candidate is in the reserve.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def perform(self, form):
        return services.candidate_create(
            organization=self.organization,
            actor=self.request.user,
            data=form.service_data(),
            languages=language_rows(self.formset),
        )

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_cancel_url(self):
        return _url("candidate-list", self.organization)


class CandidateUpdateView(CandidateMixin, CandidateFormMixin, OrgObjectFormView):
    permission = CHANGE
    page_title = _("Edit candidate")
    success_message = _("The changes are saved.")

    def perform(self, form):
        return services.candidate_update(
            candidate=self.get_object(),
            actor=self.request.user,
            data=form.service_data(),
            languages=language_rows(self.formset),
        )


class CandidateDetailView(OrgDetailView):
    model = Candidate
    permission = VIEW
    template_name = "outbound/candidate_detail.html"

    def get_object(self, queryset=None):
        return queries.candidate_get(self.membership, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = self.object.person.full_name
        kwargs["can_change"] = self.can(CHANGE)
        return super().get_context_data(**kwargs)


class CandidateDeleteView(CandidateMixin, ConfirmMixin, OrgObjectFormView):
    permission = CHANGE
    page_title = _("Remove from the reserve")
    question = _("Remove this candidate from the reserve? Their trips stay.")
    submit_label = _("Remove")
    danger = True
    success_message = _("The candidate is removed from the reserve.")

    def perform(self, form):
        services.candidate_delete(candidate=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url("candidate-list", self.organization)

    def get_cancel_url(self):
        return self.object.get_absolute_url()


class CandidateSelectView(CandidateMixin, FormPageMixin, OrgObjectFormView):
    """R8.7: select a candidate for a place of an approved plan (the trip is created)."""

    permission = CHANGE
    form_class = CandidateSelectForm
    page_title = _("Select for a trip")
    submit_label = _("Select and create the trip")
    success_message = _("The candidate is selected; the trip is created.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"membership": self.membership}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", str(self.object))
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.candidate_select(
            candidate=self.object, row=form.cleaned_data["row"], actor=self.request.user
        )

    def get_cancel_url(self):
        return self.get_object().get_absolute_url()


# --- training (R8.5) ------------------------------------------------------------------------


class CourseListView(OrgListView):
    model = TrainingCourse
    permission = VIEW
    template_name = "outbound/course_list.html"
    page_title = _("Pre-departure training")

    def get_queryset(self):
        self.filter_form = CourseFilterForm(self.request.GET)
        kind = self.filter_form.cleaned_data["kind"] if self.filter_form.is_valid() else ""
        return queries.course_list(self.organization, kind=kind)

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["can_change"] = self.can(CHANGE)
        return super().get_context_data(**kwargs)


class CourseMixin:
    model = TrainingCourse

    def get_object(self):
        return queries.course_get(self.organization, self.kwargs["pk"])

    def get_success_url(self):
        return self.object.get_absolute_url()


class CourseCreateView(FormPageMixin, OrgServiceFormView):
    permission = CHANGE
    form_class = CourseForm
    page_title = _("New training course")
    success_message = _("The course is saved.")

    def perform(self, form):
        return services.course_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_cancel_url(self):
        return _url("course-list", self.organization)


class CourseDetailView(OrgDetailView):
    model = TrainingCourse
    context_object_name = "course"
    permission = VIEW
    template_name = "outbound/course_detail.html"

    def get_object(self, queryset=None):
        return queries.course_get(self.organization, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = self.object.title
        kwargs["can_change"] = self.can(CHANGE)
        return super().get_context_data(**kwargs)


class CourseUpdateView(CourseMixin, FormPageMixin, OrgObjectFormView):
    permission = CHANGE
    form_class = CourseForm
    page_title = _("Edit training course")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.course_update(
            course=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class CourseDeleteView(CourseMixin, ConfirmMixin, OrgObjectFormView):
    permission = CHANGE
    page_title = _("Delete training course")
    question = _("Delete this course with its sessions and participants?")
    submit_label = _("Delete")
    danger = True
    success_message = _("The course is deleted.")

    def perform(self, form):
        services.course_delete(course=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url("course-list", self.organization)

    def get_cancel_url(self):
        return self.object.get_absolute_url()


class CourseChildCreateMixin(FormPageMixin):
    """Pages that add a session or a participant to the course of the URL (`course_pk`)."""

    permission = CHANGE

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "membership", None) is not None:
            self.course = queries.course_get(request.organization, kwargs["course_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", self.course.title)
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.course.get_absolute_url()


class SessionCreateView(CourseChildCreateMixin, OrgServiceFormView):
    model = TrainingSession
    form_class = SessionForm
    page_title = _("New session")
    success_message = _("The session is saved.")

    def perform(self, form):
        return services.session_create(
            course=self.course, actor=self.request.user, data=form.service_data()
        )


class SessionMixin:
    model = TrainingSession
    permission = CHANGE

    def get_object(self):
        return queries.session_get(self.organization, self.kwargs["course_pk"], self.kwargs["pk"])

    def get_success_url(self):
        return self.object.course.get_absolute_url()


class SessionUpdateView(SessionMixin, FormPageMixin, OrgObjectFormView):
    form_class = SessionForm
    page_title = _("Edit session")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.session_update(
            session=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class SessionDeleteView(SessionMixin, ConfirmMixin, OrgObjectFormView):
    page_title = _("Delete session")
    question = _("Delete this session?")
    submit_label = _("Delete")
    danger = True
    success_message = _("The session is deleted.")

    def perform(self, form):
        course = self.object.course
        services.session_delete(session=self.object, actor=self.request.user)
        self.object = course

    def get_success_url(self):
        return (getattr(self.object, "course", None) or self.object).get_absolute_url()


class ParticipantAddView(CourseChildCreateMixin, OrgServiceFormView):
    model = TrainingParticipant
    form_class = ParticipantAddForm
    page_title = _("Enrol a participant")
    success_message = _("The participant is enrolled.")

    def perform(self, form):
        return services.participant_add(
            course=self.course, actor=self.request.user, data=form.person_data()
        )


class ParticipantMixin:
    model = TrainingParticipant
    permission = CHANGE

    def get_object(self):
        return queries.participant_get(
            self.organization, self.kwargs["course_pk"], self.kwargs["pk"]
        )

    def get_success_url(self):
        return self.object.course.get_absolute_url()


class ParticipantUpdateView(ParticipantMixin, FormPageMixin, OrgObjectFormView):
    form_class = ParticipantForm
    page_title = _("Participant's progress")
    success_message = _("The changes are saved.")

    def get_initial(self):
        participant = self.object
        return {
            "status": participant.status,
            "completed_on": participant.completed_on,
            "result": participant.result,
        }

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", str(self.object))
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.participant_update(
            participant=self.object, actor=self.request.user, data=dict(form.cleaned_data)
        )


class ParticipantRemoveView(ParticipantMixin, ConfirmMixin, OrgObjectFormView):
    page_title = _("Remove participant")
    question = _("Remove this participant from the course?")
    submit_label = _("Remove")
    danger = True
    success_message = _("The participant is removed.")

    def perform(self, form):
        course = self.object.course
        services.participant_remove(participant=self.object, actor=self.request.user)
        self.object = course

    def get_success_url(self):
        return (getattr(self.object, "course", None) or self.object).get_absolute_url()


# --- settings -------------------------------------------------------------------------------


class SettingsView(FormPageMixin, OrgServiceFormView):
    """Deadlines (R8.4, R8.6) and the checklist of exit documents (R8.4)."""

    permission = CHANGE
    form_class = SettingsForm
    template_name = "outbound/settings.html"
    page_title = _("Settings of trips abroad")
    success_message = _("The settings are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "instance": queries.outbound_settings(self.organization)
        }

    def perform(self, form):
        return services.outbound_settings_update(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        stored = list(queries.document_requirements(self.organization))
        kwargs["stored_requirements"] = stored
        kwargs["default_requirements"] = (
            [] if stored else queries.effective_requirements(self.organization)
        )
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.request.path


class RequirementCreateView(FormPageMixin, OrgServiceFormView):
    permission = CHANGE
    form_class = RequirementForm
    page_title = _("New required exit document")
    success_message = _("The checklist is updated.")

    def perform(self, form):
        return services.document_requirement_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return _url("settings", self.organization)


class RequirementMixin:
    model = DocumentRequirement
    permission = CHANGE

    def get_success_url(self):
        return _url("settings", self.organization)


class RequirementUpdateView(RequirementMixin, FormPageMixin, OrgObjectFormView):
    form_class = RequirementForm
    page_title = _("Edit required exit document")
    success_message = _("The checklist is updated.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.document_requirement_update(
            requirement=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class RequirementDeleteView(RequirementMixin, ConfirmMixin, OrgObjectFormView):
    page_title = _("Remove required exit document")
    question = _("Remove this document from the checklist? Existing trips keep theirs.")
    submit_label = _("Remove")
    danger = True
    success_message = _("The checklist is updated.")

    def perform(self, form):
        services.document_requirement_delete(requirement=self.object, actor=self.request.user)


# --- dashboard ------------------------------------------------------------------------------


def dashboard_widget(request) -> dict | None:
    """R4.3 on the dashboard: citizens abroad today by the organization's direction, with a
    link to the list behind the number; and the overdue post-trip reports."""
    membership = getattr(request, "membership", None)
    if not can(membership, "outbound.all_units"):
        return None
    today = timezone.localdate()
    result = queries.r4_3_citizens_abroad(request.organization, today, limit=0)
    overdue = queries.report_list(membership, overdue_on=today).count()
    return {
        "template": "outbound/_dashboard.html",
        "order": 30,
        "css": "col-lg-6",
        "r4_3": result,
        "reports_overdue": overdue,
        "today": date_format(today, "SHORT_DATE_FORMAT"),
        "threshold": 10,
    }
