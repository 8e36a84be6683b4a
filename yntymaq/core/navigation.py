"""The organization menu. Apps register their pages in AppConfig.ready(); the menu shows only
pages whose URL exists and whose permission the user's role holds."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .access import can


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str  # reversed with org_slug
    permission: str
    order: int = 100
    match_prefix: str = ""  # path under /o/<slug>/ that marks the item active


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def menu(request) -> list[dict]:
    organization = getattr(request, "organization", None)
    membership = getattr(request, "membership", None)
    if organization is None or membership is None:
        return []
    entries = []
    for item in _ITEMS:
        if not can(membership, item.permission):
            continue
        try:
            url = reverse(item.url_name, kwargs={"org_slug": organization.slug})
        except NoReverseMatch:
            continue
        prefix = url if not item.match_prefix else f"/o/{organization.slug}/{item.match_prefix}"
        active = request.path.startswith(prefix) if item.match_prefix else request.path == url
        entries.append({"label": item.label, "url": url, "active": active})
    return entries
