"""Benchmarks of the plans (issue 6): generated data and the pages measured.

`generate(ctx)` is listed in benchmarks.data.GENERATORS and `pages()` is added to
benchmarks.pages.PAGES. Per organization of `size` persons: a long-term plan with eight
indicators over five years, annual plans of three academic years with size/5 items each,
size/2 international activities, size conference participations, the A2.9 record of three
years with size/5 rows in each of its lists, size/2 analytical materials and three
priority-specialty proposals of twenty specialties.
"""

from __future__ import annotations

import datetime as dt

YEARS = (2023, 2024, 2025)
WORDS = [
    "мобильность", "цифровизация", "партнёрство", "экология", "энергетика", "медицина",
    "экономика", "педагогика", "инженерия", "право", "агрономия", "туризм",
]  # fmt: skip


def generate(ctx) -> None:
    from yntymaq.people.models import search_key
    from yntymaq.planning import models as m
    from yntymaq.planning.enums import (
        ActivityArea,
        ActivityKind,
        ConferenceKind,
        ConferenceRole,
        IndicatorKind,
        ItemStatus,
        MaterialKind,
        PlanStatus,
        TeachingMaterialKind,
    )

    persons = ctx.created.get("people.Person", [])
    if not persons:
        return
    org, rng, size = ctx.organization, ctx.rng, ctx.size
    units = ctx.created.get("service.Unit", [])
    areas, kinds = list(ActivityArea.values), list(ActivityKind.values)

    def searchable(obj):
        obj.search_text = search_key(*(getattr(obj, name) for name in obj.SEARCH_FIELDS))
        return obj

    plan = m.LongTermPlan.objects.create(
        organization=org, title="Программа развития", year_start=2023, year_end=2027
    )
    indicators = m.Indicator.objects.bulk_create(
        [
            m.Indicator(organization=org, plan=plan, kind=kind, position=i, name="")
            for i, kind in enumerate(k for k in IndicatorKind.values if k != "custom")
        ]
    )
    m.IndicatorValue.objects.bulk_create(
        [
            m.IndicatorValue(
                organization=org, indicator=indicator, year=year, target=rng.randint(10, 500)
            )
            for indicator in indicators
            for year in plan.years
        ]
    )
    ctx.created["planning.LongTermPlan"] = [plan]

    annual_plans = m.AnnualPlan.objects.bulk_create(
        [
            m.AnnualPlan(
                organization=org,
                academic_year=year,
                status=PlanStatus.APPROVED,
                approved_by=ctx.head,
                approved_at=dt.datetime(year, 9, 1, tzinfo=dt.UTC),
            )
            for year in YEARS
        ]
    )
    ctx.created["planning.AnnualPlan"] = annual_plans
    m.AnnualPlanItem.objects.bulk_create(
        [
            m.AnnualPlanItem(
                organization=org,
                plan=annual,
                activity=f"Мероприятие {i}: {rng.choice(WORDS)}",
                area=rng.choice(areas),
                unit=units[i % len(units)] if units else None,
                responsible=persons[i % len(persons)],
                deadline=dt.date(annual.academic_year, 9, 1) + dt.timedelta(days=i % 360),
                status=rng.choice(ItemStatus.values),
                result="Выполнено",
            )
            for annual in annual_plans
            for i in range(max(10, size // 5))
        ],
        batch_size=1000,
    )

    m.InternationalActivity.objects.bulk_create(
        [
            searchable(
                m.InternationalActivity(
                    organization=org,
                    title=f"{rng.choice(['Летняя школа', 'Семинар', 'Лекция'])} {i} "
                    f"({rng.choice(WORDS)})",
                    kind=rng.choice(kinds),
                    area=rng.choice(areas),
                    starts_on=dt.date(2023, 1, 1) + dt.timedelta(days=i % 1000),
                    country="TR",
                    city="Анкара",
                    partners="Университет партнёр",
                    foreign_participants=rng.randint(0, 30),
                    own_participants=rng.randint(0, 30),
                )
            )
            for i in range(max(10, size // 2))
        ],
        batch_size=1000,
    )
    m.ConferenceParticipation.objects.bulk_create(
        [
            searchable(
                m.ConferenceParticipation(
                    organization=org,
                    person=persons[i % len(persons)],
                    event=f"Международная конференция {i} ({rng.choice(WORDS)})",
                    kind=rng.choice(ConferenceKind.values),
                    country="DE",
                    city="Берлин",
                    starts_on=dt.date(2023, 1, 1) + dt.timedelta(days=i % 1000),
                    role=rng.choice(ConferenceRole.values),
                    paper_title=f"Доклад {i}",
                )
            )
            for i in range(max(10, size))
        ],
        batch_size=1000,
    )

    works = m.ForeignersWork.objects.bulk_create(
        [
            m.ForeignersWork(organization=org, academic_year=year, group_formation="По уровню")
            for year in YEARS
        ]
    )
    ctx.created["planning.ForeignersWork"] = works
    rows = max(10, size // 5)
    for work in works:
        m.StaffDevelopment.objects.bulk_create(
            [
                m.StaffDevelopment(
                    organization=org,
                    work=work,
                    person=persons[i % len(persons)],
                    title=f"Курс {i}",
                    hours=72,
                )
                for i in range(rows)
            ],
            batch_size=1000,
        )
        m.SpecialCourse.objects.bulk_create(
            [
                m.SpecialCourse(organization=org, work=work, title=f"Спецкурс {i}")
                for i in range(rows)
            ],
            batch_size=1000,
        )
        m.TeachingMaterial.objects.bulk_create(
            [
                m.TeachingMaterial(
                    organization=org,
                    work=work,
                    kind=rng.choice(TeachingMaterialKind.values),
                    title=f"Пособие {i}",
                    authors="Автор А.",
                    year=work.academic_year,
                    language="русский",
                )
                for i in range(rows)
            ],
            batch_size=1000,
        )
        m.JointPublication.objects.bulk_create(
            [
                m.JointPublication(
                    organization=org,
                    work=work,
                    title=f"Статья {i}",
                    authors="Автор А., Author B.",
                    year=work.academic_year,
                    topic=rng.choice(WORDS),
                )
                for i in range(rows)
            ],
            batch_size=1000,
        )

    m.AnalyticalMaterial.objects.bulk_create(
        [
            searchable(
                m.AnalyticalMaterial(
                    organization=org,
                    title=f"Обзор {i}: {rng.choice(WORDS)}",
                    kind=rng.choice(MaterialKind.values),
                    topic=rng.choice(WORDS),
                    countries=[rng.choice(["DE", "FI", "KR", "US", "TR"])],
                    author="Ким С. В.",
                    prepared_on=dt.date(2023, 1, 1) + dt.timedelta(days=i % 1000),
                    summary="Сравнительный анализ",
                )
            )
            for i in range(max(10, size // 2))
        ],
        batch_size=1000,
    )
    proposals = m.SpecialtyProposal.objects.bulk_create(
        [m.SpecialtyProposal(organization=org, year=year + 1) for year in YEARS]
    )
    ctx.created["planning.SpecialtyProposal"] = proposals
    m.PrioritySpecialty.objects.bulk_create(
        [
            m.PrioritySpecialty(
                organization=org,
                proposal=proposal,
                code=f"6B07{i:03d}",
                name=f"Специальность {i}",
                level="bachelor",
                justification="Дефицит кадров",
                countries=["KR"],
            )
            for proposal in proposals
            for i in range(20)
        ]
    )


def _first(label):
    return lambda d: d.sample(label).pk


def pages() -> list:
    """The planning pages measured (a function: benchmarks.pages imports this module)."""
    from .pages import Page

    return [
        Page("planning.overview", "planning:overview"),
        Page(
            "planning.long_term.detail",
            "planning:long-term-plan-detail",
            kwargs={"pk": _first("planning.LongTermPlan")},
            needs=("planning.LongTermPlan",),
        ),
        Page("planning.annual.list", "planning:annual-plan-list"),
        Page(
            "planning.annual.detail",
            "planning:annual-plan-detail",
            kwargs={"pk": _first("planning.AnnualPlan")},
            needs=("planning.AnnualPlan",),
        ),
        Page(
            "planning.annual.docx",
            "planning:annual-plan-docx",
            kwargs={"pk": _first("planning.AnnualPlan")},
            query={"lang": "kk"},
            needs=("planning.AnnualPlan",),
        ),
        Page("planning.activities.list", "planning:activity-list"),
        Page("planning.activities.search", "planning:activity-list", query={"q": "летняя школа"}),
        Page("planning.conferences.list", "planning:conference-list"),
        Page("planning.conferences.search", "planning:conference-list", query={"q": "мобильность"}),
        Page(
            "planning.foreigners.detail",
            "planning:foreigners-work-detail",
            kwargs={"pk": _first("planning.ForeignersWork")},
            needs=("planning.ForeignersWork",),
        ),
        Page("planning.materials.list", "planning:material-list"),
        Page("planning.materials.search", "planning:material-list", query={"q": "обзор экология"}),
        Page(
            "planning.specialties.detail",
            "planning:specialty-proposal-detail",
            kwargs={"pk": _first("planning.SpecialtyProposal")},
            needs=("planning.SpecialtyProposal",),
        ),
        Page("planning.api.conferences.list", "planning-conference-list"),
        Page("planning.api.annual_plan_items.list", "planning-annual-plan-item-list"),
        Page("planning.api.analytical_materials.list", "planning-analytical-material-list"),
    ]
