import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tests.factories.core import ImportUploadFactory
from yntymaq.core.errors import ApplicationError
from yntymaq.core.imports import (
    ImportResult,
    import_file_check,
    import_upload_mark_committed,
    row_savepoint,
    run_import,
)
from yntymaq.core.models import AuditEntry, Organization
from yntymaq.core.xlsx import read_rows, write_xlsx

pytestmark = pytest.mark.django_db


def workbook_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_write_xlsx_streams_a_generator_into_sheets():
    output = write_xlsx([("Foreigners", ["Name", "Year"], ((f"N{i}", 2000 + i) for i in range(3)))])

    sheet = load_workbook(output).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Name", "Year"],
        ["N0", 2000],
        ["N1", 2001],
        ["N2", 2002],
    ]


def test_read_rows_maps_headers_in_any_order_and_language():
    data = workbook_bytes([["Год", "ФИО"], [2001, "Ли Вэй"], [None, None], [2003, "Али"]])

    rows = read_rows(data, {"name": "Full name|ФИО", "year": "Year|Год"})

    assert rows == [(2, {"name": "Ли Вэй", "year": 2001}), (4, {"name": "Али", "year": 2003})]


def test_read_rows_names_missing_columns_in_the_users_language():
    with pytest.raises(ApplicationError) as error, translation.override("ru"):
        read_rows(workbook_bytes([["ФИО"]]), {"name": "Full name|ФИО", "year": "Year|Год"})

    assert str(error.value.message) == "В первой строке нет столбцов: Year."


def test_read_rows_refuses_a_file_that_is_not_xlsx():
    with pytest.raises(ApplicationError) as error:
        read_rows(io.BytesIO(b"name;year\n"), {"name": "Name"})

    assert error.value.field == "file"


def make_handler(names_to_fail=()):
    def handler(rows, *, organization, actor):
        result = ImportResult()
        for number, row in rows:

            def act(row=row):
                if row["name"] in names_to_fail:
                    raise ValidationError({"name": "bad name"})
                Organization.objects.filter(pk=organization.pk).update(short_name=row["name"])
                return "updated"

            row_savepoint(result, number, act)
        return result

    return handler


def test_preview_changes_nothing(org, service_head):
    result = run_import(
        make_handler(), [(2, {"name": "NEW"})], organization=org, actor=service_head, commit=False
    )

    org.refresh_from_db()
    assert (result.updated, org.short_name) == (1, "КазНУ")


def test_commit_with_one_bad_row_changes_nothing_and_lists_the_error(org, service_head):
    rows = [(2, {"name": "NEW"}), (3, {"name": "BAD"})]

    result = run_import(
        make_handler({"BAD"}), rows, organization=org, actor=service_head, commit=True
    )

    org.refresh_from_db()
    assert org.short_name == "КазНУ"
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "name", "bad name")]


def test_commit_without_errors_applies(org, service_head):
    run_import(
        make_handler(), [(2, {"name": "NEW"})], organization=org, actor=service_head, commit=True
    )

    org.refresh_from_db()
    assert org.short_name == "NEW"


def test_upload_is_stored_with_hash_and_commit_is_audited(org, service_head):
    upload = SimpleUploadedFile("stays.xlsx", workbook_bytes([["Name"], ["A"]]).getvalue())

    sha256 = import_file_check(upload)
    stored = ImportUploadFactory(
        organization=org, kind="incoming.stays", sha256=sha256, created_by=service_head
    )
    import_upload_mark_committed(stored=stored, actor=service_head, result=ImportResult(created=2))

    assert sha256 == hashlib.sha256(upload.read()).hexdigest()
    entry = AuditEntry.objects.get(action="incoming.import.committed")
    assert entry.data["created"] == 2
