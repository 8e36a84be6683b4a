import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from tests.factories.people import PDF_BYTES, PersonFactory
from tests.factories.planning import (
    AnalyticalMaterialFactory,
    AnnualPlanFactory,
    AnnualPlanItemFactory,
    ConferenceParticipationFactory,
    ForeignersWorkFactory,
    IndicatorFactory,
    InternationalActivityFactory,
    JointPublicationFactory,
    LongTermPlanFactory,
    PrioritySpecialtyFactory,
    SpecialtyProposalFactory,
    StaffDevelopmentFactory,
)
from yntymaq.core.models import AuditEntry
from yntymaq.planning.enums import IndicatorKind, ItemStatus, PlanStatus
from yntymaq.planning.models import (
    AnnualPlanItem,
    ConferenceParticipation,
    IndicatorValue,
    JointPublication,
)

pytestmark = pytest.mark.django_db

BASE = "/o/kaznu/planning/"


def url(path: str) -> str:
    return BASE + path


# --- the role matrix on write views ----------------------------------------------------------


def write_cases(org):
    """(url, valid POST data) for a create view of every section."""
    plan = LongTermPlanFactory(organization=org)
    annual = AnnualPlanFactory(organization=org, academic_year=2025)
    indicator = IndicatorFactory(plan=plan, organization=org)
    work = ForeignersWorkFactory(organization=org, academic_year=2025)
    proposal = SpecialtyProposalFactory(organization=org, year=2026)
    person = PersonFactory(organization=org)
    return [
        (
            url("long-term/new/"),
            {"title": "Стратегия", "year_start": 2025, "year_end": 2029},
        ),
        (url(f"long-term/{plan.pk}/indicators/new/"), {"kind": "foreign_students"}),
        (url(f"long-term/indicators/{indicator.pk}/values/new/"), {"year": 2026, "target": 50}),
        (url("annual/new/"), {"academic_year": 2026}),
        (
            url(f"annual/{annual.pk}/items/new/"),
            {
                "activity": "Летняя школа",
                "area": "study",
                "deadline": "2026-06-30",
                "status": "planned",
            },
        ),
        (
            url("activities/new/"),
            {
                "title": "Школа",
                "kind": "summer_school",
                "area": "study",
                "starts_on": "2026-07-01",
                "foreign_participants": 3,
                "own_participants": 4,
            },
        ),
        (
            url("conferences/new/"),
            {
                "person": person.pk,
                "event": "EAIE",
                "kind": "scientific",
                "country": "FR",
                "starts_on": "2025-09-09",
                "role": "speaker",
            },
        ),
        (url("foreigners/new/"), {"academic_year": 2024}),
        (
            url(f"foreigners/{work.pk}/publications/new/"),
            {"title": "Статья", "authors": "Сейтқали А., Müller K.", "year": 2025},
        ),
        (
            url("materials/new/"),
            {
                "title": "Обзор",
                "kind": "world_trends",
                "education_level": "all",
                "author": "Ким",
                "prepared_on": "2025-10-01",
            },
        ),
        (url("specialties/new/"), {"year": 2027}),
        (
            url(f"specialties/{proposal.pk}/items/new/"),
            {
                "code": "6B07101",
                "name": "Атомная энергетика",
                "level": "bachelor",
                "justification": "АЭС",
            },
        ),
    ]


def test_write_views_happy_path_for_staff(org, service_staff, client_for):
    client = client_for(service_staff)

    for target, data in write_cases(org):
        response = client.post(target, data)

        assert response.status_code == 302, (target, response.content.decode()[:3000])


def test_write_views_refuse_read_only_roles(org, auditor, leadership, coordinator, client_for):
    cases = write_cases(org)
    for user in (auditor, leadership, coordinator):
        client = client_for(user)
        for target, data in cases:
            assert client.get(target).status_code == 403, (user, target)
            assert client.post(target, data).status_code == 403, (user, target)


def test_write_views_redirect_anonymous_to_login(org, client):
    for target, data in write_cases(org):
        response = client.post(target, data)

        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_write_views_answer_404_for_another_organizations_parent(
    org, other_org, other_org_user, client_for
):
    client = client_for(other_org_user)
    for target, data in write_cases(org):
        if "/new/" not in target or target.count("/") <= 6:
            continue  # top-level create pages have no parent to hide
        theirs = target.replace("/o/kaznu/", "/o/other/")

        assert client.post(theirs, data).status_code == 404, theirs


