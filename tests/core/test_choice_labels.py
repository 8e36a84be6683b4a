import pytest
from django.utils import translation

from tests.factories.core import OrganizationFactory
from tests.factories.incoming import StayFactory

pytestmark = pytest.mark.django_db


def test_choice_display_follows_the_active_language():
    organization = OrganizationFactory(kind="college", region="karaganda")

    with translation.override("ru"):
        russian = (organization.get_kind_display(), organization.get_region_display())
    with translation.override("kk"):
        kazakh = organization.get_region_display()
    with translation.override("en"):
        english = organization.get_kind_display()

    assert russian == ("Колледж", "Карагандинская область")
    assert (kazakh, english) == ("Қарағанды облысы", "College")


def test_choice_display_of_a_tenant_record_and_of_a_value_not_among_the_choices(org):
    stay = StayFactory(organization=org, category="teacher")

    with translation.override("ru"):
        teacher = stay.get_category_display()
    stay.category = "astronaut"

    assert (teacher, stay.get_category_display()) == ("преподаватель", "astronaut")
