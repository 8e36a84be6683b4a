"""The layout and wording of Appendix 2: the heading, the nine items' titles, the tables'
columns and the text of each cell. Shared by the preview page and the files (DOCX, PDF, XLSX),
so what the user previews is what the files print. Everything reads report data (plain JSON,
reporting.queries.report_data), never the registries, and is written in the active language.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from yntymaq.core import bilingual

from .queries import date_text, kazakh_missing
from .sources import label

APPENDIX = gettext_lazy(
    "Appendix 2 to the Rules for organizing international cooperation carried out by "
    "education organizations"
)

ITEM_TITLES = {
    1: gettext_lazy(
        "List of the internal units of the education organization that work directly on "
        "external relations, with their address and location (building, room)."
    ),
    2: gettext_lazy(
        "List of the officials responsible for international cooperation, with their surname, "
        "first name and patronymic (if any) and their work and home phone numbers."
    ),
    3: gettext_lazy(
        "List of foreigners (including members of the foreign Kazakh diaspora, kandases and "
        "citizens of the CIS) with their surname, first name and patronymic (if any), year of "
        "birth, country of arrival, arrival line, specialty, course, place of residence, "
        "expected date of completing their study (work, research) and of leaving the Republic "
        "of Kazakhstan."
    ),
    4: gettext_lazy(
        "List of citizens of the Republic of Kazakhstan sent by the education organization "
        "abroad to study, work or do research, with their surname, first name and patronymic "
        "(if any), date of birth, place of residence in Kazakhstan and temporary place of "
        "residence abroad, purposes, terms, place of the trip abroad, and date of return to "
        "the Republic of Kazakhstan."
    ),
    5: gettext_lazy(
        "Copy of the education organization's annual work plan for international cooperation."
    ),
    6: gettext_lazy(
        "Copies of contracts, agreements, treaties and work programs of cooperation with "
        "foreign legal entities and individuals."
    ),
    7: gettext_lazy(
        "Brief information on carrying out the contracts, agreements, treaties and work "
        "programs of cooperation with foreign legal entities and individuals."
    ),
    8: gettext_lazy(
        "Brief information on the participation of the education organization's staff in "
        "international scientific, scientific-practical and scientific-methodical conferences, "
        "symposia and seminars."
    ),
    9: gettext_lazy(
        "Brief information on organizing the teaching process, methodical, research and "
        "educational work with foreigners, including the principle of forming groups, language "
        "training, work with low achievers, the system of professional development of teachers "
        "who work with foreign students, the fulfilment of individual plans by students, "
        "teachers and researchers who are citizens of foreign states; the list of special "
        "courses and special seminars that take into account the features of the foreigners' "
        "future work, the list of textbooks, study guides and methodical instructions prepared "
        "by teachers and researchers for foreign students, the number and topics of "
        "publications with foreigners, and other."
    ),
}

NARRATIVE_TITLES = {
    "group_formation": gettext_lazy("Principle of forming groups"),
    "language_training": gettext_lazy("Language training"),
    "low_achievers": gettext_lazy("Work with low achievers"),
    "staff_development": gettext_lazy(
        "Professional development of teachers who work with foreign students"
    ),
    "individual_plans": gettext_lazy("Fulfilment of individual plans"),
    "other_work": gettext_lazy("Other work"),
}


def localized(value) -> str:
    """A value of report data in the active language: plain text, or {"ru": …, "kk": …};
    a Russian value printed for a missing Kazakh one is marked (core.bilingual)."""
    return bilingual.text(value)


def organization_name(data: dict) -> str:
    organization = data["organization"]
    if get_language() == "kk":
        return organization["name_kk"] or organization["name_ru"]
    return organization["name_ru"] or organization["name_kk"]


def heading(data: dict) -> str:
    """ "Information on the results of international cooperation of <organization> for the
    <year> academic year", and on a second line the period it covers (`period_text`)."""
    title = _(
        "Information on the results of international cooperation of %(organization)s for the "
        "%(year)s academic year"
    ) % {"organization": organization_name(data), "year": data["year_label"]}
    period = period_text(data)
    return f"{title}\n{period}" if period else title


