"""Issue 11's browser path, with no demo data: the authority registers an organization; its
head accepts the e-mailed invitation and sets a password; the head creates two units and
invites a staff member and the coordinator of one unit; each accepts, logs in and sees
exactly what the role allows (the menu, the members page, the coordinator's own unit)."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import TIMEOUT_MS, ConsoleEntry, csp_violations, page_errors
from yntymaq.core.enums import Role
from yntymaq.core.models import Membership, Organization, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORDS = {
    "head@steppe.kz": "Steppe-Head-2026!",
    "staff@steppe.kz": "Steppe-Staff-2026!",
    "coordinator@steppe.kz": "Steppe-Coord-2026!",
}
SLUG = "steppe-university"
BASE = f"/o/{SLUG}"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/invitation/[0-9a-f]{64}/)")

EVERY_ROLE_MENU = ["Главная", "Требует внимания", "Служба", "Люди"]
STAFF_MENU = [
    *EVERY_ROLE_MENU,
    "Иностранцы",
    "Поездки за рубеж",
    "Партнёры",
    "Планы",
    "Годовой отчёт",
]
HEAD_MENU = [*STAFF_MENU, "Участники", "Журнал аудита", "Настройки"]
COORDINATOR_MENU = [*EVERY_ROLE_MENU, "Поездки за рубеж", "Партнёры", "Планы"]


def invitation_path(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return LINK.search(message.body).group(1)


def main_form(page):
    return page.locator("main form[method=post]").last


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def menu(page) -> list[str]:
    return [text.strip() for text in page.locator("#side-nav .nav-link").all_inner_texts()]


def accept(browser, live_server, console, email: str, full_name: str):
    """A fresh browser opens the e-mailed link and sets the name and password."""
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.on("console", lambda m: console.append(ConsoleEntry(m.type, m.text, tab.url)))
    tab.on("pageerror", lambda e: console.append(ConsoleEntry("pageerror", str(e), tab.url)))
    tab.goto(invitation_path(email))
    form = main_form(tab)
    form.locator("input[name=full_name]").fill(full_name)
    form.locator("input[name=password1]").fill(PASSWORDS[email])
    form.locator("input[name=password2]").fill(PASSWORDS[email])
    submit(tab, form)
    return tab


def test_from_registration_to_a_head_a_staff_member_and_a_coordinator(
    page, login, authority_user, browser, live_server, console
):
    # The authority registers the organization; the head's invitation is e-mailed.
    login(authority_user)
    page.goto("/authority/organizations/new/")
    form = main_form(page)
    form.locator("input[name=bin]").fill("010140000014")
    form.locator("input[name=name_kk]").fill("Дала университеті")
    form.locator("input[name=name_ru]").fill("Университет «Дала»")
    form.locator("input[name=name_en]").fill("Steppe University")
    form.locator("select[name=kind]").select_option("university")
    form.locator("select[name=region]").select_option("astana")
    form.locator("input[name=head_email]").fill("head@steppe.kz")
    submit(page, form)
    assert page.locator("tr[data-state=pending] td").first.inner_text() == "head@steppe.kz"

    # The head accepts and lands on the organization's dashboard.
    head = accept(browser, live_server, console, "head@steppe.kz", "Айгерім Сейітова")
    assert head.url.endswith(f"{BASE}/")
    assert menu(head) == HEAD_MENU

    # Two units; a staff member and the coordinator of one unit are invited.
    for name in ("Факультет физики", "Факультет химии"):
        head.goto(f"{BASE}/service/units/new/")
        form = main_form(head)
        form.locator("input[name=name_ru]").fill(name)
        submit(head, form)
    head.goto(f"{BASE}/members/invite/")
    form = main_form(head)
    form.locator("input[name=email]").fill("staff@steppe.kz")
    form.locator("select[name=role]").select_option("service_staff")
    submit(head, form)
    head.goto(f"{BASE}/members/invite/")
    form = main_form(head)
    form.locator("input[name=email]").fill("coordinator@steppe.kz")
    form.locator("select[name=role]").select_option("unit_coordinator")
    form.get_by_label("Факультет физики").check()
    submit(head, form)
    waiting = head.locator("tr[data-invitation]").evaluate_all(
        "rows => rows.map(r => r.dataset.invitation)"
    )
    assert sorted(waiting) == ["coordinator@steppe.kz", "staff@steppe.kz"]

    # The staff member accepts, logs out, and logs in again with the password.
    staff = accept(browser, live_server, console, "staff@steppe.kz", "Мария Иванова")
    staff.context.clear_cookies()
    staff.goto("/account/login/")
    form = staff.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("staff@steppe.kz")
    form.locator("input[name=password]").fill(PASSWORDS["staff@steppe.kz"])
    submit(staff, form)
    assert staff.url.endswith(f"{BASE}/")
    assert menu(staff) == STAFF_MENU
    assert staff.goto(f"{BASE}/members/").status == 403

    # The coordinator sees their unit only.
    coordinator = accept(browser, live_server, console, "coordinator@steppe.kz", "Ерлан Омаров")
    assert menu(coordinator) == COORDINATOR_MENU
    assert coordinator.goto(f"{BASE}/members/").status == 403
    coordinator.goto(f"{BASE}/outbound/plans/new/")
    units = coordinator.locator("select[name=unit] option").all_inner_texts()
    assert [u for u in units if not u.startswith("-")] == ["Факультет физики"]

    # The head's members page shows the three of them with their roles and units.
    head.goto(f"{BASE}/members/")
    members = head.locator("tr[data-member]").evaluate_all(
        "rows => rows.map(r => r.dataset.member)"
    )
    assert members == ["head@steppe.kz", "coordinator@steppe.kz", "staff@steppe.kz"]
    organization = Organization.objects.get(slug=SLUG)
    assert sorted(
        Membership.objects.filter(organization=organization).values_list("user__email", "role")
    ) == [
        ("coordinator@steppe.kz", Role.UNIT_COORDINATOR),
        ("head@steppe.kz", Role.SERVICE_HEAD),
        ("staff@steppe.kz", Role.SERVICE_STAFF),
    ]
    coordinator_user = User.objects.get(email="coordinator@steppe.kz")
    assert [str(u) for u in coordinator_user.memberships.get().coordinated_units.all()] == [
        "Факультет физики"
    ]
    assert csp_violations(console) == []
    assert page_errors(console) == []
