import pytest

from yntymaq.core.models import AuditEntry
from yntymaq.demo.seed import Demo
from yntymaq.people.demo import seed
from yntymaq.people.models import IdentityDocument, Person

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(org, other_org):
    demo = Demo(university=org, college=other_org)

    seed(demo)
    seed(demo)

    assert Person.objects.filter(organization=org).count() == 5
    assert IdentityDocument.objects.count() == 4
    assert AuditEntry.objects.filter(action="people.person.created").count() == 5
