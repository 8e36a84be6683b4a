"""The import page every registry uses (core.imports): upload, check, progress, commit, cancel.

A view mixes `ImportPageMixin` in before its base view (which gives the access check, the
organization and `render_to_response`) and sets `import_spec`, `import_form_class` and
`import_done_url()`. One URL does everything:

- POST with a file: `import_start` (checked, or committed at once when
  `import_commit_on_upload()`); the page shows the job's state;
- POST `upload=<id>`: commit the checked upload; POST `cancel=<id>`: cancel it;
- GET `?upload=<id>`: the job's state; with htmx (polled every second while the job runs)
  only the status block, or, once committed, a redirect to the list.

An upload belongs to the user who uploaded it: another user's, or another organization's,
is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .enums import ImportStatus
from .errors import ApplicationError
from .imports import (
    RUNNING,
    ImportResult,
    ImportSpec,
    import_cancel,
    import_commit,
    import_progress,
    import_start,
)
from .models import ImportUpload

STATUS_TEMPLATE = "core/_import_status.html"


def _upload_id(value) -> int | None:
    value = str(value or "")
    return int(value) if value.isdigit() else None


class ImportPageMixin:
    import_spec: ImportSpec
    import_form_class = None

    # --- what a view may override ---

    def import_organization(self):
        return getattr(self, "organization", None)

    def import_commit_on_upload(self) -> bool:
        """True for a one-step import (the upload is committed without a separate check)."""
        return False

    def import_done_url(self) -> str:
        raise NotImplementedError

    def import_summary(self, result: ImportResult) -> str:
        return _(
            "The file is correct: %(created)s new, %(updated)s to update, %(unchanged)s "
            "unchanged. Nothing is saved until you import it."
        ) % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}

    def import_committed(self, result: ImportResult) -> None:
        """Tell the user the import is done (a message on the next page)."""
        messages.success(
            self.request,
            _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )

    # --- the flow ---

    def import_uploads(self):
        organization = self.import_organization()
        uploads = ImportUpload._base_manager.filter(
            kind=self.import_spec.kind, created_by=self.request.user
        )
        if organization is None:
            return uploads.filter(organization__isnull=True)
        return uploads.filter(organization=organization)

    def get(self, request, *args, **kwargs):
        upload_id = _upload_id(request.GET.get("upload"))
        if upload_id is None:
            return super().get(request, *args, **kwargs)
        return self.import_show(get_object_or_404(self.import_uploads(), pk=upload_id))

    def post(self, request, *args, **kwargs):
        cancel_id = _upload_id(request.POST.get("cancel"))
        if cancel_id is not None:
            stored = import_cancel(stored=get_object_or_404(self.import_uploads(), pk=cancel_id))
            return self.import_show(stored)
        upload_id = _upload_id(request.POST.get("upload"))
        if upload_id is not None and not request.FILES:
            stored = get_object_or_404(self.import_uploads(), pk=upload_id)
            try:
                stored = import_commit(stored=stored, actor=request.user)
            except ApplicationError as error:
                messages.error(request, error.message)
            return self.import_show(stored)
        form = self.import_form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data.get("file")
        if not upload:
            form.add_error("file", _("Choose an Excel file."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            stored = import_start(
                spec=self.import_spec,
                organization=self.import_organization(),
                actor=request.user,
                upload=upload,
                commit=self.import_commit_on_upload(),
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        return self.import_show(stored, form=form)

    def import_context(self, stored: ImportUpload) -> dict:
        result = ImportResult.from_data(stored.result)
        label = self.import_spec.column_label
        return {
            "stored": stored,
            "result": result,
            "errors": [(e.row, label(e.column), e.message) for e in result.errors],
            "errors_more": result.errors_total - len(result.errors),
            "rows": stored.rows_total,
            "rows_total": stored.rows_total,
            "import_running": stored.status in RUNNING,
            "import_progress": import_progress(stored),
            "import_summary": self.import_summary(result),
            "file_error": stored.result.get("file_error", ""),
            "import_applied": stored.result.get("applied", ""),
        }

    def import_show(self, stored: ImportUpload, form=None):
        htmx = bool(getattr(self.request, "htmx", False))
        if stored.status == ImportStatus.COMMITTED and (htmx or self.request.method == "POST"):
            self.import_committed(ImportResult.from_data(stored.result))
            if htmx:
                return HttpResponse(headers={"HX-Redirect": self.import_done_url()})
            return HttpResponseRedirect(self.import_done_url())
        context = self.import_context(stored)
        if htmx and self.request.method == "GET":
            return TemplateResponse(
                self.request,
                STATUS_TEMPLATE,
                {**context, "organization": self.import_organization()},
            )
        if form is None or stored.status != ImportStatus.INVALID:
            form = self.import_form_class()
        return self.render_to_response(self.get_context_data(form=form, **context))
