"""The one view mixin for organization pages, and the generic registry views built on it.

OrganizationMiddleware has already resolved `request.organization` and `request.membership`
(404 for outsiders); the mixin checks the role permission of `core.access` and reads only
through `Model.objects.for_org(...)`.
"""

from __future__ import annotations

import inspect
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormView

from .. import audit, versions
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
        kwargs.setdefault("tab", getattr(self, "tab", ""))  # the app's tab that is open
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

    def get_form_kwargs(self):
        """A form whose `__init__` takes `organization` gets the page's (to limit its choices
        to the organization's rows)."""
        kwargs = super().get_form_kwargs()
        if _takes_organization(self.get_form_class()):
            kwargs["organization"] = self.organization
        return kwargs

    def perform(self, form):  # pragma: no cover - abstract
        raise NotImplementedError

    def version_is_current(self, form) -> bool:
        """The stale-save check (core.versions); only forms about one object have one."""
        return True

    def form_valid(self, form):
        try:
            with transaction.atomic():
                if not self.version_is_current(form):
                    return self.form_invalid(form)
                self.object = self.perform(form)
        except (ApplicationError, ValidationError) as error:
            apply_error(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class OrgObjectFormView(OrgServiceFormView):
    """Like OrgServiceFormView, for a form about one object of `model` found by `pk`.

    An edit form (a ModelForm of the object) of a record with `updated_at` carries the version
    the user loaded; a save over a newer one is refused (issue 14 "lost updates", core.versions):
    "changed by <user> at <time>" on top, the saved values next to the fields, and the form
    keeps what the user typed. Set `version_check = False` for a form that must not check.
    """

    model = None
    version_check = True

    def _checks_version(self, form) -> bool:
        """An edit form: a ModelForm of this very object (not a confirmation, an action on
        it, or a new record under it)."""
        return (
            self.version_check
            and self.object is not None
            and getattr(form, "instance", None) is self.object
            and versions.is_versioned(self.object)
        )

    def _version_field(self):
        return forms.CharField(
            widget=forms.HiddenInput, required=False, initial=versions.version_of(self.object)
        )

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self._checks_version(form):
            form.fields[versions.VERSION_FIELD] = self._version_field()
        return form

    def form_invalid(self, form):
        # Shown again, the form carries the version again (see post()).
        if self._checks_version(form) and versions.VERSION_FIELD not in form.fields:
            form.fields[versions.VERSION_FIELD] = self._version_field()
        return super().form_invalid(form)

    def version_is_current(self, form) -> bool:
        sent = getattr(self, "sent_version", "")
        if not sent or not self._checks_version(form):
            return True  # a client that sends no version is not checked
        current, saved = versions.saved_version(self.object)
        if saved is None or current == sent:
            return True
        form.add_error(None, versions.stale_message(saved))
        names = {f.name for f in saved._meta.get_fields() if f.concrete or f.many_to_many}
        for name in list(form.fields):
            if (
                name in names
                and name in form.cleaned_data
                and _differs(saved, name, form.cleaned_data[name])
            ):
                form.add_error(
                    name, _("Saved now: %(value)s") % {"value": versions.display_value(saved, name)}
                )
        # The next save is over the version the user has now seen.
        form.data = form.data.copy()
        form.data[form.add_prefix(versions.VERSION_FIELD)] = current
        return False

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
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        # The version is no data of the record: services and `service_data()` never see it.
        self.sent_version = form.cleaned_data.pop(versions.VERSION_FIELD, None) or ""
        form.fields.pop(versions.VERSION_FIELD, None)
        return self.form_valid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        return super().get_context_data(**kwargs)


def _takes_organization(form_class) -> bool:
    """Whether the form's `__init__`, or one of its bases' it passes `**kwargs` on to, takes
    `organization`."""
    for klass in form_class.__mro__:
        init = klass.__dict__.get("__init__")
        if init is not None and "organization" in inspect.signature(init).parameters:
            return True
    return False


def _differs(saved, name: str, value) -> bool:
    field = saved._meta.get_field(name)
    if field.many_to_many:
        mine = {getattr(v, "pk", v) for v in (value or [])}
        return mine != set(getattr(saved, name).values_list("pk", flat=True))
    if field.is_relation:
        return getattr(value, "pk", value) != getattr(saved, field.attname)
    if isinstance(field, models.FileField):
        return False  # an upload is not a saved value to compare
    current = getattr(saved, name)
    blank = (None, "")
    if value in blank and current in blank:
        return False
    try:  # compared as the field stores them: 1000.00 is 1000
        return field.to_python(value) != field.to_python(current)
    except ValidationError:
        return True


def log_view_of_restricted(request, target, fields: list[str]) -> None:
    """Reading restricted personal data is an audited action (DESIGN.md)."""
    entity = re.sub(r"(?<!^)(?=[A-Z])", "_", type(target).__name__).lower()
    audit.record(
        action=f"{target._meta.app_label}.{entity}.restricted_viewed",
        actor=request.user,
        target=target,
        data={"fields": fields},
    )
