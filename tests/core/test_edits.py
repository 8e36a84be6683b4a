"""core.edits: one rule for blanks and for "nothing changed", for every app's services."""

import pytest

from tests.factories.people import PersonFactory
from tests.factories.service import OfficialFactory
from yntymaq.core.edits import Edit, assign_fields
from yntymaq.core.models import AuditEntry
from yntymaq.people.models import Person
from yntymaq.service import services

pytestmark = pytest.mark.django_db


def test_assign_fields_stores_none_and_blank_text_the_same_way(org):
    person = Person(organization=org)

    assign_fields(
        person,
        {"patronymic": None, "email": "  ", "birth_date": "", "last_name": "  Ли "},
        ["patronymic", "email", "birth_date", "last_name"],
    )

    assert (person.patronymic, person.email, person.birth_date) == ("", "", None)
    assert person.last_name == "Ли"


def test_assign_fields_refuses_a_field_outside_the_list(org):
    with pytest.raises(ValueError, match="Unknown fields: \\['iin'\\]"):
        assign_fields(Person(organization=org), {"iin": "1"}, ["last_name"])


def test_an_update_that_changes_nothing_is_neither_saved_nor_audited(org, service_head):
    official = OfficialFactory(organization=org, work_phone="+7 727 377 33 33")
    version = official.updated_at

    services.official_update(
        official=official, actor=service_head, data={"work_phone": " +7 727 377 33 33 "}
    )

    official.refresh_from_db()
    assert official.updated_at == version
    assert not AuditEntry.objects.filter(action="service.official.updated").exists()


def test_an_update_writes_one_entry_with_the_changed_fields_only(org, service_head):
    official = OfficialFactory(organization=org, work_phone="+7 727 377 33 33", home_phone="")

    services.official_update(
        official=official,
        actor=service_head,
        data={"work_phone": "+7 727 000 00 00", "home_phone": None},
    )

    [entry] = AuditEntry.objects.filter(action="service.official.updated")
    assert entry.data == {"changes": {"work_phone": ["+7 727 377 33 33", "+7 727 000 00 00"]}}


def test_edit_save_returns_the_changes(org, service_head):
    person = PersonFactory(organization=org, email="")
    edit = Edit(person, ["email"])
    person.email = "li@example.kz"

    assert edit.save(action="people.person.updated", actor=service_head) == {
        "email": ["", "li@example.kz"]
    }
