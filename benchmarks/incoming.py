"""Benchmarks of the foreigners' registry (issue 3): generated stays, the registry page with and
without filters, the API list, the A2.3 export and a 5,000-row import.

`generate(ctx)` adds `ctx.size` stays of foreign persons (so `make bench SIZE=20000` gives the
20,000 stays of the issue's target), with visas and registrations. `pages()` are measured like the
other apps' pages; `measure_files(dataset, log)` prints the export and import figures:

    BENCH incoming.export.a2_3.seconds <s> s        (streamed XLSX of every stay)
    BENCH incoming.export.a2_3.peak_memory <MB> MB  (tracemalloc peak while streaming)
    BENCH incoming.import.rows <n> count
    BENCH incoming.import.preview.seconds <s> s     (all rows checked, rolled back)
    BENCH incoming.import.commit.seconds <s> s      (all rows written, all or nothing)
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import threading
import time
import tracemalloc

COUNTRIES = ["CN", "UZ", "KG", "TJ", "MN", "RU", "TR", "IN", "AF", "KR", "DE", "TM"]
SURNAMES = ["WANG", "LI", "ZHANG", "KARIMOV", "RAHIMOV", "BATBAYAR", "YILMAZ", "SHARMA",
            "SMIRNOV", "PARK", "MULLER", "AHMADI", "NAZAROV", "OSMONOV"]  # fmt: skip
GIVEN = ["LEI", "NA", "OTABEK", "DILNOZA", "BAKYT", "ANNA", "MEHMET", "PRIYA", "JIWOO",
         "TIMUR", "AINURA", "ALI", "SARDOR", "MADINA"]  # fmt: skip
STATUSES = ["enrolled"] * 14 + ["arrived", "working", "academic_leave", "completed",
                                 "expelled", "transferred", "departed", "invited"]  # fmt: skip
CATEGORIES = ["main_program"] * 6 + ["preparatory", "doctoral", "teacher", "researcher"]
LINES = ["state_grant", "intergovernmental", "inter_university", "academic_mobility",
         "paid_contract", "sending_state"]  # fmt: skip
PROGRAMS = [("6B04101", "Экономика"), ("6B06102", "Информационные системы"),
            ("6B10101", "Общая медицина"), ("7M01101", "Педагогика"),
            ("6B07101", "Машиностроение")]  # fmt: skip


def generate(ctx) -> None:
    """`ctx.size` stays of foreign persons with a visa and a registration each (bulk)."""
    from yntymaq.incoming.models import Registration, Stay, Visa
    from yntymaq.people.models import Person, search_key

    rng, org, today = ctx.rng, ctx.organization, dt.date.today()
    persons = []
    for i in range(ctx.size):
        last, first = rng.choice(SURNAMES), rng.choice(GIVEN)
        person = Person(
            organization=org,
            last_name_latin=last,
            first_name_latin=f"{first}{i}",
            citizenship=rng.choice(COUNTRIES),
            birth_date=dt.date(1985, 1, 1) + dt.timedelta(days=rng.randint(0, 7000)),
            sex=rng.choice("MF"),
        )
        person.search_text = search_key(last, f"{first}{i}")
        persons.append(person)
    persons = Person.objects.bulk_create(persons, batch_size=1000)
    stays = []
    for person in persons:
        status = rng.choice(STATUSES)
        arrival = today - dt.timedelta(days=rng.randint(1, 1500))
        code, name = rng.choice(PROGRAMS)
        line = rng.choice(LINES)
        stays.append(
            Stay(
                organization=org,
                person=person,
                category=rng.choice(CATEGORIES),
                status=status,
                status_since=arrival,
                arrival_line=line,
                program_code=code,
                program_name=name,
                course=rng.randint(1, 4),
                study_language="русский",
                residence_place="Общежитие № 1",
                arrival_date=None if status == "invited" else arrival,
                expected_completion=arrival + dt.timedelta(days=1400),
                expected_departure=arrival + dt.timedelta(days=1420),
                actual_departure=arrival + dt.timedelta(days=700) if status == "departed" else None,
                tuition_amount=1_200_000 if line == "paid_contract" else None,
                visa_valid_to=today + dt.timedelta(days=rng.randint(-30, 365)),
                registration_valid_until=today + dt.timedelta(days=rng.randint(-30, 365)),
            )
        )
    stays = Stay.objects.bulk_create(stays, batch_size=1000)
    Visa.objects.bulk_create(
        (
            Visa(
                organization=org,
                stay=s,
                number=f"V{s.pk:08d}",
                valid_from=s.visa_valid_to - dt.timedelta(days=365),
                valid_to=s.visa_valid_to,
            )
            for s in stays
        ),
        batch_size=1000,
    )
    Registration.objects.bulk_create(
        (
            Registration(
                organization=org,
                stay=s,
                channel="eqonaq",
                filed_on=s.registration_valid_until - dt.timedelta(days=365),
                certificate_number=f"R{s.pk:08d}",
                valid_until=s.registration_valid_until,
            )
            for s in stays
        ),
        batch_size=1000,
    )
    ctx.created["incoming.Stay"] = stays


def _stay(d):
    return d.sample("incoming.Stay").pk


def pages() -> list:
    """The pages measured like the other apps' (benchmarks.pages adds them)."""
    from .pages import Page

    return [
        Page("incoming.registry.list", "incoming:stay-list", needs=("incoming.Stay",)),
        Page(
            "incoming.registry.filtered",
            "incoming:stay-list",
            query={
                "status": "enrolled",
                "category": "main_program",
                "citizenship": "CN",
                "arrival_line": "state_grant",
            },
            needs=("incoming.Stay",),
        ),
        Page(
            "incoming.registry.search",
            "incoming:stay-list",
            query={"q": "wang lei1"},
            needs=("incoming.Stay",),
        ),
        Page(
            "incoming.registry.expiring",
            "incoming:stay-list",
            query={"expiring": "on", "ordering": "visa"},
            needs=("incoming.Stay",),
        ),
        Page(
            "incoming.registry.last_page",
            "incoming:stay-list",
            query={"page": "last"},
            needs=("incoming.Stay",),
        ),
        Page(
            "incoming.stay.detail",
            "incoming:stay-detail",
            kwargs={"pk": _stay},
            needs=("incoming.Stay",),
        ),
        Page("incoming.api.stays.list", "incoming-stay-list", needs=("incoming.Stay",)),
        Page("incoming.attention", "core:attention", needs=("incoming.Stay",)),
    ]


