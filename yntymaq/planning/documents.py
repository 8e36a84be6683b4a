"""What the planning app prints: the annual work plan (A2.5's copy) and the priority-specialty
proposal (R2.5) as DOCX in Russian and Kazakh, and the XLSX sheets of its registries.

Documents only lay out what the query functions computed; each is rendered under
`translation.override(language)`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.document import Document

from yntymaq.core import bilingual, docx

from .models import AnnualPlan, AnnualPlanItem, SpecialtyProposal
from .periods import academic_year_label
from .queries import annual_plan_items

LANGUAGES = ("ru", "kk")


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value).date()
    return date_format(value, "SHORT_DATE_FORMAT")


def _number(value: Decimal | None) -> int | float | None:
    """A figure as a spreadsheet number (Decimal would be written as text)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _countries(countries) -> str:
    return ", ".join(str(country.name) for country in countries)


# --- DOCX ------------------------------------------------------------------------------------


def _new_document(landscape: bool = True) -> Document:
    return docx.new_document(landscape=landscape, margins_cm=(2, 2, 2, 2), size_pt=11)


def _paragraph(document, text: str, *, bold=False, size=None, align=None, space_after=None):
    docx.append_xml(
        document,
        docx.paragraph_xml(text, bold=bold, size_pt=size, align=align, space_after_pt=space_after),
    )


def _approval_block(document, approved: bool, who: str, when) -> None:
    """The "APPROVED" block at the top right, as plans are signed."""
    right = "right"
    _paragraph(document, pgettext("document", "APPROVED"), bold=True, align=right, space_after=0)
    if approved:
        _paragraph(document, who, align=right, space_after=0)
        _paragraph(document, _date(when), align=right)
    else:
        _paragraph(document, "______________________", align=right, space_after=0)
        _paragraph(document, _("(draft, not approved yet)"), align=right)


def _table(document, headers: list[str], rows: Iterable[list[str]], widths: list[float]):
    """A bordered table with a bold header row repeated on each page (core.docx)."""
    return docx.add_table(document, widths, rows, header=headers, size_pt=10, center=True)


def _item_responsible(item: AnnualPlanItem) -> str:
    unit = (
        bilingual.of(item.unit.name_ru or item.unit.name_kk, item.unit.name_kk) if item.unit else ""
    )
    return "; ".join(p for p in (unit, str(item.responsible or "")) if p)


def _prints_russian(plan: AnnualPlan, items) -> bool:
    """Whether the Kazakh plan prints a Russian value for a missing Kazakh one."""
    return bool(plan.title and not plan.title_kk) or any(
        (item.activity and not item.activity_kk)
        or (item.unit and item.unit.name_ru and not item.unit.name_kk)
        for item in items
    )


def annual_plan_docx(plan: AnnualPlan, language: str, items=None) -> bytes:
    """A2.5: the annual international cooperation work plan — heading with the organization's
    name and academic year, the approval block, and a numbered table of its items."""
    if items is None:
        items = annual_plan_items(plan)
    with translation.override(language):
        document = _new_document(landscape=True)
        approver = plan.approved_by.full_name if plan.approved_by else ""
        _approval_block(document, plan.is_approved, approver, plan.approved_at)
        center = "center"
        _paragraph(
            document, plan.organization.name, bold=True, size=13, align=center, space_after=2
        )
        _paragraph(
            document,
            _("Annual international cooperation work plan for the %(year)s academic year")
            % {"year": academic_year_label(plan.academic_year)},
            bold=True,
            size=13,
            align=center,
            space_after=2,
        )
        if plan.title or plan.title_kk:
            _paragraph(
                document, bilingual.of(plan.title or plan.title_kk, plan.title_kk), align=center
            )
        headers = [
            _("No."),
            _("Activity"),
            _("Area of activity (R8.1)"),
            _("Responsible unit and person"),
            _("Deadline"),
            _("Status"),
            _("Result"),
        ]
        rows = [
            [
                str(number),
                bilingual.of(item.activity, item.activity_kk),
                str(item.get_area_display()),
                _item_responsible(item),
                _date(item.deadline),
                str(item.get_status_display()),
                item.result,
            ]
            for number, item in enumerate(items, start=1)
        ]
        _table(document, headers, rows, [1.0, 7.2, 3.5, 4.5, 2.5, 2.5, 4.5])
        if plan.notes:
            _paragraph(document, "")
            _paragraph(document, plan.notes)
        if language == "kk" and _prints_russian(plan, items):
            _paragraph(document, "")
            _paragraph(document, bilingual.fallback_note(), size=9)
        output = io.BytesIO()
        document.save(output)
    return output.getvalue()


