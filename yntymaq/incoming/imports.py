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

from yntymaq.core.errors import ApplicationError
from yntymaq.core.imports import ImportResult, ImportSpec, each_row, register, row_savepoint
from yntymaq.people.countries import citizenship_countries
from yntymaq.people.enums import Sex
from yntymaq.people.models import Person
from yntymaq.people.services import person_prepare, persons_create_many

from .enums import ArrivalLine, StayCategory, StayStatus
from .models import Stay
from .services import stay_prepare, stay_update, stays_create_many

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
    "arrival_country": "Country of arrival|Страна прибытия|Келген елі",
}
# Columns a file made from an older template may lack.
OPTIONAL_COLUMNS = frozenset({"arrival_country"})
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
    "arrival_country",
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


NAME_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "last_name_latin",
    "first_name_latin",
    "patronymic_latin",
)


def _saved_persons(organization) -> dict[tuple, tuple]:
    """The organization's persons by their import key, as plain rows (id, names): a model is
    made only for those a row matches."""
    persons: dict[tuple, tuple] = {}
    rows = Person.objects.for_org(organization).values_list("id", "birth_date", *NAME_FIELDS)
    for row in rows.order_by("id"):
        _pk, birth, last, first, _patronymic, last_latin, first_latin, _ = row
        persons.setdefault(_person_key(last_latin, first_latin, last, first, birth), row)
    return persons


def _person_of(row: tuple, organization) -> Person:
    pk, birth, *names = row
    return Person(
        pk=pk,
        organization=organization,
        birth_date=birth,
        **dict(zip(NAME_FIELDS, names, strict=True)),
    )


def _saved_stays(organization) -> dict[tuple, dict]:
    """The organization's stays by (person id, category, arrival date): id and compared values."""
    rows = Stay.objects.for_org(organization).values(
        "id", "person_id", "category", "arrival_date", *STAY_COMPARED
    )
    return {(row["person_id"], row["category"], row["arrival_date"]): row for row in rows}


def _read_row(raw: dict, parser: _Parser) -> tuple[dict, dict, str, str]:
    """The person's values, the stay's values, its category and status; every wrong cell of
    the row raised at once, each under its column."""
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
        "citizenship": take(parser.choice, raw["citizenship"], parser.countries, "citizenship"),
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
        "expected_completion": take(parser.day, raw["expected_completion"], "expected_completion"),
        "expected_departure": take(parser.day, raw["expected_departure"], "expected_departure"),
        "actual_departure": take(parser.day, raw["actual_departure"], "actual_departure"),
        "residence_place": parser.text(raw["residence_place"]),
        "arrival_country": take(
            parser.choice,
            raw.get("arrival_country"),
            parser.countries,
            "arrival_country",
            required=False,
        ),
        "tuition_amount": take(parser.number, raw["tuition_amount"], "tuition_amount"),
    }
    if not stay_values["arrival_country"]:
        del stay_values["arrival_country"]  # an empty cell keeps the stay's (or citizenship)
    category = take(parser.choice, raw["category"], parser.category, "category")
    status = take(parser.choice, raw["status"], parser.status, "status")
    if errors:
        raise ValidationError(errors)
    return values, stay_values, category, status


def stays_import(rows: list[tuple[int, dict[str, Any]]], *, organization, actor) -> ImportResult:
    """Handler for core.imports.run_import: every row checked by the people and incoming
    services, errors collected per row and column.

    Linear in the rows, with a fixed number of queries for new rows: the persons and stays a
    row may match are read once, as plain rows; a new person or stay is checked in its row
    (person_prepare, stay_prepare) and all are saved together after the last row
    (persons_create_many, stays_create_many), each audited as one by one. A changed stay is
    updated through stay_update in its row's savepoint."""
    result = ImportResult()
    parser = _Parser()
    saved_persons = _saved_persons(organization)
    stays = _saved_stays(organization)
    persons: dict[tuple, Person] = {}  # the models made so far, matched or new, by key
    new_persons: list[Person] = []
    new_stays: list[Stay] = []

    for number, raw in each_row(rows):
        try:
            values, stay_values, category, status = _read_row(raw, parser)
            key = _person_key(
                values["last_name_latin"],
                values["first_name_latin"],
                values["last_name"],
                values["first_name"],
                values["birth_date"],
            )
            person = persons.get(key)
            if person is None and key in saved_persons:
                person = persons[key] = _person_of(saved_persons[key], organization)
            created_person = None
            if person is None:
                created_person = person = person_prepare(organization=organization, data=values)
            # A new person's stays are keyed by the model itself until it is saved.
            stay_key = (person.pk or id(person), category, stay_values["arrival_date"])
            saved = stays.get(stay_key)
            if saved is None:
                stay = stay_prepare(
                    organization=organization,
                    person=person,
                    data={"category": category, **stay_values},
                    imported_status=status,
                )
                stays[stay_key] = {"new": len(new_stays)}
                new_stays.append(stay)
                outcome = "created"
            elif "new" in saved:  # the same new stay again in the file: the later values win
                pending = new_stays[saved["new"]]
                changed = {k: v for k, v in stay_values.items() if getattr(pending, k) != v}
                outcome = "unchanged"
                if changed:
                    new_stays[saved["new"]] = stay_prepare(
                        organization=organization,
                        person=person,
                        data={"category": category, **stay_values},
                        imported_status=pending.status,
                    )
                    outcome = "updated"
            else:
                changed = {k: v for k, v in stay_values.items() if saved[k] != v}
                outcome = "unchanged" if created_person is None else "created"
                if changed:
                    errors_before = len(result.errors)
                    row_savepoint(result, number, lambda s=saved, c=changed: _update(s, c, actor))
                    if len(result.errors) == errors_before:
                        saved.update(changed)
                    continue
        except (ApplicationError, ValidationError) as error:
            result.add_errors(number, error)
            continue
        if created_person is not None:
            persons[key] = created_person
            new_persons.append(created_person)
        setattr(result, outcome, getattr(result, outcome) + 1)
    if result.ok:
        persons_create_many(actor=actor, persons=new_persons)
        stays_create_many(actor=actor, stays=new_stays)
    return result


def _update(saved: dict, changed: dict, actor) -> str:
    stay = Stay.objects.select_related("person").get(pk=saved["id"])
    stay_update(stay=stay, actor=actor, data=changed)
    return "updated"


STAY_IMPORT = register(
    ImportSpec(
        kind="incoming.stays", columns=COLUMNS, handler=stays_import, optional=OPTIONAL_COLUMNS
    )
)
