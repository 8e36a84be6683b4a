"""Pages of the annual report (R8.11, A2) and of the R4 eligibility check. Thin: parse, call a
service or a query, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.errors import ApplicationError
from yntymaq.core.files import serve_file
from yntymaq.core.views.base import OrgObjectFormView, OrgServiceFormView, OrgViewMixin

from . import charts, layout, queries, services, sources
from .enums import GenerationStatus, SubmissionStatus
from .forms import DateForm, ReportCreateForm, ReportNotesForm, SubmitForm
from .models import AnnualReport, ReportFile, ReportGeneration, Submission, SubmissionFile

PREVIEW_ROWS = 100


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": request.organization.slug, **kwargs})


# --- R4 eligibility -------------------------------------------------------------------------


class EligibilityView(OrgViewMixin, TemplateView):
    """R4: the three criteria on a date with the records behind them, the verdict (R4 or R6)
    and the warnings where the actual state differs."""

    template_name = "reporting/eligibility.html"
    permission = "reporting.view"
    page_title = gettext_lazy("Service eligibility (R4)")

    def get_context_data(self, **kwargs):
        form = DateForm(self.request.GET or None)
        kwargs.update(
            form=form, eligibility=queries.r4_eligibility(self.organization, form.on_date())
        )
        return super().get_context_data(**kwargs)


def eligibility_widget(request) -> dict | None:
    """Dashboard: R4.1–R4.3 today against their thresholds, and the verdict. The card loads
    its numbers with htmx after the page (they count whole registries), so the dashboard
    itself stays fast."""
    membership = getattr(request, "membership", None)
    if not can(membership, "reporting.view"):
        return None
    return {
        "template": "reporting/_eligibility_widget.html",
        "order": 15,
        "css": "col-lg-6",
        "on_date": timezone.localdate(),
    }


class EligibilityWidgetView(OrgViewMixin, TemplateView):
    """The numbers of the dashboard's R4 card (counts only, no records)."""

    template_name = "reporting/_eligibility_numbers.html"
    permission = "reporting.view"

    def get_context_data(self, **kwargs):
        kwargs["eligibility"] = queries.r4_eligibility(
            self.organization, timezone.localdate(), rows=False
        )
        return super().get_context_data(**kwargs)


def charts_widget(request) -> dict | None:
    """Dashboard: foreigners and trips by country over the last academic years (SVG)."""
    membership = getattr(request, "membership", None)
    if not can(membership, "reporting.view"):
        return None
    return {"template": "reporting/_charts_widget.html", "order": 60, "css": "col-12"}


CHART_YEARS = 5


class CountryChartView(OrgViewMixin, View):
    """An SVG chart by country over the last academic years (for <img> on the dashboard)."""

    permission = "reporting.view"
    what = "foreigners"

    def get(self, request, *args, **kwargs):
        current = queries.academic_year_of(self.organization, timezone.localdate())
        years = list(range(current - CHART_YEARS + 1, current + 1))
        title = (
            _("Foreigners by country")
            if self.what == "foreigners"
            else _("Trips abroad by country")
        )
        try:
            categories, series = queries.country_series(self.organization, self.what, years)
        except sources.SourceUnavailable:
            categories, series = [], {}
            title = f"{title}: {layout.not_available()}"
        named = {
            (_("other") if code == "other" else sources.label("country", code) or code): values
            for code, values in series.items()
        }
        return svg_response(charts.stacked_bars(title, categories, named))