def specialty_proposal_docx(proposal: SpecialtyProposal, specialties, language: str) -> bytes:
    """R2.5: proposals for the registry of priority specialties for which study abroad is
    advisable, as a numbered table."""
    with translation.override(language):
        document = _new_document(landscape=True)
        approver = proposal.approved_by.full_name if proposal.approved_by else ""
        _approval_block(document, proposal.is_approved, approver, proposal.approved_at)
        center = "center"
        _paragraph(
            document, proposal.organization.name, bold=True, size=13, align=center, space_after=2
        )
        _paragraph(
            document,
            _(
                "Proposals for the %(year)s registry of priority specialties for which study "
                "abroad is advisable"
            )
            % {"year": proposal.year},
            bold=True,
            size=13,
            align=center,
        )
        headers = [
            _("No."),
            _("Code"),
            _("Specialty"),
            _("Level"),
            _("Justification"),
            _("Recommended countries"),
            _("Recommended partners"),
        ]
        rows = (
            [
                str(number),
                specialty.code,
                specialty.name,
                str(specialty.get_level_display()),
                specialty.justification,
                _countries(specialty.countries),
                specialty.partners,
            ]
            for number, specialty in enumerate(specialties, start=1)
        )
        _table(document, headers, rows, [1.0, 2.2, 4.5, 2.8, 7.0, 3.5, 4.5])
        if proposal.notes:
            _paragraph(document, "")
            _paragraph(document, proposal.notes)
        output = io.BytesIO()
        document.save(output)
    return output.getvalue()


# --- XLSX sheets (core.xlsx.xlsx_response) ---------------------------------------------------


def long_term_plan_sheets(progress):
    """R2.1: one row per indicator and year: target, actual value and where it comes from."""
    plan = progress.plan

    def rows() -> Iterator[list]:
        for row in progress.rows:
            for cell in row.cells:
                source = ""
                if cell.actual_from == "registry" and row.source:
                    source = str(row.source.registry)
                elif cell.actual_from == "hand":
                    source = _("entered by hand")
                yield [
                    row.indicator.title,
                    row.indicator.unit_label,
                    cell.year,
                    _number(cell.target),
                    _number(cell.actual),
                    source,
                    cell.value.note if cell.value else "",
                ]

    goals = ([number, goal] for number, goal in enumerate(plan.goal_list, start=1))
    headers = [
        _("Indicator"),
        _("Unit"),
        _("Year"),
        _("Target"),
        _("Actual"),
        _("Source"),
        _("Note"),
    ]
    return [
        (_("Indicators"), headers, rows()),
        (_("Goals"), [_("No."), _("Goal")], goals),
    ]


def annual_plan_sheets(plan: AnnualPlan, items):
    headers = [
        _("No."),
        _("Activity"),
        _("Area of activity"),
        _("Responsible unit"),
        _("Responsible person"),
        _("Deadline"),
        _("Status"),
        _("Result"),
    ]
    rows = (
        [
            number,
            item.activity,
            str(item.get_area_display()),
            str(item.unit or ""),
            str(item.responsible or ""),
            item.deadline,
            str(item.get_status_display()),
            item.result,
        ]
        for number, item in enumerate(items.iterator(chunk_size=2000), start=1)
    )
    return [(plan.year_label.replace("/", "-"), headers, rows)]


