import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.reporting import AnnualReportFactory, ReportGenerationFactory
from tests.reporting.conftest import YEAR, foreigner, needs, returned_trip
from yntymaq.core.models import AuditEntry
from yntymaq.reporting import services, sources
from yntymaq.reporting.enums import GenerationStatus
from yntymaq.reporting.models import AnnualReport, Submission

pytestmark = pytest.mark.django_db

BASE = "/o/kaznu/reporting/"


@pytest.fixture(autouse=True)
def spring(time_machine):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 10, 12, 0)), tick=False)


@pytest.fixture
def report(org, service_head):
    return services.report_create(organization=org, academic_year=YEAR, actor=service_head)


@pytest.fixture
def generated(report, service_head, approved_plan):
    services.generation_start(report=report, actor=service_head)
    return report


# --- read pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["", "eligibility/", "eligibility/numbers/", "charts/foreigners.svg"]
)
def test_pages_answer_the_head_and_refuse_the_coordinator(
    client_for, service_head, coordinator, path
):
    assert client_for(service_head).get(BASE + path).status_code == 200
    assert client_for(coordinator).get(BASE + path).status_code == 403


def test_pages_send_anonymous_users_to_login(client, org):
    response = client.get(BASE)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_other_organization_gets_404_for_a_report(client_for, other_org_user, report):
    assert client_for(other_org_user).get(f"{BASE}{report.pk}/").status_code == 404
    assert client_for(other_org_user).get(f"/o/other/reporting/{report.pk}/").status_code == 404


def test_report_list_uses_a_fixed_number_of_queries(client_for, service_head, org):
    client = client_for(service_head)
    AnnualReportFactory(organization=org, academic_year=2024)
    client.get(BASE)
    with CaptureQueriesContext(connection) as one:
        client.get(BASE)
    for year in (2021, 2022, 2023):
        AnnualReportFactory(organization=org, academic_year=year)

    with CaptureQueriesContext(connection) as four:
        response = client.get(BASE)

    assert response.content.decode().count('href="/o/kaznu/reporting/') >= 4
    assert len(four) == len(one)


def test_preview_shows_the_nine_items_and_the_check_list(client_for, service_head, report):
    response = client_for(service_head).get(f"{BASE}{report.pk}/", HTTP_ACCEPT_LANGUAGE="ru")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card mb-3 report-item"') == 9
    assert "Сведения о результатах международного сотрудничества" in page
    assert 'class="card mb-3 report-gaps"' in page


def test_eligibility_page_takes_a_date(client_for, service_head):
    response = client_for(service_head).get(BASE + "eligibility/?date=2025-01-31")

    assert response.context["eligibility"].on_date == dt.date(2025, 1, 31)


def test_eligibility_page_ignores_a_bad_date(client_for, service_head):
    response = client_for(service_head).get(BASE + "eligibility/?date=31.31.2025")

    assert response.status_code == 200
    assert response.context["eligibility"].on_date == dt.date(2026, 3, 10)


def test_chart_is_an_svg_with_its_own_policy(client_for, service_head):
    response = client_for(service_head).get(BASE + "charts/trips.svg")

    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response.content.lstrip().startswith(b"<?xml")


def test_dashboard_shows_the_r4_widget_and_the_charts(client_for, service_head):
    client = client_for(service_head)

    page = client.get("/o/kaznu/").content.decode()
    numbers = client.get(BASE + "eligibility/numbers/", HTTP_HX_REQUEST="true")

    assert 'hx-get="/o/kaznu/reporting/eligibility/numbers/" hx-trigger="load"' in page
    assert 'src="/o/kaznu/reporting/charts/foreigners.svg"' in page
    assert [c.clause for c in numbers.context["eligibility"].criteria] == ["R4.1", "R4.2", "R4.3"]
    assert numbers.context["eligibility"].criteria[1].rows == []
    assert 'data-clause="R4.1"' in numbers.content.decode()


