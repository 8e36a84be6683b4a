"""Pages of the partners registry (R2.3)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yntymaq.core.queries import audit_entries_for
from yntymaq.core.views.base import apply_error
from yntymaq.core.views.generic import (
    OrgCreatePage,
    OrgDeletePage,
    OrgDetailPage,
    OrgListPage,
    OrgUpdatePage,
)

from .. import queries, services
from ..forms import PartnerFilterForm, PartnerForm
from ..models import Partner


class PartnerListView(OrgListPage):
    model = Partner
    permission = "partners.view"
    template_name = "partners/partner_list.html"
    table_template = "partners/_partner_table.html"
    page_title = _("Partners")
    tab = "partners"

    def get_queryset(self):
        self.filter_form = PartnerFilterForm(self.request.GET)
        return queries.partner_list(organization=self.organization, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["ordering"] = self.filter_form.filters().get("ordering", "name")
        return super().get_context_data(**kwargs)


class PartnerDetailView(OrgDetailPage):
    model = Partner
    permission = "partners.view"
    template_name = "partners/partner_detail.html"
    tab = "partners"

    def get_object(self, queryset=None):
        return queries.partner_detail(organization=self.organization, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = self.object.name
        kwargs["can_change"] = self.can("partners.change")
        kwargs["trip_links"] = list(queries.partner_trips(self.object, self.membership))
        if self.can("audit.view") or self.can("partners.change"):
            kwargs["history"] = audit_entries_for(self.object)[:20]
        return super().get_context_data(**kwargs)


class DuplicateLinkMixin:
    """A duplicate partner is refused beside the name, with a link to the existing one."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                if not self.version_is_current(form):  # the stale-save check (core.versions)
                    return self.form_invalid(form)
                self.object = self.perform(form)
        except services.DuplicatePartnerError as error:
            form.add_error(
                error.field,
                format_html(
                    '{} <a href="{}">{}</a>',
                    error.message,
                    error.existing.get_absolute_url(),
                    _("Open it"),
                ),
            )
            return self.form_invalid(form)
        except (services.PartnersError, ValidationError) as error:
            apply_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class PartnerCreateView(DuplicateLinkMixin, OrgCreatePage):
    permission = "partners.change"
    form_class = PartnerForm
    template_name = "partners/partner_form.html"
    service = services.partner_create
    page_title = _("New partner")
    success_message = _("The partner is saved.")
    tab = "partners"


class PartnerUpdateView(DuplicateLinkMixin, OrgUpdatePage):
    model = Partner
    permission = "partners.change"
    form_class = PartnerForm
    template_name = "partners/partner_form.html"
    service = services.partner_update
    page_title = _("Edit partner")
    success_message = _("The changes are saved.")
    tab = "partners"


class PartnerDeleteView(OrgDeletePage):
    model = Partner
    permission = "partners.change"
    template_name = "partners/confirm_delete.html"
    service = services.partner_delete
    success_url_name = "partners:partner-list"
    page_title = _("Delete partner")
    success_message = _("%(name)s is deleted.")
    tab = "partners"
