"""API of the planning registries: long-term plans with indicators and their yearly values,
annual work plans with items (and their approval), international activities, conference
participation, work with foreigners with its four lists, analytical materials and
priority-specialty proposals.

Writes go through the same services as the pages, so the rules (a target inside the plan's
years, a deadline inside the plan's academic year, an approved plan's items, a publication's
authors) and their messages are identical. The analytical material's file is uploaded and
downloaded through the pages; the API says whether there is one (`has_file`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from yntymaq.core.api import CountryField, OrgRelatedField, OrgServiceViewSet
from yntymaq.partners.models import Partner
from yntymaq.people.models import Person
from yntymaq.service.models import Unit

from . import queries, services
from .models import (
    AnalyticalMaterial,
    AnnualPlan,
    AnnualPlanItem,
    ConferenceParticipation,
    ForeignersWork,
    Indicator,
    IndicatorValue,
    InternationalActivity,
    JointPublication,
    LongTermPlan,
    PrioritySpecialty,
    SpecialCourse,
    SpecialtyProposal,
    StaffDevelopment,
    TeachingMaterial,
)
from .periods import academic_year_bounds

VIEW = "planning.view"
CHANGE = "planning.change"
APPROVE = "planning.approve"
META = ["id", "created_at", "updated_at"]


def _int(value: str) -> int | None:
    """A query parameter as an id or a year; anything else (or absurdly long) is None."""
    if value and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


class ServiceViewSet(OrgServiceViewSet):
    """A planning registry: read with planning.view, written with planning.change through
    its services (core.api.OrgServiceViewSet)."""

    permission = VIEW
    write_permission = CHANGE


# --- long-term plan (R2.1) -------------------------------------------------------------------


class LongTermPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = LongTermPlan
        fields = [*META, *services.LONG_TERM_PLAN_FIELDS]
        read_only_fields = ["created_at", "updated_at"]


class ProgressCellSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    target = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    actual_from = serializers.ChoiceField(
        choices=[("registry", "registry"), ("hand", "hand"), ("", "none")],
        help_text="Where the actual value comes from: a registry, entered by hand, or none yet.",
    )


class ProgressRowSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    kind = serializers.CharField(source="indicator.kind")
    title = serializers.CharField(source="indicator.title")
    unit_label = serializers.CharField(source="indicator.unit_label")
    computed = serializers.BooleanField(help_text="The actual value comes from a registry.")
    cells = ProgressCellSerializer(many=True)


@extend_schema(tags=["planning"])
class LongTermPlanViewSet(ServiceViewSet):
    """Long-term plans of international cooperation (R2.1)."""

    model = LongTermPlan
    serializer_class = LongTermPlanSerializer
    object_arg = "plan"

    def org_queryset(self):
        return queries.long_term_plan_list(self.request.organization)

    def create_service(self, **kwargs):
        return services.long_term_plan_create(**kwargs)

    def update_service(self, **kwargs):
        return services.long_term_plan_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.long_term_plan_delete(**kwargs)

    @extend_schema(responses=ProgressRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def progress(self, request, *args, **kwargs):
        """Each indicator's target against its actual value for every year of the plan."""
        progress = queries.long_term_plan_progress(self.get_object())
        return Response(ProgressRowSerializer(progress.rows, many=True).data)


class IndicatorSerializer(serializers.ModelSerializer):
    plan = OrgRelatedField(model=LongTermPlan, label=_("plan"))
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Indicator
        fields = [*META, "plan", *services.INDICATOR_FIELDS, "title"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service checks that a kind appears once per plan
        extra_kwargs = {"position": {"required": False}}


@extend_schema(tags=["planning"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="Only this plan's.")],
)
class IndicatorViewSet(ServiceViewSet):
    """Target indicators of the long-term plans (R2.1)."""

    model = Indicator
    serializer_class = IndicatorSerializer
    parent_field = "plan"
    parent_arg = "plan"
    object_arg = "indicator"

    def org_queryset(self):
        indicators = (
            Indicator.objects.for_org(self.request.organization)
            .select_related("plan")
            .order_by("plan_id", "position", "id")
        )
        plan = self.request.query_params.get("plan", "")
        if self.action == "list" and plan:
            indicators = indicators.filter(plan_id=_int(plan))
        return indicators

    def create_service(self, **kwargs):
        return services.indicator_create(**kwargs)

    def update_service(self, **kwargs):
        return services.indicator_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.indicator_delete(**kwargs)


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = OrgRelatedField(model=Indicator, label=_("indicator"))

    class Meta:
        model = IndicatorValue
        fields = [*META, "indicator", *services.INDICATOR_VALUE_FIELDS]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # one row per year: POST replaces the year's values


