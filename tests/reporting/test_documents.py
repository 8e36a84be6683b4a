import io
import zipfile

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import docx_checks
from tests.factories.reporting import a2_3_row, empty_data, stored_lists
from tests.reporting.conftest import YEAR, needs
from yntymaq.reporting import documents, layout, lists, sources

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture
def data(org):
    data = empty_data(org, YEAR)
    data["organization"]["slug"] = org.slug
    data["items"]["1"]["rows"] = [
        {
            "name_ru": "Отдел международного сотрудничества",
            "name_kk": "Халықаралық ынтымақтастық бөлімі",
            "address": "пр. аль-Фараби, 71",
            "building": "ГУК",
            "room": "204",
        }
    ]
    data["items"]["3"]["rows"] = [
        {
            "full_name": "WANG LEI", "full_name_latin": "", "birth_year": 2004, "country": "CN",
            "arrival_line": "state_grant", "arrival_line_other": "",
            "specialty": "6B04101 Экономика", "course": 2, "residence": "Общежитие № 1",
            "expected_completion": "2029-06-30", "expected_departure": "2029-07-15",
            "category": "main_program", "from": "2025-08-25", "to": "",
        }
    ]  # fmt: skip
    data["notes"]["9"] = "Группы формируются по языку обучения."
    return data


def test_docx_has_the_heading_and_the_nine_items_of_appendix_2_in_russian(data):
    document = Document(io.BytesIO(documents.render_docx(data, "ru")))

    text = "\n".join(p.text for p in document.paragraphs)
    assert "Казахский национальный университет" in text
    assert "2025/2026" in text
    assert text.count("Сведения о результатах международного сотрудничества") == 1
    numbered = [p.text.split(".", 1)[0] for p in document.paragraphs if p.runs and p.runs[0].bold]
    assert [n for n in numbered if n.isdigit()] == [str(n) for n in range(1, 10)]
    assert len(document.tables) == 4
    assert document.tables[0].rows[1].cells[1].text == "Отдел международного сотрудничества"
    assert document.tables[2].rows[1].cells[1].text == "WANG LEI"
    assert "Группы формируются по языку обучения." in text


def test_docx_in_kazakh_names_the_organization_in_kazakh(data):
    document = Document(io.BytesIO(documents.render_docx(data, "kk")))

    text = "\n".join(p.text for p in document.paragraphs)
    assert "Қазақ ұлттық университеті" in text
    assert document.tables[0].rows[1].cells[1].text == "Халықаралық ынтымақтастық бөлімі"


def test_pdf_text_has_the_kazakh_letters(data):
    reader = PdfReader(io.BytesIO(documents.render_pdf(data, "kk")))

    text = "".join(page.extract_text() for page in reader.pages)
    assert "Қазақ ұлттық университеті" in text
    assert all(letter in text for letter in "әғқңөұүі")
    assert "WANG LEI" in text


def test_xlsx_lists_a2_3_and_a2_4(data):
    workbook = load_workbook(documents.render_xlsx(data, "ru"), read_only=True)

    assert workbook.sheetnames == ["A2.3", "A2.4"]
    rows = list(workbook["A2.3"].iter_rows(values_only=True))
    assert rows[0][:4] == (
        "№",
        "Фамилия, имя, отчество (при его наличии)",
        "Год рождения",
        "Страна прибытия",
    )
    assert rows[1][:4] == ("1", "WANG LEI", "2004", "Китай")


def test_zip_keeps_a_readme_when_there_are_no_copies(org, data):
    archive = zipfile.ZipFile(documents.render_zip(org, data))

    names = archive.namelist()
    assert "README.txt" in names


@needs(sources.PLANNING, "annual_plan_for_year")
@needs(sources.PARTNERS, "agreements_for_annual_report")
def test_zip_has_the_plan_and_the_signed_copies(org, data, approved_plan):
    import datetime as dt

    from tests.factories.partners import AgreementFactory

    agreement = AgreementFactory(
        organization=org, our_number="МС-7", valid_from=dt.date(2024, 1, 1), valid_to=None
    )

    archive = zipfile.ZipFile(documents.render_zip(org, data))

    assert sorted(archive.namelist()) == [
        "A2.5/annual-plan-2025-2026-kk.docx",
        "A2.5/annual-plan-2025-2026-ru.docx",
        f"A2.6/{agreement.pk}-МС-7.pdf",
        "README.txt",
    ]


