import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.core import OrganizationFactory
from tests.factories.reporting import SubmissionFactory, SubmissionFileFactory
from tests.reporting.conftest import YEAR, foreigner, needs
from yntymaq.reporting import services, sources
from yntymaq.reporting.enums import SubmissionStatus
from yntymaq.reporting.models import Submission

pytestmark = pytest.mark.django_db

API = "/api/v1/o/kaznu/reporting/"
AUTHORITY = "/api/v1/authority/"


@pytest.fixture(autouse=True)
def spring(time_machine):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 10, 12, 0)), tick=False)


@pytest.fixture
def generated(org, service_head, approved_plan):
    report = services.report_create(organization=org, academic_year=YEAR, actor=service_head)
    services.generation_start(report=report, actor=service_head)
    return report


# --- organization API ------------------------------------------------------------------------


def test_eligibility_on_a_date(client_for, service_head):
    response = client_for(service_head).get(API + "eligibility/?date=2026-01-31")

    body = response.json()
    assert response.status_code == 200
    assert body["on_date"] == "2026-01-31"
    assert [c["clause"] for c in body["criteria"]] == ["R4.1", "R4.2", "R4.3"]
    assert [c["threshold"] for c in body["criteria"]] == [10, 2, 10]
    assert body["criteria"][2]["rule"] == (
        "Граждане Казахстана, находящиеся на дату за рубежом по направлению организации для "
        "обучения, работы или научного исследования (не конференции), в поездке не короче "
        "30 дней."
    )


def test_eligibility_refuses_a_bad_date(client_for, service_head):
    response = client_for(service_head).get(API + "eligibility/?date=yesterday")

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["date"]


def test_eligibility_is_refused_to_the_coordinator(client_for, coordinator):
    assert client_for(coordinator).get(API + "eligibility/").status_code == 403


def test_report_read_has_the_check_list_and_the_files(client_for, service_head, generated):
    response = client_for(service_head).get(f"{API}reports/{generated.pk}/")

    body = response.json()
    assert (body["academic_year"], body["year_label"], body["deadline"]) == (
        2025,
        "2025/2026",
        "2026-07-15",
    )
    assert len(body["files"]) == 7
    assert all(len(f["sha256"]) == 64 for f in body["files"])
    assert isinstance(body["gaps"], list)


def test_submit_through_the_api(client_for, service_head, generated):
    response = client_for(service_head).post(f"{API}reports/{generated.pk}/submit/")

    body = response.json()
    assert response.status_code == 201
    assert (body["version"], body["status"], body["on_time"]) == (1, "submitted", True)
    assert len(body["files"]) == 7


def test_submit_is_refused_to_the_staff(client_for, service_staff, generated):
    response = client_for(service_staff).post(f"{API}reports/{generated.pk}/submit/")

    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_submit_after_acceptance_answers_400_with_the_reason(
    client_for, service_head, authority_user, generated
):
    first = services.report_submit(report=generated, actor=service_head)
    services.submission_decide(submission=first, actor=authority_user, accept=True)

    response = client_for(service_head).post(
        f"{API}reports/{generated.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["message"] == (
        "The report for 2025/2026 was accepted by the authority: it can no longer be changed "
        "or submitted."
    )


def test_snapshot_has_the_frozen_data(client_for, service_head, generated):
    submission = services.report_submit(report=generated, actor=service_head)

    body = client_for(service_head).get(f"{API}submissions/{submission.pk}/").json()

    assert body["data"]["academic_year"] == 2025
    assert body["data_sha256"] == submission.data_sha256
    assert "figures" in body


def test_submission_list_uses_a_fixed_number_of_queries(client_for, service_head, org):
    client = client_for(service_head)
    SubmissionFileFactory(organization=org)
    client.get(API + "submissions/")
    with CaptureQueriesContext(connection) as one:
        client.get(API + "submissions/")
    for _ in range(3):
        SubmissionFileFactory(organization=org)

    with CaptureQueriesContext(connection) as four:
        response = client.get(API + "submissions/")

    assert response.json()["count"] == 4
    assert len(four) == len(one)


def test_another_organizations_snapshot_is_404(client_for, other_org_user, org):
    submission = SubmissionFactory(organization=org)

    response = client_for(other_org_user).get(
        f"/api/v1/o/other/reporting/submissions/{submission.pk}/"
    )

    assert response.status_code == 404


# --- authority API ---------------------------------------------------------------------------


