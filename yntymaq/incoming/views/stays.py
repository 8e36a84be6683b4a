"""The registry of foreigners and the pages of one stay: life cycle, tasks, origin, settings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.errors import ApplicationError
from yntymaq.core.imports import import_upload_mark_committed, import_upload_store, run_import
from yntymaq.core.models import ImportUpload
from yntymaq.core.queries import audit_entries_for
from yntymaq.core.views.base import (
    OrgDetailView,
    OrgListView,
    OrgObjectFormView,
    OrgServiceFormView,
    OrgViewMixin,
    apply_error,
    log_view_of_restricted,
)
from yntymaq.core.xlsx import read_rows, xlsx_response
from yntymaq.people.forms import PersonForm
from yntymaq.people.models import Person
from yntymaq.people.services import person_create

from .. import lifecycle, queries, services
from ..deadlines import alert_window, registration_deadline_migration_law_art33
from ..documents import a2_3_sheet
from ..enums import PRESENT_STATUSES, StayCategory, StayStatus
from ..forms import (
    AssessmentForm,
    DateForm,
    ImportForm,
    LegalStatusForm,
    OriginFactForm,
    SettingsForm,
    StayFilterForm,
    StayForm,
    StayTransitionForm,
    TransferForm,
)
from ..imports import COLUMNS, OPTIONAL_COLUMNS, header_row, stays_import
from ..models import IncomingSettings, LegalStatusRecord, OriginFact, Stay, StayTask
from ..pagination import RegistryPaginator
from ._base import RESTRICTED, StayOfUrlMixin, org_url


class StayListView(OrgListView):
    """The registry: filters, search in both scripts, sorting, pagination; htmx swaps the table."""

    model = Stay
    permission = "incoming.view"
    template_name = "incoming/stay_list.html"
    page_title = _("Foreigners")
    paginator_class = RegistryPaginator

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["incoming/_stay_table.html"]
        return [self.template_name]

    def get_queryset(self):
        self.filter_form = StayFilterForm(self.request.GET)
        self.settings = queries.settings_for(self.organization)
        self.today = timezone.localdate()
        return queries.stay_list(
            organization=self.organization,
            **self.filter_form.filters(alert_days=alert_window(self.settings), today=self.today),
        )

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["filter_selects"] = self.filter_form.select_options()
        kwargs["ordering"] = self.request.GET.get("ordering") or "-arrival"
        kwargs["today"] = self.today
        kwargs["alert_days"] = alert_window(self.settings)
        kwargs["filtered"] = any(
            v for k, v in self.request.GET.items() if k not in ("page", "ordering")
        )
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class StayExportView(OrgViewMixin, View):
    """A2.3 as XLSX, for the registry's current filters; streamed, audited. Never A1.6/A1.7."""

    permission = "incoming.view"

    def get(self, request, *args, **kwargs):
        form = StayFilterForm(request.GET)
        settings = queries.settings_for(self.organization)
        filters = form.filters(alert_days=alert_window(settings), today=timezone.localdate())
        if not request.GET.get("ordering"):
            filters["ordering"] = "name"  # the A2.3 list reads best in alphabetical order
        stays = queries.stay_list(organization=self.organization, **filters)
        audit.record(
            action="incoming.stay.exported",
            actor=request.user,
            organization=self.organization,
            data={"filters": {k: v for k, v in request.GET.items() if v}},
            target_repr="A2.3",
        )
        return xlsx_response(f"a2-3-{timezone.localdate():%Y-%m-%d}.xlsx", [a2_3_sheet(stays)])


class StayImportTemplateView(OrgViewMixin, View):
    permission = "incoming.change"

    def get(self, request, *args, **kwargs):
        return xlsx_response("foreigners-import.xlsx", [(str(_("Foreigners")), header_row(), [])])