def test_approve_is_for_the_head_only(annual_plan, service_staff, service_head, client_for):
    AnnualPlanItemFactory(plan=annual_plan, organization=annual_plan.organization)
    approve = url(f"annual/{annual_plan.pk}/approve/")

    assert client_for(service_staff).post(approve).status_code == 403
    response = client_for(service_head).post(approve)

    assert response.status_code == 302
    annual_plan.refresh_from_db()
    assert annual_plan.status == PlanStatus.APPROVED


def test_approve_without_items_says_why(annual_plan, service_head, client_for):
    response = client_for(service_head).post(url(f"annual/{annual_plan.pk}/approve/"))

    assert response.status_code == 200
    assert "Add the plan&#x27;s items before approving it." in response.content.decode()


# --- bad input: beside the field, input kept ---------------------------------------------------


def test_a2_5_deadline_outside_year_shown_beside_field_with_input_kept(
    annual_plan, service_staff, client_for
):
    response = client_for(service_staff).post(
        url(f"annual/{annual_plan.pk}/items/new/"),
        {
            "activity": "Визит делегации из Кореи",
            "area": "other",
            "deadline": "2027-01-10",
            "status": "planned",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_deadline_error"' in html
    assert "academic year 2025/2026" in html
    assert "Визит делегации из Кореи" in html
    assert AnnualPlanItem.objects.count() == 0


def test_r2_1_target_outside_plan_shown_beside_year(long_term_plan, service_staff, client_for):
    indicator = IndicatorFactory(plan=long_term_plan, organization=long_term_plan.organization)

    response = client_for(service_staff).post(
        url(f"long-term/indicators/{indicator.pk}/values/new/"), {"year": 2035, "target": 77}
    )

    html = response.content.decode()
    assert 'id="id_year_error"' in html
    assert "The plan covers 2025–2029; 2035 is outside it." in html
    assert 'value="77"' in html
    assert IndicatorValue.objects.count() == 0


def test_a2_9_publication_without_authors_shown_beside_field(work, service_staff, client_for):
    response = client_for(service_staff).post(
        url(f"foreigners/{work.pk}/publications/new/"),
        {"title": "Совместная статья о мобильности", "authors": "", "year": 2025},
    )

    html = response.content.decode()
    assert 'id="id_authors_error"' in html
    assert "Name the authors of the publication" in html
    assert "Совместная статья о мобильности" in html
    assert JointPublication.objects.count() == 0


def test_bad_input_messages_in_kazakh(annual_plan, service_staff, client_for):
    client = client_for(service_staff)
    client.cookies["django_language"] = "kk"

    response = client.post(
        url(f"annual/{annual_plan.pk}/items/new/"),
        {"activity": "Іс-шара", "area": "other", "deadline": "2027-01-10", "status": "planned"},
        HTTP_ACCEPT_LANGUAGE="kk",
    )

    html = response.content.decode()
    assert "Мерзім жоспардың 2025/2026 оқу жылы ішінде болуы тиіс: 01.09.2025 – 31.08.2026." in html


# --- pages -----------------------------------------------------------------------------------


def test_approved_plan_item_form_records_progress_only(annual_plan, service_head, client_for):
    item = AnnualPlanItemFactory(plan=annual_plan, organization=annual_plan.organization)
    annual_plan.status = PlanStatus.APPROVED
    annual_plan.save()
    client = client_for(service_head)
    edit = url(f"annual/{annual_plan.pk}/items/{item.pk}/edit/")

    form = client.get(edit).content.decode()
    response = client.post(edit, {"status": "done", "result": "Проведено"})

    assert 'name="activity"' not in form
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.result) == (ItemStatus.DONE, "Проведено")


def test_long_term_plan_page_shows_hand_entered_actual(long_term_plan, service_head, client_for):
    indicator = IndicatorFactory(
        plan=long_term_plan,
        organization=long_term_plan.organization,
        kind=IndicatorKind.FOREIGN_TUITION_INCOME,
        name="",
    )
    IndicatorValue.objects.create(
        organization=long_term_plan.organization,
        indicator=indicator,
        year=2025,
        target=1000,
        actual=1200,
    )

    html = client_for(service_head).get(url(f"long-term/{long_term_plan.pk}/")).content.decode()

    assert "Tuition income from foreigners" in html
    assert "Actual value: entered by hand" in html
    assert "120%" in html
    assert '<td class="text-nowrap" data-year="2025">' in html  # years are not "2 025"


def test_every_page_renders_for_every_role(
    org, service_head, service_staff, coordinator, leadership, auditor, client_for
):
    plan = LongTermPlanFactory(organization=org)
    IndicatorFactory(plan=plan, organization=org)
    annual = AnnualPlanFactory(organization=org, academic_year=2025)
    AnnualPlanItemFactory(plan=annual, organization=org)
    activity = InternationalActivityFactory(organization=org)
    work = ForeignersWorkFactory(organization=org)
    JointPublicationFactory(work=work, organization=org)
    StaffDevelopmentFactory(work=work, organization=org)
    material = AnalyticalMaterialFactory(organization=org)
    proposal = SpecialtyProposalFactory(organization=org)
    PrioritySpecialtyFactory(proposal=proposal, organization=org)
    ConferenceParticipationFactory(organization=org)
    pages = [
        "",
        "long-term/",
        f"long-term/{plan.pk}/",
        "annual/",
        f"annual/{annual.pk}/",
        "activities/",
        f"activities/{activity.pk}/",
        "conferences/",
        "foreigners/",
        f"foreigners/{work.pk}/",
        "materials/",
        f"materials/{material.pk}/",
        "specialties/",
        f"specialties/{proposal.pk}/",
    ]
    for user in (service_head, service_staff, coordinator, leadership, auditor):
        client = client_for(user)
        for page in pages:
            assert client.get(url(page)).status_code == 200, (user, page)


def test_menu_has_one_plans_entry(org, service_head, client_for):
    html = client_for(service_head).get(url("")).content.decode()

    assert html.count(f'href="{BASE}"') >= 1
    assert 'href="/o/kaznu/planning/annual/"' in html


# --- search and filters ----------------------------------------------------------------------


def test_material_search_folds_cyrillic_case(org, service_head, client_for):
    AnalyticalMaterialFactory(organization=org, title="Болонский процесс в Европе")
    AnalyticalMaterialFactory(organization=org, title="Образование в Корее", countries=["KR"])

    client = client_for(service_head)
    by_word = client.get(url("materials/"), {"q": "БОЛОНСКИЙ"}).content.decode()
    by_country = client.get(url("materials/"), {"country": "KR"}).content.decode()

    assert "Болонский процесс" in by_word
    assert "Образование в Корее" not in by_word
    assert "Образование в Корее" in by_country
    assert "Болонский процесс" not in by_country


def test_conference_search_by_staff_name_and_year(org, service_head, client_for):
    aigerim = PersonFactory(organization=org, last_name="Сейтқали", first_name="Айгерім")
    ConferenceParticipationFactory(organization=org, person=aigerim, event="Симпозиум в Анкаре")
    ConferenceParticipationFactory(
        organization=org,
        event="Семинар 2023",
        starts_on=dt.date(2023, 3, 1),
        ends_on=dt.date(2023, 3, 2),
    )
    client = client_for(service_head)

    by_name = client.get(url("conferences/"), {"q": "сейтқали"}).content.decode()
    by_year = client.get(url("conferences/"), {"year": 2025}).content.decode()

    assert "Симпозиум в Анкаре" in by_name
    assert "Семинар 2023" not in by_name
    assert "Симпозиум в Анкаре" in by_year
    assert "Семинар 2023" not in by_year


# --- fixed number of queries -----------------------------------------------------------------

LIST_FACTORIES = {
    "long-term/": lambda org: LongTermPlanFactory(organization=org),
    "annual/": lambda org: AnnualPlanItemFactory(plan__organization=org, organization=org),
    "activities/": lambda org: activity_with_partner(org),
    "conferences/": lambda org: ConferenceParticipationFactory(organization=org),
    "foreigners/": lambda org: JointPublicationFactory(work__organization=org, organization=org),
    "materials/": lambda org: AnalyticalMaterialFactory(organization=org),
    "specialties/": lambda org: PrioritySpecialtyFactory(
        proposal__organization=org, organization=org
    ),
}


def activity_with_partner(org):
    from tests.factories.partners import PartnerFactory

    activity = InternationalActivityFactory(organization=org)
    activity.registry_partners.add(PartnerFactory(organization=org))
    return activity


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", list(LIST_FACTORIES))
def test_list_runs_a_fixed_number_of_queries(page, org, service_head, client_for):
    client = client_for(service_head)
    make = LIST_FACTORIES[page]
    make(org)
    one = count_queries(client, url(page))

    for _ in range(49):
        make(org)
    fifty = count_queries(client, url(page))

    assert fifty == one


def test_annual_plan_page_runs_a_fixed_number_of_queries(org, service_head, client_for):
    plan = AnnualPlanFactory(organization=org, academic_year=2025)
    AnnualPlanItemFactory(plan=plan, organization=org, responsible=PersonFactory(organization=org))
    client = client_for(service_head)
    one = count_queries(client, url(f"annual/{plan.pk}/"))

    for _ in range(49):
        AnnualPlanItemFactory(
            plan=plan, organization=org, responsible=PersonFactory(organization=org)
        )

    assert count_queries(client, url(f"annual/{plan.pk}/")) == one


def test_foreigners_work_page_runs_a_fixed_number_of_queries(org, service_head, client_for):
    work = ForeignersWorkFactory(organization=org)
    JointPublicationFactory(work=work, organization=org)
    StaffDevelopmentFactory(work=work, organization=org)
    client = client_for(service_head)
    one = count_queries(client, url(f"foreigners/{work.pk}/"))

    for _ in range(49):
        JointPublicationFactory(work=work, organization=org)
        StaffDevelopmentFactory(work=work, organization=org)

    assert count_queries(client, url(f"foreigners/{work.pk}/")) == one


# --- exports ---------------------------------------------------------------------------------


def test_a2_5_docx_in_kazakh_has_heading_and_numbered_table(
    org, annual_plan, service_head, client_for
):
    AnnualPlanItemFactory(
        plan=annual_plan, organization=org, activity="Жазғы мектеп", deadline=dt.date(2026, 7, 1)
    )
    AnnualPlanItemFactory(
        plan=annual_plan, organization=org, activity="Қонақ дәрістер", deadline=dt.date(2026, 3, 1)
    )

    response = client_for(service_head).get(url(f"annual/{annual_plan.pk}/plan.docx?lang=kk"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="work-plan-2025-kk.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Қазақ ұлттық университеті" in text
    assert "2025/2026" in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert [row[0] for row in rows[1:]] == ["1", "2"]
    assert [row[1] for row in rows[1:]] == ["Қонақ дәрістер", "Жазғы мектеп"]
    entry = AuditEntry.objects.get(action="planning.annual_plan.exported")
    assert entry.data == {"format": "docx", "language": "kk"}


def test_conference_xlsx_export_is_filtered_and_audited(org, service_head, client_for):
    ConferenceParticipationFactory(organization=org, event="Конгресс в Сеуле")
    ConferenceParticipationFactory(
        organization=org,
        event="Старый семинар",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2020, 1, 2),
    )

    response = client_for(service_head).get(url("conferences/export.xlsx"), {"year": 2025})

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    events = [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert events == ["Конгресс в Сеуле"]
    assert (
        AuditEntry.objects.filter(action="planning.conference_participation.exported").count() == 1
    )


def test_material_file_is_served_with_nosniff(org, service_head, client_for):
    material = AnalyticalMaterialFactory(organization=org)

    response = client_for(service_head).get(url(f"materials/{material.pk}/file/"))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_material_upload_of_a_wrong_file_keeps_input(org, service_staff, client_for):
    upload = SimpleUploadedFile("a.pdf", b"MZ not a pdf", content_type="application/pdf")

    response = client_for(service_staff).post(
        url("materials/new/"),
        {
            "title": "Обзор реформ в Финляндии",
            "kind": "world_trends",
            "education_level": "all",
            "author": "Ким",
            "prepared_on": "2025-10-01",
            "file": upload,
        },
    )

    html = response.content.decode()
    assert 'id="id_file_error"' in html
    assert "Обзор реформ в Финляндии" in html


def test_staff_records_a_conference_participation(org, person, service_staff, client_for):
    response = client_for(service_staff).post(
        url("conferences/new/"),
        {
            "person": person.pk,
            "event": "Форум в Ташкенте",
            "kind": "symposium",
            "online": "on",
            "starts_on": "2025-11-05",
            "role": "participant",
        },
    )

    assert response.status_code == 302
    participation = ConferenceParticipation.objects.get()
    assert (participation.event, participation.online, participation.person) == (
        "Форум в Ташкенте",
        True,
        person,
    )


# --- long plans a page at a time (issue 13) --------------------------------------------------


def test_annual_plan_page_shows_100_items_a_page_numbered_across_pages(
    org, service_head, client_for
):
    plan = AnnualPlanFactory(organization=org, academic_year=2025)
    for n in range(101):
        AnnualPlanItemFactory(
            plan=plan,
            organization=org,
            activity=f"Мероприятие {n + 1}",
            deadline=dt.date(2025, 9, 1) + dt.timedelta(days=n),
            status=ItemStatus.DONE if n == 100 else ItemStatus.PLANNED,
        )
    client = client_for(service_head)

    first = client.get(url(f"annual/{plan.pk}/"))
    second = client.get(url(f"annual/{plan.pk}/?page=2"))

    assert [item.activity for item in first.context["items"]][::99] == [
        "Мероприятие 1",
        "Мероприятие 100",
    ]
    assert [item.activity for item in second.context["items"]] == ["Мероприятие 101"]
    assert "<td>101</td><td>Мероприятие 101</td>" in second.content.decode().replace("\n      ", "")
    assert [(value, count) for value, _label, count in first.context["status_counts"]] == [
        ("planned", 100),
        ("done", 1),
    ]
    assert "?page=2" in first.content.decode()


def test_foreigners_work_page_shows_each_list_50_rows_a_page(org, service_head, client_for):
    work = ForeignersWorkFactory(organization=org)
    for n in range(51):
        JointPublicationFactory(
            work=work,
            organization=org,
            title=f"Публикация {n:02d}",
            topic="мобильность" if n % 3 else "цифровизация",
        )
    StaffDevelopmentFactory(work=work, organization=org)
    client = client_for(service_head)

    first = client.get(url(f"foreigners/{work.pk}/"))
    second = client.get(url(f"foreigners/{work.pk}/?publications_page=2"))

    publications = first.context["sections"]["publications"]
    assert len(publications.page_obj.object_list) == 50
    assert publications.next_url == "?publications_page=2#publications"
    assert [p.title for p in second.context["sections"]["publications"].page_obj] == [
        "Публикация 50"
    ]
    assert second.context["sections"]["publications"].previous_url == (
        "?publications_page=1#publications"
    )
    assert len(second.context["sections"]["staff_developments"].page_obj.object_list) == 1
    summary = first.context["publication_summary"]
    assert (summary.count, summary.topics) == (51, [("мобильность", 34), ("цифровизация", 17)])


def test_a2_5_docx_cells_keep_line_breaks_tabs_and_markup_characters(
    org, annual_plan, service_head, client_for
):
    AnnualPlanItemFactory(
        plan=annual_plan,
        organization=org,
        activity="Жазғы мектеп\nекінші жол\t& <бөлім>",
        result="",
        deadline=dt.date(2026, 7, 1),
    )

    response = client_for(service_head).get(url(f"annual/{annual_plan.pk}/plan.docx?lang=ru"))

    table = Document(io.BytesIO(response.content)).tables[0]
    cells = table.rows[1].cells
    assert [cell.text for cell in cells[:2]] == ["1", "Жазғы мектеп\nекінші жол\t& <бөлім>"]
    assert cells[6].text == ""
    assert [round(cell.width.cm, 1) for cell in cells] == [1.0, 7.5, 3.5, 4.5, 2.5, 2.5, 4.5]


def test_ids_past_999_print_without_separators(org, service_head, client_for):
    """The page finds its rows by id (htmx, the browser test): "item-3042", never "item-3 042"."""
    plan = AnnualPlanFactory(organization=org)
    item = AnnualPlanItemFactory(plan=plan, organization=org, pk=3042)

    html = client_for(service_head).get(url(f"annual/{plan.pk}/")).content.decode()

    assert item.pk == 3042
    assert '<tr id="item-3042">' in html
