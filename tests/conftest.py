"""Shared fixtures: organizations and one persona per role (healthchecks' Alice/Bob/Charlie)."""

import importlib

import pytest
from django.db import connection, transaction
from django.test import Client
from django_scopes import scopes_disabled

from tests.factories.core import MembershipFactory, OrganizationFactory, UserFactory
from yntymaq.core.enums import Role

PASSWORD = "correct-horse-battery"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`make test`: `-n 2 --dist loadgroup`) the tests of one browser module
    stay on one worker, so each module still launches one Chromium (the `browser` fixture is
    module-scoped) instead of one per worker it would otherwise be spread over."""
    for item in items:
        if item.get_closest_marker("e2e") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(f"e2e:{item.module.__name__}"))


@pytest.fixture(autouse=True)
def _scopes_off_in_test_code():
    """Test code and factories run unscoped; each request sets its own scope (middleware)."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _sqlite_audit_log_emptied_before_flush(request, _django_db_marker):
    """A transactional test ends with a flush: DELETE FROM every table, which the append-only
    triggers refuse on SQLite (PostgreSQL flushes with TRUNCATE, which fires no trigger). The
    audit log is emptied first, with its triggers dropped for that moment only."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if connection.vendor != "sqlite" or not (marker and marker.kwargs.get("transaction")):
        return
    triggers = importlib.import_module("yntymaq.core.migrations.0006_audit_append_only_sqlite")
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in triggers.SQLITE_DROP:
            cursor.execute(statement)
        cursor.execute("DELETE FROM core_auditentry")
        for statement in triggers.SQLITE_CREATE:
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db):
    return OrganizationFactory(
        slug="kaznu",
        short_name="КазНУ",
        name_ru="Казахский национальный университет",
        name_kk="Қазақ ұлттық университеті",
    )


@pytest.fixture
def other_org(db):
    return OrganizationFactory(
        slug="other", short_name="Другой", name_ru="Другой университет", name_kk="Басқа университет"
    )


def _member(organization, role, email):
    return MembershipFactory(
        organization=organization,
        role=role,
        user=UserFactory(email=email, full_name=email.split("@")[0]),
    ).user


@pytest.fixture
def service_head(org):
    return _member(org, Role.SERVICE_HEAD, "head@kaznu.kz")


@pytest.fixture
def service_staff(org):
    return _member(org, Role.SERVICE_STAFF, "staff@kaznu.kz")


@pytest.fixture
def coordinator(org):
    return _member(org, Role.UNIT_COORDINATOR, "coordinator@kaznu.kz")


@pytest.fixture
def leadership(org):
    return _member(org, Role.LEADERSHIP, "rector@kaznu.kz")


@pytest.fixture
def auditor(org):
    return _member(org, Role.AUDITOR, "auditor@kaznu.kz")


@pytest.fixture
def other_org_user(other_org):
    return _member(other_org, Role.SERVICE_HEAD, "head@other.kz")


@pytest.fixture
def authority_user(db):
    return UserFactory(
        email="analyst@edu.gov.kz",
        full_name="Аналитик министерства",
        is_authority=True,
        two_factor_exempt=True,
    )


@pytest.fixture
def client_for():
    """A logged-in test client for a user: `client_for(service_head).get(...)`."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