class StayImportView(OrgServiceFormView):
    """Upload → preview with every row's errors → commit all or nothing (core.imports)."""

    permission = "incoming.change"
    form_class = ImportForm
    template_name = "incoming/stay_import.html"
    page_title = _("Import of foreigners")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("columns", header_row())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        upload_id = form.cleaned_data.get("upload")
        commit = "commit" in self.request.POST and upload_id
        try:
            if commit:
                stored = get_object_or_404(
                    ImportUpload.objects.for_org(self.organization).filter(
                        kind="incoming.stays", committed_at__isnull=True
                    ),
                    pk=upload_id,
                )
                stored.file.open("rb")
                rows = read_rows(stored.file, COLUMNS, OPTIONAL_COLUMNS)
                stored.file.close()
            else:
                file = form.cleaned_data.get("file")
                if not file:
                    raise ApplicationError(_("Choose an Excel file."), field="file")
                rows = read_rows(file, COLUMNS, OPTIONAL_COLUMNS)
                stored = import_upload_store(
                    organization=self.organization,
                    actor=self.request.user,
                    kind="incoming.stays",
                    upload=file,
                )
        except ApplicationError as error:
            apply_error(form, error)
            return self.form_invalid(form)
        result = run_import(
            stays_import,
            rows,
            organization=self.organization,
            actor=self.request.user,
            commit=bool(commit),
        )
        if commit and result.ok:
            import_upload_mark_committed(stored=stored, actor=self.request.user, result=result)
            messages.success(
                self.request,
                _("Imported: %(c)s new, %(u)s changed, %(n)s unchanged.")
                % {"c": result.created, "u": result.updated, "n": result.unchanged},
            )
            return HttpResponseRedirect(org_url(self.request, "incoming:stay-list"))
        labels = dict(zip(COLUMNS, header_row(), strict=True))
        return self.render_to_response(
            self.get_context_data(
                form=ImportForm(initial={"upload": stored.pk}),
                result=result,
                errors=[(e.row, labels.get(e.column, e.column), e.message) for e in result.errors],
                stored=stored,
                rows_total=len(rows),
            )
        )


class StayCreateView(OrgServiceFormView):
    """A new stay, for a person of the registry (?person=<id>) or a new person."""

    permission = "incoming.change"
    form_class = StayForm
    template_name = "incoming/stay_form.html"
    page_title = _("New stay")
    success_message = _("The stay is saved.")

    @cached_property
    def person(self):
        person_id = self.request.GET.get("person", "")
        if not person_id.isdigit():
            return None
        return get_object_or_404(Person.objects.for_org(self.organization), pk=int(person_id))

    def get_person_form(self):
        if self.person is not None:
            return None
        data = self.request.POST if self.request.method == "POST" else None
        return PersonForm(data, prefix="person")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("person_form", self.get_person_form())
        kwargs["person"] = self.person
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        person_form = self.get_person_form()
        valid = form.is_valid()
        if person_form is not None:
            valid = person_form.is_valid() and valid
        if not valid:
            return self.render_to_response(
                self.get_context_data(form=form, person_form=person_form)
            )
        try:
            with transaction.atomic():
                person = self.person or person_create(
                    organization=self.organization,
                    actor=request.user,
                    data=person_form.service_data(),
                )
                self.object = services.stay_create(
                    organization=self.organization,
                    actor=request.user,
                    person=person,
                    data=form.service_data(),
                )
        except (ApplicationError, ValidationError) as error:
            if person_form is not None:
                apply_error(person_form, error)
            apply_error(form, error)
            return self.render_to_response(
                self.get_context_data(form=form, person_form=person_form)
            )
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())


