"""`make bench-load`: the production stack under 50 logged-in users, measured from outside.

1. Builds the bench database on the PostgreSQL server of DATABASE_URL (`<name>_bench`, made
   anew, dropped at the end unless --keep): the measured organization "bench" with --size
   persons, one more like it, and the national dataset of --organizations organizations with
   their registries and submitted reports (benchmarks.data, benchmarks.reporting). Accounts of
   five roles get real (PBKDF2) passwords, and the annual report's files are generated.
2. Starts what production runs (production settings, REDIS_URL's Redis): gunicorn on
   127.0.0.1:--port, the task worker and the scheduler, and waits for /readyz to answer 200.
3. Drives it with locust, headless, from this machine only: --users users (service heads,
   staff, unit coordinators, leadership, the authority) log in, then each asks for a page of its
   role, an API list or, now and then, the report's PDF, with 1–3 s between requests; the
   --seconds measured begin --warmup seconds (20) after the last login.
4. Prints BENCH lines: requests per second, p50/p95/p99 in ms, errors, and the 1-minute load
   average at the end; the slowest pages by p95 on stderr. Exits 1 on any error.

Everything it starts stops by itself at the end (or after a failure); nothing listens beyond
127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-load-password-2026"
ROLE_WEIGHTS = {"head": 12, "staff": 14, "coordinator": 8, "leadership": 6, "authority": 10}


def log(message: str) -> None:
    print(f"bench-load: {message}", file=sys.stderr, flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--organizations", type=int, default=1000, help="national dataset")
    parser.add_argument("--size", type=int, default=1000, help="persons of the measured org")
    parser.add_argument("--warmup", type=int, default=20, help="seconds not measured")
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--seed", type=int, default=661)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    return parser.parse_args(argv)


def _production_env(database_url: str, redis_url: str, port: int, var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "VIRTUAL_ENV")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"bench-load-{secrets.token_hex(4)}",
        ALLOWED_HOSTS="127.0.0.1",
        YNTYMAQ_SITE_URL=f"http://127.0.0.1:{port}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        STATIC_ROOT=str(var / "bench-load-static"),
        STATIC_COMPRESS="0",
        MEDIA_ROOT=str(var / "bench-media"),
        SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback: no nginx in front
        SESSION_COOKIE_SECURE="0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="INFO",  # one JSON line per request in var/bench-load-web.log, as in production
    )
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return env


def build(args) -> tuple[str, dict]:
    """The bench database with its accounts and plan; returns (database URL, plan)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from yntymaq.core.enums import Role
    from yntymaq.core.models import Membership, User
    from yntymaq.reporting import services as reporting
    from yntymaq.reporting.models import AnnualReport, ReportFile

    from . import data, database
    from . import reporting as reporting_bench
    from .pages import PAGES
    from .run import url_for

    if database.is_sqlite():
        raise SystemExit("bench-load: set DATABASE_URL to a PostgreSQL server")
    # The national dataset at the asked size (the in-process bench derives it from --size).
    reporting_bench.national_size = lambda size: args.organizations
    log(f"database {database.describe()}")
    database.recreate()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with scopes_disabled():
        dataset = data.build(size=args.size, others=1, seed=args.seed)
        log(f"generated in {time.perf_counter() - started:.0f} s")
        org = dataset.organization
        hasher = PBKDF2PasswordHasher()
        accounts = {"head": [dataset.head.email], "authority": [dataset.authority.email]}
        for role, name in (
            (Role.SERVICE_STAFF, "staff"),
            (Role.UNIT_COORDINATOR, "coordinator"),
            (Role.LEADERSHIP, "leadership"),
        ):
            user = data._user(f"{name}@bench.kz")
            Membership.objects.create(user=user, organization=org, role=role)
            accounts[name] = [user.email]
        emails = [email for emails in accounts.values() for email in emails]
        for user in User.objects.filter(email__in=emails):
            # production's hasher, its iterations and salt size: a login must not rehash the
            # password (that would end the other sessions of the account)
            user.password = hasher.encode(PASSWORD, hasher.salt())
            user.save(update_fields=["password"])

        # Statistics of the bulk-loaded tables, as autovacuum keeps them in a running system
        # (without them PostgreSQL plans for empty tables: nested loops over thousands of rows).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        started = time.perf_counter()
        report = AnnualReport.objects.filter(organization=org).order_by("-academic_year").first()
        if report is None:
            today = time.localtime()
            year = today.tm_year if today.tm_mon >= 9 else today.tm_year - 1
            report = reporting.report_create(
                organization=org, academic_year=year, actor=dataset.head
            )
        generation = reporting.generation_start(report=report, actor=dataset.head)
        reporting.generation_run(generation_id=generation.pk)
        pdf = ReportFile.objects.filter(generation=generation, kind="pdf").first()
        log(f"report files generated in {time.perf_counter() - started:.0f} s")

        by_user = {"head": [], "authority": []}
        for page in PAGES:
            if all(dataset.has(label) for label in page.needs):
                url = url_for(page, dataset)
                if url is not None:
                    by_user[page.user].append([page.name, url])
        if pdf is not None:
            download = reverse(
                "reporting:report-file",
                kwargs={"org_slug": org.slug, "report_pk": report.pk, "pk": pdf.pk},
            )
            by_user["head"].append(["reporting.file.download", download])
        # Each role asks for what it may open: the head's pages, kept where it gets 200.
        plan_urls = {"head": by_user["head"], "authority": by_user["authority"]}
        for role in ("staff", "coordinator", "leadership"):
            client = Client()
            client.force_login(User.objects.get(email=accounts[role][0]))
            plan_urls[role] = [
                [name, url]
                for name, url in by_user["head"]
                if name != "reporting.file.download" and client.get(url).status_code == 200
            ]
        log("pages per role: " + ", ".join(f"{r} {len(u)}" for r, u in plan_urls.items()))
    config = connection.settings_dict
    auth = config["USER"] + (f":{config['PASSWORD']}" if config.get("PASSWORD") else "")
    host = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    url = f"postgres://{auth}@{host}/{config['NAME']}"
    connection.close()
    plan = {
        "password": PASSWORD,
        "roles": {
            role: {"emails": accounts[role], "urls": plan_urls[role], "weight": weight}
            for role, weight in ROLE_WEIGHTS.items()
        },
    }
    return url, plan