def test_docx_prints_items_7_to_9_and_the_reports_own_text(data):
    data["items"]["7"]["rows"] = [
        {
            "title": "Соглашение с Университетом Бонна",
            "partners": "Universität Bonn",
            "results": 2,
            "summary": "Мобильность: 2.\n– 01.10.2025: семестр трёх студентов",
            "written": True,
        }
    ]
    data["items"]["8"]["rows"] = [
        {
            "person": "Нұрланова Сәуле", "event": "Higher Education Forum", "kind": "conference",
            "online": False, "country": "TR", "city": "Анкара", "starts_on": "2025-11-03",
            "ends_on": "2025-11-05", "role": "speaker", "paper": "Мобильность студентов",
        }
    ]  # fmt: skip
    data["items"]["9"]["work"] = {
        "narratives": {"group_formation": "Группы по уровню языка."},
        "staff_developments": [],
        "special_courses": [{"title": "Деловой казахский", "audience": "магистранты", "hours": 36}],
        "teaching_materials": [],
        "publications": {"count": 3, "topics": [["мобильность", 2], ["водные ресурсы", 1]]},
    }

    document = Document(io.BytesIO(documents.render_docx(data, "ru")))

    text = "\n".join(p.text for p in document.paragraphs)
    assert "Соглашение с Университетом Бонна (Universität Bonn)" in text
    assert "– 01.10.2025: семестр трёх студентов" in text
    assert "Нұрланова Сәуле" in text
    assert "«Higher Education Forum»" in text
    assert "Группы по уровню языка." in text
    assert "Количество публикаций: 3." in text
    assert "Тематика: мобильность (2); водные ресурсы (1)." in text
    assert "Группы формируются по языку обучения." in text


def test_texts_the_registries_word_by_language_are_printed_in_the_files_language(data):
    data["items"]["7"]["rows"] = [
        {
            "title": "Соглашение о мобильности",
            "partners": {"ru": "Боннский университет", "kk": "Бонн университеті"},
            "results": 0,
            "summary": {"ru": "Результаты не внесены.", "kk": "Нәтижелер енгізілмеген."},
            "written": False,
        }
    ]

    russian = Document(io.BytesIO(documents.render_docx(data, "ru")))
    kazakh = Document(io.BytesIO(documents.render_docx(data, "kk")))

    assert "Соглашение о мобильности (Боннский университет)" in [p.text for p in russian.paragraphs]
    assert "Соглашение о мобильности (Бонн университеті)" in [p.text for p in kazakh.paragraphs]
    assert "Нәтижелер енгізілмеген." in [p.text for p in kazakh.paragraphs]


def _stored(data, number, rows):
    """Item `number`'s rows read from a rows file, as a generation reads them."""
    rows_file = io.BytesIO(stored_lists(data, {str(number): rows}).read())
    item = data["items"][str(number)]
    item["rows"] = lists.StoredRows(lambda: rows_file, item["stored_rows"], close=False)


NAMES = [f"Әбілқайыр Ғани Қуаңышұлы {n:03d}" for n in range(1, 121)]
HOSTEL = "Шаһар, жатақхана № 2"


def test_docx_table_of_a_long_list_has_every_row_in_order(data):
    _stored(data, 3, [a2_3_row(full_name=name, residence=HOSTEL) for name in NAMES])

    document = Document(io.BytesIO(documents.render_docx(data, "kk")))

    rows = document.tables[2].rows
    assert len(rows) == 121
    assert [row.cells[0].text for row in rows[1:]] == [str(n) for n in range(1, 121)]
    assert [row.cells[1].text for row in rows[1:]] == NAMES
    assert rows[120].cells[7].text == HOSTEL


def test_pdf_of_many_pages_has_every_row_in_order_and_the_kazakh_letters(data):
    _stored(data, 3, [a2_3_row(full_name=name, residence=HOSTEL) for name in NAMES])

    reader = PdfReader(io.BytesIO(documents.render_pdf(data, "kk")))

    assert len(reader.pages) > 3  # pages deflated as they were finished read back too
    text = "".join(page.extract_text() for page in reader.pages)
    positions = [text.index(name) for name in NAMES]
    assert positions == sorted(positions)
    assert all(letter in text for letter in KAZAKH_LETTERS)


