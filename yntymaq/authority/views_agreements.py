"""The authorized body's queue of agreements (R3): every organization's agreements sent for
agreement, filtered by organization, country and kind; the text versions (each download is
audited); the decision to agree or to return with a comment.

Authority users have no membership, so these pages read across organizations through the
partners query functions with the scope disabled explicitly (`scopes_disabled()`), and change
an agreement only through partners.services.agreement_authority_decide. Organization users
get 404 here (AuthorityViewMixin), anonymous users the login page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from yntymaq.core import audit
from yntymaq.core.errors import ApplicationError
from yntymaq.core.fields import TEXT_MAX_LENGTH
from yntymaq.core.files import serve_file
from yntymaq.core.forms import PlainSelect
from yntymaq.core.models import Organization
from yntymaq.core.views.base import apply_error
from yntymaq.partners import queries, services
from yntymaq.partners.enums import AgreementKind, AgreementStatus, ApprovalStage
from yntymaq.partners.models import Agreement, AgreementVersion, partner_countries

from .access import AuthorityViewMixin

QUEUE_PAGE_SIZE = 50


class AgreementQueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("waiting", _("Waiting for a decision")),
            ("agreed", _("Agreed")),
            ("returned", pgettext_lazy("agreement queue", "Returned")),
        ],
    )
    organization = forms.TypedChoiceField(
        label=_("Organization"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,  # every organization of the country
    )
    country = forms.ChoiceField(label=_("Partner's country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgreementKind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [
            ("", _("All organizations")),
            *Organization.objects.order_by("short_name").values_list("pk", "short_name"),
        ]
        names = {c.code: c.name for c in partner_countries}
        self.fields["country"].choices = [
            ("", _("All countries")),
            *sorted(
                ((code, names.get(code, code)) for code in queries.authority_country_choices()),
                key=lambda pair: str(pair[1]),
            ),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "state": data["state"] or "waiting",
            "organization": data["organization"],
            "country": data["country"],
            "kind": data["kind"],
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("agree", _("Agree")), ("return", _("Return with a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when returning: say what the organization should change."),
    )


class UnscopedMixin(AuthorityViewMixin):
    """Authority pages read every organization: the scope is disabled explicitly, for the
    whole request (queries and the rendering of their rows)."""

    def dispatch(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().dispatch(request, *args, **kwargs)


class AgreementQueueView(UnscopedMixin, TemplateView):
    """R3: one queue of the agreements that all organizations sent for agreement."""

    template_name = "authority/agreement_queue.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        form = AgreementQueueFilterForm(self.request.GET or None)
        filters = form.filters() or {"state": "waiting"}
        agreements = queries.authority_agreement_queue(**filters)
        page = Paginator(agreements, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("page"))
        kwargs.update(
            page_title=_("Agreements for agreement"),
            filter_form=form,
            state=filters.get("state", "waiting"),
            page_obj=page,
            object_list=list(page.object_list),
            waiting=queries.authority_queue_counts()["waiting"],
        )
        return super().get_context_data(**kwargs)


class AgreementReviewView(UnscopedMixin, TemplateView):
    """One agreement for the authorized body: its data, text versions, the approval chain,
    and (while it waits) the decision form."""

    model = Agreement
    template_name = "authority/agreement_review.html"

    def agreement(self) -> Agreement:
        return queries.authority_agreement_detail(self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        agreement = kwargs.pop("agreement", None) or self.agreement()
        waiting = agreement.status == AgreementStatus.AUTHORITY_REVIEW
        kwargs.update(
            page_title=agreement.title,
            agreement=agreement,
            partners=list(agreement.partners.all()),
            versions=list(agreement.versions.all()),
            decisions=list(agreement.decisions.all()),
            waiting=waiting,
            Stage=ApprovalStage,
        )
        if waiting:
            kwargs.setdefault("form", DecisionForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        agreement = self.agreement()
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.agreement_authority_decide(
                        agreement=agreement,
                        actor=request.user,
                        agree=form.cleaned_data["decision"] == "agree",
                        comment=form.cleaned_data["comment"],
                    )
            except (ApplicationError, ValidationError) as error:
                apply_error(form, error)
            else:
                messages.success(
                    request,
                    _("The agreement is agreed.")
                    if form.cleaned_data["decision"] == "agree"
                    else _("The agreement is returned to the organization with your comment."),
                )
                return HttpResponseRedirect(reverse("authority:agreement-queue"))
        agreement = self.agreement()
        return self.render_to_response(self.get_context_data(agreement=agreement, form=form))


class AgreementVersionDownloadView(UnscopedMixin, View):
    """A text version for the authorized body; every download is in the audit log."""

    model = AgreementVersion

    def get(self, request, *args, **kwargs):
        version = queries.authority_version_get(
            agreement_pk=kwargs["agreement_pk"], pk=kwargs["pk"]
        )
        audit.record(
            action="authority.agreement_version.downloaded",
            actor=request.user,
            target=version.agreement,
            organization=version.organization,
            data={"version": version.number},
        )
        suffix = version.file.name.rsplit(".", 1)[-1].lower() if version.file.name else "bin"
        return serve_file(
            version.file, f"agreement-{version.agreement_id}-v{version.number}.{suffix}"
        )
