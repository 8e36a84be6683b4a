"""The users of `make bench-load` (benchmarks.load writes their plan to BENCH_LOAD_PLAN).

Each simulated user takes the next role of a weighted cycle (service head, staff, unit
coordinator, leadership, the authority), logs in through the login form like a browser, then
asks for one of its role's pages, API lists or (the head, now and then) the annual report's
PDF, 1 to 3 seconds apart. A page that answers with the login form (the session was lost)
counts as an error.

The measurement starts BENCH_LOAD_WARMUP seconds after the last user has logged in and lasts
BENCH_LOAD_SECONDS; then the run stops and BENCH_LOAD_RESULT gets every measured request
(name, milliseconds, error), so the figures never mix in the logins (a password check is slow
on purpose) or the servers' first requests.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"]).read())  # noqa: SIM115
USERS = int(os.environ["BENCH_LOAD_USERS"])
SECONDS = float(os.environ["BENCH_LOAD_SECONDS"])
WARMUP = float(os.environ.get("BENCH_LOAD_WARMUP", "0"))
# Roles in turn, each as often as its weight: head, staff, coordinator, …, head, staff, …
ROLES = itertools.cycle(
    [
        role
        for turn in range(max(spec["weight"] for spec in PLAN["roles"].values()))
        for role, spec in PLAN["roles"].items()
        if turn < spec["weight"]
    ]
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_FORM = 'name="csrfmiddlewaretoken"'
state = {"logged_in": 0, "started": None, "samples": []}


@events.request.add_listener
def _measured(request_type, name, response_time, response_length, exception, **kwargs):
    if state["started"] is not None and name != "login":
        state["samples"].append([name, response_time, str(exception) if exception else ""])


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(os.environ["BENCH_LOAD_RESULT"], "w") as handle:
        json.dump(
            {
                "seconds": (time.monotonic() - state["started"]) if state["started"] else 0,
                "logged_in": state["logged_in"],
                "samples": state["samples"],
            },
            handle,
        )


def _measure(environment):
    """Warm-up (every server process compiles its templates and fills its caches on its
    first requests, as after a restart), then the measured window, then stop."""
    gevent.sleep(WARMUP)
    state["started"] = time.monotonic()
    gevent.sleep(SECONDS)
    environment.runner.quit()


class RoleUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.role = next(ROLES)
        spec = PLAN["roles"][self.role]
        self.urls = [u for u in spec["urls"] if u[0] != "reporting.file.download"]
        self.downloads = [u for u in spec["urls"] if u[0] == "reporting.file.download"]
        page = self.client.get("/account/login/", name="login")
        token = TOKEN.search(page.text).group(1)
        with self.client.post(
            "/account/login/",
            data={
                "username": random.choice(spec["emails"]),
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token,
            },
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"login of {self.role} answered {answer.status_code}")
        state["logged_in"] += 1
        if state["logged_in"] == USERS:
            gevent.spawn(_measure, self.environment)

    def _get(self, name, url):
        with self.client.get(url, name=name, catch_response=True) as answer:
            if answer.ok and LOGIN_FORM in answer.text and "/account/login/" in answer.url:
                answer.failure(f"{self.role} was sent to the login form")

    @task(20)
    def page(self):
        self._get(*random.choice(self.urls))

    @task(1)
    def download(self):
        self._get(*random.choice(self.downloads or self.urls))
