"""XLSX in and out. Exports stream rows through openpyxl's write-only mode (flat memory);
imports read a sheet into dicts keyed by the expected headers.

`write_xlsx` is the only writer of spreadsheets (tests/test_export_formulas.py makes sure): every
export, document and import template goes through it, so every one neutralises formula
injection (OWASP): a text that begins with =, +, -, @, a tab or a carriage return is written as
a text cell marked with Excel's quote prefix (the invisible leading apostrophe), so Excel and
LibreOffice show it as typed and never evaluate it, not even after the cell is edited. The text
itself is unchanged, so a file exported and imported again keeps its values. Numbers (negative
ones too), dates and times stay numbers, dates and times."""

from __future__ import annotations

import datetime as dt
import decimal
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any
from zipfile import BadZipFile

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from .errors import ApplicationError

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    output: IO[bytes] | None = None,
) -> IO[bytes]:
    """Write sheets (title, headers, rows) to a temporary file and return it rewound.

    Rows may be a generator: they are written one by one and never held in memory. `output`
    is the file to write into instead (e.g. a temporary file on disk: the default one keeps
    up to 8 MB in memory).
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        header_cells = []
        for header in headers:
            cell = _cell(sheet, str(header))
            if isinstance(cell, str):
                cell = WriteOnlyCell(sheet, value=cell)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    if output is None:
        output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


# A text beginning with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cell(sheet, value: Any) -> Any:
    """The value as openpyxl should write it: numbers, dates and times as they are; text
    without the control characters XLSX cannot hold; a formula-like text as quoted text."""
    if value is None:
        return ""
    if isinstance(value, int | float | decimal.Decimal | dt.date | dt.datetime | dt.time):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not text.startswith(FORMULA_TRIGGERS):
        return text
    cell = WriteOnlyCell(sheet, value=text)  # openpyxl takes "=…" for a formula
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_response(filename: str, sheets) -> FileResponse:
    response = FileResponse(
        write_xlsx(sheets), as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def read_rows(
    upload,
    headers: dict[str, str],
    optional: frozenset[str] = frozenset(),
    *,
    limit: int | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet as (row number, {key: value}) using `headers` {key: header text}.

    The header row may hold the columns in any order; a header may be given in any of the
    interface languages by passing several texts separated by "|". Raises ApplicationError for
    a file that is not XLSX, lacks a required column or has more than `limit` rows (reading
    stops at the first row past it); a column whose key is in `optional` may be missing (its
    value is then None).
    """
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise ApplicationError(
            _("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from error
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header_row = [str(v).strip().lower() if v is not None else "" for v in next(iterator)]
    except StopIteration:
        raise ApplicationError(_("The workbook is empty."), field="file") from None
    positions: dict[str, int] = {}
    missing = []
    for key, texts in headers.items():
        candidates = [t.strip().lower() for t in texts.split("|")]
        found = next((i for i, h in enumerate(header_row) if h in candidates), None)
        if found is None:
            if key not in optional:
                missing.append(texts.split("|")[0])
        else:
            positions[key] = found
    if missing:
        raise ApplicationError(
            _("Columns missing in the first row: %(columns)s.") % {"columns": ", ".join(missing)},
            field="file",
        )
    rows = []
    for number, values in enumerate(iterator, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        if limit is not None and len(rows) >= limit:
            workbook.close()
            raise ApplicationError(
                _(
                    "The file has more than %(limit)s rows, the most one import takes; split it "
                    "into several files."
                )
                % {"limit": f"{limit:,}".replace(",", " ")},
                field="file",
            )
        rows.append(
            (
                number,
                dict.fromkeys(optional)
                | {
                    key: (values[pos] if pos < len(values) else None)
                    for key, pos in positions.items()
                },
            )
        )
    workbook.close()
    return rows
