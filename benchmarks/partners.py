"""Benchmarks of partners and agreements (issue 5): the agreements registry and the
authority's queue of agreements sent for agreement (target: p95 ≤ 200 ms).

`generate(ctx)` adds MEASURED_PARTNERS partners and MEASURED_AGREEMENTS agreements to the
measured organization ("bench") and OTHER_PARTNERS / OTHER_AGREEMENTS to each other one; with
the harness's default three other organizations that is 5,000 partners and 20,000 agreements
in all. Agreements are spread over every status (about 6 % wait for the authorized body, so
the authority's queue holds over a thousand), mostly bilateral, some multilateral; those in
force have results over the last two years, so about half count for R4.2. The authority's
pages read every organization's agreements.
"""

from __future__ import annotations

import datetime as dt

MEASURED_PARTNERS = 2_000
MEASURED_AGREEMENTS = 8_000
OTHER_PARTNERS = 1_000
OTHER_AGREEMENTS = 4_000

COUNTRIES = ["DE", "FR", "TR", "CN", "KR", "US", "GB", "JP", "PL", "IT", "RU", "UZ", "KG", "IN"]
PARTNER_WORDS = [
    "University", "Institute of Technology", "State University", "Research Centre",
    "Academy of Sciences", "Polytechnic", "Business School", "Medical University",
]  # fmt: skip
CITIES = ["North", "South", "East", "West", "Central", "Lake", "River", "Hill", "Port", "Old"]
TITLES = [
    "Соглашение об академической мобильности", "Меморандум о сотрудничестве",
    "Договор о совместных исследованиях", "Программа двойного диплома",
    "Рабочая программа стажировок", "Соглашение о летней школе",
]  # fmt: skip
KINDS = ["memorandum", "cooperation", "contract", "work_program", "mobility", "joint_program"]
# (status, weight)
STATUSES = [
    ("draft", 5), ("unit_approval", 3), ("service_approval", 3), ("leadership_approval", 3),
    ("returned", 2), ("approved", 2), ("authority_review", 6), ("authority_returned", 2),
    ("agreed", 2), ("signed", 5), ("in_force", 52), ("expired", 10), ("terminated", 5),
]  # fmt: skip
SENT = {"authority_review", "authority_returned", "agreed", "signed", "in_force", "expired",
        "terminated"}  # fmt: skip
CONCLUDED = {"signed", "in_force", "expired", "terminated"}


def _dates(status: str, today: dt.date, rng) -> tuple:
    """signed_on, valid_from, valid_to, terminated_on for a status."""
    if status not in CONCLUDED:
        start = today + dt.timedelta(days=rng.randint(10, 200))
        return None, start, start + dt.timedelta(days=365 * rng.randint(2, 5)), None
    if status == "signed":
        signed = today - dt.timedelta(days=rng.randint(1, 30))
        start = today + dt.timedelta(days=rng.randint(5, 90))
        return signed, start, start + dt.timedelta(days=365 * 3), None
    if status == "expired":
        signed = today - dt.timedelta(days=rng.randint(1200, 2500))
        return signed, signed, today - dt.timedelta(days=rng.randint(1, 300)), None
    signed = today - dt.timedelta(days=rng.randint(30, 1400))
    end = today + dt.timedelta(days=rng.randint(5, 1500)) if rng.random() < 0.85 else None
    terminated = today - dt.timedelta(days=rng.randint(1, 20)) if status == "terminated" else None
    return signed, signed, end, terminated


