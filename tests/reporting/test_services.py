import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.service import UnitFactory
from tests.reporting.conftest import YEAR, foreigner, needs, returned_trip
from yntymaq.core.models import AuditEntry
from yntymaq.reporting import attention, documents, queries, services, sources
from yntymaq.reporting.enums import GenerationStatus, SubmissionStatus
from yntymaq.reporting.models import ReportFile, Submission
from yntymaq.reporting.services import ReportingError

pytestmark = pytest.mark.django_db

SPRING = dt.datetime(2026, 3, 10, 12, 0)


@pytest.fixture
def spring(time_machine):
    time_machine.move_to(timezone.make_aware(SPRING), tick=False)


@pytest.fixture
def report(org, service_head, spring):
    return services.report_create(organization=org, academic_year=YEAR, actor=service_head)


@pytest.fixture
def generated(report, service_head, approved_plan):
    generation = services.generation_start(report=report, actor=service_head)
    generation.refresh_from_db()
    return generation


def _actions(org):
    return list(
        AuditEntry.objects.filter(organization=org, action__startswith="reporting.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- the report --------------------------------------------------------------------------------


def test_report_create_is_audited(report, org):
    assert (report.academic_year, str(report)) == (YEAR, "Annual report 2025/2026 — КазНУ")
    assert _actions(org) == ["reporting.annual_report.created"]


def test_report_create_refuses_a_year_before_the_organization_existed(org, service_head, spring):
    with pytest.raises(ReportingError) as error:
        services.report_create(organization=org, academic_year=2003, actor=service_head)

    assert error.value.field == "academic_year"
    assert str(error.value.message) == (
        "КазНУ was registered in September 2005: there is no report for 2003/2004, a year "
        "before it existed."
    )


def test_report_create_refuses_a_year_that_has_not_begun(org, service_head, spring):
    with pytest.raises(ReportingError) as error:
        services.report_create(organization=org, academic_year=2026, actor=service_head)

    assert str(error.value.message) == "The academic year 2026/2027 has not begun yet."


def test_report_create_refuses_a_second_report_of_the_year(report, org, service_head):
    with pytest.raises(ReportingError) as error:
        services.report_create(organization=org, academic_year=YEAR, actor=service_head)

    assert str(error.value.message) == "There is already a report for 2025/2026."


def test_report_update_notes_changes_only_the_report(report, org, service_head):
    services.report_update_notes(
        report=report, actor=service_head, notes={"note_9": "  Группы по 12 человек.  "}
    )

    report.refresh_from_db()
    assert report.note_9 == "Группы по 12 человек."
    entry = AuditEntry.objects.get(action="reporting.annual_report.updated")
    assert entry.data["changes"] == {"note_9": ["", "Группы по 12 человек."]}


# --- generation ---------------------------------------------------------------------------


def test_generation_renders_every_file_with_its_sha256(generated, org):
    import hashlib

    files = queries.generation_files(generated)

    assert generated.status == GenerationStatus.DONE
    assert generated.progress == 100
    assert sorted((f.kind, f.language) for f in files) == [
        ("docx", "kk"), ("docx", "ru"), ("pdf", "kk"), ("pdf", "ru"),
        ("xlsx", "kk"), ("xlsx", "ru"), ("zip", ""),
    ]  # fmt: skip
    for record in files:
        with record.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == record.sha256
    assert generated.data_sha256 == queries.data_sha256(generated.data)
    assert _actions(org)[-2:] == [
        "reporting.report_generation.started",
        "reporting.report_generation.finished",
    ]


def test_failed_generation_keeps_the_previous_files(generated, report, service_head, monkeypatch):
    before = sorted(queries.generation_files(generated), key=lambda f: f.pk)

    def broken(data, language):
        raise OSError("disk full")

    monkeypatch.setattr(documents, "render_pdf", broken)
    failed = services.generation_start(report=report, actor=service_head)
    failed.refresh_from_db()

    assert failed.status == GenerationStatus.FAILED
    assert failed.error == "OSError: disk full"
    assert queries.current_generation(report) == generated
    assert sorted(queries.generation_files(generated), key=lambda f: f.pk) == before
    assert ReportFile.objects.filter(generation=failed).count() == 0
    for record in before:
        assert record.file.storage.exists(record.file.name)


def test_generation_start_refuses_while_one_is_running(report, service_head):
    from yntymaq.reporting.models import ReportGeneration

    ReportGeneration.objects.create(organization=report.organization, report=report)

    with pytest.raises(ReportingError) as error:
        services.generation_start(report=report, actor=service_head)

    assert str(error.value.message) == (
        "The files are being generated already; wait until it finishes."
    )


def test_a_new_generation_replaces_the_older_files(generated, report, service_head):
    old_names = [f.file.name for f in queries.generation_files(generated)]

    newer = services.generation_start(report=report, actor=service_head)

    assert queries.current_generation(report) == newer
    assert ReportFile.objects.filter(generation=generated).count() == 0
    storage = queries.generation_files(newer)[0].file.storage
    assert not any(storage.exists(name) for name in old_names)


# --- submission ---------------------------------------------------------------------------


def test_r8_11_submit_freezes_the_data_and_files_on_time(generated, report, service_head, org):
    submission = services.report_submit(report=report, actor=service_head)

    assert (submission.version, submission.status, submission.on_time) == (
        1,
        SubmissionStatus.SUBMITTED,
        True,
    )
    assert submission.deadline == dt.date(2026, 7, 15)
    assert submission.data == generated.data
    assert submission.data_sha256 == generated.data_sha256
    assert sorted(f.sha256 for f in submission.files.all()) == sorted(
        f.sha256 for f in queries.generation_files(generated)
    )
    assert _actions(org)[-1] == "reporting.submission.submitted"


def test_r8_11_submission_after_15_july_is_late(generated, report, service_head, time_machine):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 7, 16, 9, 0)), tick=False)

    submission = services.report_submit(report=report, actor=service_head)

    assert submission.on_time is False


