"""Request-wide concerns: security headers, request context, 2FA gate, organization scope."""

from __future__ import annotations

import ipaddress
import json

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_scopes import scope

from . import audit
from .access import resolve_membership
from .twofactor import is_verified, two_factor_required

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: no inline scripts or styles, nothing from elsewhere.

    And `Cache-Control: private, no-store` on every answer to a signed-in user (pages, API
    answers to a session or a token, downloads): no browser, proxy or shared computer keeps a
    copy of personal data. Static files never get here (WhiteNoise answers them earlier) and
    keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        user = getattr(request, "user", None)  # the API's token user too (DRF sets it here)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def client_ip(request) -> str | None:
    """The client's address, for the audit log and the login throttling alike (one rule).

    Without trusted proxies (YNTYMAQ_TRUSTED_PROXIES = 0) it is the connection's address and
    X-Forwarded-For is ignored: anybody can write that header. Behind N trusted reverse
    proxies, each appending the address it saw to X-Forwarded-For, it is the N-th address from
    the right: the one the outermost proxy saw. Whatever a client writes into the header
    itself stays to the left of it.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.YNTYMAQ_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class RequestContextMiddleware:
    """Makes the client address available to the audit log for the request's duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            audit.current_ip.reset(token)


# Before the second factor only these pages open (plus static files and the language switch,
# which stores a cookie). The API (`/api/…`) answers for itself: its authentication classes
# (core.authentication) refuse a session or a token that has not passed the second factor.
TWO_FACTOR_OPEN_URL_NAMES = frozenset(
    {
        "core:two-factor",
        "core:login",
        "core:logout",
        "core:password-reset",
        "core:password-reset-done",
        "core:password-reset-confirm",
        "core:password-reset-complete",
    }
)
TWO_FACTOR_OPEN_PREFIXES = ("/static/", "/i18n/", "/api/")


class TwoFactorMiddleware:
    """Sends a logged-in user who must use 2FA to set it up or to enter a code first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(TWO_FACTOR_OPEN_PREFIXES)
            and not is_verified(user)
            and two_factor_required(user)
            and not self._is_open(request)
        ):
            return redirect_to_login(request.get_full_path(), "core:two-factor")
        return self.get_response(request)

    @staticmethod
    def _is_open(request) -> bool:
        try:
            return resolve(request.path_info).view_name in TWO_FACTOR_OPEN_URL_NAMES
        except Resolver404:
            return False


class OrganizationMiddleware:
    """Resolves `/o/<org_slug>/…` once: organization, membership and the django-scopes scope.

    Pages: anonymous users go to the login page; a user who is not a member gets 404.
    API (`/api/…`): only the scope is set here; authentication (tokens included) and the
    membership check happen in the DRF permission class, which answers 401/404.
    Outside an organization URL no scope is active, so tenant queries fail closed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        org_slug = match.kwargs.get("org_slug")
        if org_slug is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            from .models import Organization

            request.organization = Organization.objects.filter(slug=org_slug).first()
            if request.organization is None:  # no scope: tenant queries fail closed
                return self.get_response(request)
            with scope(organization=request.organization):
                return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        request.organization, request.membership = resolve_membership(request.user, org_slug)
        with scope(organization=request.organization):
            return self.get_response(request)


class RejectNulCharactersMiddleware:
    """A NUL character cannot be stored (PostgreSQL refuses it) and no form needs one: such a
    request gets a clear 400 instead of failing deep inside a query. So does JSON in another
    encoding than UTF-8 (RFC 8259), which would otherwise be taken for text full of NULs
    (UTF-16) or be misread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_json_in_another_encoding(request):
            return self._bad_request(request, _("Send JSON encoded as UTF-8."))
        if self._has_nul(request):
            message = _("The request contains a NUL character, which is not allowed.")
            return self._bad_request(request, message)
        return self.get_response(request)

    @staticmethod
    def _bad_request(request, message):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"message": str(message), "extra": {}}, status=400)
        return HttpResponseBadRequest(render_to_string("errors/400.html", request=request))

    @staticmethod
    def _is_json_in_another_encoding(request) -> bool:
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        if not (request.content_type or "").startswith("application/json"):
            return False
        charset = request.content_params.get("charset", "utf-8").strip().lower()
        if charset not in ("utf-8", "utf8"):
            return True
        body = request.body
        if not body:
            return False
        if json.detect_encoding(body) != "utf-8":  # UTF-16/32 (by their NULs), or a BOM
            return True
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return True
        return False

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return True
        content_type = request.content_type or ""
        if request.method in ("POST", "PUT", "PATCH"):
            if content_type.startswith("application/json"):
                return b"\\u0000" in request.body or b"\x00" in request.body
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                return any(
                    "\x00" in key or any("\x00" in v for v in values)
                    for key, values in request.POST.lists()
                )
        return False
