"""Pages of agreements: the registry, one agreement, its life cycle (R3, R8.2), text versions
and the signed copy (A2.6). Thin: a form, one service or query, render."""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from yntymaq.core.access import can
from yntymaq.core.files import serve_file
from yntymaq.core.queries import audit_entries_for
from yntymaq.core.views.base import OrgObjectFormView, OrgServiceFormView, OrgViewMixin
from yntymaq.core.views.generic import OrgDeletePage, OrgDetailPage, OrgListPage

from .. import queries, services
from ..enums import AgreementStatus, ApprovalStage, DecisionOutcome
from ..forms import (
    AgreementFilterForm,
    AgreementForm,
    CommentForm,
    ProlongForm,
    SettingsForm,
    SignedCopyForm,
    SignForm,
    TerminateForm,
    VersionForm,
)
from ..models import Agreement, AgreementVersion

APPROVERS = ("partners.approve_unit", "partners.approve_service", "partners.approve_leadership")


class AgreementListView(OrgListPage):
    """The registry: filters by country, kind, status, expiry and R4.2, search, pages."""

    model = Agreement
    permission = "partners.view"
    template_name = "partners/agreement_list.html"
    table_template = "partners/_agreement_table.html"
    page_title = _("Agreements")
    tab = "agreements"

    def get_queryset(self):
        self.filter_form = AgreementFilterForm(self.request.GET)
        return queries.agreement_list(organization=self.organization, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["ordering"] = self.filter_form.filters().get("ordering", "-created")
        kwargs["r4_2"] = queries.r4_2_active_agreements(self.organization)
        kwargs["today"] = timezone.localdate()
        return super().get_context_data(**kwargs)


class AgreementDetailView(OrgDetailPage):
    model = Agreement
    permission = "partners.view"
    template_name = "partners/agreement_detail.html"
    tab = "agreements"

    def get_object(self, queryset=None):
        return queries.agreement_detail(
            organization=self.organization, pk=self.kwargs["pk"], membership=self.membership
        )

    def get_context_data(self, **kwargs):
        agreement = self.object
        today = timezone.localdate()
        decisions = list(agreement.decisions.all())
        authority = [d for d in decisions if d.stage == ApprovalStage.AUTHORITY]
        actions = services.available_actions(
            agreement, actor=self.request.user, membership=self.membership
        )
        year = queries.academic_year_of(self.organization, today)
        summaries = {s.year: s for s in agreement.yearly_summaries.all()}
        kwargs.update(
            page_title=agreement.title,
            partners=list(agreement.partners.all()),
            versions=list(agreement.versions.all()),
            decisions=decisions,
            authority_decision=authority[-1] if authority else None,
            actions=actions,
            can_change=self.can("partners.change"),
            editable=services.agreement_is_editable(agreement),
            text_editable=services.agreement_text_is_editable(agreement),
            concluded=agreement.status in services.CONCLUDED,
            r4_2=queries.r4_2_assessment(agreement, today),
            summary_years=[(y, summaries.get(y)) for y in (year, year - 1) if y >= 1990],
            sees_stays=queries.holds_all(self.membership, queries.SEE_STAY_LINKS),
            stay_links=list(queries.agreement_stays(agreement, self.membership)),
            trip_links=list(queries.agreement_trips(agreement, self.membership)),
            other_summaries=[s for y, s in summaries.items() if y not in (year, year - 1)],
            today=today,
            Status=AgreementStatus,
            Outcome=DecisionOutcome,
        )
        if self.can("audit.view") or self.can("partners.change"):
            kwargs["history"] = audit_entries_for(agreement)[:30]
        return super().get_context_data(**kwargs)


class AgreementCreateView(OrgServiceFormView):
    permission = "partners.change"
    form_class = AgreementForm
    template_name = "partners/agreement_form.html"
    page_title = _("New agreement")
    success_message = _("The draft agreement is saved. Upload its text as version 1.")
    tab = "agreements"

    def get_initial(self):
        initial = super().get_initial()
        partner = self.request.GET.get("partner", "")
        if partner.isdigit():
            initial["partners"] = queries.partner_choices(self.organization).filter(pk=partner)
        return initial

    def perform(self, form):
        return services.agreement_create(
            organization=self.organization,
            actor=self.request.user,
            data=form.service_data(),
            partners=form.partner_list(),
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class AgreementUpdateView(OrgObjectFormView):
    model = Agreement
    permission = "partners.change"
    form_class = AgreementForm
    template_name = "partners/agreement_form.html"
    page_title = _("Edit agreement")
    success_message = _("The changes are saved.")
    tab = "agreements"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"instance": self.object}
        kwargs.setdefault("initial", {})["partners"] = self.object.partners.all()
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs["editable"] = services.agreement_is_editable(self.object)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.agreement_update(
            agreement=self.get_object(),
            actor=self.request.user,
            data=form.service_data(),
            partners=form.partner_list(),
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class AgreementDeleteView(OrgDeletePage):
    model = Agreement
    permission = "partners.change"
    template_name = "partners/confirm_delete.html"
    service = services.agreement_delete
    success_url_name = "partners:agreement-list"
    page_title = _("Delete agreement")
    success_message = _("%(name)s is deleted.")
    tab = "agreements"


class AgreementActionMixin:
    """A page of one agreement whose POST moves it through the state machine."""

    model = Agreement
    tab = "agreements"
    action = ""

    def get_object(self):
        return queries.agreement_get(organization=self.organization, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs["possible"] = services.may(
            self.action, self.object, actor=self.request.user, membership=self.membership
        )
        kwargs["transition"] = services.TRANSITIONS[self.action]
        kwargs["page_title"] = services.TRANSITIONS[self.action].label
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class AgreementTransitionView(AgreementActionMixin, OrgObjectFormView):
    """Submit, approve, return, send to the authorized body, withdraw: one confirmation page
    per action with a comment (required to return)."""

    permission = "partners.view"
    form_class = CommentForm
    template_name = "partners/agreement_transition.html"
    messages_by_action = {
        "submit": _("The agreement is submitted for approval."),
        "approve": _("The agreement is approved."),
        "return": _("The agreement is returned with your comment."),
        "send_to_authority": _("The agreement is sent to the authorized body."),
        "withdraw": _("The agreement is back in draft."),
    }

    def dispatch(self, request, *args, **kwargs):
        needed = APPROVERS if self.action in ("approve", "return") else ("partners.change",)
        membership = getattr(request, "membership", None)
        if membership is not None and not any(can(membership, p) for p in needed):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        agreement = services.agreement_transition(
            agreement=self.object,
            action=self.action,
            actor=self.request.user,
            membership=self.membership,
            comment=form.cleaned_data["comment"],
        )
        self.success_message = self.messages_by_action[self.action]
        return agreement


class AgreementSignView(AgreementActionMixin, OrgObjectFormView):
    """Record the signature (R3: only once the authorized body has agreed) and the copy."""

    permission = "partners.change"
    form_class = SignForm
    template_name = "partners/agreement_action_form.html"
    action = "sign"
    success_message = _("The signature is recorded.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"agreement": self.object}

    def perform(self, form):
        data = form.cleaned_data
        return services.agreement_sign(
            agreement=self.object,
            actor=self.request.user,
            membership=self.membership,
            signed_on=data["signed_on"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            signed_copy=data.get("signed_copy"),
        )


class AgreementTerminateView(AgreementActionMixin, OrgObjectFormView):
    permission = "partners.change"
    form_class = TerminateForm
    template_name = "partners/agreement_action_form.html"
    action = "terminate"
    success_message = _("The termination is recorded.")

    def perform(self, form):
        return services.agreement_terminate(
            agreement=self.object,
            actor=self.request.user,
            membership=self.membership,
            terminated_on=form.cleaned_data["terminated_on"],
            reason=form.cleaned_data["reason"],
        )


class AgreementProlongView(AgreementActionMixin, OrgObjectFormView):
    permission = "partners.change"
    form_class = ProlongForm
    template_name = "partners/agreement_action_form.html"
    action = "prolong"
    success_message = _("The prolongation is recorded.")

    def perform(self, form):
        return services.agreement_prolong(
            agreement=self.object,
            actor=self.request.user,
            membership=self.membership,
            new_valid_to=form.cleaned_data["new_valid_to"],
            basis=form.cleaned_data["basis"],
        )


class AgreementRenewView(OrgObjectFormView):
    """A new draft agreement that renews this one and keeps the link to it."""

    model = Agreement
    permission = "partners.change"
    form_class = forms.Form
    template_name = "partners/agreement_renew.html"
    page_title = _("Renew by a new agreement")
    success_message = _("A new draft renewing the agreement is created; upload its text.")
    tab = "agreements"

    def get_context_data(self, **kwargs):
        kwargs["possible"] = self.object.status in services.CONCLUDED
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.agreement_renew(agreement=self.object, actor=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


class AgreementSignedCopyUploadView(OrgObjectFormView):
    model = Agreement
    permission = "partners.change"
    form_class = SignedCopyForm
    template_name = "partners/agreement_signed_copy.html"
    page_title = _("Signed copy")
    success_message = _("The signed copy is saved.")
    tab = "agreements"

    def get_context_data(self, **kwargs):
        kwargs["possible"] = self.object.status in services.CONCLUDED
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.agreement_signed_copy_upload(
            agreement=self.object,
            actor=self.request.user,
            upload=form.cleaned_data["signed_copy"],
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


def _download_name(agreement: Agreement, stored_name: str, label: str) -> str:
    suffix = PurePosixPath(stored_name).suffix.lower()
    number = "".join(c if c.isalnum() or c in "-_" else "-" for c in agreement.number)
    return f"agreement-{number or agreement.pk}-{label}{suffix}"


class AgreementSignedCopyView(OrgViewMixin, View):
    """The signed copy (A2.6), served only through this access-checked view."""

    model = Agreement
    permission = "partners.view"

    def get(self, request, *args, **kwargs):
        agreement = queries.agreement_get(organization=self.organization, pk=kwargs["pk"])
        if not agreement.signed_copy:
            raise Http404
        return serve_file(
            agreement.signed_copy,
            _download_name(agreement, agreement.signed_copy.name, "signed"),
        )


class AgreementVersionCreateView(OrgObjectFormView):
    """Upload a new numbered version of the text with a comment (R8.2)."""

    model = Agreement
    permission = "partners.change"
    form_class = VersionForm
    template_name = "partners/agreement_version_form.html"
    page_title = _("New version of the text")
    tab = "agreements"

    def get_context_data(self, **kwargs):
        kwargs["possible"] = services.agreement_text_is_editable(self.object)
        kwargs["next_number"] = max((v.number for v in self.object.versions.all()), default=0) + 1
        return super().get_context_data(**kwargs)

    def perform(self, form):
        version = services.agreement_version_add(
            agreement=self.object,
            actor=self.request.user,
            upload=form.cleaned_data["file"],
            comment=form.cleaned_data["comment"],
        )
        self.success_message = _("Version %(number)s of the text is saved.") % {
            "number": version.number
        }
        return version

    def get_success_url(self):
        return self.object.agreement.get_absolute_url() + "#versions"


class AgreementVersionDownloadView(OrgViewMixin, View):
    model = AgreementVersion
    permission = "partners.view"

    def get(self, request, *args, **kwargs):
        version = queries.agreement_version_get(
            organization=self.organization, agreement_pk=kwargs["agreement_pk"], pk=kwargs["pk"]
        )
        return serve_file(
            version.file,
            _download_name(version.agreement, version.file.name, f"v{version.number}"),
        )


class PartnersSettingsView(OrgServiceFormView):
    """The organization's alert periods before agreements end (90 and 30 days by default)."""

    permission = "partners.change"
    form_class = SettingsForm
    template_name = "partners/settings.html"
    page_title = _("Agreement alerts")
    success_message = _("The settings are saved.")
    tab = "agreements"

    def get_form_kwargs(self):
        row = queries.partners_settings(self.organization)
        return super().get_form_kwargs() | {"instance": row}

    def perform(self, form):
        return services.partners_settings_update(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_success_url(self):
        return self.request.path


def dashboard_widget(request) -> dict | None:
    """R4.2 on the dashboard: how many agreements count today, and how many end soon."""
    membership = getattr(request, "membership", None)
    if not can(membership, "partners.view"):
        return None
    organization = request.organization
    today = timezone.localdate()
    figure = queries.r4_2_active_agreements(organization, today)
    first_alert = queries.partners_settings(organization).expiry_first_alert_days
    ending = queries.agreements_ending(organization, today, first_alert).count()
    return {
        "template": "partners/_dashboard.html",
        "order": 30,
        "css": "col-lg-6",
        "r4_2_count": figure.count,
        "ending_count": ending,
        "first_alert": first_alert,
        "waiting": queries.agreement_status_counts(organization).get(
            AgreementStatus.AUTHORITY_REVIEW, 0
        ),
        "today": today,
    }