def test_later_registry_edits_never_change_a_snapshot(generated, report, service_head, org):
    from yntymaq.service import services as service_services

    unit = UnitFactory(organization=org, name_ru="Отдел международных связей")
    services.generation_start(report=report, actor=service_head)
    submission = services.report_submit(report=report, actor=service_head)
    frozen = dict(submission.data)
    files = {f.name: f.sha256 for f in submission.files.all()}

    service_services.unit_update(unit=unit, actor=service_head, data={"name_ru": "Департамент"})
    services.generation_start(report=report, actor=service_head)

    submission = Submission.objects.get(pk=submission.pk)
    assert submission.data == frozen
    assert submission.data["items"]["1"]["rows"][0]["name_ru"] == "Отдел международных связей"
    assert {f.name: f.sha256 for f in submission.files.all()} == files
    for record in submission.files.all():
        assert record.file.storage.exists(record.file.name)


def test_a_resubmission_is_a_new_version_keeping_the_old(
    generated, report, service_head, authority_user
):
    first = services.report_submit(report=report, actor=service_head)
    services.submission_decide(
        submission=first, actor=authority_user, accept=False, comment="Нет плана"
    )

    second = services.report_submit(report=report, actor=service_head)

    assert [(s.version, s.status) for s in queries.submission_list(report)] == [
        (2, SubmissionStatus.SUBMITTED),
        (1, SubmissionStatus.RETURNED),
    ]
    assert second.files.count() == first.files.count() == 7


def test_submitting_after_acceptance_is_refused(generated, report, service_head, authority_user):
    first = services.report_submit(report=report, actor=service_head)
    services.submission_decide(submission=first, actor=authority_user, accept=True)

    with pytest.raises(ReportingError) as error:
        services.report_submit(report=report, actor=service_head)

    assert str(error.value.message) == (
        "The report for 2025/2026 was accepted by the authority: it can no longer be changed "
        "or submitted."
    )
    assert Submission.objects.filter(report=report).count() == 1


def test_submit_refuses_without_generated_files(report, service_head):
    with pytest.raises(ReportingError) as error:
        services.report_submit(report=report, actor=service_head)

    assert str(error.value.message) == (
        "Generate the report's files first: the submission freezes them."
    )


def test_submit_refuses_when_the_notes_changed_after_generation(generated, report, service_head):
    services.report_update_notes(report=report, actor=service_head, notes={"note_8": "Новое"})

    with pytest.raises(ReportingError) as error:
        services.report_submit(report=report, actor=service_head)

    assert str(error.value.message) == (
        "The notes were changed after the files were generated: generate the files again."
    )


@needs(sources.PLANNING, "annual_plan_for_year")
def test_submit_refuses_a_report_with_blocking_gaps(report, service_head):
    services.generation_start(report=report, actor=service_head)

    with pytest.raises(ReportingError) as error:
        services.report_submit(report=report, actor=service_head)

    assert str(error.value.message) == (
        "The report cannot be submitted: A2.5: there is no approved annual work plan for 2025/2026."
    )
    assert error.value.extra == {"gaps": [{"item": 5, "code": "annual_plan"}]}
    assert Submission.objects.count() == 0


# --- the authority's decision ----------------------------------------------------------------


def test_return_needs_a_comment(generated, report, service_head, authority_user):
    submission = services.report_submit(report=report, actor=service_head)

    with pytest.raises(ReportingError) as error:
        services.submission_decide(submission=submission, actor=authority_user, accept=False)

    assert error.value.field == "comment"


