"""Service functions: every change audited; appointment history; bad input refused."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories.core import MembershipFactory
from tests.factories.people import PersonFactory
from tests.factories.service import (
    AppointmentFactory,
    OfficialFactory,
    ServiceProfileFactory,
    UnitFactory,
)
from yntymaq.core.enums import Role
from yntymaq.core.models import AuditEntry
from yntymaq.service import services
from yntymaq.service.enums import AppointmentKind
from yntymaq.service.models import Appointment, Official, ServiceProfile, Unit
from yntymaq.service.rules import appointment_warnings

pytestmark = pytest.mark.django_db


def last_entry():
    return AuditEntry.objects.order_by("-id").first()


# --- units ---------------------------------------------------------------------------------


def test_unit_create_records_audit_entry(org, service_head):
    coordinator = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)

    unit = services.unit_create(
        organization=org,
        actor=service_head,
        data={"name_ru": "Факультет филологии", "room": "214", "coordinators": [coordinator]},
    )

    assert list(unit.coordinators.all()) == [coordinator]
    entry = last_entry()
    assert entry.action == "service.unit.created"
    assert entry.actor == service_head
    assert entry.organization == org
    assert entry.data["changes"]["name_ru"] == [None, "Факультет филологии"]
    assert entry.data["changes"]["coordinators"] == [None, [str(coordinator.user)]]


def test_unit_create_requires_a_name(org, service_head):
    with pytest.raises(ValidationError) as error:
        services.unit_create(organization=org, actor=service_head, data={"room": "1"})

    assert error.value.message_dict == {
        "name_ru": ["Give the unit's name in Russian or in Kazakh (or both)."]
    }
    assert Unit.objects.count() == 0


def test_unit_create_accepts_a_kazakh_name_only(org, service_head):
    unit = services.unit_create(
        organization=org, actor=service_head, data={"name_kk": "Филология факультеті"}
    )

    assert unit.name == "Филология факультеті"


def test_unit_create_refuses_coordinator_of_other_organization(org, other_org, service_head):
    stranger = MembershipFactory(organization=other_org, role=Role.UNIT_COORDINATOR)

    with pytest.raises(ValidationError) as error:
        services.unit_create(
            organization=org,
            actor=service_head,
            data={"name_ru": "Кафедра", "coordinators": [stranger]},
        )

    assert error.value.message_dict == {
        "coordinators": ["Choose unit coordinators of this organization."]
    }


def test_unit_create_refuses_coordinator_without_the_coordinator_role(org, service_head):
    staff = MembershipFactory(organization=org, role=Role.SERVICE_STAFF)

    with pytest.raises(ValidationError):
        services.unit_create(
            organization=org,
            actor=service_head,
            data={"name_ru": "Кафедра", "coordinators": [staff]},
        )


def test_unit_update_records_changed_fields_only(org, service_head):
    unit = UnitFactory(organization=org, room="101")

    services.unit_update(unit=unit, actor=service_head, data={"room": "102", "building": "ГУК-1"})

    assert last_entry().action == "service.unit.updated"
    assert last_entry().data["changes"] == {"room": ["101", "102"]}


def test_unit_delete_records_audit_entry(org, service_head):
    unit = UnitFactory(organization=org, name_ru="Кафедра истории")

    services.unit_delete(unit=unit, actor=service_head)

    assert Unit.objects.count() == 0
    assert last_entry().action == "service.unit.deleted"
    assert last_entry().target_repr == "Кафедра истории"


def test_unit_delete_refused_while_officials_belong_to_it(org, service_head):
    unit = UnitFactory(organization=org)
    OfficialFactory(organization=org, unit=unit)

    with pytest.raises(services.ServiceError) as error:
        services.unit_delete(unit=unit, actor=service_head)

    assert str(error.value.message) == (
        "It is still used by other records (Officials); change or delete those first."
    )
    assert Unit.objects.count() == 1


# --- officials -----------------------------------------------------------------------------


def test_official_create_records_audit_entry(org, service_head):
    person = PersonFactory(organization=org)

    official = services.official_create(
        organization=org,
        actor=service_head,
        data={"person": person, "position": "Декан", "work_phone": "+7 727 000 00 01"},
    )

    assert official.person == person
    assert last_entry().action == "service.official.created"
    assert last_entry().data["changes"]["position"] == [None, "Декан"]


def test_official_create_refuses_person_of_other_organization(org, other_org, service_head):
    stranger = PersonFactory(organization=other_org)

    with pytest.raises(ValidationError) as error:
        services.official_create(
            organization=org, actor=service_head, data={"person": stranger, "position": "Декан"}
        )

    assert error.value.message_dict == {"person": ["Choose a person of this organization."]}
    assert Official.objects.count() == 0


def test_official_create_refuses_unit_of_other_organization(org, other_org, service_head):
    with pytest.raises(ValidationError) as error:
        services.official_create(
            organization=org,
            actor=service_head,
            data={
                "person": PersonFactory(organization=org),
                "position": "Декан",
                "unit": UnitFactory(organization=other_org),
            },
        )

    assert error.value.message_dict == {"unit": ["Choose a unit of this organization."]}


def test_official_update_and_delete_are_audited(org, service_head):
    official = OfficialFactory(organization=org, home_phone="")

    services.official_update(official=official, actor=service_head, data={"home_phone": "555"})
    services.official_delete(official=official, actor=service_head)

    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["service.official.updated", "service.official.deleted"]
    assert Official.objects.count() == 0


# --- the Service profile -------------------------------------------------------------------


def test_service_profile_update_creates_the_profile(org, service_head):
    profile = services.service_profile_update(
        organization=org, actor=service_head, data={"exists": True, "metal_doors": True}
    )

    assert ServiceProfile.objects.get() == profile
    assert last_entry().action == "service.profile.created"
    assert last_entry().data["changes"]["exists"] == [None, True]


def test_service_profile_update_changes_the_one_profile(org, service_head):
    ServiceProfileFactory(organization=org, alarm=False)

    services.service_profile_update(organization=org, actor=service_head, data={"alarm": True})

    assert ServiceProfile.objects.count() == 1
    assert last_entry().action == "service.profile.updated"
    assert last_entry().data["changes"] == {"alarm": [False, True]}


def test_service_profile_update_stores_documents_under_their_own_names(
    org, service_head, pdf_upload, docx_upload
):
    profile = services.service_profile_update(
        organization=org,
        actor=service_head,
        data={"regulation": pdf_upload("my scan (final).pdf"), "duties": docx_upload()},
    )

    assert profile.regulation.name.endswith("/regulation.pdf")
    assert profile.duties.name.endswith("/duties.docx")
    assert profile.regulation.read().startswith(b"%PDF-")


def test_service_profile_update_refuses_file_that_is_not_pdf_or_docx(
    org, service_head, png_named_pdf
):
    with pytest.raises(ValidationError) as error:
        services.service_profile_update(
            organization=org, actor=service_head, data={"regulation": png_named_pdf}
        )

    assert error.value.message_dict == {
        "regulation": ["The file is not a PDF, DOCX document (checked by its content)."]
    }
    assert ServiceProfile.objects.count() == 0


def test_service_profile_update_replaces_and_removes_documents(
    org, service_head, pdf_upload, django_capture_on_commit_callbacks
):
    profile = services.service_profile_update(
        organization=org, actor=service_head, data={"regulation": pdf_upload()}
    )
    old = profile.regulation

    with django_capture_on_commit_callbacks(execute=True):
        profile = services.service_profile_update(
            organization=org, actor=service_head, data={"regulation": pdf_upload()}
        )
    assert not old.storage.exists(old.name)

    with django_capture_on_commit_callbacks(execute=True):
        profile = services.service_profile_update(
            organization=org, actor=service_head, data={"regulation": False}
        )
    assert not profile.regulation


@time_machine.travel(dt.date(2025, 5, 1), tick=False)
def test_service_profile_update_refuses_order_dated_in_the_future(org, service_head):
    with pytest.raises(ValidationError) as error:
        services.service_profile_update(
            organization=org,
            actor=service_head,
            data={"creation_order_date": dt.date(2025, 5, 2)},
        )

    assert error.value.message_dict == {
        "creation_order_date": ["An order cannot be dated in the future."]
    }


# --- appointments (R6, R7) -----------------------------------------------------------------


def appointment_data(org, **changes):
    data = {
        "kind": AppointmentKind.HEAD,
        "person": PersonFactory(organization=org),
        "order_number": "77-К",
        "order_date": dt.date(2025, 1, 10),
        "starts_on": dt.date(2025, 1, 15),
        "teaching_years": 5,
        "cooperation_years": 2,
        "works_with_foreigners": True,
        "state_language_level": "native",
        "foreign_language": "English",
        "foreign_language_level": "B2",
        "clearance": True,
        "clearance_form": "3",
        "reports_to_first_head": True,
        "admissions_committee_member": True,
    }
    data.update(changes)
    return data


def test_appointment_create_ends_the_current_one_the_day_before(org, service_head):
    previous = AppointmentFactory(organization=org, starts_on=dt.date(2020, 9, 1))

    new = services.appointment_create(
        organization=org, actor=service_head, data=appointment_data(org)
    )

    previous.refresh_from_db()
    assert previous.ends_on == dt.date(2025, 1, 14)
    assert new.ends_on is None
    assert list(Appointment.objects.order_by("starts_on")) == [previous, new]


def test_appointment_create_audits_the_new_and_the_ended_appointment(org, service_head):
    previous = AppointmentFactory(organization=org, starts_on=dt.date(2020, 9, 1))

    new = services.appointment_create(
        organization=org, actor=service_head, data=appointment_data(org)
    )

    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.object_id) for e in entries] == [
        ("service.appointment.ended", str(previous.pk)),
        ("service.appointment.created", str(new.pk)),
    ]
    assert entries[0].data["changes"] == {"ends_on": [None, "2025-01-14"]}


def test_appointment_create_is_saved_despite_r7_warnings(org, service_head):
    appointment = services.appointment_create(
        organization=org,
        actor=service_head,
        data=appointment_data(
            org, kind=AppointmentKind.RESPONSIBLE, foreign_language="", foreign_language_level=""
        ),
    )

    assert Appointment.objects.get() == appointment
    assert [w.code for w in appointment_warnings(appointment, None)] == ["r7_foreign_language"]


def test_appointment_create_refuses_start_not_after_the_current_one(org, service_head):
    AppointmentFactory(organization=org, starts_on=dt.date(2025, 1, 15))

    with pytest.raises(services.ServiceError) as error:
        services.appointment_create(
            organization=org, actor=service_head, data=appointment_data(org)
        )

    assert error.value.field == "starts_on"
    assert str(error.value.message) == (
        "The new appointment must start after the current one, which started on 15.01.2025."
    )
    assert Appointment.objects.get().ends_on is None


def test_appointment_create_records_a_past_appointment_without_ending_the_current(
    org, service_head
):
    current = AppointmentFactory(organization=org, starts_on=dt.date(2024, 9, 1))

    past = services.appointment_create(
        organization=org,
        actor=service_head,
        data=appointment_data(
            org,
            starts_on=dt.date(2019, 9, 1),
            ends_on=dt.date(2024, 8, 31),
            order_date=dt.date(2019, 8, 1),
        ),
    )

    current.refresh_from_db()
    assert current.ends_on is None
    assert past.ends_on == dt.date(2024, 8, 31)


def test_appointment_create_refuses_a_past_term_that_overlaps(org, service_head):
    AppointmentFactory(organization=org, starts_on=dt.date(2024, 9, 1), person__last_name="Сейтова")

    with pytest.raises(services.ServiceError) as error:
        services.appointment_create(
            organization=org,
            actor=service_head,
            data=appointment_data(org, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 9, 1)),
        )

    assert error.value.field == "starts_on"
    assert "overlaps the current appointment of Сейтова" in str(error.value.message)


def test_appointment_create_refuses_end_before_start(org, service_head):
    with pytest.raises(ValidationError) as error:
        services.appointment_create(
            organization=org,
            actor=service_head,
            data=appointment_data(org, ends_on=dt.date(2025, 1, 14)),
        )

    assert error.value.message_dict == {"ends_on": ["The appointment cannot end before it starts."]}


@time_machine.travel(dt.date(2025, 1, 20), tick=False)
def test_appointment_create_refuses_order_dated_in_the_future(org, service_head):
    with pytest.raises(ValidationError) as error:
        services.appointment_create(
            organization=org,
            actor=service_head,
            data=appointment_data(org, order_date=dt.date(2025, 1, 21)),
        )

    assert error.value.message_dict == {"order_date": ["An order cannot be dated in the future."]}


def test_appointment_create_refuses_person_of_other_organization(org, other_org, service_head):
    with pytest.raises(ValidationError) as error:
        services.appointment_create(
            organization=org,
            actor=service_head,
            data=appointment_data(org, person=PersonFactory(organization=other_org)),
        )

    assert error.value.message_dict == {"person": ["Choose a person of this organization."]}


def test_appointment_create_refuses_secret_access_details_without_the_access(org, service_head):
    with pytest.raises(ValidationError) as error:
        services.appointment_create(
            organization=org,
            actor=service_head,
            data=appointment_data(org, clearance=False, clearance_form="3"),
        )

    assert list(error.value.message_dict) == ["clearance"]


def test_database_allows_one_current_appointment_per_organization(org):
    AppointmentFactory(organization=org)

    with pytest.raises(IntegrityError):
        AppointmentFactory(organization=org, starts_on=dt.date(2025, 1, 1))


def test_appointment_update_renewed_secret_access_clears_the_warning(org, service_head):
    appointment = AppointmentFactory(organization=org, clearance_expires_on=dt.date(2020, 1, 1))

    services.appointment_update(
        appointment=appointment,
        actor=service_head,
        data={"clearance_expires_on": dt.date(2040, 1, 1)},
    )

    assert last_entry().action == "service.appointment.updated"
    assert last_entry().data["changes"] == {"clearance_expires_on": ["2020-01-01", "2040-01-01"]}
    assert [
        w.code for w in appointment_warnings(appointment, ServiceProfileFactory(organization=org))
    ] == []


def test_appointment_end_leaves_nobody_appointed(org, service_head):
    appointment = AppointmentFactory(organization=org, starts_on=dt.date(2024, 9, 1))

    services.appointment_end(
        appointment=appointment, actor=service_head, ends_on=dt.date(2025, 2, 28)
    )

    appointment.refresh_from_db()
    assert appointment.ends_on == dt.date(2025, 2, 28)
    assert last_entry().action == "service.appointment.ended"


def test_appointment_end_refuses_an_ended_appointment(org, service_head):
    appointment = AppointmentFactory(organization=org, ends_on=dt.date(2025, 1, 1))

    with pytest.raises(services.ServiceError) as error:
        services.appointment_end(
            appointment=appointment, actor=service_head, ends_on=dt.date(2025, 2, 1)
        )

    assert str(error.value.message) == "This appointment has already ended."
