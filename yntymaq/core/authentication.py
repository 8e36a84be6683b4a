"""The API's only ways to authenticate (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES):
a token or the browser session, each refused where the second factor is required and not
proven (core.twofactor). Every API view, the authority's and the schema included, uses them.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext_lazy as _
from drf_spectacular import authentication as spectacular_authentication
from rest_framework import authentication, exceptions

from .models import ApiToken
from .twofactor import session_passes_second_factor, token_passes_second_factor

SESSION_NEEDS_SECOND_FACTOR = _(
    "Two-factor authentication is required: enter the code from your authenticator app first."
)
TOKEN_NEEDS_SECOND_FACTOR = _(
    "Two-factor authentication is required: this token was not issued after the second factor. "
    "Log in with the code from your authenticator app and issue a new token on your account page."
)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; the key is looked up by its hash."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.has_expired():
            raise exceptions.AuthenticationFailed(
                _("The token has expired: issue a new one on your account page.")
            )
        if not token_passes_second_factor(token):
            raise exceptions.PermissionDenied(TOKEN_NEEDS_SECOND_FACTOR)
        return token.user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser session (with DRF's CSRF check), once the second factor is passed."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and not session_passes_second_factor(result[0]):
            raise exceptions.PermissionDenied(SESSION_NEEDS_SECOND_FACTOR)
        return result


class SessionScheme(spectacular_authentication.SessionScheme):
    """Describes the session above in the API schema as DRF's own session scheme."""

    target_class = SessionAuthentication
    priority = 1
