import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.outbound import (
    CandidateFactory,
    PlanRowFactory,
    TrainingCourseFactory,
    TrainingParticipantFactory,
    TripDocumentFactory,
    TripPlanFactory,
)
from tests.factories.people import PDF_BYTES, ForeignerFactory, PersonFactory
from yntymaq.core.models import AuditEntry, Membership
from yntymaq.outbound import services
from yntymaq.outbound.enums import (
    CandidateStatus,
    DocumentStatus,
    Funding,
    ParticipantStatus,
    PlanStatus,
    ReportKind,
    ReportStatus,
    TripKind,
    TripStatus,
)
from yntymaq.outbound.models import DocumentRequirement, Trip, TripReport
from yntymaq.outbound.services import OutboundError

pytestmark = pytest.mark.django_db


def _actions(target=None):
    entries = AuditEntry.objects.all()
    if target is not None:
        entries = entries.filter(
            object_id=str(target.pk), content_type=ContentType.objects.get_for_model(target)
        )
    return list(entries.order_by("id").values_list("action", flat=True))


def _membership(user, org):
    return Membership.objects.get(user=user, organization=org)


ROW = {
    "position": "студент 3 курса",
    "country": "DE",
    "city": "Берлин",
    "host_organization": "Freie Universität Berlin",
    "purpose": "study",
    "kind": "mobility_semester",
    "planned_departure": dt.date(2026, 9, 1),
    "planned_return": dt.date(2027, 1, 31),
    "funding": "organization",
    "estimated_cost": 2500000,
}


# --- plans (R8.5) ---------------------------------------------------------------------------


def test_r8_5_plan_is_submitted_returned_resubmitted_and_approved(
    org, unit, coordinator, service_head
):
    membership = _membership(coordinator, org)
    plan = services.plan_create(
        membership=membership, actor=coordinator, data={"unit": unit, "year": 2026, "title": ""}
    )
    services.plan_row_create(plan=plan, actor=coordinator, data=dict(ROW))

    services.plan_submit(plan=plan, actor=coordinator)
    services.plan_return(plan=plan, actor=service_head, comment="Укажите стоимость обучения")
    services.plan_submit(plan=plan, actor=coordinator)
    services.plan_approve(plan=plan, actor=service_head)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.return_comment == "Укажите стоимость обучения"
    assert plan.decided_by == service_head
    assert _actions(plan) == [
        "outbound.plan.created",
        "outbound.plan.submitted",
        "outbound.plan.returned",
        "outbound.plan.submitted",
        "outbound.plan.approved",
    ]


def test_r8_5_approved_plan_is_locked(org, approved_row, service_head):
    with pytest.raises(OutboundError, match="can no longer be changed"):
        services.plan_row_update(row=approved_row, actor=service_head, data={"city": "Мюнхен"})
    with pytest.raises(OutboundError, match="can no longer be changed"):
        services.plan_row_create(plan=approved_row.plan, actor=service_head, data=dict(ROW))


def test_r8_5_plan_return_needs_a_comment(org, unit, service_head):
    plan = TripPlanFactory(organization=org, unit=unit, status=PlanStatus.SUBMITTED)

    with pytest.raises(OutboundError) as error:
        services.plan_return(plan=plan, actor=service_head, comment="  ")

    assert error.value.field == "comment"


def test_plan_submit_refuses_an_empty_plan(org, unit, coordinator):
    plan = TripPlanFactory(organization=org, unit=unit)

    with pytest.raises(OutboundError, match="at least one planned trip"):
        services.plan_submit(plan=plan, actor=coordinator)


def test_plan_create_refuses_a_unit_the_coordinator_does_not_coordinate(
    org, other_unit, coordinator
):
    with pytest.raises(OutboundError) as error:
        services.plan_create(
            membership=_membership(coordinator, org),
            actor=coordinator,
            data={"unit": other_unit, "year": 2026, "title": ""},
        )

    assert error.value.field == "unit"


def test_plan_row_needs_a_person_or_a_position(org, unit, coordinator):
    plan = TripPlanFactory(organization=org, unit=unit)

    with pytest.raises(ValidationError) as error:
        services.plan_row_create(plan=plan, actor=coordinator, data=dict(ROW, position=""))

    assert "position" in error.value.message_dict


