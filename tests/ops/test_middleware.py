"""The request id (logs, response, Sentry) and the client's address behind trusted proxies."""

import json
import logging

import pytest
from django.test import Client

from yntymaq.ops.logs import JsonFormatter, RequestIdFilter
from yntymaq.ops.middleware import TrustedProxyMiddleware

pytestmark = pytest.mark.django_db


def test_a_proxys_request_id_is_passed_through():
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="nginx-4f2a9c1e")

    assert response["X-Request-ID"] == "nginx-4f2a9c1e"


def test_a_request_id_is_made_when_there_is_none_or_it_looks_wrong():
    plain = Client().get("/healthz")
    forged = Client().get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level": "ERROR"}')

    assert len(plain["X-Request-ID"]) == 32
    assert len(forged["X-Request-ID"]) == 32
    assert plain["X-Request-ID"] != forged["X-Request-ID"]


def test_each_request_is_logged_as_one_json_line_with_its_id(settings, caplog):
    settings.YNTYMAQ_ACCESS_LOG = True
    with caplog.at_level(logging.INFO, logger="yntymaq.request"):
        Client().get("/healthz?secret=1", HTTP_X_REQUEST_ID="req-12345678")

    record = next(r for r in caplog.records if r.name == "yntymaq.request")
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert {k: line[k] for k in ("level", "logger", "method", "path", "status", "request_id")} == {
        "level": "INFO",
        "logger": "yntymaq.request",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
        "request_id": "req-12345678",
    }
    assert "secret" not in json.dumps(line)


def _remote_addr(settings, proxies, remote, forwarded=None):
    settings.TRUSTED_PROXIES = proxies
    seen = {}

    def view(request):
        seen["addr"] = request.META["REMOTE_ADDR"]

    middleware = TrustedProxyMiddleware(view)
    from django.test import RequestFactory

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    middleware(RequestFactory().get("/", **extra))
    return seen["addr"]


def test_the_client_address_comes_from_a_trusted_proxys_header(settings):
    assert _remote_addr(settings, ["127.0.0.1"], "127.0.0.1", "203.0.113.7") == "203.0.113.7"
    # A chain: load balancer 10.0.0.5 in front of nginx; a forged first hop is not believed.
    assert (
        _remote_addr(
            settings, ["127.0.0.1", "10.0.0.0/24"], "127.0.0.1", "1.2.3.4, 198.51.100.9, 10.0.0.5"
        )
        == "198.51.100.9"
    )


def test_the_header_of_anyone_else_is_ignored(settings):
    assert _remote_addr(settings, ["127.0.0.1"], "198.51.100.9", "127.0.0.5") == "198.51.100.9"
    assert _remote_addr(settings, [], "127.0.0.1", "203.0.113.7") == "127.0.0.1"
    assert _remote_addr(settings, ["127.0.0.1"], "127.0.0.1", "not-an-address") == "127.0.0.1"
