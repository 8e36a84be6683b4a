"""API of the incoming registries: stays (with life-cycle steps), visas, registrations,
questionnaires, documents, housing, briefings and medical records.

Writes go through the same services as the pages. A1.6/A1.7 and requests for treatment are
returned only to roles with personal-data access, and each such read is audited; exports and
lists never carry them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.api import OrgRelatedField, OrgViewSetMixin
from yntymaq.people.countries import citizenship_countries
from yntymaq.people.models import Person

from . import queries, services
from .enums import StayStatus
from .models import (
    Accommodation,
    Briefing,
    InsurancePolicy,
    MedicalExam,
    Questionnaire,
    Registration,
    Stay,
    StayDocument,
    Visa,
)
from .pagination import RegistryApiPagination
from .queries import STAY_ORDERINGS
from .services.stays import STAY_FIELDS

RESTRICTED = "people.view_restricted"


class StaySerializer(serializers.ModelSerializer):
    person = OrgRelatedField(model=Person, label=_("person"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    person_name_latin = serializers.CharField(source="person.full_name_latin", read_only=True)
    citizenship = serializers.SerializerMethodField()
    arrival_country = CountryField(
        countries=citizenship_countries,
        allow_blank=True,
        required=False,
        label=_("country of arrival"),
        help_text="A2.3; the citizenship when left empty.",
    )

    class Meta:
        model = Stay
        fields = [
            "id",
            "person",
            "person_name",
            "person_name_latin",
            "citizenship",
            "status",
            "status_since",
            *STAY_FIELDS,
            "enrollment_order_number",
            "enrollment_order_date",
            "visa_valid_to",
            "registration_valid_until",
            "previous_stay",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "status_since",
            "enrollment_order_number",
            "enrollment_order_date",
            "visa_valid_to",
            "registration_valid_until",
            "previous_stay",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_citizenship(self, stay: Stay) -> str:
        return stay.person.citizenship.code if stay.person.citizenship else ""

    def validate_person(self, person):
        if self.instance is not None and person.pk != self.instance.person_id:
            raise serializers.ValidationError(_("A stay cannot move to another person."))
        return person


class StayTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=StayStatus.choices, label=_("New status"))
    on = serializers.DateField(label=_("Date"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


@extend_schema(tags=["incoming"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR, description="Name in either script."),
        OpenApiParameter("status", OpenApiTypes.STR, enum=[*StayStatus.values, "present"]),
        OpenApiParameter("category", OpenApiTypes.STR),
        OpenApiParameter("citizenship", OpenApiTypes.STR),
        OpenApiParameter("arrival_line", OpenApiTypes.STR),
        OpenApiParameter("ordering", OpenApiTypes.STR, enum=sorted(STAY_ORDERINGS)),
    ],
)
class StayViewSet(OrgViewSetMixin, viewsets.ModelViewSet):
    """Stays of foreigners. The status changes only through `POST …/transition/`."""

    model = Stay
    serializer_class = StaySerializer
    permission = "incoming.view"
    write_permission = "incoming.change"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    pagination_class = RegistryApiPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Stay.objects.none()
        params = self.request.query_params
        return queries.stay_list(
            organization=self.request.organization,
            search=params.get("search", ""),
            status=params.get("status", ""),
            category=params.get("category", ""),
            citizenship=params.get("citizenship", ""),
            arrival_line=params.get("arrival_line", ""),
            ordering=params.get("ordering", "-arrival"),
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        person = data.pop("person")
        serializer.instance = services.stay_create(
            organization=self.request.organization,
            actor=self.request.user,
            person=person,
            data=data,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("person", None)
        serializer.instance = services.stay_update(
            stay=serializer.instance, actor=self.request.user, data=data
        )

    @extend_schema(request=StayTransitionSerializer, responses=StaySerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """One step of the life cycle; an impossible step answers 400 with the reason."""
        stay = self.get_object()
        payload = StayTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        stay = services.stay_transition(
            stay=stay,
            actor=request.user,
            target=payload.validated_data["target"],
            on=payload.validated_data["on"],
            note=payload.validated_data.get("note", ""),
        )
        return Response(StaySerializer(stay, context=self.get_serializer_context()).data)


@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("stay", OpenApiTypes.INT, description="Only this stay's.")],
)
class _StayRecordViewSet(OrgViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only records of stays, filterable by `?stay=<id>`; one query per page."""

    permission = "incoming.view"
    related = ("stay__person",)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        records = self.model.objects.for_org(self.request.organization).select_related(
            *self.related
        )
        stay = self.request.query_params.get("stay", "")
        if stay.isdigit():
            records = records.filter(stay_id=int(stay))
        return records.order_by("id")


class VisaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visa
        fields = [
            "id",
            "stay",
            "kind",
            "entries",
            "number",
            "valid_from",
            "valid_to",
            "invitation_number",
            "cancelled_on",
        ]


@extend_schema(tags=["incoming"])
class VisaViewSet(_StayRecordViewSet):
    model = Visa
    serializer_class = VisaSerializer


class RegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = [
            "id",
            "stay",
            "channel",
            "filed_on",
            "certificate_number",
            "valid_until",
            "address",
            "cancelled_on",
        ]