def _wait_ready(base: str, processes, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise SystemExit("bench-load: a process of the stack stopped; see var/bench-load-*.log")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=5) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"bench-load: {base}/readyz did not answer 200 in {seconds} s")


def _stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def drive(args, env: dict, plan_path: Path, var: Path) -> int:
    python = sys.executable
    run = {"cwd": ROOT, "env": env}
    subprocess.run(  # noqa: S603 - our own manage.py
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], check=True, timeout=300, **run
    )
    processes = []
    try:
        for name, command in (
            ("web", [python, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]),
            ("worker", [python, "manage.py", "worker", "--no-startup-delay"]),
            ("scheduler", [python, "manage.py", "scheduler"]),
        ):
            output = (var / f"bench-load-{name}.log").open("w")
            processes.append(
                subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **run)  # noqa: S603
            )
        base = f"http://127.0.0.1:{args.port}"
        _wait_ready(base, processes)
        log(f"stack ready at {base}; load average {os.getloadavg()[0]:.2f}")
        spawn_rate = 10
        result = var / "bench-load-result.json"
        result.unlink(missing_ok=True)
        locust = subprocess.run(  # noqa: S603 - locust from the lock file, loopback target
            [
                python,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(spawn_rate),
                # a cap only: the locustfile stops the run when the measured window ends
                "--run-time",
                f"{args.seconds + 300}s",
                "--stop-timeout",
                "10",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "BENCH_LOAD_PLAN": str(plan_path),
                "BENCH_LOAD_USERS": str(args.users),
                "BENCH_LOAD_SECONDS": str(args.seconds),
                "BENCH_LOAD_WARMUP": str(args.warmup),
                "BENCH_LOAD_RESULT": str(result),
            },
            capture_output=True,
            text=True,
            timeout=args.warmup + args.seconds + 420,
            check=False,
        )
        load = os.getloadavg()[0]
        if not result.exists():
            log(locust.stderr[-3000:])
            return 1
        return report(json.loads(result.read_text()), load, args)
    finally:
        _stop(processes)


def _percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted values."""
    if not ordered:
        return 0.0
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def report(result: dict, load: float, args) -> int:
    samples = result["samples"]
    if result["logged_in"] < args.users or not samples:
        log(f"only {result['logged_in']} of {args.users} users logged in; nothing measured")
        return 1
    times = sorted(ms for _name, ms, _error in samples)
    errors = [(name, error) for name, _ms, error in samples if error]
    by_name: dict[str, list[float]] = {}
    for name, ms, _error in samples:
        by_name.setdefault(name, []).append(ms)
    slowest = sorted(
        ((_percentile(sorted(v), 0.95), name, len(v)) for name, v in by_name.items()),
        reverse=True,
    )
    for p95, name, count in slowest[:8]:
        log(f"slowest p95: {name} {p95:.0f} ms ({count} requests)")
    seen: dict[tuple[str, str], int] = {}
    for key in errors:
        seen[key] = seen.get(key, 0) + 1
    for (name, error), count in list(seen.items())[:10]:
        log(f"error: {name}: {error} ×{count}")
    print(f"BENCH load.users {args.users} count")
    print(f"BENCH load.warmup {args.warmup} s")
    print(f"BENCH load.seconds {result['seconds']:.0f} s")
    print(f"BENCH load.requests {len(samples)} count")
    print(f"BENCH load.rps {len(samples) / result['seconds']:.1f} req/s")
    print(f"BENCH load.p50 {_percentile(times, 0.50):.0f} ms")
    print(f"BENCH load.p95 {_percentile(times, 0.95):.0f} ms")
    print(f"BENCH load.p99 {_percentile(times, 0.99):.0f} ms")
    print(f"BENCH load.errors {len(errors)} count")
    print(f"BENCH load.loadavg {load:.2f} 1-min", flush=True)
    return 0 if not errors else 1


def main(argv=None) -> int:
    args = parse_args(argv)
    redis_url = os.environ.get("REDIS_URL", "")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench-load: set DATABASE_URL to a PostgreSQL server (postgres://…)")
    if not redis_url:
        raise SystemExit("bench-load: set REDIS_URL to a Redis database (redis://127.0.0.1:6379/1)")
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    database_url, plan = build(args)
    plan_path = var / "bench-load-plan.json"
    plan_path.write_text(json.dumps(plan))
    try:
        return drive(args, _production_env(database_url, redis_url, args.port, var), plan_path, var)
    finally:
        if not args.keep:
            from . import database

            database.drop()


if __name__ == "__main__":
    sys.exit(main())