def test_xlsx_of_a_long_list_has_every_row_in_order(data):
    _stored(data, 3, [a2_3_row(full_name=name, residence=HOSTEL) for name in NAMES])

    workbook = load_workbook(documents.render_xlsx(data, "kk"), read_only=True)

    rows = list(workbook["A2.3"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == NAMES
    assert rows[120][:2] == ("120", NAMES[-1])


# --- layout: what Word and LibreOffice lay out alike --------------------------------------------


def test_docx_tables_have_an_explicit_grid_fixed_widths_and_a_repeated_header(data):
    _stored(data, 3, [a2_3_row(full_name=name, residence=HOSTEL) for name in NAMES[:3]])

    found = docx_checks.tables(documents.render_docx(data, "ru"))

    assert [t["grid"] for t in found] == [
        [606, 5450, 5450, 1817, 1817],
        [606, 5450, 4542, 2271, 2271],
        [606, 2574, 908, 1363, 1817, 2119, 757, 1817, 1665, 1514],
        [606, 2422, 1211, 1968, 1968, 1211, 1817, 2271, 1665],
    ]
    for table in found:
        docx_checks.assert_table_widths_explicit(table)
        assert table["rows"][0]["header"] is True
        assert all(text for _w, _k, text in table["rows"][0]["cells"])
    assert [row["header"] for row in found[2]["rows"]] == [True, False, False, False]


@docx_checks.needs_libreoffice
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_docx_renders_in_libreoffice_with_whole_words(data, language):
    _stored(data, 3, [a2_3_row(full_name=name, residence=HOSTEL) for name in NAMES[:2]])

    text = docx_checks.libreoffice_text(documents.render_docx(data, language))

    with translation.override(language):
        headers = [header for number in (1, 2, 3, 4) for header in layout.columns(number)]
        heading = layout.heading(data)
    assert docx_checks.broken_words(headers, text) == []
    assert docx_checks.broken_words([heading, *NAMES[:2], HOSTEL], text) == []
    assert {
        "ru": "Отдел международного сотрудничества",
        "kk": "Халықаралық ынтымақтастық бөлімі",
    }[language] in docx_checks.lines(text)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_pdf_breaks_the_column_headers_between_words(data, language):
    reader = PdfReader(io.BytesIO(documents.render_pdf(data, language)))
    text = "\n".join(page.extract_text() for page in reader.pages)

    with translation.override(language):
        headers = [header for number in (1, 2, 3, 4) for header in layout.columns(number)]
    assert docx_checks.broken_words(headers, text) == []


# --- names in both official languages -------------------------------------------------------


def test_kazakh_docx_prints_kazakh_names_and_marks_the_russian_ones_in_a_footnote(data):
    data["items"]["1"]["rows"][0].update(
        name_kk="", address={"ru": "пр. аль-Фараби, 71", "kk": "әл-Фараби даңғылы, 71"}
    )
    data["items"]["2"]["rows"] = [
        {
            "full_name": "Сейтқали Айгерім",
            "position": {"ru": "Проректор", "kk": "Проректор (қазақша)"},
            "work_phone": "",
            "home_phone": "",
        }
    ]

    kazakh = Document(io.BytesIO(documents.render_docx(data, "kk")))
    russian = Document(io.BytesIO(documents.render_docx(data, "ru")))

    assert [c.text for c in kazakh.tables[0].rows[1].cells[1:3]] == [
        "Отдел международного сотрудничества *",
        "әл-Фараби даңғылы, 71",
    ]
    assert kazakh.tables[1].rows[1].cells[2].text == "Проректор (қазақша)"
    assert kazakh.paragraphs[-1].text == (
        "* Мән орыс тілінде берілген: оның қазақша нұсқасы әлі енгізілмеген."
    )
    assert [c.text for c in russian.tables[0].rows[1].cells[1:3]] == [
        "Отдел международного сотрудничества",
        "пр. аль-Фараби, 71",
    ]
    assert "*" not in "\n".join(p.text for p in russian.paragraphs)


def test_kazakh_docx_without_russian_values_has_no_footnote(data):
    text = "\n".join(
        p.text for p in Document(io.BytesIO(documents.render_docx(data, "kk"))).paragraphs
    )

    assert "*" not in text
