"""Benchmarks of the year's results (issue 7): the national dataset, the measured organization's
annual report files, the dashboard, the R4 eligibility page and the authority's pages.

`generate(ctx)` runs after the registries' generators. For the measured organization ("bench")
it adds the national dataset, scaled by `--size`: NATIONAL = size // 10 organizations (1,000 at
`make bench SIZE=10000`), each with 100 stays, 50 trips and 20 agreements (100,000 / 50,000 /
20,000 in all, bulk-inserted) and a submitted annual report whose snapshot figures match them,
so the authority's overview, figures and ratings read a national year. The measured
organization itself has the registries' generated data (`size` foreigners from incoming, the
trips of outbound) and is the one whose report files are generated.

`measure_files(dataset, log, size)` prints, for the measured organization:

    BENCH reporting.files.data.seconds <s> s           (report data read through the sources)
    BENCH reporting.files.docx.seconds <s> s           (Russian and Kazakh)
    BENCH reporting.files.pdf.seconds <s> s
    BENCH reporting.files.xlsx.seconds <s> s
    BENCH reporting.files.total.seconds <s> s          (the whole background generation)
    BENCH reporting.files.peak_memory <MB> MB          (tracemalloc peak of a generation)
    BENCH reporting.files.rss_growth <MB> MB           (growth of the peak resident memory)
    BENCH reporting.files.rows.a2_3 <n> count
    BENCH reporting.files.rows.a2_4 <n> count
    BENCH reporting.files.rows.a2_6 <n> count          (agreements, the other long list)

and the last six again as `reporting.files.quarter.*` for an organization generated with a
quarter of the persons ("bench-quarter"), so that flat memory shows as equal figures. Time
and memory of the whole generation come from a fresh process each
(benchmarks.reporting_memory): tracemalloc counts Python's allocations only, the resident
memory counts everything (lxml, zlib, fonts).
"""

from __future__ import annotations

import datetime as dt
import time

PER_ORGANIZATION = {"stays": 100, "trips": 50, "agreements": 20}
COUNTRIES = ["CN", "UZ", "KG", "TJ", "MN", "RU", "TR", "IN", "AF", "KR", "DE", "TM"]
ABROAD = ["DE", "KR", "TR", "US", "GB", "CN", "PL", "JP"]
CATEGORIES = ["main_program"] * 6 + ["preparatory", "doctoral", "teacher", "researcher"]
LINES = ["state_grant", "intergovernmental", "inter_university", "academic_mobility",
         "paid_contract", "sending_state"]  # fmt: skip
PURPOSES = ["study", "work", "research"]
REGIONS = ["astana", "almaty_city", "shymkent", "karaganda", "akmola", "turkistan"]
KINDS = ["university", "college", "school", "research_institute"]


