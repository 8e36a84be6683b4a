"""Pages of the people registry under /o/<org_slug>/people/. Thin: forms, a service, render."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views import View

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.queries import audit_entries_for
from yntymaq.core.validators import UPLOAD_KINDS
from yntymaq.core.views.base import OrgViewMixin, log_view_of_restricted
from yntymaq.core.views.generic import (
    OrgCreatePage,
    OrgDeletePage,
    OrgDetailPage,
    OrgListPage,
    OrgUpdatePage,
)

from . import queries, services
from .forms import IdentityDocumentForm, PersonFilterForm, PersonForm
from .models import IdentityDocument, Person

RESTRICTED = "people.view_restricted"
COPY_CONTENT_TYPES = {
    ".pdf": UPLOAD_KINDS["pdf"],
    ".docx": UPLOAD_KINDS["docx"],
    ".jpg": UPLOAD_KINDS["jpeg"],
    ".png": UPLOAD_KINDS["png"],
}


class PersonalDataMixin:
    """Identity documents are personal data: their pages also need people.view_restricted."""

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if membership is not None and not can(membership, RESTRICTED):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PersonListView(OrgListPage):
    """The registry with name search in both scripts; htmx swaps only the table."""

    model = Person
    permission = "people.view"
    template_name = "people/person_list.html"
    table_template = "people/_person_table.html"
    page_title = _("People")

    def get_queryset(self):
        self.filter_form = PersonFilterForm(self.request.GET)
        return queries.person_list(membership=self.membership, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        kwargs["ordering"] = self.filter_form.filters().get("ordering", "name")
        return super().get_context_data(**kwargs)


class PersonDetailView(OrgDetailPage):
    model = Person
    permission = "people.view"
    template_name = "people/person_detail.html"

    def get_object(self, queryset=None):
        return queries.person_detail(membership=self.membership, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        person = self.object
        show_documents = self.can(RESTRICTED)
        kwargs["show_documents"] = show_documents
        kwargs["can_change"] = self.can("people.change")
        kwargs["page_title"] = person.full_name
        if show_documents:
            documents = list(person.documents.all())
            kwargs["documents"] = documents
            if documents:
                log_view_of_restricted(
                    self.request, person, ["identity_documents.number", "identity_documents.copy"]
                )
        if self.can("audit.view") or self.can("people.change"):
            kwargs["history"] = audit_entries_for(person)[:20]
        return super().get_context_data(**kwargs)


class PersonCreateView(OrgCreatePage):
    permission = "people.change"
    form_class = PersonForm
    template_name = "people/person_form.html"
    service = services.person_create
    page_title = _("New person")
    success_message = _("The person is saved.")


class PersonUpdateView(OrgUpdatePage):
    model = Person
    permission = "people.change"
    form_class = PersonForm
    template_name = "people/person_form.html"
    service = services.person_update
    page_title = _("Edit person")
    success_message = _("The changes are saved.")


class PersonDeleteView(OrgDeletePage):
    """GET asks for confirmation; POST deletes (refused while other records refer to it)."""

    model = Person
    permission = "people.change"
    template_name = "people/person_confirm_delete.html"
    service = services.person_delete
    success_url_name = "people:person-list"
    page_title = _("Delete person")
    success_message = _("%(name)s is deleted.")


class DocumentMixin(PersonalDataMixin):
    """Pages of one person's identity documents: `person_pk` is the person of the URL."""

    model = IdentityDocument
    permission = "people.change"

    def get_person(self) -> Person:
        return queries.person_detail(membership=self.membership, pk=self.kwargs["person_pk"])

    def get_object(self):
        return queries.identity_document_get(
            organization=self.organization, person_pk=self.kwargs["person_pk"], pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("person", self.person)
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.person.get_absolute_url() + "#documents"


class IdentityDocumentCreateView(DocumentMixin, OrgCreatePage):
    form_class = IdentityDocumentForm
    template_name = "people/identity_document_form.html"
    page_title = _("New identity document")
    success_message = _("The identity document is saved.")

    def get(self, request, *args, **kwargs):
        self.person = self.get_person()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.person = self.get_person()
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.identity_document_create(
            person=self.person,
            actor=self.request.user,
            data=form.service_data(),
            copy=form.cleaned_data.get("copy"),
        )


class IdentityDocumentUpdateView(DocumentMixin, OrgUpdatePage):
    form_class = IdentityDocumentForm
    template_name = "people/identity_document_form.html"
    page_title = _("Edit identity document")
    success_message = _("The changes are saved.")

    def get_object(self):
        document = super().get_object()
        self.person = document.person
        return document

    def perform(self, form):
        return services.identity_document_update(
            document=self.get_object(),
            actor=self.request.user,
            data=form.service_data(),
            copy=form.cleaned_data.get("copy"),
            remove_copy=form.cleaned_data.get("remove_copy", False),
        )


class IdentityDocumentDeleteView(DocumentMixin, OrgDeletePage):
    template_name = "people/identity_document_confirm_delete.html"
    service = services.identity_document_delete
    object_arg = "document"
    page_title = _("Delete identity document")
    success_message = _("The identity document is deleted.")

    def get_object(self):
        document = super().get_object()
        self.person = document.person
        return document


class IdentityDocumentCopyView(PersonalDataMixin, OrgViewMixin, View):
    """The stored copy, as a download, for roles with personal-data access; each is audited."""

    model = IdentityDocument
    permission = RESTRICTED

    def get(self, request, *args, **kwargs):
        document = queries.identity_document_get(
            organization=self.organization, person_pk=kwargs["person_pk"], pk=kwargs["pk"]
        )
        if not document.copy:
            raise Http404
        try:
            handle = document.copy.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        # log_view_of_restricted would name the action after the model ("identitydocument");
        # the people app spells its entities with underscores, as its services do.
        audit.record(
            action="people.identity_document.restricted_viewed",
            actor=request.user,
            target=document,
            data={"fields": ["copy"], "person": document.person_id},
        )
        extension = PurePosixPath(document.copy.name).suffix.lower()
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{document.kind}-{document.pk}{extension}",
            content_type=COPY_CONTENT_TYPES.get(extension, "application/octet-stream"),
        )
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_store=True)
        return response