def test_plan_row_refuses_return_before_departure(org, unit, coordinator):
    plan = TripPlanFactory(organization=org, unit=unit)

    with pytest.raises(ValidationError) as error:
        services.plan_row_create(
            plan=plan, actor=coordinator, data=dict(ROW, planned_return=dt.date(2026, 8, 1))
        )

    assert error.value.message_dict == {
        "planned_return": ["The return (01.08.2026) cannot be before the departure (01.09.2026)."]
    }


def test_plan_row_takes_the_person_by_iin(org, unit, coordinator, person):
    plan = TripPlanFactory(organization=org, unit=unit)

    row = services.plan_row_create(
        plan=plan,
        actor=coordinator,
        data=dict(ROW, position="", person_iin=person.iin, person_last_name="сейткали"),
    )

    assert row.person == person


def test_person_by_iin_refuses_an_iin_of_another_person(org, person):
    with pytest.raises(OutboundError) as error:
        services.person_by_iin(org, person.iin, "Петров")

    assert error.value.field == "person_iin"
    assert str(error.value.message) == (
        f"The IIN {person.iin} belongs to Сейткали Айгерим, not to “Петров”."
    )


def test_person_by_iin_refuses_an_unknown_iin(org, person):
    other = PersonFactory.build(birth_date=dt.date(1999, 1, 2))

    with pytest.raises(OutboundError, match="add the person under People first"):
        services.person_by_iin(org, other.iin)


NOBODY_OF_YOUR_UNITS = (
    "Nobody of your units has the IIN {iin}. To name someone else, give the IIN with their "
    "surname; the Service adds a person not registered yet."
)


def test_a_coordinator_is_told_nobody_for_a_person_of_another_unit(
    org, unit, other_unit, coordinator
):
    stranger = PersonFactory(organization=org, last_name="Жумабаева", first_name="Динара")
    PlanRowFactory(organization=org, plan=TripPlanFactory(organization=org, unit=other_unit))
    unknown = PersonFactory.build(birth_date=dt.date(1999, 1, 2))
    plan = TripPlanFactory(organization=org, unit=unit)

    answers = []
    for iin, last_name in [(stranger.iin, ""), (stranger.iin, "Петров"), (unknown.iin, "")]:
        with pytest.raises(OutboundError) as refused:
            services.plan_row_create(
                plan=plan,
                actor=coordinator,
                data=dict(ROW, position="", person_iin=iin, person_last_name=last_name),
            )
        answers.append((refused.value.field, str(refused.value.message).replace(iin, "<iin>")))

    assert answers == [("person_iin", NOBODY_OF_YOUR_UNITS.format(iin="<iin>"))] * 3
    assert plan.rows.count() == 0


def test_a_coordinator_names_a_person_of_their_unit_and_is_told_a_wrong_surname(
    org, unit, coordinator, person
):
    PlanRowFactory(
        organization=org, plan=TripPlanFactory(organization=org, unit=unit), person=person
    )
    plan = TripPlanFactory(organization=org, unit=unit)

    row = services.plan_row_create(
        plan=plan, actor=coordinator, data=dict(ROW, position="", person_iin=person.iin)
    )
    with pytest.raises(OutboundError) as refused:
        services.plan_row_create(
            plan=plan,
            actor=coordinator,
            data=dict(ROW, position="", person_iin=person.iin, person_last_name="Петров"),
        )

    assert row.person == person
    assert str(refused.value.message) == (
        f"The IIN {person.iin} belongs to Сейткали Айгерим, not to “Петров”."
    )


def test_the_service_names_any_person_of_the_organization_by_iin(org, unit, service_staff):
    stranger = PersonFactory(organization=org, last_name="Жумабаева")
    plan = TripPlanFactory(organization=org, unit=unit)

    row = services.plan_row_create(
        plan=plan, actor=service_staff, data=dict(ROW, position="", person_iin=stranger.iin)
    )

    assert row.person == stranger


def test_person_by_iin_refuses_a_bad_checksum(org):
    with pytest.raises(OutboundError) as error:
        services.person_by_iin(org, "900101300001")

    assert error.value.field == "person_iin"


