"""XLSX import of trips, all or nothing (core.imports): every row goes through the services,
every row's errors are listed, and re-importing the same file changes nothing.

A row names the traveller by IIN with the surname, given name and date of birth. A person
already registered must match the IIN (an IIN that belongs to someone else is refused);
a person not yet registered is added through the people services, which check the IIN's
checksum and that it encodes the date of birth given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from yntymaq.core.imports import ImportResult, ImportSpec, each_row, register, row_savepoint
from yntymaq.core.models import Organization, User
from yntymaq.people import services as people_services
from yntymaq.people.models import KAZAKHSTAN, Person
from yntymaq.service.models import Unit

from . import services
from .enums import Funding, Purpose, TripKind
from .models import Trip, destination_countries

KIND = "outbound.trips"

# key -> "English|Русский|Қазақша" header texts (any of them is accepted).
COLUMNS = {
    "iin": "IIN|ИИН|ЖСН",
    "last_name": "Surname|Фамилия|Тегі",
    "first_name": "Given name|Имя|Аты",
    "patronymic": "Patronymic|Отчество|Әкесінің аты",
    "birth_date": "Date of birth|Дата рождения|Туған күні",
    "unit": "Unit|Подразделение|Бөлімше",
    "kind": "Kind|Вид|Түрі",
    "purpose": "Purpose|Цель|Мақсаты",
    "country": "Country|Страна|Елі",
    "city": "City|Город|Қаласы",
    "host_organization": "Host organization|Принимающая организация|Қабылдаушы ұйым",
    "planned_departure": "Planned departure|Плановый выезд|Жоспарлы шығу",
    "planned_return": "Planned return|Плановое возвращение|Жоспарлы оралу",
    "funding": "Funding|Финансирование|Қаржыландыру",
    "order_number": "Order number|Номер приказа|Бұйрық нөмірі",
    "order_date": "Order date|Дата приказа|Бұйрық күні",
    "address_abroad": (
        "Temporary address abroad|Временный адрес за рубежом|Шетелдегі уақытша мекенжайы"
    ),
    "residence_in_kazakhstan": (
        "Place of residence in Kazakhstan|Место жительства в Казахстане"
        "|Қазақстандағы тұрғылықты жері"
    ),
}
REQUIRED = (
    "iin",
    "last_name",
    "first_name",
    "kind",
    "purpose",
    "country",
    "city",
    "host_organization",
    "planned_departure",
    "planned_return",
    "funding",
)
COMPARED = (
    "unit",
    "kind",
    "purpose",
    "country",
    "city",
    "host_organization",
    "planned_return",
    "funding",
    "order_number",
    "order_date",
    "address_abroad",
    "residence_in_kazakhstan",
)


def template_headers() -> list[str]:
    """The header row of the import template, in the current language."""
    language = translation.get_language() or "ru"
    index = {"en": 0, "ru": 1, "kk": 2}.get(language.split("-")[0], 1)
    return [texts.split("|")[index] for texts in COLUMNS.values()]


class RowError(services.OutboundError):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value: Any, column: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(
        _("“%(value)s” is not a date; write it as 31.12.2026.") % {"value": text}, field=column
    )


@cache
def _choice_lookup(choices_name: str) -> dict[str, str]:
    choices = {"kind": TripKind, "purpose": Purpose, "funding": Funding}[choices_name]
    found = {}
    for language in ("en", "ru", "kk"):
        with translation.override(language):
            for value, label in choices.choices:
                found[str(label).casefold()] = value
    for value in choices.values:
        found[value.casefold()] = value
    return found


@cache
def _country_lookup() -> dict[str, str]:
    found = {}
    for language in ("en", "ru", "kk"):
        with translation.override(language):
            for country in destination_countries:
                found[str(country.name).casefold()] = country.code
    for country in destination_countries:
        found[country.code.casefold()] = country.code
    return found


def _choice(value: Any, column: str) -> str:
    text = _text(value).casefold()
    found = _choice_lookup(column).get(text)
    if found is None:
        raise RowError(
            _("“%(value)s” is not a known value of this column.") % {"value": _text(value)},
            field=column,
        )
    return found


def _country(value: Any) -> str:
    text = _text(value)
    code = _country_lookup().get(text.casefold())
    if code is None:
        raise RowError(
            _("“%(value)s” is not a country of destination.") % {"value": text}, field="country"
        )
    return code


def _unit(organization: Organization, value: Any, units: dict[str, Unit]) -> Unit | None:
    text = _text(value)
    if not text:
        return None
    unit = units.get(text.casefold())
    if unit is None:
        raise RowError(_("No unit is called “%(value)s”.") % {"value": text}, field="unit")
    return unit


def _iin(value: Any) -> str:
    """The IIN as 12 digits (a spreadsheet that stored it as a number lost its leading zero)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{int(value):012d}"
    return _text(value).replace(" ", "")


