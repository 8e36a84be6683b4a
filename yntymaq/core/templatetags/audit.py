"""`{% audit_entry entry %}`: one entry of the log as a sentence (core.audit.describe)."""

from __future__ import annotations

from django import template

from .. import audit

register = template.Library()


@register.inclusion_tag("core/_audit_entry.html")
def audit_entry(entry):
    return {"shown": audit.describe(entry)}
