"""The request id of every request and the client's address behind trusted proxies."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings

from .logs import request_id

logger = logging.getLogger("yntymaq.request")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID (when it looks like one) or makes one, puts it on every
    log line of the request and on the response, and tags errors sent to Sentry with it. With
    `YNTYMAQ_ACCESS_LOG` on (production), logs one line per request: method, path without the
    query, status, duration and the user's id."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.access_log = getattr(settings, "YNTYMAQ_ACCESS_LOG", False)
        self.sentry = bool(getattr(settings, "SENTRY_DSN", ""))

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        if self.sentry:
            import sentry_sdk

            sentry_sdk.get_isolation_scope().set_tag("request_id", rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = rid
            if self.access_log:
                user = getattr(request, "user", None)
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": user.pk if user is not None and user.is_authenticated else None,
                        "request_id": rid,
                    },
                )
            return response
        finally:
            request_id.reset(token)
