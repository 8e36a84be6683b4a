"""Production settings: a missing or wrong setting stops the start with one line naming it."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="yntymaq.example.kz",
        YNTYMAQ_SITE_URL="https://yntymaq.example.kz",
        REDIS_URL="redis://127.0.0.1:6379/0",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args, env):
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("overrides", "line"),
    [
        (
            {"REDIS_URL": None},
            "yntymaq: REDIS_URL must be set: redis://127.0.0.1:6379/0 (shared cache and sessions)",
        ),
        (
            {"REDIS_URL": "localhost:6379"},
            "yntymaq: REDIS_URL must start with redis://, rediss:// or unix://: 'localhost:6379'",
        ),
        (
            {"DATABASE_URL": "postgres//nowhere"},
            "yntymaq: DATABASE_URL is not a database URL (postgres://user:password@host:5432/name)",
        ),
        (
            {"SECRET_KEY": "short"},
            "yntymaq: SECRET_KEY must be a real secret of at least 50 characters.",
        ),
        (
            {"YNTYMAQ_LOGIN_FREE_FAILURES_PER_ACCOUNT": "five"},
            "yntymaq: YNTYMAQ_LOGIN_FREE_FAILURES_PER_ACCOUNT must be an integer, not 'five'",
        ),
    ],
)
def test_a_missing_or_wrong_setting_stops_with_one_line(tmp_path, overrides, line):
    result = run(["manage.py", "check"], production_env(tmp_path, **overrides))

    assert result.returncode == 1
    assert result.stderr.strip() == line


def test_the_web_server_refuses_to_start_without_collected_static(tmp_path):
    result = run(["-c", "import config.wsgi"], production_env(tmp_path))

    assert result.returncode == 4
    assert result.stderr.strip() == (
        f"yntymaq: Static files are not collected in STATIC_ROOT ({tmp_path / 'static'}): "
        "run `python manage.py collectstatic --noinput`"
    )


def test_the_web_server_starts_once_static_files_are_collected(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text(json.dumps({"paths": {}}))

    result = run(
        ["-c", "import config.wsgi; print(config.wsgi.application.__class__.__name__)"],
        production_env(tmp_path),
    )

    assert (result.returncode, result.stdout.strip()) == (0, "WSGIHandler")


def test_every_variable_the_settings_read_is_documented_in_env_example():
    sources = [*(ROOT / "config" / "settings").glob("*.py"), ROOT / "config" / "gunicorn.py"]
    pattern = re.compile(
        r"""(?:env_\w+|os\.environ\.get|environ\.setdefault)\(\s*["']([A-Z_0-9]+)["']"""
    )
    read = {name for path in sources for name in pattern.findall(path.read_text())}
    documented = set(re.findall(r"^#?\s*([A-Z_0-9]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert read - documented == set()
    assert {"REDIS_URL", "DATABASE_URL", "SECRET_KEY", "SENTRY_DSN", "WEB_CONCURRENCY"} <= read


def test_the_deployment_template_sets_only_documented_variables():
    documented = set(re.findall(r"^#?\s*([A-Z_0-9]+)=", (ROOT / ".env.example").read_text(), re.M))
    template = set(
        re.findall(r"^#?\s*([A-Z_0-9]+)=", (ROOT / "deploy" / "yntymaq.env").read_text(), re.M)
    )

    assert template - documented == set()
    assert {
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "ALLOWED_HOSTS",
        "YNTYMAQ_SITE_URL",
    } <= template


def test_errors_go_to_sentry_when_a_dsn_is_set_without_personal_data(tmp_path):
    code = (
        "import django; django.setup(); import sentry_sdk; "
        "o = sentry_sdk.get_client().options; "
        "print(sentry_sdk.get_client().is_active(), o['max_request_body_size'], o['environment'])"
    )
    env = production_env(tmp_path, SENTRY_DSN="https://public@sentry.example.kz/3")

    result = run(["-c", code], env)

    assert result.stdout.strip() == "True never production"


def test_what_is_sent_to_sentry_has_no_cookies_form_data_or_user():
    from yntymaq.ops.logs import _before_send

    event = {
        "request": {
            "url": "https://yntymaq.example.kz/o/kaznu/people/",
            "data": {"iin": "900101300123"},
            "cookies": {"sessionid": "secret"},
            "headers": {"Cookie": "sessionid=secret", "X-Request-ID": "req-1", "User-Agent": "x"},
        },
        "user": {"email": "head@kaznu.kz"},
        "tags": {"request_id": "req-1"},
    }

    sent = _before_send(event, {})

    assert sent == {
        "request": {
            "url": "https://yntymaq.example.kz/o/kaznu/people/",
            "headers": {"X-Request-ID": "req-1", "User-Agent": "x"},
        },
        "tags": {"request_id": "req-1"},
    }


REDIRECT = (
    "import django; django.setup(); from django.conf import settings; "
    "from django.test import Client; "
    "r = Client().get('/o/kaznu/?tab=1', HTTP_HOST='yntymaq.example.kz:8080'); "
    "print(r.status_code, r['Location'], settings.CSRF_TRUSTED_ORIGINS)"
)


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        (
            "https://yntymaq.example.kz:8443",
            "301 https://yntymaq.example.kz:8443/o/kaznu/?tab=1 "
            "['https://yntymaq.example.kz:8443']",
        ),
        (
            "https://yntymaq.example.kz",
            "301 https://yntymaq.example.kz/o/kaznu/?tab=1 ['https://yntymaq.example.kz']",
        ),
    ],
)
def test_the_redirect_to_https_keeps_the_configured_port(tmp_path, site_url, expected):
    env = production_env(tmp_path, YNTYMAQ_SITE_URL=site_url, ALLOWED_HOSTS="yntymaq.example.kz")

    result = run(["-c", REDIRECT], env)

    assert result.stdout.strip() == expected, result.stderr


def test_the_nginx_site_keeps_a_non_default_https_port():
    site = (ROOT / "deploy" / "nginx" / "yntymaq.conf").read_text()

    assert "return 301 https://$host$yntymaq_https_port$request_uri;" in site
    assert re.search(r'map \$host \$yntymaq_https_port \{\s*default "";\s*\}', site)
    assert "proxy_set_header Host $http_host;" in site
    assert "proxy_set_header Host $host;" not in site