@extend_schema(tags=["incoming"])
class RegistrationViewSet(_StayRecordViewSet):
    model = Registration
    serializer_class = RegistrationSerializer


class QuestionnaireSerializer(serializers.ModelSerializer):
    """Everything but A1.6 and A1.7 (see QuestionnaireRestrictedSerializer)."""

    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "stay",
            "status",
            "language",
            "has_photo",
            "last_name",
            "first_name",
            "patronymic",
            "sex",
            "citizenship",
            "birth_country",
            "birth_city",
            "birth_region",
            "ethnicity",
            "permanent_address",
            "phones",
            "marital_status",
            "relatives",
            "education",
            "languages",
            "activity",
            "motives",
            "motive_other",
            "purpose",
            "other_information",
            "statement_accepted",
            "signed_name",
            "signed_on",
            "submitted_at",
            "returned_at",
            "return_comment",
            "accepted_at",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_photo(self, questionnaire) -> bool:
        return bool(questionnaire.photo)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["citizenship"] = instance.citizenship.code if instance.citizenship else ""
        data["birth_country"] = instance.birth_country.code if instance.birth_country else ""
        return data


class QuestionnaireRestrictedSerializer(QuestionnaireSerializer):
    class Meta(QuestionnaireSerializer.Meta):
        fields = [*QuestionnaireSerializer.Meta.fields, "religion", "political_membership"]


@extend_schema(tags=["incoming"])
class QuestionnaireViewSet(_StayRecordViewSet):
    """Questionnaires (A1). A1.6/A1.7 appear in a single questionnaire for roles with
    personal-data access, and that read is audited; lists never carry them."""

    model = Questionnaire
    serializer_class = QuestionnaireSerializer

    def retrieve(self, request, *args, **kwargs):
        questionnaire = self.get_object()
        if can(request.membership, RESTRICTED):
            audit.record(
                action="incoming.questionnaire.restricted_viewed",
                actor=request.user,
                target=questionnaire,
                data={"fields": ["religion", "political_membership"], "via": "api"},
            )
            serializer = QuestionnaireRestrictedSerializer(questionnaire)
        else:
            serializer = QuestionnaireSerializer(questionnaire)
        return Response(serializer.data)


class StayDocumentSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="required.code", read_only=True)
    name = serializers.CharField(source="required.name", read_only=True)
    has_copy = serializers.SerializerMethodField()

    class Meta:
        model = StayDocument
        fields = ["id", "stay", "code", "name", "status", "valid_until", "note", "has_copy"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_copy(self, document) -> bool:
        return bool(document.copy)


@extend_schema(tags=["incoming"])
class StayDocumentViewSet(_StayRecordViewSet):
    model = StayDocument
    serializer_class = StayDocumentSerializer
    related = ("stay__person", "required")


class AccommodationSerializer(serializers.ModelSerializer):
    room_name = serializers.CharField(source="room.__str__", read_only=True)

    class Meta:
        model = Accommodation
        fields = ["id", "stay", "room", "room_name", "check_in", "check_out"]


@extend_schema(tags=["incoming"])
class AccommodationViewSet(_StayRecordViewSet):
    model = Accommodation
    serializer_class = AccommodationSerializer
    related = ("stay__person", "room__dormitory")


class BriefingSerializer(serializers.ModelSerializer):
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Briefing
        fields = ["id", "held_on", "topics", "conducted_by", "place", "attendees"]

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_attendees(self, briefing) -> list:
        return [
            {"stay": a.stay_id, "acknowledged": a.acknowledged} for a in briefing.attendances.all()
        ]


@extend_schema(tags=["incoming"])
class BriefingViewSet(OrgViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Briefing
    serializer_class = BriefingSerializer
    permission = "incoming.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Briefing.objects.none()
        return (
            Briefing.objects.for_org(self.request.organization)
            .prefetch_related("attendances")
            .order_by("-held_on", "-id")
        )


class InsuranceSerializer(serializers.ModelSerializer):
    class Meta:
        model = InsurancePolicy
        fields = ["id", "stay", "insurer", "number", "valid_from", "valid_to"]


@extend_schema(tags=["incoming"])
class InsuranceViewSet(_StayRecordViewSet):
    model = InsurancePolicy
    serializer_class = InsuranceSerializer


class MedicalExamSerializer(serializers.ModelSerializer):
    class Meta:
        model = MedicalExam
        fields = ["id", "stay", "on", "kind", "result", "next_due"]


@extend_schema(tags=["incoming"])
class MedicalExamViewSet(_StayRecordViewSet):
    model = MedicalExam
    serializer_class = MedicalExamSerializer


ROUTES = [
    ("incoming/stays", StayViewSet, "incoming-stay"),
    ("incoming/visas", VisaViewSet, "incoming-visa"),
    ("incoming/registrations", RegistrationViewSet, "incoming-registration"),
    ("incoming/questionnaires", QuestionnaireViewSet, "incoming-questionnaire"),
    ("incoming/documents", StayDocumentViewSet, "incoming-document"),
    ("incoming/accommodations", AccommodationViewSet, "incoming-accommodation"),
    ("incoming/briefings", BriefingViewSet, "incoming-briefing"),
    ("incoming/insurance", InsuranceViewSet, "incoming-insurance"),
    ("incoming/medical-exams", MedicalExamViewSet, "incoming-medical-exam"),
]
