import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests import docx_checks
from tests.factories.planning import AnnualPlanItemFactory, PrioritySpecialtyFactory
from yntymaq.core.xlsx import write_xlsx
from yntymaq.planning import documents, queries, services
from yntymaq.planning.enums import ItemStatus

pytestmark = pytest.mark.django_db


def texts(content: bytes) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    return paragraphs, rows


def test_a2_5_docx_in_russian_names_the_approver(org, annual_plan, service_head):
    service_head.full_name = "Сейтқали Айгерім"
    service_head.save()
    AnnualPlanItemFactory(
        plan=annual_plan,
        organization=org,
        activity="Летняя школа",
        deadline=dt.date(2026, 7, 1),
        status=ItemStatus.DONE,
        result="Проведена",
    )
    services.annual_plan_approve(plan=annual_plan, actor=service_head)

    heading, rows = texts(documents.annual_plan_docx(annual_plan, "ru"))

    assert heading.splitlines()[:2] == ["УТВЕРЖДАЮ", "Сейтқали Айгерім"]
    assert "Казахский национальный университет" in heading
    assert (
        "Годовой план работы по международному сотрудничеству на 2025/2026 учебный год" in heading
    )
    assert rows[0][:5] == [
        "№",
        "Мероприятие",
        "Направление деятельности (R8.1)",
        "Ответственное подразделение и лицо",
        "Срок",
    ]
    assert rows[0][6] == "Результат"
    assert rows[1][1:] == ["Летняя школа", "Обучение", "", "01.07.2026", "Выполнено", "Проведена"]


def test_a2_5_draft_docx_says_it_is_not_approved(org, annual_plan):
    heading, _rows = texts(documents.annual_plan_docx(annual_plan, "kk"))

    assert "(жоба, әлі бекітілмеген)" in heading
    assert "Қазақ ұлттық университеті" in heading


def test_r2_5_specialty_proposal_docx_in_kazakh(org, proposal):
    PrioritySpecialtyFactory(
        proposal=proposal,
        organization=org,
        code="6B07101",
        name="Атом энергетикасы",
        countries=["KR"],
        partners="KAIST",
    )

    heading, rows = texts(
        documents.specialty_proposal_docx(proposal, queries.specialties_of(proposal), "kk")
    )

    assert "2026 жылғы тізіліміне ұсыныстар" in heading
    assert rows[1][:4] == ["1", "6B07101", "Атом энергетикасы", "Бакалавриат"]
    assert rows[1][6] == "KAIST"


def test_r2_5_specialty_proposal_xlsx_rows(org, proposal, service_head, client_for):
    PrioritySpecialtyFactory(proposal=proposal, organization=org, code="7M06102", level="master")

    response = client_for(service_head).get(
        f"/o/kaznu/planning/specialties/{proposal.pk}/proposal.xlsx"
    )

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Code", "Specialty", "Level")
    assert rows[1][:2] == (1, "7M06102")
    assert rows[1][3] == "Master's degree"


def test_r2_1_long_term_plan_sheet_marks_hand_entered_values(long_term_plan):
    from tests.factories.planning import IndicatorFactory, IndicatorValueFactory

    indicator = IndicatorFactory(
        plan=long_term_plan, organization=long_term_plan.organization, name="Летние школы"
    )
    IndicatorValueFactory(
        indicator=indicator, organization=indicator.organization, year=2025, target=2, actual=3
    )
    progress = queries.long_term_plan_progress(long_term_plan, dt.date(2026, 1, 10))

    workbook = load_workbook(write_xlsx(documents.long_term_plan_sheets(progress)))

    rows = list(workbook["Indicators"].iter_rows(values_only=True))
    assert rows[1][:6] == ("Летние школы", "ед.", 2025, 2, 3, "entered by hand")


def test_a2_5_docx_in_kazakh_prints_kazakh_activities_and_marks_russian_ones(org, annual_plan):
    AnnualPlanItemFactory(
        plan=annual_plan,
        organization=org,
        activity="Летняя школа",
        activity_kk="Жазғы мектеп",
        deadline=dt.date(2026, 7, 1),
    )
    AnnualPlanItemFactory(
        plan=annual_plan,
        organization=org,
        activity="Неделя ориентации",
        activity_kk="",
        deadline=dt.date(2026, 9, 1),
    )

    heading, rows = texts(documents.annual_plan_docx(annual_plan, "kk"))
    _heading, russian = texts(documents.annual_plan_docx(annual_plan, "ru"))

    assert [row[1] for row in rows[1:]] == ["Жазғы мектеп", "Неделя ориентации *"]
    assert heading.splitlines()[-1] == (
        "* Мән орыс тілінде берілген: оның қазақша нұсқасы әлі енгізілмеген."
    )
    assert [row[1] for row in russian[1:]] == ["Летняя школа", "Неделя ориентации"]


def test_a2_5_docx_table_has_fixed_widths_and_a_repeated_header(org, annual_plan):
    AnnualPlanItemFactory(plan=annual_plan, organization=org, deadline=dt.date(2026, 7, 1))

    (table,) = docx_checks.tables(documents.annual_plan_docx(annual_plan, "ru"))

    assert table["grid"] == [567, 4082, 1984, 2552, 1418, 1418, 2552]
    docx_checks.assert_table_widths_explicit(table)
    assert [row["header"] for row in table["rows"]] == [True, False]
