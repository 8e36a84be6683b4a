"""What the incoming app prints: the questionnaire of Appendix 1 (PDF and DOCX), the enrollment
order (DOCX), and the A2.3 list (XLSX). Each in Russian or Kazakh (translation.override)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import override
from docx.shared import Cm
from docx.table import Table
from fpdf import FPDF

from yntymaq.core import docx
from yntymaq.people.countries import citizenship_countries

from .enums import (
    ArrivalLine,
    EducationType,
    Kinship,
    LanguageLevel,
    MaritalStatus,
    Motive,
    StayCategory,
    StayStatus,
)
from .models import EnrollmentOrder, Questionnaire, Stay
from .queries import a2_3_rows

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"
LANGUAGES = ("ru", "kk")


def _country(code) -> str:
    code = str(code or "")
    return str(dict(citizenship_countries).get(code, code)) if code else ""


def _day(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y")


def _up(value) -> str:
    """Values in capital letters, as the form asks ("block letters")."""
    return str(value or "").upper()


def a1_appendix() -> str:
    return _(
        "Appendix 1 to the Rules for organizing international cooperation carried out by "
        "education organizations"
    )


def a1_heading() -> tuple[str, str]:
    """The title (printed once: its lines are split at the newline) and the warning."""
    return (
        _(
            "QUESTIONNAIRE\nof a foreign citizen who arrived for study, work or research at an "
            "education organization of the Republic of Kazakhstan"
        ),
        _("ATTENTION! To be filled in in block letters with black ink"),
    )


def a1_items(q: Questionnaire, *, include_restricted: bool) -> list[tuple[str, str, str]]:
    """Items 1–9 of the form: (number, label, value in capitals)."""
    sex = {"M": _("male"), "F": _("female")}.get(q.sex, "")
    birth = ", ".join(p for p in (_country(q.birth_country), q.birth_city, q.birth_region) if p)
    hidden = ""  # A1.6 and A1.7 stay blank unless asked for by a role that may see them
    return [
        ("1.", _("Surname, given name, patronymic"), _up(q.full_name)),
        ("2.", _("Sex"), _up(sex)),
        ("3.", _("Citizenship (nationality of the state)"), _up(_country(q.citizenship))),
        (
            "4.",
            _("Place of birth (country, city, administrative-territorial unit)"),
            _up(birth),
        ),
        ("5.", _("Ethnicity (ethnic origin)"), _up(q.ethnicity)),
        ("6.", _("Religion"), _up(q.religion) if include_restricted else hidden),
        (
            "7.",
            _("Membership of political and public organizations"),
            _up(q.political_membership) if include_restricted else hidden,
        ),
        (
            "8.",
            _("Permanent address, contact phones"),
            _up(", ".join(p for p in (q.permanent_address, q.phones) if p)),
        ),
        (
            "9.",
            _("Marital status"),
            _up(MaritalStatus(q.marital_status).label if q.marital_status else ""),
        ),
    ]


def a1_relatives(q: Questionnaire) -> list[list[str]]:
    """Rows of the A1.10 table: every kinship group of the form, with its persons."""
    group_labels = {
        Kinship.FATHER: _("Father"),
        Kinship.MOTHER: _("Mother"),
        Kinship.BROTHER: _("Brothers"),
        Kinship.SISTER: _("Sisters"),
        Kinship.SPOUSE: _("Spouse"),
        Kinship.CHILD: _("Children"),
        Kinship.OTHER: _("Other close relatives"),
    }
    rows = []
    for kinship, label in group_labels.items():
        persons = [r for r in q.relatives if r.get("kinship") == kinship]
        if not persons:
            rows.append([label, "", "", "", ""])
        for index, r in enumerate(persons):
            rows.append(
                [
                    label if index == 0 else "",
                    _up(r.get("full_name")),
                    _day(r.get("birth_date")),
                    _up(r.get("occupation")),
                    _up(r.get("address")),
                ]
            )
    return rows


def a1_relatives_header() -> list[str]:
    return [
        _("Degree of kinship"),
        _("Full name"),
        _("Date of birth"),
        _("Occupation"),
        _("Permanent address"),
    ]


def a1_education(q: Questionnaire) -> list[list[str]]:
    types = dict(EducationType.choices)
    rows = [
        [
            str(index),
            _up(r.get("organization")),
            _up(r.get("program")),
            _up(r.get("years")),
            _up(types.get(r.get("type"), "")),
            _up(r.get("documents")),
        ]
        for index, r in enumerate(q.education, start=1)
    ]
    return rows or [["1", "", "", "", "", ""]]


def a1_education_header() -> list[str]:
    return [
        _("No."),
        _("Name of the organization"),
        _("Program of study"),
        _("Years of study"),
        _("Type of education organization (*)"),
        _("Education documents"),
    ]


def a1_education_note() -> str:
    return _("* State, private, religious, secular, military")


def a1_motive_boxes(q: Questionnaire) -> list[str]:
    """A1.14 as the form prints it: every motive's box in the form's order, with the rank
    the person gave it ("( 1 )") or empty ("(   )"); the other motive's text after it."""
    lines = []
    for motive, label in Motive.choices:
        rank = q.motives.get(motive)
        box = f"( {rank} )" if rank else "(   )"
        text = str(label)
        if motive == Motive.OTHER and q.motive_other:
            text = f"{text}: {_up(q.motive_other)}"
        lines.append(f"{box} {text}")
    return lines


