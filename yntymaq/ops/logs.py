"""Logs as JSON lines carrying the request id, and errors to Sentry.

Imported by the settings and by gunicorn's configuration before Django is set up: nothing here
may import models.
"""

from __future__ import annotations

import contextvars
import logging

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# The id of the request being served (RequestIdMiddleware), "" outside a request.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # Django logs a response's error after the middleware finished: ask the request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or request_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    """`{"time", "level", "logger", "message", "request_id", …extra fields, "exc_info"}`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict) -> None:
        super().add_fields(log_record, record, message_dict)
        # Django's request logger passes the request object itself: its path says enough.
        request = log_record.pop("request", None)
        if request is not None and not isinstance(request, str | int | float | bool):
            log_record.setdefault("path", getattr(request, "path", ""))
        log_record.setdefault("request_id", getattr(record, "request_id", ""))


def _before_send(event, hint):
    """No personal data leaves: the request's body, cookies and user are dropped."""
    request = event.get("request") or {}
    for key in ("data", "cookies", "env"):
        request.pop(key, None)
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in ("cookie", "authorization", "x-csrftoken"):
            headers.pop(name)
    event.pop("user", None)
    return event


def sentry_init(dsn: str, *, environment: str, traces_sample_rate: float = 0.0, **extra) -> None:
    """Send errors (and error log records) to Sentry, tagged with the request id."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        max_request_body_size="never",  # no form data; before_send drops cookies and users
        traces_sample_rate=traces_sample_rate,
        before_send=_before_send,
        **extra,
    )
