"""Pages of the outbound registries: the role matrix of the write views, unit scoping for
coordinators, lists in a fixed number of queries, bad input, export, import, dashboard."""

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from tests.factories.outbound import (
    CandidateFactory,
    PlanRowFactory,
    TrainingCourseFactory,
    TrainingParticipantFactory,
    TrainingSessionFactory,
    TripDocumentFactory,
    TripFactory,
    TripPlanFactory,
    TripReportFactory,
)
from tests.factories.people import PersonFactory, make_iin
from yntymaq.core.models import AuditEntry
from yntymaq.outbound.enums import DocumentStatus, PlanStatus, ReportStatus, TripStatus
from yntymaq.outbound.models import Candidate, Trip, TripPlan, TripReport

pytestmark = pytest.mark.django_db

BASE = "/o/kaznu/outbound"

TRIP_POST = {
    "kind": "internship",
    "purpose": "research",
    "funding": "organization",
    "country": "KR",
    "city": "Сеул",
    "host_organization": "Seoul National University",
    "planned_departure": "2026-05-04",
    "planned_return": "2026-05-29",
}


def write_case(name, org, unit, person):
    """(url, valid POST data, permission holder fixture) of each write view."""
    if name == "plan-create":
        return f"{BASE}/plans/new/", {"unit": unit.pk, "year": "2026"}
    plan = TripPlanFactory(organization=org, unit=unit)
    row = PlanRowFactory(organization=org, plan=plan, person=person)
    if name == "plan-update":
        return f"{BASE}/plans/{plan.pk}/edit/", {"unit": unit.pk, "year": "2027"}
    if name == "plan-submit":
        return f"{BASE}/plans/{plan.pk}/submit/", {}
    if name == "plan-delete":
        return f"{BASE}/plans/{plan.pk}/delete/", {}
    if name == "plan-row-create":
        return f"{BASE}/plans/{plan.pk}/rows/new/", {
            "position": "доцент",
            "country": "FR",
            "city": "Лион",
            "host_organization": "Université Lyon 1",
            "purpose": "work",
            "kind": "teaching",
            "planned_departure": "2026-10-05",
            "planned_return": "2026-10-16",
            "funding": "host",
        }
    if name == "plan-row-delete":
        return f"{BASE}/plans/{plan.pk}/rows/{row.pk}/delete/", {}
    if name in ("plan-approve", "plan-return"):
        plan.status = PlanStatus.SUBMITTED
        plan.save()
        action = name.split("-")[1]
        return f"{BASE}/plans/{plan.pk}/{action}/", {"comment": "Уточните сроки"}
    if name == "plan-row-trip":
        plan.status = PlanStatus.APPROVED
        plan.save()
        return f"{BASE}/plans/{plan.pk}/rows/{row.pk}/trip/", {}
    trip = TripFactory(organization=org, unit=unit, person=person)
    if name == "trip-create":
        return f"{BASE}/trips/new/", TRIP_POST | {"person_iin": PersonFactory(organization=org).iin}
    if name == "trip-update":
        return f"{BASE}/trips/{trip.pk}/edit/", TRIP_POST | {"person_iin": person.iin}
    if name == "trip-transition":
        return f"{BASE}/trips/{trip.pk}/status/", {"to_status": "cancelled", "reason": "Отказ"}
    if name == "trip-document-update":
        document = TripDocumentFactory(organization=org, trip=trip)
        return f"{BASE}/trips/{trip.pk}/documents/{document.pk}/edit/", {"status": "received"}
    if name == "trip-document-create":
        return f"{BASE}/trips/{trip.pk}/documents/new/", {"code": "other", "name": "Справка 086"}
    if name == "candidate-create":
        return f"{BASE}/reserve/new/", {
            "person_iin": person.iin,
            "category": "student",
            "status": "active",
            "languages-TOTAL_FORMS": "1",
            "languages-INITIAL_FORMS": "0",
            "languages-0-language": "en",
            "languages-0-level": "B2",
        }
    if name == "course-create":
        return f"{BASE}/training/new/", {
            "title": "Страноведение: Корея",
            "kind": "country_studies",
            "starts_on": "2026-02-02",
            "ends_on": "2026-02-27",
        }
    if name == "settings":
        return f"{BASE}/settings/", {
            "financial_report_working_days": "3",
            "full_report_working_days": "15",
            "exit_documents_working_days": "10",
            "passport_valid_months": "6",
            "attention_days": "14",
        }
    raise AssertionError(name)