def period_text(data: dict) -> str:
    """R8.11, A2 (reporting.queries.a2_period): the period the report covers, the date its
    data was taken, the deadline and the days of the academic year not yet covered — or, for
    the final version, that it covers the whole year. Empty for data frozen before it."""
    if "as_of" not in data:
        return ""
    values = {
        "start": date_text(data["start"]),
        "end": date_text(data["end"]),
        "as_of": date_text(data["as_of"]),
        "deadline": date_text(data["deadline"]),
        "days": data["days_not_covered"],
    }
    if data.get("final"):
        return (
            _("Final version for the whole academic year: %(start)s – %(end)s (due %(deadline)s).")
            % values
        )
    return (
        ngettext(
            "Period %(start)s – %(as_of)s of the academic year %(start)s – %(end)s, data as of "
            "%(as_of)s; due %(deadline)s; %(days)d day of the year is not yet covered.",
            "Period %(start)s – %(as_of)s of the academic year %(start)s – %(end)s, data as of "
            "%(as_of)s; due %(deadline)s; %(days)d days of the year are not yet covered.",
            data["days_not_covered"],
        )
        % values
    )


def item_title(data: dict, number: int) -> str:
    """An item's heading; a list (items 3, 4, 8) says the date its data was taken."""
    title = f"{number}. {ITEM_TITLES[number]}"
    if number in (3, 4, 8) and "as_of" in data:
        title += " " + _("(as of %(date)s)") % {"date": date_text(data["as_of"])}
    return title


def not_available() -> str:
    return _("Not available yet: the registry of this item is not in place.")


# --- tables of items 1–4 ----------------------------------------------------------------------


def columns(number: int) -> list[str]:
    if number == 1:
        return [_("No."), _("Internal unit"), _("Address"), _("Building"), _("Room")]
    if number == 2:
        return [
            _("No."),
            _("Surname, first name, patronymic"),
            _("Position"),
            _("Work phone"),
            _("Home phone"),
        ]
    if number == 3:
        return [
            _("No."),
            _("Surname, first name, patronymic"),
            _("Year of birth"),
            _("Country of arrival"),
            _("Arrival line"),
            _("Specialty"),
            _("Course"),
            _("Place of residence"),
            _("Expected date of completing study (work, research)"),
            _("Expected date of leaving the Republic of Kazakhstan"),
        ]
    if number == 4:
        return [
            _("No."),
            _("Surname, first name, patronymic"),
            _("Date of birth"),
            _("Place of residence in Kazakhstan"),
            _("Temporary place of residence abroad"),
            _("Purpose"),
            _("Terms"),
            _("Place of the trip"),
            _("Date of return to the Republic of Kazakhstan"),
        ]
    raise ValueError(number)


# Relative widths of the columns (DOCX and PDF share them).
WIDTHS = {
    1: [4, 36, 36, 12, 12],
    2: [4, 36, 30, 15, 15],
    3: [4, 17, 6, 9, 12, 14, 5, 12, 11, 10],
    4: [4, 16, 8, 13, 13, 8, 12, 15, 11],
}


def _unit_name(row: dict) -> str:
    return bilingual.of(row["name_ru"] or row["name_kk"], row["name_kk"])


def _arrival_line(row: dict) -> str:
    if row["arrival_line"] == "other" and row.get("arrival_line_other"):
        return row["arrival_line_other"]
    return label("arrival_line", row["arrival_line"])


def _place(row: dict) -> str:
    parts = [label("country", row["country"]), row["city"], row["host"]]
    return ", ".join(p for p in parts if p)


def _terms(row: dict) -> str:
    end = row["actual_return"] or row["planned_return"]
    return f"{date_text(row['departure'])} – {date_text(end)}"