def national_size(size: int) -> int:
    return max(10, size // 10)


def _academic_year(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def generate(ctx) -> None:
    if ctx.organization.slug != "bench":
        return
    started = time.perf_counter()
    _national(ctx, national_size(ctx.size))
    ctx.created["reporting.national_seconds"] = [time.perf_counter() - started]


def _national(ctx, count: int) -> None:
    """`count` organizations with registry rows and a submitted report each (bulk)."""
    from django.utils import timezone

    from yntymaq.core.models import Organization
    from yntymaq.incoming.models import Stay
    from yntymaq.outbound.models import Trip
    from yntymaq.partners.models import Agreement, Partner
    from yntymaq.people.models import Person
    from yntymaq.reporting.models import AnnualReport, Submission

    from .data import make_bin

    rng, today = ctx.rng, dt.date.today()
    year = _academic_year(today)
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                slug=f"national-{i}",
                short_name=f"NAT{i}",
                name_ru=f"Организация образования {i}",
                name_kk=f"{i} білім беру ұйымы",
                kind=KINDS[i % len(KINDS)],
                bin=make_bin(rng),
                region=REGIONS[i % len(REGIONS)],
                address="Казахстан",
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    reports, submissions = [], []
    for index, org in enumerate(organizations):
        persons = Person.objects.bulk_create(
            [
                Person(
                    organization=org,
                    last_name_latin=f"NATIONAL{i}",
                    first_name_latin=f"PERSON{index}",
                    citizenship=rng.choice(COUNTRIES) if i < PER_ORGANIZATION["stays"] else "KZ",
                    birth_date=dt.date(1995, 1, 1) + dt.timedelta(days=i),
                    sex="MF"[i % 2],
                    search_text=f"national{i} person{index}",
                )
                for i in range(PER_ORGANIZATION["stays"] + PER_ORGANIZATION["trips"])
            ],
            batch_size=1000,
        )
        stays = [
            Stay(
                organization=org,
                person=persons[i],
                category=rng.choice(CATEGORIES),
                status="enrolled",
                arrival_line=rng.choice(LINES),
                program_code="6B04101",
                program_name="Экономика",
                course=1 + i % 4,
                arrival_date=today - dt.timedelta(days=rng.randint(30, 900)),
            )
            for i in range(PER_ORGANIZATION["stays"])
        ]
        Stay.objects.bulk_create(stays, batch_size=1000)
        trips = [
            Trip(
                organization=org,
                person=persons[PER_ORGANIZATION["stays"] + i],
                kind="internship",
                purpose=rng.choice(PURPOSES),
                host_organization="Partner University",
                country=rng.choice(ABROAD),
                city="City",
                planned_departure=today - dt.timedelta(days=60),
                planned_return=today + dt.timedelta(days=60),
                actual_departure=today - dt.timedelta(days=60),
                funding="organization",
                status="abroad",
            )
            for i in range(PER_ORGANIZATION["trips"])
        ]
        Trip.objects.bulk_create(trips, batch_size=1000)
        partner = Partner.objects.create(
            organization=org,
            kind="university",
            name_original=f"Partner University {index}",
            name_latin=f"Partner University {index}",
            country=rng.choice(ABROAD),
        )
        agreements = Agreement.objects.bulk_create(
            [
                Agreement(
                    organization=org,
                    title=f"Соглашение {i}",
                    kind="cooperation",
                    status="in_force",
                    signed_on=today - dt.timedelta(days=400),
                    valid_from=today - dt.timedelta(days=400),
                    valid_to=today + dt.timedelta(days=700),
                )
                for i in range(PER_ORGANIZATION["agreements"])
            ],
            batch_size=1000,
        )
        Agreement.partners.through.objects.bulk_create(
            [Agreement.partners.through(agreement=a, partner=partner) for a in agreements]
        )
        reports.append(AnnualReport(organization=org, academic_year=year))
        figures = {
            "foreigners": len(stays),
            "citizens_abroad": len(trips),
            "agreements": len(agreements),
            "conferences": rng.randint(0, 20),
            "publications": rng.randint(0, 10),
            "by": {
                "citizenship": _count(p.citizenship.code for p in persons[: len(stays)]),
                "category": _count(s.category for s in stays),
                "arrival_line": _count(s.arrival_line for s in stays),
                "origin": {"diaspora": rng.randint(0, 5), "cis": rng.randint(0, 30)},
                "abroad_country": _count(t.country.code for t in trips),
                "purpose": _count(t.purpose for t in trips),
                "agreement_country": {partner.country.code: len(agreements)},
            },
        }
        submissions.append((org, figures, index))
    reports = AnnualReport.objects.bulk_create(reports, batch_size=1000)
    now = timezone.now()
    Submission.objects.bulk_create(
        [
            Submission(
                organization=org,
                report=report,
                version=1,
                status=["submitted", "accepted", "returned"][index % 3],
                submitted_at=now - dt.timedelta(days=index % 40),
                submitted_by=ctx.head,
                deadline=dt.date(year + 1, 7, 15),
                on_time=index % 5 != 0,
                data={"items": {}},
                data_sha256="0" * 64,
                figures=figures,
            )
            for report, (org, figures, index) in zip(reports, submissions, strict=True)
        ],
        batch_size=500,
    )
    ctx.created["reporting.national"] = organizations


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def pages() -> list:
    """The pages measured like the other apps' (benchmarks.pages adds them)."""
    from .pages import Page

    year = {"year": lambda d: _academic_year(dt.date.today())}
    return [
        Page("reporting.eligibility", "reporting:eligibility"),
        Page("reporting.eligibility.widget", "reporting:eligibility-numbers"),
        Page("reporting.reports.list", "reporting:report-list"),
        Page("reporting.api.eligibility", "reporting-eligibility-list"),
        Page(
            "authority.reports.overview",
            "authority:report-overview",
            query=year,
            user="authority",
            needs=("reporting.national",),
        ),
        Page(
            "authority.reports.figures",
            "authority:figures",
            query=year,
            user="authority",
            needs=("reporting.national",),
        ),
        Page(
            "authority.reports.ratings",
            "authority:ratings",
            query=year,
            user="authority",
            needs=("reporting.national",),
        ),
        Page(
            "authority.api.reports",
            "authority-report-list",
            query=year,
            user="authority",
            needs=("reporting.national",),
        ),
    ]


def _fresh_process(slug: str, year: int, log) -> dict | None:
    """Time and memory of one generation in a fresh process (benchmarks.reporting_memory)."""
    import json
    import os
    import subprocess
    import sys

    from django.db import connections

    connections.close_all()  # SQLite: nothing of ours holds the file while the child writes
    result = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "benchmarks.reporting_memory", slug, str(year)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]},
        check=False,
    )
    if result.returncode != 0:
        log(f"reporting: measuring {slug} failed:\n{result.stderr[-3000:]}")
        return None
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    if measured["status"] != "done":
        log(f"reporting: generation of {slug} {measured['status']}: {measured['error']}")
    return measured