@extend_schema(tags=["planning"])
class IndicatorValueViewSet(ServiceViewSet):
    """Targets (and actual values entered by hand) per year; POST sets a year's values."""

    model = IndicatorValue
    serializer_class = IndicatorValueSerializer
    parent_field = "indicator"
    parent_arg = "indicator"
    object_arg = "value"

    def org_queryset(self):
        return queries.indicator_value_list(self.request.organization)

    def create_service(self, **kwargs):
        return services.indicator_value_set(**kwargs)

    def update_service(self, **kwargs):
        return services.indicator_value_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.indicator_value_delete(**kwargs)


# --- annual plan (A2.5) ----------------------------------------------------------------------


class AnnualPlanSerializer(serializers.ModelSerializer):
    long_term_plan = OrgRelatedField(
        model=LongTermPlan, allow_null=True, required=False, label=_("long-term plan")
    )
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = AnnualPlan
        fields = [
            *META,
            *services.ANNUAL_PLAN_FIELDS,
            "status",
            "approved_by",
            "approved_at",
        ]
        read_only_fields = ["created_at", "updated_at", "status", "approved_at"]
        validators = []  # the service checks one plan per academic year

    @extend_schema_field(OpenApiTypes.STR)
    def get_approved_by(self, obj) -> str:
        return obj.approved_by.full_name if obj.approved_by else ""


@extend_schema(tags=["planning"])
class AnnualPlanViewSet(ServiceViewSet):
    """Annual international cooperation work plans (A2.5), approved by the head of the Service."""

    model = AnnualPlan
    serializer_class = AnnualPlanSerializer
    object_arg = "plan"

    def org_queryset(self):
        return queries.annual_plan_list(self.request.organization)

    def get_permissions(self):
        if self.action in ("approve", "reopen"):
            self.write_permission = APPROVE
        return super().get_permissions()

    def create_service(self, **kwargs):
        return services.annual_plan_create(**kwargs)

    def update_service(self, **kwargs):
        return services.annual_plan_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.annual_plan_delete(**kwargs)

    @extend_schema(request=None, responses=AnnualPlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        """Approve the plan (head of the Service)."""
        plan = services.annual_plan_approve(plan=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self._reload(plan)).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses=AnnualPlanSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        """Return an approved plan to draft (head of the Service)."""
        plan = services.annual_plan_return_to_draft(plan=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self._reload(plan)).data, status=status.HTTP_200_OK)


class AnnualPlanItemSerializer(serializers.ModelSerializer):
    plan = OrgRelatedField(model=AnnualPlan, label=_("plan"))
    unit = OrgRelatedField(model=Unit, allow_null=True, required=False, label=_("unit"))
    responsible = OrgRelatedField(
        model=Person, allow_null=True, required=False, label=_("responsible person")
    )

    class Meta:
        model = AnnualPlanItem
        fields = [*META, "plan", *services.PLAN_ITEM_FIELDS]
        read_only_fields = ["created_at", "updated_at"]


@extend_schema(tags=["planning"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="Only this plan's.")],
)
class AnnualPlanItemViewSet(ServiceViewSet):
    """Items of the annual work plans; an approved plan's items change only status and result."""

    model = AnnualPlanItem
    serializer_class = AnnualPlanItemSerializer
    parent_field = "plan"
    parent_arg = "plan"
    object_arg = "item"

    def org_queryset(self):
        items = queries.annual_plan_item_list(self.request.organization)
        plan = self.request.query_params.get("plan", "")
        if self.action == "list" and plan:
            items = items.filter(plan_id=_int(plan))
        return items

    def create_service(self, **kwargs):
        return services.annual_plan_item_create(**kwargs)

    def update_service(self, **kwargs):
        return services.annual_plan_item_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.annual_plan_item_delete(**kwargs)


# --- international activities (R8.1) ---------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    country = CountryField(allow_blank=True, required=False, label=_("country"))
    unit = OrgRelatedField(model=Unit, allow_null=True, required=False, label=_("unit"))
    plan_item = OrgRelatedField(
        model=AnnualPlanItem, allow_null=True, required=False, label=_("item of the annual plan")
    )
    registry_partners = OrgRelatedField(
        model=Partner, many=True, required=False, label=_("partners from the registry")
    )

    class Meta:
        model = InternationalActivity
        fields = [*META, *services.ACTIVITY_FIELDS]
        read_only_fields = ["created_at", "updated_at"]


def _year_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "academic_year", OpenApiTypes.INT, description="Only this academic year (2025 = 2025/26)."
    )