# view name -> roles that may use it
WRITE_VIEWS = {
    "plan-create": ["service_head", "service_staff", "coordinator"],
    "plan-update": ["service_head", "coordinator"],
    "plan-submit": ["coordinator"],
    "plan-delete": ["service_staff"],
    "plan-row-create": ["coordinator"],
    "plan-row-delete": ["coordinator"],
    "plan-approve": ["service_head"],
    "plan-return": ["service_head"],
    "plan-row-trip": ["service_staff"],
    "trip-create": ["service_staff"],
    "trip-update": ["service_head"],
    "trip-transition": ["service_staff"],
    "trip-document-update": ["service_staff"],
    "trip-document-create": ["service_staff"],
    "candidate-create": ["service_staff"],
    "course-create": ["service_staff"],
    "settings": ["service_head"],
}
REFUSED = {
    "plan-create": ["leadership", "auditor"],
    "plan-update": ["leadership", "auditor"],
    "plan-submit": ["auditor"],
    "plan-delete": ["leadership"],
    "plan-row-create": ["auditor"],
    "plan-row-delete": ["leadership"],
    "plan-approve": ["service_staff", "coordinator"],
    "plan-return": ["service_staff", "coordinator"],
    "plan-row-trip": ["coordinator", "auditor"],
    "trip-create": ["coordinator", "leadership", "auditor"],
    "trip-update": ["coordinator", "auditor"],
    "trip-transition": ["coordinator", "leadership"],
    "trip-document-update": ["coordinator", "auditor"],
    "trip-document-create": ["leadership"],
    "candidate-create": ["coordinator", "auditor"],
    "course-create": ["coordinator", "leadership"],
    "settings": ["coordinator", "auditor"],
}


@pytest.mark.parametrize(
    ("name", "role"), [(n, r) for n, roles in WRITE_VIEWS.items() for r in roles]
)
def test_write_view_redirects_after_audited_change(name, role, org, unit, person, request, as_user):
    user = request.getfixturevalue(role)
    url, data = write_case(name, org, unit, person)
    client = as_user(user)

    assert client.get(url).status_code == 200
    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    assert AuditEntry.objects.filter(action__startswith="outbound.", actor=user).exists()


@pytest.mark.parametrize(("name", "role"), [(n, r) for n, roles in REFUSED.items() for r in roles])
def test_write_view_refused_to_other_roles(name, role, org, unit, person, request, as_user):
    user = request.getfixturevalue(role)
    url, data = write_case(name, org, unit, person)
    client = as_user(user)

    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="outbound.").exists()


@pytest.mark.parametrize("name", list(WRITE_VIEWS))
def test_write_view_of_other_organization_is_404(name, org, unit, person, other_org_user, as_user):
    url, data = write_case(name, org, unit, person)
    client = as_user(other_org_user)

    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404


@pytest.mark.parametrize("name", list(WRITE_VIEWS))
def test_write_view_sends_anonymous_to_login(name, org, unit, person, client):
    url, data = write_case(name, org, unit, person)

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


# --- unit scope for coordinators ------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["plans/{plan}/", "plans/{plan}/edit/", "trips/{trip}/", "reserve/{candidate}/"]
)
def test_coordinator_gets_404_for_another_units_objects(
    path, org, other_unit, coordinator, as_user
):
    ids = {
        "plan": TripPlanFactory(organization=org, unit=other_unit).pk,
        "trip": TripFactory(organization=org, unit=other_unit).pk,
        "candidate": CandidateFactory(organization=org, unit=other_unit).pk,
    }

    response = as_user(coordinator).get(f"{BASE}/{path.format(**ids)}")

    assert response.status_code == 404


def test_coordinator_lists_show_only_their_unit(org, unit, other_unit, coordinator, as_user):
    TripPlanFactory(organization=org, unit=unit, title="План физиков")
    TripPlanFactory(organization=org, unit=other_unit, title="План химиков")
    client = as_user(coordinator)

    page = client.get(f"{BASE}/plans/").content.decode()

    assert "Факультет физики" in page
    assert "Факультет химии" not in page


