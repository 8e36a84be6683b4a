"""Log in, switch the interface to Kazakh with the navbar switcher, see the dashboard in it."""

import pytest

from .conftest import csp_violations, page_errors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_language_switch_shows_dashboard_in_kazakh(page, login, console, org, service_head):
    login(service_head)
    page.wait_for_url(f"**/o/{org.slug}/")
    assert page.locator("html").get_attribute("lang") == "ru"

    with page.expect_navigation():
        page.select_option("select#language-switch", "kk")

    assert page.url.endswith(f"/o/{org.slug}/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("select#language-switch").input_value() == "kk"
    # "BIN" in the dashboard heading is translated (yntymaq/core/locale/kk: "БСН").
    assert f"БСН {org.bin}" in page.locator("main").inner_text(), (
        "the Kazakh catalogue is not applied (run `manage.py messages compile`?)"
    )
    assert csp_violations(console) == []
    assert page_errors(console) == []
