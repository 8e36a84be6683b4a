"""Shared fixtures: organizations and one persona per role (healthchecks' Alice/Bob/Charlie)."""

import importlib
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation
from django_scopes import scopes_disabled

from tests.factories.core import MembershipFactory, OrganizationFactory, UserFactory
from yntymaq.core.enums import Role

PASSWORD = "correct-horse-battery"


def _set_node_id(item, nodeid: str) -> None:
    """pytest 9.2 keeps a node's id in `_id` (a NodeId), earlier versions in `_nodeid`, which
    is where pytest-xdist 3.8 still writes its `@group` suffix, to no effect on 9.2."""
    if isinstance(getattr(item, "_id", None), str) or not hasattr(item, "_id"):
        item._nodeid = nodeid
    else:
        item._id = type(item._id).parse(nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """For pytest-xdist (`make test`: `-n 2 --dist loadgroup`), which schedules by node id:

    - schemathesis gives every API operation's test the same node id (the operation is in its
      name only): each gets its name as id, or xdist would run one of them;
    - the tests of one browser module stay on one worker (one Chromium per module, as the
      module-scoped `browser` fixture launches it), and tests marked
      `pytest.mark.xdist_group(name)` stay together: the group goes into the node id as
      `@name`, what xdist's `loadgroup` reads (xdist's own suffix is lost on pytest 9.2).
    """
    grouping = config.getoption("dist", "no") == "loadgroup"
    for item in items:
        nodeid = item.nodeid
        parent, _, last = nodeid.rpartition("::")
        if parent and last != item.name:
            nodeid = f"{parent}::{item.name}"
        if item.get_closest_marker("e2e") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(f"e2e-{item.module.__name__}"))
        groups = sorted({str(m.args[0]) for m in item.iter_markers("xdist_group") if m.args})
        if grouping and groups and "@" not in nodeid.rpartition("]")[2]:
            nodeid = f"{nodeid}@{'_'.join(groups)}"
        if nodeid != item.nodeid:
            _set_node_id(item, nodeid)


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
def _default_language(settings):
    """Each test starts in the default language: a request (LocaleMiddleware) or a test that
    activates another one leaves it active in the thread, and under pytest-xdist the test that
    runs next is not the one that followed in a single process."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@contextmanager
def shared_data(django_db_blocker, media_root):
    """Data that a group of tests (a module, a class) only reads, made once for the group
    instead of once per test: yields `make(function, *args)`, which runs `function` inside a
    transaction that stays open around the group's tests and is rolled back after the last
    one. Each test still runs in its own savepoint inside it, so whatever a test writes is gone
    before the next. Files go to `media_root`. Only for non-transactional tests (`django_db`
    without `transaction=True`). Use it through `module_data`, or in a class-scoped fixture."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
    media = override_settings(MEDIA_ROOT=media_root)
    media.enable()

    def make(function, *args, **kwargs):
        with django_db_blocker.unblock(), scopes_disabled():
            return function(*args, **kwargs)

    try:
        yield make
    finally:
        media.disable()
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """`module_data(make, *args)` runs `make` once for the module's tests, which only read what
    it made (e.g. the demo data, seconds to build); see `shared_data`."""
    with shared_data(django_db_blocker, tmp_path_factory.mktemp("module-media")) as make:
        yield make


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


@pytest.fixture
def registered_meanwhile():
    """`registered_meanwhile(bin, name_ru=…)`: another request registers an organization with
    this BIN after a registration has looked the BIN up and before it inserts its own (the
    moment only the database's unique column can refuse the second one). The other row is
    inserted when the registration makes its Organization object, so it is rolled back with
    the registration's own transaction when that fails."""
    from django.db.models.signals import post_init

    from yntymaq.core.models import Organization

    receivers = []

    def arrange(bin_value, **fields):
        done = []

        def insert_competitor(sender, instance, **kwargs):
            if instance.pk is None and instance.bin == bin_value and not done:
                done.append(True)  # before building: the competitor is an Organization too
                Organization.objects.bulk_create(
                    [OrganizationFactory.build(bin=bin_value, **fields)]
                )

        post_init.connect(insert_competitor, sender=Organization, weak=False)
        receivers.append(insert_competitor)

    yield arrange
    for receiver in receivers:
        post_init.disconnect(receiver, sender=Organization)
