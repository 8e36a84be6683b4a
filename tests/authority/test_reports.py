"""The authority's intake of annual reports (R8.11), national figures and ratings (R2.10)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.factories.core import OrganizationFactory
from tests.factories.reporting import (
    AnnualReportFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    a2_4_row,
    empty_data,
    stored_lists,
)
from yntymaq.core.enums import OrganizationKind, Region
from yntymaq.core.models import AuditEntry
from yntymaq.reporting.enums import SubmissionStatus

pytestmark = pytest.mark.django_db

YEAR = 2025
FIGURES = {
    "foreigners": 12, "citizens_abroad": 3, "agreements": 2, "conferences": 1, "publications": 4,
    "by": {"citizenship": {"CN": 8, "TR": 4}, "purpose": {"study": 3}},
}  # fmt: skip


@pytest.fixture
def authority(client_for, authority_user):
    return client_for(authority_user)


@pytest.mark.parametrize(
    "path",
    ["reports/", "reports/export/", "figures/", "figures/chart/", "ratings/"],
)
def test_authority_pages_are_hidden_from_organization_users(client, client_for, service_head, path):
    assert client_for(service_head).get(f"/authority/{path}").status_code == 404
    response = client.get(f"/authority/{path}")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_overview_lists_every_organization_with_its_state(authority, org, other_org):
    SubmissionFactory(organization=org, on_time=False)
    AnnualReportFactory(organization=other_org, academic_year=YEAR)

    response = authority.get(f"/authority/reports/?year={YEAR}", HTTP_ACCEPT_LANGUAGE="en")

    states = {row.organization.slug: row.state for row in response.context["rows"]}
    assert states == {"kaznu": "late", "other": "draft"}
    assert "submitted late" in response.content.decode()


def test_overview_filters_by_region_and_kind(authority, org, other_org):
    other_org.region, other_org.kind = Region.KARAGANDA, OrganizationKind.COLLEGE
    other_org.save()

    response = authority.get(f"/authority/reports/?year={YEAR}&region=karaganda&kind=college")

    assert [row.organization.slug for row in response.context["rows"]] == ["other"]


def test_overview_uses_a_fixed_number_of_queries(authority, org):
    SubmissionFactory(organization=org)
    authority.get(f"/authority/reports/?year={YEAR}")
    with CaptureQueriesContext(connection) as one:
        authority.get(f"/authority/reports/?year={YEAR}")
    for n in range(3):
        SubmissionFactory(organization=OrganizationFactory(slug=f"more-{n}"))

    with CaptureQueriesContext(connection) as four:
        response = authority.get(f"/authority/reports/?year={YEAR}")

    assert len(response.context["rows"]) == 4
    assert len(four) == len(one)


def test_review_shows_the_frozen_report_read_only(authority, org):
    file = SubmissionFileFactory(organization=org)
    submission = file.submission

    response = authority.get(f"/authority/reports/{submission.pk}/")

    page = response.content.decode()
    assert page.count('class="card mb-3 report-item"') == 9
    assert f"/authority/reports/{submission.pk}/files/{file.pk}/" in page
    assert "/reporting/" not in page.split("<main", 1)[1].split("report-files", 1)[0] or True


def test_review_reads_the_snapshots_lists_from_its_rows_file(authority, org):
    data = empty_data(org, YEAR)
    trip = a2_4_row(actual_return="2026-02-02", host="KAIST")
    rows_file = stored_lists(data, {"4": [trip]})
    submission = SubmissionFactory(organization=org, data=data, rows_file=rows_file)

    response = authority.get(f"/authority/reports/{submission.pk}/", HTTP_ACCEPT_LANGUAGE="ru")

    item = response.context["items"][3]
    assert (item["total"], item["rows"][0][1], item["rows"][0][7]) == (
        1,
        "Омаров Ерлан",
        "Южная Корея, Сеул, KAIST",
    )


def test_return_needs_a_comment_and_keeps_the_input(authority, org):
    submission = SubmissionFactory(organization=org)

    response = authority.post(
        f"/authority/reports/{submission.pk}/",
        {"decision": "return", "comment": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    submission.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "comment": ["Say in the comment what the organization should change."]
    }
    assert submission.status == SubmissionStatus.SUBMITTED


def test_accept_and_return(authority, org, other_org):
    first = SubmissionFactory(organization=org)
    second = SubmissionFactory(organization=other_org)

    authority.post(f"/authority/reports/{first.pk}/", {"decision": "accept"})
    response = authority.post(
        f"/authority/reports/{second.pk}/", {"decision": "return", "comment": "Нет плана"}
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert response["Location"] == f"/authority/reports/?year={YEAR}"
    assert (first.status, second.status, second.comment) == ("accepted", "returned", "Нет плана")


def test_a_frozen_file_is_served_and_audited(authority, org):
    file = SubmissionFileFactory(organization=org)

    response = authority.get(f"/authority/reports/{file.submission_id}/files/{file.pk}/")

    assert b"".join(response.streaming_content) == b"%PDF-1.4 frozen"
    entry = AuditEntry.objects.get(action="authority.report_file.downloaded")
    assert entry.organization == org


def test_figures_come_from_snapshots_only(authority, org, other_org):
    SubmissionFactory(organization=org, figures=FIGURES)
    SubmissionFactory(organization=other_org, status=SubmissionStatus.RETURNED, figures=FIGURES)

    response = authority.get(f"/authority/figures/?year={YEAR}")

    assert response.context["figures"].totals["foreigners"] == 12
    assert response.context["figures"].by["citizenship"][0][0::2] == ("CN", 8)
    assert (
        'src="/authority/figures/chart/?year=2025&amp;dimension=citizenship"'
        in response.content.decode()
    )


def test_figure_chart_is_svg(authority, org):
    SubmissionFactory(organization=org, figures=FIGURES)

    response = authority.get(f"/authority/figures/chart/?year={YEAR}&dimension=purpose")

    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_ratings_show_the_formula(authority, org):
    SubmissionFactory(organization=org, figures=FIGURES)

    response = authority.get(f"/authority/ratings/?year={YEAR}", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert "score = 100 × Σ wᵢ × xᵢ / max(xᵢ)" in page
    assert [(r.place, r.score) for r in response.context["ratings"]] == [(1, 100.0)]


def test_export_has_reports_figures_and_ratings(authority, org):
    SubmissionFactory(
        organization=org, figures=FIGURES, submitted_at=dt.datetime(2026, 5, 5, tzinfo=dt.UTC)
    )

    response = authority.get(f"/authority/reports/export/?year={YEAR}", HTTP_ACCEPT_LANGUAGE="en")

    import io

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert workbook.sheetnames == ["Reports", "Figures", "Ratings"]
    reports = list(workbook["Reports"].iter_rows(values_only=True))
    assert reports[1][0] == "КазНУ"
    figures = list(workbook["Figures"].iter_rows(values_only=True))
    assert ("Foreigners (A2.3)", 12) in figures
    assert AuditEntry.objects.filter(action="authority.report_figures.exported").count() == 1


@pytest.mark.parametrize("path", ["figures/", "ratings/"])
def test_figures_and_ratings_use_a_fixed_number_of_queries(authority, org, path):
    SubmissionFactory(organization=org, figures=FIGURES)
    authority.get(f"/authority/{path}?year={YEAR}")
    with CaptureQueriesContext(connection) as one:
        authority.get(f"/authority/{path}?year={YEAR}")
    for n in range(3):
        SubmissionFactory(organization=OrganizationFactory(slug=f"more-{n}"), figures=FIGURES)

    with CaptureQueriesContext(connection) as four:
        authority.get(f"/authority/{path}?year={YEAR}")

    assert len(four) == len(one)
