"""Helpers shared by the partners pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.cache import patch_vary_headers

TABS = (
    ("agreements", "partners:agreement-list"),
    ("partners", "partners:partner-list"),
    ("missions", "partners:mission-list"),
)


def org_url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": request.organization.slug, **kwargs})


class OrgFormKwargsMixin:
    """Passes the organization to forms that limit their choices to it."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs


class HtmxTableMixin:
    """A registry list whose table htmx swaps alone (search, filters, pages)."""

    table_template = ""

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.table_template]
        return [self.template_name]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class TabMixin:
    """Which tab of the partners pages (agreements, partners, missions) is open."""

    tab = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("tab", self.tab)
        return super().get_context_data(**kwargs)
