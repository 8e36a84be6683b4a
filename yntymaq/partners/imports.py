"""XLSX export and import of partners and agreements. Imports are all or nothing
(core.imports): every row goes through the services, every row's errors are listed, and
re-importing the same file changes nothing (rows are matched on a natural key).

Partners are matched by country and original or Latin name. Agreements are matched by our
number, or, without one, by title and partners. An agreement row with a date of signing is
registered as concluded (it was agreed and signed before the organization used Yntymaq);
one without it becomes a draft.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from yntymaq.core.imports import ImportResult, ImportSpec, each_row, register, row_savepoint
from yntymaq.core.models import Organization, User
from yntymaq.core.xlsx import read_rows
from yntymaq.people.models import search_key

from . import services
from .enums import AgreementForm, AgreementKind, PartnerKind, SubjectArea
from .models import Agreement, Partner, partner_countries

PARTNER_KIND = "partners.partners"
AGREEMENT_KIND = "partners.agreements"

# key -> "English|Русский|Қазақша" header texts (any of them is accepted on import).
PARTNER_COLUMNS = {
    "name_original": "Name in the original language|Наименование на языке оригинала"
    "|Түпнұсқа тіліндегі атауы",
    "name_latin": "Name in Latin letters|Наименование латиницей|Латын әрпімен атауы",
    "name_ru": "Name in Russian|Наименование на русском|Орыс тіліндегі атауы",
    "name_kk": "Name in Kazakh|Наименование на казахском|Қазақ тіліндегі атауы",
    "kind": "Kind|Вид|Түрі",
    "country": "Country|Страна|Елі",
    "city": "City|Город|Қаласы",
    "website": "Website|Сайт|Сайты",
    "contacts": "Contacts|Контакты|Байланыстар",
    "notes": "Notes|Примечания|Ескертпелер",
}
PARTNER_REQUIRED = ("name_original", "kind", "country")

AGREEMENT_COLUMNS = {
    "our_number": "Our number|Наш номер|Біздің нөмір",
    "partner_number": "Partner's number|Номер партнёра|Серіктестің нөмірі",
    "title": "Title|Наименование|Атауы",
    "kind": "Kind|Вид|Түрі",
    "partners": "Partners|Партнёры|Серіктестер",
    "country": "Partners' countries|Страны партнёров|Серіктестердің елдері",
    "subject_areas": "Subject areas|Направления|Бағыттары",
    "mobility_places": "Mobility places per year|Мест мобильности в год|Жылына ұтқырлық орындары",
    "signed_on": "Signed on|Дата подписания|Қол қойылған күні",
    "valid_from": "Valid from|Действует с|Күшіне енген күні",
    "valid_to": "Valid to|Действует по|Қолданылу мерзімі",
    "automatic_prolongation": "Prolonged automatically|Автоматическая пролонгация"
    "|Автоматты түрде ұзартылады",
    "prolongation_months": "Prolongation, months|Пролонгация, месяцев|Ұзарту, ай",
    "status": "Status|Статус|Мәртебесі",
    "notes": "Notes|Примечания|Ескертпелер",
}
AGREEMENT_REQUIRED = ("title", "kind", "partners", "country")
AGREEMENT_IMPORTED = tuple(k for k in AGREEMENT_COLUMNS if k != "status")

LIST_SEPARATOR = "; "


def _language_index() -> int:
    language = (translation.get_language() or "ru").split("-")[0]
    return {"en": 0, "ru": 1, "kk": 2}.get(language, 1)


def headers(columns: dict[str, str]) -> list[str]:
    """The header row in the current language (the import reads any of the three)."""
    index = _language_index()
    return [texts.split("|")[index] for texts in columns.values()]


def import_headers(columns: dict[str, str], imported) -> dict[str, str]:
    return {key: texts for key, texts in columns.items() if key in imported}


def read_sheet(
    upload, columns: dict[str, str], required, limit: int | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of the first sheet. Required columns must be there; the others are read when
    the first row has them (core.xlsx.read_rows needs every column it is given)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(upload, read_only=True, data_only=True)
        first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
        book.close()
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as error:
        raise services.PartnersError(
            _("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from error
    present = {str(v).strip().lower() for v in first if v is not None}
    wanted = {
        key: texts
        for key, texts in columns.items()
        if key in required or present & {t.strip().lower() for t in texts.split("|")}
    }
    upload.seek(0)
    return read_rows(upload, wanted, limit=limit)


# --- export --------------------------------------------------------------------------------


def _date(value):
    return value if value else ""


def partner_rows(partners: QuerySet[Partner]) -> Iterator[list]:
    for partner in partners.iterator(chunk_size=2000):
        yield [
            partner.name_original,
            partner.name_latin,
            partner.name_ru,
            partner.name_kk,
            partner.get_kind_display(),
            partner.country.name if partner.country else "",
            partner.city,
            partner.website,
            partner.contacts,
            partner.notes,
        ]


def agreement_rows(agreements: QuerySet[Agreement]) -> Iterator[list]:
    yes, no = str(_("yes")), str(_("no"))
    for agreement in agreements.iterator(chunk_size=2000):
        partners = list(agreement.partners.all())
        yield [
            agreement.our_number,
            agreement.partner_number,
            agreement.title,
            agreement.get_kind_display(),
            LIST_SEPARATOR.join(p.name_latin or p.name_original for p in partners),
            LIST_SEPARATOR.join(p.country.name for p in partners),
            LIST_SEPARATOR.join(agreement.subject_area_labels),
            agreement.mobility_places if agreement.mobility_places is not None else "",
            _date(agreement.signed_on),
            _date(agreement.valid_from),
            _date(agreement.valid_to),
            yes if agreement.automatic_prolongation else no,
            agreement.prolongation_months or "",
            agreement.get_status_display(),
            agreement.notes,
        ]


# --- import: parsing -----------------------------------------------------------------------


class RowError(services.PartnersError):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _parse_date(value: Any, column: str) -> dt.date | None:
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


def _parse_int(value: Any, column: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise RowError(_("“%(value)s” is not a whole number.") % {"value": text}, field=column)
    return int(text)


@cache
def _choice_lookup(name: str) -> dict[str, str]:
    choices = {
        "partner_kind": PartnerKind,
        "agreement_kind": AgreementKind,
        "subject_area": SubjectArea,
    }[name]
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
            for country in partner_countries:
                found[str(country.name).casefold()] = country.code
    for country in partner_countries:
        found[country.code.casefold()] = country.code
    return found


def _choice(value: Any, lookup: str, column: str) -> str:
    text = _text(value)
    found = _choice_lookup(lookup).get(text.casefold())
    if found is None:
        raise RowError(
            _("“%(value)s” is not a known value of this column.") % {"value": text}, field=column
        )
    return found


def _country(text: str, column: str = "country") -> str:
    code = _country_lookup().get(text.casefold())
    if code is None:
        raise RowError(_("“%(value)s” is not a country.") % {"value": text}, field=column)
    return code


def _split(value: Any) -> list[str]:
    return [part.strip() for part in _text(value).replace(",", ";").split(";") if part.strip()]


def _yes(value: Any) -> bool:
    text = _text(value).casefold()
    return text in {"yes", "да", "иә", "1", "true", "x", "+"}


def _missing(values: dict[str, Any], required) -> None:
    missing = [key for key in required if _text(values.get(key)) == ""]
    if missing:
        raise ValidationError({key: [_("This column is required.")] for key in missing})


# --- import: partners ----------------------------------------------------------------------


def _partner_data(values: dict[str, Any]) -> dict[str, Any]:
    _missing(values, PARTNER_REQUIRED)
    return {
        "kind": _choice(values["kind"], "partner_kind", "kind"),
        "name_original": _text(values["name_original"]),
        "name_latin": _text(values.get("name_latin")),
        "name_ru": _text(values.get("name_ru")),
        "name_kk": _text(values.get("name_kk")),
        "country": _country(_text(values["country"])),
        "city": _text(values.get("city")),
        "website": _text(values.get("website")),
        "contacts": str(values.get("contacts") or "").strip(),
        "notes": str(values.get("notes") or "").strip(),
    }


def _partner_row(organization: Organization, actor: User, values: dict[str, Any]) -> str:
    data = _partner_data(values)
    probe = Partner(organization=organization, **data)
    found = services.partner_duplicate(probe)
    if found is None:
        services.partner_create(organization=organization, actor=actor, data=data)
        return "created"
    existing = found[0]
    if all(
        (str(getattr(existing, k)) if k == "country" else getattr(existing, k)) == v
        for k, v in data.items()
    ):
        return "unchanged"
    services.partner_update(partner=existing, actor=actor, data=data)
    return "updated"


def import_partners(rows, *, organization: Organization, actor: User) -> ImportResult:
    result = ImportResult()
    for number, values in each_row(rows):
        row_savepoint(
            result,
            number,
            lambda values=values: _partner_row(organization, actor, values),
        )
    return result


# --- import: agreements --------------------------------------------------------------------


class _AgreementLookups:
    """What agreement rows look up, read once for the whole file: the organization's partners
    by country and folded name, its agreements by our number and, for the file's titles, by
    title with their partners. A row's new agreement is remembered once the row succeeded."""

    def __init__(self, organization: Organization, rows):
        self.partners: dict[tuple[str, str], Partner] = {}
        for partner in Partner.objects.for_org(organization).order_by("id"):
            for key in partner.name_keys.strip("|").split("|"):
                if key:
                    self.partners.setdefault((partner.country.code, key), partner)
        titles = {_text(values.get("title")) for _number, values in rows} - {""}
        numbers = {_text(values.get("our_number")) for _number, values in rows} - {""}
        self.by_number: dict[str, Agreement] = {}
        self.by_title: dict[str, list[Agreement]] = {}
        agreements = (
            Agreement.objects.for_org(organization)
            .filter(Q(our_number__in=numbers) | Q(title__in=titles))
            .prefetch_related("partners")
            .order_by("id")
        )
        for agreement in agreements:
            if agreement.our_number:
                self.by_number.setdefault(agreement.our_number, agreement)
            self.by_title.setdefault(agreement.title, []).append(agreement)
        self.pending: Agreement | None = None

    def remember(self) -> None:
        agreement, self.pending = self.pending, None
        if agreement is None:
            return
        if agreement.our_number:
            self.by_number.setdefault(agreement.our_number, agreement)
        self.by_title.setdefault(agreement.title, []).append(agreement)


