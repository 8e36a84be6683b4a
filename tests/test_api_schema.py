"""Schemathesis against the OpenAPI schema of the API (issue 2, item 9).

The schema is generated in-process by drf-spectacular (the same document `/api/schema/`
serves) and every operation is called on the WSGI application, with the token of a service
head of organization "kaznu-api" and that slug in `org_slug`. Object ids (`id`) point at real
objects of the organization, made by the factories, so detail operations reach the view
rather than stopping at 404. Checks: no server error, and responses that match the schema.

The run is bounded (MAX_EXAMPLES per operation, derandomized, no deadline) and works inside
the ordinary test transaction, so it runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.config import SchemathesisConfig

from tests.factories.core import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    api_token_key,
)
from tests.test_tenancy import create_in, factory_for_model
from yntymaq.core.enums import Role

MAX_EXAMPLES = 25
ORG_SLUG = "kaznu-api"

pytestmark = pytest.mark.schema


# Examples and fuzzing (positive and negative data); the coverage phase would add hundreds of
# boundary cases per operation, too many for every `make test`.
CONFIG = {
    "seed": 661,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
    "phases": {"coverage": {"enabled": False}},
}


def load_schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(document)),
        config=SchemathesisConfig.from_dict(CONFIG),
    )
    loaded.app = WSGIHandler()
    return loaded


schema = load_schema()


@pytest.fixture
def _connections_stay_open():
    """Django closes the database connection at the start and end of every request it serves
    (`close_old_connections`); inside the test transaction that would end the test's
    connection. The test client suspends these handlers for its requests; the WSGI app called
    by schemathesis needs the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_org(db, _connections_stay_open, api_data):
    return api_data


def make_api_org():
    organization = OrganizationFactory(slug=ORG_SLUG)
    head = UserFactory(email="head@kaznu-api.kz")
    MembershipFactory(user=head, organization=organization, role=Role.SERVICE_HEAD)
    token = api_token_key(head)
    objects = {model: create_in(model, organization, head) for model in factory_for_model()}
    return {"organization": organization, "token": token, "objects": objects}


@pytest.fixture(scope="module")
def api_data(module_data):
    """The organization, its head's token and one object of every model, made once for all the
    operations; each operation's test runs in a savepoint, so it starts from these alone."""
    return module_data(make_api_org)


def _model_of(path: str):
    """The `model` of the viewset behind a concrete API path (None if it has none)."""
    view = resolve(path).func
    cls = getattr(view, "cls", None)
    model = getattr(cls, "model", None)
    if model is None and getattr(cls, "queryset", None) is not None:
        model = cls.queryset.model
    return model


def _point_at_real_objects(case, api_org):
    params = case.path_parameters if case.path_parameters is not None else {}
    params["org_slug"] = ORG_SLUG
    if "id" in params:
        template = case.operation.path
        probe = template.replace("{org_slug}", ORG_SLUG).replace("{id}", "1")
        for name in params:
            probe = probe.replace(f"{{{name}}}", "1")
        obj = api_org["objects"].get(_model_of(probe))
        if obj is not None:
            params["id"] = obj.pk
    case.path_parameters = params


@pytest.mark.django_db
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_operation_has_no_server_error_and_matches_schema(case, api_org):
    _point_at_real_objects(case, api_org)

    response = case.call(headers={"Authorization": f"Token {api_org['token']}"})

    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


def test_schema_generates_without_warnings():
    """`check --deploy --fail-level WARNING` (CI, docs/deploy.md) fails on any of these."""
    from drf_spectacular.checks import schema_check

    assert [message.msg for message in schema_check(None)] == []
