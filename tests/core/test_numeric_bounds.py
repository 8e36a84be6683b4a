"""Every number users or the API write has a business bound, on every database (issue 14)."""

import pytest
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from rest_framework.test import APIClient

from tests.factories.partners import DraftAgreementFactory, PartnerFactory
from tests.partners.test_views import agreement_post
from yntymaq.partners.models import Agreement

# Numbers the system writes itself, never a user: sizes of stored files, version counters,
# an import's progress.
SYSTEM_WRITTEN = {
    "core.ImportUpload.progress",
    "core.ImportUpload.rows_total",
    "ops.ScheduledRun.attempts",
    "partners.AgreementVersion.number",
    "reporting.ReportFile.size",
    "reporting.Submission.version",
    "reporting.SubmissionFile.size",
}

TOO_MANY = 10**12
LIMIT_MESSAGE = "Ensure this value is less than or equal to 10000."


def numeric_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("yntymaq."):
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.IntegerField | models.DecimalField | models.FloatField)
                and not field.primary_key
                and not field.is_relation
                and field.editable
                and f"{model._meta.label}.{field.name}" not in SYSTEM_WRITTEN
            ):
                yield f"{model._meta.label}.{field.name}", field


def has_bound(field, kind) -> bool:
    return any(isinstance(v, kind) for v in field._validators)


def test_every_numeric_field_has_its_own_upper_and_lower_bound():
    """Bounds of the field itself: the database's own range (SQLite's is 2**63) is no bound.
    A Positive… field's lower bound is its type (and a database constraint)."""
    unbounded = [
        label
        for label, field in numeric_fields()
        if not has_bound(field, MaxValueValidator)
        or not (has_bound(field, MinValueValidator) or type(field).__name__.startswith("Positive"))
    ]

    assert unbounded == []


@pytest.mark.django_db
def test_api_refuses_too_many_mobility_places_beside_the_field(org, service_staff):
    agreement = DraftAgreementFactory(organization=org)
    client = APIClient()
    client.force_authenticate(service_staff)

    response = client.patch(
        f"/api/v1/o/kaznu/agreements/{agreement.pk}/",
        {"mobility_places": TOO_MANY},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"mobility_places": [LIMIT_MESSAGE]}
    assert Agreement.objects.get(pk=agreement.pk).mobility_places == agreement.mobility_places


@pytest.mark.django_db
def test_form_refuses_too_many_mobility_places_beside_the_field(org, service_staff, client_for):
    partner = PartnerFactory(organization=org)
    client = client_for(service_staff)

    response = client.post(
        "/o/kaznu/partners/agreements/new/",
        agreement_post([partner], mobility_places=str(TOO_MANY)),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"mobility_places": [LIMIT_MESSAGE]}
    assert not Agreement.objects.exists()
