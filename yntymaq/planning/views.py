"""Pages of the plans under /o/<org_slug>/planning/. Thin: parse, call a service or a query,
render. The section tabs (templates/planning/_tabs.html) are the sub-navigation of the one
"Plans" menu entry."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core.files import serve_file
from yntymaq.core.queries import audit_entries_for
from yntymaq.core.views.base import (
    OrgListView,
    OrgObjectFormView,
    OrgServiceFormView,
    OrgViewMixin,
)
from yntymaq.core.xlsx import xlsx_response

from . import documents, queries, services
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    AnalyticalMaterialForm,
    AnnualPlanForm,
    AnnualPlanItemForm,
    AnnualPlanItemProgressForm,
    ConferenceFilterForm,
    ConferenceForm,
    ForeignersWorkForm,
    IndicatorForm,
    IndicatorValueForm,
    JointPublicationForm,
    LongTermPlanForm,
    MaterialFilterForm,
    PrioritySpecialtyForm,
    SpecialCourseForm,
    SpecialtyProposalForm,
    StaffDevelopmentForm,
    TeachingMaterialForm,
)
from .models import (
    AnalyticalMaterial,
    AnnualPlan,
    AnnualPlanItem,
    ConferenceParticipation,
    ForeignersWork,
    Indicator,
    IndicatorValue,
    InternationalActivity,
    JointPublication,
    LongTermPlan,
    PrioritySpecialty,
    SpecialCourse,
    SpecialtyProposal,
    StaffDevelopment,
    TeachingMaterial,
)
from .periods import academic_year_label, academic_year_of

VIEW = "planning.view"
CHANGE = "planning.change"
APPROVE = "planning.approve"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(view, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": view.organization.slug, **kwargs})


def _history(view, obj):
    if view.can("audit.view") or view.can(CHANGE):
        return audit_entries_for(obj)[:20]
    return None


class CreatePage(OrgServiceFormView):
    """A form that creates one record through its service; then its page opens."""

    permission = CHANGE
    template_name = "planning/form.html"
    success_message = _("Saved.")
    cancel_url_name = ""

    def get_cancel_url(self) -> str:
        return _url(self, self.cancel_url_name)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class ChildCreatePage(CreatePage):
    """Create a row under a parent record named by `<parent_kwarg>` in the URL."""

    parent_kwarg = ""

    def get_parent(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.parent = None

    def get(self, request, *args, **kwargs):
        self.parent = self.get_parent()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.parent = self.get_parent()
        return super().post(request, *args, **kwargs)

    def get_cancel_url(self) -> str:
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("parent", self.parent)
        return super().get_context_data(**kwargs)


class UpdatePage(OrgObjectFormView):
    """A form that changes one record through its service."""

    permission = CHANGE
    template_name = "planning/form.html"
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.object.get_absolute_url())
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class DeletePage(OrgObjectFormView):
    """GET asks for confirmation; POST deletes through the service."""

    permission = CHANGE
    template_name = "planning/confirm_delete.html"
    form_class = forms.Form
    success_message = _("Deleted.")

    def remove(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def perform(self, form):
        # The deleted object is kept for get_success_url() (its parent is still there).
        self.remove()
        return self.object

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.object.get_absolute_url())
        return super().get_context_data(**kwargs)


class ActionPage(OrgObjectFormView):
    """A one-button action on an object (approve, return to draft): GET confirms, POST acts."""

    template_name = "planning/confirm_action.html"
    form_class = forms.Form
    question = ""
    button = ""

    def get_context_data(self, **kwargs):
        kwargs.update(
            question=self.question, button=self.button, cancel_url=self.object.get_absolute_url()
        )
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


def _language(request) -> str:
    language = request.GET.get("lang", "")
    if language in documents.LANGUAGES:
        return language
    current = translation.get_language() or "ru"
    return current if current in documents.LANGUAGES else "ru"


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- overview --------------------------------------------------------------------------------


class OverviewView(OrgViewMixin, TemplateView):
    """The Plans section: what each part holds, and this year's plans."""

    template_name = "planning/overview.html"
    permission = VIEW
    page_title = _("Plans")
    tab = "overview"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = academic_year_of(self.organization, today)
        kwargs.update(
            counts=queries.planning_overview(self.organization),
            annual_plan=queries.annual_plan_for_year(self.organization, year),
            long_term_plan=queries.long_term_plan_for_year(self.organization, today.year),
            academic_year=year,
            year_label=academic_year_label(year),
        )
        return super().get_context_data(**kwargs)


