"""Pages of the incoming app: the registry, stays, records, questionnaire review, import/export."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories.incoming import (
    QuestionnaireFactory,
    RoomFactory,
    StayFactory,
    TreatmentRequestFactory,
)
from tests.factories.people import ForeignerFactory
from yntymaq.core.models import AuditEntry
from yntymaq.incoming.imports import COLUMNS
from yntymaq.incoming.models import Stay, StayTask, Visa

pytestmark = pytest.mark.django_db


def url(name, org="kaznu", **kwargs):
    return reverse(f"incoming:{name}", kwargs={"org_slug": org, **kwargs})


# --- the registry --------------------------------------------------------------------------------


def registry_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context)


def test_registry_page_runs_the_same_queries_for_1_and_50_rows(org, service_staff, client_for):
    client = client_for(service_staff)
    StayFactory(organization=org)
    one = registry_queries(client, url("stay-list"))

    StayFactory.create_batch(49, organization=org)
    fifty = registry_queries(client, url("stay-list"))

    assert one == fifty


def test_registry_filters_and_search(org, service_staff, client_for, stay):
    StayFactory(
        organization=org,
        category="teacher",
        person=ForeignerFactory(organization=org, last_name="Смит"),
    )

    response = client_for(service_staff).get(
        url("stay-list"), {"q": "wei", "category": "main_program"}
    )

    text = response.content.decode()
    assert "Ли Вэй" in text
    assert "Смит" not in text


def test_registry_htmx_returns_only_the_table(service_staff, client_for, stay):
    response = client_for(service_staff).get(url("stay-list"), HTTP_HX_REQUEST="true")

    assert "<html" not in response.content.decode()
    assert "Ли Вэй" in response.content.decode()


def test_coordinator_does_not_see_the_registry(coordinator, client_for):
    assert client_for(coordinator).get(url("stay-list")).status_code == 403


# --- a2.3 export ---------------------------------------------------------------------------------


def test_a2_3_export_has_the_columns_and_never_a1_6(org, service_head, client_for, stay):
    QuestionnaireFactory(organization=org, stay=stay, religion="Секретная вера")

    response = client_for(service_head).get(url("stay-export"))

    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:11] == (
        "№",
        "ФИО",
        "ФИО латиницей",
        "Год рождения",
        "Страна прибытия",
        "Линия прибытия",
        "Специальность",
        "Курс",
        "Место проживания",
        "Предполагаемая дата завершения обучения (работы, исследования)",
        "Предполагаемая дата выезда из Казахстана",
    )
    assert rows[1][1] == "Ли Вэй"
    assert rows[1][3] == 1990
    assert "Секретная вера" not in content.decode("utf-8", errors="ignore")
    assert AuditEntry.objects.filter(action="incoming.stay.exported").count() == 1


# --- import --------------------------------------------------------------------------------------


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append([texts.split("|")[1] for texts in COLUMNS.values()])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(
        "stays.xlsx",
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


GOOD = [
    "Иванов",
    "Пётр",
    "",
    "IVANOV",
    "PETR",
    "12.03.2001",
    "М",
    "RU",
    "main_program",
    "enrolled",
    "paid_contract",
    "6B06102",
    "Информатика",
    2,
    "русский",
    "25.08.2024",
    "30.06.2028",
    "15.07.2028",
    None,
    "Общежитие № 2",
    "1500000",
]
BAD = [
    "Ким",
    "Анна",
    "",
    "KIM",
    "ANNA",
    "не дата",
    "Ж",
    "KR",
    "main_program",
    "enrolled",
    "state_grant",
    "",
    "",
    1,
    "",
    "",
    "",
    "",
    None,
    "",
    None,
]


def test_import_preview_lists_every_row_error_and_saves_nothing(org, service_staff, client_for):
    response = client_for(service_staff).post(url("stay-import"), {"file": workbook([GOOD, BAD])})

    assert response.status_code == 200
    errors = response.context["errors"]
    assert [(row, column) for row, column, _message in errors] == [(3, "Дата рождения")]
    assert Stay.objects.filter(organization=org).count() == 0


def test_import_commit_then_the_same_file_changes_nothing(org, service_staff, client_for):
    client = client_for(service_staff)
    preview = client.post(url("stay-import"), {"file": workbook([GOOD])})
    stored = preview.context["stored"]

    committed = client.post(url("stay-import"), {"upload": stored.pk, "commit": "1"})
    again = client.post(url("stay-import"), {"file": workbook([GOOD])})

    assert committed.status_code == 302
    stay = Stay.objects.get(organization=org)
    assert (stay.status, stay.person.last_name_latin, stay.course) == ("enrolled", "IVANOV", 2)
    result = again.context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_import_of_a_file_that_is_not_xlsx_says_so(service_staff, client_for):
    response = client_for(service_staff).post(
        url("stay-import"), {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# --- stay pages ----------------------------------------------------------------------------------


def test_stay_create_with_a_new_person(org, service_staff, client_for):
    response = client_for(service_staff).post(
        url("stay-create"),
        {
            "person-last_name_latin": "SMITH",
            "person-first_name_latin": "JOHN",
            "person-citizenship": "GB",
            "person-sex": "M",
            "category": "teacher",
            "arrival_line": "inter_university",
            "program_name": "English",
        },
    )

    stay = Stay.objects.get(organization=org)
    assert response.status_code == 302
    assert (stay.person.full_name, stay.status) == ("SMITH JOHN", "invited")


def test_stay_create_keeps_the_input_when_wrong(service_staff, client_for):
    response = client_for(service_staff).post(
        url("stay-create"),
        {
            "person-last_name_latin": "SMITH",
            "person-first_name_latin": "JOHN",
            "category": "main_program",
            "arrival_line": "paid_contract",
            "program_name": "Экономика и право",
        },
    )

    assert response.status_code == 200
    assert "Экономика и право" in response.content.decode()
    assert "tuition_amount" in response.context["form"].errors


def test_stay_create_refused_to_a_read_only_role(auditor, client_for):
    assert client_for(auditor).post(url("stay-create"), {}).status_code == 403


def test_stay_pages_of_another_organization_are_404(other_org_user, client_for, stay):
    client = client_for(other_org_user)

    assert client.get(url("stay-detail", pk=stay.pk)).status_code == 404
    assert client.get(url("stay-detail", org="other", pk=stay.pk)).status_code == 404


def test_anonymous_is_sent_to_login(client, stay):
    response = client.get(url("stay-detail", pk=stay.pk))

    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_stay_detail_shows_the_registration_deadline(service_staff, client_for, stay):
    response = client_for(service_staff).get(url("stay-detail", pk=stay.pk))

    assert response.status_code == 200
    assert response.context["registration_deadline"] == dt.date(2025, 8, 28)


def test_stay_detail_queries_do_not_grow_with_records(org, service_staff, client_for, stay):
    client = client_for(service_staff)
    # Once before measuring: the working-day calendar is read at most once a minute a process.
    registry_queries(client, url("stay-detail", pk=stay.pk))
    first = registry_queries(client, url("stay-detail", pk=stay.pk))
    for n in range(3):
        Visa.objects.create(
            organization=org,
            stay=stay,
            number=f"V{n}",
            valid_from=dt.date(2025, 1, 1),
            valid_to=dt.date(2026, 1, 1),
        )

    assert registry_queries(client, url("stay-detail", pk=stay.pk)) == first


def test_transition_view_refuses_an_impossible_step(service_staff, client_for, invited):
    response = client_for(service_staff).post(
        url("stay-transition", pk=invited.pk), {"target": "departed", "on": "2025-09-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors


def test_transition_view_expels_and_creates_tasks(service_staff, client_for, stay):
    response = client_for(service_staff).post(
        url("stay-transition", pk=stay.pk), {"target": "expelled", "on": "2026-02-02"}
    )

    assert response.status_code == 302
    assert StayTask.objects.filter(stay=stay).count() == 3


def test_treatment_requests_are_hidden_from_leadership_and_audited_for_staff(
    org, leadership, service_staff, client_for, stay
):
    TreatmentRequestFactory(organization=org, stay=stay, description="Лечение зуба")

    hidden = client_for(leadership).get(url("stay-detail", pk=stay.pk)).content.decode()
    shown = client_for(service_staff).get(url("stay-detail", pk=stay.pk)).content.decode()

    assert "Лечение зуба" not in hidden
    assert "Лечение зуба" in shown
    assert AuditEntry.objects.filter(action="incoming.stay.restricted_viewed").count() == 1


def test_visa_create_view_refuses_an_expired_visa_as_current(service_staff, client_for, stay):
    response = client_for(service_staff).post(
        url("visa-create", stay_pk=stay.pk),
        {
            "kind": "C9",
            "entries": "single",
            "number": "V9",
            "valid_from": "2020-01-01",
            "valid_to": "2020-03-01",
        },
    )

    assert response.status_code == 200
    assert "valid_to" in response.context["form"].errors


def test_check_in_view_refuses_a_full_room(org, service_staff, client_for, stay):
    room = RoomFactory(organization=org, capacity=1)
    client = client_for(service_staff)
    client.post(
        url("stay-check-in", pk=StayFactory(organization=org).pk),
        {"room": room.pk, "on": "2025-09-01"},
    )

    response = client.post(url("stay-check-in", pk=stay.pk), {"room": room.pk, "on": "2025-09-01"})

    assert response.status_code == 200
    assert "room" in response.context["form"].errors


# --- questionnaire (staff side) ------------------------------------------------------------------


def test_a1_6_is_shown_to_staff_with_an_audit_entry_and_hidden_from_leadership(
    org, service_staff, leadership, client_for, stay
):
    questionnaire = QuestionnaireFactory(organization=org, stay=stay, religion="Буддизм")

    staff_page = client_for(service_staff).get(url("questionnaire-detail", stay_pk=stay.pk))
    leader_page = client_for(leadership).get(url("questionnaire-detail", stay_pk=stay.pk))

    assert "Буддизм" in staff_page.content.decode()
    assert "Буддизм" not in leader_page.content.decode()
    assert AuditEntry.objects.filter(
        action="incoming.questionnaire.restricted_viewed", object_id=str(questionnaire.pk)
    ).exists()


def test_issue_link_shows_the_link_once(service_staff, client_for, stay):
    response = client_for(service_staff).post(url("questionnaire-link", pk=stay.pk))

    assert response.status_code == 200
    assert "/q/" in response.context["issued_url"]


def test_questionnaire_photo_needs_personal_data_access(org, leadership, client_for, stay):
    QuestionnaireFactory(organization=org, stay=stay)

    assert (
        client_for(leadership).get(url("questionnaire-photo", stay_pk=stay.pk)).status_code == 403
    )


def test_overview_and_lists_render(service_head, client_for, stay):
    client = client_for(service_head)
    for name in (
        "overview",
        "task-list",
        "incomplete-files",
        "checklist",
        "housing",
        "briefing-list",
        "preparatory-group-list",
        "enrollment-order-list",
        "settings",
    ):
        assert client.get(url(name)).status_code == 200, name


def test_registry_search_with_few_results_needs_no_count_query(org, service_staff, client_for):
    StayFactory.create_batch(3, organization=org)
    client = client_for(service_staff)

    with CaptureQueriesContext(connection) as context:
        response = client.get(url("stay-list"), {"q": "Фамилия"})

    assert response.context["paginator"].count == 3
    assert not any("COUNT(" in q["sql"] and "incoming_stay" in q["sql"] for q in context)


def test_staff_fill_in_the_questionnaire_step_by_step(org, service_staff, client_for, stay):
    QuestionnaireFactory(organization=org, stay=stay)
    client = client_for(service_staff)

    response = client.post(
        url("questionnaire-edit", stay_pk=stay.pk) + "?step=personal",
        {"last_name": "Ли", "first_name": "Вэй", "ethnicity": "китаец", "religion": "нет"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?step=relatives")
    stay.questionnaire.refresh_from_db()
    assert (stay.questionnaire.ethnicity, stay.questionnaire.religion) == ("китаец", "нет")


def test_questionnaire_pdf_and_docx_downloads_are_audited(org, auditor, client_for, stay):
    QuestionnaireFactory(organization=org, stay=stay)
    client = client_for(auditor)

    pdf = client.get(url("questionnaire-pdf", stay_pk=stay.pk), {"lang": "kk"})
    docx = client.get(url("questionnaire-docx", stay_pk=stay.pk))

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert docx.content.startswith(b"PK")
    assert AuditEntry.objects.filter(action="incoming.questionnaire.exported").count() == 2


def test_enrollment_order_page_makes_the_order_and_its_docx(org, service_staff, client_for):
    stays = StayFactory.create_batch(2, organization=org, status="arrived")
    client = client_for(service_staff)

    response = client.post(
        url("enrollment-order-create"),
        {"number": "12-С", "date": "2025-09-01", "stays": [s.pk for s in stays]},
    )
    order_url = response["Location"]
    docx = client.get(order_url + "docx/?lang=kk")

    assert response.status_code == 302
    assert docx.content.startswith(b"PK")
    assert set(Stay.objects.values_list("enrollment_order_number", flat=True)) == {"12-С"}


def test_import_preview_lists_every_wrong_cell_of_a_row(org, service_staff, client_for):
    row = list(BAD)
    row[8] = "astronaut"  # category
    row[15] = "32.13.2025"  # arrival date

    response = client_for(service_staff).post(url("stay-import"), {"file": workbook([row])})

    columns = sorted(column for _row, column, _message in response.context["errors"])
    assert columns == ["Дата прибытия", "Дата рождения", "Категория"]


def test_a2_3_country_of_arrival_defaults_to_citizenship_and_is_printed(
    org, service_head, client_for, stay
):
    """A2.3 "страна прибытия": a diaspora member of Chinese citizenship arriving from
    Mongolia is listed as arriving from Mongolia; a stay without it, from the citizenship."""
    diaspora = StayFactory(
        organization=org,
        person__last_name="Серікұлы",
        person__first_name="Ерлан",
        person__citizenship="CN",
        arrival_country="MN",
    )

    response = client_for(service_head).get(url("stay-export"))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    countries = {row[1]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert countries == {"Ли Вэй": "Китай", "Серікұлы Ерлан": "Монголия"}
    assert diaspora.person.citizenship == "CN"


def test_stay_create_fills_the_country_of_arrival_from_citizenship(org, service_head):
    from yntymaq.incoming.services import stay_create

    person = ForeignerFactory(organization=org, citizenship="UZ")

    stay = stay_create(
        organization=org,
        actor=service_head,
        person=person,
        data={"category": "main_program", "arrival_line": "state_grant"},
    )
    moved = stay_create(
        organization=org,
        actor=service_head,
        person=person,
        data={"category": "main_program", "arrival_line": "state_grant", "arrival_country": "TR"},
    )

    assert (stay.arrival_country.code, moved.arrival_country.code) == ("UZ", "TR")


def test_import_reads_the_country_of_arrival_and_an_older_file_without_it(
    org, service_staff, client_for
):
    client = client_for(service_staff)
    from_turkey = [*GOOD[:1], "Сидоров", *GOOD[2:3], "SIDOROV", *GOOD[4:], "TR"]

    client.post(url("stay-import"), {"file": workbook([GOOD, from_turkey]), "commit": "1"})
    stored = client.post(url("stay-import"), {"file": workbook([GOOD, from_turkey])})
    client.post(url("stay-import"), {"upload": stored.context["stored"].pk, "commit": "1"})
    older = Workbook()
    older.active.append([texts.split("|")[1] for texts in COLUMNS.values()][:-1])
    older.active.append([*GOOD[:3], "PETROV", *GOOD[4:]])
    output = io.BytesIO()
    older.save(output)
    file = SimpleUploadedFile("old.xlsx", output.getvalue())
    preview = client.post(url("stay-import"), {"file": file})
    client.post(url("stay-import"), {"upload": preview.context["stored"].pk, "commit": "1"})

    arrivals = dict(
        Stay.objects.filter(organization=org).values_list(
            "person__last_name_latin", "arrival_country"
        )
    )
    assert arrivals == {"IVANOV": "RU", "SIDOROV": "TR", "PETROV": "RU"}
