"""API of the partners registries: partners, agreements (with their life cycle), text
versions, planned activities, results, stays and trips under agreements, diplomatic missions
and the contacts log.

Writes go through the same services as the pages, so the rules (R3 parties, dates, the state
machine, uploads by content) and their messages are identical. Contacts-log entries about a
foreigner's stay are personal data: they need `people.view_restricted`, and each read is
audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from yntymaq.core import audit
from yntymaq.core.access import can
from yntymaq.core.api import CountryField, OrgRelatedField, OrgServiceViewSet, OrgViewSetMixin
from yntymaq.core.fields import TEXT_MAX_LENGTH
from yntymaq.incoming.models import Stay
from yntymaq.outbound.models import Trip
from yntymaq.outbound.queries import trip_queryset
from yntymaq.people.models import Person
from yntymaq.service.models import Unit

from . import queries, services
from .enums import AgreementKind, AgreementStatus, SubjectArea
from .models import (
    Agreement,
    AgreementStay,
    AgreementVersion,
    DiplomaticMission,
    ImplementationResult,
    MissionContact,
    Partner,
    PlannedActivity,
    TripPartnerLink,
    partner_countries,
)

RESTRICTED = "people.view_restricted"


def _int(value: str) -> int | None:
    """A whole number from a query parameter; None for anything else, including numbers too
    large for a database id (a 64-bit integer has at most 19 digits)."""
    return int(value) if value and value.isdigit() and len(value) < 19 else None


# --- serializers ---------------------------------------------------------------------------


class PartnerSerializer(serializers.ModelSerializer):
    country = CountryField(countries=partner_countries, label=_("country"))
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "name", *services.PARTNER_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class AgreementSerializer(serializers.ModelSerializer):
    partners = OrgRelatedField(model=Partner, many=True, label=_("partners"))
    subject_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=SubjectArea.choices), required=False
    )
    unit = OrgRelatedField(model=Unit, allow_null=True, required=False)
    responsible_person = OrgRelatedField(model=Person, allow_null=True, required=False)
    renews = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            *services.AGREEMENT_FIELDS,
            "partners",
            "status",
            "status_label",
            "signed_on",
            "sent_to_authority_at",
            "authority_decided_at",
            "terminated_on",
            "renews",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "signed_on",
            "sent_to_authority_at",
            "authority_decided_at",
            "terminated_on",
            "created_at",
            "updated_at",
        ]

    def service_data(self) -> tuple[dict, list | None]:
        data = dict(self.validated_data)
        partners = data.pop("partners", None)
        return data, (list(partners) if partners is not None else None)


TRANSITION_ACTIONS = [name for name, t in services.TRANSITIONS.items() if t.who != services.SYSTEM]


class AgreementTransitionSerializer(serializers.Serializer):
    """One step of the life cycle; the dates are used by `sign`, `terminate` and `prolong`."""

    action = serializers.ChoiceField(choices=TRANSITION_ACTIONS)
    comment = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    signed_on = serializers.DateField(required=False, allow_null=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)
    terminated_on = serializers.DateField(required=False, allow_null=True)
    new_valid_to = serializers.DateField(required=False, allow_null=True)
    basis = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class AgreementVersionSerializer(serializers.ModelSerializer):
    agreement = OrgRelatedField(model=Agreement)
    file = serializers.FileField(write_only=True)
    uploaded_by = serializers.SerializerMethodField()

    class Meta:
        model = AgreementVersion
        fields = [
            "id",
            "agreement",
            "number",
            "comment",
            "original_name",
            "file",
            "uploaded_by",
            "created_at",
        ]
        read_only_fields = ["number", "original_name", "created_at"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_uploaded_by(self, version: AgreementVersion) -> str:
        return str(version.uploaded_by) if version.uploaded_by_id else ""


class PlannedActivitySerializer(serializers.ModelSerializer):
    agreement = OrgRelatedField(model=Agreement)
    responsible = OrgRelatedField(model=Person, allow_null=True, required=False)

    class Meta:
        model = PlannedActivity
        fields = ["id", "agreement", *services.ACTIVITY_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_agreement(self, agreement):
        if self.instance is not None and agreement.pk != self.instance.agreement_id:
            raise serializers.ValidationError(_("It cannot be moved to another agreement."))
        return agreement


class ImplementationResultSerializer(PlannedActivitySerializer):
    activity = OrgRelatedField(model=PlannedActivity, allow_null=True, required=False)
    stays = OrgRelatedField(model=Stay, many=True, required=False, label=_("stays"))
    trips = OrgRelatedField(model=Trip, many=True, required=False, label=_("trips"))
    responsible = None

    class Meta:
        model = ImplementationResult
        fields = [
            "id",
            "agreement",
            *services.RESULT_FIELDS,
            "stays",
            "trips",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class VisibleTripField(OrgRelatedField):
    """A trip the requesting user sees, as outbound scopes trips (a coordinator: their units')."""

    def get_queryset(self):
        return trip_queryset(self.context["request"].membership)


class AgreementStaySerializer(serializers.ModelSerializer):
    agreement = OrgRelatedField(model=Agreement, label=_("agreement"))
    stay = OrgRelatedField(model=Stay, label=_("foreigner's stay"))

    class Meta:
        model = AgreementStay
        fields = ["id", "agreement", "stay", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class TripPartnerLinkSerializer(serializers.ModelSerializer):
    trip = VisibleTripField(model=Trip, label=_("trip abroad"))
    partner = OrgRelatedField(
        model=Partner, allow_null=True, required=False, label=_("host partner")
    )
    agreement = OrgRelatedField(
        model=Agreement, allow_null=True, required=False, label=_("agreement")
    )

    class Meta:
        model = TripPartnerLink
        fields = ["id", "trip", "partner", "agreement", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class DiplomaticMissionSerializer(serializers.ModelSerializer):
    country = CountryField(countries=partner_countries, label=_("country it represents"))

    class Meta:
        model = DiplomaticMission
        fields = ["id", *services.MISSION_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class MissionContactSerializer(serializers.ModelSerializer):
    mission = OrgRelatedField(model=DiplomaticMission)
    stay = OrgRelatedField(model=Stay, allow_null=True, required=False)

    class Meta:
        model = MissionContact
        fields = ["id", "mission", *services.CONTACT_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_mission(self, mission):
        if self.instance is not None and mission.pk != self.instance.mission_id:
            raise serializers.ValidationError(_("It cannot be moved to another mission."))
        return mission


# --- viewsets ------------------------------------------------------------------------------


class PartnersViewSetMixin(OrgViewSetMixin):
    permission = "partners.view"
    write_permission = "partners.change"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organization
            return self.model.objects.none()
        return self.org_queryset(self.request.organization)

    def org_queryset(self, organization):  # pragma: no cover - overridden
        return self.model.objects.for_org(organization)


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR, description="Words of any of the names."),
        OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code."),
        OpenApiParameter("kind", OpenApiTypes.STR),
    ],
)
class PartnerViewSet(PartnersViewSetMixin, OrgServiceViewSet):
    """Foreign partners (R2.3); a second partner with the same name in a country is refused."""

    model = Partner
    serializer_class = PartnerSerializer
    create_service = staticmethod(services.partner_create)
    update_service = staticmethod(services.partner_update)
    delete_service = staticmethod(services.partner_delete)

    def org_queryset(self, organization=None):
        organization = organization or self.request.organization
        params = self.request.query_params
        if self.action != "list":
            return Partner.objects.for_org(organization).select_related("organization")
        return queries.partner_list(
            organization=organization,
            search=params.get("search", ""),
            country=params.get("country", "")[:2],
            kind=params.get("kind", ""),
        )


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR, description="Title, number or partner."),
        OpenApiParameter("country", OpenApiTypes.STR, description="A partner's country code."),
        OpenApiParameter("kind", OpenApiTypes.STR, enum=AgreementKind.values),
        OpenApiParameter("status", OpenApiTypes.STR, enum=AgreementStatus.values),
        OpenApiParameter("expiring", OpenApiTypes.INT, description="Ending within so many days."),
        OpenApiParameter("r4_2", OpenApiTypes.STR, enum=["yes", "no"]),
    ],
)
class AgreementViewSet(PartnersViewSetMixin, viewsets.ModelViewSet):
    """Agreements with foreign partners. Status changes go through `transition` (the one
    state machine of the pages: submit, approve, return, send_to_authority, withdraw, sign,
    terminate, prolong)."""

    model = Agreement
    serializer_class = AgreementSerializer

    def org_queryset(self, organization):
        params = self.request.query_params
        expiring = _int(params.get("expiring", ""))
        return queries.agreement_list(
            organization=organization,
            search=params.get("search", "") if self.action == "list" else "",
            country=params.get("country", "")[:2] if self.action == "list" else "",
            kind=params.get("kind", "") if self.action == "list" else "",
            status=params.get("status", "") if self.action == "list" else "",
            expiring_days=min(expiring, 3650) if expiring is not None else None,
            r4_2=params.get("r4_2", "") if self.action == "list" else "",
        )

    def get_permissions(self):
        if self.action == "transition":
            self.write_permission = "partners.view"  # the state machine checks the role
        return super().get_permissions()

    def perform_create(self, serializer):
        data, partners = serializer.service_data()
        serializer.instance = services.agreement_create(
            organization=self.request.organization,
            actor=self.request.user,
            data=data,
            partners=partners or [],
        )

    def perform_update(self, serializer):
        data, partners = serializer.service_data()
        serializer.instance = services.agreement_update(
            agreement=serializer.instance, actor=self.request.user, data=data, partners=partners
        )

    def perform_destroy(self, instance):
        services.agreement_delete(agreement=instance, actor=self.request.user)

    @extend_schema(request=AgreementTransitionSerializer, responses={200: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Move the agreement one step through its life cycle."""
        agreement = self.get_object()
        payload = AgreementTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        name = data.pop("action")
        allowed = services.may(name, agreement, actor=request.user, membership=request.membership)
        if not allowed and agreement.status in services.TRANSITIONS[name].sources:
            raise PermissionDenied
        comment = data.pop("comment", "")
        if name == "terminate":
            extra = {"terminated_on": data.get("terminated_on")}
        elif name == "prolong":
            extra = {"new_valid_to": data.get("new_valid_to"), "basis": data.get("basis", "")}
        elif name == "sign":
            extra = {
                "signed_on": data.get("signed_on"),
                "valid_from": data.get("valid_from"),
                **({"valid_to": data["valid_to"]} if "valid_to" in data else {}),
            }
        else:
            extra = {}
        agreement = services.agreement_transition(
            agreement=agreement,
            action=name,
            actor=request.user,
            membership=request.membership,
            comment=comment,
            **extra,
        )
        return Response(
            self.get_serializer(
                queries.agreement_get(organization=request.organization, pk=agreement.pk)
            ).data
        )


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("agreement", OpenApiTypes.INT, description="Only its versions.")],
)
class AgreementVersionViewSet(
    PartnersViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Numbered versions of an agreement's text with a comment each (R8.2). Upload DOCX or
    PDF as multipart; the file itself is downloaded from the agreement's page."""

    model = AgreementVersion
    serializer_class = AgreementVersionSerializer
    parser_classes = [MultiPartParser, FormParser]

    def org_queryset(self, organization):
        versions = AgreementVersion.objects.for_org(organization).select_related(
            "uploaded_by", "agreement"
        )
        agreement = _int(self.request.query_params.get("agreement", ""))
        if self.action == "list" and agreement:
            versions = versions.filter(agreement_id=agreement)
        return versions.order_by("agreement_id", "-number")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.agreement_version_add(
            agreement=data["agreement"],
            actor=self.request.user,
            upload=data["file"],
            comment=data.get("comment", ""),
        )


class AgreementChildViewSet(PartnersViewSetMixin, viewsets.ModelViewSet):
    def org_queryset(self, organization):
        rows = self.model.objects.for_org(organization).select_related("agreement")
        agreement = _int(self.request.query_params.get("agreement", ""))
        if self.action == "list" and agreement:
            rows = rows.filter(agreement_id=agreement)
        return rows.order_by("agreement_id", "id")

    def _data(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        data.pop("agreement", None)
        return data


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("agreement", OpenApiTypes.INT, description="Only its rows.")],
)
class PlannedActivityViewSet(AgreementChildViewSet):
    """Planned activities of carrying out agreements (R8.3)."""

    model = PlannedActivity
    serializer_class = PlannedActivitySerializer

    def perform_create(self, serializer):
        serializer.instance = services.planned_activity_create(
            agreement=serializer.validated_data["agreement"],
            actor=self.request.user,
            data=self._data(serializer),
        )

    def perform_update(self, serializer):
        serializer.instance = services.planned_activity_update(
            activity=serializer.instance, actor=self.request.user, data=self._data(serializer)
        )

    def perform_destroy(self, instance):
        services.planned_activity_delete(activity=instance, actor=self.request.user)


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("agreement", OpenApiTypes.INT, description="Only its rows.")],
)
class ImplementationResultViewSet(AgreementChildViewSet):
    """Results of carrying out agreements (R8.3, A2.7); they decide R4.2."""

    model = ImplementationResult
    serializer_class = ImplementationResultSerializer

    def org_queryset(self, organization):
        return super().org_queryset(organization).prefetch_related("stays", "trips")

    def perform_create(self, serializer):
        serializer.instance = services.implementation_result_create(
            agreement=serializer.validated_data["agreement"],
            actor=self.request.user,
            data=self._data(serializer),
        )

    def perform_update(self, serializer):
        serializer.instance = services.implementation_result_update(
            result=serializer.instance, actor=self.request.user, data=self._data(serializer)
        )

    def perform_destroy(self, instance):
        services.implementation_result_delete(result=instance, actor=self.request.user)