# --- long-term plan (R2.1) -------------------------------------------------------------------


class LongTermPlanListView(OrgListView):
    model = LongTermPlan
    permission = VIEW
    template_name = "planning/long_term_plan_list.html"
    page_title = _("Long-term plans")
    tab = "long_term"

    def get_queryset(self):
        return queries.long_term_plan_list(self.organization)


class LongTermPlanDetailView(OrgViewMixin, TemplateView):
    """R2.1: goals and, per indicator and year, the target against the actual value."""

    model = LongTermPlan
    permission = VIEW
    template_name = "planning/long_term_plan_detail.html"
    tab = "long_term"

    def get_context_data(self, **kwargs):
        plan = queries.long_term_plan_get(self.organization, self.kwargs["pk"])
        kwargs.update(
            plan=plan,
            object=plan,
            progress=queries.long_term_plan_progress(plan),
            page_title=plan.title,
            can_change=self.can(CHANGE),
            history=_history(self, plan),
        )
        return super().get_context_data(**kwargs)


class LongTermPlanCreateView(CreatePage):
    form_class = LongTermPlanForm
    page_title = _("New long-term plan")
    tab = "long_term"
    cancel_url_name = "planning:long-term-plan-list"

    def perform(self, form):
        return services.long_term_plan_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )


class LongTermPlanUpdateView(UpdatePage):
    model = LongTermPlan
    form_class = LongTermPlanForm
    page_title = _("Edit long-term plan")
    tab = "long_term"

    def perform(self, form):
        return services.long_term_plan_update(
            plan=self.object, actor=self.request.user, data=form.service_data()
        )


class LongTermPlanDeleteView(DeletePage):
    model = LongTermPlan
    page_title = _("Delete long-term plan")
    tab = "long_term"

    def remove(self):
        services.long_term_plan_delete(plan=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url(self, "planning:long-term-plan-list")


class LongTermPlanXlsxView(OrgViewMixin, View):
    model = LongTermPlan
    permission = VIEW

    def get(self, request, *args, **kwargs):
        plan = queries.long_term_plan_get(self.organization, kwargs["pk"])
        progress = queries.long_term_plan_progress(plan)
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="long_term_plan",
            file_format="xlsx",
            target=plan,
        )
        return xlsx_response(
            f"long-term-plan-{plan.year_start}-{plan.year_end}.xlsx",
            documents.long_term_plan_sheets(progress),
        )


class IndicatorCreateView(ChildCreatePage):
    model = Indicator
    form_class = IndicatorForm
    page_title = _("New target indicator")
    tab = "long_term"

    def get_parent(self):
        return queries.long_term_plan_get(self.organization, self.kwargs["plan_pk"])

    def perform(self, form):
        return services.indicator_create(
            plan=self.parent, actor=self.request.user, data=form.service_data()
        )


class IndicatorUpdateView(UpdatePage):
    model = Indicator
    form_class = IndicatorForm
    page_title = _("Edit target indicator")
    tab = "long_term"

    def get_object(self):
        return queries.indicator_get(self.organization, self.kwargs["pk"], self.kwargs["plan_pk"])

    def perform(self, form):
        return services.indicator_update(
            indicator=self.object, actor=self.request.user, data=form.service_data()
        )


class IndicatorDeleteView(DeletePage):
    model = Indicator
    page_title = _("Delete target indicator")
    tab = "long_term"

    def get_object(self):
        return queries.indicator_get(self.organization, self.kwargs["pk"], self.kwargs["plan_pk"])

    def remove(self):
        services.indicator_delete(indicator=self.object, actor=self.request.user)

    def get_success_url(self):
        return self.object.plan.get_absolute_url()


