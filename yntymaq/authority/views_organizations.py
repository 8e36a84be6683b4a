"""The authorized body registers the organizations that report to it (issue 11): one by one
or from an XLSX of the national list (all or nothing, every row's error listed), each with an
invitation to its head of the Service; it sees whether each head has accepted, sends an
invitation again, revokes it or invites another head, and deactivates an organization (its
data and submissions stay; its members can no longer log in to it).

Changes go through core.organizations and core.invitations. Authority users only
(AuthorityViewMixin: organization users get 404); the scope is disabled explicitly, since
these pages read every organization.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_scopes import scopes_disabled

from yntymaq.core.errors import ApplicationError
from yntymaq.core.import_pages import ImportPageMixin
from yntymaq.core.invitations import (
    invitation_create,
    invitation_link,
    invitation_resend,
    invitation_revoke,
    mail_configured,
)
from yntymaq.core.models import Invitation, Organization
from yntymaq.core.organizations import (
    OrganizationExists,
    organization_deactivate,
    organization_reactivate,
    organization_register,
)
from yntymaq.core.queries import (
    head_state,
    organization_heads,
    organization_invitations,
    organization_registry,
)
from yntymaq.core.views.base import apply_error
from yntymaq.core.xlsx import xlsx_response

from . import imports
from .access import AuthorityViewMixin
from .forms import (
    HEAD_STATE_CHOICES,
    HeadInviteForm,
    ImportForm,
    OrganizationRegisterForm,
    RegistryFilterForm,
)

PAGE_SIZE = 50


class OrganizationsMixin(AuthorityViewMixin):
    permission = "authority.organizations"

    def dispatch(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().dispatch(request, *args, **kwargs)


def _detail_url(organization: Organization) -> str:
    return reverse("authority:organization-detail", kwargs={"pk": organization.pk})


def _sent_message(request, invitation: Invitation) -> None:
    if mail_configured():
        messages.success(
            request,
            gettext("The invitation is e-mailed to %(email)s.") % {"email": invitation.email},
        )
    else:
        messages.warning(
            request,
            gettext(
                "Mail is not configured on this server: give %(email)s this link yourself: %(link)s"
            )
            % {"email": invitation.email, "link": invitation_link(invitation)},
        )


class OrganizationRegistryView(OrganizationsMixin, TemplateView):
    """Every organization with its BIN, state and whether its head of the Service accepted."""

    template_name = "authority/organization_registry.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        form = RegistryFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        rows = organization_registry(
            search=data.get("q", ""),
            region=data.get("region", ""),
            kind=data.get("kind", ""),
            active=data.get("active", ""),
            head=data.get("head", ""),
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        labels = dict(HEAD_STATE_CHOICES)
        kwargs.update(
            page_title=_("Registry of organizations"),
            filter_form=form,
            page_obj=page,
            rows=[(row, head_state(row), labels[head_state(row)]) for row in page.object_list],
        )
        return super().get_context_data(**kwargs)


class OrganizationCreateView(OrganizationsMixin, FormView):
    template_name = "authority/organization_form.html"
    form_class = OrganizationRegisterForm

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = _("Register an organization")
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        head_email = data.pop("head_email")
        try:
            with transaction.atomic():
                organization, invitation = organization_register(
                    data=data, head_email=head_email, actor=self.request.user
                )
        except OrganizationExists as exists:
            apply_error(form, exists)
            return self.form_invalid(form)
        except (ApplicationError, ValidationError) as error:
            apply_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("%(name)s is registered.") % {"name": organization.short_name},
        )
        _sent_message(self.request, invitation)
        return HttpResponseRedirect(_detail_url(organization))


class OrganizationDetailView(OrganizationsMixin, TemplateView):
    """One organization for the authority: its data, state, heads and head invitations."""

    model = Organization
    template_name = "authority/organization_detail.html"

    def get_context_data(self, **kwargs):
        organization = get_object_or_404(Organization, pk=self.kwargs["pk"])
        invitations = list(organization_invitations(organization))
        shows_links = not mail_configured()  # the authority passes the link on itself
        for invitation in invitations:
            invitation.shown_link = invitation_link(invitation) if shows_links else None
        kwargs.update(
            page_title=organization.short_name,
            organization_shown=organization,
            heads=list(organization_heads(organization)),
            invitations=invitations,
            invite_form=kwargs.pop("invite_form", None) or HeadInviteForm(),
        )
        return super().get_context_data(**kwargs)


class HeadInviteView(OrganizationsMixin, View):
    """Invite another head of the Service (e.g. the first one left, or the e-mail was
    wrong); errors are shown on the organization's page, beside the field."""

    model = Organization
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        organization = get_object_or_404(Organization, pk=kwargs["pk"])
        form = HeadInviteForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    invitation = invitation_create(
                        organization=organization,
                        email=form.cleaned_data["email"],
                        role="service_head",
                        actor=request.user,
                    )
            except (ApplicationError, ValidationError) as error:
                apply_error(form, error)
            else:
                _sent_message(request, invitation)
                return HttpResponseRedirect(_detail_url(organization))
        view = OrganizationDetailView(request=request, kwargs={"pk": organization.pk})
        return view.render_to_response(view.get_context_data(invite_form=form), status=400)


