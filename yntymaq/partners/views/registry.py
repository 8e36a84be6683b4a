"""XLSX export of the partner and agreement lists (with their filters), and the all-or-nothing
XLSX import with a preview (core.imports)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from yntymaq.core import audit
from yntymaq.core.errors import ApplicationError
from yntymaq.core.imports import (
    import_upload_mark_committed,
    import_upload_store,
    run_import,
)
from yntymaq.core.models import ImportUpload
from yntymaq.core.views.base import OrgViewMixin
from yntymaq.core.xlsx import xlsx_response

from .. import imports, queries
from ..forms import AgreementFilterForm, ImportCommitForm, ImportForm, PartnerFilterForm
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


class ImportView(TabMixin, OrgViewMixin, TemplateView):
    """GET: the upload form. POST with a file: the preview (nothing is saved). POST with the
    stored upload's id: the import itself, rolled back entirely if any row has an error."""

    permission = "partners.change"
    template_name = "partners/import.html"
    kind = ""  # imports.PARTNER_KIND or imports.AGREEMENT_KIND

    @property
    def spec(self):
        """(columns shown, columns read, required columns, row handler)."""
        if self.kind == imports.PARTNER_KIND:
            return (
                imports.PARTNER_COLUMNS,
                imports.PARTNER_COLUMNS,
                imports.PARTNER_REQUIRED,
                imports.import_partners,
            )
        columns = imports.import_headers(imports.AGREEMENT_COLUMNS, imports.AGREEMENT_IMPORTED)
        return columns, columns, imports.AGREEMENT_REQUIRED, imports.import_agreements

    def get_context_data(self, **kwargs):
        shown, _columns, required, _handler = self.spec
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

    def _rows(self, stored: ImportUpload):
        _shown, columns, required, _handler = self.spec
        with stored.file.open("rb") as handle:
            return imports.read_sheet(handle, columns, required)

    def post(self, request, *args, **kwargs):
        _shown, columns, required, handler = self.spec
        commit = ImportCommitForm(request.POST)
        if commit.is_valid():
            return self._commit(commit.cleaned_data["upload"], handler)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_sheet(upload, columns, required)
        except ApplicationError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        upload.seek(0)
        stored = import_upload_store(
            organization=self.organization, actor=request.user, kind=self.kind, upload=upload
        )
        result = run_import(
            handler, rows, organization=self.organization, actor=request.user, commit=False
        )
        return self.render_to_response(
            self.get_context_data(form=form, result=result, stored=stored, rows=len(rows))
        )

    def _commit(self, upload_id: int, handler):
        stored = get_object_or_404(
            ImportUpload.objects.for_org(self.organization),
            pk=upload_id,
            kind=self.kind,
            committed_at__isnull=True,
        )
        try:
            rows = self._rows(stored)
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return HttpResponseRedirect(self.request.path)
        with transaction.atomic():
            result = run_import(
                handler, rows, organization=self.organization, actor=self.request.user, commit=True
            )
            if result.ok:
                import_upload_mark_committed(stored=stored, actor=self.request.user, result=result)
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(result=result, stored=stored, rows=len(rows))
            )
        messages.success(
            self.request,
            _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        target = (
            "partners:partner-list"
            if self.kind == imports.PARTNER_KIND
            else "partners:agreement-list"
        )
        return HttpResponseRedirect(org_url(self.request, target))
