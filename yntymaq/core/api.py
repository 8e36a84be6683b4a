"""API building blocks: the organization permission, the scoped viewset base, one error shape.

Routes live under `/api/v1/o/<org_slug>/…` (config/api_urls.py). Authentication is by token
or session, each proving the second factor where it is required (core.authentication); the
permission class resolves the membership exactly as the pages do
(core.access) and answers 401 to anonymous clients and 404 to users of other organizations.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_countries import serializer_fields as countries_serializer_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import versions
from .access import can, resolve_membership
from .errors import ApplicationError
from .pagination import Pagination  # noqa: F401 - the API's pagination, imported from here


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


class PreconditionFailed(exceptions.APIException):
    """412: an update's If-Match names a version that is no longer the saved one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record was changed after you read it.")
    default_code = "precondition_failed"

    def __init__(self, detail=None, *, etag: str = ""):
        super().__init__(detail)
        self.etag = etag


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

    def initial(self, request, *args, **kwargs):
        """After authentication and the permission (an outsider still gets 404, not 400):
        a query parameter the operation does not declare, or a value of the wrong type,
        answers 400 naming it (core.schema)."""
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            errors = query_parameter_errors(self, request)
            if errors:
                raise exceptions.ValidationError(errors)

    # --- the stale-save check (core.versions): ETag on reads, If-Match on updates ----------

    def get_object(self):
        instance = super().get_object()
        if versions.is_versioned(instance):
            self._versioned_object = instance
            if self.request.method in ("PUT", "PATCH"):
                header = self.request.headers.get("If-Match", "")
                if header and not versions.etag_matches(header, instance):
                    raise PreconditionFailed(
                        versions.stale_api_message(instance), etag=versions.etag_of(instance)
                    )
        return instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_versioned_object", None)
        if (
            instance is not None
            and response.status_code == status.HTTP_200_OK
            and request.method in ("GET", "HEAD", "PUT", "PATCH")
            and getattr(self, "action", None) in ("retrieve", "update", "partial_update")
        ):
            response["ETag"] = versions.etag_of(instance)
        return response

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["organization"] = getattr(self.request, "organization", None)
        return context


class OrgServiceViewSet(OrgViewSetMixin, viewsets.ModelViewSet):
    """A registry whose writes call its services, as its pages do (core.views.generic):
    `create_service(organization= or <parent_arg>=, actor=, data=)`,
    `update_service(<object_arg>=, actor=, data=)`, `delete_service(<object_arg>=, actor=)`.
    Declare them as methods or as `staticmethod(services.entity_action)`. `parent_field` names
    the serializer field that carries the parent record, if any; a row is never moved to
    another parent. `org_queryset()` is the app's query (with its joins and counts); the
    answer of a write is the row as the list shows it."""

    parent_field = ""
    parent_arg = ""
    object_arg = ""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organization
            return self.model.objects.none()
        return self.org_queryset()

    def org_queryset(self):
        return self.model.objects.for_org(self.request.organization)

    def create_service(self, **kwargs):  # pragma: no cover - abstract
        raise NotImplementedError

    def update_service(self, **kwargs):  # pragma: no cover - abstract
        raise NotImplementedError

    def delete_service(self, **kwargs):  # pragma: no cover - abstract
        raise NotImplementedError

    def get_object_arg(self) -> str:
        return self.object_arg or self.model._meta.model_name

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if self.parent_field:
            target = {self.parent_arg: data.pop(self.parent_field)}
        else:
            target = {"organization": self.request.organization}
        created = self.create_service(**target, actor=self.request.user, data=data)
        serializer.instance = self._reload(created)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.parent_field:
            parent = data.pop(self.parent_field, None)
            if parent is not None and parent.pk != getattr(
                serializer.instance, f"{self.parent_field}_id"
            ):
                raise serializers.ValidationError(
                    {self.parent_field: [_("A row cannot be moved to another record.")]}
                )
        updated = self.update_service(
            **{self.get_object_arg(): serializer.instance}, actor=self.request.user, data=data
        )
        serializer.instance = self._reload(updated)

    def _reload(self, instance):
        """The row as the list shows it (with its computed counts)."""
        return self.org_queryset().get(pk=instance.pk)

    def perform_destroy(self, instance):
        self.delete_service(**{self.get_object_arg(): instance}, actor=self.request.user)