@dataclass
class _Lookups:
    """What the rows look up, read once for the whole file: the organization's units, the
    persons of the file's IINs and their trips (by person, departure and country)."""

    units: dict[str, Unit]
    persons: dict[str, Person]
    trips: dict[tuple, Trip]
    pending: dict = field(default_factory=dict)

    def remember(self, person: Person, key: tuple, trip: Trip) -> None:
        """The row's new person and trip, kept once the row has succeeded (commit_pending)."""
        self.pending = {"person": person, "trip": (key, trip)}

    def commit_pending(self) -> None:
        if "person" in self.pending:
            person = self.pending["person"]
            self.persons.setdefault(person.iin, person)
            key, trip = self.pending["trip"]
            self.trips[key] = trip
        self.pending = {}

    @classmethod
    def read(cls, organization: Organization, rows) -> _Lookups:
        units = {}
        for unit in Unit.objects.for_org(organization):
            for name in (unit.name_ru, unit.name_kk):
                if name:
                    units.setdefault(name.casefold(), unit)
        iins = {_iin(values.get("iin")) for _number, values in rows} - {""}
        persons = {
            person.iin: person
            for person in Person.objects.for_org(organization).filter(iin__in=iins)
        }
        trips = {}
        for trip in (
            Trip.objects.for_org(organization)
            .filter(person__in=persons.values())
            .order_by("-id")  # the first of equal keys wins, as .first() found it
        ):
            trips[(trip.person_id, trip.planned_departure, trip.country.code)] = trip
        return cls(units, persons, trips)


def _person(
    organization: Organization, actor: User, values: dict[str, Any], lookups: _Lookups
) -> Person:
    iin = _iin(values["iin"])
    last_name = _text(values["last_name"])
    birth_date = _date(values.get("birth_date"), "birth_date")
    person = lookups.persons.get(iin) if iin else None
    if person is None:
        try:
            return people_services.person_create(
                organization=organization,
                actor=actor,
                data={
                    "last_name": last_name,
                    "first_name": _text(values["first_name"]),
                    "patronymic": _text(values.get("patronymic")),
                    "birth_date": birth_date,
                    "citizenship": KAZAKHSTAN,
                    "iin": iin,
                },
            )
        except people_services.PeopleError as error:
            raise RowError(error.message, field="iin") from error
    try:
        services.check_person_name(person, iin, last_name)
    except services.OutboundError as error:
        raise RowError(error.message, field="iin") from error
    if birth_date and person.birth_date and birth_date != person.birth_date:
        raise RowError(
            _("The IIN %(iin)s belongs to %(name)s, born on %(date)s, not on the date given.")
            % {
                "iin": iin,
                "name": person.full_name,
                "date": person.birth_date.strftime("%d.%m.%Y"),
            },
            field="iin",
        )
    return person


PARSERS = {
    "unit": None,  # needs the organization's units
    "kind": lambda v: _choice(v, "kind"),
    "purpose": lambda v: _choice(v, "purpose"),
    "country": _country,
    "city": _text,
    "host_organization": _text,
    "planned_departure": lambda v: _date(v, "planned_departure"),
    "planned_return": lambda v: _date(v, "planned_return"),
    "funding": lambda v: _choice(v, "funding"),
    "order_number": _text,
    "order_date": lambda v: _date(v, "order_date"),
    "address_abroad": _text,
    "residence_in_kazakhstan": _text,
}


def _row_data(
    organization: Organization, actor: User, values: dict[str, Any], lookups: _Lookups
) -> tuple[Person, dict[str, Any]]:
    """The person and the trip's fields of one row; every column's error is collected."""
    errors: dict[str, list] = {}
    for key in REQUIRED:
        if _text(values.get(key)) == "":
            errors[key] = [_("This column is required.")]
    data: dict[str, Any] = {}
    for key, parse in PARSERS.items():
        if key in errors:
            continue
        try:
            data[key] = (
                _unit(organization, values.get(key), lookups.units)
                if parse is None
                else parse(values.get(key))
            )
        except RowError as error:
            errors.setdefault(error.field or key, []).append(error.message)
    person = None
    if "iin" not in errors and "last_name" not in errors and "first_name" not in errors:
        try:
            person = _person(organization, actor, values, lookups)
        except RowError as error:
            errors.setdefault(error.field or "iin", []).append(error.message)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault("iin" if key == "__all__" else key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return person, data


def _import_row(
    organization: Organization, actor: User, values: dict[str, Any], lookups: _Lookups
) -> str:
    person, data = _row_data(organization, actor, values, lookups)
    key = (person.pk, data["planned_departure"], data["country"])
    existing = lookups.trips.get(key)
    if existing is None:
        trip = services.trip_create(
            organization=organization, actor=actor, data={"person": person, **data}
        )
        lookups.remember(person, key, trip)
        return "created"
    current = {name: getattr(existing, name) for name in COMPARED}
    current["country"] = existing.country.code
    if all(current[name] == data[name] for name in COMPARED):
        return "unchanged"
    services.trip_update(trip=existing, actor=actor, data=data)
    return "updated"


def import_trips(rows, *, organization: Organization, actor: User) -> ImportResult:
    """The handler for core.imports.run_import: rows are (row number, {column key: value}).
    Linear in the rows: what they look up is read once (_Lookups); a row's person and trip
    created are remembered for the next rows only when the row succeeds."""
    result = ImportResult()
    rows = list(rows)
    lookups = _Lookups.read(organization, rows)
    for number, values in each_row(rows):
        lookups.pending = {}
        errors_before = len(result.errors)
        row_savepoint(
            result, number, lambda values=values: _import_row(organization, actor, values, lookups)
        )
        if len(result.errors) == errors_before:
            lookups.commit_pending()
    return result


TRIP_IMPORT = register(ImportSpec(kind=KIND, columns=COLUMNS, handler=import_trips))
