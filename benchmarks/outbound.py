"""Benchmarks of trips abroad (issue 4): generated trips, the trips page, who is abroad now,
R4.3 and the A2.4 export.

`generate(ctx)` adds TRIPS (20,000) trips to the measured organization ("bench") and
ctx.size to each other organization, of KZ citizens made for them (two trips each), spread
over five years around today, so a few hundred are abroad on any day; pre-departure trips
have their checklist, returned ones their two reports; plus unit plans with rows and a reserve.
`pages()` are measured like the other apps' pages; `measure_files(dataset, log)` prints

    BENCH outbound.export.a2_4.seconds <s> s      (streamed XLSX of every trip)
    BENCH outbound.export.a2_4.rows <n> count
    BENCH outbound.export.abroad.seconds <s> s    (who is abroad today, XLSX)
"""

from __future__ import annotations

import datetime as dt
import io
import time

TRIPS = 20_000
COUNTRIES = [
    ("DE", "Берлин"), ("DE", "Мюнхен"), ("KR", "Сеул"), ("TR", "Анкара"), ("CN", "Пекин"),
    ("US", "Бостон"), ("GB", "Лондон"), ("FR", "Париж"), ("JP", "Токио"), ("PL", "Краков"),
    ("IT", "Болонья"), ("RU", "Москва"), ("MY", "Куала-Лумпур"), ("HU", "Будапешт"),
]  # fmt: skip
HOSTS = ["Университет-партнёр", "Исследовательский центр", "Технический университет",
         "Национальный университет", "Институт языка"]  # fmt: skip
KINDS = ["degree_study", "mobility_semester", "internship", "teaching", "research_visit",
         "conference", "other"]  # fmt: skip
PURPOSES = ["study", "work", "research"]
FUNDING = ["organization", "state_budget", "bolashak", "host", "grant", "own"]
SURNAMES = ["Ахметов", "Серикбаев", "Нурланов", "Жумабаев", "Касымов", "Оспанов", "Ким",
            "Абенов", "Сейткали", "Омаров", "Исаев", "Калиев", "Мусин", "Смагулов"]  # fmt: skip
GIVEN = ["Айгерим", "Ерлан", "Динара", "Асель", "Бауыржан", "Жанна", "Марат", "Арман",
         "Данияр", "Алия", "Тимур", "Мадина"]  # fmt: skip
DOCUMENTS = ["passport", "visa", "invitation", "insurance", "order", "tickets"]


def _status(departure: dt.date, back: dt.date, today: dt.date, rng) -> str:
    if rng.random() < 0.04:
        return "cancelled"
    if departure > today:
        return rng.choice(["planned", "approved", "approved", "documents_ready"])
    if back > today:
        return "abroad"
    return rng.choice(["returned", "report_accepted", "report_accepted", "report_accepted"])