class LinkViewSet(
    PartnersViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Stays and trips under agreements: list, read, link (create) and unlink (delete).
    Reading needs what the pages need to show them (queries.SEE_*), writing what they need
    to link (services.may_link_*)."""

    see: tuple[str, ...] = ()
    may_link = None

    def check_permissions(self, request):
        super().check_permissions(request)
        membership = request.membership
        if request.method in permissions.SAFE_METHODS:
            allowed = queries.holds_all(membership, self.see)
        else:
            allowed = type(self).may_link(membership)
        if not allowed:
            self.permission_denied(request)

    def filtered(self, rows, *names):
        """`?agreement=`, `?partner=`… on the list: only the rows of that one."""
        if self.action != "list":
            return rows
        for name in names:
            value = _int(self.request.query_params.get(name, ""))
            if value:
                rows = rows.filter(**{f"{name}_id": value})
        return rows


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("agreement", OpenApiTypes.INT, description="Only its stays."),
        OpenApiParameter("stay", OpenApiTypes.INT, description="Only this stay's link."),
    ],
)
class AgreementStayViewSet(LinkViewSet):
    """Foreigners' stays under agreements (R8.3, A2.3); only signed agreements. A stay is under
    one agreement at most: posting it with another agreement moves it there."""

    model = AgreementStay
    serializer_class = AgreementStaySerializer
    see = queries.SEE_STAY_LINKS
    may_link = staticmethod(services.may_link_stays)

    def org_queryset(self, organization):
        return self.filtered(
            queries.stay_links_seen_by(self.request.membership), "agreement", "stay"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.agreement_stay_link(
            stay=data["stay"], agreement=data["agreement"], actor=self.request.user
        )

    def perform_destroy(self, instance):
        services.agreement_stay_unlink(link=instance, actor=self.request.user)


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("agreement", OpenApiTypes.INT, description="Only trips under it."),
        OpenApiParameter("partner", OpenApiTypes.INT, description="Only trips it hosts."),
        OpenApiParameter("trip", OpenApiTypes.INT, description="Only this trip's link."),
    ],
)
class TripPartnerLinkViewSet(LinkViewSet):
    """The host partner of trips abroad and/or the agreement they are made under (R8.3,
    R8.4/R8.5); a partner also becomes the trip's host organization. Posting a trip again
    replaces its link. A unit coordinator sees the trips of their units only."""

    model = TripPartnerLink
    serializer_class = TripPartnerLinkSerializer
    see = queries.SEE_TRIP_LINKS
    may_link = staticmethod(services.may_link_trips)

    def org_queryset(self, organization):
        return self.filtered(
            queries.trip_links_seen_by(self.request.membership), "agreement", "partner", "trip"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.trip_partner_link(
            trip=data["trip"],
            partner=data.get("partner"),
            agreement=data.get("agreement"),
            actor=self.request.user,
        )

    def perform_destroy(self, instance):
        services.trip_partner_unlink(link=instance, actor=self.request.user)


@extend_schema(tags=["partners"])
class DiplomaticMissionViewSet(PartnersViewSetMixin, OrgServiceViewSet):
    """Embassies, consulates and national cultural centres of foreign states (R8.12)."""

    model = DiplomaticMission
    serializer_class = DiplomaticMissionSerializer
    object_arg = "mission"
    create_service = staticmethod(services.mission_create)
    update_service = staticmethod(services.mission_update)
    delete_service = staticmethod(services.mission_delete)

    def org_queryset(self, organization=None):
        organization = organization or self.request.organization
        if self.action == "list":
            return queries.mission_list(organization=organization)
        return DiplomaticMission.objects.for_org(organization)


@extend_schema(tags=["partners"])
@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("mission", OpenApiTypes.INT, description="Only its entries.")],
)
class MissionContactViewSet(PartnersViewSetMixin, viewsets.ModelViewSet):
    """The contacts log with missions (R8.12). Entries about a stay are personal data:
    listed, read and written only with personal-data access; each read of them is audited."""

    model = MissionContact
    serializer_class = MissionContactSerializer

    def _restricted(self) -> bool:
        return can(getattr(self.request, "membership", None), RESTRICTED)

    def org_queryset(self, organization):
        return queries.mission_contact_list(
            organization=organization,
            with_restricted=self._restricted(),
            mission=_int(self.request.query_params.get("mission", ""))
            if self.action == "list"
            else None,
        )

    def _audit_read(self, entries) -> None:
        about_persons = [e.pk for e in entries if e.stay_id]
        if about_persons:
            audit.record(
                action="partners.mission_contact.restricted_viewed",
                actor=self.request.user,
                organization=self.request.organization,
                data={"fields": ["stay", "subject", "outcome"], "entries": about_persons},
            )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._audit_read(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        self._audit_read([entry])
        return Response(self.get_serializer(entry).data)

    def _check_person(self, serializer) -> None:
        if serializer.validated_data.get("stay") is not None and not self._restricted():
            raise PermissionDenied

    def perform_create(self, serializer):
        self._check_person(serializer)
        data = dict(serializer.validated_data)
        mission = data.pop("mission")
        serializer.instance = services.mission_contact_create(
            mission=mission, actor=self.request.user, data=data
        )

    def perform_update(self, serializer):
        self._check_person(serializer)
        data = dict(serializer.validated_data)
        data.pop("mission", None)
        serializer.instance = services.mission_contact_update(
            entry=serializer.instance, actor=self.request.user, data=data
        )

    def perform_destroy(self, instance):
        services.mission_contact_delete(entry=instance, actor=self.request.user)


ROUTES = [
    ("partners", PartnerViewSet, "partners-partner"),
    ("agreements", AgreementViewSet, "partners-agreement"),
    ("agreement-versions", AgreementVersionViewSet, "partners-agreement-version"),
    ("agreement-activities", PlannedActivityViewSet, "partners-planned-activity"),
    ("agreement-results", ImplementationResultViewSet, "partners-implementation-result"),
    ("agreement-stays", AgreementStayViewSet, "partners-agreement-stay"),
    ("trip-partner-links", TripPartnerLinkViewSet, "partners-trip-partner-link"),
    ("missions", DiplomaticMissionViewSet, "partners-mission"),
    ("mission-contacts", MissionContactViewSet, "partners-mission-contact"),
]