class IndicatorValueSetView(ChildCreatePage):
    """Record a year's target (and the actual value entered by hand) of one indicator."""

    model = IndicatorValue
    form_class = IndicatorValueForm
    page_title = _("Target for a year")
    tab = "long_term"
    success_message = _("The year's values are saved.")

    def get_parent(self):
        return queries.indicator_get(self.organization, self.kwargs["indicator_pk"])

    def get_initial(self):
        year = self.request.GET.get("year", "")
        return {"year": int(year)} if year.isascii() and year.isdigit() and len(year) == 4 else {}

    def perform(self, form):
        return services.indicator_value_set(
            indicator=self.parent, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["indicator"] = self.parent
        return super().get_context_data(**kwargs)


class IndicatorValueMixin:
    model = IndicatorValue
    tab = "long_term"

    def get_object(self):
        value = queries.indicator_value_get(self.organization, self.kwargs["pk"])
        if value.indicator_id != self.kwargs["indicator_pk"]:
            raise Http404
        return value


class IndicatorValueUpdateView(IndicatorValueMixin, UpdatePage):
    form_class = IndicatorValueForm
    page_title = _("Target for a year")

    def perform(self, form):
        return services.indicator_value_update(
            value=self.object, actor=self.request.user, data=form.service_data()
        )


class IndicatorValueDeleteView(IndicatorValueMixin, DeletePage):
    page_title = _("Delete the year's values")

    def remove(self):
        services.indicator_value_delete(value=self.object, actor=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- annual work plan (A2.5) -----------------------------------------------------------------


class AnnualPlanListView(OrgListView):
    model = AnnualPlan
    permission = VIEW
    template_name = "planning/annual_plan_list.html"
    page_title = _("Annual work plans")
    tab = "annual"

    def get_queryset(self):
        return queries.annual_plan_list(self.organization)


class AnnualPlanDetailView(OrgViewMixin, TemplateView):
    """A2.5: the plan and its items, a page at a time (a plan may have thousands of items;
    the DOCX and XLSX hold them all)."""

    model = AnnualPlan
    permission = VIEW
    template_name = "planning/annual_plan_detail.html"
    tab = "annual"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        plan = queries.annual_plan_get(self.organization, self.kwargs["pk"])
        page_obj = Paginator(queries.annual_plan_items(plan), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        kwargs.update(
            plan=plan,
            object=plan,
            page_obj=page_obj,
            items=page_obj.object_list,
            status_counts=queries.annual_plan_status_counts(plan),
            page_title=plan.display_title,
            can_change=self.can(CHANGE),
            can_approve=self.can(APPROVE),
            history=_history(self, plan),
        )
        return super().get_context_data(**kwargs)


class AnnualPlanCreateView(CreatePage):
    form_class = AnnualPlanForm
    page_title = _("New annual work plan")
    tab = "annual"
    cancel_url_name = "planning:annual-plan-list"

    def perform(self, form):
        return services.annual_plan_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )


class AnnualPlanUpdateView(UpdatePage):
    model = AnnualPlan
    form_class = AnnualPlanForm
    page_title = _("Edit annual work plan")
    tab = "annual"

    def perform(self, form):
        return services.annual_plan_update(
            plan=self.object, actor=self.request.user, data=form.service_data()
        )


class AnnualPlanDeleteView(DeletePage):
    model = AnnualPlan
    page_title = _("Delete annual work plan")
    tab = "annual"

    def remove(self):
        services.annual_plan_delete(plan=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url(self, "planning:annual-plan-list")


class AnnualPlanApproveView(ActionPage):
    model = AnnualPlan
    permission = APPROVE
    page_title = _("Approve the work plan")
    question = _("Approve this work plan? Its items can then change only their status and result.")
    button = _("Approve")
    success_message = _("The work plan is approved.")
    tab = "annual"

    def perform(self, form):
        return services.annual_plan_approve(plan=self.object, actor=self.request.user)


class AnnualPlanReopenView(ActionPage):
    model = AnnualPlan
    permission = APPROVE
    page_title = _("Return the work plan to draft")
    question = _("Return this work plan to draft? It must then be approved again.")
    button = _("Return to draft")
    success_message = _("The work plan is a draft again.")
    tab = "annual"

    def perform(self, form):
        return services.annual_plan_return_to_draft(plan=self.object, actor=self.request.user)


class AnnualPlanDocxView(OrgViewMixin, View):
    """A2.5: the work plan as a Word document, in Russian or Kazakh (?lang=ru|kk)."""

    model = AnnualPlan
    permission = VIEW

    def get(self, request, *args, **kwargs):
        plan = queries.annual_plan_get(self.organization, kwargs["pk"])
        language = _language(request)
        content = documents.annual_plan_docx(plan, language)
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="annual_plan",
            file_format="docx",
            target=plan,
            language=language,
        )
        return _docx(content, f"work-plan-{plan.academic_year}-{language}.docx")


class AnnualPlanXlsxView(OrgViewMixin, View):
    model = AnnualPlan
    permission = VIEW

    def get(self, request, *args, **kwargs):
        plan = queries.annual_plan_get(self.organization, kwargs["pk"])
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="annual_plan",
            file_format="xlsx",
            target=plan,
        )
        return xlsx_response(
            f"work-plan-{plan.academic_year}.xlsx",
            documents.annual_plan_sheets(plan, queries.annual_plan_items(plan)),
        )


class AnnualPlanItemCreateView(ChildCreatePage):
    model = AnnualPlanItem
    form_class = AnnualPlanItemForm
    page_title = _("New plan item")
    tab = "annual"
    success_message = _("The item is added to the plan.")

    def get_parent(self):
        return queries.annual_plan_get(self.organization, self.kwargs["plan_pk"])

    def perform(self, form):
        return services.annual_plan_item_create(
            plan=self.parent, actor=self.request.user, data=form.service_data()
        )


class AnnualPlanItemMixin:
    model = AnnualPlanItem
    tab = "annual"

    def get_object(self):
        return queries.annual_plan_item_get(
            self.organization, self.kwargs["pk"], self.kwargs["plan_pk"]
        )


class AnnualPlanItemUpdateView(AnnualPlanItemMixin, UpdatePage):
    """A draft plan's item changes entirely; an approved plan's item records its progress."""

    page_title = _("Edit plan item")

    def get_form_class(self):
        if self.object.plan.is_approved:
            return AnnualPlanItemProgressForm
        return AnnualPlanItemForm

    def perform(self, form):
        return services.annual_plan_item_update(
            item=self.object, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["parent"] = self.object.plan
        return super().get_context_data(**kwargs)


class AnnualPlanItemDeleteView(AnnualPlanItemMixin, DeletePage):
    page_title = _("Delete plan item")

    def remove(self):
        services.annual_plan_item_delete(item=self.object, actor=self.request.user)

    def get_success_url(self):
        return self.object.plan.get_absolute_url()


# --- international activities (R8.1) ---------------------------------------------------------


class FilteredListMixin:
    filter_form_class = None

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = self.filter_form_class(
                self.request.GET or None, organization=self.organization
            )
        return self._filter_form

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.get_filter_form()
        kwargs["query_string"] = self.request.GET.urlencode()
        return super().get_context_data(**kwargs)


class ActivityListView(FilteredListMixin, OrgListView):
    model = InternationalActivity
    permission = VIEW
    template_name = "planning/activity_list.html"
    page_title = _("International activities")
    tab = "activities"
    filter_form_class = ActivityFilterForm

    def get_queryset(self):
        return queries.activity_list(self.organization, **self.get_filter_form().filters())


class ActivityDetailView(OrgViewMixin, TemplateView):
    model = InternationalActivity
    permission = VIEW
    template_name = "planning/activity_detail.html"
    tab = "activities"

    def get_context_data(self, **kwargs):
        activity = queries.activity_get(self.organization, self.kwargs["pk"])
        kwargs.update(
            activity=activity,
            object=activity,
            page_title=activity.title,
            can_change=self.can(CHANGE),
            history=_history(self, activity),
        )
        return super().get_context_data(**kwargs)


class ActivityCreateView(CreatePage):
    form_class = ActivityForm
    page_title = _("New international activity")
    tab = "activities"
    cancel_url_name = "planning:activity-list"

    def perform(self, form):
        return services.activity_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )


class ActivityUpdateView(UpdatePage):
    model = InternationalActivity
    form_class = ActivityForm
    page_title = _("Edit international activity")
    tab = "activities"

    def perform(self, form):
        return services.activity_update(
            activity=self.object, actor=self.request.user, data=form.service_data()
        )


class ActivityDeleteView(DeletePage):
    model = InternationalActivity
    page_title = _("Delete international activity")
    tab = "activities"

    def remove(self):
        services.activity_delete(activity=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url(self, "planning:activity-list")


class ActivityXlsxView(OrgViewMixin, View):
    permission = VIEW

    def get(self, request, *args, **kwargs):
        form = ActivityFilterForm(request.GET or None, organization=self.organization)
        activities = queries.activity_list(self.organization, **form.filters())
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="activity",
            file_format="xlsx",
            filters=request.GET.dict(),
        )
        return xlsx_response("international-activities.xlsx", documents.activity_sheets(activities))


# --- conference participation (A2.8) ---------------------------------------------------------


class ConferenceListView(FilteredListMixin, OrgListView):
    model = ConferenceParticipation
    permission = VIEW
    template_name = "planning/conference_list.html"
    page_title = _("Conference participation")
    tab = "conferences"
    filter_form_class = ConferenceFilterForm

    def get_queryset(self):
        return queries.conference_list(self.organization, **self.get_filter_form().filters())


class ConferenceCreateView(CreatePage):
    form_class = ConferenceForm
    page_title = _("New conference participation")
    tab = "conferences"
    cancel_url_name = "planning:conference-list"
    success_message = _("The participation is recorded.")

    def perform(self, form):
        return services.conference_participation_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return _url(self, "planning:conference-list")


class ConferenceUpdateView(UpdatePage):
    model = ConferenceParticipation
    form_class = ConferenceForm
    page_title = _("Edit conference participation")
    tab = "conferences"

    def perform(self, form):
        return services.conference_participation_update(
            participation=self.object, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = _url(self, "planning:conference-list")
        kwargs["history"] = _history(self, self.object)
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return _url(self, "planning:conference-list")


class ConferenceDeleteView(DeletePage):
    model = ConferenceParticipation
    page_title = _("Delete conference participation")
    tab = "conferences"

    def remove(self):
        services.conference_participation_delete(participation=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url(self, "planning:conference-list")


class ConferenceXlsxView(OrgViewMixin, View):
    permission = VIEW

    def get(self, request, *args, **kwargs):
        form = ConferenceFilterForm(request.GET or None, organization=self.organization)
        participations = queries.conference_list(self.organization, **form.filters())
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="conference_participation",
            file_format="xlsx",
            filters=request.GET.dict(),
        )
        return xlsx_response(
            "conference-participation.xlsx", documents.conference_sheets(participations)
        )


# --- work with foreigners (A2.9) -------------------------------------------------------------


class ForeignersWorkListView(OrgListView):
    model = ForeignersWork
    permission = VIEW
    template_name = "planning/foreigners_work_list.html"
    page_title = _("Work with foreigners")
    tab = "foreigners"

    def get_queryset(self):
        return queries.foreigners_work_list(self.organization)


# The A2.9 page's lists, each a page at a time with its own parameter: (parameter, anchor).
FOREIGNERS_WORK_PAGES = {
    "staff_developments": ("staff_page", "staff-development"),
    "special_courses": ("courses_page", "special-courses"),
    "teaching_materials": ("materials_page", "teaching-materials"),
    "publications": ("publications_page", "publications"),
}
SECTION_PAGE_SIZE = 50


@dataclass
class SectionPage:
    """One page of one of several lists on a page, with the links to its neighbours (the other
    lists keep their pages)."""

    page_obj: Page
    previous_url: str
    next_url: str


def _section_page(request, rows, param: str, anchor: str) -> SectionPage:
    page_obj = Paginator(rows, SECTION_PAGE_SIZE).get_page(request.GET.get(param))

    def url(number) -> str:
        params = request.GET.copy()
        params[param] = number
        return f"?{params.urlencode()}#{anchor}"

    return SectionPage(
        page_obj=page_obj,
        previous_url=url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        next_url=url(page_obj.next_page_number()) if page_obj.has_next() else "",
    )


class ForeignersWorkDetailView(OrgViewMixin, TemplateView):
    model = ForeignersWork
    permission = VIEW
    template_name = "planning/foreigners_work_detail.html"
    tab = "foreigners"

    def get_context_data(self, **kwargs):
        work = queries.foreigners_work_get(self.organization, self.kwargs["pk"], with_lists=False)
        narratives = [
            (work._meta.get_field(name).verbose_name, getattr(work, name))
            for name in ForeignersWork.NARRATIVE_FIELDS
        ]
        sections = {
            name: _section_page(
                self.request, queries.foreigners_work_section(work, name), param, anchor
            )
            for name, (param, anchor) in FOREIGNERS_WORK_PAGES.items()
        }
        kwargs.update(
            work=work,
            object=work,
            sections=sections,
            publication_summary=queries.publication_summary_of(work),
            narratives=narratives,
            page_title=str(work),
            can_change=self.can(CHANGE),
            history=_history(self, work),
        )
        return super().get_context_data(**kwargs)


class ForeignersWorkCreateView(CreatePage):
    form_class = ForeignersWorkForm
    page_title = _("Work with foreigners: new academic year")
    tab = "foreigners"
    cancel_url_name = "planning:foreigners-work-list"

    def perform(self, form):
        return services.foreigners_work_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )


class ForeignersWorkUpdateView(UpdatePage):
    model = ForeignersWork
    form_class = ForeignersWorkForm
    page_title = _("Edit work with foreigners")
    tab = "foreigners"

    def perform(self, form):
        return services.foreigners_work_update(
            work=self.object, actor=self.request.user, data=form.service_data()
        )


class ForeignersWorkDeleteView(DeletePage):
    model = ForeignersWork
    page_title = _("Delete work with foreigners")
    tab = "foreigners"

    def remove(self):
        services.foreigners_work_delete(work=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url(self, "planning:foreigners-work-list")


class ForeignersWorkXlsxView(OrgViewMixin, View):
    model = ForeignersWork
    permission = VIEW

    def get(self, request, *args, **kwargs):
        work = queries.foreigners_work_get(self.organization, kwargs["pk"])
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="foreigners_work",
            file_format="xlsx",
            target=work,
        )
        return xlsx_response(
            f"work-with-foreigners-{work.academic_year}.xlsx",
            documents.foreigners_work_sheets(queries.foreigners_work_summary(work)),
        )


class WorkEntryMixin:
    """A row of one of A2.9's lists, under its academic year (`work_pk`)."""

    tab = "foreigners"
    anchor = ""

    def get_parent(self):
        return queries.foreigners_work_get(self.organization, self.kwargs["work_pk"])

    def get_object(self):
        return queries.foreigners_work_child_get(
            self.model, self.organization, self.kwargs["pk"], self.kwargs["work_pk"]
        )

    def get_success_url(self):
        return self.object.get_absolute_url() + self.anchor


def _work_entry_views(model, form_class, create, update, delete, titles, anchor):
    """Create, update and delete pages of one list of A2.9 (they differ only in these)."""

    class Create(WorkEntryMixin, ChildCreatePage):
        def perform(self, form):
            return create(work=self.parent, actor=self.request.user, data=form.service_data())

    class Update(WorkEntryMixin, UpdatePage):
        def perform(self, form):
            return update(entry=self.object, actor=self.request.user, data=form.service_data())

    class Delete(WorkEntryMixin, DeletePage):
        def remove(self):
            delete(entry=self.object, actor=self.request.user)

    for cls, title in zip((Create, Update, Delete), titles, strict=True):
        cls.model, cls.form_class, cls.page_title, cls.anchor = model, form_class, title, anchor
        cls.__name__ = f"{model.__name__}{cls.__name__}View"
        cls.__qualname__ = cls.__name__
    Delete.form_class = forms.Form
    return Create, Update, Delete


StaffDevelopmentCreateView, StaffDevelopmentUpdateView, StaffDevelopmentDeleteView = (
    _work_entry_views(
        StaffDevelopment,
        StaffDevelopmentForm,
        services.staff_development_create,
        services.staff_development_update,
        services.staff_development_delete,
        (
            _("New professional development"),
            _("Edit professional development"),
            _("Delete professional development"),
        ),
        "#staff-development",
    )
)
SpecialCourseCreateView, SpecialCourseUpdateView, SpecialCourseDeleteView = _work_entry_views(
    SpecialCourse,
    SpecialCourseForm,
    services.special_course_create,
    services.special_course_update,
    services.special_course_delete,
    (
        _("New special course or seminar"),
        _("Edit special course or seminar"),
        _("Delete special course or seminar"),
    ),
    "#special-courses",
)
TeachingMaterialCreateView, TeachingMaterialUpdateView, TeachingMaterialDeleteView = (
    _work_entry_views(
        TeachingMaterial,
        TeachingMaterialForm,
        services.teaching_material_create,
        services.teaching_material_update,
        services.teaching_material_delete,
        (
            _("New teaching material"),
            _("Edit teaching material"),
            _("Delete teaching material"),
        ),
        "#teaching-materials",
    )
)
JointPublicationCreateView, JointPublicationUpdateView, JointPublicationDeleteView = (
    _work_entry_views(
        JointPublication,
        JointPublicationForm,
        services.joint_publication_create,
        services.joint_publication_update,
        services.joint_publication_delete,
        (
            _("New publication with foreigners"),
            _("Edit publication with foreigners"),
            _("Delete publication with foreigners"),
        ),
        "#publications",
    )
)


# --- analytical materials (R2.2, R2.4) -------------------------------------------------------


class MaterialListView(FilteredListMixin, OrgListView):
    model = AnalyticalMaterial
    permission = VIEW
    template_name = "planning/material_list.html"
    page_title = _("Analytical materials")
    tab = "materials"
    filter_form_class = MaterialFilterForm

    def get_queryset(self):
        return queries.material_list(self.organization, **self.get_filter_form().filters())


class MaterialDetailView(OrgViewMixin, TemplateView):
    model = AnalyticalMaterial
    permission = VIEW
    template_name = "planning/material_detail.html"
    tab = "materials"

    def get_context_data(self, **kwargs):
        material = queries.material_get(self.organization, self.kwargs["pk"])
        kwargs.update(
            material=material,
            object=material,
            page_title=material.title,
            can_change=self.can(CHANGE),
            history=_history(self, material),
        )
        return super().get_context_data(**kwargs)


class MaterialCreateView(CreatePage):
    form_class = AnalyticalMaterialForm
    page_title = _("New analytical material")
    tab = "materials"
    cancel_url_name = "planning:material-list"

    def perform(self, form):
        return services.analytical_material_create(
            organization=self.organization,
            actor=self.request.user,
            data=form.service_data(),
            file=form.cleaned_data.get("file"),
        )


class MaterialUpdateView(UpdatePage):
    model = AnalyticalMaterial
    form_class = AnalyticalMaterialForm
    page_title = _("Edit analytical material")
    tab = "materials"

    def perform(self, form):
        return services.analytical_material_update(
            material=self.object,
            actor=self.request.user,
            data=form.service_data(),
            file=form.cleaned_data.get("file"),
            remove_file=form.cleaned_data.get("remove_file", False),
        )


class MaterialDeleteView(DeletePage):
    model = AnalyticalMaterial
    page_title = _("Delete analytical material")
    tab = "materials"

    def remove(self):
        services.analytical_material_delete(material=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url(self, "planning:material-list")


class MaterialFileView(OrgViewMixin, View):
    """The material's file, to members who may see the plans."""

    model = AnalyticalMaterial
    permission = VIEW

    def get(self, request, *args, **kwargs):
        material = queries.material_get(self.organization, kwargs["pk"])
        if not material.file:
            raise Http404
        suffix = material.file.name.rsplit(".", 1)[-1].lower()
        return serve_file(material.file, f"material-{material.pk}.{suffix}")


class MaterialXlsxView(OrgViewMixin, View):
    permission = VIEW

    def get(self, request, *args, **kwargs):
        form = MaterialFilterForm(request.GET or None, organization=self.organization)
        materials = queries.material_list(self.organization, **form.filters())
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="analytical_material",
            file_format="xlsx",
            filters=request.GET.dict(),
        )
        return xlsx_response("analytical-materials.xlsx", documents.material_sheets(materials))


# --- priority specialties (R2.5) -------------------------------------------------------------


class SpecialtyProposalListView(OrgListView):
    model = SpecialtyProposal
    permission = VIEW
    template_name = "planning/specialty_proposal_list.html"
    page_title = _("Priority specialties")
    tab = "specialties"

    def get_queryset(self):
        return queries.specialty_proposal_list(self.organization)


class SpecialtyProposalDetailView(OrgViewMixin, TemplateView):
    model = SpecialtyProposal
    permission = VIEW
    template_name = "planning/specialty_proposal_detail.html"
    tab = "specialties"

    def get_context_data(self, **kwargs):
        proposal = queries.specialty_proposal_get(self.organization, self.kwargs["pk"])
        kwargs.update(
            proposal=proposal,
            object=proposal,
            specialties=list(queries.specialties_of(proposal)),
            page_title=str(proposal),
            can_change=self.can(CHANGE),
            can_approve=self.can(APPROVE),
            history=_history(self, proposal),
        )
        return super().get_context_data(**kwargs)


class SpecialtyProposalCreateView(CreatePage):
    form_class = SpecialtyProposalForm
    page_title = _("New priority-specialty proposal")
    tab = "specialties"
    cancel_url_name = "planning:specialty-proposal-list"

    def perform(self, form):
        return services.specialty_proposal_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )


