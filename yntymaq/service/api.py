"""API of the service registries: units (A2.1), officials (A2.2), the Service profile (R5)
and appointments (R6, R7). Writes go through the same services as the pages."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yntymaq.core.api import OrgRelatedField, OrgServiceViewSet, OrgViewSetMixin
from yntymaq.core.models import Invitation, Membership
from yntymaq.core.schema import OrgAutoSchema
from yntymaq.people.models import Person

from . import queries, services
from .models import Appointment, Official, ServiceProfile, Unit
from .rules import appointment_warnings

# --- serializers ---------------------------------------------------------------------------


class CoordinatorField(serializers.PrimaryKeyRelatedField):
    """A membership id among the organization's active unit coordinators."""

    def get_queryset(self):
        return queries.coordinator_choices(self.context["organization"])


class UnitSerializer(serializers.ModelSerializer):
    coordinators = CoordinatorField(many=True, required=False)
    name = serializers.CharField(read_only=True)
    location = serializers.CharField(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "name_kk",
            "name_ru",
            "address",
            "building",
            "room",
            "location",
            "works_on_external_relations",
            "coordinators",
        ]


class OfficialSerializer(serializers.ModelSerializer):
    person = OrgRelatedField(model=Person)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    unit = OrgRelatedField(model=Unit, allow_null=True, required=False)

    class Meta:
        model = Official
        fields = [
            "id",
            "person",
            "person_name",
            "position",
            "unit",
            "work_phone",
            "home_phone",
            "responsible_for_cooperation",
        ]


