"""The API's schema class and its query parameters, one place for every operation.

- Every operation documents its error answers (400, 401, 403, 404) in the one error shape of
  core.api.exception_handler; updates of the organization viewsets document `If-Match` and
  412, and their reads and updates the `ETag` header (core.versions).
- The query parameters an operation declares (with `@extend_schema(parameters=...)`, plus the
  standard ones) are also the only ones it accepts: `declared_query_parameters` reads them from
  the same annotations, and core.api checks each request against them (unknown → 400, and a
  value of the wrong type or outside its enum → 400), so documentation and checking cannot
  drift apart.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """{"message": "...", "extra": {...}} — every error of the API (core.api)."""

    message = serializers.CharField()
    extra = serializers.DictField(
        help_text="Details: `fields` (messages by field or parameter), `etag` (412)."
    )


ERRORS = {
    "400": "The request is not valid: a field, a query parameter or the body (see `extra`).",
    "401": "No credentials, or they are not valid.",
    "403": "Your role does not allow this, or the second factor is required.",
    "404": "No such object in this organization.",
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "The ETag of the object as you read it. When it is no longer the saved one (someone "
        "changed the object since), the update is refused with 412 and nothing is saved."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=["200"],
    description="The version of the object; send it back in If-Match to update it safely.",
)


def _is_versioned_view(view) -> bool:
    from .api import OrgViewSetMixin  # the schema class is loaded by DRF settings, before apps

    model = getattr(view, "model", None)
    return isinstance(view, OrgViewSetMixin) and model is not None and _has_version(model)


def _has_version(model) -> bool:
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


class OrgAutoSchema(AutoSchema):
    def _action(self) -> str:
        return getattr(self.view, "action", "") or ""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if _is_versioned_view(self.view):
            if self.method in ("PUT", "PATCH"):
                parameters.append(IF_MATCH)
            if self._action() in ("retrieve", "update", "partial_update"):
                parameters.append(ETAG)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("PUT", "PATCH") and _is_versioned_view(self.view):
            errors["412"] = "The object changed since you read it (If-Match is not its ETag)."
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return responses