class SpecialtyProposalUpdateView(UpdatePage):
    model = SpecialtyProposal
    form_class = SpecialtyProposalForm
    page_title = _("Edit priority-specialty proposal")
    tab = "specialties"

    def perform(self, form):
        return services.specialty_proposal_update(
            proposal=self.object, actor=self.request.user, data=form.service_data()
        )


class SpecialtyProposalDeleteView(DeletePage):
    model = SpecialtyProposal
    page_title = _("Delete priority-specialty proposal")
    tab = "specialties"

    def remove(self):
        services.specialty_proposal_delete(proposal=self.object, actor=self.request.user)

    def get_success_url(self):
        return _url(self, "planning:specialty-proposal-list")


class SpecialtyProposalApproveView(ActionPage):
    model = SpecialtyProposal
    permission = APPROVE
    page_title = _("Approve the proposal")
    question = _("Approve this proposal of priority specialties?")
    button = _("Approve")
    success_message = _("The proposal is approved.")
    tab = "specialties"

    def perform(self, form):
        return services.specialty_proposal_approve(proposal=self.object, actor=self.request.user)


class SpecialtyProposalReopenView(ActionPage):
    model = SpecialtyProposal
    permission = APPROVE
    page_title = _("Return the proposal to draft")
    question = _("Return this proposal to draft? It must then be approved again.")
    button = _("Return to draft")
    success_message = _("The proposal is a draft again.")
    tab = "specialties"

    def perform(self, form):
        return services.specialty_proposal_return_to_draft(
            proposal=self.object, actor=self.request.user
        )