def api_error(message, *, extra=None, code=status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"message": str(message), "extra": extra or {}}, status=code)


def exception_handler(exc, context):
    """One error shape: {"message": str, "extra": {...}} (HackSoft styleguide)."""
    if isinstance(exc, PreconditionFailed):
        return api_error(
            exc.detail, extra={"etag": exc.etag}, code=status.HTTP_412_PRECONDITION_FAILED
        )
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


# --- the declared query parameters, checked at run time (documented by core.schema) ---------

# Accepted by every operation (pagination, ordering, search, content negotiation); page and
# page_size must be whole numbers.
STANDARD_QUERY_PARAMETERS = {
    "page": OpenApiParameter("page", int),
    "page_size": OpenApiParameter("page_size", int),
    "ordering": OpenApiParameter("ordering", str),
    "search": OpenApiParameter("search", str),
    "format": OpenApiParameter("format", str),
}


def _schema_instances(view, method: str):
    """The schema objects drf-spectacular would use for this view and method: the view's own
    (class annotations) and its action's (method annotations)."""
    action = getattr(view, getattr(view, "action", None) or method.lower(), None)
    # A schema is set as an instance (class annotations) or, for an @action and through
    # initkwargs, as a class.
    schemas = [view.schema, getattr(action, "kwargs", {}).get("schema")]
    classes = [s if isinstance(s, type) else type(s) for s in schemas if s is not None]
    for cls in classes:
        schema = cls()
        schema.view = view
        schema.method = method.upper()
        schema.path = view.request.path
        yield schema


def declared_query_parameters(view, method: str) -> dict[str, OpenApiParameter]:
    parameters = {}
    for schema in _schema_instances(view, method):
        for parameter in schema.get_override_parameters():
            if isinstance(parameter, OpenApiParameter) and parameter.location == "query":
                parameters[parameter.name] = parameter
    return parameters


def _check_value(parameter: OpenApiParameter, value: str) -> str | None:
    """An error message when `value` does not fit the parameter's declared type or enum."""
    kind = parameter.type
    values = value.split(",") if parameter.many else [value]
    for one in values:
        if one == "" and not parameter.required:
            continue  # an empty filter is no filter
        if parameter.enum and one not in {str(e) for e in parameter.enum}:
            return _("Choose one of: %(values)s.") % {
                "values": ", ".join(str(e) for e in parameter.enum)
            }
        if kind in (OpenApiTypes.INT, int):
            if not (one.lstrip("-").isascii() and one.lstrip("-").isdigit()) or len(one) > 18:
                return _("Enter a whole number.")
        elif kind in (OpenApiTypes.NUMBER, OpenApiTypes.FLOAT, OpenApiTypes.DECIMAL, float):
            try:
                float(one)
            except ValueError:
                return _("Enter a number.")
        elif kind in (OpenApiTypes.BOOL, bool):
            if one.lower() not in ("true", "false", "1", "0", "yes", "no"):
                return _("Enter true or false.")
        elif kind in (OpenApiTypes.DATE, dt.date):
            try:
                dt.date.fromisoformat(one)
            except ValueError:
                return _("Enter a date as YYYY-MM-DD.")
    return None


def query_parameter_errors(view, request) -> dict[str, list[str]]:
    """{parameter: [message]} for the query parameters this operation does not accept."""
    declared = declared_query_parameters(view, request.method)
    errors: dict[str, list[str]] = {}
    for name in request.query_params:
        parameter = declared.get(name) or STANDARD_QUERY_PARAMETERS.get(name)
        if parameter is None:
            errors[name] = [_("Unknown query parameter.")]
            continue
        values = request.query_params.getlist(name)
        if len(values) > 1 and not parameter.many:
            errors[name] = [_("Give this parameter once.")]
            continue
        message = _check_value(parameter, values[0])
        if message:
            errors[name] = [message]
    return errors


class CountryField(countries_serializer_fields.CountryField):
    """django-countries' field, refusing non-ASCII digits ("²") before its lookup, which
    takes them for a numeric code and raises ValueError (a 500)."""

    def to_internal_value(self, data):
        code = data.get("code") if isinstance(data, dict) else data
        if isinstance(code, str) and code.isdigit() and not code.isascii():
            self.fail("invalid_choice", input=code)
        return super().to_internal_value(data)
