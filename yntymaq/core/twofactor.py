"""When two-factor authentication is required (TOTP via django-otp)."""

from __future__ import annotations

from .models import Membership, User


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
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())
