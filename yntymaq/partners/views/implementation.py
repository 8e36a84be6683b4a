"""Carrying out an agreement (R8.3, A2.7): planned activities, results, yearly summaries."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yntymaq.core.views.base import OrgObjectFormView

from .. import queries, services
from ..forms import ActivityForm, ResultForm, YearlySummaryForm
from ..models import Agreement, ImplementationResult, PlannedActivity


class AgreementChildMixin:
    """Pages of a row that belongs to one agreement: `agreement_pk` in the URL, `pk` the row."""

    tab = "agreements"

    def get_object(self):
        obj = queries.agreement_children(
            self.model,
            organization=self.organization,
            agreement_pk=self.kwargs["agreement_pk"],
            pk=self.kwargs["pk"],
        )
        self.agreement = obj.agreement
        return obj

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_class is not forms.Form:
            kwargs.update(
                organization=self.organization, agreement=self.agreement, instance=self.object
            )
        if self.form_class is ResultForm:
            kwargs["membership"] = self.membership
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("agreement", self.agreement)
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.agreement.get_absolute_url() + self.anchor


class AgreementParentMixin:
    """Pages that add a row to one agreement: `pk` is the agreement."""

    model = Agreement
    tab = "agreements"

    def get_object(self):
        agreement = queries.agreement_get(organization=self.organization, pk=self.kwargs["pk"])
        self.agreement = agreement
        return agreement

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "organization": self.organization,
            "agreement": self.agreement,
        }

    def get_context_data(self, **kwargs):
        kwargs.setdefault("agreement", self.agreement)
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.agreement.get_absolute_url() + self.anchor


class ActivityCreateView(AgreementParentMixin, OrgObjectFormView):
    permission = "partners.change"
    form_class = ActivityForm
    template_name = "partners/agreement_child_form.html"
    page_title = _("New planned activity")
    success_message = _("The activity is saved.")
    anchor = "#activities"

    def perform(self, form):
        return services.planned_activity_create(
            agreement=self.agreement, actor=self.request.user, data=form.service_data()
        )


class ActivityUpdateView(AgreementChildMixin, OrgObjectFormView):
    model = PlannedActivity
    permission = "partners.change"
    form_class = ActivityForm
    template_name = "partners/agreement_child_form.html"
    page_title = _("Edit planned activity")
    success_message = _("The changes are saved.")
    anchor = "#activities"

    def perform(self, form):
        return services.planned_activity_update(
            activity=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class ActivityDeleteView(AgreementChildMixin, OrgObjectFormView):
    model = PlannedActivity
    permission = "partners.change"
    form_class = forms.Form
    template_name = "partners/confirm_delete.html"
    page_title = _("Delete planned activity")
    success_message = _("The activity is deleted.")
    anchor = "#activities"

    def perform(self, form):
        services.planned_activity_delete(activity=self.object, actor=self.request.user)


class ResultCreateView(AgreementParentMixin, OrgObjectFormView):
    permission = "partners.change"
    form_class = ResultForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"membership": self.membership}

    template_name = "partners/agreement_child_form.html"
    page_title = _("New result")
    success_message = _("The result is recorded.")
    anchor = "#results"

    def perform(self, form):
        return services.implementation_result_create(
            agreement=self.agreement, actor=self.request.user, data=form.service_data()
        )


class ResultUpdateView(AgreementChildMixin, OrgObjectFormView):
    model = ImplementationResult
    permission = "partners.change"
    form_class = ResultForm
    template_name = "partners/agreement_child_form.html"
    page_title = _("Edit result")
    success_message = _("The changes are saved.")
    anchor = "#results"

    def perform(self, form):
        return services.implementation_result_update(
            result=self.get_object(), actor=self.request.user, data=form.service_data()
        )


class ResultDeleteView(AgreementChildMixin, OrgObjectFormView):
    model = ImplementationResult
    permission = "partners.change"
    form_class = forms.Form
    template_name = "partners/confirm_delete.html"
    page_title = _("Delete result")
    success_message = _("The result is deleted.")
    anchor = "#results"

    def perform(self, form):
        services.implementation_result_delete(result=self.object, actor=self.request.user)


class YearlySummaryView(AgreementParentMixin, OrgObjectFormView):
    """A2.7: the year's brief summary, suggested from the results and edited by staff.
    `?year=2024` picks the academic year 2024/2025 (the current one by default)."""

    permission = "partners.change"
    form_class = YearlySummaryForm
    template_name = "partners/yearly_summary_form.html"
    page_title = _("Yearly summary")
    success_message = _("The summary is saved.")
    anchor = "#summaries"

    def get_form_kwargs(self):
        kwargs = super(AgreementParentMixin, self).get_form_kwargs()
        return kwargs

    def year(self) -> int:
        raw = self.request.GET.get("year", "")
        current = queries.academic_year_of(self.organization, timezone.localdate())
        return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else current

    def get_initial(self):
        year = self.year()
        saved = self.agreement.yearly_summaries.filter(year=year).first()
        return {
            "year": year,
            "text": saved.text
            if saved
            else queries.yearly_summary_suggestion(self.agreement, year),
        }

    def get_context_data(self, **kwargs):
        year = self.year()
        kwargs["year"] = year
        kwargs["suggestion"] = queries.yearly_summary_suggestion(self.agreement, year)
        kwargs["saved"] = self.agreement.yearly_summaries.filter(year=year).first()
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.yearly_summary_save(
            agreement=self.agreement,
            actor=self.request.user,
            year=form.cleaned_data["year"],
            text=form.cleaned_data["text"],
        )
