"""`{% object_history obj %}`: the history of changes of an object page, for the roles that
may see it (core.access.can_see_history) and nobody else."""

from __future__ import annotations

from django import template

from ..access import can_see_history
from ..queries import audit_entries_for

register = template.Library()

HISTORY_LENGTH = 20  # the latest entries; the audit log has them all


@register.inclusion_tag("components/history.html", takes_context=True)
def object_history(context, obj, length: int = HISTORY_LENGTH) -> dict:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if not obj or not can_see_history(membership, obj):
        return {"history": None}
    return {"history": audit_entries_for(obj)[:length]}