# --- trips ----------------------------------------------------------------------------------


def test_trip_create_from_row_copies_the_row_and_makes_the_checklist(
    org, approved_row, service_staff, person
):
    trip = services.trip_create_from_row(row=approved_row, actor=service_staff)

    assert (trip.person, trip.unit, trip.plan_row) == (person, approved_row.plan.unit, approved_row)
    assert (trip.country.code, trip.city, trip.kind) == ("DE", "Берлин", "mobility_semester")
    assert trip.status == TripStatus.PLANNED
    assert trip.exit_documents_due == dt.date(2026, 8, 18)  # 10 working days before 1 Sep
    assert [d.code for d in trip.documents.all()] == [
        "passport",
        "visa",
        "invitation",
        "insurance",
        "order",
        "tickets",
        "learning_agreement",
    ]
    assert _actions(trip) == ["outbound.trip.created"]


def test_trip_create_from_row_refuses_a_plan_not_approved(org, unit, service_staff):
    row = PlanRowFactory(organization=org, plan=TripPlanFactory(organization=org, unit=unit))

    with pytest.raises(OutboundError, match="approved plans only"):
        services.trip_create_from_row(row=row, actor=service_staff)


def test_trip_create_from_row_needs_the_person_for_a_position_row(org, unit, service_staff):
    plan = TripPlanFactory(organization=org, unit=unit, status=PlanStatus.APPROVED)
    row = PlanRowFactory(organization=org, plan=plan, person=None, position="магистрант")

    with pytest.raises(OutboundError) as error:
        services.trip_create_from_row(row=row, actor=service_staff)

    assert error.value.field == "person_iin"


def test_trip_create_from_row_refuses_a_second_trip(org, approved_row, service_staff):
    services.trip_create_from_row(row=approved_row, actor=service_staff)

    with pytest.raises(OutboundError, match="already been created"):
        services.trip_create_from_row(row=approved_row, actor=service_staff)


def test_trip_checklist_follows_the_organizations_requirements(org, approved_row, service_staff):
    DocumentRequirement.objects.create(organization=org, code="passport", position=1)
    DocumentRequirement.objects.create(
        organization=org, code="other", name="Справка 086", position=2, trip_kinds=["teaching"]
    )

    trip = services.trip_create_from_row(row=approved_row, actor=service_staff)

    assert [d.label for d in trip.documents.all()] == ["Passport"]


def test_trips_are_for_citizens_of_kazakhstan(org, unit, service_staff):
    foreigner = ForeignerFactory(organization=org)

    with pytest.raises(OutboundError, match="not recorded as a citizen of Kazakhstan"):
        services.trip_create(
            organization=org,
            actor=service_staff,
            data={
                "person": foreigner,
                "unit": unit,
                "kind": "internship",
                "purpose": "work",
                "host_organization": "KAIST",
                "country": "KR",
                "city": "Тэджон",
                "planned_departure": dt.date(2026, 5, 4),
                "planned_return": dt.date(2026, 5, 29),
                "funding": "host",
            },
        )


def test_r8_5_trip_is_approved_only_under_an_approved_plan_row(org, make_trip, service_head):
    trip = make_trip()

    with pytest.raises(OutboundError) as error:
        services.trip_transition(trip=trip, to_status=TripStatus.APPROVED, actor=service_head)

    assert error.value.field == "plan_row"
    assert "approved unit trip plan (R8.5)" in str(error.value.message)
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.PLANNED


def test_trip_is_not_approved_when_it_overlaps_another_trip_of_the_person(
    org, approved_row, service_head, make_trip, person
):
    make_trip(
        person=person,
        planned_departure=dt.date(2026, 12, 20),
        planned_return=dt.date(2027, 1, 10),
        country="FR",
        city="Париж",
    )
    trip = services.trip_create_from_row(row=approved_row, actor=service_head)

    with pytest.raises(OutboundError, match="already has a trip on overlapping dates"):
        services.trip_transition(trip=trip, to_status=TripStatus.APPROVED, actor=service_head)


