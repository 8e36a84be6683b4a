"""The request id (logs, response, Sentry) and the client's address behind trusted proxies."""

import json
import logging

import pytest
from django.test import Client

from yntymaq.ops.logs import JsonFormatter, RequestIdFilter

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
