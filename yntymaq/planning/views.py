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
from yntymaq.core.views.base import OrgListView, OrgObjectFormView, OrgViewMixin
from yntymaq.core.views.generic import OrgCreatePage, OrgDeletePage, OrgUpdatePage
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


# The pages that create, change and delete a record are core's (core.views.generic); these
# are what planning's have in common.
FORM = "planning/form.html"
CONFIRM_DELETE = "planning/confirm_delete.html"
SAVED = _("Saved.")
CHANGES_SAVED = _("The changes are saved.")
DELETED = _("Deleted.")


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
        )
        return super().get_context_data(**kwargs)


class LongTermPlanCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.long_term_plan_create
    success_message = SAVED
    form_class = LongTermPlanForm
    page_title = _("New long-term plan")
    tab = "long_term"
    cancel_url_name = "planning:long-term-plan-list"


class LongTermPlanUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.long_term_plan_update
    object_arg = "plan"
    success_message = CHANGES_SAVED
    model = LongTermPlan
    form_class = LongTermPlanForm
    page_title = _("Edit long-term plan")
    tab = "long_term"


class LongTermPlanDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.long_term_plan_delete
    object_arg = "plan"
    success_url_name = "planning:long-term-plan-list"
    success_message = DELETED
    model = LongTermPlan
    page_title = _("Delete long-term plan")
    tab = "long_term"


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


class IndicatorCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.indicator_create
    parent_arg = "plan"
    success_message = SAVED
    model = Indicator
    form_class = IndicatorForm
    page_title = _("New target indicator")
    tab = "long_term"

    def get_parent(self):
        return queries.long_term_plan_get(self.organization, self.kwargs["plan_pk"])


class IndicatorUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.indicator_update
    object_arg = "indicator"
    success_message = CHANGES_SAVED
    model = Indicator
    form_class = IndicatorForm
    page_title = _("Edit target indicator")
    tab = "long_term"

    def get_object(self):
        return queries.indicator_get(self.organization, self.kwargs["pk"], self.kwargs["plan_pk"])


class IndicatorDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.indicator_delete
    object_arg = "indicator"
    success_message = DELETED
    model = Indicator
    page_title = _("Delete target indicator")
    tab = "long_term"

    def get_object(self):
        return queries.indicator_get(self.organization, self.kwargs["pk"], self.kwargs["plan_pk"])

    def get_success_url(self):
        return self.object.plan.get_absolute_url()


class IndicatorValueSetView(OrgCreatePage):
    """Record a year's target (and the actual value entered by hand) of one indicator."""

    permission = CHANGE
    template_name = FORM
    service = services.indicator_value_set
    parent_arg = "indicator"
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


class IndicatorValueUpdateView(IndicatorValueMixin, OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.indicator_value_update
    object_arg = "value"
    success_message = CHANGES_SAVED
    form_class = IndicatorValueForm
    page_title = _("Target for a year")


class IndicatorValueDeleteView(IndicatorValueMixin, OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.indicator_value_delete
    object_arg = "value"
    success_message = DELETED
    page_title = _("Delete the year's values")


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
        )
        return super().get_context_data(**kwargs)


class AnnualPlanCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.annual_plan_create
    success_message = SAVED
    form_class = AnnualPlanForm
    page_title = _("New annual work plan")
    tab = "annual"
    cancel_url_name = "planning:annual-plan-list"


class AnnualPlanUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.annual_plan_update
    object_arg = "plan"
    success_message = CHANGES_SAVED
    model = AnnualPlan
    form_class = AnnualPlanForm
    page_title = _("Edit annual work plan")
    tab = "annual"


class AnnualPlanDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.annual_plan_delete
    object_arg = "plan"
    success_url_name = "planning:annual-plan-list"
    success_message = DELETED
    model = AnnualPlan
    page_title = _("Delete annual work plan")
    tab = "annual"


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


class AnnualPlanItemCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.annual_plan_item_create
    parent_arg = "plan"
    model = AnnualPlanItem
    form_class = AnnualPlanItemForm
    page_title = _("New plan item")
    tab = "annual"
    success_message = _("The item is added to the plan.")

    def get_parent(self):
        return queries.annual_plan_get(self.organization, self.kwargs["plan_pk"])


class AnnualPlanItemMixin:
    model = AnnualPlanItem
    tab = "annual"

    def get_object(self):
        return queries.annual_plan_item_get(
            self.organization, self.kwargs["pk"], self.kwargs["plan_pk"]
        )


class AnnualPlanItemUpdateView(AnnualPlanItemMixin, OrgUpdatePage):
    """A draft plan's item changes entirely; an approved plan's item records its progress."""

    permission = CHANGE
    template_name = FORM
    service = services.annual_plan_item_update
    object_arg = "item"
    success_message = CHANGES_SAVED
    page_title = _("Edit plan item")

    def get_form_class(self):
        if self.object.plan.is_approved:
            return AnnualPlanItemProgressForm
        return AnnualPlanItemForm

    def get_context_data(self, **kwargs):
        kwargs["parent"] = self.object.plan
        return super().get_context_data(**kwargs)


class AnnualPlanItemDeleteView(AnnualPlanItemMixin, OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.annual_plan_item_delete
    object_arg = "item"
    success_message = DELETED
    page_title = _("Delete plan item")

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
        )
        return super().get_context_data(**kwargs)


class ActivityCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.activity_create
    success_message = SAVED
    form_class = ActivityForm
    page_title = _("New international activity")
    tab = "activities"
    cancel_url_name = "planning:activity-list"


class ActivityUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.activity_update
    object_arg = "activity"
    success_message = CHANGES_SAVED
    model = InternationalActivity
    form_class = ActivityForm
    page_title = _("Edit international activity")
    tab = "activities"


class ActivityDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.activity_delete
    object_arg = "activity"
    success_url_name = "planning:activity-list"
    success_message = DELETED
    model = InternationalActivity
    page_title = _("Delete international activity")
    tab = "activities"


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


class ConferenceCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.conference_participation_create
    success_url_name = cancel_url_name = "planning:conference-list"
    form_class = ConferenceForm
    page_title = _("New conference participation")
    tab = "conferences"
    success_message = _("The participation is recorded.")


class ConferenceUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.conference_participation_update
    object_arg = "participation"
    success_message = CHANGES_SAVED
    success_url_name = cancel_url_name = "planning:conference-list"
    model = ConferenceParticipation
    form_class = ConferenceForm
    page_title = _("Edit conference participation")
    tab = "conferences"
    extra_context = {"show_history": True}  # a participation has no page of its own


class ConferenceDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.conference_participation_delete
    object_arg = "participation"
    success_url_name = "planning:conference-list"
    success_message = DELETED
    model = ConferenceParticipation
    page_title = _("Delete conference participation")
    tab = "conferences"


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
        )
        return super().get_context_data(**kwargs)


class ForeignersWorkCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.foreigners_work_create
    success_message = SAVED
    form_class = ForeignersWorkForm
    page_title = _("Work with foreigners: new academic year")
    tab = "foreigners"
    cancel_url_name = "planning:foreigners-work-list"


class ForeignersWorkUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.foreigners_work_update
    object_arg = "work"
    success_message = CHANGES_SAVED
    model = ForeignersWork
    form_class = ForeignersWorkForm
    page_title = _("Edit work with foreigners")
    tab = "foreigners"


class ForeignersWorkDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.foreigners_work_delete
    object_arg = "work"
    success_url_name = "planning:foreigners-work-list"
    success_message = DELETED
    model = ForeignersWork
    page_title = _("Delete work with foreigners")
    tab = "foreigners"


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

    permission = CHANGE
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

    class Create(WorkEntryMixin, OrgCreatePage):
        template_name = FORM
        service = create
        parent_arg = "work"
        success_message = SAVED

    class Update(WorkEntryMixin, OrgUpdatePage):
        template_name = FORM
        service = update
        object_arg = "entry"
        success_message = CHANGES_SAVED

    class Delete(WorkEntryMixin, OrgDeletePage):
        template_name = CONFIRM_DELETE
        service = delete
        object_arg = "entry"
        success_message = DELETED

    for cls, title in zip((Create, Update, Delete), titles, strict=True):
        cls.model, cls.page_title, cls.anchor = model, title, anchor
        cls.__name__ = f"{model.__name__}{cls.__name__}View"
        cls.__qualname__ = cls.__name__
    Create.form_class = Update.form_class = form_class
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
        )
        return super().get_context_data(**kwargs)


class MaterialCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    success_message = SAVED
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


class MaterialUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    success_message = CHANGES_SAVED
    model = AnalyticalMaterial
    form_class = AnalyticalMaterialForm
    page_title = _("Edit analytical material")
    tab = "materials"

    def perform(self, form):
        return services.analytical_material_update(
            material=self.get_object(),
            actor=self.request.user,
            data=form.service_data(),
            file=form.cleaned_data.get("file"),
            remove_file=form.cleaned_data.get("remove_file", False),
        )


class MaterialDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.analytical_material_delete
    object_arg = "material"
    success_url_name = "planning:material-list"
    success_message = DELETED
    model = AnalyticalMaterial
    page_title = _("Delete analytical material")
    tab = "materials"


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
        )
        return super().get_context_data(**kwargs)


class SpecialtyProposalCreateView(OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.specialty_proposal_create
    success_message = SAVED
    form_class = SpecialtyProposalForm
    page_title = _("New priority-specialty proposal")
    tab = "specialties"
    cancel_url_name = "planning:specialty-proposal-list"


class SpecialtyProposalUpdateView(OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.specialty_proposal_update
    object_arg = "proposal"
    success_message = CHANGES_SAVED
    model = SpecialtyProposal
    form_class = SpecialtyProposalForm
    page_title = _("Edit priority-specialty proposal")
    tab = "specialties"


class SpecialtyProposalDeleteView(OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.specialty_proposal_delete
    object_arg = "proposal"
    success_url_name = "planning:specialty-proposal-list"
    success_message = DELETED
    model = SpecialtyProposal
    page_title = _("Delete priority-specialty proposal")
    tab = "specialties"


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


class PrioritySpecialtyCreateView(SpecialtyMixin, OrgCreatePage):
    permission = CHANGE
    template_name = FORM
    service = services.priority_specialty_create
    parent_arg = "proposal"
    success_message = SAVED
    form_class = PrioritySpecialtyForm
    page_title = _("New priority specialty")


class PrioritySpecialtyUpdateView(SpecialtyMixin, OrgUpdatePage):
    permission = CHANGE
    template_name = FORM
    service = services.priority_specialty_update
    object_arg = "specialty"
    success_message = CHANGES_SAVED
    form_class = PrioritySpecialtyForm
    page_title = _("Edit priority specialty")


class PrioritySpecialtyDeleteView(SpecialtyMixin, OrgDeletePage):
    permission = CHANGE
    template_name = CONFIRM_DELETE
    service = services.priority_specialty_delete
    object_arg = "specialty"
    success_message = DELETED
    page_title = _("Delete priority specialty")