def test_cancelled_trips_do_not_overlap(org, approved_row, service_head, make_trip, person):
    make_trip(
        person=person,
        status=TripStatus.CANCELLED,
        planned_departure=dt.date(2026, 12, 20),
        planned_return=dt.date(2027, 1, 10),
    )
    trip = services.trip_create_from_row(row=approved_row, actor=service_head)

    services.trip_transition(trip=trip, to_status=TripStatus.APPROVED, actor=service_head)

    assert trip.status == TripStatus.APPROVED


def test_r8_4_documents_ready_needs_every_exit_document(org, approved_row, service_head):
    trip = services.trip_create_from_row(row=approved_row, actor=service_head)
    services.trip_transition(trip=trip, to_status=TripStatus.APPROVED, actor=service_head)
    documents = list(trip.documents.all())
    for document in documents[1:]:
        services.trip_document_update(
            document=document, actor=service_head, data={"status": DocumentStatus.RECEIVED}
        )

    with pytest.raises(OutboundError, match=r"Exit documents missing \(R8.4\): Passport\."):
        services.trip_transition(
            trip=trip, to_status=TripStatus.DOCUMENTS_READY, actor=service_head
        )

    services.trip_document_update(
        document=documents[0], actor=service_head, data={"status": DocumentStatus.RECEIVED}
    )
    services.trip_transition(trip=trip, to_status=TripStatus.DOCUMENTS_READY, actor=service_head)
    assert trip.status == TripStatus.DOCUMENTS_READY


def _ready_trip(org, make_trip, **kwargs):
    trip = make_trip(status=TripStatus.APPROVED, **kwargs)
    TripDocumentFactory(organization=org, trip=trip, status=DocumentStatus.RECEIVED)
    return trip


def test_r8_5_documents_ready_needs_the_required_training(org, make_trip, service_head):
    trip = _ready_trip(org, make_trip)
    course = TrainingCourseFactory(organization=org, title="Корейский язык, уровень A2")
    trip.required_courses.add(course)
    participant = TrainingParticipantFactory(organization=org, course=course, person=trip.person)

    with pytest.raises(OutboundError, match=r"training not completed \(R8.5\): Корейский"):
        services.trip_transition(
            trip=trip, to_status=TripStatus.DOCUMENTS_READY, actor=service_head
        )

    services.participant_update(
        participant=participant, actor=service_head, data={"status": ParticipantStatus.COMPLETED}
    )
    services.trip_transition(trip=trip, to_status=TripStatus.DOCUMENTS_READY, actor=service_head)
    assert trip.status == TripStatus.DOCUMENTS_READY
    assert participant.completed_on == dt.date(2026, 2, 20)  # the course's last day


def test_bolashak_trip_needs_its_contract_before_departure(org, make_trip, service_head):
    trip = _ready_trip(org, make_trip, funding=Funding.BOLASHAK)

    with pytest.raises(OutboundError, match="Record the contract"):
        services.trip_transition(
            trip=trip, to_status=TripStatus.DOCUMENTS_READY, actor=service_head
        )

    services.trip_update(
        trip=trip,
        actor=service_head,
        data={
            "contract_number": "Б-2026/117",
            "contract_date": dt.date(2026, 1, 20),
            "work_off_months": 60,
            "work_off_employer": "КазНУ",
        },
    )
    services.trip_transition(trip=trip, to_status=TripStatus.DOCUMENTS_READY, actor=service_head)
    assert trip.status == TripStatus.DOCUMENTS_READY


@time_machine.travel("2026-03-20 12:00 +0500")
def test_r8_6_return_creates_both_reports_due_in_working_days(org, make_trip, service_head):
    trip = make_trip(status=TripStatus.DOCUMENTS_READY)

    services.trip_transition(
        trip=trip, to_status=TripStatus.ABROAD, actor=service_head, on_date=dt.date(2026, 3, 2)
    )
    services.trip_transition(
        trip=trip, to_status=TripStatus.RETURNED, actor=service_head, on_date=dt.date(2026, 3, 20)
    )

    reports = {r.kind: r.due_on for r in TripReport.objects.filter(trip=trip)}
    # 21-25 March: weekend and Nauryz; 3 working days after Friday 20 March is 30 March.
    assert reports == {
        ReportKind.FINANCIAL: dt.date(2026, 3, 30),
        ReportKind.FULL: dt.date(2026, 4, 8),
    }
    assert _actions(trip) == ["outbound.trip.departed", "outbound.trip.returned"]