def test_authority_report_list_is_for_authority_users_only(
    client, client_for, authority_user, service_head, org
):
    SubmissionFactory(organization=org, version=1)

    assert client.get(AUTHORITY + "reports/").status_code == 401
    assert client_for(service_head).get(AUTHORITY + "reports/").status_code == 404
    response = client_for(authority_user).get(AUTHORITY + f"reports/?year={YEAR}")
    assert response.status_code == 200
    assert [(r["organization"], r["state"], r["version"]) for r in response.json()] == [
        ("kaznu", "on_time", 1)
    ]


def test_authority_decides_through_the_api(client_for, authority_user, org):
    submission = SubmissionFactory(organization=org)

    response = client_for(authority_user).post(
        AUTHORITY + f"submissions/{submission.pk}/decide/",
        {"accept": False, "comment": "Нет копии плана"},
        content_type="application/json",
    )

    submission.refresh_from_db()
    assert response.status_code == 200
    assert (submission.status, submission.comment) == (SubmissionStatus.RETURNED, "Нет копии плана")


def test_authority_return_without_comment_is_400(client_for, authority_user, org):
    submission = SubmissionFactory(organization=org)

    response = client_for(authority_user).post(
        AUTHORITY + f"submissions/{submission.pk}/decide/",
        {"accept": False},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["comment"]


def test_authority_figures_come_from_snapshots(client_for, authority_user, org):
    SubmissionFactory(
        organization=org,
        figures={"foreigners": 12, "citizens_abroad": 3, "by": {"citizenship": {"CN": 12}}},
    )
    SubmissionFactory(
        organization=OrganizationFactory(slug="second"),
        status=SubmissionStatus.RETURNED,
        figures={"foreigners": 99},
    )

    body = client_for(authority_user).get(AUTHORITY + f"figures/?year={YEAR}").json()

    assert (body["organizations"], body["totals"]["foreigners"]) == (1, 12)
    assert body["by"]["citizenship"] == {"CN": 12}
    assert body["ratings"][0]["organization"] == "kaznu"


def test_report_list_uses_a_fixed_number_of_queries(client_for, service_head, org):
    from tests.factories.reporting import AnnualReportFactory

    client = client_for(service_head)
    SubmissionFactory(
        organization=org, report=AnnualReportFactory(organization=org, academic_year=2020)
    )
    client.get(API + "reports/")
    with CaptureQueriesContext(connection) as one:
        client.get(API + "reports/")
    for year in (2021, 2022, 2023):
        SubmissionFactory(
            organization=org, report=AnnualReportFactory(organization=org, academic_year=year)
        )

    with CaptureQueriesContext(connection) as four:
        response = client.get(API + "reports/")

    assert response.json()["count"] == 4
    assert len(four) == len(one)


def test_authority_lists_use_a_fixed_number_of_queries(client_for, authority_user, org):
    client = client_for(authority_user)
    SubmissionFactory(organization=org, figures={"foreigners": 1, "by": {"citizenship": {"CN": 1}}})
    counts = {}
    for path in ("reports/", "figures/"):
        client.get(f"{AUTHORITY}{path}?year={YEAR}")
        with CaptureQueriesContext(connection) as one:
            client.get(f"{AUTHORITY}{path}?year={YEAR}")
        counts[path] = len(one)
    for n in range(3):
        SubmissionFactory(
            organization=OrganizationFactory(slug=f"more-{n}"),
            figures={"foreigners": 2, "by": {"citizenship": {"TR": 2}}},
        )

    for path in ("reports/", "figures/"):
        with CaptureQueriesContext(connection) as four:
            client.get(f"{AUTHORITY}{path}?year={YEAR}")
        assert len(four) == counts[path], path


@needs(sources.INCOMING, "a2_3_rows")
def test_snapshot_has_the_lists_read_back_from_its_rows_file(
    client_for, service_head, org, generated
):
    client = client_for(service_head)
    first = services.report_submit(report=generated, actor=service_head)
    client.get(f"{API}submissions/{first.pk}/")
    with CaptureQueriesContext(connection) as none:
        client.get(f"{API}submissions/{first.pk}/")
    for last_name in ("Ли", "Ван", "Ким"):
        foreigner(org, last_name, "Мин")
    services.generation_start(report=generated, actor=service_head)
    second = services.report_submit(report=generated, actor=service_head)

    with CaptureQueriesContext(connection) as three:
        body = client.get(f"{API}submissions/{second.pk}/").json()

    foreigners = body["data"]["items"]["3"]
    assert [row["full_name"] for row in foreigners["rows"]] == ["Ван Мин", "Ким Мин", "Ли Мин"]
    assert foreigners["stored_rows"]["count"] == 3
    assert body["data_sha256"] == second.data_sha256
    assert len(three) == len(none)
