"""XLSX export of the partner and agreement lists (with their filters), and the all-or-nothing
XLSX import with a preview (core.imports)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core import audit
from yntymaq.core.import_pages import ImportPageMixin
from yntymaq.core.views.base import OrgViewMixin
from yntymaq.core.xlsx import xlsx_response

from .. import imports, queries
from ..forms import AgreementFilterForm, ImportForm, PartnerFilterForm
from .common import TabMixin, org_url


class PartnerExportView(OrgViewMixin, View):
    permission = "partners.view"

    def get(self, request, *args, **kwargs):
        filters = PartnerFilterForm(request.GET).filters()
        partners = queries.partner_list(organization=self.organization, **filters)
        audit.record(
            action="partners.partner.exported",
            actor=request.user,
            organization=self.organization,
            data={"filters": {k: v for k, v in filters.items() if v}},
        )
        return xlsx_response(
            f"partners-{timezone.localdate():%Y-%m-%d}.xlsx",
            [
                (
                    str(_("Partners")),
                    imports.headers(imports.PARTNER_COLUMNS),
                    imports.partner_rows(partners),
                )
            ],
        )


class AgreementExportView(OrgViewMixin, View):
    permission = "partners.view"

    def get(self, request, *args, **kwargs):
        filters = AgreementFilterForm(request.GET).filters()
        agreements = queries.agreement_list(organization=self.organization, **filters)
        audit.record(
            action="partners.agreement.exported",
            actor=request.user,
            organization=self.organization,
            data={"filters": {k: v for k, v in filters.items() if v}},
        )
        return xlsx_response(
            f"agreements-{timezone.localdate():%Y-%m-%d}.xlsx",
            [
                (
                    str(_("Agreements")),
                    imports.headers(imports.AGREEMENT_COLUMNS),
                    imports.agreement_rows(agreements),
                )
            ],
        )


class ImportView(ImportPageMixin, TabMixin, OrgViewMixin, TemplateView):
    """The all-or-nothing XLSX import with a check first (core.import_pages)."""

    permission = "partners.change"
    template_name = "partners/import.html"
    import_form_class = ImportForm
    kind = ""  # imports.PARTNER_KIND or imports.AGREEMENT_KIND

    @property
    def import_spec(self):
        if self.kind == imports.PARTNER_KIND:
            return imports.PARTNER_IMPORT
        return imports.AGREEMENT_IMPORT

    def import_done_url(self) -> str:
        target = (
            "partners:partner-list"
            if self.kind == imports.PARTNER_KIND
            else "partners:agreement-list"
        )
        return org_url(self.request, target)

    def get_context_data(self, **kwargs):
        shown = (
            imports.PARTNER_COLUMNS
            if self.kind == imports.PARTNER_KIND
            else imports.AGREEMENT_IMPORT_COLUMNS
        )
        required = (
            imports.PARTNER_REQUIRED
            if self.kind == imports.PARTNER_KIND
            else imports.AGREEMENT_REQUIRED
        )
        kwargs.setdefault("form", ImportForm())
        kwargs.update(
            kind=self.kind,
            tab="partners" if self.kind == imports.PARTNER_KIND else "agreements",
            page_title=(
                _("Import partners")
                if self.kind == imports.PARTNER_KIND
                else _("Import agreements")
            ),
            headers=imports.headers(shown),
            required=imports.headers({k: v for k, v in shown.items() if k in required}),
        )
        return super().get_context_data(**kwargs)
