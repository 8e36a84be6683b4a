"""Bases of the incoming pages: the stay of the URL, and create/edit/delete of its records."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from yntymaq.core.access import can
from yntymaq.core.views.base import OrgObjectFormView, OrgServiceFormView

from .. import queries

RESTRICTED = "people.view_restricted"


def org_url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": request.organization.slug, **kwargs})


class RestrictedMixin:
    """Pages of personal data beyond the registry (A1.6, A1.7, health, photos)."""

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if membership is not None and not can(membership, RESTRICTED):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StayOfUrlMixin:
    """The stay named by `stay_pk` in the URL, within the organization (404 otherwise)."""

    anchor = ""

    @cached_property
    def stay(self):
        return queries.stay_get(organization=self.request.organization, pk=self.kwargs["stay_pk"])

    def get_success_url(self):
        url = self.stay.get_absolute_url()
        return f"{url}#{self.anchor}" if self.anchor else url

    def get_context_data(self, **kwargs):
        kwargs.setdefault("stay", self.stay)
        kwargs.setdefault("cancel_url", self.get_success_url())
        return super().get_context_data(**kwargs)


class StayChildCreateView(StayOfUrlMixin, OrgServiceFormView):
    """Create a record of the stay through `service(stay=, actor=, data=)`."""

    permission = "incoming.change"
    template_name = "incoming/form.html"
    service = None
    success_message = _("Saved.")

    def perform(self, form):
        return type(self).service(stay=self.stay, actor=self.request.user, data=form.service_data())


class StayChildObjectMixin(StayOfUrlMixin):
    object_arg = ""

    def get_object(self):
        records = self.model.objects.for_org(self.organization).filter(
            stay_id=self.kwargs["stay_pk"]
        )
        return get_object_or_404(records, pk=self.kwargs["pk"])


class StayChildUpdateView(StayChildObjectMixin, OrgObjectFormView):
    permission = "incoming.change"
    template_name = "incoming/form.html"
    service = None
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return type(self).service(
            **{self.object_arg: self.get_object()},
            actor=self.request.user,
            data=form.service_data(),
        )


class StayChildDeleteView(StayChildObjectMixin, OrgObjectFormView):
    permission = "incoming.change"
    template_name = "incoming/confirm_delete.html"
    form_class = forms.Form
    service = None

    def perform(self, form):
        type(self).service(**{self.object_arg: self.object}, actor=self.request.user)
        messages.success(self.request, _("Deleted."))
