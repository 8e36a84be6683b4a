"""Access of the authorized body (the ministry). Its users have no membership of an
organization: `User.is_authority` marks them, and this module says what that allows.

Authority pages live outside `/o/<slug>/`; they read every organization through the apps'
query functions and change no organization's data.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

# What an authority user may do. Organization users hold none of these.
# authority.organizations: register organizations, invite their heads of the Service,
# deactivate them (issue 11).
# authority.users: invite, list and deactivate the authorized body's own users.
AUTHORITY_PERMISSIONS = frozenset({"authority.view", "authority.organizations", "authority.users"})


def authority_can(user, permission: str) -> bool:
    """Whether the user acts for the authorized body with this permission."""
    if permission not in AUTHORITY_PERMISSIONS:
        raise KeyError(f"Unknown authority permission {permission!r}")
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_authority)


class AuthorityViewMixin(LoginRequiredMixin):
    """Anonymous users go to the login page; everybody but authority users gets 404, so
    organization users do not learn that these pages exist."""

    permission = "authority.view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not authority_can(request.user, self.permission):
            raise Http404
        return super().dispatch(request, *args, **kwargs)