def test_only_the_authority_decides(generated, report, service_head):
    submission = services.report_submit(report=report, actor=service_head)

    with pytest.raises(ReportingError):
        services.submission_decide(submission=submission, actor=service_head, accept=True)


def test_decision_is_audited_for_the_organization(
    generated, report, service_head, authority_user, org
):
    submission = services.report_submit(report=report, actor=service_head)

    services.submission_decide(
        submission=submission, actor=authority_user, accept=False, comment="Уточните п. 3"
    )

    entry = AuditEntry.objects.filter(organization=org).latest("id")
    assert (entry.action, entry.data) == (
        "reporting.submission.returned",
        {"version": 1, "comment": "Уточните п. 3"},
    )


def test_an_older_version_cannot_be_decided(generated, report, service_head, authority_user):
    first = services.report_submit(report=report, actor=service_head)
    services.report_submit(report=report, actor=service_head)

    with pytest.raises(ReportingError) as error:
        services.submission_decide(submission=first, actor=authority_user, accept=True)

    assert str(error.value.message) == "A newer version (2) was submitted: decide on that one."


# --- the deadline engine (R8.11) ----------------------------------------------------------


def test_r8_11_attention_reminds_30_7_and_1_days_before_15_july(org):
    items = attention.annual_report_items(org, dt.date(2026, 6, 20))

    assert [(i.kind, i.due, i.remind_days, i.clause) for i in items] == [
        ("reporting.annual_report_due", dt.date(2026, 7, 15), (30, 7, 1), "R8.11")
    ]
    assert items[0].reminder_bucket(dt.date(2026, 6, 20)) == "30"
    assert items[0].url == "/o/kaznu/reporting/"


def test_r8_11_attention_is_quiet_far_from_the_deadline_and_after_submission(
    generated, report, service_head, org
):
    assert attention.annual_report_items(org, dt.date(2026, 3, 10)) == []
    services.report_submit(report=report, actor=service_head)

    assert attention.annual_report_items(org, dt.date(2026, 7, 1)) == []


def test_r8_11_attention_shows_an_overdue_report(org):
    items = attention.annual_report_items(org, dt.date(2026, 9, 20))

    assert [(i.due, i.severity(dt.date(2026, 9, 20))) for i in items] == [
        (dt.date(2026, 7, 15), "overdue")
    ]


def test_r8_11_attention_asks_to_resubmit_a_returned_report(
    generated, report, service_head, authority_user, org
):
    submission = services.report_submit(report=report, actor=service_head)
    services.submission_decide(
        submission=submission, actor=authority_user, accept=False, comment="x"
    )

    items = attention.annual_report_items(org, dt.date(2026, 3, 11))

    assert [i.kind for i in items] == ["reporting.annual_report_returned"]


# --- the long lists, kept in the rows file ---------------------------------------------------


def _foreigners(org, *names):
    for last_name, first_name in names:
        foreigner(org, last_name, first_name)


def _names(data, number):
    return [row["full_name"] for row in data["items"][number]["rows"]]


@needs(sources.INCOMING, "a2_3_rows")
@needs(sources.OUTBOUND, "a2_4_rows")
def test_generation_keeps_the_long_lists_in_its_rows_file_in_order(
    report, service_head, org, approved_plan, monkeypatch
):
    import hashlib

    from yntymaq.reporting import lists

    monkeypatch.setattr(lists, "RUN_ROWS", 2)  # sorted in runs of two, merged
    _foreigners(org, ("Сейткали", "Асель"), ("Ли", "Мин"), ("Әлиев", "Бақыт"), ("Ахметова", "Дана"))
    returned_trip(org, "Омаров", "Ерлан")
    returned_trip(org, "Жумабаев", "Нұрлан")

    generation = services.generation_start(report=report, actor=service_head)
    generation.refresh_from_db()

    assert "rows" not in generation.data["items"]["3"]
    assert generation.data["items"]["3"]["stored_rows"]["count"] == 4
    assert generation.data["items"]["4"]["stored_rows"]["count"] == 2
    data = queries.stored_data(generation)
    assert _names(data, "3") == ["Ахметова Дана", "Ли Мин", "Сейткали Асель", "Әлиев Бақыт"]
    assert _names(data, "4") == ["Жумабаев Нұрлан", "Омаров Ерлан"]
    with generation.rows_file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == generation.rows_sha256
    assert queries.data_sha256(generation.data) == generation.data_sha256