def generate(ctx) -> None:
    """Trips of generated KZ citizens, with checklists, reports, plans and a reserve."""
    from yntymaq.outbound import models as m
    from yntymaq.people.models import Person, search_key

    from .data import latin, make_iin

    org, rng = ctx.organization, ctx.rng
    count = TRIPS if org.slug == "bench" else ctx.size
    today = dt.date.today()
    units = ctx.created.get("service.Unit", [])
    taken: set[str] = set()
    persons = []
    for i in range(count // 2):
        sex = rng.choice("MF")
        born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randint(0, 13000))
        last, first = rng.choice(SURNAMES), rng.choice(GIVEN)
        person = Person(
            organization=org,
            last_name=last,
            first_name=first,
            last_name_latin=latin(last),
            first_name_latin=latin(first),
            citizenship="KZ",
            birth_date=born,
            sex=sex,
            iin=make_iin(born, sex, rng, taken),
            phones="+7 701 000 00 00",
            email=f"traveller{i}@example.kz",
        )
        person.search_text = search_key(last, first, person.last_name_latin, first)
        persons.append(person)
    persons = Person.objects.bulk_create(persons, batch_size=1000)

    trips = []
    for i in range(count):
        departure = today + dt.timedelta(days=rng.randint(-1500, 300))
        days = rng.choice([5, 7, 14, 30, 60, 120, 150])
        back = departure + dt.timedelta(days=days)
        status = _status(departure, back, today, rng)
        country, city = rng.choice(COUNTRIES)
        left = status in ("abroad", "returned", "report_accepted")
        trips.append(
            m.Trip(
                organization=org,
                person=persons[i // 2],
                unit=units[i % len(units)] if units else None,
                kind=rng.choice(KINDS),
                purpose=rng.choice(PURPOSES),
                host_organization=f"{rng.choice(HOSTS)} {i % 97}",
                country=country,
                city=city,
                address_abroad=f"{city}, общежитие {i % 13}",
                residence_in_kazakhstan="Алматы, проспект аль-Фараби, 71",
                planned_departure=departure,
                planned_return=back,
                actual_departure=departure if left else None,
                actual_return=back if status in ("returned", "report_accepted") else None,
                funding=rng.choice(FUNDING),
                exit_documents_due=departure - dt.timedelta(days=14),
                order_number=f"{i + 1}-К",
                status=status,
            )
        )
    trips = m.Trip.objects.bulk_create(trips, batch_size=1000)
    m.TripDocument.objects.bulk_create(
        (
            m.TripDocument(
                organization=org,
                trip=trip,
                code=code,
                name=code.capitalize(),
                status="received" if trip.status == "documents_ready" or k < 3 else "pending",
                position=k,
            )
            for trip in trips
            if trip.status in ("planned", "approved", "documents_ready")
            for k, code in enumerate(DOCUMENTS)
        ),
        batch_size=2000,
    )
    m.TripReport.objects.bulk_create(
        (
            m.TripReport(
                organization=org,
                trip=trip,
                kind=kind,
                due_on=trip.actual_return + dt.timedelta(days=days),
                status="accepted" if trip.status == "report_accepted" else "due",
                amount_spent=100000 if trip.status == "report_accepted" else None,
            )
            for trip in trips
            if trip.status in ("returned", "report_accepted")
            for kind, days in (("financial", 5), ("full", 14))
        ),
        batch_size=2000,
    )
    ctx.created["outbound.Trip"] = trips

    plans = m.TripPlan.objects.bulk_create(
        m.TripPlan(organization=org, unit=unit, year=today.year, status="approved")
        for unit in units
    )
    m.PlanRow.objects.bulk_create(
        (
            m.PlanRow(
                organization=org,
                plan=plan,
                person=persons[(p * 40 + r) % len(persons)],
                country="DE",
                city="Берлин",
                host_organization="Freie Universität Berlin",
                purpose="study",
                kind="mobility_semester",
                planned_departure=today + dt.timedelta(days=60 + r),
                planned_return=today + dt.timedelta(days=200 + r),
                funding="organization",
            )
            for p, plan in enumerate(plans)
            for r in range(40)
        ),
        batch_size=1000,
    )
    ctx.created["outbound.TripPlan"] = plans
    candidates = m.Candidate.objects.bulk_create(
        m.Candidate(
            organization=org,
            person=persons[i],
            unit=units[i % len(units)] if units else None,
            category=rng.choice(["student", "teacher", "researcher"]),
            gpa=rng.choice([None, 3.1, 3.5, 3.9]),
            countries_of_interest=["DE", "KR"] if i % 2 else ["US"],
            included_on=today - dt.timedelta(days=i % 300),
        )
        for i in range(min(len(persons), ctx.size // 2))
    )
    m.CandidateLanguage.objects.bulk_create(
        m.CandidateLanguage(
            organization=org, candidate=c, language="en", level=rng.choice(["B1", "B2", "C1"])
        )
        for c in candidates
    )
    ctx.created["outbound.Candidate"] = candidates


def pages() -> list:
    """The pages measured like the other apps' (benchmarks.pages adds them)."""
    from .pages import Page

    needs = ("outbound.Trip",)
    return [
        Page("outbound.trips.list", "outbound:trip-list", needs=needs),
        Page(
            "outbound.trips.filtered",
            "outbound:trip-list",
            query={"status": "abroad", "country": "DE", "purpose": "study"},
            needs=needs,
        ),
        Page("outbound.trips.search", "outbound:trip-list", query={"q": "сейткали"}, needs=needs),
        Page("outbound.trips.last_page", "outbound:trip-list", query={"page": "last"}, needs=needs),
        Page(
            "outbound.trips.detail",
            "outbound:trip-detail",
            kwargs={"pk": lambda d: d.sample("outbound.Trip").pk},
            needs=needs,
        ),
        Page("outbound.abroad.today", "outbound:abroad", needs=needs),
        Page("outbound.abroad.country", "outbound:abroad", query={"country": "DE"}, needs=needs),
        Page("outbound.r4_3", "outbound:r4-3", needs=needs),
        Page("outbound.reports.overdue", "outbound:report-list", query={"overdue": "on"}),
        Page("outbound.documents.overdue", "outbound:documents-overdue", needs=needs),
        Page("outbound.plans.list", "outbound:plan-list"),
        Page("outbound.reserve.list", "outbound:candidate-list"),
        Page("outbound.api.trips.list", "outbound-trip-list", needs=needs),
        Page("outbound.api.r4_3", "outbound-trip-r4-3", needs=needs),
    ]


def _download(client, url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    response = client.get(url)
    content = b"".join(response.streaming_content)
    return time.perf_counter() - start, content


def measure_files(dataset, log) -> None:
    """The A2.4 export of every trip and the export of who is abroad today."""
    if not dataset.has("outbound.Trip"):
        log("outbound: skipped, no trips generated")
        return
    from django.test import Client
    from django.urls import reverse
    from openpyxl import load_workbook

    client = Client()
    client.force_login(dataset.head)
    slug = dataset.organization.slug
    seconds, content = _download(client, reverse("outbound:trip-export", kwargs={"org_slug": slug}))
    rows = sum(1 for _ in load_workbook(io.BytesIO(content), read_only=True).active.rows) - 1
    print(f"BENCH outbound.export.a2_4.seconds {seconds:.2f} s")
    print(f"BENCH outbound.export.a2_4.rows {rows} count", flush=True)
    seconds, _content = _download(
        client, reverse("outbound:abroad-export", kwargs={"org_slug": slug})
    )
    print(f"BENCH outbound.export.abroad.seconds {seconds:.2f} s", flush=True)
