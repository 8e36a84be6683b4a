"""Issue 4's browser path: a unit coordinator drafts and submits a plan; the service head
returns it with a comment; the coordinator fixes and resubmits; the head approves; a trip is
created from a row, marked abroad, and appears in who-is-abroad-now and in the R4.3 count;
it returns; the financial report falls overdue and shows on the list; both reports are
submitted and accepted."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.conftest import csp_violations, page_errors
from tests.factories.outbound import DocumentRequirementFactory
from tests.factories.people import PersonFactory
from tests.factories.service import UnitFactory
from yntymaq.core.models import Membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BASE = "/o/kaznu/outbound"


def _submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def _switch_user(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_plan_to_trip_abroad_to_accepted_reports(
    page, login, org, coordinator, service_head, console
):
    today = timezone.localdate()
    # 35 days: long enough to count for R4.3 (outbound.queries.r4_3_counted_trips).
    departed, returned = today - dt.timedelta(days=45), today - dt.timedelta(days=10)
    membership = Membership.objects.get(user=coordinator, organization=org)
    unit = UnitFactory(organization=org, name_ru="Факультет физики", coordinators=[membership])
    traveller = PersonFactory(organization=org, last_name="Жұмабаев", first_name="Арман")
    DocumentRequirementFactory(organization=org, code="passport", name="", position=1)

    # The coordinator drafts the plan with one trip and submits it.
    login(coordinator)
    page.goto(f"{BASE}/plans/new/")
    form = page.locator("form[method=post]").last
    form.locator("select[name=unit]").select_option(str(unit.pk))
    form.locator("input[name=year]").fill(str(today.year))
    _submit(page, form)
    with page.expect_navigation():
        page.locator("a[href$='/rows/new/']").first.click()
    form = page.locator("form[method=post]").last
    form.locator("input[name=person_iin]").fill(traveller.iin)
    form.locator("input[name=person_last_name]").fill("Жұмабаев")
    form.locator("select[name=country]").select_option("DE")
    form.locator("input[name=city]").fill("Мюнхен")
    form.locator("input[name=host_organization]").fill("Technische Universität München")
    form.locator("select[name=purpose]").select_option("research")
    form.locator("select[name=kind]").select_option("internship")
    form.locator("input[name=planned_departure]").fill(departed.isoformat())
    form.locator("input[name=planned_return]").fill(returned.isoformat())
    form.locator("select[name=funding]").select_option("organization")
    _submit(page, form)
    plan_url = page.url.split("#")[0]
    _submit(page, page.locator("form[action$='/submit/']"))
    assert page.locator(".plan-status").first.inner_text() == "подан на утверждение"

    # The head returns it with a comment.
    _switch_user(page, login, service_head)
    page.goto(plan_url)
    with page.expect_navigation():
        page.locator("a[href$='/return/']").click()
    form = page.locator("form[method=post]").last
    form.locator("textarea[name=comment]").fill("Уточните город: стажировка проходит в Берлине")
    _submit(page, form)

    # The coordinator sees the comment, fixes the row and resubmits.
    _switch_user(page, login, coordinator)
    page.goto(plan_url)
    assert "стажировка проходит в Берлине" in page.locator(".plan-comment").inner_text()
    with page.expect_navigation():
        page.locator("a[href*='/rows/'][href$='/edit/']").first.click()
    form = page.locator("form[method=post]").last
    form.locator("input[name=city]").fill("Берлин")
    _submit(page, form)
    _submit(page, page.locator("form[action$='/submit/']"))

    # The head approves; the trip is created from the row and goes abroad.
    _switch_user(page, login, service_head)
    page.goto(plan_url)
    _submit(page, page.locator("form[action$='/approve/']"))
    assert page.locator(".plan-status").first.inner_text() == "утверждён"
    with page.expect_navigation():
        page.locator("a[href$='/trip/']").first.click()
    _submit(page, page.locator("form[method=post]").last)
    trip_url = page.url.split("#")[0]
    _submit(page, page.locator("form:has(button[value=approved])"))
    with page.expect_navigation():
        page.locator("a[href*='/documents/'][href$='/edit/']").first.click()
    form = page.locator("form[method=post]").last
    form.locator("select[name=status]").select_option("received")
    form.locator("input[name=valid_until]").fill((today + dt.timedelta(days=2000)).isoformat())
    _submit(page, form)
    _submit(page, page.locator("form:has(button[value=documents_ready])"))
    form = page.locator("form:has(button[value=abroad])")
    form.locator("input[name=on_date]").fill(departed.isoformat())
    _submit(page, form)
    assert page.locator(".trip-status").first.get_attribute("data-status") == "abroad"

    page.goto(f"{BASE}/abroad/")
    assert "Жұмабаев Арман" in page.locator(".abroad-table").inner_text()
    assert "Берлин" in page.locator(".abroad-table").inner_text()
    page.goto("/o/kaznu/")
    assert page.locator(".outbound-widget .r43-count").inner_text() == "1"

    # The return is recorded; the financial report is overdue at once.
    page.goto(trip_url)
    form = page.locator("form:has(button[value=returned])")
    form.locator("input[name=on_date]").fill(returned.isoformat())
    _submit(page, form)
    page.goto(f"{BASE}/reports/?overdue=on")
    overdue = page.locator(".report-table tbody tr")
    assert overdue.count() == 1  # the full report is due 10 working days after the return
    assert "Жұмабаев Арман" in overdue.inner_text()
    assert "Финансовый отчёт" in overdue.inner_text()
    assert overdue.locator(".text-bg-danger").inner_text() == "просрочен"

    # Both reports are submitted and accepted; the trip is closed.
    page.goto(f"{BASE}/reports/")
    report_links = [
        a.get_attribute("href") for a in page.locator(".report-table a[href*='/reports/']").all()
    ]
    assert len(report_links) == 2
    for href in report_links:
        page.goto(href)
        form = page.locator("form.report-form")
        if form.locator("input[name=amount_spent]").count():
            form.locator("input[name=amount_spent]").fill("812000")
        else:
            form.locator("textarea[name=results]").fill("Проведены измерения на синхротроне")
            form.locator("textarea[name=teaching_use]").fill("Новая лабораторная работа")
        _submit(page, form)
        _submit(page, page.locator("form[action$='/accept/']"))
        assert page.locator(".report-status").inner_text() == "принят"
    page.goto(trip_url)
    assert page.locator(".trip-status").first.get_attribute("data-status") == "report_accepted"
    assert csp_violations(console) == []
    assert page_errors(console) == []
