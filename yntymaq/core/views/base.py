"""The one view mixin for organization pages, and the generic registry views built on it.

OrganizationMiddleware has already resolved `request.organization` and `request.membership`
(404 for outsiders); the mixin checks the role permission of `core.access` and reads only
through `Model.objects.for_org(...)`.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormView

from .. import audit
from ..access import can
from ..errors import ApplicationError


class OrgViewMixin:
    """Access check for `/o/<org_slug>/…` pages: `permission` names a row of core.access."""

    permission: str = "org.view"

    def dispatch(self, request, *args, **kwargs):
        if request.membership is None:  # only reachable if the URL lacks org_slug
            raise PermissionDenied
        if not can(request.membership, self.permission):
            raise PermissionDenied
        self.organization = request.organization
        self.membership = request.membership
        return super().dispatch(request, *args, **kwargs)

    def can(self, permission: str) -> bool:
        return can(self.membership, permission)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", getattr(self, "page_title", ""))
        return super().get_context_data(**kwargs)


class OrgListView(OrgViewMixin, ListView):
    paginate_by = 50

    def get_queryset(self):
        return self.model.objects.for_org(self.organization)


class OrgDetailView(OrgViewMixin, DetailView):
    def get_queryset(self):
        return self.model.objects.for_org(self.organization)


def apply_error(form, error: ApplicationError | ValidationError) -> None:
    """Put a domain or validation error next to its field (or on top of the form)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
        return
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, getattr(error, "message", error))


class OrgServiceFormView(OrgViewMixin, FormView):
    """A form whose valid data goes to one service function (`perform`).

    Domain errors come back next to their field; the user's input stays in the form.
    """

    success_message = ""

    def perform(self, form):  # pragma: no cover - abstract
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = self.perform(form)
        except (ApplicationError, ValidationError) as error:
            apply_error(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class OrgObjectFormView(OrgServiceFormView):
    """Like OrgServiceFormView, for a form about one object of `model` found by `pk`."""

    model = None

    def get_object(self):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(
            self.model.objects.for_org(self.organization), pk=self.kwargs["pk"]
        )

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        return super().get_context_data(**kwargs)


def log_view_of_restricted(request, target, fields: list[str]) -> None:
    """Reading restricted personal data is an audited action (DESIGN.md)."""
    entity = re.sub(r"(?<!^)(?=[A-Z])", "_", type(target).__name__).lower()
    audit.record(
        action=f"{target._meta.app_label}.{entity}.restricted_viewed",
        actor=request.user,
        target=target,
        data={"fields": fields},
    )
