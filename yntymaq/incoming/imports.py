"""XLSX import of persons and stays (all-or-nothing with a preview, core.imports).

A row names a person (matched on the Latin name as in the passport and the date of birth, or on
the Cyrillic name and the date of birth) and one stay of theirs (matched on category and
arrival date). Re-importing the same file finds every row unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override

from yntymaq.core.imports import ImportResult, row_savepoint
from yntymaq.people.countries import citizenship_countries
from yntymaq.people.enums import Sex
from yntymaq.people.models import Person
from yntymaq.people.services import person_create

from .enums import ArrivalLine, StayCategory, StayStatus
from .models import Stay
from .services import stay_create, stay_update

COLUMNS = {
    "last_name": "Surname|Фамилия|Тегі",
    "first_name": "Given name|Имя|Аты",
    "patronymic": "Patronymic|Отчество|Әкесінің аты",
    "last_name_latin": "Surname (Latin)|Фамилия (латиницей)|Тегі (латынша)",
    "first_name_latin": "Given name (Latin)|Имя (латиницей)|Аты (латынша)",
    "birth_date": "Date of birth|Дата рождения|Туған күні",
    "sex": "Sex|Пол|Жынысы",
    "citizenship": "Citizenship|Гражданство|Азаматтығы",
    "category": "Category|Категория|Санаты",
    "status": "Status|Статус|Мәртебесі",
    "arrival_line": "Arrival line|Линия прибытия|Келу желісі",
    "program_code": "Program code|Код программы|Бағдарлама коды",
    "program_name": "Specialty|Специальность|Мамандығы",
    "course": "Course|Курс|Курс",
    "study_language": "Language of study|Язык обучения|Оқу тілі",
    "arrival_date": "Arrival date|Дата прибытия|Келген күні",
    "expected_completion": "Expected completion|Окончание обучения|Оқуды аяқтауы",
    "expected_departure": "Expected departure|Предполагаемый выезд|Болжамды кетуі",
    "actual_departure": "Departure date|Дата выезда|Кеткен күні",
    "residence_place": "Place of residence|Место проживания|Тұрғылықты жері",
    "tuition_amount": "Tuition, tenge|Стоимость обучения, тенге|Оқу ақысы, теңге",
}
STAY_COMPARED = [
    "arrival_line",
    "program_code",
    "program_name",
    "course",
    "study_language",
    "expected_completion",
    "expected_departure",
    "actual_departure",
    "residence_place",
    "tuition_amount",
]


def header_row() -> list[str]:
    """The first row of the import template, in the current language (ru/kk/en)."""
    from django.utils.translation import get_language

    position = {"en": 0, "ru": 1, "kk": 2}.get((get_language() or "ru")[:2], 1)
    return [texts.split("|")[position] for texts in COLUMNS.values()]


def _lookup(enum) -> dict[str, str]:
    values = {}
    for code, label in enum.choices:
        values[code.lower()] = code
        for language in ("ru", "kk", "en"):
            with override(language):
                values[str(label).lower()] = code
    return values


def _countries() -> dict[str, str]:
    values = {}
    for language in ("ru", "kk", "en"):
        with override(language):
            for country in citizenship_countries:
                if country.code:
                    values[str(country.name).lower()] = country.code
                    values[country.code.lower()] = country.code
    return values


class _Parser:
    def __init__(self):
        self.category = _lookup(StayCategory)
        self.status = _lookup(StayStatus)
        self.arrival_line = _lookup(ArrivalLine)
        self.sex = _lookup(Sex) | {"м": "M", "ж": "F", "m": "M", "f": "F", "е": "M", "ә": "F"}
        self.countries = _countries()

    @staticmethod
    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    def choice(self, value, table: dict, column: str, *, required=True) -> str:
        text = self.text(value).lower()
        if not text:
            if required:
                raise ValidationError({column: _("This column is required.")})
            return ""
        if text not in table:
            raise ValidationError({column: _("Unknown value “%(value)s”.") % {"value": value}})
        return table[text]

    @staticmethod
    def day(value, column: str) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValidationError(
            {column: _("Not a date: “%(value)s” (use DD.MM.YYYY).") % {"value": value}}
        )

    @staticmethod
    def number(value, column: str):
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value).replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValidationError(
                {column: _("Not a number: “%(value)s”.") % {"value": value}}
            ) from None

    def course(self, value):
        if value in (None, ""):
            return None
        try:
            return int(float(str(value).replace(",", ".")))
        except ValueError:
            raise ValidationError(
                {"course": _("Not a number: “%(value)s”.") % {"value": value}}
            ) from None


def _person_key(last_latin, first_latin, last, first, birth) -> tuple:
    if last_latin and first_latin:
        return ("latin", last_latin.upper(), first_latin.upper(), birth)
    return ("cyrillic", last.casefold(), first.casefold(), birth)


def stays_import(rows: list[tuple[int, dict[str, Any]]], *, organization, actor) -> ImportResult:
    """Handler for core.imports.run_import: every row through the people and incoming
    services, errors collected per row and column."""
    result = ImportResult()
    parser = _Parser()
    persons: dict[tuple, Person] = {}
    for person in Person.objects.for_org(organization).only(
        "id",
        "organization_id",
        "last_name",
        "first_name",
        "last_name_latin",
        "first_name_latin",
        "birth_date",
    ):
        persons.setdefault(
            _person_key(
                person.last_name_latin,
                person.first_name_latin,
                person.last_name,
                person.first_name,
                person.birth_date,
            ),
            person,
        )
    stays: dict[tuple, Stay] = {
        (s.person_id, s.category, s.arrival_date): s
        for s in Stay.objects.for_org(organization).only(
            "id",
            "organization_id",
            "person_id",
            "category",
            "arrival_date",
            "status",
            *STAY_COMPARED,
        )
    }

    for number, raw in rows:
        pending: dict = {}

        def handle(raw=raw, pending=pending):
            errors: dict[str, list] = {}

            def take(parse, *args, **kwargs):
                """Parse one cell; a wrong value is recorded and the row goes on being read."""
                try:
                    return parse(*args, **kwargs)
                except ValidationError as error:
                    for column, messages in error.message_dict.items():
                        errors.setdefault(column, []).extend(messages)
                    return None

            values = {
                "last_name": parser.text(raw["last_name"]),
                "first_name": parser.text(raw["first_name"]),
                "patronymic": parser.text(raw["patronymic"]),
                "last_name_latin": parser.text(raw["last_name_latin"]).upper(),
                "first_name_latin": parser.text(raw["first_name_latin"]).upper(),
                "birth_date": take(parser.day, raw["birth_date"], "birth_date"),
                "sex": take(parser.choice, raw["sex"], parser.sex, "sex", required=False),
                "citizenship": take(
                    parser.choice, raw["citizenship"], parser.countries, "citizenship"
                ),
            }
            stay_values = {
                "arrival_line": take(
                    parser.choice, raw["arrival_line"], parser.arrival_line, "arrival_line"
                ),
                "program_code": parser.text(raw["program_code"]),
                "program_name": parser.text(raw["program_name"]),
                "course": take(parser.course, raw["course"]),
                "study_language": parser.text(raw["study_language"]),
                "arrival_date": take(parser.day, raw["arrival_date"], "arrival_date"),
                "expected_completion": take(
                    parser.day, raw["expected_completion"], "expected_completion"
                ),
                "expected_departure": take(
                    parser.day, raw["expected_departure"], "expected_departure"
                ),
                "actual_departure": take(parser.day, raw["actual_departure"], "actual_departure"),
                "residence_place": parser.text(raw["residence_place"]),
                "tuition_amount": take(parser.number, raw["tuition_amount"], "tuition_amount"),
            }
            category = take(parser.choice, raw["category"], parser.category, "category")
            status = take(parser.choice, raw["status"], parser.status, "status")
            if errors:  # every wrong cell of the row, each under its column
                raise ValidationError(errors)
            key = _person_key(
                values["last_name_latin"],
                values["first_name_latin"],
                values["last_name"],
                values["first_name"],
                values["birth_date"],
            )
            person = persons.get(key)
            outcome = "unchanged"
            if person is None:
                person = person_create(organization=organization, actor=actor, data=values)
                pending["person"] = (key, person)
                outcome = "created"
            stay = stays.get((person.pk, category, stay_values["arrival_date"]))
            if stay is None:
                stay = stay_create(
                    organization=organization,
                    actor=actor,
                    person=person,
                    data={"category": category, **stay_values},
                    imported_status=status,
                )
                pending["stay"] = ((person.pk, category, stay.arrival_date), stay)
                return "created"
            changed = {k: v for k, v in stay_values.items() if getattr(stay, k) != v}
            if changed:
                stay_update(stay=stay, actor=actor, data=changed)
                return "updated"
            return outcome

        errors_before = len(result.errors)
        row_savepoint(result, number, handle)
        if len(result.errors) == errors_before:  # a failed row leaves nothing to remember
            if "person" in pending:
                persons[pending["person"][0]] = pending["person"][1]
            if "stay" in pending:
                stays[pending["stay"][0]] = pending["stay"][1]
    return result
