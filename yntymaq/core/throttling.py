"""Failed-login throttling: growing delays per account and per address (django-axes, configured).

django-axes records every failed login (AccessAttempt and its AccessFailureLog) and refuses a
login attempt while it is throttled, without checking the password. This module is the policy
it is configured with (config/settings/base.py, the AXES_* settings):

- per account, across addresses: after YNTYMAQ_LOGIN_FREE_FAILURES_PER_ACCOUNT failures since
  the account's last successful login (within YNTYMAQ_LOGIN_MEMORY_HOURS), the next attempt
  must wait YNTYMAQ_LOGIN_FIRST_DELAY_SECONDS after the last failure, and each further failure
  doubles the wait, up to YNTYMAQ_LOGIN_MAX_DELAY_SECONDS;
- per address, across accounts: the same after YNTYMAQ_LOGIN_FREE_FAILURES_PER_ADDRESS
  failures from the address (a successful login does not reset it, so an attacker cannot
  reset it with an account of their own);
- attempts refused while waiting are not counted, so a locked-out owner retrying does not
  lengthen the wait, and nobody can trigger a lock longer than the maximal delay;
- the address is the client's, read behind YNTYMAQ_TRUSTED_PROXIES reverse proxies
  (core.middleware.client_ip, the audit log's rule too); the account is the e-mail in lower
  case, so changing its case does not start a new count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from . import audit
from .middleware import client_ip

# The failure limit while a login is not throttled: never reached (django-axes counts failures
# against it; throttling is decided by the delays below).
NOT_THROTTLED = 2**31 - 1


@dataclass(frozen=True)
class Throttle:
    """Whether a login may be tried now, and if not, from when."""

    retry_at: datetime | None  # None: it may be tried now

    def wait_seconds(self, now: datetime | None = None) -> int:
        if self.retry_at is None:
            return 0
        return max(0, math.ceil((self.retry_at - (now or timezone.now())).total_seconds()))


def delay_after(failures: int, free: int) -> timedelta | None:
    """The wait after `failures` failures when `free` of them cost nothing (None: no wait)."""
    if failures < free:
        return None
    first = settings.YNTYMAQ_LOGIN_FIRST_DELAY_SECONDS
    longest = settings.YNTYMAQ_LOGIN_MAX_DELAY_SECONDS
    doublings = min(failures - free, 32)  # 2**32 seconds is past any sensible maximum
    return timedelta(seconds=min(first * 2**doublings, longest))


def username(request, credentials: dict | None = None) -> str | None:
    """The account an attempt is for: the e-mail as typed, trimmed and in lower case."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get(field)
    return str(value).strip().lower() if value else None


def _address(request) -> str | None:
    return getattr(request, "axes_ip_address", None) or client_ip(request)


def login_throttle(request, credentials: dict | None = None) -> Throttle:
    """Whether the attempt of this request (its account and address) must wait."""
    now = timezone.now()
    recent = AccessFailureLog.objects.filter(
        attempt_time__gte=now - timedelta(hours=settings.YNTYMAQ_LOGIN_MEMORY_HOURS)
    )
    waits = []
    account = username(request, credentials)
    if account:
        failures = recent.filter(username=account)
        last_login = AccessLog.objects.filter(username=account).aggregate(at=Max("attempt_time"))[
            "at"
        ]
        if last_login is not None:
            failures = failures.filter(attempt_time__gt=last_login)
        waits.append((failures, settings.YNTYMAQ_LOGIN_FREE_FAILURES_PER_ACCOUNT))
    address = _address(request)
    if address:
        waits.append(
            (recent.filter(ip_address=address), settings.YNTYMAQ_LOGIN_FREE_FAILURES_PER_ADDRESS)
        )
    retry_at = None
    for failures, free in waits:
        counted = failures.aggregate(n=Count("id"), last=Max("attempt_time"))
        delay = delay_after(counted["n"], free)
        if delay is not None and counted["last"] + delay > now:
            retry_at = max(retry_at or now, counted["last"] + delay)
    return Throttle(retry_at)


def failure_limit(request, credentials: dict | None = None) -> int:
    """AXES_FAILURE_LIMIT: one failure locks while the attempt must wait, none otherwise."""
    return 1 if login_throttle(request, credentials).retry_at else NOT_THROTTLED


def wait_text(seconds: int) -> str:
    """“45 seconds”, “3 minutes” (rounded up) in the user's language, in the form that follows
    “in” (Russian “через 3 минуты”, Kazakh “3 минуттан кейін”)."""
    if seconds < 60:
        return npgettext("wait", "%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return npgettext("wait", "%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def try_again_message(throttle: Throttle) -> str:
    seconds = throttle.wait_seconds()
    retry_at = timezone.localtime(throttle.retry_at)
    return _("Too many failed attempts. Try again in %(wait)s, at %(time)s.") % {
        "wait": wait_text(seconds),
        "time": retry_at.strftime("%H:%M:%S"),
    }


def lockout_response(request, original_response=None, credentials: dict | None = None):
    """AXES_LOCKOUT_CALLABLE: 429 with the time to wait, in the page and in Retry-After."""
    throttle = login_throttle(request, credentials)
    seconds = max(1, throttle.wait_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"message": try_again_message(throttle) if throttle.retry_at else "", "wait": seconds},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def login_records_retention() -> timedelta:
    """How long the records of logins and failed logins are kept: YNTYMAQ_LOGIN_LOG_DAYS, and
    never less than the throttling's memory, which counts them."""
    return max(
        timedelta(days=settings.YNTYMAQ_LOGIN_LOG_DAYS),
        timedelta(hours=settings.YNTYMAQ_LOGIN_MEMORY_HOURS),
    )


@transaction.atomic
def login_records_purge(*, now: datetime) -> dict[str, int]:
    """django-axes' records older than the retention (the daily job "login-records"): logins
    and logouts (AccessLog), failed logins (AccessFailureLog) and the failure counters
    (AccessAttempt). What was deleted is in the audit log (counts only)."""
    before = now - login_records_retention()
    deleted = {
        "logins": AccessLog.objects.filter(attempt_time__lt=before).delete()[0],
        "failures": AccessFailureLog.objects.filter(attempt_time__lt=before).delete()[0],
        "attempts": AccessAttempt.objects.filter(attempt_time__lt=before).delete()[0],
    }
    if any(deleted.values()):
        audit.record(
            action="core.login_records.purged",
            actor=None,
            target_repr="django-axes",
            data={**deleted, "before": before},
        )
    return deleted
