"""Benchmarks of issue 11: the national list of 1,000 organizations imported by the authority
(every row checked, then all registered with their heads' invitations queued for the task
worker), and the registry page once they are there.

    BENCH onboarding.import.rows <n> count
    BENCH onboarding.import.check.seconds <s> s     (every row checked, rolled back)
    BENCH onboarding.import.commit.seconds <s> s    (all registered, invitations queued)
    BENCH onboarding.registry.median <ms> ms        (first page of the registry, 1,000+ rows)
    BENCH onboarding.registry.p95 <ms> ms
    BENCH onboarding.registry.queries <n> count
"""

from __future__ import annotations

import random
import statistics
import time

ROWS = 1000


def national_list(count: int, seed: int = 11) -> list[tuple[int, dict]]:
    """`count` rows as core.xlsx.read_rows gives them: valid, distinct BINs and e-mails."""
    from yntymaq.core.enums import OrganizationKind, Region
    from yntymaq.core.validators import kz_check_digit

    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    kinds, regions = list(OrganizationKind.values), list(Region.values)
    rows, bins = [], set()
    while len(rows) < count:
        head = f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}4{rng.randint(0, 999999):06d}"
        control = kz_check_digit(head)
        if control is None or head + str(control) in bins:
            continue
        bin_ = head + str(control)
        bins.add(bin_)
        n = len(rows) + 1
        rows.append(
            (
                n + 1,
                {
                    "bin": bin_,
                    "name_kk": f"№ {n} колледжі",
                    "name_ru": f"Колледж № {n} национального списка",
                    "name_en": "",
                    "kind": rng.choice(kinds),
                    "region": rng.choice(regions),
                    "head_email": f"head{n}@college{n}.edu.kz",
                },
            )
        )
    return rows


def measure_files(dataset, log, repeat: int = 30) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from yntymaq.authority.imports import import_organizations
    from yntymaq.core.imports import run_import

    rows = national_list(ROWS)
    print(f"BENCH onboarding.import.rows {len(rows)} count")
    for commit in (False, True):
        start = time.perf_counter()
        with scopes_disabled():
            result = run_import(
                import_organizations,
                rows,
                organization=None,
                actor=dataset.authority,
                commit=commit,
            )
        seconds = time.perf_counter() - start
        if not result.ok:
            log(f"onboarding import: {len(result.errors)} errors, e.g. {result.errors[:3]}")
            return
        name = "commit" if commit else "check"
        print(f"BENCH onboarding.import.{name}.seconds {seconds:.2f} s", flush=True)

    client = Client()
    client.force_login(dataset.authority)
    url = reverse("authority:organization-registry")
    for _ in range(3):
        client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
    print(f"BENCH onboarding.registry.median {statistics.median(samples):.1f} ms")
    print(f"BENCH onboarding.registry.p95 {p95:.1f} ms")
    print(f"BENCH onboarding.registry.queries {len(queries)} count", flush=True)
