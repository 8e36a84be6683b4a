import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from yntymaq.core.models import AuditEntry, User
from yntymaq.demo.seed import PASSWORD, USERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.fixture(scope="module")
def seeded(module_data):
    """The demo, seeded once into the empty database for the module (seconds to build)."""
    module_data(call_command, "seed_demo", stdout=io.StringIO())


def counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"core", "people", "service", "incoming", "outbound", "partners", "planning"}
        and model is not AuditEntry
    }


def test_seed_demo_twice_changes_nothing(capsys):
    first = counts()

    call_command("seed_demo")

    assert counts() == first
    assert first["core.Organization"] == 2
    assert "head@demo-university.kz" in capsys.readouterr().out


def test_every_demo_user_logs_in_and_reaches_their_start_page():
    for email, _name, org_key, _role in USERS:
        client = Client()
        response = client.post("/account/login/", {"username": email, "password": PASSWORD})
        assert response.status_code == 302, email
        page = client.get("/", follow=True)
        assert page.status_code == 200, email
        expected = "/authority/" if org_key is None else "/o/demo-"
        assert page.redirect_chain[-1][0].startswith(expected), email


def test_demo_users_are_exempt_from_two_factor_only_by_flag():
    assert set(User.objects.values_list("two_factor_exempt", flat=True)) == {True}