def _print_generation(prefix: str, measured: dict) -> None:
    print(f"BENCH {prefix}.total.seconds {measured['seconds']:.2f} s")
    print(f"BENCH {prefix}.peak_memory {measured['tracemalloc_peak_mb']:.1f} MB")
    print(f"BENCH {prefix}.rss_growth {measured['rss_growth_mb']:.1f} MB")
    print(f"BENCH {prefix}.rows.a2_3 {measured['rows_a2_3']} count")
    print(f"BENCH {prefix}.rows.a2_4 {measured['rows_a2_4']} count")
    print(f"BENCH {prefix}.rows.a2_6 {measured['rows_a2_6']} count", flush=True)


QUARTER = "bench-quarter"


def measure_files(dataset, log, size: int) -> None:
    """The measured organization's annual report: data, DOCX, PDF, XLSX in this process, then
    the whole background generation with its memory in a fresh process, for the measured
    organization and for one a quarter of its size."""
    from django_scopes import scope, scopes_disabled

    from yntymaq.reporting import documents, queries, services

    from .data import add_organization

    org, head = dataset.organization, dataset.head
    if dataset.has("reporting.national_seconds"):
        seconds = dataset.created["reporting.national_seconds"][0]
        log(f"reporting: national dataset in {seconds:.0f} s")
    year = _academic_year(dt.date.today())
    with scope(organization=org):
        report = queries.report_for_year(org, year) or services.report_create(
            organization=org, academic_year=year, actor=head
        )
        start = time.perf_counter()
        data = queries.report_data(report)
        print(f"BENCH reporting.files.data.seconds {time.perf_counter() - start:.2f} s")
        for kind, render in (
            ("docx", documents.render_docx),
            ("pdf", documents.render_pdf),
            ("xlsx", documents.render_xlsx),
        ):
            start = time.perf_counter()
            for language in documents.LANGUAGES:
                render(data, language)
            print(f"BENCH reporting.files.{kind}.seconds {time.perf_counter() - start:.2f} s")
        del data
    measured = _fresh_process(org.slug, year, log)
    if measured:
        _print_generation("reporting.files", measured)
    start = time.perf_counter()
    with scopes_disabled():
        add_organization(QUARTER, max(1, size // 4))
    log(f"reporting: {QUARTER} generated in {time.perf_counter() - start:.0f} s")
    measured = _fresh_process(QUARTER, year, log)
    if measured:
        _print_generation("reporting.files.quarter", measured)
