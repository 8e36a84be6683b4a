"""The one import flow (core.imports, issue 14 "Imports", issue 15 "one import flow"): limits
checked before parsing, all or nothing in one transaction with the uploads locked, the same
upload or file never applied twice, progress and cancel through the worker (the immediate task
backend in tests runs the job inside the request)."""

from __future__ import annotations

import functools
import io
import re
import threading
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.utils import IntegrityError
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from tests.factories.core import ImportUploadFactory
from yntymaq.core import audit
from yntymaq.core.enums import ImportStatus
from yntymaq.core.imports import (
    ImportRefused,
    ImportResult,
    ImportSpec,
    each_row,
    import_cancel,
    import_commit,
    import_run,
    import_start,
    register,
    row_savepoint,
)
from yntymaq.core.models import AuditEntry, ImportUpload, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages asserted below are the English ones (a job keeps its user's language)."""
    with translation.override("en"):
        yield


def _row_handler(rows, *, organization, actor):
    """Each row's name becomes the organization's short name, audited; "BAD" is a row error,
    "BOOM" a failure of the database, "CANCEL" the user pressing Cancel meanwhile."""
    result = ImportResult()
    for number, row in each_row(rows):

        def act(row=row):
            name = row["name"]
            if name == "BAD":
                raise ImportRefused("bad name", field="name")
            if name == "BOOM":
                raise IntegrityError("the database refused the row")
            if name == "CANCEL":
                import_cancel(stored=ImportUpload._base_manager.get(status="running"))
            if name == "SLOW":
                time.sleep(0.5)
            Organization.objects.filter(pk=organization.pk).update(short_name=name)
            audit.record(action="core.test.row", actor=actor, organization=organization)
            return "updated"

        row_savepoint(result, number, act)
    return result


SPEC = register(
    ImportSpec(kind="core.test", columns={"name": "Name|Имя|Аты"}, handler=_row_handler)
)


@functools.cache
def _workbook(names: tuple) -> bytes:
    """The same names give the same bytes (openpyxl stamps the time of saving in the file)."""
    book = Workbook()
    book.active.append(["Name"])
    for name in names:
        book.active.append([name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx(names, filename="names.xlsx"):
    return SimpleUploadedFile(filename, _workbook(tuple(names)))


def start(org, user, names, **kwargs):
    return import_start(spec=SPEC, organization=org, actor=user, upload=xlsx(names), **kwargs)


def short_name(org):
    org.refresh_from_db()
    return org.short_name


def test_check_saves_nothing_then_commit_applies_and_is_audited(org, service_head):
    checked = start(org, service_head, ["A", "B"])
    after_check = (checked.status, checked.rows_total, short_name(org), checked.result)

    committed = import_commit(stored=checked, actor=service_head)

    assert after_check[:3] == ("checked", 2, "КазНУ")
    assert after_check[3] == {
        "created": 0,
        "updated": 2,
        "unchanged": 0,
        "errors": [],
        "error_count": 0,
    }
    assert (committed.status, short_name(org)) == ("committed", "B")
    entry = AuditEntry.objects.get(action="core.import.committed")
    assert (entry.target_repr, entry.data["rows"], entry.data["updated"]) == ("names.xlsx", 2, 2)
    assert entry.data["sha256"] == committed.sha256


def test_a_commit_that_fails_at_the_last_row_saves_nothing(org, service_head):
    wrong = start(org, service_head, ["A", "B", "BAD"], commit=True)
    broken = start(org, service_head, ["A", "B", "BOOM"], commit=True)

    assert (wrong.status, wrong.committed_at) == ("invalid", None)
    assert wrong.result["errors"] == [[4, "name", "bad name"]]
    assert broken.status == "failed"
    assert broken.result["file_error"] == "The import failed unexpectedly; nothing was saved."
    assert short_name(org) == "КазНУ"
    assert not AuditEntry.objects.filter(action__in=["core.test.row", "core.import.committed"])


def test_every_row_error_is_listed_up_to_the_limit_with_the_count(org, service_head, settings):
    settings.IMPORT_MAX_ERRORS_SHOWN = 2

    stored = start(org, service_head, ["BAD"] * 5)

    assert stored.result["errors"] == [[2, "name", "bad name"], [3, "name", "bad name"]]
    assert stored.result["error_count"] == 5


def test_the_same_upload_is_not_applied_twice(org, service_head):
    stored = import_commit(stored=start(org, service_head, ["A"]), actor=service_head)

    with pytest.raises(ImportRefused) as again:
        import_commit(stored=stored, actor=service_head)

    assert str(again.value.message).startswith("This file was imported already, on ")
    assert AuditEntry.objects.filter(action="core.test.row").count() == 1


def test_the_same_file_uploaded_again_is_checked_but_its_commit_refused(org, service_head):
    import_commit(stored=start(org, service_head, ["A"]), actor=service_head)

    second = start(org, service_head, ["A"])
    with pytest.raises(ImportRefused):
        import_commit(stored=second, actor=service_head)
    one_step = start(org, service_head, ["A"], commit=True)

    assert second.status == "checked"
    assert second.result["applied"].startswith("This file was imported already, on ")
    assert (one_step.status, one_step.result["file_error"][:31]) == (
        "invalid",
        "This file was imported already,",
    )
    assert AuditEntry.objects.filter(action="core.test.row").count() == 1


def test_the_same_file_in_another_organization_is_imported(org, other_org, service_head):
    import_commit(stored=start(org, service_head, ["A"]), actor=service_head)

    elsewhere = start(other_org, service_head, ["A"], commit=True)

    assert elsewhere.status == "committed"


def _zip(members: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return SimpleUploadedFile("bomb.xlsx", buffer.getvalue())


def test_a_zip_bomb_is_refused_by_its_ratio_before_parsing(org, service_head):
    bomb = _zip({"xl/worksheets/sheet1.xml": b"0" * (30 * 1024 * 1024)})

    with pytest.raises(ImportRefused) as refused:
        import_start(spec=SPEC, organization=org, actor=service_head, upload=bomb)

    assert bomb.size < 100_000
    assert str(refused.value.message).startswith("The workbook is packed ")
    assert str(refused.value.message).endswith(
        "times, more than the 100 times a spreadsheet can be: it is refused as a possible zip bomb."
    )
    assert not ImportUpload._base_manager.exists()


def test_a_workbook_that_unpacks_too_large_is_refused(org, service_head, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024

    with pytest.raises(ImportRefused) as refused, translation.override("en"):
        import_start(
            spec=SPEC,
            organization=org,
            actor=service_head,
            upload=_zip({"a.xml": bytes(range(256)) * 8192}),
        )

    assert str(refused.value.message) == (
        "The workbook unpacks to 2.0 MB, more than the 1.0 MB one import takes; split it into "
        "several files."
    )


def test_a_file_over_the_byte_limit_is_refused(org, service_head, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    large = SimpleUploadedFile("large.xlsx", b"x" * (1536 * 1024))

    with pytest.raises(ImportRefused) as refused, translation.override("en"):
        import_start(spec=SPEC, organization=org, actor=service_head, upload=large)

    assert str(refused.value.message) == (
        "The file has 1.5 MB; at most 1.0 MB can be imported at once."
    )


def test_a_file_over_the_row_limit_is_refused_and_nothing_saved(org, service_head, settings):
    settings.IMPORT_MAX_ROWS = 2

    stored = start(org, service_head, ["A", "B", "C"], commit=True)

    assert stored.status == "invalid"
    assert stored.result == {
        "file_error": "The file has more than 2 rows, the most one import takes; split it into "
        "several files."
    }
    assert short_name(org) == "КазНУ"


def test_cancel_of_a_checked_upload_and_of_a_running_job(org, service_head):
    checked = start(org, service_head, ["A"])
    cancelled = import_cancel(stored=checked)
    with pytest.raises(ImportRefused):
        import_commit(stored=cancelled, actor=service_head)

    running = start(org, service_head, ["A", "CANCEL", "B", "C"], commit=True)

    assert cancelled.status == "cancelled"
    assert running.status == "cancelled"
    assert short_name(org) == "КазНУ"
    assert not AuditEntry.objects.filter(action="core.test.row")


def test_a_job_no_longer_queued_is_skipped(org, service_head):
    stored = ImportUploadFactory(organization=org, kind="core.test", status=ImportStatus.CANCELLED)

    assert import_run(upload_id=stored.pk) == "skipped"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serializes writers; its locks differ"
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_commits_of_the_same_file_apply_it_once(org, service_head):
    first, second = (start(org, service_head, ["SLOW", "A"]) for _ in range(2))
    for upload in (first, second):
        ImportUpload._base_manager.filter(pk=upload.pk).update(
            status=ImportStatus.QUEUED, commit_requested=True
        )
    outcomes = {}

    def run(upload_id):
        try:
            outcomes[upload_id] = import_run(upload_id=upload_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u.pk,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["committed", "invalid"]
    assert AuditEntry.objects.filter(action="core.test.row").count() == 2
    assert AuditEntry.objects.filter(action="core.import.committed").count() == 1


# --- the page (through partners' import, one of the pages on the flow) ----------------------


def test_the_page_polls_a_running_job_and_cancels_it(org, service_staff):
    running = ImportUploadFactory(
        organization=org,
        kind="partners.partners",
        created_by=service_staff,
        status=ImportStatus.RUNNING,
        rows_total=1200,
        progress=10,
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(service_staff)
    page = f"/o/{org.slug}/partners/import/"

    polled = client.get(f"{page}?upload={running.pk}", HTTP_HX_REQUEST="true")
    client.post(page, {"cancel": running.pk})
    ImportUpload._base_manager.filter(pk=running.pk).update(status=ImportStatus.QUEUED)
    client.post(page, {"cancel": running.pk})

    html = polled.content.decode()
    assert '<progress id="import-progress" class="w-100" max="100" value="10">' in html
    assert f'hx-get="{page}?upload={running.pk}" hx-trigger="every 1s"' in html
    assert f'name="cancel" value="{running.pk}"' in html
    assert "(1200 rows)" in html or "(1 200 rows)" in html or "(1,200 rows)" in html
    running.refresh_from_db()
    assert running.status == "cancelled"


def test_another_users_upload_is_not_found(org, service_staff, service_head):
    theirs = ImportUploadFactory(
        organization=org, kind="partners.partners", created_by=service_head
    )
    client = Client()
    client.force_login(service_staff)

    response = client.get(f"/o/{org.slug}/partners/import/?upload={theirs.pk}")

    assert response.status_code == 404


def test_the_page_refuses_a_zip_bomb_beside_the_file(org, service_staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(service_staff)
    bomb = _zip({"xl/worksheets/sheet1.xml": b"0" * (30 * 1024 * 1024)})

    response = client.post(f"/o/{org.slug}/partners/import/", {"file": bomb})

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("The workbook is packed ")
    assert len(response.content) < 100_000


def test_the_page_shows_the_first_errors_and_how_many_more(org, service_staff, settings):
    settings.IMPORT_MAX_ERRORS_SHOWN = 2
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(service_staff)
    book = Workbook()
    book.active.append(["Name in the original language", "Kind", "Country"])
    for number in range(5):
        book.active.append([f"U{number}", "University", "Atlantis"])
    buffer = io.BytesIO()
    book.save(buffer)

    response = client.post(
        f"/o/{org.slug}/partners/import/",
        {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())},
    )

    html = response.content.decode()
    assert re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", html) == [
        ("2", "Country"),
        ("3", "Country"),
    ]
    assert "5 errors: nothing was imported." in html
    assert "… and 3 more errors." in html


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(settings):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("PostgreSQL")

    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert (options["transaction_mode"], options["timeout"]) == ("IMMEDIATE", 30)