@time_machine.travel("2026-04-01 12:00 +0500")
def test_r8_6_report_periods_are_the_organizations_settings(org, make_trip, service_head):
    services.outbound_settings_update(
        organization=org,
        actor=service_head,
        data={"financial_report_working_days": 5, "full_report_working_days": 20},
    )
    trip = make_trip(status=TripStatus.ABROAD, actual_departure=dt.date(2026, 3, 2))

    services.trip_transition(
        trip=trip, to_status=TripStatus.RETURNED, actor=service_head, on_date=dt.date(2026, 3, 27)
    )

    assert {r.kind: r.due_on for r in trip.reports.all()} == {
        ReportKind.FINANCIAL: dt.date(2026, 4, 3),
        ReportKind.FULL: dt.date(2026, 4, 24),
    }


@time_machine.travel("2026-04-01 12:00 +0500")
def test_return_before_departure_is_refused(org, make_trip, service_head):
    trip = make_trip(status=TripStatus.ABROAD, actual_departure=dt.date(2026, 3, 2))

    with pytest.raises(OutboundError) as error:
        services.trip_transition(
            trip=trip,
            to_status=TripStatus.RETURNED,
            actor=service_head,
            on_date=dt.date(2026, 2, 27),
        )

    assert error.value.field == "on_date"
    assert str(error.value.message) == (
        "The return (27.02.2026) cannot be before the departure (02.03.2026)."
    )
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.ABROAD


@time_machine.travel("2026-04-01 12:00 +0500")
def test_departure_date_cannot_be_in_the_future(org, make_trip, service_head):
    trip = make_trip(status=TripStatus.DOCUMENTS_READY)

    with pytest.raises(OutboundError, match="cannot be in the future"):
        services.trip_transition(
            trip=trip, to_status=TripStatus.ABROAD, actor=service_head, on_date=dt.date(2026, 4, 2)
        )


def test_trip_cannot_skip_steps_or_be_cancelled_abroad(org, make_trip, service_head):
    planned = make_trip()
    abroad = make_trip(status=TripStatus.ABROAD, actual_departure=dt.date(2026, 3, 2))

    with pytest.raises(OutboundError, match="cannot become “abroad”"):
        services.trip_transition(
            trip=planned, to_status=TripStatus.ABROAD, actor=service_head, on_date=dt.date.today()
        )
    with pytest.raises(OutboundError, match="cannot become “cancelled”"):
        services.trip_transition(
            trip=abroad, to_status=TripStatus.CANCELLED, actor=service_head, reason="болезнь"
        )


def test_cancel_needs_a_reason_and_puts_the_candidate_back(org, make_trip, service_head):
    candidate = CandidateFactory(organization=org, status=CandidateStatus.SELECTED)
    trip = make_trip(person=candidate.person, candidate=candidate, status=TripStatus.APPROVED)

    with pytest.raises(OutboundError) as error:
        services.trip_transition(trip=trip, to_status=TripStatus.CANCELLED, actor=service_head)
    services.trip_transition(
        trip=trip, to_status=TripStatus.CANCELLED, actor=service_head, reason="Отказ визы"
    )

    assert error.value.field == "reason"
    candidate.refresh_from_db()
    assert (trip.status, trip.cancel_reason) == (TripStatus.CANCELLED, "Отказ визы")
    assert candidate.status == CandidateStatus.ACTIVE


def test_closed_trip_keeps_only_the_work_off_obligation_editable(org, make_trip, service_head):
    trip = make_trip(status=TripStatus.REPORT_ACCEPTED, funding=Funding.BOLASHAK)

    services.trip_update(
        trip=trip, actor=service_head, data={"work_off_fulfilled_on": dt.date(2031, 9, 1)}
    )
    with pytest.raises(OutboundError, match="only the work-off obligation"):
        services.trip_update(trip=trip, actor=service_head, data={"city": "Пусан"})

    assert Trip.objects.get(pk=trip.pk).work_off_fulfilled_on == dt.date(2031, 9, 1)