def _academic_year_period(request) -> dict:
    year = _int(request.query_params.get("academic_year", ""))
    if not year or not 2000 <= year <= 2100:
        return {}
    start, end = academic_year_bounds(request.organization, year)
    return {"start": start, "end": end}


@extend_schema(tags=["planning"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR),
        OpenApiParameter("kind", OpenApiTypes.STR),
        OpenApiParameter("area", OpenApiTypes.STR),
        _year_parameter(),
    ],
)
class ActivityViewSet(ServiceViewSet):
    """International activities the organization holds or takes part in (R8.1)."""

    model = InternationalActivity
    serializer_class = ActivitySerializer
    object_arg = "activity"

    def org_queryset(self):
        params = self.request.query_params
        return queries.activity_list(
            self.request.organization,
            search=params.get("search", ""),
            kind=params.get("kind", ""),
            area=params.get("area", ""),
            **_academic_year_period(self.request),
        )

    def create_service(self, **kwargs):
        return services.activity_create(**kwargs)

    def update_service(self, **kwargs):
        return services.activity_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.activity_delete(**kwargs)


# --- conference participation (A2.8) ---------------------------------------------------------


class ConferenceSerializer(serializers.ModelSerializer):
    person = OrgRelatedField(model=Person, label=_("staff member"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    country = CountryField(allow_blank=True, required=False, label=_("country"))

    class Meta:
        model = ConferenceParticipation
        fields = [*META, *services.CONFERENCE_FIELDS, "person_name"]
        read_only_fields = ["created_at", "updated_at"]


@extend_schema(tags=["planning"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR),
        OpenApiParameter("kind", OpenApiTypes.STR),
        OpenApiParameter("role", OpenApiTypes.STR),
        _year_parameter(),
    ],
)
class ConferenceViewSet(ServiceViewSet):
    """Staff participation in international conferences, symposia and seminars (A2.8)."""

    model = ConferenceParticipation
    serializer_class = ConferenceSerializer
    object_arg = "participation"

    def org_queryset(self):
        params = self.request.query_params
        return queries.conference_list(
            self.request.organization,
            search=params.get("search", ""),
            kind=params.get("kind", ""),
            role=params.get("role", ""),
            **_academic_year_period(self.request),
        )

    def create_service(self, **kwargs):
        return services.conference_participation_create(**kwargs)

    def update_service(self, **kwargs):
        return services.conference_participation_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.conference_participation_delete(**kwargs)


# --- work with foreigners (A2.9) -------------------------------------------------------------


class ForeignersWorkSerializer(serializers.ModelSerializer):
    publication_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ForeignersWork
        fields = [*META, *services.FOREIGNERS_WORK_FIELDS, "publication_count"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service checks one record per academic year


@extend_schema(tags=["planning"])
class ForeignersWorkViewSet(ServiceViewSet):
    """Work with foreigners per academic year (A2.9): the brief information."""

    model = ForeignersWork
    serializer_class = ForeignersWorkSerializer
    object_arg = "work"

    def org_queryset(self):
        return queries.foreigners_work_list(self.request.organization)

    def create_service(self, **kwargs):
        return services.foreigners_work_create(**kwargs)

    def update_service(self, **kwargs):
        return services.foreigners_work_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.foreigners_work_delete(**kwargs)


def _work_serializer(model_class, fields, extra=None):
    attrs = {
        "work": OrgRelatedField(model=ForeignersWork, label=_("academic year")),
        "Meta": type(
            "Meta",
            (),
            {
                "model": model_class,
                "fields": [*META, "work", *fields],
                "read_only_fields": ["created_at", "updated_at"],
            },
        ),
        **(extra or {}),
    }
    return type(f"{model_class.__name__}Serializer", (serializers.ModelSerializer,), attrs)


StaffDevelopmentSerializer = _work_serializer(
    StaffDevelopment,
    services.STAFF_DEVELOPMENT_FIELDS,
    {"person": OrgRelatedField(model=Person, label=_("teacher"))},
)
SpecialCourseSerializer = _work_serializer(SpecialCourse, services.SPECIAL_COURSE_FIELDS)
TeachingMaterialSerializer = _work_serializer(TeachingMaterial, services.TEACHING_MATERIAL_FIELDS)
JointPublicationSerializer = _work_serializer(JointPublication, services.JOINT_PUBLICATION_FIELDS)


class WorkEntryViewSet(ServiceViewSet):
    """A list of A2.9; `?work=<id>` keeps one academic year's rows."""

    parent_field = "work"
    parent_arg = "work"
    object_arg = "entry"
    list_query = None
    create_fn = update_fn = delete_fn = None

    def org_queryset(self):
        rows = type(self).list_query(self.request.organization)
        work = self.request.query_params.get("work", "")
        if self.action == "list" and work:
            rows = rows.filter(work_id=_int(work))
        return rows.order_by("work_id", "id")

    def create_service(self, **kwargs):
        return type(self).create_fn(**kwargs)

    def update_service(self, **kwargs):
        return type(self).update_fn(**kwargs)

    def delete_service(self, **kwargs):
        return type(self).delete_fn(**kwargs)


WORK_PARAMETERS = [
    OpenApiParameter("work", OpenApiTypes.INT, description="Only this academic year's record.")
]


@extend_schema(tags=["planning"])
@extend_schema(methods=["GET"], parameters=WORK_PARAMETERS)
class StaffDevelopmentViewSet(WorkEntryViewSet):
    """A2.9: professional development of teachers who work with foreigners."""

    model = StaffDevelopment
    serializer_class = StaffDevelopmentSerializer
    list_query = staticmethod(queries.staff_development_list)
    create_fn = staticmethod(services.staff_development_create)
    update_fn = staticmethod(services.staff_development_update)
    delete_fn = staticmethod(services.staff_development_delete)


@extend_schema(tags=["planning"])
@extend_schema(methods=["GET"], parameters=WORK_PARAMETERS)
class SpecialCourseViewSet(WorkEntryViewSet):
    """A2.9: special courses and seminars for foreigners' future work."""

    model = SpecialCourse
    serializer_class = SpecialCourseSerializer
    list_query = staticmethod(queries.special_course_list)
    create_fn = staticmethod(services.special_course_create)
    update_fn = staticmethod(services.special_course_update)
    delete_fn = staticmethod(services.special_course_delete)


@extend_schema(tags=["planning"])
@extend_schema(methods=["GET"], parameters=WORK_PARAMETERS)
class TeachingMaterialViewSet(WorkEntryViewSet):
    """A2.9: textbooks, study guides and methodical instructions for foreign students."""

    model = TeachingMaterial
    serializer_class = TeachingMaterialSerializer
    list_query = staticmethod(queries.teaching_material_list)
    create_fn = staticmethod(services.teaching_material_create)
    update_fn = staticmethod(services.teaching_material_update)
    delete_fn = staticmethod(services.teaching_material_delete)


@extend_schema(tags=["planning"])
@extend_schema(methods=["GET"], parameters=WORK_PARAMETERS)
class JointPublicationViewSet(WorkEntryViewSet):
    """A2.9: publications with foreigners (authors required)."""

    model = JointPublication
    serializer_class = JointPublicationSerializer
    list_query = staticmethod(queries.joint_publication_list)
    create_fn = staticmethod(services.joint_publication_create)
    update_fn = staticmethod(services.joint_publication_update)
    delete_fn = staticmethod(services.joint_publication_delete)


# --- analytical materials (R2.2, R2.4) -------------------------------------------------------


class AnalyticalMaterialSerializer(serializers.ModelSerializer):
    countries = serializers.ListField(child=CountryField(), required=False, label=_("countries"))
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = AnalyticalMaterial
        fields = [*META, *services.MATERIAL_FIELDS, "has_file"]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_file(self, material: AnalyticalMaterial) -> bool:
        return bool(material.file)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["countries"] = [country.code for country in instance.countries]
        return data


@extend_schema(tags=["planning"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR),
        OpenApiParameter("kind", OpenApiTypes.STR),
        OpenApiParameter("country", OpenApiTypes.STR),
        OpenApiParameter("level", OpenApiTypes.STR),
        OpenApiParameter("year", OpenApiTypes.INT),
    ],
)
class AnalyticalMaterialViewSet(ServiceViewSet):
    """The library of analytical materials (R2.2, R2.4)."""

    model = AnalyticalMaterial
    serializer_class = AnalyticalMaterialSerializer
    object_arg = "material"

    def org_queryset(self):
        params = self.request.query_params
        return queries.material_list(
            self.request.organization,
            search=params.get("search", ""),
            kind=params.get("kind", ""),
            country=params.get("country", "")[:2],
            level=params.get("level", ""),
            year=_int(params.get("year", "")),
        )

    def create_service(self, **kwargs):
        return services.analytical_material_create(**kwargs)

    def update_service(self, **kwargs):
        return services.analytical_material_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.analytical_material_delete(**kwargs)


# --- priority specialties (R2.5) -------------------------------------------------------------


class SpecialtyProposalSerializer(serializers.ModelSerializer):
    approved_by = serializers.SerializerMethodField()
    specialty_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SpecialtyProposal
        fields = [
            *META,
            *services.SPECIALTY_PROPOSAL_FIELDS,
            "status",
            "approved_by",
            "approved_at",
            "specialty_count",
        ]
        read_only_fields = ["created_at", "updated_at", "status", "approved_at"]
        validators = []

    @extend_schema_field(OpenApiTypes.STR)
    def get_approved_by(self, obj) -> str:
        return obj.approved_by.full_name if obj.approved_by else ""


@extend_schema(tags=["planning"])
class SpecialtyProposalViewSet(ServiceViewSet):
    """Yearly proposals for the registry of priority specialties (R2.5)."""

    model = SpecialtyProposal
    serializer_class = SpecialtyProposalSerializer
    object_arg = "proposal"

    def org_queryset(self):
        return queries.specialty_proposal_list(self.request.organization)

    def get_permissions(self):
        if self.action in ("approve", "reopen"):
            self.write_permission = APPROVE
        return super().get_permissions()

    def create_service(self, **kwargs):
        return services.specialty_proposal_create(**kwargs)

    def update_service(self, **kwargs):
        return services.specialty_proposal_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.specialty_proposal_delete(**kwargs)

    @extend_schema(request=None, responses=SpecialtyProposalSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        proposal = services.specialty_proposal_approve(
            proposal=self.get_object(), actor=request.user
        )
        return Response(self.get_serializer(self._reload(proposal)).data)

    @extend_schema(request=None, responses=SpecialtyProposalSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        proposal = services.specialty_proposal_return_to_draft(
            proposal=self.get_object(), actor=request.user
        )
        return Response(self.get_serializer(self._reload(proposal)).data)


class PrioritySpecialtySerializer(serializers.ModelSerializer):
    proposal = OrgRelatedField(model=SpecialtyProposal, label=_("proposal"))
    countries = serializers.ListField(
        child=CountryField(), required=False, label=_("recommended countries")
    )

    class Meta:
        model = PrioritySpecialty
        fields = [*META, "proposal", *services.SPECIALTY_FIELDS]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["countries"] = [country.code for country in instance.countries]
        return data


@extend_schema(tags=["planning"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("proposal", OpenApiTypes.INT, description="Only this one's.")],
)
class PrioritySpecialtyViewSet(ServiceViewSet):
    """Specialties proposed for the registry (R2.5)."""

    model = PrioritySpecialty
    serializer_class = PrioritySpecialtySerializer
    parent_field = "proposal"
    parent_arg = "proposal"
    object_arg = "specialty"

    def org_queryset(self):
        rows = queries.specialty_list(self.request.organization).order_by(
            "proposal_id", "level", "code", "id"
        )
        proposal = self.request.query_params.get("proposal", "")
        if self.action == "list" and proposal:
            rows = rows.filter(proposal_id=_int(proposal))
        return rows

    def create_service(self, **kwargs):
        return services.priority_specialty_create(**kwargs)

    def update_service(self, **kwargs):
        return services.priority_specialty_update(**kwargs)

    def delete_service(self, **kwargs):
        return services.priority_specialty_delete(**kwargs)


ROUTES = [
    ("planning/long-term-plans", LongTermPlanViewSet, "planning-long-term-plan"),
    ("planning/indicators", IndicatorViewSet, "planning-indicator"),
    ("planning/indicator-values", IndicatorValueViewSet, "planning-indicator-value"),
    ("planning/annual-plans", AnnualPlanViewSet, "planning-annual-plan"),
    ("planning/annual-plan-items", AnnualPlanItemViewSet, "planning-annual-plan-item"),
    ("planning/activities", ActivityViewSet, "planning-activity"),
    ("planning/conference-participations", ConferenceViewSet, "planning-conference"),
    ("planning/foreigners-work", ForeignersWorkViewSet, "planning-foreigners-work"),
    ("planning/staff-developments", StaffDevelopmentViewSet, "planning-staff-development"),
    ("planning/special-courses", SpecialCourseViewSet, "planning-special-course"),
    ("planning/teaching-materials", TeachingMaterialViewSet, "planning-teaching-material"),
    ("planning/joint-publications", JointPublicationViewSet, "planning-joint-publication"),
    ("planning/analytical-materials", AnalyticalMaterialViewSet, "planning-analytical-material"),
    ("planning/specialty-proposals", SpecialtyProposalViewSet, "planning-specialty-proposal"),
    ("planning/priority-specialties", PrioritySpecialtyViewSet, "planning-priority-specialty"),
]