class ServiceProfileSerializer(serializers.ModelSerializer):
    """`regulation` and `duties` are uploaded (multipart, PDF or DOCX) and downloaded from
    `regulation_url` / `duties_url`; null removes a document."""

    regulation = serializers.FileField(write_only=True, required=False, allow_null=True)
    duties = serializers.FileField(write_only=True, required=False, allow_null=True)
    id = serializers.IntegerField(read_only=True, allow_null=True)
    regulation_url = serializers.SerializerMethodField()
    duties_url = serializers.SerializerMethodField()
    inspector = OrgRelatedField(model=Person, allow_null=True, required=False)
    methodologist = OrgRelatedField(model=Person, allow_null=True, required=False)

    class Meta:
        model = ServiceProfile
        fields = [
            "id",
            "exists",
            "creation_order_number",
            "creation_order_date",
            "regulation",
            "regulation_url",
            "duties",
            "duties_url",
            "metal_doors",
            "window_bars",
            "alarm",
            "has_inventory",
            "inventory_notes",
            "has_communications",
            "communications_notes",
            "has_office_equipment",
            "office_equipment_notes",
            "inspector",
            "inspector_name",
            "methodologist",
            "methodologist_name",
        ]

    def _document_url(self, profile, name: str) -> str | None:
        if not getattr(profile, name):
            return None
        url = reverse(
            f"service:profile-{name}", kwargs={"org_slug": self.context["organization"].slug}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_regulation_url(self, profile) -> str | None:
        return self._document_url(profile, "regulation")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_duties_url(self, profile) -> str | None:
        return self._document_url(profile, "duties")

    def to_service_data(self) -> dict:
        """Validated data for services.service_profile_update (null document -> remove)."""
        data = dict(self.validated_data)
        for name in services.PROFILE_DOCUMENTS:
            if name in data and data[name] is None:
                data[name] = False
        return data


class RuleWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    clause = serializers.CharField()
    message = serializers.CharField()


class AppointmentSerializer(serializers.ModelSerializer):
    person = OrgRelatedField(model=Person)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    is_current = serializers.SerializerMethodField()
    r7_warnings = serializers.SerializerMethodField(
        help_text="Unmet conditions of R7 (and R5/R6 for the kind), each citing its clause."
    )

    class Meta:
        model = Appointment
        fields = [
            "id",
            "kind",
            "person",
            "person_name",
            "order_number",
            "order_date",
            "starts_on",
            "ends_on",
            "is_current",
            "teaching_years",
            "cooperation_years",
            "works_with_foreigners",
            "foreigners_experience",
            "state_language_level",
            "foreign_language",
            "foreign_language_level",
            "clearance",
            "clearance_form",
            "clearance_expires_on",
            "reports_to_first_head",
            "reports_to_deputy",
            "admissions_committee_member",
            "r7_warnings",
        ]

    def get_is_current(self, appointment) -> bool:
        return appointment.is_current()

    @extend_schema_field(RuleWarningSerializer(many=True))
    def get_r7_warnings(self, appointment):
        profile = self.context.get("service_profile")
        return [w.as_dict() for w in appointment_warnings(appointment, profile)]


# --- viewsets ------------------------------------------------------------------------------


class ServiceViewSetMixin(OrgViewSetMixin):
    """Reads through a query function of the organization; none while the schema is built."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organization
            return self.model.objects.none()
        return self.org_queryset(self.request.organization)

    def org_queryset(self, organization):  # pragma: no cover - overridden
        return self.model.objects.for_org(organization)


class UnitViewSet(OrgServiceViewSet):
    model = Unit
    serializer_class = UnitSerializer
    permission = "service.view"
    write_permission = "service.change"
    create_service = staticmethod(services.unit_create)
    update_service = staticmethod(services.unit_update)
    delete_service = staticmethod(services.unit_delete)

    def org_queryset(self):
        return queries.unit_list(self.request.organization)


class OfficialViewSet(OrgServiceViewSet):
    model = Official
    serializer_class = OfficialSerializer
    permission = "service.view"
    write_permission = "service.change"
    create_service = staticmethod(services.official_create)
    update_service = staticmethod(services.official_update)
    delete_service = staticmethod(services.official_delete)

    def org_queryset(self):
        return queries.official_list(self.request.organization)


class SingleObjectSchema(OrgAutoSchema):
    """The profile's collection path answers with the one object, not a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class ServiceProfileViewSet(
    ServiceViewSetMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's one Service profile (R5).

    `GET service/profile/` returns it (with defaults and a null id while none is recorded);
    `POST service/profile/` records it (only the fields sent are changed); it is also
    available by id for `GET`, `PUT` and `PATCH`.
    """

    model = ServiceProfile
    serializer_class = ServiceProfileSerializer
    permission = "service.view"
    write_permission = "service.change"
    schema = SingleObjectSchema()

    def org_queryset(self, organization):
        return ServiceProfile.objects.for_org(organization).select_related(
            "inspector", "methodologist"
        )

    def _current(self) -> ServiceProfile:
        organization = self.request.organization
        return queries.service_profile(organization) or ServiceProfile(organization=organization)

    @extend_schema(operation_id="service_profile_current", responses=ServiceProfileSerializer)
    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(self._current()).data)

    @extend_schema(operation_id="service_profile_save", responses={200: ServiceProfileSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(self._current(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        profile = services.service_profile_update(
            organization=request.organization,
            actor=request.user,
            data=serializer.to_service_data(),
        )
        return Response(self.get_serializer(profile).data, status=status.HTTP_200_OK)

    def perform_update(self, serializer):
        serializer.instance = services.service_profile_update(
            organization=self.request.organization,
            actor=self.request.user,
            data=serializer.to_service_data(),
        )


class AppointmentViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Appointments of the head of the Service or of the responsible person (R6, R7), latest
    first. Creating one in force ends the current one; `r7_warnings` lists unmet conditions."""

    model = Appointment
    serializer_class = AppointmentSerializer
    permission = "service.view"
    write_permission = "service.appoint"

    def org_queryset(self, organization):
        return queries.appointment_history(organization)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        organization = getattr(self.request, "organization", None)
        if organization is not None and getattr(self.request, "membership", None) is not None:
            context["service_profile"] = queries.service_profile(organization)
        return context

    def perform_create(self, serializer):
        serializer.instance = services.appointment_create(
            organization=self.request.organization,
            actor=self.request.user,
            data=serializer.validated_data,
        )


# --- members of the organization (issue 11) ------------------------------------------------


def _units_field(**kwargs):
    return OrgRelatedField(
        model=Unit,
        many=True,
        required=False,
        error_messages={"does_not_exist": _("Choose units of this organization.")},
        **kwargs,
    )


class MemberSerializer(serializers.ModelSerializer):
    """A member: `role` and `units` (ids of the organization's units, for a unit coordinator)
    are changed with PATCH; the rest is read-only."""

    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    last_login = serializers.DateTimeField(
        source="user.last_login", read_only=True, allow_null=True
    )
    two_factor = serializers.BooleanField(source="has_two_factor", read_only=True)
    units = _units_field(source="coordinated_units")

    class Meta:
        model = Membership
        fields = [
            "id",
            "email",
            "full_name",
            "role",
            "units",
            "is_active",
            "last_login",
            "two_factor",
        ]
        read_only_fields = ["is_active"]


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to the organization: POST makes one (e-mailed through the task worker);
    `state` is pending, expired, accepted or revoked."""

    units = _units_field()
    state = serializers.CharField(read_only=True)
    invited_by = serializers.CharField(source="invited_by.full_name", read_only=True, default="")

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "units", "state", "expires_at", "sent_at", "invited_by"]
        read_only_fields = ["expires_at", "sent_at"]
        extra_kwargs = {"role": {"allow_blank": False, "required": True}}


class MemberViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Members of the organization, for its head of the Service: list, change the role or the
    units, `deactivate` (sessions and API token end at once), `reset_two_factor`."""

    model = Membership
    serializer_class = MemberSerializer
    permission = "members.manage"
    write_permission = "members.manage"

    def org_queryset(self, organization):
        return queries.member_list(organization)

    def perform_update(self, serializer):
        membership = serializer.instance
        data = serializer.validated_data
        current_units = list(membership.coordinated_units.all())
        services.member_update(
            membership=membership,
            actor=self.request.user,
            role=data.get("role", membership.role),
            units=data.get("coordinated_units", current_units),
        )
        serializer.instance = queries.member_get(membership.organization, membership.pk)

    @extend_schema(request=None, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, *args, **kwargs):
        membership = self.get_object()
        with transaction.atomic():
            services.member_deactivate(membership=membership, actor=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def reset_two_factor(self, request, *args, **kwargs):
        membership = self.get_object()
        with transaction.atomic():
            services.member_two_factor_reset(membership=membership, actor=request.user)
        return Response(self.get_serializer(self.get_object()).data)


class InvitationViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations to the organization waiting for acceptance (or expired unanswered); POST
    invites, `resend` sends a new link, `revoke` withdraws it."""

    model = Invitation
    serializer_class = InvitationSerializer
    permission = "members.manage"
    write_permission = "members.manage"

    def org_queryset(self, organization):
        return queries.invitation_list(organization)

    def perform_create(self, serializer):
        data = serializer.validated_data
        invitation = services.member_invite(
            organization=self.request.organization,
            actor=self.request.user,
            email=data["email"],
            role=data["role"],
            units=data.get("units", []),
        )
        serializer.instance = queries.invitation_list(self.request.organization).get(
            pk=invitation.pk
        )

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request, *args, **kwargs):
        invitation = self.get_object()
        with transaction.atomic():
            services.member_invitation_resend(invitation=invitation, actor=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        invitation = self.get_object()
        with transaction.atomic():
            invitation = services.member_invitation_revoke(
                invitation=invitation, actor=request.user
            )
        return Response(self.get_serializer(invitation).data)


ROUTES = [
    ("service/units", UnitViewSet, "service-unit"),
    ("service/officials", OfficialViewSet, "service-official"),
    ("service/profile", ServiceProfileViewSet, "service-profile"),
    ("service/appointments", AppointmentViewSet, "service-appointment"),
    ("members", MemberViewSet, "service-member"),
    ("invitations", InvitationViewSet, "service-invitation"),
]