def _partners_of(values: dict[str, Any], lookups: _AgreementLookups) -> list[Partner]:
    names = _split(values.get("partners"))
    countries = _split(values.get("country"))
    if len(countries) == 1 and len(names) > 1:
        countries = countries * len(names)
    if len(countries) != len(names):
        raise RowError(_("Give one country for each partner, in the same order."), field="country")
    partners = []
    for name, country_text in zip(names, countries, strict=True):
        partner = lookups.partners.get((_country(country_text), search_key(name)))
        if partner is None:
            raise RowError(
                _("No partner “%(name)s” in %(country)s: import or add the partner first.")
                % {"name": name, "country": country_text},
                field="partners",
            )
        partners.append(partner)
    return partners


def _agreement_data(values: dict[str, Any]) -> dict[str, Any]:
    _missing(values, AGREEMENT_REQUIRED)
    areas = [
        _choice(a, "subject_area", "subject_areas") for a in _split(values.get("subject_areas"))
    ]
    months = _parse_int(values.get("prolongation_months"), "prolongation_months")
    return {
        "our_number": _text(values.get("our_number")),
        "partner_number": _text(values.get("partner_number")),
        "title": _text(values["title"]),
        "kind": _choice(values["kind"], "agreement_kind", "kind"),
        "subject_areas": areas,
        "unit": None,
        "responsible_person": None,
        "mobility_places": _parse_int(values.get("mobility_places"), "mobility_places"),
        "valid_from": _parse_date(values.get("valid_from"), "valid_from"),
        "valid_to": _parse_date(values.get("valid_to"), "valid_to"),
        "automatic_prolongation": _yes(values.get("automatic_prolongation")),
        "prolongation_months": months,
        "notes": str(values.get("notes") or "").strip(),
    }


