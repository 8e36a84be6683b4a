"""`{% panels "<slot>" obj %}`: the cards later apps add to this page (core.panels)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from .. import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj) -> str:
    """Render each panel's template with the page's context plus `panel` (its dict)."""
    rendered = []
    for panel in registry.panels_for(slot, context.get("request"), obj):
        panel_template = context.template.engine.get_template(panel["template"])
        with context.push(panel=panel):
            rendered.append(panel_template.render(context))
    # Each part was rendered by a template with autoescaping: it is already safe HTML.
    return mark_safe("".join(rendered))