def activity_sheets(activities):
    headers = [
        _("Title"),
        _("Kind"),
        _("Area of activity"),
        _("Start date"),
        _("End date"),
        _("Place"),
        _("Partners"),
        _("Foreign participants"),
        _("Own participants"),
        _("Participants"),
        _("Results"),
        _("Unit"),
    ]
    rows = (
        [
            a.title,
            str(a.get_kind_display()),
            str(a.get_area_display()),
            a.starts_on,
            a.ends_on,
            a.place,
            "\n".join([*(str(p) for p in a.registry_partners.all()), a.partners]).strip(),
            a.foreign_participants,
            a.own_participants,
            a.participants,
            a.results,
            str(a.unit or ""),
        ]
        for a in activities.iterator(chunk_size=2000)
    )
    return [(_("Activities"), headers, rows)]


def conference_sheets(participations):
    headers = [
        _("Staff member"),
        _("Event"),
        _("Kind of event"),
        _("Place"),
        _("Start date"),
        _("End date"),
        _("Role"),
        _("Paper title"),
    ]
    rows = (
        [
            p.person.full_name,
            p.event,
            str(p.get_kind_display()),
            p.place,
            p.starts_on,
            p.ends_on,
            str(p.get_role_display()),
            p.paper_title,
        ]
        for p in participations.iterator(chunk_size=2000)
    )
    return [(_("Conferences"), headers, rows)]


def foreigners_work_sheets(summary):
    """A2.9: the narratives and the four lists of one academic year, a sheet each."""
    work = summary.work
    narratives = (
        [str(work._meta.get_field(name).verbose_name), getattr(work, name)]
        for name in work.NARRATIVE_FIELDS
    )
    development = (
        [d.person.full_name, d.title, d.provider, d.starts_on, d.ends_on, d.hours, d.certificate]
        for d in summary.staff_developments
    )
    courses = (
        [str(c.get_kind_display()), c.title, c.audience, c.lecturer, c.hours]
        for c in summary.special_courses
    )
    materials = (
        [str(m.get_kind_display()), m.title, m.authors, m.year, m.language]
        for m in summary.teaching_materials
    )
    publications = ([p.title, p.authors, p.venue, p.year, p.topic] for p in summary.publications)
    topics = ([topic, count] for topic, count in summary.publication_summary.topics)
    return [
        (_("Brief information"), [_("Section"), _("Text")], narratives),
        (
            _("Professional development"),
            [
                _("Teacher"),
                _("Course or program"),
                _("Held by, where"),
                _("Start date"),
                _("End date"),
                _("Hours"),
                _("Certificate"),
            ],
            development,
        ),
        (
            _("Special courses"),
            [_("Kind"), _("Title"), _("For whom"), _("Taught by"), _("Hours")],
            courses,
        ),
        (
            _("Teaching materials"),
            [_("Kind"), _("Title"), _("Authors"), _("Year"), _("Language")],
            materials,
        ),
        (
            _("Publications"),
            [_("Title"), _("Authors"), _("Published in"), _("Year"), _("Topic")],
            publications,
        ),
        (_("Publication topics"), [_("Topic"), _("Publications")], topics),
    ]


def material_sheets(materials):
    headers = [
        _("Title"),
        _("Kind"),
        _("Topic"),
        _("Countries"),
        _("Education level"),
        _("Author"),
        _("Date"),
        pgettext("abstract", "Summary"),
    ]
    rows = (
        [
            m.title,
            str(m.get_kind_display()),
            m.topic,
            _countries(m.countries),
            str(m.get_education_level_display()),
            m.author,
            m.prepared_on,
            m.summary,
        ]
        for m in materials.iterator(chunk_size=2000)
    )
    return [(_("Analytical materials"), headers, rows)]


def specialty_sheets(proposal: SpecialtyProposal, specialties):
    headers = [
        _("No."),
        _("Code"),
        _("Specialty"),
        _("Level"),
        _("Justification"),
        _("Recommended countries"),
        _("Recommended partners"),
    ]
    rows = (
        [
            number,
            s.code,
            s.name,
            str(s.get_level_display()),
            s.justification,
            _countries(s.countries),
            s.partners,
        ]
        for number, s in enumerate(specialties.iterator(chunk_size=2000), start=1)
    )
    return [(str(proposal.year), headers, rows)]