# --- documents (R8.4) -----------------------------------------------------------------------


@time_machine.travel("2026-02-10 12:00 +0500")
def test_r8_4_trip_document_keeps_its_copy_and_status(org, make_trip, service_staff):
    document = TripDocumentFactory(organization=org, trip=make_trip(), copy=None)

    services.trip_document_update(
        document=document,
        actor=service_staff,
        data={"status": DocumentStatus.RECEIVED, "valid_until": dt.date(2031, 5, 1)},
        copy=SimpleUploadedFile("scan.pdf", PDF_BYTES),
    )

    document.refresh_from_db()
    assert (document.status, document.received_on) == ("received", dt.date(2026, 2, 10))
    assert document.copy.name.endswith(".pdf")
    assert _actions(document) == ["outbound.trip_document.updated"]


def test_trip_document_refuses_a_copy_that_is_not_a_document(org, make_trip, service_staff):
    document = TripDocumentFactory(organization=org, trip=make_trip(), copy=None)

    with pytest.raises(ValidationError) as error:
        services.trip_document_update(
            document=document,
            actor=service_staff,
            data={"status": DocumentStatus.RECEIVED},
            copy=SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf"),
        )

    assert "copy" in error.value.message_dict


# --- reports (R8.6) -------------------------------------------------------------------------


def _returned_trip(org, make_trip):
    trip = make_trip(
        status=TripStatus.RETURNED,
        actual_departure=dt.date(2026, 3, 2),
        actual_return=dt.date(2026, 3, 27),
    )
    financial = TripReport.objects.create(
        organization=org, trip=trip, kind=ReportKind.FINANCIAL, due_on=dt.date(2026, 4, 1)
    )
    full = TripReport.objects.create(
        organization=org, trip=trip, kind=ReportKind.FULL, due_on=dt.date(2026, 4, 10)
    )
    return trip, financial, full


@time_machine.travel("2026-04-06 12:00 +0500")
def test_r8_6_an_overdue_report_is_not_accepted_empty(org, make_trip, service_staff):
    _trip, financial, full = _returned_trip(org, make_trip)

    with pytest.raises(ValidationError) as financial_error:
        services.report_submit(report=financial, actor=service_staff, data={"summary": ""})
    with pytest.raises(ValidationError) as full_error:
        services.report_submit(report=full, actor=service_staff, data={"results": "Стажировка"})

    assert financial_error.value.message_dict == {"amount_spent": ["Enter the amount spent."]}
    assert list(full_error.value.message_dict) == ["teaching_use"]
    assert TripReport.objects.get(pk=financial.pk).status == ReportStatus.DUE


@time_machine.travel("2026-04-06 12:00 +0500")
def test_r8_6_both_reports_accepted_close_the_trip(org, make_trip, service_staff, service_head):
    trip, financial, full = _returned_trip(org, make_trip)

    services.report_submit(
        report=financial, actor=service_staff, data={"amount_spent": "812000.00"}
    )
    services.report_submit(
        report=full,
        actor=service_staff,
        data={
            "results": "Прослушан курс по машинному обучению",
            "teaching_use": "Новая лекция в курсе «Анализ данных»",
        },
    )
    services.report_accept(report=financial, actor=service_head)
    trip.refresh_from_db()
    assert trip.status == TripStatus.RETURNED
    services.report_accept(report=full, actor=service_head)

    trip.refresh_from_db()
    assert trip.status == TripStatus.REPORT_ACCEPTED
    assert financial.submitted_on == dt.date(2026, 4, 6)
    assert _actions(financial) == ["outbound.report.submitted", "outbound.report.accepted"]
    assert _actions(trip)[-1] == "outbound.trip.closed"


@time_machine.travel("2026-04-06 12:00 +0500")
def test_r8_6_returned_report_is_submitted_again(org, make_trip, service_staff, service_head):
    _trip, financial, _full = _returned_trip(org, make_trip)
    services.report_submit(report=financial, actor=service_staff, data={"amount_spent": "1"})

    services.report_return(report=financial, actor=service_head, comment="Приложите чеки")
    services.report_submit(report=financial, actor=service_staff, data={"amount_spent": "8"})

    assert (financial.status, financial.service_comment) == ("submitted", "Приложите чеки")


