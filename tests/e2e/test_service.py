"""Issue 2's browser path: log in, switch to Kazakh, open the Service page, appoint a head
without a foreign language, and see the R7 warning in Kazakh."""

import pytest

from tests.e2e.conftest import csp_violations, page_errors
from tests.factories.people import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

R7_FOREIGN_LANGUAGE_KK = (
    "R7: тағайындалатын тұлға шет тілін меңгеруі тиіс (қай тіл екенін және деңгейін көрсетіңіз)."
)


def test_r7_warning_in_kazakh_for_appointment_without_foreign_language(
    page, login, org, service_head, console
):
    PersonFactory(organization=org, last_name="Сейітова", first_name="Әйгерім")
    login(service_head)

    with page.expect_navigation():
        page.select_option("#language-switch", "kk")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.goto("/o/kaznu/service/")
    with page.expect_navigation():
        page.locator("a[href='/o/kaznu/service/appointments/new/']").first.click()
    form = page.locator("form[method=post]").last
    form.locator("select[name=person]").select_option(label="Сейітова Әйгерім")
    form.locator("input[name=order_number]").fill("45-К")
    form.locator("input[name=order_date]").fill("2026-09-01")
    form.locator("input[name=teaching_years]").fill("8")
    form.locator("input[name=cooperation_years]").fill("3")
    form.locator("input[name=works_with_foreigners]").check()
    form.locator("select[name=state_language_level]").select_option("native")
    form.locator("input[name=clearance]").check()
    form.locator("select[name=clearance_form]").select_option("3")
    form.locator("input[name=clearance_expires_on]").fill("2030-12-31")
    form.locator("input[name=reports_to_first_head]").check()
    form.locator("input[name=admissions_committee_member]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    warnings = page.locator(".r7-warning").all_inner_texts()
    assert warnings == [R7_FOREIGN_LANGUAGE_KK]
    assert csp_violations(console) == []
    assert page_errors(console) == []
