"""The invitation link, `/invitation/<token>/`: public, guarded by the token (only its hash is
stored), valid 7 days, once, for its e-mail (core.invitations).

- No account with the e-mail: the person gives their name and a password and is logged in.
- An account with the e-mail: they log in (the link brings them back) and confirm.
- Someone else is logged in: they are told to log out first.
Then the second factor is set up before the first page, where it is required.
An unknown, tampered, expired, used or revoked link says which, in the visitor's language.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from ..forms import InvitationAcceptForm, InvitationConfirmForm
from ..invitations import (
    InvitationError,
    invitation_accept,
    invitation_find,
    invitation_is_usable,
    unusable_message,
)
from ..models import User
from ..twofactor import is_verified, two_factor_required

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@method_decorator(never_cache, name="dispatch")
class InvitationAcceptView(FormView):
    template_name = "core/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = invitation_find(kwargs["token"])
        if not invitation_is_usable(self.invitation):
            return self.unusable(unusable_message(self.invitation))
        self.account = User.objects.filter(email__iexact=self.invitation.email).first()
        user = request.user
        self.other_user = user.is_authenticated and user.email.lower() != self.invitation.email
        return super().dispatch(request, *args, **kwargs)

    def unusable(self, message: str):
        status = 404 if self.invitation is None else 410
        return render(
            self.request, "core/invitation_unusable.html", {"message": message}, status=status
        )

    @property
    def step(self) -> str:
        """What the visitor does: register, log_in, confirm, or log_out (someone else)."""
        if self.other_user:
            return "log_out"
        if self.account is None:
            return "register"
        return "confirm" if self.request.user.is_authenticated else "log_in"

    def get_form_class(self):
        return InvitationAcceptForm if self.step == "register" else InvitationConfirmForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.step == "register":
            kwargs["email"] = self.invitation.email
        return kwargs

    def get_context_data(self, **kwargs):
        invitation = self.invitation
        kwargs.update(
            invitation=invitation,
            step=self.step,
            invited_organization=invitation.organization,
            role=invitation.get_role_display() if invitation.role else "",
            login_url=f"{reverse(settings.LOGIN_URL)}?next={self.request.path}",
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if self.step in ("log_out", "log_in"):
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            if self.step == "register":
                user = invitation_accept(
                    invitation=self.invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                    language=get_language() or "ru",
                )
                login(self.request, user, backend=LOGIN_BACKEND)
            else:
                user = invitation_accept(invitation=self.invitation, user=self.request.user)
        except InvitationError as error:
            return self.unusable(str(error.message))
        return HttpResponseRedirect(self.first_page(user))

    def first_page(self, user: User) -> str:
        organization = self.invitation.organization
        target = organization.get_absolute_url() if organization else reverse("core:home")
        if two_factor_required(user) and not is_verified(user):
            return redirect_to_login(target, "core:two-factor")["Location"]
        return target
