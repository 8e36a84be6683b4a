"""Declarative organization pages: list (htmx table), detail, create, update, delete.

Grown from incoming's StayChild* views, in the spirit of pretalx's common/views/generic.py.
A page of a registry is declared, not written:

    class UnitUpdateView(OrgUpdatePage):
        model = Unit
        permission = "service.change"          # a row of core.access
        form_class = UnitForm
        template_name = "service/unit_form.html"
        service = services.unit_update         # (unit=, actor=, data=)
        success_url_name = "service:unit-list"
        page_title = _("Edit unit")
        success_message = _("The unit is saved.")

What every page gets from the bases (core.views.base): the membership and the permission
(403), the organization's rows only (404 for another organization's), the service call in a
transaction with its errors next to the fields, the success message, and — for edit forms —
the stale-save check (core.versions). Audit entries are written by the services.

Conventions the bases rely on:
- `service` is a plain function of the app's services; the bases call it as
  `type(self).service(...)` so it is not bound as a method.
- Create services take `organization=, actor=, data=`; update services `<object_arg>=, actor=,
  data=`; delete services `<object_arg>=, actor=`. `object_arg` defaults to the model's name
  (`unit`, `official`, `person`).
- `data` is `form.service_data()` when the form has it, else `form.cleaned_data`.
- A form whose `__init__` takes `organization` gets the page's organization (to limit its
  choices to the organization's rows; core.views.base.OrgServiceFormView).
- `tab` names the app's tab that is open (in the context as `tab`).
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from .base import OrgDetailView, OrgListView, OrgObjectFormView, OrgServiceFormView


def org_reverse(organization, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": organization.slug, **kwargs})


class OrgListPage(OrgListView):
    """A registry list; with `table_template`, an htmx request (search, filters, pages)
    gets the table alone, and the answer varies on HX-Request."""

    table_template = ""

    def get_template_names(self):
        if self.table_template and self.request.htmx and not self.request.htmx.boosted:
            return [self.table_template]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.table_template:
            patch_vary_headers(response, ["HX-Request"])
        return response


class OrgDetailPage(OrgDetailView):
    """One record of the organization."""


class _ServicePage:
    """What create, update and delete pages share: form kwargs, service data, URLs."""

    service = None
    success_url_name = ""  # a URL name under /o/<org_slug>/; else the object's own page
    cancel_url_name = ""

    def service_data(self, form) -> dict:
        if hasattr(form, "service_data"):
            return form.service_data()
        return form.cleaned_data

    def call_service(self, **kwargs):
        return type(self).service(actor=self.request.user, **kwargs)

    def get_success_url(self):
        if self.success_url_name:
            return org_reverse(self.organization, self.success_url_name)
        return self.object.get_absolute_url()

    def get_cancel_url(self) -> str:
        if self.cancel_url_name:
            return org_reverse(self.organization, self.cancel_url_name)
        if getattr(self, "object", None) is not None and hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        if self.success_url_name:
            return org_reverse(self.organization, self.success_url_name)
        return ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)


class OrgCreatePage(_ServicePage, OrgServiceFormView):
    """Create one record: `service(organization=, actor=, data=)`."""

    def perform(self, form):
        return self.call_service(organization=self.organization, data=self.service_data(form))


class _ObjectPage(_ServicePage, OrgObjectFormView):
    object_arg = ""

    def get_object_arg(self) -> str:
        return self.object_arg or self.model._meta.model_name


class OrgUpdatePage(_ObjectPage):
    """Change one record: `service(<object_arg>=, actor=, data=)`, with the stale-save check.

    The form has written its values into `self.object` while validating, so the service gets
    a fresh copy of the row to compare against (it audits only what changed)."""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return self.call_service(
            **{self.get_object_arg(): self.get_object()}, data=self.service_data(form)
        )


class OrgDeletePage(_ObjectPage):
    """GET asks for confirmation; POST deletes: `service(<object_arg>=, actor=)`.

    `success_message` may name the deleted record as `%(name)s`."""

    form_class = None  # a confirmation: the POST itself is the answer

    def get_form_class(self):
        return self.form_class or forms.Form

    def perform(self, form):
        name = str(self.object)
        self.call_service(**{self.get_object_arg(): self.object})
        if self.success_message and "%(name)s" in str(self.success_message):
            self.success_message = str(self.success_message) % {"name": name}
        return self.object
