"""Fixtures of the people tests: English messages unless a test asks for another language."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(client_for):
    """A logged-in client whose pages come in English (the project default is Russian)."""

    def make(user, language="en"):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


@pytest.fixture
def protected_person(org):
    """A person another app's record refers to with on_delete=PROTECT (e.g. an official).

    Found generically, so the people tests do not depend on which app protects persons."""
    from django.apps import apps
    from django.db.models import PROTECT

    from tests.factories.people import PersonFactory
    from tests.test_tenancy import factory_for_model
    from yntymaq.people.models import Person

    person = PersonFactory(organization=org, last_name="Защищённый", first_name="Пётр")
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is Person
                and field.remote_field.on_delete is PROTECT
                and model in factory_for_model()
            ):
                factory_for_model()[model](organization=org, **{field.name: person})
                return person
    pytest.skip("no model protects Person yet")