@needs(sources.INCOMING, "a2_3_rows")
def test_later_registry_edits_never_change_a_snapshots_lists(
    report, service_head, org, approved_plan
):
    from yntymaq.people import services as people_services
    from yntymaq.people.models import Person

    _foreigners(org, ("Ли", "Мин"), ("Ван", "Лэй"))
    services.generation_start(report=report, actor=service_head)
    submission = services.report_submit(report=report, actor=service_head)
    rows_sha256 = submission.rows_sha256

    li = Person.objects.get(organization=org, last_name="Ли")
    people_services.person_update(person=li, actor=service_head, data={"last_name": "Лю"})
    services.generation_start(report=report, actor=service_head)

    submission = Submission.objects.get(pk=submission.pk)
    newer = queries.current_generation(report)
    assert _names(queries.stored_data(submission), "3") == ["Ван Лэй", "Ли Мин"]
    assert submission.rows_sha256 == rows_sha256
    assert _names(queries.stored_data(newer), "3") == ["Ван Лэй", "Лю Мин"]


def test_failed_generation_keeps_the_previous_rows_file(
    generated, report, service_head, monkeypatch
):
    def broken(data, language):
        raise OSError("disk full")

    monkeypatch.setattr(documents, "render_pdf", broken)
    failed = services.generation_start(report=report, actor=service_head)
    failed.refresh_from_db()

    generated.refresh_from_db()
    assert (failed.status, failed.rows_file.name) == (GenerationStatus.FAILED, "")
    assert generated.rows_file.storage.exists(generated.rows_file.name)
    assert queries.report_figures(queries.stored_data(generated))["foreigners"] == 0


def test_a_rows_file_changed_after_generation_is_not_submitted(generated, report, service_head):
    with generated.rows_file.open("ab") as handle:
        handle.write(b"\0")

    with pytest.raises(ReportingError) as error:
        services.report_submit(report=report, actor=service_head)

    assert str(error.value.message) == (
        "A generated file has changed since it was made: generate again."
    )
    assert Submission.objects.count() == 0


# --- the period the report covers (R8.11, A2; issue 17) ----------------------------------------


def test_a2_period_before_the_deadline_counts_the_days_not_covered(org):
    period = queries.a2_period(org, YEAR, dt.date(2026, 7, 10))

    assert period == {
        "start": "2025-09-01",
        "end": "2026-08-31",
        "as_of": "2026-07-10",
        "deadline": "2026-07-15",
        "days_not_covered": 52,
        "final": False,
    }
    assert queries.a2_period(org, YEAR, dt.date(2026, 9, 2)) == {
        "start": "2025-09-01",
        "end": "2026-08-31",
        "as_of": "2026-08-31",
        "deadline": "2026-07-15",
        "days_not_covered": 0,
        "final": True,
    }


@needs(sources.INCOMING, "a2_3_rows")
def test_a2_lists_end_at_the_date_the_data_was_taken(report, org):
    foreigner(org, "Ли", "Вэй")
    later = foreigner(org, "Ким", "Юна")
    later.arrival_date = dt.date(2026, 3, 20)
    later.save(update_fields=["arrival_date"])

    data = queries.report_data(report, taken_on=dt.date(2026, 3, 10))

    assert [row["full_name"] for row in data["items"]["3"]["rows"]] == ["Ли Вэй"]
    assert (data["as_of"], data["days_not_covered"], data["final"]) == ("2026-03-10", 174, False)


def test_a2_heading_and_lists_state_the_period(org):
    from django.utils import translation

    from yntymaq.reporting import layout

    data = {
        "organization": {"name_ru": "КазНУ", "name_kk": "ҚазҰУ"},
        "year_label": "2025/2026",
        **queries.a2_period(org, YEAR, dt.date(2026, 7, 10)),
    }
    final = {**data, **queries.a2_period(org, YEAR, dt.date(2026, 9, 2))}

    with translation.override("ru"):
        heading = layout.heading(data)
        item_3 = layout.item_title(data, 3)
        final_heading = layout.heading(final)

    assert heading == (
        "Сведения о результатах международного сотрудничества КазНУ за 2025/2026 учебный год\n"
        "Период 01.09.2025 – 10.07.2026 учебного года 01.09.2025 – 31.08.2026, данные на "
        "10.07.2026; срок представления 15.07.2026; не охвачено 52 дня учебного года."
    )
    assert item_3.endswith("(по состоянию на 10.07.2026)")
    assert final_heading.endswith(
        "Итоговая версия за весь учебный год: 01.09.2025 – 31.08.2026 (срок представления "
        "15.07.2026)."
    )


def test_a2_final_version_after_31_august_even_after_acceptance(
    generated, report, service_head, authority_user, time_machine
):
    first = services.report_submit(report=report, actor=service_head)
    services.submission_decide(submission=first, actor=authority_user, accept=True)
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 9, 3, 10, 0)), tick=False)
    services.generation_start(report=report, actor=service_head)

    final = services.report_submit(report=report, actor=service_head)

    assert (final.version, final.data["final"], final.data["as_of"], final.on_time) == (
        2,
        True,
        "2026-08-31",
        True,
    )
    with pytest.raises(ReportingError):  # one final version; it is accepted or returned
        services.report_submit(report=report, actor=service_head)