def _return(row: dict) -> str:
    if row["actual_return"]:
        return date_text(row["actual_return"])
    if row["planned_return"]:
        return _("%(date)s (planned)") % {"date": date_text(row["planned_return"])}
    return ""


def table_rows(data: dict, number: int) -> Iterator[list[str]]:
    """The rows of the table of item 1–4 as text, numbered."""
    item = data["items"][str(number)]
    rows = item.get("rows", []) if item["available"] else []
    for position, row in enumerate(rows, start=1):
        if number == 1:
            cells = [_unit_name(row), localized(row["address"]), row["building"], row["room"]]
        elif number == 2:
            position = localized(row["position"])
            cells = [row["full_name"], position, row["work_phone"], row["home_phone"]]
        elif number == 3:
            name = row["full_name"]
            if row.get("full_name_latin"):
                name = f"{name} ({row['full_name_latin']})"
            cells = [
                name,
                str(row["birth_year"] or ""),
                label("country", row.get("arrival_country") or row["country"]),
                _arrival_line(row),
                row["specialty"],
                str(row["course"] or ""),
                row["residence"],
                date_text(row["expected_completion"]),
                date_text(row["expected_departure"]),
            ]
        else:
            cells = [
                row["full_name"],
                date_text(row["birth_date"]),
                row["residence_kz"],
                row["residence_abroad"],
                label("purpose", row["purpose"]),
                _terms(row),
                _place(row),
                _return(row),
            ]
        yield [str(position), *cells]


# --- text of items 5–9 ------------------------------------------------------------------------


def item_paragraphs(data: dict, number: int) -> Iterator[tuple[str, str]]:
    """Items 5–9 as (style, text) paragraphs: style "" for body text, "sub" for a subheading,
    "list" for a list entry. Generated one by one (the agreements' lists are long)."""
    item = data["items"][str(number)]
    if not item["available"]:
        return iter([("", not_available())])
    if number == 5:
        return iter(_plan_paragraphs(item["plan"]))
    if number == 6:
        return _agreement_paragraphs(item["rows"])
    if number == 7:
        return _implementation_paragraphs(item["rows"])
    if number == 8:
        return iter(_conference_paragraphs(item["rows"]))
    return iter(_work_paragraphs(item["work"]))


def _implementation_paragraphs(rows) -> Iterator[tuple[str, str]]:
    if not rows:
        yield ("", _("No agreements were in force in this academic year."))
    for row in rows:
        partners = localized(row["partners"])
        title = localized(row["title"])
        yield ("sub", f"{title} ({partners})" if partners else title)
        summary = localized(row["summary"])
        yield from (("", line) for line in summary.splitlines() if line.strip())


def _plan_paragraphs(plan: dict | None) -> list[tuple[str, str]]:
    if plan is None:
        return [("", _("No annual work plan is recorded for this academic year."))]
    if plan["approved"]:
        status = _("approved on %(date)s") % {"date": date_text(plan["approved_at"])}
    else:
        status = _("not approved")
    paragraphs = [
        ("sub", f"{localized(plan['title'])} ({status})"),
        ("", _("The copy of the plan is attached (ZIP archive of the report's copies).")),
    ]
    for position, entry in enumerate(plan["items"], start=1):
        parts = [localized(entry["activity"]), label("plan_area", entry["area"])]
        unit = localized(entry["unit"])
        if entry["responsible"] or unit:
            parts.append(", ".join(p for p in (unit, entry["responsible"]) if p))
        parts.append(_("by %(date)s") % {"date": date_text(entry["deadline"])})
        if entry["result"]:
            parts.append(entry["result"])
        paragraphs.append(("list", f"{position}. " + "; ".join(p for p in parts if p)))
    return paragraphs