def test_coordinator_cannot_draft_a_plan_for_another_unit(
    org, unit, other_unit, coordinator, as_user
):
    response = as_user(coordinator).post(
        f"{BASE}/plans/new/", {"unit": other_unit.pk, "year": "2026"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not TripPlan.objects.exists()


# --- lists in a fixed number of queries -----------------------------------------------------


def _make_rows(org, unit, count):
    for _ in range(count):
        person = PersonFactory(organization=org)
        trip = TripFactory(
            organization=org,
            unit=unit,
            person=person,
            status=TripStatus.ABROAD,
            actual_departure=dt.date(2026, 3, 2),
            exit_documents_due=dt.date(2026, 2, 2),
        )
        TripDocumentFactory(organization=org, trip=trip, status=DocumentStatus.PENDING)
        TripReportFactory(organization=org, trip=trip, due_on=dt.date(2026, 4, 1))
        plan = TripPlanFactory(organization=org, unit=unit)
        PlanRowFactory(organization=org, plan=plan, person=person)
        candidate = CandidateFactory(organization=org, unit=unit, person=person)
        candidate.languages.create(organization=org, language="en", level="B2")
        course = TrainingCourseFactory(organization=org)
        TrainingParticipantFactory(organization=org, course=course, person=person)
        TrainingSessionFactory(organization=org, course=course)


LIST_PAGES = [
    "",
    "?status=abroad&country=KR",
    "abroad/?on=2026-04-15",
    "r4-3/?on=2026-04-15",
    "plans/",
    "reserve/?language=en&min_level=B1",
    "training/",
    "reports/",
    "documents/overdue/",
]


@pytest.mark.parametrize("page", LIST_PAGES)
@time_machine.travel("2026-04-15 10:00 +0500")
def test_list_runs_the_same_queries_for_1_and_50_rows(page, org, unit, service_head, as_user):
    client = as_user(service_head)
    _make_rows(org, unit, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{BASE}/{page}").status_code == 200
    _make_rows(org, unit, 49)

    with CaptureQueriesContext(connection) as fifty:
        response = client.get(f"{BASE}/{page}")

    assert response.status_code == 200
    assert len(fifty) == len(one)


@pytest.mark.parametrize("page", LIST_PAGES)
@pytest.mark.parametrize("role", ["leadership", "auditor"])
def test_read_only_roles_read_every_list(page, role, org, request, as_user):
    assert as_user(request.getfixturevalue(role)).get(f"{BASE}/{page}").status_code == 200


def test_coordinator_is_refused_the_organization_wide_r4_3_list(org, coordinator, as_user):
    assert as_user(coordinator).get(f"{BASE}/r4-3/").status_code == 403


# --- bad input ------------------------------------------------------------------------------


def test_trip_with_return_before_departure_keeps_the_input(org, service_staff, as_user, person):
    response = as_user(service_staff).post(
        f"{BASE}/trips/new/",
        TRIP_POST | {"person_iin": person.iin, "planned_return": "2026-05-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["planned_return"] == [
        "The return (01.05.2026) cannot be before the departure (04.05.2026)."
    ]
    page = response.content.decode()
    assert 'value="Seoul National University"' in page
    assert not Trip.objects.exists()


def test_trip_with_an_iin_of_another_person_is_refused(org, service_staff, as_user, person):
    response = as_user(service_staff).post(
        f"{BASE}/trips/new/",
        TRIP_POST | {"person_iin": person.iin, "person_last_name": "Петров"},
    )

    assert response.context["form"].errors["person_iin"] == [
        f"The IIN {person.iin} belongs to Сейткали Айгерим, not to “Петров”."
    ]


def test_trip_approval_without_an_approved_plan_row_is_refused_with_a_message(
    org, unit, service_head, as_user
):
    trip = TripFactory(organization=org, unit=unit)

    response = as_user(service_head).post(
        f"{BASE}/trips/{trip.pk}/status/", {"to_status": "approved"}
    )

    assert response.status_code == 200
    assert "approved unit trip plan (R8.5)" in response.content.decode()
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.PLANNED


def test_trip_page_warns_about_a_short_passport_in_kazakh(org, unit, service_head, as_user):
    trip = TripFactory(organization=org, unit=unit, planned_return=dt.date(2026, 3, 27))
    TripDocumentFactory(organization=org, trip=trip, valid_until=dt.date(2026, 6, 1))

    page = as_user(service_head, "kk").get(f"{BASE}/trips/{trip.pk}/").content.decode()

    assert "passport-warning" in page
    assert "R8.4" in page


@time_machine.travel("2026-04-06 10:00 +0500")
def test_empty_overdue_report_shows_messages_beside_the_fields(org, unit, service_staff, as_user):
    report = TripReportFactory(organization=org, trip__unit=unit, due_on=dt.date(2026, 4, 1))
    url = f"{BASE}/trips/{report.trip_id}/reports/{report.pk}/"

    response = as_user(service_staff).post(url, {"results": "Курс пройден"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "teaching_use": [
            "Say how the results are brought into teaching, methodological work or research (R8.6)."
        ]
    }
    assert "Курс пройден" in response.content.decode()
    assert TripReport.objects.get(pk=report.pk).status == ReportStatus.DUE


# --- export, import -------------------------------------------------------------------------


def test_a2_4_export_has_the_appendix_columns(org, unit, service_staff, as_user, person):
    TripFactory(
        organization=org,
        unit=unit,
        person=person,
        residence_in_kazakhstan="Алматы, ул. Абая, 10",
        address_abroad="Gwanak-ro 1, Seoul",
        status=TripStatus.ABROAD,
        actual_departure=dt.date(2026, 3, 2),
    )

    response = as_user(service_staff).get(f"{BASE}/trips/export.xlsx")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "No.",
        "Surname, given name, patronymic",
        "Date of birth",
        "Place of residence in Kazakhstan",
        "Temporary place of residence abroad",
        "Purpose of the trip",
        "Terms of the trip",
        "Place of the trip",
        "Date of return to Kazakhstan",
        "Status",
    )
    assert rows[1][:6] == (
        1,
        "Сейткали Айгерим",
        dt.datetime(2001, 4, 12),
        "Алматы, ул. Абая, 10",
        "Gwanak-ro 1, Seoul",
        "research (internship)",
    )
    assert rows[1][6] == "02.03.2026–27.03.2026"
    assert rows[1][7].startswith("South Korea, Сеул, Seoul National University")
    assert rows[1][8] == dt.datetime(2026, 3, 27)
    assert AuditEntry.objects.filter(action="outbound.trip.exported").count() == 1


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "ИИН",
            "Фамилия",
            "Имя",
            "Отчество",
            "Дата рождения",
            "Подразделение",
            "Вид",
            "Цель",
            "Страна",
            "Город",
            "Принимающая организация",
            "Плановый выезд",
            "Плановое возвращение",
            "Финансирование",
            "Номер приказа",
            "Дата приказа",
            "Временный адрес за рубежом",
            "Место жительства в Казахстане",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "trips.xlsx"
    return buffer


def _row(iin, last_name="Нурланов", birth="12.04.2001", **changes):
    values = {
        "iin": iin,
        "last_name": last_name,
        "first_name": "Алихан",
        "patronymic": "",
        "birth": birth,
        "unit": "Факультет физики",
        "kind": "стажировка",
        "purpose": "научное исследование",
        "country": "Германия",
        "city": "Берлин",
        "host": "Freie Universität Berlin",
        "departure": "01.09.2026",
        "return": "20.09.2026",
        "funding": "организация",
        "order": "",
        "order_date": "",
        "abroad": "",
        "home": "Астана",
    }
    values.update(changes)
    return list(values.values())


def test_import_is_all_or_nothing_and_lists_every_error(org, unit, service_staff, as_user):
    good = make_iin(dt.date(2001, 4, 12), "M", 7)
    wrong_birth = make_iin(dt.date(1999, 1, 1), "M", 3)
    upload = _workbook(
        [
            _row(good),
            _row(wrong_birth, last_name="Ошибкин"),
            _row(
                make_iin(dt.date(2001, 4, 12), "M", 9),
                last_name="Другой",
                departure="15.10.2026",
                **{"return": "01.10.2026"},
            ),
            _row("123", country="Атлантида"),
        ]
    )

    response = as_user(service_staff).post(f"{BASE}/trips/import/", {"file": upload})

    errors = response.context["errors"]
    assert {(row, column) for row, column, _message in errors} == {
        (3, "IIN"),
        (4, "Planned return"),
        (5, "IIN"),
        (5, "Country"),
    }
    assert not Trip.objects.exists()


def test_import_commits_and_a_second_import_changes_nothing(org, unit, service_staff, as_user):
    client = as_user(service_staff)
    iin = make_iin(dt.date(2001, 4, 12), "M", 7)

    preview = client.post(f"{BASE}/trips/import/", {"file": _workbook([_row(iin)])})
    committed = client.post(f"{BASE}/trips/import/", {"upload": preview.context["stored"].pk})
    again = client.post(f"{BASE}/trips/import/", {"file": _workbook([_row(iin)])})

    assert committed.status_code == 302
    trip = Trip.objects.get()
    assert (trip.person.last_name, trip.unit, trip.kind, trip.country.code) == (
        "Нурланов",
        unit,
        "internship",
        "DE",
    )
    assert (again.context["result"].unchanged, again.context["result"].created) == (1, 0)


# --- the browser-free walk of the main path -------------------------------------------------


@time_machine.travel("2026-04-15 10:00 +0500")
def test_dashboard_shows_the_r4_3_count_with_a_link(org, unit, service_head, as_user):
    TripFactory(
        organization=org,
        unit=unit,
        status=TripStatus.ABROAD,
        actual_departure=dt.date(2026, 3, 2),
        planned_return=dt.date(2026, 6, 30),
    )

    page = as_user(service_head).get("/o/kaznu/").content.decode()

    assert "Citizens abroad by our direction (R4.3)" in page
    assert f'href="{BASE}/r4-3/">1</a>' in page


def test_candidate_select_creates_the_trip(org, unit, service_staff, as_user):
    candidate = CandidateFactory(organization=org, unit=unit)
    plan = TripPlanFactory(organization=org, unit=unit, status=PlanStatus.APPROVED)
    row = PlanRowFactory(organization=org, plan=plan, person=None, position="магистрант")

    response = as_user(service_staff).post(
        f"{BASE}/reserve/{candidate.pk}/select/", {"row": row.pk}
    )

    trip = Trip.objects.get()
    assert response["Location"] == f"{BASE}/trips/{trip.pk}/"
    assert Candidate.objects.get().status == "selected"


def test_trip_document_copy_is_served_with_nosniff(org, unit, service_staff, as_user):
    document = TripDocumentFactory(organization=org, trip__unit=unit)

    response = as_user(service_staff).get(
        f"{BASE}/trips/{document.trip_id}/documents/{document.pk}/copy/"
    )

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_plan_row_page_reveals_no_name_of_another_units_person(
    org, unit, other_unit, coordinator, as_user
):
    stranger = PersonFactory(
        organization=org, last_name="Жумабаева", first_name="Динара", last_name_latin="ZHUMABAYEVA"
    )
    plan = TripPlanFactory(organization=org, unit=unit)

    response = as_user(coordinator).post(
        f"{BASE}/plans/{plan.pk}/rows/new/",
        {
            "person_iin": stranger.iin,
            "person_last_name": "Петров",
            "country": "FR",
            "city": "Лион",
            "host_organization": "Université Lyon 1",
            "purpose": "work",
            "kind": "teaching",
            "planned_departure": "2026-10-05",
            "planned_return": "2026-10-16",
            "funding": "host",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Nobody of your units has the IIN {stranger.iin}." in page
    assert "Жумабаева" not in page
    assert "ZHUMABAYEVA" not in page
    assert "Динара" not in page
    assert plan.rows.count() == 0


def test_plan_list_prints_the_year_without_a_thousands_separator(org, service_head, client_for):
    TripPlanFactory(organization=org, year=2027)

    page = client_for(service_head).get(f"{BASE}/plans/").content.decode()

    assert "<td>2027</td>" in page
    assert "2 027" not in page
    assert "2\xa0027" not in page
