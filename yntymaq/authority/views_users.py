"""The authorized body's own users (issue 11): an authority user invites other authority users
by e-mail, sees who works in the system and whose invitation waits, sends an invitation again
or revokes it, and deactivates a user (never the last active one). The changes go through
core.invitations and core.memberships, audited there; authority users only
(AuthorityViewMixin: everybody else gets 404)."""

from __future__ import annotations

from django.contrib import messages
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
from yntymaq.core.invitations import (
    invitation_create,
    invitation_link,
    mail_configured,
)
from yntymaq.core.memberships import authority_user_deactivate
from yntymaq.core.models import Invitation, User
from yntymaq.core.queries import authority_invitations, authority_users
from yntymaq.core.views.base import apply_error

from .access import AuthorityViewMixin
from .forms import AuthorityUserInviteForm
from .views_organizations import ConfirmForm, InvitationActionBase, _sent_message


class UsersMixin(AuthorityViewMixin):
    permission = "authority.users"

    def dispatch(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().dispatch(request, *args, **kwargs)


def _list_url() -> str:
    return reverse("authority:user-list")


class AuthorityUserListView(UsersMixin, TemplateView):
    """Every active authority user (last login, second factor) and the waiting invitations."""

    template_name = "authority/user_list.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        invitations = list(authority_invitations())
        shows_links = not mail_configured()  # the inviter passes the link on
        for invitation in invitations:
            invitation.shown_link = invitation_link(invitation) if shows_links else None
        kwargs.update(
            page_title=_("Users of the authorized body"),
            users=list(authority_users()),
            invitations=invitations,
            invite_form=kwargs.pop("invite_form", None) or AuthorityUserInviteForm(),
        )
        return super().get_context_data(**kwargs)


class AuthorityUserInviteView(UsersMixin, View):
    """Invite another authority user; an error is shown beside the field on the list page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = AuthorityUserInviteForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    invitation = invitation_create(
                        organization=None,
                        email=form.cleaned_data["email"],
                        role="",
                        actor=request.user,
                    )
            except ApplicationError as error:
                apply_error(form, error)
            else:
                _sent_message(request, invitation)
                return HttpResponseRedirect(_list_url())
        view = AuthorityUserListView(request=request, kwargs={})
        return view.render_to_response(view.get_context_data(invite_form=form), status=400)


class AuthorityInvitationActionView(UsersMixin, InvitationActionBase):
    """An authority user's invitation: sent again or revoked."""

    def invitations(self):
        return Invitation.objects.filter(organization=None)

    def done_url(self, invitation: Invitation) -> str:
        return _list_url()


class AuthorityUserDeactivateView(UsersMixin, FormView):
    """Deactivate an authority user, after a confirmation."""

    model = User
    template_name = "authority/user_deactivate.html"
    form_class = ConfirmForm

    def get_user(self) -> User:
        return get_object_or_404(authority_users(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.update(user_shown=self.get_user(), page_title=_("Deactivate the user"))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        user = self.get_user()
        try:
            authority_user_deactivate(user=user, actor=self.request.user)
        except ApplicationError as error:
            apply_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("%(email)s no longer works for the authorized body.") % {"email": user.email},
        )
        return HttpResponseRedirect(_list_url())