class StayDetailView(OrgDetailView):
    model = Stay
    permission = "incoming.view"
    template_name = "incoming/stay_detail.html"

    def get_object(self, queryset=None):
        return queries.stay_detail(organization=self.organization, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        stay = self.object
        settings = queries.settings_for(self.organization)
        restricted = self.can(RESTRICTED)
        kwargs.update(
            page_title=stay.person.full_name,
            stay=stay,
            person=stay.person,
            can_change=self.can("incoming.change"),
            can_restricted=restricted,
            next_statuses=[StayStatus(s) for s in lifecycle.next_statuses(stay.status)],
            origin_facts=queries.origin_facts_of(
                organization=self.organization, person_id=stay.person_id
            ),
            legal_statuses=LegalStatusRecord.objects.for_org(self.organization).filter(
                person_id=stay.person_id
            ),
            other_stays=queries.stays_of_person(
                organization=self.organization, person_id=stay.person_id
            ).exclude(pk=stay.pk),
            is_cis=queries.is_cis(stay.person.citizenship.code if stay.person.citizenship else ""),
            questionnaire=queries.questionnaire_of(stay),
            checklist=queries.checklist_for(stay),
            current_accommodation=next(
                (a for a in stay.accommodations.all() if a.check_out is None), None
            ),
            today=timezone.localdate(),
            alert_days=alert_window(settings),
            registration_deadline=(
                registration_deadline_migration_law_art33(
                    stay.arrival_date, visa_free=stay.visa_free, settings=settings
                )
                if stay.arrival_date
                else None
            ),
            is_present=stay.status in PRESENT_STATUSES,
            is_preparatory=stay.category == StayCategory.PREPARATORY,
        )
        if restricted:
            kwargs["treatment_requests"] = list(stay.treatment_requests.all())
            if kwargs["treatment_requests"]:
                log_view_of_restricted(self.request, stay, ["treatment_requests"])
        if self.can("audit.view") or self.can("incoming.change"):
            kwargs["history"] = audit_entries_for(stay)[:20]
        return super().get_context_data(**kwargs)


class StayUpdateView(OrgObjectFormView):
    model = Stay
    permission = "incoming.change"
    form_class = StayForm
    template_name = "incoming/stay_form.html"
    page_title = _("Edit stay")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.stay_update(
            stay=self.get_object(), actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class StayTransitionView(OrgObjectFormView):
    """One step of the life cycle (incoming.lifecycle); impossible steps are refused."""

    model = Stay
    permission = "incoming.change"
    form_class = StayTransitionForm
    template_name = "incoming/form.html"
    page_title = _("Change of status")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"stay": self.object}
        if self.request.method == "GET" and self.request.GET.get("to"):
            kwargs["initial"] = {"target": self.request.GET["to"]}
        return kwargs

    def perform(self, form):
        stay = services.stay_transition(
            stay=self.object,
            actor=self.request.user,
            target=form.cleaned_data["target"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )
        if lifecycle.tasks_after(stay.status):
            messages.info(
                self.request,
                _(
                    "Tasks for the Service were created: cancel the visa and the registration, "
                    "follow the departure."
                ),
            )
        return stay

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = self.object.get_absolute_url()
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class StayTransferView(OrgObjectFormView):
    """R8.14: a preparatory student moves to a main program (a new phase of the stay)."""

    model = Stay
    permission = "incoming.change"
    form_class = TransferForm
    template_name = "incoming/form.html"
    page_title = _("Transfer to a main program")
    success_message = _("The main-program phase is opened.")

    def perform(self, form):
        data = dict(form.cleaned_data)
        on = data.pop("on")
        return services.stay_transfer_to_main_program(
            stay=self.object, actor=self.request.user, on=on, data=data
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = self.object.get_absolute_url()
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class StayAssessView(OrgObjectFormView):
    model = Stay
    permission = "incoming.change"
    form_class = AssessmentForm
    template_name = "incoming/form.html"
    page_title = _("Final assessment")
    success_message = _("Saved.")

    def perform(self, form):
        return services.preparatory_assess(
            stay=self.object,
            actor=self.request.user,
            result=form.cleaned_data["result"],
            on=form.cleaned_data["on"],
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = self.object.get_absolute_url()
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class TaskListView(OrgListView):
    model = StayTask
    permission = "incoming.view"
    template_name = "incoming/task_list.html"
    page_title = _("Tasks after the end of a ground for stay")

    def get_queryset(self):
        return queries.open_tasks(organization=self.organization)

    def get_context_data(self, **kwargs):
        kwargs["today"] = timezone.localdate()
        return super().get_context_data(**kwargs)


class TaskDoneView(StayOfUrlMixin, OrgObjectFormView):
    model = StayTask
    permission = "incoming.change"
    form_class = DateForm
    template_name = "incoming/form.html"
    page_title = _("Task done")
    anchor = "tasks"
    success_message = _("The task is marked done.")

    def get_object(self):
        return get_object_or_404(
            StayTask.objects.for_org(self.organization).filter(stay_id=self.kwargs["stay_pk"]),
            pk=self.kwargs["pk"],
        )

    def perform(self, form):
        return services.stay_task_complete(
            task=self.object,
            actor=self.request.user,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )


class PersonOfUrlMixin:
    """Origin facts belong to the person (`person_pk`); the page returns to their last stay."""

    anchor = "origin"

    @cached_property
    def person(self):
        return get_object_or_404(
            Person.objects.for_org(self.request.organization), pk=self.kwargs["person_pk"]
        )

    def get_success_url(self):
        stay = queries.stays_of_person(
            organization=self.request.organization, person_id=self.person.pk
        ).last()
        return (
            f"{stay.get_absolute_url()}#{self.anchor}"
            if stay
            else reverse(
                "people:person-detail",
                kwargs={"org_slug": self.request.organization.slug, "pk": self.person.pk},
            )
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.get_success_url())
        kwargs.setdefault("page_heading_note", self.person.full_name)
        return super().get_context_data(**kwargs)


class OriginFactCreateView(PersonOfUrlMixin, OrgServiceFormView):
    model = OriginFact
    permission = "incoming.change"
    form_class = OriginFactForm
    template_name = "incoming/form.html"
    page_title = _("New origin fact")
    success_message = _("Saved.")

    def perform(self, form):
        return services.origin_fact_create(
            person=self.person, actor=self.request.user, data=form.service_data()
        )


class OriginFactDeleteView(PersonOfUrlMixin, OrgObjectFormView):
    model = OriginFact
    permission = "incoming.change"
    form_class = forms.Form
    template_name = "incoming/confirm_delete.html"
    page_title = _("Delete origin fact")
    success_message = _("Deleted.")

    def get_object(self):
        return get_object_or_404(
            OriginFact.objects.for_org(self.organization).filter(
                person_id=self.kwargs["person_pk"]
            ),
            pk=self.kwargs["pk"],
        )

    def perform(self, form):
        services.origin_fact_delete(fact=self.object, actor=self.request.user)


class LegalStatusCreateView(PersonOfUrlMixin, OrgServiceFormView):
    model = LegalStatusRecord
    permission = "incoming.change"
    form_class = LegalStatusForm
    template_name = "incoming/form.html"
    page_title = _("New legal status")
    success_message = _("Saved.")

    def perform(self, form):
        return services.legal_status_create(
            person=self.person, actor=self.request.user, data=form.service_data()
        )


class SettingsView(OrgServiceFormView):
    """The organization's deadlines and alert periods (defaults from the law)."""

    model = IncomingSettings
    permission = "incoming.change"
    form_class = SettingsForm
    template_name = "incoming/form.html"
    page_title = _("Settings of the foreigners' registry")
    success_message = _("The settings are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": queries.settings_for(self.organization)}

    def perform(self, form):
        return services.incoming_settings_update(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = org_url(self.request, "incoming:stay-list")
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return org_url(self.request, "incoming:stay-list")


class OverviewView(OrgViewMixin, TemplateView):
    """The start page of the foreigners' work: counts by status and the lists to act on."""

    permission = "incoming.view"
    template_name = "incoming/overview.html"
    page_title = _("Foreigners")

    def get_context_data(self, **kwargs):
        counts = queries.status_counts(organization=self.organization)
        kwargs["status_counts"] = [(s, counts.get(s.value, 0)) for s in StayStatus]
        kwargs["present_total"] = sum(counts.get(s, 0) for s in PRESENT_STATUSES)
        kwargs["open_tasks"] = queries.open_tasks(organization=self.organization)[:10]
        kwargs["not_briefed_count"] = queries.not_briefed(organization=self.organization).count()
        kwargs["incomplete_count"] = queries.incomplete_files(
            organization=self.organization
        ).count()
        kwargs["today"] = timezone.localdate()
        return super().get_context_data(**kwargs)


def dashboard_widget(request) -> dict | None:
    membership = getattr(request, "membership", None)
    if not can(membership, "incoming.view"):
        return None
    counts = queries.status_counts(organization=request.organization)
    return {
        "template": "incoming/_dashboard.html",
        "order": 30,
        "css": "col-lg-6",
        "present_total": sum(counts.get(s, 0) for s in PRESENT_STATUSES),
        "invited_total": counts.get(StayStatus.INVITED, 0),
        "ended_total": sum(
            counts.get(s, 0)
            for s in (StayStatus.COMPLETED, StayStatus.EXPELLED, StayStatus.TRANSFERRED)
        ),
    }