IMPORT_ROWS = 5000


def _import_workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    from yntymaq.incoming.imports import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Foreigners")
    sheet.append([texts.split("|")[1] for texts in COLUMNS.values()])
    for i in range(rows):
        sheet.append(
            [
                "", "", "", "IMPORTOV", f"ROW{i}", f"{(i % 28) + 1:02d}.0{(i % 9) + 1}.2001",
                "M", "KZ" if False else "CN", "main_program", "enrolled", "paid_contract",
                "6B04101", "Экономика", 1 + i % 4, "русский", "25.08.2025", "30.06.2029",
                "15.07.2029", None, "Общежитие № 3", "1200000",
            ]
        )  # fmt: skip
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def measure_files(dataset, log, import_rows: int = 0) -> None:
    """The export of every stay (time, peak memory) and a 5,000-row import (preview, commit)."""
    from django.test import Client
    from django.urls import reverse

    if not dataset.has("incoming.Stay"):
        return
    org, head = dataset.organization, dataset.head
    client = Client()
    client.force_login(head)
    url = reverse("incoming:stay-export", kwargs={"org_slug": org.slug})
    start = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - start
    # Memory is traced in a second run: tracemalloc slows allocation-heavy code severalfold.
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    log(f"incoming export: {size // 1024} KB")
    print(f"BENCH incoming.export.a2_3.seconds {seconds:.2f} s")
    print(f"BENCH incoming.export.a2_3.peak_memory {peak / 1024 / 1024:.1f} MB", flush=True)

    _measure_import(org, head, import_rows or IMPORT_ROWS, log)


def _time_requests(client, url, until: threading.Event, samples: list[float]) -> None:
    """One other user at a human pace (a page every half second): in this one process the
    requests share the interpreter lock with the import, which a request loop without pause
    would slow several times (the worker is a process of its own in production)."""
    while not until.wait(0.5):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)


def _measure_import(org, head, rows: int, log) -> None:
    """The one import flow (core.imports) on `rows` rows: the check, then the commit, each the
    worker's job (run here in a thread), while another user's requests (the registry page)
    are timed, against the same page timed before."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from tests.factories.core import MembershipFactory
    from yntymaq.core.imports import import_commit, import_start
    from yntymaq.incoming.imports import STAY_IMPORT

    content = _import_workbook(rows)
    other = MembershipFactory(organization=org, role="service_staff").user
    client = Client()
    client.force_login(other)
    url = reverse("incoming:stay-list", kwargs={"org_slug": org.slug})
    client.get(url)
    before: list[float] = []
    for _ in range(10):
        start = time.perf_counter()
        client.get(url)
        before.append((time.perf_counter() - start) * 1000)
    timings: dict[str, float] = {}
    during: list[float] = []
    stored = None

    def job(name, call):
        nonlocal stored
        try:
            start = time.perf_counter()
            stored = call()
            timings[name] = time.perf_counter() - start
        finally:
            connection.close()

    for name, call in (
        (
            "check",
            lambda: import_start(
                spec=STAY_IMPORT,
                organization=org,
                actor=head,
                upload=SimpleUploadedFile("stays.xlsx", content),
                inline=True,
            ),
        ),
        ("commit", lambda: import_commit(stored=stored, actor=head, inline=True)),
    ):
        done = threading.Event()
        worker = threading.Thread(target=lambda n=name, c=call, d=done: (job(n, c), d.set()))
        worker.start()
        _time_requests(client, url, done, during)
        worker.join()
        log(
            f"incoming import {name}: {stored.status}, {stored.result.get('error_count', 0)} errors"
        )
    result = stored.result
    print(f"BENCH incoming.import.rows {stored.rows_total} count")
    print(f"BENCH incoming.import.created {result.get('created', 0)} count")
    print(f"BENCH incoming.import.preview.seconds {timings['check']:.2f} s")
    print(f"BENCH incoming.import.commit.seconds {timings['commit']:.2f} s")
    print(f"BENCH incoming.import.others.before.median {statistics.median(before):.1f} ms")
    if during:
        print(f"BENCH incoming.import.others.during.median {statistics.median(during):.1f} ms")
        print(f"BENCH incoming.import.others.during.max {max(during):.1f} ms")
        print(f"BENCH incoming.import.others.during.requests {len(during)} count", flush=True)
