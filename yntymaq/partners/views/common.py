"""Helpers shared by the partners pages."""

from __future__ import annotations

from django.urls import reverse

TABS = (
    ("agreements", "partners:agreement-list"),
    ("partners", "partners:partner-list"),
    ("missions", "partners:mission-list"),
)


def org_url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": request.organization.slug, **kwargs})


class TabMixin:
    """Which tab of the partners pages is open. Only the import page (owned by the import
    flow's move to core.imports) still uses it; core.views.base.OrgViewMixin puts `tab` in
    every page's context, so it goes when that page moves."""

    tab = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("tab", self.tab)
        return super().get_context_data(**kwargs)
