"""When two-factor authentication is required (TOTP via django-otp), and what proves it.

Where it is required, nothing but the second-factor page, logging out and the password reset
works before it (core.middleware.TwoFactorMiddleware for pages), and the API accepts only a
session that has passed it or a token issued from such a session
(core.authentication, the API's only authentication classes).
"""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, Membership, User


def two_factor_required(user: User) -> bool:
    """Always for authority users; for staff of an organization that requires it.

    Demo accounts may carry `two_factor_exempt` (set only by `seed_demo` or an administrator).
    """
    if not user.is_authenticated or user.two_factor_exempt:
        return False
    if user.is_authority:
        return True
    return Membership.objects.filter(
        user=user, is_active=True, organization__require_two_factor=True
    ).exists()


def is_verified(user: User) -> bool:
    """Whether this session's login passed the second factor (django-otp's OTPMiddleware)."""
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_passes_second_factor(user: User) -> bool:
    """A logged-in session may be used if the user needs no second factor or has passed it."""
    return is_verified(user) or not two_factor_required(user)


def token_passes_second_factor(token: ApiToken) -> bool:
    """A token may be used if its user needs no second factor, or if it was issued from a
    session that had passed the second factor and the user still has a confirmed device.

    A token issued on the password alone (before the organization required 2FA, say) stops
    working as soon as 2FA is required; the user issues a new one after passing it.
    """
    user = token.user
    if not two_factor_required(user):
        return True
    return token.second_factor and has_confirmed_device(user)
