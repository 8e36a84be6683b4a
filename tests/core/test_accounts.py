import re
import subprocess
import sys

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from yntymaq.core.authentication import hash_key
from yntymaq.core.models import ApiToken, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def totp_now(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_login_with_email_redirects_member_to_dashboard(org, service_staff, client):
    response = client.post(
        "/account/login/", {"username": "STAFF@kaznu.kz", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/o/kaznu/"


def test_wrong_password_shows_message_and_keeps_email(org, service_staff, client):
    response = client.post("/account/login/", {"username": "staff@kaznu.kz", "password": "x"})

    body = response.content.decode()
    assert "Wrong e-mail or password." in body or "Неверный e-mail или пароль." in body
    assert 'value="staff@kaznu.kz"' in body


def test_fifth_failed_login_makes_the_next_attempt_wait(org, service_staff, client):
    for _ in range(5):
        client.post("/account/login/", {"username": "staff@kaznu.kz", "password": "x"})

    response = client.post("/account/login/", {"username": "staff@kaznu.kz", "password": PASSWORD})

    assert response.status_code == 429
    assert response["Retry-After"] == "30"


def test_authority_user_must_set_up_two_factor(db, client):
    from tests.factories.core import UserFactory

    user = UserFactory(email="minister@edu.gov.kz", is_authority=True)
    client.force_login(user)

    response = client.get("/authority/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/?next=/authority/")


def test_demo_exempt_authority_user_skips_two_factor(authority_user, client_for):
    response = client_for(authority_user).get("/o/kaznu/")

    assert response.status_code in (302, 404)
    assert not response.get("Location", "").startswith("/account/two-factor/")


def test_organization_requiring_two_factor_sends_staff_to_set_up(org, service_staff, client_for):
    org.require_two_factor = True
    org.save()

    response = client_for(service_staff).get("/o/kaznu/")

    assert response["Location"] == "/account/two-factor/?next=/o/kaznu/"


def test_two_factor_setup_with_valid_code_opens_pages(org, service_staff, client_for):
    org.require_two_factor = True
    org.save()
    client = client_for(service_staff)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=service_staff)

    response = client.post("/account/two-factor/?next=/o/kaznu/", {"otp_token": totp_now(device)})

    assert response["Location"] == "/o/kaznu/"
    assert client.get("/o/kaznu/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    assert AuditEntry.objects.filter(action="core.two_factor.enabled").count() == 1


def test_two_factor_wrong_code_is_refused_beside_the_field(org, service_staff, client_for):
    client = client_for(service_staff)
    client.get("/account/two-factor/")

    response = client.post("/account/two-factor/", {"otp_token": "000000"})

    assert response.status_code == 200
    assert 'id="id_otp_token_error"' in response.content.decode()


def test_password_reset_sends_link_that_sets_new_password(org, service_staff, client):
    client.post("/account/reset/", {"email": "staff@kaznu.kz"})

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Another-long-pass-42", "new_password2": "Another-long-pass-42"},
    )
    assert response["Location"] == "/account/reset/complete/"
    service_staff.refresh_from_db()
    assert service_staff.check_password("Another-long-pass-42")


def test_password_reset_for_unknown_email_sends_nothing(db, client):
    response = client.post("/account/reset/", {"email": "nobody@example.kz"})

    assert response["Location"] == "/account/reset/sent/"
    assert mail.outbox == []


def test_api_token_issue_and_revoke(org, service_staff, client_for):
    client = client_for(service_staff)

    client.post("/account/api-token/", {"action": "issue"})
    first = client.get("/account/")
    key = first.context["new_token"]
    assert ApiToken.objects.get(user=service_staff).key_hash == hash_key(key)
    assert key in first.content.decode()
    assert key not in client.get("/account/").content.decode()
    client.post("/account/api-token/", {"action": "revoke"})
    assert ApiToken.objects.filter(user=service_staff).count() == 0


def test_language_preference_is_saved_and_applied(org, service_staff, client_for):
    client = client_for(service_staff)

    response = client.post("/account/language/", {"language": "kk"})

    service_staff.refresh_from_db()
    assert service_staff.language == "kk"
    assert response.cookies["django_language"].value == "kk"
    assert '<html lang="kk">' in client.get("/o/kaznu/").content.decode()


def test_pages_carry_strict_content_security_policy(org, service_staff, client_for):
    response = client_for(service_staff).get("/o/kaznu/")

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_styles(org, service_head, client_for):
    body = client_for(service_head).get("/o/kaznu/").content.decode()

    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body) is None
    assert " style=" not in body


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "1", "SECRET_KEY": "x" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"}, "DEBUG"),
        ({"DEBUG": "0", "SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": "short"}, "SECRET_KEY"),
    ],
)
def test_production_settings_refuse_to_start(env, message):
    import os

    environment = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "SettingError" in result.stderr  # config.settings.env: an ImproperlyConfigured
    assert message in result.stderr
