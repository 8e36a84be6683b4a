"""Who may do what: the one table of role permissions, and membership resolution.

Views (OrgPermissionMixin), the API (OrgPermission) and templates (`org_perms`) all ask `can()`.
Never restate a role check anywhere else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .enums import Role
from .models import Membership, Organization, User

HEAD = Role.SERVICE_HEAD
STAFF = Role.SERVICE_STAFF
COORDINATOR = Role.UNIT_COORDINATOR
LEADERSHIP = Role.LEADERSHIP
AUDITOR = Role.AUDITOR
EVERY_ROLE = frozenset(Role)

# permission -> roles that hold it. Later apps add their rows here, next to the others.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "org.view": EVERY_ROLE,
    "org.settings": frozenset({HEAD}),
    # members, their roles and units, invitations (issue 11)
    "members.manage": frozenset({HEAD}),
    "audit.view": frozenset({HEAD, AUDITOR}),
    "people.view": frozenset({HEAD, STAFF, COORDINATOR, LEADERSHIP, AUDITOR}),
    # Every person of the organization. Without it (a unit coordinator) a membership sees only
    # the persons linked to the units it coordinates: people.queries.persons_for() is the one
    # query, used by the people pages, API, search and exports.
    "people.all_units": frozenset({HEAD, STAFF, LEADERSHIP, AUDITOR}),
    "people.change": frozenset({HEAD, STAFF}),
    # Personal-data access: identity documents, A1.6, A1.7, photos. Each view is audited.
    "people.view_restricted": frozenset({HEAD, STAFF, AUDITOR}),
    "service.view": EVERY_ROLE,
    "service.change": frozenset({HEAD, STAFF}),
    "service.appoint": frozenset({HEAD, STAFF}),
    # incoming (issue 3): foreigners' stays, questionnaires, housing, briefings, medical care
    "incoming.view": frozenset({HEAD, STAFF, LEADERSHIP, AUDITOR}),
    "incoming.change": frozenset({HEAD, STAFF}),
    # outbound (issue 4): coordinators draft their unit's trip plans and see their unit only
    "outbound.view": EVERY_ROLE,
    "outbound.change": frozenset({HEAD, STAFF}),
    "outbound.plan_draft": frozenset({HEAD, STAFF, COORDINATOR}),
    "outbound.plan_approve": frozenset({HEAD}),
    # every unit's plans, trips and candidates; the others (coordinators) see their units only
    "outbound.all_units": frozenset({HEAD, STAFF, LEADERSHIP, AUDITOR}),
    # partners (issue 5): internal approval unit -> Service -> leadership, then the authority
    "partners.view": EVERY_ROLE,
    "partners.change": frozenset({HEAD, STAFF}),
    "partners.approve_unit": frozenset({HEAD, COORDINATOR}),
    "partners.approve_service": frozenset({HEAD}),
    "partners.approve_leadership": frozenset({LEADERSHIP}),
    # planning (issue 6)
    "planning.view": EVERY_ROLE,
    "planning.change": frozenset({HEAD, STAFF}),
    "planning.approve": frozenset({HEAD}),
    # reporting (issue 7): the annual report (R8.11) is submitted by the head
    "reporting.view": frozenset({HEAD, STAFF, LEADERSHIP, AUDITOR}),
    "reporting.change": frozenset({HEAD, STAFF}),
    "reporting.submit": frozenset({HEAD}),
}


def can(membership: Membership | None, permission: str) -> bool:
    """Whether the membership's role holds the permission. Unknown permissions are refused."""
    if membership is None or not membership.is_active:
        return False
    roles = PERMISSIONS.get(permission)
    if roles is None:
        raise KeyError(f"Unknown permission {permission!r}: add it to core.access.PERMISSIONS")
    return membership.role in roles


def can_see_history(membership: Membership | None, obj) -> bool:
    """Who may see an object's history (the audit entries of the `components/history.html`
    partial, `{% object_history obj %}`): those who read the audit log (`audit.view`: the head,
    the auditor) and those who may change the records of the object's app (`<app>.change`:
    `people.change` for a person, `outbound.change` for a trip…). Never for an object of
    another organization. Coordinators and leadership see pages, not their history."""
    if membership is None or not membership.is_active:
        return False
    organization_id = getattr(obj, "organization_id", None)
    if organization_id is not None and organization_id != membership.organization_id:
        return False
    return can(membership, "audit.view") or can(membership, f"{obj._meta.app_label}.change")


def resolve_membership(user: User, org_slug: str) -> tuple[Organization, Membership]:
    """The organization of the URL and the user's active membership in it, or 404.

    A user of another organization (authority users included) gets 404, never 403, so the
    existence of the organization's records is not revealed.
    """
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=user, organization__slug=org_slug, is_active=True)
        .first()
    )
    if membership is None:
        raise Http404
    if not membership.organization.is_active:
        raise OrganizationInactive(membership.organization)
    return membership.organization, membership


class OrganizationInactive(PermissionDenied):
    """A member opens an organization the authorized body has deactivated: 403 with a message
    that says so (pages: errors/403.html; API: the message of the error shape)."""

    def __init__(self, organization: Organization):
        self.user_message = _(
            "%(name)s has been deactivated by the authorized body: its data are kept, but "
            "nobody can work in it. Ask the ministry if you think this is a mistake."
        ) % {"name": organization.short_name}
        super().__init__(self.user_message)


def may_invite(user: User | None, organization: Organization | None, role: str) -> bool:
    """Who may invite someone: the command line (`user` None) anyone; an organization's head
    of the Service (`members.manage`) to any role in it; an authority user an organization's
    head of the Service, and other authority users (`organization` None)."""
    if user is None:
        return True
    if organization is None:
        return bool(user.is_active and user.is_authority)
    if user.is_active and user.is_authority and role == HEAD:
        return True
    return may_manage_members(user, organization)


def may_manage_members(user: User | None, organization: Organization | None) -> bool:
    """Whether the user is an active head of the Service of the organization (members.manage):
    the check repeated by the members' services, whatever view or API called them."""
    if user is None or organization is None or not user.is_active:
        return False
    membership = Membership.objects.filter(
        user=user, organization=organization, is_active=True
    ).first()
    return can(membership, "members.manage")


class OrgPerms:
    """Template helper: `{% if org_perms.service.change %}` asks can(m, 'service.change')."""

    def __init__(self, membership: Membership | None, prefix: str = ""):
        self._membership = membership
        self._prefix = prefix

    def __getitem__(self, name: str):
        if not self._prefix:
            return OrgPerms(self._membership, name)
        return can(self._membership, f"{self._prefix}.{name}")

    def __contains__(self, permission: str) -> bool:
        return can(self._membership, permission)