COMPARED = (
    "partner_number",
    "title",
    "kind",
    "subject_areas",
    "mobility_places",
    "valid_from",
    "valid_to",
    "automatic_prolongation",
    "prolongation_months",
    "notes",
)


def _existing_agreement(data, partners, lookups: _AgreementLookups) -> Agreement | None:
    if data["our_number"]:
        return lookups.by_number.get(data["our_number"])
    wanted = sorted(p.pk for p in partners)
    for candidate in lookups.by_title.get(data["title"], []):
        if sorted(p.pk for p in candidate.partners.all()) == wanted:
            return candidate
    return None


def _agreement_row(
    organization: Organization, actor: User, values: dict[str, Any], lookups: _AgreementLookups
) -> str:
    data = _agreement_data(values)
    partners = _partners_of(values, lookups)
    data["form"] = AgreementForm.MULTILATERAL if len(partners) > 1 else AgreementForm.BILATERAL
    signed_on = _parse_date(values.get("signed_on"), "signed_on")
    existing = _existing_agreement(data, partners, lookups)
    if existing is None:
        created = services.agreement_import(
            organization=organization,
            actor=actor,
            data=data,
            partners=partners,
            signed_on=signed_on,
        )
        created._prefetched_objects_cache = {"partners": list(partners)}
        lookups.pending = created
        return "created"
    same = all(getattr(existing, k) == data[k] for k in COMPARED) and sorted(
        p.pk for p in existing.partners.all()
    ) == sorted(p.pk for p in partners)
    if same and existing.signed_on == signed_on:
        return "unchanged"
    if existing.signed_on != signed_on:
        raise RowError(
            _(
                "The date of signing of %(number)s differs from the one recorded; change it "
                "on the agreement's page."
            )
            % {"number": existing.number or existing.title},
            field="signed_on",
        )
    kept = {k: v for k, v in data.items() if k not in ("unit", "responsible_person")}
    services.agreement_update(agreement=existing, actor=actor, data=kept, partners=partners)
    existing._prefetched_objects_cache = {"partners": list(partners)}
    titled = lookups.by_title.setdefault(existing.title, [])
    if existing not in titled:
        titled.append(existing)
    return "updated"