def _agreement_paragraphs(rows) -> Iterator[tuple[str, str]]:
    if not rows:
        yield ("", _("No agreements were in force in this academic year."))
        return
    yield ("", _("The copies are attached (ZIP archive of the report's copies)."))
    for position, row in enumerate(rows, start=1):
        partners = "; ".join(
            ", ".join(
                p for p in (localized(partner["name"]), label("country", partner["country"])) if p
            )
            for partner in row["partners"]
        )
        term = f"{date_text(row['valid_from'])} – {date_text(row['valid_to']) or _('open-ended')}"
        number = f"№ {row['number']}, " if row["number"] else ""
        copy = "" if row["has_signed_copy"] else f" — {_('signed copy missing')}"
        yield (
            "list",
            f"{position}. {label('agreement_kind', row['kind'])} «{localized(row['title'])}» "
            f"({number}{partners}; {term}){copy}",
        )


def _conference_paragraphs(rows: list[dict]) -> list[tuple[str, str]]:
    if not rows:
        return [("", _("No participation in international conferences is recorded."))]
    paragraphs = [
        ("", _("Participations recorded: %(count)s.") % {"count": len(rows)}),
    ]
    for position, row in enumerate(rows, start=1):
        place = (
            _("online")
            if row["online"]
            else ", ".join(p for p in (label("country", row["country"]), row["city"]) if p)
        )
        dates = date_text(row["starts_on"])
        if row["ends_on"] and row["ends_on"] != row["starts_on"]:
            dates += f" – {date_text(row['ends_on'])}"
        parts = [
            row["person"],
            f"{label('conference_kind', row['kind'])} «{row['event']}»",
            place,
            dates,
            label("conference_role", row["role"]),
        ]
        if row["paper"]:
            parts.append(f"«{row['paper']}»")
        paragraphs.append(("list", f"{position}. " + ", ".join(p for p in parts if p)))
    return paragraphs


def _work_paragraphs(work: dict | None) -> list[tuple[str, str]]:
    if work is None:
        return [("", _("No work with foreigners is recorded for this academic year."))]
    paragraphs = []
    for name, title in NARRATIVE_TITLES.items():
        text = work["narratives"].get(name, "")
        if text.strip():
            paragraphs.append(("sub", str(title)))
            paragraphs.extend(("", line) for line in text.splitlines() if line.strip())
    if work["staff_developments"]:
        paragraphs.append(("sub", _("Professional development of teachers")))
        for entry in work["staff_developments"]:
            hours = _("%(hours)s h") % {"hours": entry["hours"]} if entry["hours"] else ""
            paragraphs.append(
                ("list", ", ".join(p for p in (entry["person"], entry["title"], hours) if p))
            )
    if work["special_courses"]:
        paragraphs.append(("sub", _("Special courses and seminars")))
        for entry in work["special_courses"]:
            paragraphs.append(
                ("list", ", ".join(p for p in (entry["title"], entry["audience"]) if p))
            )
    if work["teaching_materials"]:
        paragraphs.append(("sub", _("Textbooks, study guides and methodical instructions")))
        for entry in work["teaching_materials"]:
            parts = [
                label("material_kind", entry["kind"]),
                f"«{entry['title']}»",
                entry["authors"],
                str(entry["year"]),
                entry["language"],
            ]
            paragraphs.append(("list", ", ".join(p for p in parts if p)))
    publications = work["publications"]
    paragraphs.append(("sub", _("Publications with foreigners")))
    paragraphs.append(
        ("", _("Number of publications: %(count)s.") % {"count": publications["count"]})
    )
    if publications["topics"]:
        topics = "; ".join(f"{topic} ({count})" for topic, count in publications["topics"])
        paragraphs.append(("", _("Topics: %(topics)s.") % {"topics": topics}))
    return paragraphs


def fallback_note(data: dict) -> str:
    """The footnote of the Kazakh document where it prints Russian values ("" otherwise)."""
    if get_language() != "kk" or not any(True for _ in kazakh_missing(data)):
        return ""
    return bilingual.fallback_note()


def note(data: dict, number: int) -> str:
    return (data.get("notes") or {}).get(str(number), "").strip()
