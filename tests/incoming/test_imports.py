"""The registry's import handler (incoming.imports.stays_import) through core.imports.run_import:
new rows checked one by one and saved together, each audited; matches read once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.factories.people import ForeignerFactory
from yntymaq.core.imports import run_import
from yntymaq.core.models import AuditEntry
from yntymaq.incoming.imports import stays_import
from yntymaq.incoming.models import Stay, StayEvent
from yntymaq.people.models import Person

pytestmark = pytest.mark.django_db


def row(surname="WANG", given="LEI", course=2, arrival="25.08.2024", **changes):
    values = {
        "last_name": "",
        "first_name": "",
        "patronymic": "",
        "last_name_latin": surname,
        "first_name_latin": given,
        "birth_date": "17.05.2001",
        "sex": "M",
        "citizenship": "CN",
        "category": "main_program",
        "status": "enrolled",
        "arrival_line": "paid_contract",
        "program_code": "6B04101",
        "program_name": "Экономика",
        "course": course,
        "study_language": "русский",
        "arrival_date": arrival,
        "expected_completion": "30.06.2028",
        "expected_departure": "15.07.2028",
        "actual_departure": None,
        "residence_place": "Общежитие № 3",
        "tuition_amount": "1200000",
    }
    return values | changes


def run(org, actor, values_list, *, commit=True):
    rows = [(number, values) for number, values in enumerate(values_list, start=2)]
    with scope(organization=org):
        return run_import(stays_import, rows, organization=org, actor=actor, commit=commit)


def import_queries(org, actor, values_list) -> int:
    with CaptureQueriesContext(connection) as context:
        result = run(org, actor, values_list, commit=False)
    assert result.ok
    return len(context.captured_queries)


def test_new_rows_are_saved_together_in_the_same_queries_for_1_and_4_rows(org, service_staff):
    import_queries(org, service_staff, [row()])  # the content types, cached from then on
    one = import_queries(org, service_staff, [row()])
    four = import_queries(org, service_staff, [row(given=f"LEI{n}") for n in range(4)])

    assert four == one
    assert Person.objects.filter(organization=org).count() == 0  # a preview keeps nothing


def test_each_new_person_and_stay_is_audited_with_its_first_event(org, service_staff):
    result = run(org, service_staff, [row(given="LEI"), row(given="NA", course=1)])

    assert (result.created, result.updated, result.unchanged, result.errors) == (2, 0, 0, [])
    stays = Stay.objects.filter(organization=org).select_related("person").order_by("course")
    assert [(s.person.first_name_latin, s.status, s.course) for s in stays] == [
        ("NA", "enrolled", 1),
        ("LEI", "enrolled", 2),
    ]
    assert sorted(StayEvent.objects.filter(organization=org).values_list("to_status", "on")) == [
        ("enrolled", dt.date(2024, 8, 25)),
        ("enrolled", dt.date(2024, 8, 25)),
    ]
    entries = AuditEntry.objects.filter(organization=org).order_by("action", "object_id")
    assert [(e.action, e.target_repr, e.actor_id) for e in entries] == [
        ("incoming.stay.created", "WANG LEI — обучающийся по основной программе", service_staff.pk),
        ("incoming.stay.created", "WANG NA — обучающийся по основной программе", service_staff.pk),
        ("people.person.created", "WANG LEI", service_staff.pk),
        ("people.person.created", "WANG NA", service_staff.pk),
    ]
    stay_entry = entries.get(action="incoming.stay.created", target_repr__startswith="WANG NA")
    assert stay_entry.object_id == str(stays[0].pk)
    assert stay_entry.data["person"] == stays[0].person_id
    assert stay_entry.data["changes"]["course"] == [None, 1]


def test_a_row_of_a_saved_person_adds_the_stay_to_them(org, service_staff):
    person = ForeignerFactory(
        organization=org,
        last_name="",
        first_name="",
        last_name_latin="WANG",
        first_name_latin="LEI",
        birth_date=dt.date(2001, 5, 17),
        iin="",
    )

    result = run(org, service_staff, [row()])

    assert (result.created, result.errors) == (1, [])
    assert Person.objects.filter(organization=org).count() == 1
    assert Stay.objects.get(organization=org).person_id == person.pk
    entry = AuditEntry.objects.get(organization=org, action="incoming.stay.created")
    assert entry.target_repr == "WANG LEI — обучающийся по основной программе"


def test_the_same_new_stay_twice_in_a_file_keeps_the_later_values(org, service_staff):
    result = run(org, service_staff, [row(course=1), row(course=3)])

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert list(Stay.objects.filter(organization=org).values_list("course", flat=True)) == [3]


def test_a_changed_saved_stay_is_updated_and_a_wrong_row_saves_nothing(org, service_staff):
    run(org, service_staff, [row(course=1)])

    changed = run(org, service_staff, [row(course=2)])
    wrong = run(org, service_staff, [row(course=4), row(given="NEW", arrival="не дата")])

    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 0)
    assert [(e.row, e.column) for e in wrong.errors] == [(3, "arrival_date")]
    assert list(Stay.objects.filter(organization=org).values_list("course", flat=True)) == [2]
    assert Person.objects.filter(organization=org).count() == 1
    assert AuditEntry.objects.filter(organization=org, action="incoming.stay.updated").count() == 1
