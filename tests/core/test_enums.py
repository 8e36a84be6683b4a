import pytest
from django.utils import translation

from tests.factories.core import OrganizationFactory
from yntymaq.core.enums import OrganizationKind, Region, choice_label

pytestmark = pytest.mark.django_db


def test_choice_label_is_the_label_in_the_active_language():
    with translation.override("ru"):
        russian = choice_label(Region, "karaganda")
    with translation.override("kk"):
        kazakh = choice_label(Region, "karaganda")
    with translation.override("en"):
        english = choice_label(OrganizationKind, "college")

    assert (russian, kazakh, english) == ("Карагандинская область", "Қарағанды облысы", "College")


def test_choice_label_of_an_unknown_or_empty_value():
    assert (choice_label(Region, "atlantis"), choice_label(Region, "")) == ("atlantis", "")


def test_organization_labels_match_the_models_display():
    organization = OrganizationFactory(kind="university", region="astana")

    with translation.override("ru"):
        labels = (organization.kind_label, organization.region_label)
        displays = (organization.get_kind_display(), organization.get_region_display())

    assert labels == displays == ("Университет", "Астана")