def a1_second_list(q: Questionnaire) -> list[tuple[str, str, str | list[str]]]:
    """Items 12–16 (the seed's second table; numbered on from 11, as item 17 follows).
    Item 14's value is a list of lines, one box a motive."""
    levels = dict(LanguageLevel.choices)
    languages = "; ".join(
        "{}: {} {}, {} {}, {} {}".format(
            r.get("language", ""),
            _("speaking"),
            levels.get(r.get("speaking"), "—"),
            _("reading"),
            levels.get(r.get("reading"), "—"),
            _("writing"),
            levels.get(r.get("writing"), "—"),
        )
        for r in q.languages
    )
    return [
        ("12.", _("Languages and level of command (speaking, reading, writing)"), _up(languages)),
        (
            "13.",
            _(
                "Activity in the last 5 years before arrival in the Republic of Kazakhstan "
                "(study, work, military service, public activity, other activity)"
            ),
            _up(q.activity),
        ),
        (
            "14.",
            _(
                "Motives for coming to the Republic of Kazakhstan for study, work, research "
                "(sent by the state, advice of relatives or other persons, low tuition fees, "
                "high level of education, wish to get to know our country, contract "
                "obligations, other motives) — in order of preference 1, 2, 3 etc."
            ),
            a1_motive_boxes(q),
        ),
        (
            "15.",
            _(
                "Name of the specialty of study, purpose of work at the education organization, "
                "research topic in the Republic of Kazakhstan"
            ),
            _up(q.purpose),
        ),
        ("16.", _("Other information about yourself, requests, wishes"), _up(q.other_information)),
    ]


def a1_statement() -> str:
    return _(
        "17. I am acquainted with the legislation of the Republic of Kazakhstan on the legal "
        "status of foreign citizens in the Republic of Kazakhstan, the rules of conduct and "
        "living in the dormitory, the internal rules of the education organization and the "
        "materials on liability for breaking the laws of the Republic of Kazakhstan. I undertake "
        "to comply with their conditions and requirements."
    )


def _signature_line(q: Questionnaire) -> str:
    when = _day(q.signed_on) if q.signed_on else "«____» ______________ 20___"
    return _("Date: %(date)s    Signature: ____________________ %(name)s") % {
        "date": when,
        "name": _up(q.signed_name),
    }


# --- PDF -----------------------------------------------------------------------------------------


class _Pdf(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)