def import_agreements(rows, *, organization: Organization, actor: User) -> ImportResult:
    """Linear in the rows: what they look up is read once (_AgreementLookups)."""
    result = ImportResult()
    rows = list(rows)
    lookups = _AgreementLookups(organization, rows)
    for number, values in each_row(rows):
        errors_before = len(result.errors)
        row_savepoint(
            result,
            number,
            lambda values=values: _agreement_row(organization, actor, values, lookups),
        )
        if len(result.errors) == errors_before:
            lookups.remember()
        lookups.pending = None
    return result


AGREEMENT_IMPORT_COLUMNS = import_headers(AGREEMENT_COLUMNS, AGREEMENT_IMPORTED)

PARTNER_IMPORT = register(
    ImportSpec(
        kind=PARTNER_KIND,
        columns=PARTNER_COLUMNS,
        handler=import_partners,
        read=lambda handle, limit: read_sheet(handle, PARTNER_COLUMNS, PARTNER_REQUIRED, limit),
    )
)
AGREEMENT_IMPORT = register(
    ImportSpec(
        kind=AGREEMENT_KIND,
        columns=AGREEMENT_IMPORT_COLUMNS,
        handler=import_agreements,
        read=lambda handle, limit: read_sheet(
            handle, AGREEMENT_IMPORT_COLUMNS, AGREEMENT_REQUIRED, limit
        ),
    )
)
