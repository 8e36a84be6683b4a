"""API building blocks: the organization permission, the scoped viewset base, one error shape.

Routes live under `/api/v1/o/<org_slug>/…` (config/api_urls.py). Authentication is by token
or session, each proving the second factor where it is required (core.authentication); the
permission class resolves the membership exactly as the pages do
(core.access) and answers 401 to anonymous clients and 404 to users of other organizations.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_countries import serializer_fields as countries_serializer_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .access import can, resolve_membership
from .errors import ApplicationError


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class OrgPermission(permissions.BasePermission):
    """Membership of the URL's organization + the view's `permission` (read) and
    `write_permission` (unsafe methods) from core.access."""

    message = _("Your role does not allow this.")

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False  # DRF answers 401 (token authentication header)
        organization, membership = resolve_membership(user, view.kwargs.get("org_slug", ""))
        request.organization, request.membership = organization, membership
        needed = (
            view.permission
            if request.method in permissions.SAFE_METHODS
            else getattr(view, "write_permission", None)
        )
        return needed is not None and can(membership, needed)


class OrgViewSetMixin:
    """Base of every organization API viewset: scoped queryset, audited writes via services."""

    permission_classes = [OrgPermission]
    permission: str = "org.view"
    write_permission: str | None = None
    model = None

    @property
    def queryset(self):
        """Only for drf-spectacular, which reads the model (and the id's type) from here
        without a real request; requests go through get_queryset()."""
        return self.model._base_manager.none() if self.model is not None else None

    def get_queryset(self):
        return self.model.objects.for_org(self.request.organization)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["organization"] = getattr(self.request, "organization", None)
        return context


def api_error(message, *, extra=None, code=status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"message": str(message), "extra": extra or {}}, status=code)


def exception_handler(exc, context):
    """One error shape: {"message": str, "extra": {...}} (HackSoft styleguide)."""
    if isinstance(exc, ApplicationError):
        fields = {exc.field: [str(exc.message)]} if exc.field else {}
        return api_error(exc.message, extra={"fields": fields, **exc.extra})
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(getattr(exc, "user_message", None))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"message": str(_("The data are not valid.")), "extra": {"fields": detail}}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"message": str(detail), "extra": {}}
    return response


@extend_schema_field(OpenApiTypes.INT)
class OrgRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key limited to the request organization's rows (others look nonexistent)."""

    def __init__(self, model=None, **kwargs):
        self.related_model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.related_model.objects.for_org(self.context["organization"])


class CountryField(countries_serializer_fields.CountryField):
    """django-countries' field, refusing non-ASCII digits ("²") before its lookup, which
    takes them for a numeric code and raises ValueError (a 500)."""

    def to_internal_value(self, data):
        code = data.get("code") if isinstance(data, dict) else data
        if isinstance(code, str) and code.isdigit() and not code.isascii():
            self.fail("invalid_choice", input=code)
        return super().to_internal_value(data)