def generate(ctx) -> None:
    """Partners, agreements (with their parties), results and a few text versions."""
    from django.utils import timezone

    from yntymaq.partners import models as m
    from yntymaq.people.models import search_key

    org, rng = ctx.organization, ctx.rng
    measured = org.slug == "bench"
    today = timezone.localdate()
    now = timezone.now()

    partners = []
    for i in range(MEASURED_PARTNERS if measured else OTHER_PARTNERS):
        name = f"{rng.choice(CITIES)} {rng.choice(PARTNER_WORDS)} {org.pk}-{i}"
        partner = m.Partner(
            organization=org,
            kind="university",
            name_original=name,
            name_latin=name,
            name_ru=f"Университет {org.pk}-{i}",
            country=rng.choice(COUNTRIES),
            city=rng.choice(CITIES),
        )
        partner.search_text = search_key(name, name, partner.name_ru)
        partner.name_keys = f"|{search_key(name)}|"
        partners.append(partner)
    partners = m.Partner.objects.bulk_create(partners, batch_size=1000)
    ctx.created["partners.Partner"] = partners

    population = [s for s, weight in STATUSES for _ in range(weight)]
    agreements = []
    for i in range(MEASURED_AGREEMENTS if measured else OTHER_AGREEMENTS):
        status = rng.choice(population)
        signed, start, end, terminated = _dates(status, today, rng)
        title = f"{rng.choice(TITLES)} {org.pk}-{i}"
        agreement = m.Agreement(
            organization=org,
            our_number=f"С-{org.pk}-{i:05d}",
            title=title,
            kind=rng.choice(KINDS),
            form="multilateral" if i % 25 == 0 else "bilateral",
            subject_areas=["mobility"],
            mobility_places=rng.choice([None, 2, 5, 10]),
            status=status,
            status_changed_at=now,
            signed_on=signed,
            valid_from=start,
            valid_to=end,
            terminated_on=terminated,
            sent_to_authority_at=(now - dt.timedelta(days=rng.randint(1, 400)))
            if status in SENT
            else None,
            authority_decided_at=now if status in SENT - {"authority_review"} else None,
        )
        agreement.search_text = search_key(title, agreement.our_number)
        agreements.append(agreement)
    agreements = m.Agreement.objects.bulk_create(agreements, batch_size=1000)
    ctx.created["partners.Agreement"] = agreements

    through = m.Agreement.partners.through
    links = []
    for agreement in agreements:
        count = 3 if agreement.form == "multilateral" else 1
        for partner in rng.sample(partners, count):
            links.append(through(agreement_id=agreement.pk, partner_id=partner.pk))
    through.objects.bulk_create(links, batch_size=2000)

    results = []
    for agreement in agreements:
        if agreement.status not in CONCLUDED:
            continue
        for _ in range(rng.randint(0, 3)):
            results.append(
                m.ImplementationResult(
                    organization=org,
                    agreement=agreement,
                    date=today - dt.timedelta(days=rng.randint(1, 730)),
                    kind=rng.choice(["mobility", "publication", "event", "research"]),
                    description="Обмен студентами и совместный семинар",
                )
            )
    m.ImplementationResult.objects.bulk_create(results, batch_size=2000)

    waiting = [a for a in agreements if a.sent_to_authority_at is not None]
    versions = [
        m.AgreementVersion(
            organization=org,
            agreement=agreement,
            number=number,
            file=f"partners/{org.pk}/versions/bench-{agreement.pk}-{number}.pdf",
            original_name="agreement.pdf",
            comment="Редакция для согласования",
            uploaded_by=ctx.head,
        )
        for agreement in waiting
        for number in (1, 2)
    ]
    m.AgreementVersion.objects.bulk_create(versions, batch_size=2000)
    ctx.created["partners.waiting"] = [a for a in waiting if a.status == "authority_review"]


def pages() -> list:
    """The pages measured like the other apps' (benchmarks.pages adds them)."""
    from .pages import Page

    needs = ("partners.Agreement",)

    def agreement(d):
        return d.sample("partners.Agreement").pk

    def waiting(d):
        return d.sample("partners.waiting").pk

    return [
        Page("partners.agreements.list", "partners:agreement-list", needs=needs),
        Page(
            "partners.agreements.filtered",
            "partners:agreement-list",
            query={"status": "in_force", "country": "DE", "r4_2": "yes"},
            needs=needs,
        ),
        Page(
            "partners.agreements.search",
            "partners:agreement-list",
            query={"q": "мобильности"},
            needs=needs,
        ),
        Page(
            "partners.agreements.expiring",
            "partners:agreement-list",
            query={"expiring": "90"},
            needs=needs,
        ),
        Page(
            "partners.agreements.detail",
            "partners:agreement-detail",
            kwargs={"pk": agreement},
            needs=needs,
        ),
        Page("partners.partners.list", "partners:partner-list", needs=needs),
        Page("partners.api.agreements.list", "partners-agreement-list", needs=needs),
        Page("authority.agreements.queue", "authority:agreement-queue", user="authority"),
        Page(
            "authority.agreements.queue.filtered",
            "authority:agreement-queue",
            query={"country": "DE", "kind": "mobility"},
            user="authority",
        ),
        Page(
            "authority.agreements.review",
            "authority:agreement-review",
            kwargs={"pk": waiting},
            user="authority",
            needs=("partners.waiting",),
        ),
    ]
