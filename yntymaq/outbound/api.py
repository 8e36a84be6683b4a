"""API of the outbound registries: plans (R8.5), the reserve (R8.7), training (R8.5), trips and
their documents (R8.4), post-trip reports (R8.6), who is abroad (R2.13) and R4.3.

Writes go through the same services as the pages, so rules and messages are identical.
A unit coordinator sees only their units' plans, trips, candidates and reports.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.api import CountryField, OrgRelatedField, OrgServiceViewSet, OrgViewSetMixin
from yntymaq.core.fields import TEXT_MAX_LENGTH
from yntymaq.people.api import VisiblePersonField
from yntymaq.people.models import Person
from yntymaq.service.models import Unit

from . import queries, services
from .enums import TripStatus
from .models import (
    Candidate,
    CandidateLanguage,
    PlanRow,
    TrainingCourse,
    TrainingParticipant,
    TrainingSession,
    Trip,
    TripDocument,
    TripPlan,
    TripReport,
    destination_countries,
)

VIEW, CHANGE, DRAFT, APPROVE = (
    "outbound.view",
    "outbound.change",
    "outbound.plan_draft",
    "outbound.plan_approve",
)


def _date_param(request, name: str) -> date | None:
    value = request.query_params.get(name, "")
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def _int_param(request, name: str) -> int | None:
    """A positive id from the query string; anything else (or too large) is ignored."""
    value = request.query_params.get(name, "")
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


class DestinationField(CountryField):
    def __init__(self, **kwargs):
        super().__init__(countries=destination_countries, **kwargs)


# --- plans ----------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    unit = OrgRelatedField(model=Unit, label=_("unit"))
    row_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = TripPlan
        fields = [
            "id",
            "unit",
            "year",
            "title",
            "status",
            "submitted_at",
            "decided_at",
            "return_comment",
            "row_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "submitted_at",
            "decided_at",
            "return_comment",
            "created_at",
            "updated_at",
        ]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Comment"), allow_blank=True, required=False
    )


@extend_schema(tags=["outbound"])
class TripPlanViewSet(OrgViewSetMixin, viewsets.ModelViewSet):
    """Unit trip plans (R8.5): drafted by a unit, submitted, returned or approved, then locked."""

    model = TripPlan
    serializer_class = PlanSerializer
    permission = VIEW
    write_permission = DRAFT

    def get_queryset(self):
        return queries.plan_list(self.request.membership)

    def perform_create(self, serializer):
        serializer.instance = services.plan_create(
            membership=self.request.membership,
            actor=self.request.user,
            data=dict(serializer.validated_data),
        )

    def perform_update(self, serializer):
        serializer.instance = services.plan_update(
            plan=serializer.instance,
            membership=self.request.membership,
            actor=self.request.user,
            data=dict(serializer.validated_data),
        )

    def perform_destroy(self, instance):
        services.plan_delete(plan=instance, actor=self.request.user)

    def _decide(self):
        if not can(self.request.membership, APPROVE):
            raise PermissionDenied
        return self.get_object()

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        plan = services.plan_submit(plan=self.get_object(), actor=request.user)
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=CommentSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request, *args, **kwargs):
        plan = self._decide()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_return(
            plan=plan, actor=request.user, comment=data.validated_data.get("comment", "")
        )
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        plan = services.plan_approve(plan=self._decide(), actor=request.user)
        return Response(PlanSerializer(plan).data)


class PlanRowSerializer(serializers.ModelSerializer):
    plan = OrgRelatedField(model=TripPlan, label=_("plan"))
    # A coordinator names only persons of its units here; a new one comes by IIN on the page.
    person = VisiblePersonField(label=_("person"), allow_null=True, required=False)
    country = DestinationField(label=_("country"))

    class Meta:
        model = PlanRow
        fields = ["id", "plan", *services.ROW_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_plan(self, plan):
        if self.instance is not None and plan.pk != self.instance.plan_id:
            raise serializers.ValidationError(_("A row cannot be moved to another plan."))
        request = self.context["request"]
        if not queries.plan_list(request.membership).filter(pk=plan.pk).exists():
            raise serializers.ValidationError(_("Choose a plan of your units."))
        return plan


@extend_schema(tags=["outbound"])
class PlanRowViewSet(OrgViewSetMixin, viewsets.ModelViewSet):
    """Rows of unit trip plans: who (a person or a position), where, why, when, funding."""

    model = PlanRow
    serializer_class = PlanRowSerializer
    permission = VIEW
    write_permission = DRAFT

    def get_queryset(self):
        rows = queries.for_unit(
            PlanRow.objects.for_org(self.request.organization),
            self.request.membership,
            "plan__unit",
        ).select_related("plan", "person")
        plan = _int_param(self.request, "plan")
        if self.action == "list" and plan:
            rows = rows.filter(plan_id=plan)
        return rows.order_by("plan_id", "planned_departure", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        serializer.instance = services.plan_row_create(
            plan=plan, actor=self.request.user, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("plan", None)
        serializer.instance = services.plan_row_update(
            row=serializer.instance, actor=self.request.user, data=data
        )

    def perform_destroy(self, instance):
        services.plan_row_delete(row=instance, actor=self.request.user)


# --- trips ----------------------------------------------------------------------------------


class TripSerializer(serializers.ModelSerializer):
    person = OrgRelatedField(model=Person, label=_("person"))
    unit = OrgRelatedField(model=Unit, label=_("unit"), allow_null=True, required=False)
    plan_row = OrgRelatedField(model=PlanRow, label=_("plan row"), allow_null=True, required=False)
    required_courses = OrgRelatedField(
        model=TrainingCourse, label=_("required pre-departure training"), many=True, required=False
    )
    country = DestinationField(label=_("country"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id",
            "person",
            "person_name",
            *services.TRIP_FIELDS,
            "required_courses",
            "status",
            "actual_departure",
            "actual_return",
            "cancel_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "actual_departure",
            "actual_return",
            "cancel_reason",
            "created_at",
            "updated_at",
        ]


class TripTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=TripStatus.choices, label=_("new status"))
    on_date = serializers.DateField(required=False, allow_null=True, label=_("Date"))
    reason = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, label=_("Reason")
    )


class CitizenAbroadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    iin = serializers.CharField()
    trips = serializers.SerializerMethodField()

    def get_trips(self, person) -> list[int]:
        return [trip.pk for trip in person.trips_abroad]


class R43Serializer(serializers.Serializer):
    on_date = serializers.DateField()
    count = serializers.IntegerField()
    persons = CitizenAbroadSerializer(many=True)


TRIP_LIST_PARAMETERS = [
    OpenApiParameter("search", OpenApiTypes.STR, description="Name, IIN, host, city, order."),
    OpenApiParameter("unit", OpenApiTypes.INT),
    OpenApiParameter("kind", OpenApiTypes.STR),
    OpenApiParameter("purpose", OpenApiTypes.STR),
    OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code."),
    OpenApiParameter("status", OpenApiTypes.STR),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("abroad_on", OpenApiTypes.DATE, description="Only trips abroad that day."),
]


@extend_schema(tags=["outbound"])
@extend_schema(methods=["GET"], parameters=TRIP_LIST_PARAMETERS)
class TripViewSet(
    OrgViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Trips abroad. The status changes only through `transition` (one state machine)."""

    model = Trip
    serializer_class = TripSerializer
    permission = VIEW
    write_permission = CHANGE

    def get_queryset(self):
        params = self.request.query_params
        filters = queries.TripFilters(
            search=params.get("search", ""),
            unit=_int_param(self.request, "unit"),
            kind=params.get("kind", ""),
            purpose=params.get("purpose", ""),
            country=params.get("country", "")[:2],
            status=params.get("status", ""),
            date_from=_date_param(self.request, "date_from"),
            date_to=_date_param(self.request, "date_to"),
        )
        trips = queries.trip_list(self.request.membership, filters).prefetch_related(
            "required_courses"
        )
        abroad_on = _date_param(self.request, "abroad_on")
        if self.action == "list" and abroad_on:
            trips = trips.filter(queries.abroad_filter(abroad_on))
        return trips

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        courses = data.pop("required_courses", None)
        serializer.instance = services.trip_create(
            organization=self.request.organization,
            actor=self.request.user,
            data=data,
            required_courses=courses,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        courses = data.pop("required_courses", None)
        serializer.instance = services.trip_update(
            trip=serializer.instance, actor=self.request.user, data=data, required_courses=courses
        )

    @extend_schema(request=TripTransitionSerializer, responses=TripSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """planned → approved → documents_ready → abroad → returned → report_accepted, or
        cancelled before departure; `on_date` for departure and return, `reason` to cancel."""
        trip = self.get_object()
        data = TripTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        trip = services.trip_transition(
            trip=trip,
            actor=request.user,
            to_status=data.validated_data["to_status"],
            on_date=data.validated_data.get("on_date"),
            reason=data.validated_data.get("reason", ""),
        )
        return Response(TripSerializer(trip, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Default: today.")],
        responses=R43Serializer,
    )
    @action(detail=False, methods=["get"], url_path="r4-3")
    def r4_3(self, request, *args, **kwargs):
        """R4.3: distinct citizens abroad on the date by the organization's direction."""
        if not can(request.membership, queries.ALL_UNITS):
            raise PermissionDenied
        on_date = _date_param(request, "on") or timezone.localdate()
        result = queries.r4_3_citizens_abroad(request.organization, on_date)
        data = R43Serializer(result).data
        audit.record_restricted_read(
            action="outbound.citizen_abroad.restricted_viewed",
            actor=request.user,
            organization=request.organization,
            fields=["person.iin"],
            ids=[person["id"] for person in data["persons"]],
        )
        return Response(data)


# --- documents ------------------------------------------------------------------------------


class TripDocumentSerializer(serializers.ModelSerializer):
    trip = OrgRelatedField(model=Trip, label=_("trip"))
    label = serializers.CharField(read_only=True)
    has_copy = serializers.SerializerMethodField()

    class Meta:
        model = TripDocument
        fields = [
            "id",
            "trip",
            "code",
            "name",
            "label",
            "status",
            "received_on",
            "valid_until",
            "note",
            "has_copy",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_has_copy(self, document) -> bool:
        return bool(document.copy)


@extend_schema(tags=["outbound"])
@extend_schema(methods=["GET"], parameters=[OpenApiParameter("trip", OpenApiTypes.INT)])
class TripDocumentViewSet(
    OrgViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The checklist of exit documents of each trip (R8.4)."""

    model = TripDocument
    serializer_class = TripDocumentSerializer
    permission = VIEW
    write_permission = CHANGE

    def get_queryset(self):
        documents = queries.trip_documents(self.request.membership).select_related("trip")
        trip = _int_param(self.request, "trip")
        if self.action == "list" and trip:
            documents = documents.filter(trip_id=trip)
        return documents

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        trip = data.pop("trip")
        if not queries.trip_queryset(self.request.membership).filter(pk=trip.pk).exists():
            raise PermissionDenied
        serializer.instance = services.trip_document_add(
            trip=trip,
            actor=self.request.user,
            data={"code": data["code"], "name": data.get("name", "")},
        )

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.DOCUMENT_FIELDS}
        serializer.instance = services.trip_document_update(
            document=serializer.instance, actor=self.request.user, data=data
        )


# --- reports --------------------------------------------------------------------------------


class TripReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = TripReport
        fields = [
            "id",
            "trip",
            "kind",
            "due_on",
            "status",
            "submitted_on",
            "amount_spent",
            "summary",
            "results",
            "materials",
            "teaching_use",
            "methodology_use",
            "research_use",
            "service_comment",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReportSubmitSerializer(serializers.Serializer):
    amount_spent = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    results = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    materials = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    teaching_use = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    methodology_use = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    research_use = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )


@extend_schema(tags=["outbound"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("status", OpenApiTypes.STR),
        OpenApiParameter("kind", OpenApiTypes.STR),
        OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only overdue reports."),
    ],
)
class TripReportViewSet(OrgViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Post-trip reports (R8.6): due from the return date; submitted, accepted or returned."""

    model = TripReport
    serializer_class = TripReportSerializer
    permission = VIEW
    write_permission = CHANGE

    def get_queryset(self):
        params = self.request.query_params
        overdue = params.get("overdue", "") in ("1", "true", "True")
        return queries.report_list(
            self.request.membership,
            status=params.get("status", ""),
            kind=params.get("kind", ""),
            overdue_on=timezone.localdate() if overdue else None,
        )

    @extend_schema(request=ReportSubmitSerializer, responses=TripReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        report = self.get_object()
        data = ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_submit(
            report=report, actor=request.user, data=dict(data.validated_data)
        )
        return Response(TripReportSerializer(report).data)

    @extend_schema(request=None, responses=TripReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        report = services.report_accept(report=self.get_object(), actor=request.user)
        return Response(TripReportSerializer(report).data)

    @extend_schema(request=CommentSerializer, responses=TripReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, *args, **kwargs):
        report = self.get_object()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_return(
            report=report, actor=request.user, comment=data.validated_data.get("comment", "")
        )
        return Response(TripReportSerializer(report).data)


# --- the reserve ----------------------------------------------------------------------------


class CandidateLanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = CandidateLanguage
        fields = list(services.LANGUAGE_FIELDS)


class CandidateSerializer(serializers.ModelSerializer):
    person = OrgRelatedField(model=Person, label=_("person"))
    unit = OrgRelatedField(model=Unit, label=_("unit"), allow_null=True, required=False)
    languages = CandidateLanguageSerializer(many=True, required=False)
    countries_of_interest = serializers.ListField(
        child=DestinationField(), required=False, label=_("countries of interest")
    )
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "person",
            "person_name",
            *services.CANDIDATE_FIELDS,
            "languages",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["countries_of_interest"] = [c.code for c in instance.countries_of_interest]
        return data


class CandidateSelectSerializer(serializers.Serializer):
    row = OrgRelatedField(model=PlanRow, label=_("plan row"))


@extend_schema(tags=["outbound"])
class CandidateViewSet(OrgViewSetMixin, viewsets.ModelViewSet):
    """The reserve of candidates for trips abroad (R8.7), filtered to find who fits a place."""

    model = Candidate
    serializer_class = CandidateSerializer
    permission = VIEW
    write_permission = CHANGE

    @extend_schema(
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR),
            OpenApiParameter("category", OpenApiTypes.STR),
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter("language", OpenApiTypes.STR),
            OpenApiParameter("min_level", OpenApiTypes.STR),
            OpenApiParameter("country", OpenApiTypes.STR),
            OpenApiParameter("available_on", OpenApiTypes.DATE),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        filters = queries.CandidateFilters(
            search=params.get("search", ""),
            category=params.get("category", ""),
            status=params.get("status", ""),
            language=params.get("language", ""),
            min_level=params.get("min_level", ""),
            country=params.get("country", "")[:2],
            available_on=_date_param(self.request, "available_on"),
        )
        return queries.candidate_list(self.request.membership, filters)

    def _split(self, serializer):
        data = dict(serializer.validated_data)
        languages = data.pop("languages", None)
        if languages is not None:
            languages = [dict(item) for item in languages]
        return data, languages

    def perform_create(self, serializer):
        data, languages = self._split(serializer)
        serializer.instance = services.candidate_create(
            organization=self.request.organization,
            actor=self.request.user,
            data=data,
            languages=languages,
        )

    def perform_update(self, serializer):
        data, languages = self._split(serializer)
        serializer.instance = services.candidate_update(
            candidate=serializer.instance, actor=self.request.user, data=data, languages=languages
        )

    def perform_destroy(self, instance):
        services.candidate_delete(candidate=instance, actor=self.request.user)

    @extend_schema(request=CandidateSelectSerializer, responses=TripSerializer)
    @action(detail=True, methods=["post"])
    def select(self, request, *args, **kwargs):
        """Select the candidate for a row of an approved plan: the trip is created."""
        candidate = self.get_object()
        data = CandidateSelectSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        trip = services.candidate_select(
            candidate=candidate, row=data.validated_data["row"], actor=request.user
        )
        return Response(TripSerializer(trip, context=self.get_serializer_context()).data)


# --- training -------------------------------------------------------------------------------


class CourseSerializer(serializers.ModelSerializer):
    country = DestinationField(label=_("country"), allow_blank=True, required=False)

    class Meta:
        model = TrainingCourse
        fields = ["id", *services.COURSE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


@extend_schema(tags=["outbound"])
class TrainingCourseViewSet(OrgServiceViewSet):
    """Language and country-studies courses before departure (R8.5)."""

    model = TrainingCourse
    serializer_class = CourseSerializer
    permission = VIEW
    write_permission = CHANGE
    object_arg = "course"
    create_service = staticmethod(services.course_create)
    update_service = staticmethod(services.course_update)
    delete_service = staticmethod(services.course_delete)

    def org_queryset(self):
        return queries.course_list(self.request.organization)


class SessionSerializer(serializers.ModelSerializer):
    course = OrgRelatedField(model=TrainingCourse, label=_("course"))

    class Meta:
        model = TrainingSession
        fields = ["id", "course", *services.SESSION_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_course(self, course):
        if self.instance is not None and course.pk != self.instance.course_id:
            raise serializers.ValidationError(_("A session cannot be moved to another course."))
        return course


@extend_schema(tags=["outbound"])
class TrainingSessionViewSet(OrgServiceViewSet):
    model = TrainingSession
    serializer_class = SessionSerializer
    permission = VIEW
    write_permission = CHANGE
    parent_field = parent_arg = "course"
    object_arg = "session"
    create_service = staticmethod(services.session_create)
    update_service = staticmethod(services.session_update)
    delete_service = staticmethod(services.session_delete)

    def org_queryset(self):
        return (
            TrainingSession.objects.for_org(self.request.organization)
            .select_related("course")
            .order_by("course_id", "date", "id")
        )


class ParticipantSerializer(serializers.ModelSerializer):
    course = OrgRelatedField(model=TrainingCourse, label=_("course"))
    person = OrgRelatedField(model=Person, label=_("person"))

    class Meta:
        model = TrainingParticipant
        fields = [
            "id",
            "course",
            "person",
            *services.PARTICIPANT_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def validate(self, attrs):
        if self.instance is not None:
            for name in ("course", "person"):
                if name in attrs and attrs[name].pk != getattr(self.instance, f"{name}_id"):
                    raise serializers.ValidationError(
                        {name: _("Enrol the person anew instead of moving the enrolment.")}
                    )
        return attrs


@extend_schema(tags=["outbound"])
class TrainingParticipantViewSet(OrgViewSetMixin, viewsets.ModelViewSet):
    """Participants of pre-departure courses; "completed" is what a trip's readiness needs."""

    model = TrainingParticipant
    serializer_class = ParticipantSerializer
    permission = VIEW
    write_permission = CHANGE

    def get_queryset(self):
        return (
            TrainingParticipant.objects.for_org(self.request.organization)
            .select_related("course", "person")
            .order_by("course_id", "id")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        course = data.pop("course")
        serializer.instance = services.participant_add(
            course=course, actor=self.request.user, data=data
        )

    def perform_update(self, serializer):
        data = {
            k: v for k, v in serializer.validated_data.items() if k in services.PARTICIPANT_FIELDS
        }
        serializer.instance = services.participant_update(
            participant=serializer.instance, actor=self.request.user, data=data
        )

    def perform_destroy(self, instance):
        services.participant_remove(participant=instance, actor=self.request.user)


ROUTES = [
    ("outbound/plans", TripPlanViewSet, "outbound-plan"),
    ("outbound/plan-rows", PlanRowViewSet, "outbound-plan-row"),
    ("outbound/trips", TripViewSet, "outbound-trip"),
    ("outbound/trip-documents", TripDocumentViewSet, "outbound-trip-document"),
    ("outbound/reports", TripReportViewSet, "outbound-report"),
    ("outbound/candidates", CandidateViewSet, "outbound-candidate"),
    ("outbound/training-courses", TrainingCourseViewSet, "outbound-course"),
    ("outbound/training-sessions", TrainingSessionViewSet, "outbound-session"),
    ("outbound/training-participants", TrainingParticipantViewSet, "outbound-participant"),
]
