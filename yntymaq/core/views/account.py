"""Login, two-factor authentication, language and API token of the signed-in user."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import services
from ..forms import EmailAuthenticationForm, LanguageForm, TokenForm
from ..models import ApiToken, Notification
from ..notifications import notification_mark_read
from ..throttling import login_throttle, try_again_message
from ..twofactor import is_verified, two_factor_required


def _with_language(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        # After this failure the next attempt may have to wait: say until when, in the form.
        throttle = login_throttle(self.request)
        if throttle.retry_at is not None:
            form.add_error(None, try_again_message(throttle))
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if not self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
            _with_language(response, user.language)
        return response


class TwoFactorView(LoginRequiredMixin, FormView):
    """Set up TOTP (scan the code, confirm with one code) or enter a code to verify."""

    template_name = "registration/two_factor.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_verified(request.user):
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def confirmed_device(self):
        return TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()

    def get_context_data(self, **kwargs):
        device = self.confirmed_device()
        if device is None:
            pending = services.totp_device_pending(user=self.request.user)
            image = qrcode.make(pending.config_url, image_factory=qrcode.image.svg.SvgPathImage)
            kwargs["qr_svg"] = image.to_string(encoding="unicode")
            kwargs["secret"] = pending.bin_key.hex()
            kwargs["setting_up"] = True
        kwargs["required"] = two_factor_required(self.request.user)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        user = self.request.user
        device = self.confirmed_device()
        setting_up = device is None
        if setting_up:
            device = services.totp_device_pending(user=user)
        if not device.verify_token(form.cleaned_data["otp_token"]):
            form.add_error("otp_token", _("The code is wrong or has expired. Try the next one."))
            return self.form_invalid(form)
        if setting_up:
            services.totp_device_confirm(user=user, device=device)
        otp_login(self.request, device)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        target = self.request.GET.get("next") or self.request.POST.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return reverse("core:home")


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "registration/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs["language_form"] = LanguageForm(initial={"language": user.language})
        kwargs["token"] = ApiToken.objects.filter(user=user).first()
        kwargs["new_token"] = self.request.session.pop("new_api_token", None)
        kwargs["two_factor_enabled"] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        kwargs["two_factor_required"] = two_factor_required(user)
        return super().get_context_data(**kwargs)


class LanguageView(LoginRequiredMixin, FormView):
    form_class = LanguageForm
    http_method_names = ["post"]

    def form_valid(self, form):
        language = form.cleaned_data["language"]
        services.user_set_language(user=self.request.user, language=language)
        return _with_language(HttpResponseRedirect(reverse("core:account")), language)

    def form_invalid(self, form):
        return redirect("core:account")


class ApiTokenView(LoginRequiredMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "revoke":
            services.api_token_revoke(user=request.user)
            messages.success(request, _("The API token is revoked."))
        else:
            _token, key = services.api_token_issue(
                user=request.user, second_factor=is_verified(request.user)
            )
            request.session["new_api_token"] = key
        return redirect("core:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("core:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("core:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("core:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "registration/notifications.html"

    def get_context_data(self, **kwargs):
        show_all = self.request.GET.get("all") == "1"
        notifications = Notification.objects.filter(user=self.request.user).select_related(
            "organization"
        )
        if not show_all:
            notifications = notifications.filter(read_at__isnull=True)
        kwargs["notifications"] = notifications[:200]
        kwargs["show_all"] = show_all
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        raw = request.POST.get("notification")
        notification_id = int(raw) if raw and raw.isdigit() else None
        notification_mark_read(user=request.user, notification_id=notification_id)
        return redirect("core:notifications")
