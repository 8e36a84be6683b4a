"""Logins and failed logins go to the audit log (Django offers no other hook for them)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record(action="core.user.logged_in", actor=user, target=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action="core.user.logged_out", actor=user, target=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:200]
    audit.record(
        action="core.user.login_failed",
        actor=None,
        target=None,
        target_repr=username,
        data={"email": username},
    )
