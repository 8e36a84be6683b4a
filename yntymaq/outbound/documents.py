"""What the outbound app exports: the A2.4 list of citizens sent abroad and the list of who is
abroad on a date (R2.13), as XLSX sheets for core.xlsx (rows streamed, flat memory)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .enums import Purpose, TripKind, TripStatus
from .models import Trip, destination_countries


def _country_names() -> dict[str, str]:
    return {country.code: str(country.name) for country in destination_countries}


def _d(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _name(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def a2_4_headers() -> list[str]:
    return [
        _("No."),
        _("Surname, given name, patronymic"),
        _("Date of birth"),
        _("Place of residence in Kazakhstan"),
        _("Temporary place of residence abroad"),
        _("Purpose of the trip"),
        _("Terms of the trip"),
        _("Place of the trip"),
        _("Date of return to Kazakhstan"),
        _("Status"),
    ]


def a2_4_rows(trips) -> Iterator[list]:
    """A2.4 rows for trips (a queryset): full name, date of birth, residence in Kazakhstan and
    abroad, purpose, terms, place, date of return."""
    from .queries import a2_4_rows as values

    countries = _country_names()
    purposes = {k: str(v) for k, v in Purpose.choices}
    kinds = {k: str(v) for k, v in TripKind.choices}
    statuses = {k: str(v) for k, v in TripStatus.choices}
    for number, row in enumerate(values(trips), start=1):
        (
            last_name,
            first_name,
            patronymic,
            last_name_latin,
            first_name_latin,
            birth_date,
            residence,
            abroad,
            purpose,
            kind,
            planned_departure,
            planned_return,
            actual_departure,
            actual_return,
            country,
            city,
            host,
            status,
        ) = row
        departure = actual_departure or planned_departure
        returned = actual_return or planned_return
        yield [
            number,
            _name(last_name, first_name, patronymic) or _name(last_name_latin, first_name_latin),
            birth_date,
            residence,
            abroad,
            f"{purposes.get(purpose, purpose)} ({kinds.get(kind, kind)})",
            f"{_d(departure)}–{_d(returned)}",
            ", ".join(p for p in (countries.get(country, country), city, host) if p),
            returned,
            statuses.get(status, status),
        ]


def a2_4_sheets(trips) -> list[tuple[str, list[str], Iterable]]:
    return [(_("A2.4 Citizens sent abroad"), a2_4_headers(), a2_4_rows(trips))]


def abroad_sheets(trips, on_date: date) -> list[tuple[str, list[str], Iterable]]:
    """R2.13: who is abroad on the date, with contacts and dates."""
    countries = _country_names()
    headers = [
        _("Country"),
        _("City"),
        _("Surname, given name, patronymic"),
        _("Host organization"),
        _("Temporary address abroad"),
        _("Contact abroad"),
        _("Phones"),
        _("E-mail"),
        _("Departed"),
        _("Expected return"),
        _("Unit"),
    ]

    def rows() -> Iterator[list]:
        trip: Trip
        for trip in trips.iterator(chunk_size=2000):
            person = trip.person
            yield [
                countries.get(trip.country.code, trip.country.code),
                trip.city,
                person.full_name,
                trip.host_organization,
                trip.address_abroad,
                trip.contact_abroad,
                person.phones,
                person.email,
                trip.actual_departure,
                trip.planned_return,
                trip.unit.name if trip.unit else "",
            ]

    title = _("Abroad on %(date)s") % {"date": on_date.strftime("%d.%m.%Y")}
    return [(title, headers, rows())]


def group_by_country(rows: list[dict]) -> list[dict]:
    """{country, name, people, cities: [{city, people}]} from abroad_by_country()."""
    countries = _country_names()
    grouped: dict[str, dict] = {}
    for row in rows:
        entry = grouped.setdefault(
            row["country"],
            {
                "country": row["country"],
                "name": countries.get(row["country"], row["country"]),
                "people": 0,
                "cities": [],
            },
        )
        entry["people"] += row["people"]
        entry["cities"].append({"city": row["city"], "people": row["people"]})
    return sorted(grouped.values(), key=lambda e: (-e["people"], e["name"]))
