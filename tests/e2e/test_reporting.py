"""Issue 7's browser path: the demo university generates its annual report for the demo year,
sees the check list, fixes one gap, submits on time; an authority user sees it submitted on
time and returns it with a comment; the university submits version 2; the authority accepts;
the national figures include its numbers. The DOCX read back has the organization's name, the
year and the nine items; the PDF's text has the Kazakh letters."""

import datetime as dt
import io

import pytest
from django.test import override_settings
from docx import Document
from pypdf import PdfReader

from tests.e2e.conftest import csp_violations, page_errors
from tests.factories.incoming import StayFactory
from tests.factories.people import ForeignerFactory
from yntymaq.demo import seed as demo_seed
from yntymaq.reporting.models import AnnualReport, Submission

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNIVERSITY = "/o/demo-university"


@pytest.fixture
def demo(monkeypatch):
    """The registries' demo data (everything but the reports, which the test makes)."""
    apps = [app for app in demo_seed.APPS_WITH_DEMO_DATA if app != "reporting"]
    monkeypatch.setattr(demo_seed, "APPS_WITH_DEMO_DATA", apps)
    return demo_seed.seed_all()


def test_annual_report_from_the_check_list_to_acceptance(page, login, console, demo):
    university = demo.university
    head = demo.users["head@demo-university.kz"]
    analyst = demo.users["analyst@edu.gov.kz"]
    student = ForeignerFactory(
        organization=university, last_name="Ли", first_name="Мин", patronymic="",
        last_name_latin="LI", first_name_latin="MIN", citizenship="CN",
    )  # fmt: skip
    stay = StayFactory(
        organization=university,
        person=student,
        course=None,
        arrival_date=dt.date(2025, 8, 25),
        status_since=dt.date(2025, 9, 1),
    )

    def submit(form):
        with page.expect_navigation():
            form.locator("button[type=submit]").click()

    # The deadline of the demo year (15 July 2026) is a setting; the test runs before it.
    with override_settings(YNTYMAQ_ANNUAL_REPORT_DEADLINE=(12, 31)):
        # The head starts the report of the demo year and sees the check list.
        login(head, password=demo_seed.PASSWORD)
        page.goto(f"{UNIVERSITY}/")
        page.locator(".r4-widget .r4-numbers [data-clause='R4.1']").wait_for()
        page.goto(f"{UNIVERSITY}/reporting/")
        form = page.locator("form[action$='/reporting/new/']")
        form.locator("select[name=academic_year]").select_option("2025")
        submit(form)
        report = AnnualReport.objects.get(organization=university, academic_year=2025)
        assert page.url.endswith(f"{UNIVERSITY}/reporting/{report.pk}/")
        assert page.locator(".report-item").count() == 9
        gap = page.locator(".gap-blocking[data-code=foreigner_specialty_course]")
        assert "Ли Мин" in gap.inner_text()

        # It fixes the gap in the foreigners' registry: the student's course.
        page.goto(f"{UNIVERSITY}/incoming/stays/{stay.pk}/edit/")
        form = page.locator("main form[method=post]")
        form.locator("[name=course]").fill("2")
        submit(form)
        page.goto(f"{UNIVERSITY}/reporting/{report.pk}/")
        assert page.locator(".gap-blocking").count() == 0

        # Generates the files (a background task; the test backend runs it at once).
        with page.expect_navigation():
            page.locator("form[action$='/generate/'] button").click()
        assert page.locator(".report-files li").count() == 7
        with page.expect_download() as docx_download:
            page.locator(".report-files a[data-kind=docx][data-language=ru]").click()
        document = Document(str(docx_download.value.path()))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Демонстрационный университет «Ынтымақ»" in text
        assert "2025/2026" in text
        headings = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold]
        assert [h.split(".", 1)[0] for h in headings if h[:1].isdigit()] == [
            str(n) for n in range(1, 10)
        ]
        with page.expect_download() as pdf_download:
            page.locator(".report-files a[data-kind=pdf][data-language=kk]").click()
        with open(pdf_download.value.path(), "rb") as handle:
            pdf = PdfReader(io.BytesIO(handle.read()))
        pdf_text = "".join(p.extract_text() for p in pdf.pages)
        assert all(letter in pdf_text for letter in "әғқңөұүі")

        # Submits on time.
        page.locator("a[href$='/submit/']").click()
        form = page.locator("main form[method=post]")
        form.locator("input[name=confirm]").check()
        submit(form)
        assert page.locator(".report-versions [data-version='1']").count() == 1
        first = Submission.objects.get(report=report, version=1)
        assert first.on_time

        # The authority sees it submitted on time and returns it with a comment.
        page.context.clear_cookies()
        login(analyst, password=demo_seed.PASSWORD)
        page.goto("/authority/reports/?year=2025")
        row = page.locator("tr[data-organization=demo-university]")
        assert row.get_attribute("data-state") == "on_time"
        with page.expect_navigation():
            row.locator("a").click()
        assert page.locator(".report-item").count() == 9
        form = page.locator(".report-decision form")
        form.locator("textarea[name=comment]").fill("Уточните пункт 9.")
        with page.expect_navigation():
            form.locator("button[value=return]").click()
        first.refresh_from_db()
        assert (first.status, first.comment) == ("returned", "Уточните пункт 9.")

        # The university sees the comment and submits version 2.
        page.context.clear_cookies()
        login(head, password=demo_seed.PASSWORD)
        page.goto(f"{UNIVERSITY}/reporting/{report.pk}/")
        assert "Уточните пункт 9." in page.locator(".authority-comment").first.inner_text()
        page.locator("a[href$='/submit/']").click()
        form = page.locator("main form[method=post]")
        form.locator("input[name=confirm]").check()
        submit(form)
        assert page.locator(".report-versions [data-version='2']").count() == 1

        # The authority accepts; the national figures include the university's numbers.
        page.context.clear_cookies()
        login(analyst, password=demo_seed.PASSWORD)
        second = Submission.objects.get(report=report, version=2)
        page.goto(f"/authority/reports/{second.pk}/")
        with page.expect_navigation():
            page.locator(".report-decision button[value=accept]").click()
        row = page.locator("tr[data-organization=demo-university]")
        assert row.get_attribute("data-state") == "accepted"
        page.goto("/authority/figures/?year=2025")
        foreigners = second.figures["foreigners"]
        assert foreigners >= 1
        totals = page.locator(".national-totals").inner_text()
        assert str(foreigners) in totals
        assert (
            page.locator(".national-dimension[data-dimension=citizenship] tr[data-code=CN]").count()
            == 1
        )

    assert csp_violations(console) == []
    assert page_errors(console) == []
