"""The authorized body's intake of annual reports (R8.11), national figures and ratings (R2.10).

Authority users have no membership: these pages read every organization through the
reporting query functions with the scope disabled explicitly, and change a report only
through reporting.services.submission_decide. The figures and ratings come from submitted
snapshots only. Organization users get 404 here (AuthorityViewMixin), anonymous users the
login page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from yntymaq.core import audit
from yntymaq.core.enums import OrganizationKind, Region
from yntymaq.core.errors import ApplicationError
from yntymaq.core.fields import TEXT_MAX_LENGTH
from yntymaq.core.files import serve_file
from yntymaq.core.views.base import apply_error
from yntymaq.core.xlsx import xlsx_response
from yntymaq.reporting import charts, queries, services
from yntymaq.reporting.enums import ReportState, SubmissionStatus
from yntymaq.reporting.models import Submission, SubmissionFile, year_label
from yntymaq.reporting.views import preview_items, svg_response

from .access import AuthorityViewMixin


class UnscopedAuthorityMixin(AuthorityViewMixin):
    """Every organization is read: the scope is disabled explicitly for the request."""

    def dispatch(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().dispatch(request, *args, **kwargs)


def _year_choices():
    current = timezone.localdate().year
    return [(year, year_label(year)) for year in range(current, current - 8, -1)]


def default_year() -> int:
    """The academic year whose reports are due next (1 September start, the default)."""
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    return year + 1 if today > queries.report_deadline(year) else year


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Academic year"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return default_year()


class ReportFilterForm(YearForm):
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[("", gettext_lazy("All regions")), *Region.choices],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *OrganizationKind.choices],
    )
    state = forms.ChoiceField(
        label=gettext_lazy("Report"),
        required=False,
        choices=[("", gettext_lazy("Any state")), *ReportState.choices],
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "region": data.get("region", ""),
            "kind": data.get("kind", ""),
            "state": data.get("state", ""),
        }


class ReportOverviewView(UnscopedAuthorityMixin, TemplateView):
    """R8.11: every organization with the state of its report for the year, filtered by
    region, kind and state. A fixed number of queries whatever the number of organizations."""

    template_name = "authority/report_overview.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        form = ReportFilterForm(self.request.GET or None)
        year = form.chosen_year()
        rows = queries.authority_overview(year, **form.filters())
        counts = dict.fromkeys(ReportState.values, 0)
        for row in rows:
            counts[row.state] += 1
        kwargs.update(
            page_title=_("Annual reports"),
            filter_form=form,
            year=year,
            year_label=year_label(year),
            deadline=queries.report_deadline(year),
            rows=rows,
            counts=[(ReportState(state).label, state, n) for state, n in counts.items()],
        )
        return super().get_context_data(**kwargs)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("accept", gettext_lazy("Accept")),
            ("return", gettext_lazy("Return with a comment")),
        ],
        widget=forms.HiddenInput,  # the two buttons of the form carry it
    )
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required when returning: say what the organization should change."),
    )


class SubmissionReviewView(UnscopedAuthorityMixin, TemplateView):
    """A submitted report, read-only as frozen, its versions, and the decision."""

    model = Submission
    template_name = "authority/report_review.html"

    def get_context_data(self, **kwargs):
        submission = kwargs.pop("submission", None) or queries.authority_submission_get(
            self.kwargs["pk"]
        )
        versions = queries.authority_versions(submission)
        waiting = (
            submission.status == SubmissionStatus.SUBMITTED and versions[0].pk == submission.pk
        )
        data = queries.stored_data(submission)
        kwargs.update(
            page_title=str(submission),
            submission=submission,
            organization_shown=submission.organization,
            report=submission.report,
            versions=versions,
            items=preview_items(data),
            gaps=queries.report_gaps(data, today=submission.submitted_at.date()),
            files=list(submission.files.all()),
            file_url_name="authority:report-file",
            waiting=waiting,
        )
        if waiting:
            kwargs.setdefault("form", DecisionForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        submission = queries.authority_submission_get(kwargs["pk"])
        form = DecisionForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                with transaction.atomic():
                    services.submission_decide(
                        submission=submission,
                        actor=request.user,
                        accept=accept,
                        comment=form.cleaned_data["comment"],
                    )
            except (ApplicationError, ValidationError) as error:
                apply_error(form, error)
            else:
                messages.success(
                    request,
                    _("The report is accepted.")
                    if accept
                    else _("The report is returned to the organization with your comment."),
                )
                return HttpResponseRedirect(
                    f"{reverse('authority:report-overview')}?year={submission.report.academic_year}"
                )
        return self.render_to_response(self.get_context_data(submission=submission, form=form))


class SubmissionFileView(UnscopedAuthorityMixin, View):
    """A frozen file of a submitted report; every download is audited."""

    model = SubmissionFile

    def get(self, request, *args, **kwargs):
        record = queries.authority_submission_file_get(kwargs["submission_pk"], kwargs["pk"])
        audit.record(
            action="authority.report_file.downloaded",
            actor=request.user,
            target=record,
            organization=record.organization,
            data={"version": record.submission.version, "sha256": record.sha256},
        )
        return serve_file(record.file, record.name)


class FiguresView(UnscopedAuthorityMixin, TemplateView):
    """National figures of the year from submitted snapshots, with charts."""

    template_name = "authority/figures.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        form = YearForm(self.request.GET or None)
        year = form.chosen_year()
        figures = queries.national_figures(year)
        kwargs.update(
            page_title=_("National figures"),
            filter_form=form,
            year=year,
            year_label=year_label(year),
            figures=figures,
            totals=[(queries.TOTALS[name], value) for name, value in figures.totals.items()],
            dimensions=[
                (name, title, figures.by[name])
                for name, (_field, title) in queries.FIGURE_DIMENSIONS.items()
            ],
        )
        return super().get_context_data(**kwargs)


class FigureChartView(UnscopedAuthorityMixin, View):
    """One dimension of the national figures as an SVG chart (?year=…&dimension=…)."""

    def get(self, request, *args, **kwargs):
        form = YearForm(request.GET or None)
        year = form.chosen_year()
        dimension = request.GET.get("dimension", "")
        if dimension not in queries.FIGURE_DIMENSIONS:
            dimension = "citizenship"
        figures = queries.national_figures(year)
        rows = figures.by[dimension]
        title = f"{queries.FIGURE_DIMENSIONS[dimension][1]}, {year_label(year)}"
        return svg_response(
            charts.horizontal_bars(
                title, [label for _c, label, _n in rows], [n for _c, _l, n in rows]
            )
        )


class RatingsView(UnscopedAuthorityMixin, TemplateView):
    """R2.10: organizations ranked on indicators of their snapshots, with the formula."""

    template_name = "authority/ratings.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        form = YearForm(self.request.GET or None)
        year = form.chosen_year()
        kwargs.update(
            page_title=_("Ratings of organizations"),
            filter_form=form,
            year=year,
            year_label=year_label(year),
            ratings=queries.ratings(year),
            weights=[
                (name, RATING_NAMES[name], weight)
                for name, weight in queries.RATING_WEIGHTS.items()
            ],
        )
        return super().get_context_data(**kwargs)


RATING_NAMES = {
    "foreigners": gettext_lazy("foreigners (A2.3)"),
    "citizens_abroad": gettext_lazy("citizens abroad (A2.4)"),
    "agreements": gettext_lazy("agreements (A2.6)"),
    "conferences": gettext_lazy("conference participations (A2.8)"),
    "publications": gettext_lazy("publications with foreigners (A2.9)"),
    "on_time": gettext_lazy("submitted on time (1 or 0)"),
}


class ExportView(UnscopedAuthorityMixin, View):
    """XLSX of the year: report states, national figures and ratings (audited)."""

    def get(self, request, *args, **kwargs):
        form = YearForm(request.GET or None)
        year = form.chosen_year()
        rows = queries.authority_overview(year)
        counted = queries.counted_submissions(year)
        figures = queries.national_figures(year, counted)
        ranking = queries.ratings(year, counted)
        states = (
            (
                row.organization.short_name,
                row.organization.name,
                row.organization.bin,
                row.organization.get_region_display(),
                row.organization.get_kind_display(),
                str(row.state_label),
                row.submission.version if row.submission else "",
                row.submission.submitted_at.date() if row.submission else "",
            )
            for row in rows
        )
        figure_rows = [
            (str(title), value)
            for title, value in ((queries.TOTALS[n], v) for n, v in figures.totals.items())
        ]
        for name, (_field, title) in queries.FIGURE_DIMENSIONS.items():
            figure_rows += [
                (f"{title}: {label}", count) for _code, label, count in figures.by[name]
            ]
        rating_rows = (
            (
                r.place,
                r.organization.short_name,
                r.score,
                *[r.values[name] for name in queries.RATING_WEIGHTS],
            )
            for r in ranking
        )
        audit.record(
            action="authority.report_figures.exported",
            actor=request.user,
            target_repr=year_label(year),
            data={"year": year},
        )
        return xlsx_response(
            f"annual-reports-{year}-{year + 1}.xlsx",
            [
                (
                    _("Reports"),
                    [
                        _("Short name"),
                        _("Organization"),
                        _("BIN"),
                        _("Region"),
                        _("Kind"),
                        _("Report"),
                        _("Version"),
                        _("Submitted"),
                    ],
                    states,
                ),
                (_("Figures"), [_("Figure"), pgettext("count", "Number")], figure_rows),
                (
                    _("Ratings"),
                    [
                        pgettext("rating", "Place"),
                        _("Organization"),
                        _("Score"),
                        *[str(RATING_NAMES[n]) for n in queries.RATING_WEIGHTS],
                    ],
                    rating_rows,
                ),
            ],
        )
