"""Members of the organization, for its head of the Service (`members.manage`): who works in
the system with which role and units, their last login and second factor, and the
invitations waiting. Core owns memberships and invitations; this app owns the units a
coordinator works for, so these pages live here (see services.py, "members").

Warns where the R6/R7 appointment and the members differ (rules.appointment_member_warnings).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core.errors import ApplicationError
from yntymaq.core.invitations import invitation_link, mail_configured
from yntymaq.core.models import Invitation, Membership
from yntymaq.core.views.base import OrgServiceFormView, OrgViewMixin

from . import queries, services
from .forms import MemberInviteForm, MemberUpdateForm
from .rules import appointment_member_warnings

PERMISSION = "members.manage"


def _list_url(organization) -> str:
    return reverse("service:member-list", kwargs={"org_slug": organization.slug})


def member_warnings(organization) -> list:
    """R7 warnings where the appointment in force and the members differ."""
    appointment = queries.current_appointment(organization)
    if appointment is None:
        return []
    return appointment_member_warnings(appointment, queries.service_head_emails(organization))


def _invitation_sent_message(request, invitation: Invitation) -> None:
    """Say where the invitation went; without working mail, give the link to pass on."""
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


class MemberListView(OrgViewMixin, TemplateView):
    template_name = "service/member_list.html"
    permission = PERMISSION
    page_title = _("Members")

    def get_context_data(self, **kwargs):
        kwargs.update(
            members=queries.member_list(self.organization),
            invitations=queries.invitation_list(self.organization),
            member_warnings=member_warnings(self.organization),
        )
        return super().get_context_data(**kwargs)


class MemberInviteView(OrgServiceFormView):
    template_name = "service/member_form.html"
    permission = PERMISSION
    form_class = MemberInviteForm
    page_title = _("Invite a member")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def perform(self, form):
        return services.member_invite(
            organization=self.organization,
            actor=self.request.user,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            units=form.cleaned_data["units"],
        )

    def form_valid(self, form):
        self.object = None
        response = super().form_valid(form)
        if self.object is not None:  # invited (an error re-renders the form instead)
            _invitation_sent_message(self.request, self.object)
        return response

    def get_success_url(self):
        return _list_url(self.organization)

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = _list_url(self.organization)
        return super().get_context_data(**kwargs)


class MemberObjectMixin:
    """A membership of the URL's organization by `pk` (404 for another organization's)."""

    model = Membership

    def get_object(self) -> Membership:
        try:
            return queries.member_get(self.organization, self.kwargs["pk"])
        except Membership.DoesNotExist:
            raise Http404 from None

    @cached_property
    def member(self) -> Membership:
        return self.get_object()

    def get(self, request, *args, **kwargs):
        self.member  # noqa: B018 - 404 before anything else for another organization's
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.member  # noqa: B018
        return super().post(request, *args, **kwargs)


class MemberUpdateView(MemberObjectMixin, OrgServiceFormView):
    template_name = "service/member_form.html"
    permission = PERMISSION
    form_class = MemberUpdateForm
    page_title = _("Change role or units")
    success_message = _("The member is saved.")

    def get_initial(self):
        return {"role": self.member.role, "units": list(self.member.coordinated_units.all())}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def perform(self, form):
        return services.member_update(
            membership=self.get_object(),
            actor=self.request.user,
            role=form.cleaned_data["role"],
            units=form.cleaned_data["units"],
        )

    def get_context_data(self, **kwargs):
        kwargs.update(member=self.member, cancel_url=_list_url(self.organization))
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return _list_url(self.organization)


class ConfirmForm(forms.Form):
    """A confirmation: the POST itself is the answer."""


class MemberActionView(MemberObjectMixin, OrgServiceFormView):
    """A confirmed action on one member (deactivate, reset the second factor)."""

    template_name = "service/member_confirm.html"
    permission = PERMISSION
    form_class = ConfirmForm
    question = ""
    button = ""

    def get_context_data(self, **kwargs):
        kwargs.update(
            member=self.member,
            question=self.question,
            button=self.button,
            cancel_url=_list_url(self.organization),
        )
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return _list_url(self.organization)


class MemberDeactivateView(MemberActionView):
    page_title = _("Deactivate a member")
    question = _(
        "Deactivate this member? They can no longer work in the organization; their sessions "
        "and API token end at once. Their records and the audit log stay."
    )
    button = _("Deactivate")
    success_message = _("The member is deactivated.")

    def perform(self, form):
        return services.member_deactivate(membership=self.member, actor=self.request.user)


class MemberTwoFactorResetView(MemberActionView):
    page_title = _("Reset the second factor")
    question = _(
        "Remove this member's authenticator (for example, a lost phone)? Their sessions end; "
        "where two-factor authentication is required they set up a new one at their next login."
    )
    button = _("Reset the second factor")
    success_message = _("The second factor is reset.")

    def perform(self, form):
        return services.member_two_factor_reset(membership=self.member, actor=self.request.user)


class InvitationActionView(OrgViewMixin, View):
    """Resend or revoke a waiting invitation (POST from the members page)."""

    model = Invitation
    permission = PERMISSION
    http_method_names = ["post"]
    action = ""  # "resend" or "revoke"

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(
            Invitation.objects.for_org(self.organization), pk=kwargs["pk"]
        )
        try:
            with transaction.atomic():
                if self.action == "resend":
                    invitation = services.member_invitation_resend(
                        invitation=invitation, actor=request.user
                    )
                else:
                    services.member_invitation_revoke(invitation=invitation, actor=request.user)
        except (ApplicationError, ValidationError) as error:
            messages.error(request, getattr(error, "message", error))
            return HttpResponseRedirect(_list_url(self.organization))
        if self.action == "resend":
            _invitation_sent_message(request, invitation)
        else:
            messages.success(
                request,
                gettext("The invitation to %(email)s is revoked.") % {"email": invitation.email},
            )
        return HttpResponseRedirect(_list_url(self.organization))
