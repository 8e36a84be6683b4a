"""Failed logins slow down per account (across addresses) and per address (across accounts),
with delays that grow with the failures instead of a lock anyone can trigger (issue 14).

Defaults: 5 free failures per account since its last login, 20 per address, within 24 hours;
then 30 s after the last failure, doubling with each further failure, at most 15 minutes.
"""

import datetime as dt

import pytest
from django.test import Client
from django.test.client import RequestFactory
from django.utils import timezone

from yntymaq.core.middleware import client_ip
from yntymaq.core.models import AuditEntry
from yntymaq.core.throttling import delay_after

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
START = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0, 0))


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def login(email, password, address="10.0.0.1", **extra):
    extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    return Client().post(
        "/account/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail(email, times=1, address="10.0.0.1"):
    for _ in range(times):
        response = login(email, "wrong-password", address)
        assert response.status_code == 200, "a failure is answered by the form"


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


def test_delays_double_from_30_seconds_to_at_most_15_minutes(settings):
    waits = [delay_after(n, free=5) for n in range(4, 13)]

    assert [w.total_seconds() if w else None for w in waits] == [
        None,
        30,
        60,
        120,
        240,
        480,
        900,
        900,
        900,
    ]


def test_five_failures_are_free_then_the_next_attempt_waits_30_seconds(org, service_staff, clock):
    fail("staff@kaznu.kz", 5)

    refused = login("staff@kaznu.kz", PASSWORD)
    clock.shift(30)
    accepted = login("staff@kaznu.kz", PASSWORD)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert "Try again in 30 seconds, at 10:00:30." in refused.content.decode()
    assert logged_in(accepted)


def test_the_failure_that_starts_a_wait_says_until_when(org, service_staff, clock):
    fail("staff@kaznu.kz", 4)

    response = login("staff@kaznu.kz", "wrong-password")

    body = response.content.decode()
    assert "Wrong e-mail or password." in body
    assert "Too many failed attempts. Try again in 30 seconds, at 10:00:30." in body


def test_each_further_failure_doubles_the_wait(org, service_staff, clock):
    fail("staff@kaznu.kz", 5)
    waits = []
    for _ in range(6):
        clock.shift(1000)  # past any wait
        fail("staff@kaznu.kz")
        waits.append(int(login("staff@kaznu.kz", PASSWORD)["Retry-After"]))

    assert waits == [60, 120, 240, 480, 900, 900]


def test_attempts_refused_during_a_wait_do_not_lengthen_it(org, service_staff, clock):
    fail("staff@kaznu.kz", 5, address="10.6.6.6")  # somebody else, from elsewhere
    statuses = []
    for _ in range(3):
        statuses.append(login("staff@kaznu.kz", PASSWORD, "10.0.0.2").status_code)
        clock.shift(10)

    assert statuses == [429, 429, 429]
    assert logged_in(login("staff@kaznu.kz", PASSWORD, "10.0.0.2"))


def test_a_lockout_of_one_account_does_not_stop_its_owner_for_long(org, service_staff, clock):
    fail("staff@kaznu.kz", 5, address="10.6.6.6")

    refused = login("staff@kaznu.kz", PASSWORD, "10.0.0.2")
    clock.shift(30)
    owner = login("staff@kaznu.kz", PASSWORD, "10.0.0.2")

    assert (refused.status_code, refused["Retry-After"]) == (429, "30")
    assert logged_in(owner)


def test_one_account_is_slowed_across_addresses(org, service_staff, clock):
    for n in range(5):
        fail("staff@kaznu.kz", address=f"10.1.0.{n}")

    assert login("staff@kaznu.kz", PASSWORD, "10.1.0.99").status_code == 429


def test_changing_the_case_of_the_email_does_not_start_a_new_count(org, service_staff, clock):
    for email in (
        "staff@kaznu.kz",
        "STAFF@kaznu.kz",
        "Staff@Kaznu.kz",
        " staff@KAZNU.kz",
        "sTaff@kaznu.kz",
    ):
        fail(email, address=f"10.2.0.{len(email)}")

    assert login("staff@kaznu.kz", PASSWORD, "10.2.0.99").status_code == 429


def test_many_accounts_from_one_address_are_slowed(org, service_head, clock):
    for n in range(5):
        fail(f"person{n}@kaznu.kz", 4, address="10.9.9.9")  # four on each: 20 from the address

    from_there = login("head@kaznu.kz", PASSWORD, "10.9.9.9")
    from_elsewhere = login("head@kaznu.kz", PASSWORD, "10.0.0.3")

    assert (from_there.status_code, from_there["Retry-After"]) == (429, "30")
    assert logged_in(from_elsewhere)


def test_a_successful_login_clears_the_account_count_but_not_the_address_count(
    org, service_staff, clock
):
    fail("staff@kaznu.kz", 4, address="10.3.0.1")
    assert logged_in(login("staff@kaznu.kz", PASSWORD, "10.3.0.2"))

    fail("staff@kaznu.kz", 4, address="10.3.0.3")

    assert logged_in(login("staff@kaznu.kz", PASSWORD, "10.3.0.4"))


def test_failures_older_than_a_day_are_forgotten(org, service_staff, clock):
    fail("staff@kaznu.kz", 5)
    clock.shift(dt.timedelta(hours=24, seconds=1))

    fail("staff@kaznu.kz", 4)

    assert logged_in(login("staff@kaznu.kz", PASSWORD))


def test_the_wait_is_said_in_kazakh_and_russian(org, service_staff, clock):
    fail("staff@kaznu.kz", 5)

    kk = login("staff@kaznu.kz", PASSWORD, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    ru = login("staff@kaznu.kz", PASSWORD, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "30 секундтан кейін, 10:00:30 кезінде қайталаңыз." in kk
    assert "Повторите через 30 секунд, в 10:00:30." in ru


# --- the client's address behind trusted proxies ---------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "127.0.0.1"),  # no proxy is trusted: the header is anybody's
        (1, "6.6.6.6, 10.0.0.5", "10.0.0.5"),  # nginx appended the address it saw
        (2, "6.6.6.6, 10.0.0.5, 172.16.0.2", "10.0.0.5"),  # load balancer, then nginx
        (2, "10.0.0.5", "127.0.0.1"),  # fewer addresses than proxies: not through them
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_client_ip_reads_the_address_the_outermost_trusted_proxy_saw(
    settings, proxies, forwarded, expected
):
    settings.YNTYMAQ_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_behind_a_proxy_one_client_cannot_slow_another_client(org, service_staff, clock, settings):
    settings.YNTYMAQ_TRUSTED_PROXIES = 1
    proxy = {"address": "127.0.0.1"}
    for n in range(21):  # the attacker, through the proxy, on many accounts
        login(f"person{n}@kaznu.kz", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)

    attacker = login("staff@kaznu.kz", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    owner = login("staff@kaznu.kz", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.8", **proxy)

    assert attacker.status_code == 429
    assert logged_in(owner)
    entry = AuditEntry.objects.filter(action="core.user.logged_in").get()
    assert entry.ip == "10.0.0.8"
