"""Small template helpers for the shared components."""

from __future__ import annotations

from django import forms, template
from django.utils.http import urlencode

register = template.Library()

CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def bs_widget(bound_field):
    """Render a field's widget with Bootstrap classes, is-invalid and aria links to its errors."""
    widget = bound_field.field.widget
    if isinstance(widget, CHOICE_LISTS):
        css = "choice-list"  # the wrapper; its inputs are styled by app.css
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"