class SpecialtyProposalDocxView(OrgViewMixin, View):
    model = SpecialtyProposal
    permission = VIEW

    def get(self, request, *args, **kwargs):
        proposal = queries.specialty_proposal_get(self.organization, kwargs["pk"])
        language = _language(request)
        content = documents.specialty_proposal_docx(
            proposal, queries.specialties_of(proposal), language
        )
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="specialty_proposal",
            file_format="docx",
            target=proposal,
            language=language,
        )
        return _docx(content, f"priority-specialties-{proposal.year}-{language}.docx")


class SpecialtyProposalXlsxView(OrgViewMixin, View):
    model = SpecialtyProposal
    permission = VIEW

    def get(self, request, *args, **kwargs):
        proposal = queries.specialty_proposal_get(self.organization, kwargs["pk"])
        services.record_export(
            organization=self.organization,
            actor=request.user,
            entity="specialty_proposal",
            file_format="xlsx",
            target=proposal,
        )
        return xlsx_response(
            f"priority-specialties-{proposal.year}.xlsx",
            documents.specialty_sheets(proposal, queries.specialties_of(proposal)),
        )


class SpecialtyMixin:
    model = PrioritySpecialty
    tab = "specialties"

    def get_parent(self):
        return queries.specialty_proposal_get(self.organization, self.kwargs["proposal_pk"])

    def get_object(self):
        return queries.specialty_get(
            self.organization, self.kwargs["pk"], self.kwargs["proposal_pk"]
        )


class PrioritySpecialtyCreateView(SpecialtyMixin, ChildCreatePage):
    form_class = PrioritySpecialtyForm
    page_title = _("New priority specialty")

    def perform(self, form):
        return services.priority_specialty_create(
            proposal=self.parent, actor=self.request.user, data=form.service_data()
        )


class PrioritySpecialtyUpdateView(SpecialtyMixin, UpdatePage):
    form_class = PrioritySpecialtyForm
    page_title = _("Edit priority specialty")

    def perform(self, form):
        return services.priority_specialty_update(
            specialty=self.object, actor=self.request.user, data=form.service_data()
        )


class PrioritySpecialtyDeleteView(SpecialtyMixin, DeletePage):
    page_title = _("Delete priority specialty")

    def remove(self):
        services.priority_specialty_delete(specialty=self.object, actor=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()