def svg_response(content: bytes) -> HttpResponse:
    """An SVG image with its own policy: it is shown only as an <img> (no script runs)."""
    response = HttpResponse(content, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- the reports ----------------------------------------------------------------------------


class ReportListView(OrgViewMixin, TemplateView):
    """The organization's annual reports with their state; a form to start the year's."""

    template_name = "reporting/report_list.html"
    permission = "reporting.view"
    page_title = gettext_lazy("Annual report")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = queries.reporting_year(self.organization, today)
        kwargs.update(
            reports=list(queries.report_list(self.organization)),
            form=kwargs.get("form") or ReportCreateForm(organization=self.organization),
            due_year=year,
            due_year_label=f"{year}/{year + 1}",
            deadline=queries.report_deadline(year),
        )
        return super().get_context_data(**kwargs)


class ReportCreateView(OrgServiceFormView):
    template_name = "reporting/report_create.html"
    permission = "reporting.change"
    form_class = ReportCreateForm
    page_title = gettext_lazy("Start an annual report")
    success_message = gettext_lazy("The report is started: check it and generate its files.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def perform(self, form):
        return services.report_create(
            organization=self.organization,
            academic_year=form.cleaned_data["academic_year"],
            actor=self.request.user,
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReportDetailView(OrgViewMixin, TemplateView):
    """The preview: items 1–9 from the registries, the check list, the files and their
    generation, the submitted versions."""

    template_name = "reporting/report_detail.html"
    permission = "reporting.view"
    model = AnnualReport

    def get_context_data(self, **kwargs):
        report = queries.report_get(self.organization, self.kwargs["pk"])
        data = queries.report_data(report)
        gaps = queries.report_gaps(data)
        submissions = list(queries.submission_list(report))
        current = queries.current_generation(report, with_data=False)
        latest = queries.latest_generation(report)
        kwargs.update(
            page_title=str(report),
            report=report,
            data=data,
            heading=layout.heading(data),
            items=preview_items(data),
            fallback_note=layout.fallback_note(data),
            gaps=gaps,
            blocking=[g for g in gaps if g.blocking],
            submissions=submissions,
            accepted=any(s.status == SubmissionStatus.ACCEPTED for s in submissions),
            generation=latest,
            current=current,
            files=queries.generation_files(current),
            stale=queries.generation_is_stale(report, current),
            deadline=queries.report_deadline(report.academic_year),
            can_change=self.can("reporting.change"),
            can_submit=self.can("reporting.submit"),
        )
        return super().get_context_data(**kwargs)


def preview_items(data: dict) -> list[dict]:
    """Items 1–9 for the page: tables (first rows) or paragraphs, with their notes."""
    items = []
    for number in range(1, 10):
        item = data["items"][str(number)]
        entry = {
            "number": number,
            "title": layout.ITEM_TITLES[number],
            "available": item["available"],
            "note": layout.note(data, number),
        }
        if number <= 4 and item["available"]:
            rows = []
            for position, row in enumerate(layout.table_rows(data, number)):
                if position >= PREVIEW_ROWS:
                    break
                rows.append(row)
            entry.update(
                columns=layout.columns(number), rows=rows, total=len(item["rows"]), table=True
            )
        elif item["available"]:
            entry["paragraphs"] = list(layout.item_paragraphs(data, number))
        items.append(entry)
    return items


class ReportNotesView(OrgObjectFormView):
    """The report's own text: brief information of items 7–9 and a note to any item."""

    template_name = "reporting/report_notes.html"
    permission = "reporting.change"
    model = AnnualReport
    form_class = ReportNotesForm
    success_message = gettext_lazy("The report's text is saved. Generate the files again.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", _("Text of the report"))
        kwargs["report"] = self.object
        return super().get_context_data(**kwargs)

    def perform(self, form):
        # The form edits a copy; the service writes the report (audited).
        report = queries.report_get(self.organization, self.object.pk)
        return services.report_update_notes(
            report=report, actor=self.request.user, notes=form.cleaned_data
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class _ReportActionView(OrgViewMixin, View):
    """A POST on one report that calls one service; errors come back as messages."""

    model = AnnualReport
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = queries.report_get(self.organization, kwargs["pk"])
        try:
            with transaction.atomic():
                self.perform(report)
        except (ApplicationError, ValidationError) as error:
            messages.error(request, getattr(error, "message", error))
        return HttpResponseRedirect(report.get_absolute_url())


class GenerationStartView(_ReportActionView):
    permission = "reporting.change"

    def perform(self, report):
        generation = services.generation_start(report=report, actor=self.request.user)
        generation.refresh_from_db()
        if generation.status == GenerationStatus.FAILED:
            messages.error(
                self.request, _("The files could not be generated; the previous ones are kept.")
            )
        elif generation.status == GenerationStatus.DONE:
            messages.success(self.request, _("The files are generated."))
        else:
            messages.info(
                self.request, _("The files are being generated; this page shows the progress.")
            )


class GenerationStatusView(OrgViewMixin, TemplateView):
    """The progress of a generation (htmx polls this partial every 2 seconds while it runs)."""

    template_name = "reporting/_generation_status.html"
    permission = "reporting.view"
    model = ReportGeneration

    def get_context_data(self, **kwargs):
        generation = queries.generation_get(
            self.organization, self.kwargs["report_pk"], self.kwargs["pk"]
        )
        kwargs.update(generation=generation, report=generation.report)
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        generation = context["generation"]
        if generation.status == GenerationStatus.DONE and self.request.htmx:
            # The files changed: reload the page to show them.
            response["HX-Refresh"] = "true"
        return response


class ReportFileDownloadView(OrgViewMixin, View):
    permission = "reporting.view"
    model = ReportFile

    def get(self, request, *args, **kwargs):
        record = queries.report_file_get(self.organization, kwargs["report_pk"], kwargs["pk"])
        audit.record(
            action="reporting.report_file.exported",
            actor=request.user,
            target=record,
            data={"kind": record.kind, "language": record.language, "sha256": record.sha256},
        )
        return serve_file(record.file, record.name)


class ReportSubmitView(OrgObjectFormView):
    """R8.11: submit the report — the data and the files are frozen as a new version."""

    template_name = "reporting/report_submit.html"
    permission = "reporting.submit"
    model = AnnualReport
    form_class = SubmitForm

    def get_object(self):
        return queries.report_get(self.organization, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        report = self.object
        current = queries.current_generation(report)
        gaps = queries.report_gaps(queries.stored_data(current)) if current else []
        deadline = queries.report_deadline(report.academic_year)
        kwargs.update(
            page_title=_("Submit the report"),
            report=report,
            current=current,
            files=queries.generation_files(current),
            gaps=gaps,
            blocking=[g for g in gaps if g.blocking],
            deadline=deadline,
            late=timezone.localdate() > deadline,
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        submission = services.report_submit(report=self.object, actor=self.request.user)
        if submission.on_time:
            self.success_message = _("Version %(version)s is submitted on time.") % {
                "version": submission.version
            }
        else:
            self.success_message = _("Version %(version)s is submitted after the deadline.") % {
                "version": submission.version
            }
        return submission

    def get_success_url(self):
        return self.object.report.get_absolute_url()


class SubmissionDetailView(OrgViewMixin, TemplateView):
    """A submitted version as frozen: its data, files with SHA-256 and the decision."""

    template_name = "reporting/submission_detail.html"
    permission = "reporting.view"
    model = Submission

    def get_context_data(self, **kwargs):
        submission = queries.submission_get(
            self.organization, self.kwargs["report_pk"], self.kwargs["pk"]
        )
        data = queries.stored_data(submission)
        kwargs.update(
            page_title=str(submission),
            submission=submission,
            report=submission.report,
            items=preview_items(data),
            gaps=queries.report_gaps(data, today=submission.submitted_at.date()),
            files=list(submission.files.all()),
            file_url_name="reporting:submission-file",
        )
        return super().get_context_data(**kwargs)


class SubmissionFileDownloadView(OrgViewMixin, View):
    permission = "reporting.view"
    model = SubmissionFile

    def get(self, request, *args, **kwargs):
        record = queries.submission_file_get(
            self.organization, kwargs["submission_pk"], kwargs["pk"]
        )
        audit.record(
            action="reporting.submission_file.exported",
            actor=request.user,
            target=record,
            data={"kind": record.kind, "language": record.language, "sha256": record.sha256},
        )
        return serve_file(record.file, record.name)
