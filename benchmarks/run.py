"""`python -m benchmarks.run --size N`: generate a database, time pages in-process.

Prints one line per figure, `BENCH <name> <value> <unit>`, for every entry of
benchmarks.pages.PAGES whose URL exists: `<name>.median` and `<name>.p95` (milliseconds of
server time over --repeat requests after --warmup ones) and `<name>.queries` (database
queries of one request), `<name>.sql` (the median time of that request's SELECTs re-run
alone on the same connection, rows fetched) and `<name>.ratio` (page median / SQL median:
near 1 the time is in the query plans, far above it in Python and templates). Progress and
problems go to stderr. Exits 1 if a page did not answer 200.

On PostgreSQL (DATABASE_URL set), `--reuse` keeps the generated database as a seed
(`<name>_bench_seed`) and later runs with the same --size/--others/--seed copy it instead of
generating again (new migrations are applied to the copy).
"""

from __future__ import annotations

import argparse
import copy
import gc
import os
import pickle
import statistics
import sys
import time
from urllib.parse import urlencode


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--size", type=int, default=1000, help="persons per organization")
    parser.add_argument("--others", type=int, default=3, help="other organizations of that size")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=661)
    parser.add_argument("--only", default="", help="measure only names starting with this")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: copy the seed of an earlier run with the same size, or make one",
    )
    parser.add_argument(
        "--import-rows",
        type=int,
        default=0,
        help="rows of the foreigners' import (default 5,000; e.g. 50000, the import limit)",
    )
    parser.add_argument(
        "--no-files", action="store_true", help="pages only: no exports, imports, report files"
    )
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def url_for(page, dataset) -> str | None:
    from django.urls import NoReverseMatch, reverse

    from .pages import resolve_values

    kwargs = resolve_values(page.kwargs, dataset)
    for candidate in ({**kwargs, "org_slug": dataset.organization.slug}, kwargs):
        try:
            url = reverse(page.url_name, kwargs=candidate)
        except NoReverseMatch:
            continue
        query = resolve_values(page.query, dataset)
        return f"{url}?{urlencode(query)}" if query else url
    return None


SQL_REPEAT = 5


def sql_alone(connection, queries) -> float:
    """Milliseconds of the captured SELECTs re-run on the same connection (median of a few)."""
    statements = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    if not statements:
        return 0.0
    runs = []
    with connection.cursor() as cursor:
        for _ in range(SQL_REPEAT):
            start = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def measure(dataset, args) -> bool:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from .pages import PAGES

    clients = {"head": Client(), "authority": Client()}
    clients["head"].force_login(dataset.head)
    clients["authority"].force_login(dataset.authority)
    ok = True
    for page in PAGES:
        if not page.name.startswith(args.only):
            continue
        if not all(dataset.has(label) for label in page.needs):
            log(f"{page.name}: skipped, no {', '.join(page.needs)} generated")
            continue
        url = url_for(page, dataset)
        if url is None:
            log(f"{page.name}: skipped, no URL named {page.url_name}")
            continue
        client = clients[page.user]
        for _ in range(args.warmup):
            response = client.get(url)
        if response.status_code != 200:
            log(f"{page.name}: GET {url} answered {response.status_code}, not measured")
            ok = False
            continue
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        median = statistics.median(samples)
        sql = sql_alone(connection, queries.captured_queries)
        print(f"BENCH {page.name}.median {median:.1f} ms")
        print(f"BENCH {page.name}.p95 {p95(samples):.1f} ms")
        print(f"BENCH {page.name}.queries {len(queries)} count")
        print(f"BENCH {page.name}.sql {sql:.1f} ms")
        print(f"BENCH {page.name}.ratio {median / sql if sql else 0:.2f} x", flush=True)
    return ok


def _saved_dataset_path(args):
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    return settings.VAR_DIR / f"{name}_seed-{args.size}-{args.others}-{args.seed}.pickle"


def _save_dataset(dataset, path) -> None:
    """What the pages need of the generated objects: the first one of each label."""
    slim = copy.copy(dataset)
    slim.created = {label: objects[:1] for label, objects in dataset.created.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        pickle.dump(slim, file)


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from . import data, database

    log(f"database {database.describe()}, size {args.size}, {args.others} other organizations")
    reuse = args.reuse and not database.is_sqlite()
    saved = _saved_dataset_path(args)
    reusing = reuse and saved.exists() and database.has_seed()
    start = time.perf_counter()
    if reusing:
        database.recreate_from_seed()
        log(f"copied the seed database in {time.perf_counter() - start:.1f} s")
    else:
        database.recreate()
    try:
        start = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        log(f"migrated in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        if reusing:
            with saved.open("rb") as file:
                dataset = pickle.load(file)  # noqa: S301 - our own file, written below
        else:
            with scopes_disabled():
                dataset = data.build(size=args.size, others=args.others, seed=args.seed)
            database.analyze()
            log(f"generated in {time.perf_counter() - start:.1f} s")
            if reuse:
                database.save_seed()
                _save_dataset(dataset, saved)
        # The generated records stay referenced by the dataset (for sampling ids): hundreds of
        # thousands of objects no server process holds. Freeze them out of the garbage
        # collector, as a server worker started after loading would be, so that the full
        # collections they would slow down do not land on random timed requests.
        gc.collect()
        gc.freeze()
        ok = measure(dataset, args)
        if args.no_files:
            return 0 if ok else 1
        if "incoming".startswith(args.only) or args.only.startswith("incoming"):
            from . import incoming  # issue 3: export and import figures

            incoming.measure_files(dataset, log, args.import_rows)
        if "outbound".startswith(args.only) or args.only.startswith("outbound"):
            from . import outbound  # issue 4: the A2.4 export and who is abroad

            outbound.measure_files(dataset, log)
        if "reporting".startswith(args.only) or args.only.startswith("reporting"):
            from . import reporting  # issue 7: the annual report's files

            reporting.measure_files(dataset, log, args.size)
        if "onboarding".startswith(args.only) or args.only.startswith("onboarding"):
            from . import onboarding  # issue 11: the national list import, the registry

            onboarding.measure_files(dataset, log)
    finally:
        if not args.keep:
            database.drop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
