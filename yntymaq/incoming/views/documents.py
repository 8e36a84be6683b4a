"""Documents of the stays (R8.4): the checklist, each stay's documents, incomplete files, and the
enrollment order."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View

from yntymaq.core import audit
from yntymaq.core.files import serve_file
from yntymaq.core.views.base import (
    OrgDetailView,
    OrgListView,
    OrgObjectFormView,
    OrgServiceFormView,
    OrgViewMixin,
    apply_error,
)

from .. import documents, queries, services
from ..enums import StayStatus
from ..forms import EnrollmentOrderForm, RequiredDocumentForm, StayDocumentForm
from ..models import EnrollmentOrder, RequiredDocument, Stay, StayDocument
from ._base import StayOfUrlMixin, org_url


class IncompleteFilesView(OrgListView):
    """R8.4: foreigners whose document checklist is not complete."""

    model = Stay
    permission = "incoming.view"
    template_name = "incoming/incomplete_files.html"
    page_title = _("Incomplete files")

    def get_queryset(self):
        return queries.incomplete_files(organization=self.organization)


class RequiredDocumentListView(OrgListView):
    model = RequiredDocument
    permission = "incoming.view"
    template_name = "incoming/required_document_list.html"
    page_title = _("Document checklist")
    paginate_by = 200

    def get_queryset(self):
        return RequiredDocument.objects.for_org(self.organization).order_by("category", "order")

    def post(self, request, *args, **kwargs):
        """Set up the default checklist for categories that have none."""
        if not self.can("incoming.change"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        made = services.required_documents_ensure_defaults(
            organization=self.organization, actor=request.user
        )
        messages.success(request, _("Checklist lines added: %(n)s.") % {"n": made})
        return HttpResponseRedirect(request.path)


class RequiredDocumentCreateView(OrgServiceFormView):
    model = RequiredDocument
    permission = "incoming.change"
    form_class = RequiredDocumentForm
    template_name = "incoming/form.html"
    page_title = _("New checklist line")
    success_message = _("Saved.")

    def perform(self, form):
        return services.required_document_create(
            organization=self.organization, actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = org_url(self.request, "incoming:checklist")
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return org_url(self.request, "incoming:checklist")


class RequiredDocumentUpdateView(OrgObjectFormView):
    model = RequiredDocument
    permission = "incoming.change"
    form_class = RequiredDocumentForm
    template_name = "incoming/form.html"
    page_title = _("Edit checklist line")
    success_message = _("The changes are saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return services.required_document_update(
            item=self.get_object(), actor=self.request.user, data=form.service_data()
        )

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = org_url(self.request, "incoming:checklist")
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return org_url(self.request, "incoming:checklist")


class RequiredDocumentDeleteView(OrgObjectFormView):
    model = RequiredDocument
    permission = "incoming.change"
    form_class = forms.Form
    template_name = "incoming/confirm_delete.html"
    page_title = _("Delete checklist line")
    success_message = _("Deleted.")

    def perform(self, form):
        services.required_document_delete(item=self.object, actor=self.request.user)

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = org_url(self.request, "incoming:checklist")
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return org_url(self.request, "incoming:checklist")


class StayDocumentSetView(StayOfUrlMixin, OrgServiceFormView):
    """The state of one checklist document of the stay, with its copy (`required_pk`)."""

    model = StayDocument
    permission = "incoming.change"
    form_class = StayDocumentForm
    template_name = "incoming/form.html"
    anchor = "documents"
    success_message = _("Saved.")

    @cached_property
    def required(self):
        return get_object_or_404(
            RequiredDocument.objects.for_org(self.organization), pk=self.kwargs["required_pk"]
        )

    @cached_property
    def existing(self):
        return StayDocument.objects.filter(stay=self.stay, required=self.required).first()

    def get_initial(self):
        if self.existing:
            return {
                "status": self.existing.status,
                "valid_until": self.existing.valid_until,
                "note": self.existing.note,
            }
        return {"status": "received"}

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = self.required.name
        return super().get_context_data(**kwargs)

    def perform(self, form):
        data = {k: form.cleaned_data[k] for k in ("status", "valid_until", "note")}
        return services.stay_document_set(
            stay=self.stay,
            required=self.required,
            actor=self.request.user,
            data=data,
            copy=form.cleaned_data.get("copy"),
        )


class StayDocumentCopyView(StayOfUrlMixin, OrgViewMixin, View):
    model = StayDocument
    permission = "incoming.view"

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            StayDocument.objects.for_org(self.organization).filter(stay_id=kwargs["stay_pk"]),
            pk=kwargs["pk"],
        )
        if not document.copy:
            raise Http404
        audit.record(
            action="incoming.stay_document.restricted_viewed",
            actor=request.user,
            target=document,
            data={"fields": ["copy"]},
        )
        return serve_file(
            document.copy, f"{document.required.code}-{document.pk}{document.copy.name[-4:]}"
        )


class EnrollmentOrderListView(OrgListView):
    model = EnrollmentOrder
    permission = "incoming.view"
    template_name = "incoming/enrollment_order_list.html"
    page_title = _("Enrollment orders")

    def get_queryset(self):
        return EnrollmentOrder.objects.for_org(self.organization).order_by("-date", "-id")


def _candidates(organization):
    return queries.stay_list(organization=organization).filter(
        status__in=(StayStatus.ARRIVED, StayStatus.ENROLLED), enrollment_order__isnull=True
    )


class EnrollmentOrderCreateView(OrgServiceFormView):
    """R8.4: select stays and make the order; its number and date go on each stay."""

    model = EnrollmentOrder
    permission = "incoming.change"
    form_class = EnrollmentOrderForm
    template_name = "incoming/enrollment_order_form.html"
    page_title = _("New enrollment order")
    success_message = _("The order is saved; its number and date are on each stay.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "organization": self.organization,
            "queryset": _candidates(self.organization),
        }

    def get_context_data(self, **kwargs):
        kwargs["candidates"] = _candidates(self.organization)[:500]
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return services.enrollment_order_create(
            organization=self.organization,
            actor=self.request.user,
            data=form.service_data(),
            stays=list(form.cleaned_data["stays"]),
        )

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            apply_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(
            org_url(self.request, "incoming:enrollment-order-detail", pk=self.object.pk)
        )


class EnrollmentOrderDetailView(OrgDetailView):
    model = EnrollmentOrder
    permission = "incoming.view"
    template_name = "incoming/enrollment_order_detail.html"

    def get_context_data(self, **kwargs):
        kwargs["stays"] = self.object.stays.select_related("person").order_by(
            "person__last_name", "person__last_name_latin"
        )
        kwargs["page_title"] = str(self.object)
        return super().get_context_data(**kwargs)


class EnrollmentOrderDocxView(OrgViewMixin, View):
    model = EnrollmentOrder
    permission = "incoming.view"

    def get(self, request, *args, **kwargs):
        order = get_object_or_404(
            EnrollmentOrder.objects.for_org(self.organization), pk=kwargs["pk"]
        )
        language = request.GET.get("lang", "ru")
        if language not in documents.LANGUAGES:
            language = "ru"
        stays = list(
            order.stays.select_related("person").order_by(
                "person__last_name", "person__last_name_latin"
            )
        )
        audit.record(
            action="incoming.enrollment_order.exported",
            actor=request.user,
            target=order,
            data={"language": language},
        )
        response = HttpResponse(
            documents.enrollment_order_docx(order, stays, language=language),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="order-{order.pk}-{language}.docx"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