def _photo_bytes(q: Questionnaire) -> bytes | None:
    if not q.photo:
        return None
    try:
        with q.photo.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def questionnaire_pdf(
    q: Questionnaire, *, language: str, include_restricted: bool = False
) -> bytes:
    """Appendix 1 as PDF in Russian or Kazakh; values in capitals; photo box 3×4."""
    with override(language):
        pdf = _Pdf()
        pdf.add_page()
        title, note = a1_heading()
        pdf.set_font("DejaVu", "", 7)
        pdf.multi_cell(140, 3.5, a1_appendix(), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        first, *rest = title.split("\n")
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(140, 6, first, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for line in rest:
            pdf.multi_cell(140, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 9)
        pdf.multi_cell(140, 5, note, align="C", new_x="LMARGIN", new_y="NEXT")
        # The photo box, top right, 30 × 40 mm.
        x, y = 165, 15
        pdf.rect(x, y, 30, 40)
        photo = _photo_bytes(q)
        if photo:
            try:
                pdf.image(io.BytesIO(photo), x=x + 0.5, y=y + 0.5, w=29, h=39)
            except Exception:
                photo = None
        if not photo:
            pdf.set_font("DejaVu", "", 8)
            pdf.set_xy(x, y + 18)
            pdf.cell(30, 4, _("Photo 3×4"), align="C")
        pdf.set_xy(15, max(pdf.get_y(), y + 42))
        pdf.ln(2)

        def item_rows(items):
            for number, label, value in items:
                if isinstance(value, list):
                    value = "\n".join(value)
                # Keep an item on one page: measure both columns first.
                pdf.set_font("DejaVu", "", 9)
                label_lines = len(pdf.multi_cell(70, 5, label, dry_run=True, output="LINES"))
                pdf.set_font("DejaVu", "B", 9)
                value_lines = len(
                    pdf.multi_cell(100, 5, value or " ", dry_run=True, output="LINES")
                )
                if pdf.get_y() + 5 * max(label_lines, value_lines) > pdf.page_break_trigger:
                    pdf.add_page()
                pdf.set_font("DejaVu", "", 9)
                top = pdf.get_y()
                pdf.multi_cell(8, 5, number, border=0, align="L")
                pdf.set_xy(23, top)
                # 70 mm: the longest word of a label ("административно-территориальная",
                # 61 mm at 9 pt) fits, so labels break between words.
                pdf.multi_cell(70, 5, label, border=0, align="L")
                label_bottom = pdf.get_y()
                pdf.set_xy(95, top)
                pdf.set_font("DejaVu", "B", 9)
                pdf.multi_cell(100, 5, value or " ", border="B", align="L")
                pdf.set_y(max(label_bottom, pdf.get_y()) + 1.5)

        def table(header, rows, widths):
            pdf.set_font("DejaVu", "B", 8)
            with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as grid:
                heading = grid.row()
                for cell in header:
                    heading.cell(cell)
                pdf.set_font("DejaVu", "", 8)
                for values in rows:
                    row = grid.row()
                    for cell in values:
                        row.cell(cell)

        item_rows(a1_items(q, include_restricted=include_restricted))
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 7, "10. " + _("Information about relatives:"), new_x="LMARGIN", new_y="NEXT")
        table(a1_relatives_header(), a1_relatives(q), (28, 45, 20, 35, 52))
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(
            0,
            7,
            "11. " + _("Education before arrival in the Republic of Kazakhstan"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        table(a1_education_header(), a1_education(q), (8, 45, 35, 20, 32, 40))
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(0, 5, a1_education_note(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        item_rows(a1_second_list(q))
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5, a1_statement(), new_x="LMARGIN", new_y="NEXT", align="J")
        pdf.ln(3)
        pdf.multi_cell(0, 5, _signature_line(q), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


# --- DOCX ----------------------------------------------------------------------------------------

# A4 portrait, margins top, right, bottom, left: 17.5 cm between them. Column widths in cm,
# each wide enough for the longest word of its header in Russian and Kazakh at 9 pt.
A1_MARGINS = (1.5, 1.5, 1.5, 2.0)
A1_HEAD_WIDTHS = (14.5, 3.0)  # the title, the photo box 3 × 4 cm top right
A1_ITEM_WIDTHS = (1.0, 6.0, 10.5)  # number, label, value
A1_RELATIVES_WIDTHS = (3.0, 4.5, 2.2, 3.3, 4.5)
A1_EDUCATION_WIDTHS = (0.8, 4.3, 3.1, 2.2, 3.8, 3.3)  # "ГОСУДАРСТВЕННОЕ" fits its type


def _docx_items(document, items) -> None:
    """Items as the form lays them out: number, label, the answer; no header row."""
    widths = docx.widths_twips(A1_ITEM_WIDTHS)
    rows = []
    for number, label, value in items:
        if isinstance(value, list):  # lines of their own (A1.14's boxes)
            answer = [
                docx.paragraph_xml(line, bold=True, size_pt=10, space_after_pt=0) for line in value
            ]
        else:
            answer = docx.paragraph_xml(value, bold=True, size_pt=10, space_after_pt=0)
            answer = [answer]
        rows.append(
            docx.tr_xml(
                [
                    docx.cell_xml(number, widths[0]),
                    docx.cell_xml(label, widths[1]),
                    docx.cell_xml(answer, widths[2]),
                ]
            )
        )
    docx.append_xml(document, docx.table_start_xml(widths) + "".join(rows) + docx.TABLE_END)


def _docx_head(document, q: Questionnaire) -> None:
    """The title and the warning on the left, the photo box 3 × 4 cm top right."""
    title, note = a1_heading()
    widths = docx.widths_twips(A1_HEAD_WIDTHS)
    lines = title.split("\n")
    heading = [
        docx.paragraph_xml(
            line, bold=True, size_pt=14 if n == 0 else 11, align="center", space_after_pt=2
        )
        for n, line in enumerate(lines)
    ]
    heading.append(
        docx.paragraph_xml(note, bold=True, size_pt=10, align="center", space_after_pt=0)
    )
    photo_text = [docx.paragraph_xml(_("Photo 3×4"), size_pt=9, align="center", space_after_pt=0)]
    xml = (
        docx.table_start_xml(widths, borders=False)
        + docx.tr_xml(
            [
                docx.cell_xml(heading, widths[0], borders=()),
                docx.cell_xml(photo_text, widths[1], borders=docx.SIDES),
            ],
            height_cm=4,
            exact=True,
        )
        + docx.TABLE_END
    )
    table = Table(docx.append_xml(document, xml), document._body)
    photo = _photo_bytes(q)
    if photo:
        cell = table.rows[0].cells[1]
        paragraph = cell.paragraphs[0]
        try:
            run = paragraph.add_run()
            run.add_picture(io.BytesIO(photo), width=Cm(2.8), height=Cm(3.8))
        except Exception:
            return
        for text_run in paragraph.runs[:-1]:
            text_run._r.getparent().remove(text_run._r)


def _docx_heading(document, text: str) -> None:
    docx.append_xml(
        document, docx.paragraph_xml(text, bold=True, size_pt=11, keep_next=True, space_after_pt=3)
    )


def questionnaire_docx(
    q: Questionnaire, *, language: str, include_restricted: bool = False
) -> bytes:
    """Appendix 1 as DOCX in Russian or Kazakh, laid out as the seed: the appendix line, the
    title once with the photo box top right, items 1–9, the tables of items 10 and 11,
    items 12–16, the statement 17 and the signature."""
    with override(language):
        document = docx.new_document(margins_cm=A1_MARGINS, size_pt=11)
        docx.append_xml(document, docx.paragraph_xml(a1_appendix(), size_pt=9, align="right"))
        _docx_head(document, q)
        docx.append_xml(document, docx.paragraph_xml("", space_after_pt=0))
        _docx_items(document, a1_items(q, include_restricted=include_restricted))
        _docx_heading(document, "10. " + _("Information about relatives:"))
        docx.add_table(document, A1_RELATIVES_WIDTHS, a1_relatives(q), header=a1_relatives_header())
        _docx_heading(
            document, "11. " + _("Education before arrival in the Republic of Kazakhstan")
        )
        docx.add_table(document, A1_EDUCATION_WIDTHS, a1_education(q), header=a1_education_header())
        docx.append_xml(document, docx.paragraph_xml(a1_education_note(), size_pt=9))
        _docx_items(document, a1_second_list(q))
        docx.append_xml(document, docx.paragraph_xml(""))
        docx.append_xml(document, docx.paragraph_xml(a1_statement(), align="both"))
        docx.append_xml(document, docx.paragraph_xml(_signature_line(q)))
        return docx.to_bytes(document)


# --- the enrollment order (R8.4) -----------------------------------------------------------------


ORDER_WIDTHS = (1.0, 5.0, 3.0, 4.3, 1.4, 2.3)  # cm, 17 cm between the margins


def enrollment_order_docx(order: EnrollmentOrder, stays: list[Stay], *, language: str) -> bytes:
    """R8.4: the order on the enrollment of foreign citizens, a numbered list of the persons."""
    with override(language):
        organization = order.organization
        document = docx.new_document(margins_cm=(2, 1.5, 2, 2.5))

        def paragraph(text, **options):
            docx.append_xml(document, docx.paragraph_xml(text, **options))

        paragraph(
            organization.name_kk if language == "kk" else organization.name_ru,
            bold=True,
            align="center",
        )
        paragraph(_("ORDER"), bold=True, align="center", space_after_pt=0)
        paragraph(
            _("No. %(number)s of %(date)s") % {"number": order.number, "date": _day(order.date)},
            align="center",
        )
        paragraph(
            order.title or _("On the enrollment of foreign citizens"), bold=True, align="center"
        )
        paragraph(
            _(
                "In accordance with the Rules for organizing international cooperation carried "
                "out by education organizations (order No. 661 of 27 December 2007), I ORDER:"
            ),
            align="both",
        )
        paragraph(_("1. To enroll the following foreign citizens in the education organization:"))
        lines = dict(ArrivalLine.choices)
        rows = [
            [
                str(index),
                s.person.full_name
                + (
                    f" ({s.person.full_name_latin})"
                    if s.person.full_name_latin and s.person.full_name_latin != s.person.full_name
                    else ""
                ),
                _country(s.person.citizenship),
                " ".join(p for p in (s.program_code, s.program_name) if p),
                str(s.course or ""),
                s.arrival_line_other
                if s.arrival_line == ArrivalLine.OTHER and s.arrival_line_other
                else str(lines.get(s.arrival_line, "")),
            ]
            for index, s in enumerate(stays, start=1)
        ]
        docx.add_table(
            document,
            ORDER_WIDTHS,
            rows,
            header=[
                _("No."),
                _("Full name"),
                _("Citizenship"),
                _("Educational program"),
                _("Course"),
                _("Basis"),
            ],
            size_pt=10,
        )
        paragraph("")
        paragraph(
            _(
                "2. The international cooperation service shall ensure the migration registration "
                "of the enrolled foreigners within the time limits set by law."
            ),
            align="both",
        )
        paragraph(_("3. I reserve control over the execution of this order."))
        paragraph("")
        paragraph(_("First head") + ": ____________________ " + (order.signed_by or ""))
        return docx.to_bytes(document)


# --- A2.3 (XLSX) ---------------------------------------------------------------------------------


def a2_3_headers() -> list[str]:
    return [
        _("No."),
        _("Full name"),
        _("Name in Latin letters"),
        _("Year of birth"),
        _("Country of arrival"),
        _("Arrival line"),
        _("Specialty"),
        _("Course"),
        _("Place of residence"),
        _("Expected completion of study (work, research)"),
        _("Expected departure from Kazakhstan"),
        _("Category"),
        _("Status"),
        _("Arrival date"),
        _("Departure date"),
    ]


def a2_3_sheet(stays):
    """The A2.3 list as one sheet (title, headers, row generator): streamed, flat memory.

    Labels are translated once, and dates written as DD.MM.YYYY text (openpyxl writes a
    text cell about twice as fast as a date cell, which matters for 20,000 rows).
    """
    lines = {k: str(v) for k, v in ArrivalLine.choices}
    categories = {k: str(v) for k, v in StayCategory.choices}
    statuses = {k: str(v) for k, v in StayStatus.choices}
    countries = {c.code: str(c.name) for c in citizenship_countries if c.code}

    def day(value) -> str:
        return value.strftime("%d.%m.%Y") if value else ""

    def rows():
        for number, v in enumerate(a2_3_rows(stays), start=1):
            (last, first, patronymic, last_l, first_l, patronymic_l, birth, citizenship,
             line, line_other, code, program, course, residence, completion, departure,
             category, status, arrival, departed, arrival_country) = v  # fmt: skip
            country = arrival_country or citizenship
            yield [
                number,
                " ".join(p for p in (last, first, patronymic) if p),
                " ".join(p for p in (last_l, first_l, patronymic_l) if p),
                birth.year if birth else "",
                countries.get(country, country),
                line_other if line == ArrivalLine.OTHER and line_other else lines.get(line, line),
                " ".join(p for p in (code, program) if p),
                course or "",
                residence,
                day(completion),
                day(departure),
                categories.get(category, category),
                statuses.get(status, status),
                day(arrival),
                day(departed),
            ]

    return (_("Foreigners (A2.3)"), a2_3_headers(), rows())
