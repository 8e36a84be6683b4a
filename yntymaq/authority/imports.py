"""XLSX import of the national list of organizations, all or nothing (core.imports): every row
is registered through core.organizations.organization_register, which invites the head of the
Service; every row's errors are listed; importing the same file again changes nothing (a BIN
already registered with the same data is counted unchanged, with other data it is an error
naming the organization).

A plain row handler (`import_organizations(rows, *, organization, actor)`) as core.imports
expects; `organization` is None, the authority belongs to none.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from yntymaq.core.enums import OrganizationKind, Region
from yntymaq.core.imports import ImportResult, ImportSpec, each_row, register, row_savepoint
from yntymaq.core.models import Organization, User
from yntymaq.core.organizations import OrganizationExists, organization_register

KIND = "authority.organizations"

# key -> "English|Русский|Қазақша" header texts (any of them is accepted).
COLUMNS = {
    "bin": "BIN|БИН|БСН",
    "name_kk": "Name in Kazakh|Наименование на казахском|Қазақша атауы",
    "name_ru": "Name in Russian|Наименование на русском|Орысша атауы",
    "name_en": "Name in English|Наименование на английском|Ағылшынша атауы",
    "kind": "Kind|Вид|Түрі",
    "region": "Region|Регион|Өңір",
    "head_email": "Head's e-mail|E-mail руководителя|Басшының e-mail",
}
LANGUAGE_INDEX = {"en": 0, "ru": 1, "kk": 2}


def _index() -> int:
    return LANGUAGE_INDEX.get((translation.get_language() or "ru").split("-")[0], 1)


def template_headers() -> list[str]:
    """The header row of the import template, in the current language."""
    return [texts.split("|")[_index()] for texts in COLUMNS.values()]


def choice_sheets() -> list[tuple[str, list[str], list[list[str]]]]:
    """Sheets listing the accepted kinds and regions, for the template."""
    headers = [gettext("Code"), pgettext("import template", "Name")]
    return [
        (gettext("Kinds"), headers, [[v, str(label)] for v, label in OrganizationKind.choices]),
        (gettext("Regions"), headers, [[v, str(label)] for v, label in Region.choices]),
    ]


def _lookup(choices) -> dict[str, str]:
    """A code, or its label in any interface language (any case), -> the code."""
    table = {value.lower(): value for value in choices.values}
    for language in LANGUAGE_INDEX:
        with translation.override(language):
            table.update({str(label).lower(): value for value, label in choices.choices})
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _bin(value: Any) -> str:
    """A BIN typed as a number in Excel loses its leading zero: it is given back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{int(value):012d}"
    return _text(value).replace(" ", "")


def _choice(value: Any, table: dict[str, str], what, errors: dict, field: str) -> str:
    """The code of a kind or region; an unknown one is recorded in `errors` (and "" given)."""
    text = _text(value)
    code = table.get(text.lower(), "")
    if not code:
        errors[field] = [
            _("“%(value)s” is not a known %(what)s: see the list in the template.")
            % {"value": text, "what": what}
        ]
    return code


def _in_column_order(errors: dict[str, list]) -> dict[str, list]:
    """A row's errors in the order of the file's columns (then any other)."""
    ordered = {key: errors[key] for key in COLUMNS if key in errors}
    return {**ordered, **{key: value for key, value in errors.items() if key not in ordered}}


def import_organizations(
    rows: list[tuple[int, dict[str, Any]]], *, organization: Organization | None, actor: User
) -> ImportResult:
    result = ImportResult()
    taken = set(Organization.objects.values_list("slug", flat=True))
    kinds, regions = _lookup(OrganizationKind), _lookup(Region)
    first_row_of: dict[str, int] = {}
    for number, row in each_row(rows):

        def register(number=number, row=row) -> str:
            errors: dict[str, list] = {}  # this row's own checks, with the services' below
            data = {
                "bin": _bin(row.get("bin")),
                "name_kk": _text(row.get("name_kk")),
                "name_ru": _text(row.get("name_ru")),
                "name_en": _text(row.get("name_en")),
                "kind": _choice(row.get("kind"), kinds, _("kind of organization"), errors, "kind"),
                "region": _choice(row.get("region"), regions, _("region"), errors, "region"),
            }
            earlier = first_row_of.setdefault(data["bin"], number)
            if earlier != number and data["bin"]:
                errors["bin"] = [
                    _("This BIN is already in row %(row)s of the file.") % {"row": earlier}
                ]
            try:
                if "bin" in errors:
                    raise ValidationError(errors)
                organization_register(
                    data=data,
                    head_email=_text(row.get("head_email")),
                    actor=actor,
                    taken_slugs=taken,
                )
            except OrganizationExists as exists:
                if not exists.differences and not errors:
                    return "unchanged"
                if exists.differences:
                    errors["bin"] = [
                        _("%(message)s It differs in: %(fields)s.")
                        % {"message": exists.message, "fields": ", ".join(exists.differences)}
                    ]
                raise ValidationError(errors) from exists
            except ValidationError as error:
                raise ValidationError(_in_column_order({**error.message_dict, **errors})) from error
            if errors:  # pragma: no cover - an unknown kind or region fails the registration
                raise ValidationError(errors)
            return "created"

        row_savepoint(result, number, register)
    return result


ORGANIZATION_IMPORT = register(
    ImportSpec(
        kind=KIND,
        columns=COLUMNS,
        handler=import_organizations,
        audit_action="authority.organizations.imported",
    )
)
