"""The authorized body's API for registering organizations (issue 11), under
/api/v1/authority/…: authority users only (organization users 404, anonymous clients 401).
The same services as the pages: core.organizations, core.invitations, and the import handler
of authority.imports through core.imports."""

from __future__ import annotations

from django.db import transaction
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yntymaq.core.api import Pagination, api_error
from yntymaq.core.enums import ImportStatus, OrganizationKind, Region, Role
from yntymaq.core.imports import ImportRefused, ImportResult, import_start
from yntymaq.core.invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from yntymaq.core.models import Invitation, Organization
from yntymaq.core.organizations import (
    organization_deactivate,
    organization_reactivate,
    organization_register,
)
from yntymaq.core.queries import head_state, organization_registry

from . import imports
from .api_reports import UnscopedMixin
from .forms import HEAD_STATE_CHOICES


class OrganizationSerializer(serializers.ModelSerializer):
    """An organization with whether its head of the Service works in the system (`head_state`:
    accepted, invited, expired, revoked or none) and the latest head invitation's e-mail."""

    head_state = serializers.SerializerMethodField()
    head_email = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "bin",
            "name_kk",
            "name_ru",
            "name_en",
            "short_name",
            "slug",
            "kind",
            "region",
            "is_active",
            "deactivated_at",
            "created_at",
            "head_state",
            "head_email",
        ]
        read_only_fields = fields

    def get_head_state(self, organization) -> str:
        return head_state(organization)

    def get_head_email(self, organization) -> str | None:
        return organization.head_email


class OrganizationRegisterSerializer(serializers.Serializer):
    bin = serializers.CharField(max_length=20)
    name_kk = serializers.CharField(max_length=500)
    name_ru = serializers.CharField(max_length=500)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    region = serializers.ChoiceField(choices=Region.choices)
    head_email = serializers.EmailField()


class HeadInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()


class AuthorityInvitationSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organization",
            "email",
            "role",
            "state",
            "expires_at",
            "sent_at",
            "accepted_at",
        ]
        read_only_fields = fields


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    commit = serializers.BooleanField(
        default=False, help_text="false: check every row, save nothing; true: all or nothing."
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    committed = serializers.BooleanField()
    created = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = RowErrorSerializer(many=True)


class RegistryQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices, required=False)
    active = serializers.ChoiceField(choices=["yes", "no"], required=False)
    head = serializers.ChoiceField(
        choices=[code for code, _label in HEAD_STATE_CHOICES], required=False
    )


def _registry_row(pk: int) -> Organization:
    return organization_registry().get(pk=pk)


class OrganizationViewSet(
    UnscopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Every organization; POST registers one and invites its head of the Service;
    `deactivate` / `reactivate`; `invite_head` invites another head; `import` takes the XLSX
    of the national list (check, or all-or-nothing commit)."""

    model = Organization
    serializer_class = OrganizationSerializer
    pagination_class = Pagination

    @property
    def queryset(self):  # for drf-spectacular only; requests use get_queryset()
        return Organization.objects.none()

    def get_queryset(self):
        query = RegistryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return organization_registry(**query.validated_data)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("region", str),
            OpenApiParameter("kind", str),
            OpenApiParameter("active", str),
            OpenApiParameter("head", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=OrganizationRegisterSerializer, responses={201: OrganizationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = OrganizationRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        head_email = data.pop("head_email")
        with transaction.atomic():
            organization, _invitation = organization_register(
                data=data, head_email=head_email, actor=request.user
            )
        return Response(
            OrganizationSerializer(_registry_row(organization.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, *args, **kwargs):
        with transaction.atomic():
            organization = organization_deactivate(
                organization=self.get_object(), actor=request.user
            )
        return Response(OrganizationSerializer(_registry_row(organization.pk)).data)

    @extend_schema(request=None, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, *args, **kwargs):
        with transaction.atomic():
            organization = organization_reactivate(
                organization=self.get_object(), actor=request.user
            )
        return Response(OrganizationSerializer(_registry_row(organization.pk)).data)

    @extend_schema(request=HeadInviteSerializer, responses={201: AuthorityInvitationSerializer})
    @action(detail=True, methods=["post"])
    def invite_head(self, request, *args, **kwargs):
        organization = self.get_object()
        serializer = HeadInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            invitation = invitation_create(
                organization=organization,
                email=serializer.validated_data["email"],
                role=Role.SERVICE_HEAD,
                actor=request.user,
            )
        return Response(
            AuthorityInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={200: ImportResultSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_list(self, request, *args, **kwargs):
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        commit = serializer.validated_data["commit"]
        # The one import flow (core.imports), run in this request: the caller waits for the
        # answer, and the limits on rows and bytes bound the time.
        stored = import_start(
            spec=imports.ORGANIZATION_IMPORT,
            organization=None,
            actor=request.user,
            upload=serializer.validated_data["file"],
            commit=commit,
            inline=True,
        )
        if stored.result.get("file_error"):
            raise ImportRefused(stored.result["file_error"], field="file")
        result = ImportResult.from_data(stored.result)
        payload = {
            "committed": stored.status == ImportStatus.COMMITTED,
            "created": result.created,
            "unchanged": result.unchanged,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in result.errors
            ],
        }
        if not result.ok:
            return api_error(
                _("Nothing was imported: the file has errors."),
                extra=ImportResultSerializer(payload).data,
            )
        return Response(ImportResultSerializer(payload).data)


class AuthorityInvitationViewSet(
    UnscopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Invitations of organizations' heads of the Service; `resend` (a new link), `revoke`."""

    model = Invitation
    serializer_class = AuthorityInvitationSerializer
    pagination_class = Pagination

    @property
    def queryset(self):  # for drf-spectacular only
        return Invitation._base_manager.none()

    def get_queryset(self):
        invitations = Invitation.objects.filter(role=Role.SERVICE_HEAD).exclude(organization=None)
        organization = self.request.query_params.get("organization", "")
        if organization.isdigit():
            invitations = invitations.filter(organization_id=int(organization))
        return invitations.order_by("-created_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("organization", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=AuthorityInvitationSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request, *args, **kwargs):
        with transaction.atomic():
            invitation = invitation_resend(invitation=self.get_object(), actor=request.user)
        return Response(AuthorityInvitationSerializer(invitation).data)

    @extend_schema(request=None, responses=AuthorityInvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        with transaction.atomic():
            invitation = invitation_revoke(invitation=self.get_object(), actor=request.user)
        return Response(AuthorityInvitationSerializer(invitation).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", OrganizationViewSet, basename="authority-organization")
router.register("invitations", AuthorityInvitationViewSet, basename="authority-invitation")

urlpatterns = [path("", include(router.urls))]
