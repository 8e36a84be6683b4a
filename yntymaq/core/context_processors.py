from .access import OrgPerms
from .navigation import menu


def navigation(request):
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    memberships = []
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
        memberships = list(
            user.memberships.filter(is_active=True, organization__is_active=True)
            .select_related("organization")
            .order_by("organization__short_name")
        )
    return {
        "organization": getattr(request, "organization", None),
        "membership": membership,
        "org_perms": OrgPerms(membership),
        "nav_items": menu(request),
        "my_memberships": memberships,
        "unread_notifications": unread,
    }
