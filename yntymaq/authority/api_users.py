"""The authorized body's API for its own users (issue 11), under /api/v1/authority/…: the
same services as the pages (core.invitations, core.memberships); authority users only
(everybody else 404, anonymous clients 401)."""

from __future__ import annotations

from django.db import transaction
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yntymaq.core.api import Pagination
from yntymaq.core.invitations import invitation_create, invitation_resend, invitation_revoke
from yntymaq.core.memberships import authority_user_deactivate
from yntymaq.core.models import Invitation, User
from yntymaq.core.queries import authority_invitations, authority_users

from .api_reports import UnscopedMixin


class AuthorityUserSerializer(serializers.ModelSerializer):
    has_second_factor = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "last_login", "has_second_factor"]
        read_only_fields = fields


class AuthorityUserInvitationSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "state", "expires_at", "sent_at", "created_at"]
        read_only_fields = ["id", "state", "expires_at", "sent_at", "created_at"]


class InviteSerializer(serializers.Serializer):
    email = serializers.EmailField()


class AuthorityUserViewSet(
    UnscopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The active users of the authorized body; `deactivate` ends one's access (never the
    last one's)."""

    model = User
    serializer_class = AuthorityUserSerializer
    pagination_class = Pagination

    @property
    def queryset(self):  # for drf-spectacular only; requests use get_queryset()
        return User.objects.none()

    def get_queryset(self):
        return authority_users()

    @extend_schema(request=None, responses=AuthorityUserSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, *args, **kwargs):
        user = authority_user_deactivate(user=self.get_object(), actor=request.user)
        return Response(AuthorityUserSerializer(user).data)


class AuthorityUserInvitationViewSet(
    UnscopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations to the authorized body waiting for acceptance; POST invites an e-mail;
    `resend` (a new link), `revoke`."""

    model = Invitation
    serializer_class = AuthorityUserInvitationSerializer
    pagination_class = Pagination

    @property
    def queryset(self):  # for drf-spectacular only
        return Invitation._base_manager.none()

    def get_queryset(self):
        return authority_invitations()

    @extend_schema(request=InviteSerializer, responses={201: AuthorityUserInvitationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            invitation = invitation_create(
                organization=None,
                email=serializer.validated_data["email"],
                role="",
                actor=request.user,
            )
        return Response(
            AuthorityUserInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=AuthorityUserInvitationSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request, *args, **kwargs):
        with transaction.atomic():
            invitation = invitation_resend(invitation=self.get_object(), actor=request.user)
        return Response(AuthorityUserInvitationSerializer(invitation).data)

    @extend_schema(request=None, responses=AuthorityUserInvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        with transaction.atomic():
            invitation = invitation_revoke(invitation=self.get_object(), actor=request.user)
        return Response(AuthorityUserInvitationSerializer(invitation).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("users", AuthorityUserViewSet, basename="authority-user")
router.register(
    "user-invitations", AuthorityUserInvitationViewSet, basename="authority-user-invitation"
)

urlpatterns = [path("", include(router.urls))]