# --- create ------------------------------------------------------------------------------------


def test_create_starts_the_report(client_for, service_head, org):
    response = client_for(service_head).post(BASE + "new/", {"academic_year": "2025"})

    report = AnnualReport.objects.get(organization=org)
    assert response["Location"] == f"{BASE}{report.pk}/"


def test_create_says_why_a_year_before_the_organization_is_refused(client_for, service_head, org):
    org.bin = "180140000008"  # registered in January 2018
    org.save()

    response = client_for(service_head).post(
        BASE + "new/", {"academic_year": "2016"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"]["academic_year"].value() == "2016"
    assert response.context["form"].errors == {
        "academic_year": [
            "КазНУ was registered in January 2018: there is no report for 2016/2017, a year "
            "before it existed."
        ]
    }
    assert AnnualReport.objects.count() == 0


def test_create_refuses_a_duplicate_next_to_the_field(client_for, service_head, report):
    response = client_for(service_head).post(
        BASE + "new/", {"academic_year": "2025"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "academic_year": ["There is already a report for 2025/2026."]
    }


@pytest.mark.parametrize("persona", ["leadership", "auditor"])
def test_create_is_refused_to_read_only_roles(client_for, request, persona, org):
    response = client_for(request.getfixturevalue(persona)).post(
        BASE + "new/", {"academic_year": "2025"}
    )

    assert response.status_code == 403
    assert AnnualReport.objects.count() == 0


def test_create_in_another_organization_is_404(client_for, other_org_user, org):
    assert (
        client_for(other_org_user).post(BASE + "new/", {"academic_year": "2025"}).status_code == 404
    )


# --- notes, generate, submit ------------------------------------------------------------


def test_notes_are_saved_and_audited(client_for, service_head, report):
    response = client_for(service_head).post(
        f"{BASE}{report.pk}/text/", {"note_8": "Сотрудники выступили на 12 конференциях."}
    )

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.note_8 == "Сотрудники выступили на 12 конференциях."
    assert AuditEntry.objects.filter(action="reporting.annual_report.updated").count() == 1


def test_notes_are_refused_to_the_auditor(client_for, auditor, report):
    assert client_for(auditor).post(f"{BASE}{report.pk}/text/", {"note_8": "x"}).status_code == 403


def test_generate_runs_in_the_background_and_shows_the_files(client_for, service_head, report):
    client = client_for(service_head)

    response = client.post(f"{BASE}{report.pk}/generate/", follow=True)

    page = response.content.decode()
    assert page.count('class="sha"') == 7
    assert response.context["current"].status == GenerationStatus.DONE


def test_generate_is_refused_to_the_auditor(client_for, auditor, report):
    assert client_for(auditor).post(f"{BASE}{report.pk}/generate/").status_code == 403


def test_generation_status_polls_while_running_and_refreshes_when_done(
    client_for, service_head, org
):
    running = ReportGenerationFactory(
        organization=org, status=GenerationStatus.RUNNING, progress=40
    )
    client = client_for(service_head)
    url = f"{BASE}{running.report_id}/generations/{running.pk}/"

    polling = client.get(url, HTTP_HX_REQUEST="true")
    running.status = GenerationStatus.DONE
    running.save()
    done = client.get(url, HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 2s"' in polling.content.decode()
    assert 'value="40"' in polling.content.decode()
    assert "hx-trigger" not in done.content.decode()
    assert done["HX-Refresh"] == "true"


def test_a_generated_file_is_served_and_the_download_audited(client_for, service_head, generated):
    generation = generated.generations.get()
    record = generation.files.get(kind="pdf", language="kk")

    response = client_for(service_head).get(f"{BASE}{generated.pk}/files/{record.pk}/")

    assert response["Content-Disposition"] == f'attachment; filename="{record.name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="reporting.report_file.exported").count() == 1


def test_submit_freezes_a_version(client_for, service_head, generated):
    response = client_for(service_head).post(f"{BASE}{generated.pk}/submit/", {"confirm": "on"})

    submission = Submission.objects.get(report=generated)
    assert response["Location"] == f"{BASE}{generated.pk}/"
    assert (submission.version, submission.on_time) == (1, True)


def test_submit_is_refused_to_the_staff(client_for, service_staff, generated):
    assert (
        client_for(service_staff)
        .post(f"{BASE}{generated.pk}/submit/", {"confirm": "on"})
        .status_code
        == 403
    )


def test_submit_after_acceptance_says_why(client_for, service_head, authority_user, generated):
    first = services.report_submit(report=generated, actor=service_head)
    services.submission_decide(submission=first, actor=authority_user, accept=True)

    response = client_for(service_head).post(
        f"{BASE}{generated.pk}/submit/", {"confirm": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The report for 2025/2026 was accepted by the authority: it can no longer be changed "
        "or submitted."
    ]


def test_submitted_version_page_shows_the_frozen_files(client_for, service_head, generated):
    submission = services.report_submit(report=generated, actor=service_head)

    response = client_for(service_head).get(f"{BASE}{generated.pk}/versions/{submission.pk}/")

    assert response.status_code == 200
    assert response.content.decode().count("data-kind=") == 7


def test_preview_says_when_the_text_changed_after_the_files(client_for, service_head, generated):
    client = client_for(service_head)
    before = client.get(f"{BASE}{generated.pk}/")
    services.report_update_notes(report=generated, actor=service_head, notes={"note_1": "Новое"})

    after = client.get(f"{BASE}{generated.pk}/")

    assert before.context["stale"] is False
    assert after.context["stale"] is True


# --- pages that read report data: as many queries for 1 foreigner and trip as for 3 ---------


def _foreigner_and_trip(org, n):
    foreigner(org, f"Ли{n}", "Мин")
    returned_trip(org, f"Омаров{n}", "Ерлан")


@needs(sources.INCOMING, "a2_3_rows")
@needs(sources.OUTBOUND, "a2_4_rows")
def test_preview_and_submitted_version_use_a_fixed_number_of_queries(
    client_for, service_head, org, report, approved_plan
):
    client = client_for(service_head)
    _foreigner_and_trip(org, 0)
    services.generation_start(report=report, actor=service_head)
    first = services.report_submit(report=report, actor=service_head)
    pages = [f"{BASE}{report.pk}/", f"{BASE}{report.pk}/versions/{first.pk}/"]
    counts = []
    for page in pages:
        client.get(page)
        with CaptureQueriesContext(connection) as one:
            client.get(page)
        counts.append(len(one))
    for n in (1, 2):
        _foreigner_and_trip(org, n)
    services.generation_start(report=report, actor=service_head)
    second = services.report_submit(report=report, actor=service_head)

    pages = [f"{BASE}{report.pk}/", f"{BASE}{report.pk}/versions/{second.pk}/"]
    for page, count in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as three:
            response = client.get(page)
        assert len(three) == count, page
    assert response.context["items"][2]["total"] == 3
    assert response.context["items"][3]["total"] == 3


def test_kazakh_preview_marks_the_names_printed_in_russian_and_says_why(
    client_for, service_head, report, org
):
    from tests.factories.service import UnitFactory

    UnitFactory(organization=org, name_ru="Отдел международного сотрудничества", name_kk="")

    response = client_for(service_head).get(f"{BASE}{report.pk}/", HTTP_ACCEPT_LANGUAGE="kk")

    page = response.content.decode()
    assert "<td>Отдел международного сотрудничества *</td>" in page
    assert "* Мән орыс тілінде берілген: оның қазақша нұсқасы әлі енгізілмеген." in page
    assert (
        "A2.1: бөлімше атауының «Отдел международного сотрудничества» қазақша нұсқасы жоқ; "
        "қазақ тіліндегі есепте бұл мән орыс тілінде басылған."
    ) in page