def test_report_attachment_refuses_other_files(org, make_trip, service_staff):
    _trip, _financial, full = _returned_trip(org, make_trip)

    with pytest.raises(ValidationError) as error:
        services.report_attachment_add(
            report=full,
            actor=service_staff,
            title="Транскрипт",
            upload=SimpleUploadedFile("t.pdf", b"plain text"),
        )
    attachment = services.report_attachment_add(
        report=full,
        actor=service_staff,
        title="Транскрипт с переводом",
        upload=SimpleUploadedFile("t.pdf", PDF_BYTES),
    )

    assert "file" in error.value.message_dict
    assert attachment.file.name.endswith(".pdf")


# --- the reserve (R8.7) and training --------------------------------------------------------


def test_r8_7_candidate_is_included_with_languages(org, unit, person, service_staff):
    candidate = services.candidate_create(
        organization=org,
        actor=service_staff,
        data={
            "person_iin": person.iin,
            "unit": unit,
            "category": "student",
            "gpa": "3.71",
            "countries_of_interest": ["DE", "AT"],
            "included_on": dt.date(2025, 10, 1),
        },
        languages=[
            {"language": "en", "level": "C1", "certificate": "IELTS", "score": "7.0"},
            {"language": "de", "level": "B1"},
        ],
    )

    assert [str(lang) for lang in candidate.languages.all()] == [
        "German B1",
        "English C1 (IELTS 7.0)",
    ]
    assert _actions(candidate) == ["outbound.candidate.created"]


def test_r8_7_candidate_is_in_the_reserve_once(org, person, service_staff):
    CandidateFactory(organization=org, person=person)

    with pytest.raises(OutboundError, match="already in the reserve"):
        services.candidate_create(
            organization=org,
            actor=service_staff,
            data={"person": person, "category": "student", "included_on": dt.date(2026, 1, 9)},
        )


def test_r8_7_selecting_a_candidate_creates_the_trip(org, unit, service_staff):
    candidate = CandidateFactory(organization=org, unit=unit)
    plan = TripPlanFactory(organization=org, unit=unit, status=PlanStatus.APPROVED)
    row = PlanRowFactory(organization=org, plan=plan, person=None, position="студент")

    trip = services.candidate_select(candidate=candidate, row=row, actor=service_staff)

    candidate.refresh_from_db()
    assert (trip.person, trip.candidate, trip.plan_row) == (candidate.person, candidate, row)
    assert candidate.status == CandidateStatus.SELECTED
    assert _actions(candidate) == ["outbound.candidate.selected"]


def test_session_must_fall_within_the_course(org, service_staff):
    course = TrainingCourseFactory(organization=org)

    with pytest.raises(OutboundError) as error:
        services.session_create(
            course=course,
            actor=service_staff,
            data={"date": dt.date(2026, 3, 1), "topic": "Страноведение", "hours": 2},
        )

    assert error.value.field == "date"


def test_participant_is_enrolled_once(org, person, service_staff):
    course = TrainingCourseFactory(organization=org)
    services.participant_add(course=course, actor=service_staff, data={"person_iin": person.iin})

    with pytest.raises(OutboundError, match="already enrolled"):
        services.participant_add(
            course=course, actor=service_staff, data={"person_iin": person.iin}
        )


def test_course_required_by_trips_is_not_deleted(org, make_trip, service_staff):
    course = TrainingCourseFactory(organization=org)
    make_trip().required_courses.add(course)

    with pytest.raises(OutboundError, match="Trips require this course"):
        services.course_delete(course=course, actor=service_staff)


def test_first_own_requirement_stores_the_default_checklist(org, service_head):
    services.document_requirement_create(
        organization=org,
        actor=service_head,
        data={"code": "other", "name": "Справка 086/у", "trip_kinds": [TripKind.DEGREE_STUDY]},
    )

    assert list(
        DocumentRequirement.objects.filter(organization=org).values_list("code", flat=True)
    ) == [
        "passport",
        "visa",
        "invitation",
        "insurance",
        "order",
        "tickets",
        "learning_agreement",
        "other",
    ]
