"""The users of `make bench-load` (benchmarks.load writes their plan to BENCH_LOAD_PLAN).

Each simulated user takes the next role of a weighted cycle (service head, staff, unit
coordinator, leadership, authority), logs in through the login form like a browser, then asks
for one of its role's pages, API lists or (the head, now and then) the annual report's PDF,
1 to 3 seconds apart.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"]).read())  # noqa: SIM115
ROLES = itertools.cycle(
    [role for role, spec in PLAN["roles"].items() for _ in range(spec["weight"])]
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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

    @task(20)
    def page(self):
        name, url = random.choice(self.urls)
        self.client.get(url, name=name)

    @task(1)
    def download(self):
        if self.downloads:
            name, url = random.choice(self.downloads)
            self.client.get(url, name=name)
        else:
            self.page()
