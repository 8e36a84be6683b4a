"""Printed documents: the A1 questionnaire (PDF, DOCX) and the enrollment order (DOCX)."""

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories.incoming import EnrollmentOrderFactory, QuestionnaireFactory, StayFactory
from tests.factories.people import ForeignerFactory
from yntymaq.incoming import documents

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture
def questionnaire(org):
    person = ForeignerFactory(
        organization=org, last_name="Қасымова", first_name="Әлия", citizenship="MN"
    )
    stay = StayFactory(organization=org, person=person)
    return QuestionnaireFactory(
        organization=org,
        stay=stay,
        last_name="Қасымова",
        first_name="Әлия",
        patronymic="Ұлықбекқызы",
        citizenship="MN",
        birth_country="MN",
        birth_city="Баян-Өлгий",
        birth_region="һөкім ауданы, Үңгір ауылы, Ғалым көшесі",
        ethnicity="қазақ",
        religion="Ислам",
        relatives=[
            {
                "kinship": "father",
                "full_name": "Қасымов Ұлықбек",
                "birth_date": "1970-02-01",
                "occupation": "мұғалім",
                "address": "Баян-Өлгий",
            },
            {
                "kinship": "brother",
                "full_name": "Қасымов Нұрлан",
                "birth_date": "",
                "occupation": "",
                "address": "",
            },
        ],
        education=[
            {
                "organization": "№ 1 мектеп",
                "program": "жалпы білім",
                "years": "2012–2023",
                "type": "state",
                "documents": "аттестат",
            }
        ],
        languages=[
            {"language": "қазақ", "speaking": "native", "reading": "native", "writing": "fluent"}
        ],
        motives={"know_country": 1, "high_quality": 2},
        statement_accepted=True,
        signed_name="Қасымова Әлия",
        signed_on=dt.date(2025, 8, 20),
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_questionnaire_pdf_renders_kazakh_letters_and_capitals(questionnaire):
    text = pdf_text(documents.questionnaire_pdf(questionnaire, language="kk"))

    assert "ҚАСЫМОВА ӘЛИЯ ҰЛЫҚБЕКҚЫЗЫ" in text
    assert all(letter in text.lower() for letter in KAZAKH_LETTERS)
    assert "Анкета" in text or "Сауалнама" in text


def test_questionnaire_pdf_in_russian_has_the_items_and_tables(questionnaire):
    text = pdf_text(documents.questionnaire_pdf(questionnaire, language="ru"))

    assert "10." in text
    assert "11." in text
    assert "17." in text
    assert "ҚАСЫМОВ ҰЛЫҚБЕК" in text
    assert "ИСЛАМ" not in text  # A1.6 stays blank unless asked for


def test_questionnaire_pdf_with_restricted_items_on_request(questionnaire):
    text = pdf_text(
        documents.questionnaire_pdf(questionnaire, language="ru", include_restricted=True)
    )

    assert "ИСЛАМ" in text


def test_questionnaire_docx_has_the_tables_and_the_photo(questionnaire):
    document = Document(io.BytesIO(documents.questionnaire_docx(questionnaire, language="kk")))

    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "ҚАСЫМОВА ӘЛИЯ ҰЛЫҚБЕКҚЫЗЫ" in cells
    assert "ҚАСЫМОВ НҰРЛАН" in cells
    assert len(document.inline_shapes) == 1


def test_enrollment_order_lists_the_persons_numbered(org):
    order = EnrollmentOrderFactory(organization=org, number="77-С")
    stays = [
        StayFactory(organization=org, person=ForeignerFactory(organization=org, last_name=n))
        for n in ("Бекова", "Алиев")
    ]

    for language in ("ru", "kk"):
        document = Document(
            io.BytesIO(documents.enrollment_order_docx(order, stays, language=language))
        )
        rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
        assert [r[0] for r in rows[1:]] == ["1", "2"]
        assert rows[1][1].startswith("Бекова")
        assert "77-С" in "\n".join(p.text for p in document.paragraphs)
