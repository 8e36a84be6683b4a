"""Printed documents: the A1 questionnaire (PDF, DOCX) and the enrollment order (DOCX)."""

import datetime as dt
import io

import pytest
from django.utils.translation import override
from docx import Document
from pypdf import PdfReader

from tests import docx_checks
from tests.factories.incoming import EnrollmentOrderFactory, QuestionnaireFactory, StayFactory
from tests.factories.people import ForeignerFactory
from yntymaq.incoming import documents
from yntymaq.incoming.enums import EducationType

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


# --- layout: what Word and LibreOffice lay out alike --------------------------------------------


def test_questionnaire_docx_tables_have_an_explicit_grid_and_fixed_widths(questionnaire):
    content = documents.questionnaire_docx(questionnaire, language="ru")
    found = docx_checks.tables(content)

    assert [t["grid"] for t in found] == [
        [8222, 1701],  # the title, the photo box 3 cm wide
        [567, 3402, 5954],  # items 1–9: number, label, answer
        [1701, 2552, 1247, 1871, 2552],  # item 10
        [454, 2438, 1758, 1247, 2155, 1871],  # item 11
        [567, 3402, 5954],  # items 12–16
    ]
    for table in found:
        docx_checks.assert_table_widths_explicit(table)


def test_questionnaire_docx_prints_the_title_once_and_the_photo_box_top_right(questionnaire):
    content = documents.questionnaire_docx(questionnaire, language="ru")
    head = docx_checks.tables(content)[0]
    paragraphs = docx_checks.paragraphs_text(content)

    title, photo = (text for _w, _k, text in head["rows"][0]["cells"])
    assert title.splitlines() == [
        "Анкета",
        "иностранного гражданина, прибывшего для обучения, работы или проведения научного "
        "исследования в организацию образования Республики Казахстан",
        "ВНИМАНИЕ!!! Заполняется печатными буквами черными чернилами",
    ]
    assert photo == ""  # the photo itself, 2.8 × 3.8 cm, in the box
    box = Document(io.BytesIO(content)).tables[0].rows[0].cells[1]
    assert len(box._tc.xpath(".//w:drawing")) == 1
    assert head["rows"][0]["cells"][1][0] == 1701
    assert paragraphs[0] == (
        "Приложение 1 к Правилам организации международного сотрудничества, осуществляемого "
        "организациями образования"
    )
    assert sum(p.count("Анкета") for p in paragraphs) == 0


def test_questionnaire_docx_items_are_numbered_as_the_form_without_empty_header_rows(
    questionnaire,
):
    found = docx_checks.tables(documents.questionnaire_docx(questionnaire, language="ru"))
    first, relatives, education, second = found[1:]

    assert [row["cells"][0][2] for row in first["rows"]] == [f"{n}." for n in range(1, 10)]
    assert [row["cells"][0][2] for row in second["rows"]] == [f"{n}." for n in range(12, 17)]
    assert not any(row["header"] for row in first["rows"] + second["rows"])
    assert [[c[2] for c in row["cells"]] for row in relatives["rows"][:2]] == [
        [
            "Степень родства",
            "ФИО",
            "Дата рождения",
            "Род деятельности",
            "Адрес постоянного места жительства",
        ],
        ["Отец", "ҚАСЫМОВ ҰЛЫҚБЕК", "01.02.1970", "МҰҒАЛІМ", "БАЯН-ӨЛГИЙ"],
    ]
    assert [row["header"] for row in relatives["rows"]][:2] == [True, False]
    assert [row["header"] for row in education["rows"]] == [True, False]


def test_questionnaire_docx_prints_every_motive_box_of_a1_14_with_its_rank(questionnaire):
    second = docx_checks.tables(documents.questionnaire_docx(questionnaire, language="ru"))[4]

    number, _label, motives = (c[2] for c in second["rows"][2]["cells"])
    assert number == "14."
    assert motives.splitlines() == [
        "(   ) направление государства",
        "(   ) совет родственников",
        "(   ) совет других лиц",
        "(   ) невысокая плата за обучение",
        "( 2 ) высокий уровень образования",
        "( 1 ) желание познакомиться с нашей страной",
        "(   ) контрактные обязательства",
        "(   ) другие мотивы",
    ]


def _rendered_words(questionnaire, language):
    header_texts = []
    with override(language):
        header_texts += documents.a1_relatives_header() + documents.a1_education_header()
        header_texts.append(str(EducationType.STATE.label).upper())  # printed in item 11
        header_texts += [
            label for _n, label, _v in documents.a1_items(questionnaire, include_restricted=False)
        ]
        header_texts += [label for _n, label, _v in documents.a1_second_list(questionnaire)]
    return header_texts


@docx_checks.needs_libreoffice
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_questionnaire_docx_renders_in_libreoffice_with_whole_words(questionnaire, language):
    content = documents.questionnaire_docx(questionnaire, language=language)
    text = docx_checks.libreoffice_text(content)
    lines = docx_checks.lines(text)

    assert docx_checks.broken_words(_rendered_words(questionnaire, language), text) == []
    title = {"ru": "Анкета", "kk": "Сауалнама"}[language]
    assert sum(title.lower() in line.lower() for line in lines) == 1
    assert (
        "( 1 ) "
        + {"ru": "желание познакомиться с нашей страной", "kk": "біздің елмен танысу ниеті"}[
            language
        ]
        in lines
    )


def test_questionnaire_pdf_breaks_labels_between_words(questionnaire):
    for language in ("ru", "kk"):
        text = pdf_text(documents.questionnaire_pdf(questionnaire, language=language))
        with override(language):
            labels = _rendered_words(questionnaire, language)
        assert docx_checks.broken_words(labels, text) == [], language


def test_enrollment_order_docx_table_has_fixed_widths_and_a_repeated_header(org):
    order = EnrollmentOrderFactory(organization=org, number="77-С")
    stays = [StayFactory(organization=org, person=ForeignerFactory(organization=org))]

    (table,) = docx_checks.tables(documents.enrollment_order_docx(order, stays, language="ru"))

    assert table["grid"] == [567, 2835, 1701, 2438, 794, 1304]
    docx_checks.assert_table_widths_explicit(table)
    assert [row["header"] for row in table["rows"]] == [True, False]
