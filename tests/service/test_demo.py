"""Demo data of the Service: a university with a Service and a head who meets R7, a college
with a responsible person who does not command a foreign language; seeding twice adds nothing."""

import pytest

from tests.factories.core import OrganizationFactory
from yntymaq.core.enums import OrganizationKind
from yntymaq.demo.seed import Demo
from yntymaq.service import demo as service_demo
from yntymaq.service.models import Appointment, Official, ServiceProfile, Unit
from yntymaq.service.queries import organizations_service_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return Demo(
        university=OrganizationFactory(slug="demo-university"),
        college=OrganizationFactory(slug="demo-college", kind=OrganizationKind.COLLEGE),
    )


def counts():
    return [m.objects.count() for m in (ServiceProfile, Unit, Official, Appointment)]


def test_demo_seed_is_idempotent(demo):
    service_demo.seed(demo)
    first = counts()

    service_demo.seed(demo)

    assert first == [2, 2, 3, 2]
    assert counts() == first


def test_demo_university_has_a_service_and_the_college_a_responsible_person(demo):
    service_demo.seed(demo)

    rows = {row.organization.slug: row for row in organizations_service_status()}

    assert rows["demo-university"].has_service is True
    assert rows["demo-university"].warnings == []
    assert rows["demo-college"].has_service is False
    assert [w.code for w in rows["demo-college"].warnings] == ["r7_foreign_language"]