class InvitationActionBase(View):
    """Send an invitation again (a new link) or revoke it; subclasses say which invitations
    (`invitations()`) and where to go after (`done_url()`)."""

    model = Invitation
    http_method_names = ["post"]
    action = ""  # "resend" or "revoke"

    def invitations(self):
        raise NotImplementedError

    def done_url(self, invitation: Invitation) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(self.invitations(), pk=kwargs["pk"])
        try:
            with transaction.atomic():
                if self.action == "resend":
                    invitation = invitation_resend(invitation=invitation, actor=request.user)
                else:
                    invitation = invitation_revoke(invitation=invitation, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if self.action == "resend":
                _sent_message(request, invitation)
            else:
                messages.success(
                    request,
                    gettext("The invitation to %(email)s is revoked.")
                    % {"email": invitation.email},
                )
        return HttpResponseRedirect(self.done_url(invitation))


class InvitationActionView(OrganizationsMixin, InvitationActionBase):
    """A head's invitation: sent again or revoked."""

    def invitations(self):
        return Invitation.objects.exclude(organization=None)

    def done_url(self, invitation: Invitation) -> str:
        return _detail_url(invitation.organization)


class ConfirmForm(forms.Form):
    """A confirmation: the POST itself is the answer."""


class OrganizationStateView(OrganizationsMixin, FormView):
    """Deactivate or reactivate an organization, after a confirmation."""

    model = Organization
    template_name = "authority/organization_state.html"
    form_class = ConfirmForm
    deactivate = True

    def get_organization(self) -> Organization:
        return get_object_or_404(Organization, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.update(
            organization_shown=self.get_organization(),
            deactivate=self.deactivate,
            page_title=_("Deactivate the organization")
            if self.deactivate
            else _("Reactivate the organization"),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        organization = self.get_organization()
        change = organization_deactivate if self.deactivate else organization_reactivate
        try:
            with transaction.atomic():
                change(organization=organization, actor=self.request.user)
        except ApplicationError as error:
            apply_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("%(name)s is deactivated.") % {"name": organization.short_name}
            if self.deactivate
            else gettext("%(name)s is active again.") % {"name": organization.short_name},
        )
        return HttpResponseRedirect(_detail_url(organization))


class OrganizationImportView(ImportPageMixin, OrganizationsMixin, FormView):
    """The national list from an XLSX: "Check" validates every row and saves nothing;
    "Register" saves all the rows or, if any is wrong, none (core.import_pages)."""

    template_name = "authority/organization_import.html"
    form_class = ImportForm
    import_form_class = ImportForm
    import_spec = imports.ORGANIZATION_IMPORT

    def import_organization(self):
        return None  # the national list belongs to no organization

    def import_commit_on_upload(self) -> bool:
        return "register" in self.request.POST

    def import_done_url(self) -> str:
        return reverse("authority:organization-registry")

    def import_summary(self, result) -> str:
        return gettext(
            "The file is correct: %(created)s new, %(unchanged)s already registered."
        ) % {
            "created": result.created,
            "unchanged": result.unchanged,
        }

    def import_committed(self, result) -> None:
        messages.success(
            self.request,
            gettext(
                "Registered: %(created)s new, %(unchanged)s already registered. Their heads "
                "of the Service are invited."
            )
            % {"created": result.created, "unchanged": result.unchanged},
        )
        if result.created and not mail_configured():
            messages.warning(
                self.request,
                gettext(
                    "Mail is not configured on this server: each organization's page "
                    "shows its head's invitation link."
                ),
            )

    def get_context_data(self, **kwargs):
        kwargs.update(page_title=_("Import organizations from Excel"))
        kwargs["columns"] = imports.template_headers()
        return super().get_context_data(**kwargs)


class OrganizationImportTemplateView(OrganizationsMixin, View):
    def get(self, request, *args, **kwargs):
        return xlsx_response(
            "organizations-import.xlsx",
            [(gettext("Organizations"), imports.template_headers(), []), *imports.choice_sheets()],
        )
