"""API of the people registries: persons and their identity documents.

Writes go through the same services as the pages, so the rules (IIN checksum and
consistency, name required, uniqueness, document dates) and their messages are identical.
Identity documents are personal data: reading them needs `people.view_restricted` and is
audited; the electronic copy is not served by the API (only `has_copy`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.api import CountryField, OrgRelatedField, OrgServiceViewSet

from . import queries, services
from .countries import citizenship_countries
from .models import IdentityDocument, Person
from .queries import PERSON_ORDERINGS

RESTRICTED = "people.view_restricted"


@extend_schema_field(OpenApiTypes.INT)
class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person the request's membership may see (people.queries.persons_for): a unit
    coordinator cannot name, and so reach, a person outside its units; such ids look
    nonexistent."""

    def get_queryset(self):
        return queries.persons_for(self.context["request"].membership)


class PersonSerializer(serializers.ModelSerializer):
    citizenship = CountryField(
        countries=citizenship_countries, allow_blank=True, required=False, label=_("citizenship")
    )
    citizenship_name = serializers.SerializerMethodField()
    full_name = serializers.CharField(read_only=True)
    full_name_latin = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            *services.PERSON_FIELDS,
            "citizenship_name",
            "full_name",
            "full_name_latin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service checks uniqueness and names the holder of an IIN

    @extend_schema_field(OpenApiTypes.STR)
    def get_citizenship_name(self, person: Person) -> str:
        return str(person.citizenship.name) if person.citizenship else ""


class IdentityDocumentSerializer(serializers.ModelSerializer):
    person = OrgRelatedField(model=Person, label=_("person"))
    has_copy = serializers.SerializerMethodField()

    class Meta:
        model = IdentityDocument
        fields = ["id", "person", *services.DOCUMENT_FIELDS, "has_copy", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_copy(self, document: IdentityDocument) -> bool:
        return bool(document.copy)

    def validate_person(self, person: Person) -> Person:
        if self.instance is not None and person.pk != self.instance.person_id:
            raise serializers.ValidationError(
                _("A document cannot be moved to another person; delete it and add it anew.")
            )
        return person


@extend_schema(tags=["people"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter(
            "search",
            OpenApiTypes.STR,
            description="Name in Cyrillic or Latin letters (words in any order) or IIN digits.",
        ),
        OpenApiParameter("citizenship", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code."),
        OpenApiParameter("ordering", OpenApiTypes.STR, enum=sorted(PERSON_ORDERINGS)),
    ],
)
class PersonViewSet(OrgServiceViewSet):
    """Persons of the organization (names in both scripts, citizenship, IIN, contacts)."""

    model = Person
    serializer_class = PersonSerializer
    permission = "people.view"
    write_permission = "people.change"

    create_service = staticmethod(services.person_create)
    update_service = staticmethod(services.person_update)
    delete_service = staticmethod(services.person_delete)

    def org_queryset(self):
        params = self.request.query_params
        return queries.person_list(
            membership=self.request.membership,
            search=params.get("search", ""),
            citizenship=params.get("citizenship", ""),
            ordering=params.get("ordering", "name"),
        )

    def list(self, request, *args, **kwargs):
        """The IINs of a list are personal data: the read is audited (the persons with one)."""
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", response.data)
        audit.record_restricted_read(
            action="people.person.restricted_viewed",
            actor=request.user,
            organization=request.organization,
            fields=["iin"],
            ids=[row["id"] for row in rows if row.get("iin")],
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        if person.iin:
            audit.record_restricted_read(
                action="people.person.restricted_viewed",
                actor=request.user,
                target=person,
                fields=["iin"],
            )
        return Response(self.get_serializer(person).data)


@extend_schema(tags=["people"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("person", OpenApiTypes.INT, description="Only this person's.")],
)
class IdentityDocumentViewSet(OrgServiceViewSet):
    """Identity documents (personal data: each read is recorded in the audit log)."""

    model = IdentityDocument
    serializer_class = IdentityDocumentSerializer
    permission = RESTRICTED
    write_permission = "people.change"

    def check_permissions(self, request):
        super().check_permissions(request)
        if not can(request.membership, RESTRICTED):  # writers also read the numbers back
            self.permission_denied(request)

    parent_field = parent_arg = "person"
    object_arg = "document"
    create_service = staticmethod(services.identity_document_create)
    update_service = staticmethod(services.identity_document_update)
    delete_service = staticmethod(services.identity_document_delete)

    def org_queryset(self):
        return queries.identity_document_list(organization=self.request.organization)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organization
            return IdentityDocument.objects.none()
        documents = self.org_queryset()
        person = self.request.query_params.get("person", "")
        if self.action == "list" and person:
            documents = documents.filter(person_id=person if person.isdigit() else None)
        return documents

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        results = response.data.get("results", response.data)
        if results:
            audit.record(
                action="people.identity_document.restricted_viewed",
                actor=request.user,
                organization=request.organization,
                data={"fields": ["number"], "documents": [row["id"] for row in results]},
            )
        return response

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        audit.record(
            action="people.identity_document.restricted_viewed",
            actor=request.user,
            target=document,
            data={"fields": ["number"]},
        )
        return Response(self.get_serializer(document).data)


ROUTES = [
    ("persons", PersonViewSet, "people-person"),
    ("identity-documents", IdentityDocumentViewSet, "people-identity-document"),
]
