"""Stays, their life cycle and deadlines, migration records, housing, briefings, documents."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.factories.incoming import (
    BriefingAttendanceFactory,
    OriginFactFactory,
    RequiredDocumentFactory,
    RoomFactory,
    StayDocumentFactory,
    StayFactory,
)
from tests.factories.people import ForeignerFactory
from yntymaq.core.models import AuditEntry
from yntymaq.incoming import lifecycle, queries, services
from yntymaq.incoming.deadlines import (
    registration_deadline_migration_law_art33,
    task_deadline_art518,
    visa_extension_deadline_c9,
)
from yntymaq.incoming.enums import StayStatus, TaskKind
from yntymaq.incoming.lifecycle import StayError
from yntymaq.incoming.models import IncomingSettings, Stay, StayEvent, StayTask

pytestmark = pytest.mark.django_db


def defaults(org):
    return IncomingSettings(organization=org)


# --- life cycle ----------------------------------------------------------------------------------


def test_stay_create_starts_invited_with_an_event_and_an_audit_entry(org, service_staff):
    person = ForeignerFactory(organization=org)

    stay = services.stay_create(
        organization=org,
        actor=service_staff,
        person=person,
        data={"category": "main_program", "arrival_line": "paid_contract", "tuition_amount": 1},
    )

    assert stay.status == "invited"
    assert list(StayEvent.objects.filter(stay=stay).values_list("to_status", flat=True)) == [
        "invited"
    ]
    assert AuditEntry.objects.filter(
        action="incoming.stay.created", object_id=str(stay.pk)
    ).exists()


def test_r2_8_paid_contract_needs_the_tuition_amount(org, service_staff):
    person = ForeignerFactory(organization=org)

    with pytest.raises(ValidationError) as error:
        services.stay_create(
            organization=org,
            actor=service_staff,
            person=person,
            data={"category": "main_program", "arrival_line": "paid_contract"},
        )

    assert "tuition_amount" in error.value.message_dict


def test_stay_transition_refuses_an_impossible_step(invited, service_staff):
    with pytest.raises(StayError) as error:
        services.stay_transition(
            stay=invited, actor=service_staff, target="enrolled", on=dt.date(2025, 9, 1)
        )

    assert "invited" in str(error.value.message) or "приглашён" in str(error.value.message)
    invited.refresh_from_db()
    assert invited.status == "invited"


def test_stay_goes_through_its_life_cycle_and_keeps_the_history(invited, service_staff):
    for target, on in [
        ("arrived", dt.date(2025, 8, 25)),
        ("enrolled", dt.date(2025, 9, 1)),
        ("academic_leave", dt.date(2026, 2, 1)),
        ("enrolled", dt.date(2026, 9, 1)),
        ("completed", dt.date(2026, 10, 1)),
        ("departed", dt.date(2026, 10, 10)),
    ]:
        services.stay_transition(stay=invited, actor=service_staff, target=target, on=on)

    invited.refresh_from_db()
    assert invited.status == "departed"
    assert invited.arrival_date == dt.date(2025, 8, 25)
    assert invited.actual_departure == dt.date(2026, 10, 10)
    assert (
        list(invited.events.values_list("to_status", flat=True))
        == [
            "enrolled",  # the factory's starting event is not created; these are the steps
            "arrived",
            "enrolled",
            "academic_leave",
            "enrolled",
            "completed",
            "departed",
        ][1:]
    )


def test_expulsion_creates_the_three_tasks_due_in_working_days(stay, service_staff):
    services.stay_transition(
        stay=stay, actor=service_staff, target="expelled", on=dt.date(2026, 3, 20)
    )

    tasks = StayTask.objects.filter(stay=stay).order_by("kind")
    # 20.03.2026 is a Friday; 21–25 March are Nauryz holidays (with the days off moved):
    # the third working day after is Monday 30 March.
    assert [(t.kind, t.due) for t in tasks] == [
        (TaskKind.CANCEL_REGISTRATION, dt.date(2026, 3, 30)),
        (TaskKind.CANCEL_VISA, dt.date(2026, 3, 30)),
        (TaskKind.TRACK_DEPARTURE, dt.date(2026, 3, 30)),
    ]


def test_academic_leave_also_creates_tasks_because_it_cancels_the_visa(stay, service_staff):
    services.stay_transition(
        stay=stay, actor=service_staff, target="academic_leave", on=dt.date(2026, 2, 2)
    )

    assert StayTask.objects.filter(stay=stay, reason="academic_leave").count() == 3


def test_departure_before_arrival_is_refused(stay, service_staff):
    services.stay_transition(
        stay=stay, actor=service_staff, target="completed", on=dt.date(2025, 9, 2)
    )

    stay.status_since = dt.date(2025, 8, 1)
    Stay.objects.filter(pk=stay.pk).update(status_since=dt.date(2025, 8, 1))
    with pytest.raises(StayError):
        services.stay_transition(
            stay=stay, actor=service_staff, target="departed", on=dt.date(2025, 8, 20)
        )


def test_a_step_cannot_be_dated_in_the_future(stay, service_staff):
    with pytest.raises(StayError):
        services.stay_transition(
            stay=stay, actor=service_staff, target="completed", on=dt.date(2099, 1, 1)
        )


def test_lifecycle_path_finds_the_steps():
    assert lifecycle.path("invited", "enrolled") == ["arrived", "enrolled"]
    assert lifecycle.path("invited", "departed") == ["arrived", "departed"]


def test_r8_14_transfer_to_a_main_program_opens_a_new_phase(org, service_staff):
    prep = StayFactory(organization=org, category="preparatory", program_code="", course=None)

    new = services.stay_transfer_to_main_program(
        stay=prep,
        actor=service_staff,
        on=dt.date(2026, 6, 30),
        data={"program_code": "6B01101", "program_name": "Педагогика", "course": 1},
    )

    prep.refresh_from_db()
    assert (prep.status, new.status, new.category) == ("completed", "enrolled", "main_program")
    assert new.previous_stay == prep
    assert new.person_id == prep.person_id
    assert StayTask.objects.filter(stay=prep).count() == 0


# --- deadlines -----------------------------------------------------------------------------------


def test_registration_deadline_counts_three_working_days_without_holidays(org):
    # Arrival on Friday 20 March 2026; 21–25 March are Nauryz days off: due Monday 30 March.
    assert registration_deadline_migration_law_art33(
        dt.date(2026, 3, 20), visa_free=False, settings=defaults(org)
    ) == dt.date(2026, 3, 30)


def test_registration_deadline_for_visa_free_arrivals_from_july_2026_is_30_days(org):
    settings = defaults(org)

    after = registration_deadline_migration_law_art33(
        dt.date(2026, 8, 3), visa_free=True, settings=settings
    )
    before = registration_deadline_migration_law_art33(
        dt.date(2026, 6, 1), visa_free=True, settings=settings
    )

    assert after == dt.date(2026, 9, 2)
    assert before == dt.date(2026, 6, 4)


def test_registration_working_days_are_a_setting(org):
    settings = IncomingSettings(organization=org, registration_working_days=5)

    assert registration_deadline_migration_law_art33(
        dt.date(2026, 9, 7), visa_free=False, settings=settings
    ) == dt.date(2026, 9, 14)


def test_visa_extension_is_requested_15_working_days_before_expiry(org):
    # 26 October 2026 (Republic Day, moved) is not a working day.
    assert visa_extension_deadline_c9(dt.date(2026, 10, 30), settings=defaults(org)) == dt.date(
        2026, 10, 8
    )


def test_task_deadline_is_in_working_days(org):
    assert task_deadline_art518(dt.date(2026, 9, 4), settings=defaults(org)) == dt.date(2026, 9, 9)


# --- visas and registrations ---------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC))
def test_an_expired_visa_entered_as_current_is_refused(stay, service_staff):
    data = {
        "kind": "C9",
        "entries": "single",
        "number": "V123",
        "valid_from": dt.date(2025, 8, 1),
        "valid_to": dt.date(2025, 12, 31),
    }

    with pytest.raises(ValidationError) as error:
        services.visa_create(stay=stay, actor=service_staff, data=data)
    past = services.visa_create(stay=stay, actor=service_staff, data=data, past=True)

    assert "valid_to" in error.value.message_dict
    assert past.pk is not None


@time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC))
def test_visa_and_registration_dates_reach_the_registry(stay, service_staff):
    services.visa_create(
        stay=stay,
        actor=service_staff,
        data={
            "kind": "C9",
            "entries": "multiple",
            "number": "V1",
            "valid_from": dt.date(2025, 8, 1),
            "valid_to": dt.date(2026, 7, 31),
        },
    )
    services.registration_create(
        stay=stay,
        actor=service_staff,
        data={
            "channel": "eqonaq",
            "filed_on": dt.date(2025, 8, 27),
            "valid_until": dt.date(2026, 7, 31),
        },
    )

    stay.refresh_from_db()
    assert (stay.visa_valid_to, stay.registration_valid_until) == (
        dt.date(2026, 7, 31),
        dt.date(2026, 7, 31),
    )


def test_a_visa_ending_before_it_begins_is_refused(stay, service_staff):
    with pytest.raises(ValidationError):
        services.visa_create(
            stay=stay,
            actor=service_staff,
            data={
                "kind": "C9",
                "entries": "single",
                "number": "V2",
                "valid_from": dt.date(2026, 8, 1),
                "valid_to": dt.date(2026, 7, 1),
            },
            past=True,
        )


# --- housing (R8.8) ------------------------------------------------------------------------------


def test_r8_8_a_room_cannot_be_filled_past_its_capacity(org, service_staff):
    room = RoomFactory(organization=org, capacity=1)
    first, second = StayFactory(organization=org), StayFactory(organization=org)
    services.accommodation_check_in(
        stay=first, room=room, actor=service_staff, on=dt.date(2025, 9, 1)
    )

    with pytest.raises(StayError) as error:
        services.accommodation_check_in(
            stay=second, room=room, actor=service_staff, on=dt.date(2025, 9, 1)
        )

    assert error.value.field == "room"


def test_r8_8_move_frees_the_old_room(org, service_staff):
    old, new = RoomFactory(organization=org, capacity=1), RoomFactory(organization=org)
    stay = StayFactory(organization=org)
    accommodation = services.accommodation_check_in(
        stay=stay, room=old, actor=service_staff, on=dt.date(2025, 9, 1)
    )

    services.accommodation_move(
        accommodation=accommodation, room=new, actor=service_staff, on=dt.date(2025, 10, 1)
    )

    occupancy = {room.pk: room.taken for room in queries.occupancy(organization=org)}
    assert occupancy == {old.pk: 0, new.pk: 1}


# --- briefings, documents, origin ----------------------------------------------------------------


def test_r8_9_lists_arrived_foreigners_not_yet_briefed(org):
    briefed, waiting = StayFactory(organization=org), StayFactory(organization=org)
    StayFactory(organization=org, status="invited")
    BriefingAttendanceFactory(organization=org, stay=briefed, acknowledged=True)

    assert list(queries.not_briefed(organization=org)) == [waiting]


def test_r8_4_incomplete_files_and_the_checklist(org):
    passport = RequiredDocumentFactory(organization=org, category="main_program")
    RequiredDocumentFactory(organization=org, category="main_program")
    complete = StayFactory(organization=org)
    incomplete = StayFactory(organization=org)
    for required in queries.RequiredDocument.objects.filter(organization=org):
        StayDocumentFactory(organization=org, stay=complete, required=required)
    StayDocumentFactory(organization=org, stay=incomplete, required=passport)

    files = list(queries.incomplete_files(organization=org))

    assert files == [incomplete]
    assert [row["status"] for row in queries.checklist_for(incomplete)] == ["received", "missing"]


def test_r8_4_enrollment_order_records_its_number_on_each_stay(org, service_staff):
    arrived = StayFactory(organization=org, status="arrived")
    enrolled = StayFactory(organization=org)

    order = services.enrollment_order_create(
        organization=org,
        actor=service_staff,
        data={"number": "15-С", "date": dt.date(2025, 9, 2), "title": "", "signed_by": ""},
        stays=[arrived, enrolled],
    )

    assert set(
        Stay.objects.filter(enrollment_order=order).values_list(
            "enrollment_order_number", flat=True
        )
    ) == {"15-С"}


def test_r8_4_enrollment_order_refuses_an_invited_foreigner(org, service_staff, invited):
    with pytest.raises(ValidationError):
        services.enrollment_order_create(
            organization=org,
            actor=service_staff,
            data={"number": "16-С", "date": dt.date(2025, 9, 2), "title": "", "signed_by": ""},
            stays=[invited],
        )


def test_r2_7_kandas_needs_its_certificate(org, service_staff):
    person = ForeignerFactory(organization=org)

    with pytest.raises(ValidationError):
        services.origin_fact_create(
            person=person,
            actor=service_staff,
            data={"kind": "kandas", "since": dt.date(2024, 1, 1)},
        )


def test_r2_7_registry_filters_by_origin_and_derives_cis(org):
    diaspora = StayFactory(organization=org)
    OriginFactFactory(organization=org, person=diaspora.person, kind="diaspora")
    kyrgyz = StayFactory(
        organization=org, person=ForeignerFactory(organization=org, citizenship="KG")
    )

    assert list(queries.stay_list(organization=org, origin="diaspora")) == [diaspora]
    assert list(queries.stay_list(organization=org, origin="cis")) == [kyrgyz]
    assert queries.is_cis("KG")
    assert not queries.is_cis("CN")


def test_registry_search_finds_cyrillic_and_latin_names(org, stay):
    assert list(queries.stay_list(organization=org, search="ли вэй")) == [stay]
    assert list(queries.stay_list(organization=org, search="wei LI")) == [stay]
    assert list(queries.stay_list(organization=org, search="nobody")) == []


def test_imported_stay_starts_in_its_status_with_one_event(org, service_staff):
    person = ForeignerFactory(organization=org)

    stay = services.stay_create(
        organization=org,
        actor=service_staff,
        person=person,
        data={
            "category": "teacher",
            "arrival_line": "inter_university",
            "arrival_date": dt.date(2025, 9, 1),
        },
        imported_status=StayStatus.WORKING,
    )

    assert (stay.status, stay.events.count()) == ("working", 1)


def test_r8_4_a_document_past_its_date_counts_as_expired(org):
    required = RequiredDocumentFactory(organization=org, category="main_program", has_expiry=True)
    stay = StayFactory(organization=org)
    StayDocumentFactory(
        organization=org, stay=stay, required=required, valid_until=dt.date(2020, 1, 1)
    )

    assert [row["status"] for row in queries.checklist_for(stay)] == ["expired"]
    assert list(queries.incomplete_files(organization=org)) == [stay]
