"""Demo data of the annual report for `make demo`. Idempotent: creates only what is missing.

From the registries' own demo data: the university's report for the demo year 2025/2026 was
submitted on time, returned by the authority with a comment, submitted again as version 2 and
accepted — so the national figures and ratings have its numbers; the college's report is a
draft whose check list shows what it still lacks (no approved annual plan).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import queries, services
from .enums import GenerationStatus
from .models import AnnualReport, ReportGeneration

DEMO_YEAR = 2025  # the academic year 2025/2026, as in the registries' demo data
HEAD = "head@demo-university.kz"
RESPONSIBLE = "responsible@demo-college.kz"
AUTHORITY = "analyst@edu.gov.kz"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _generate(report: AnnualReport, actor) -> ReportGeneration:
    """Generate the files right away (the demo may run without a task worker)."""
    generation = services.generation_start(report=report, actor=actor)
    generation.refresh_from_db()
    if generation.status == GenerationStatus.PENDING:
        generation = services.generation_run(generation_id=generation.pk)
    return generation


def _university(demo) -> None:
    organization = demo.university
    if queries.report_for_year(organization, DEMO_YEAR) is not None:
        return
    head = demo.users[HEAD]
    authority = demo.users[AUTHORITY]
    report = services.report_create(
        organization=organization, academic_year=DEMO_YEAR, actor=head, today=dt.date(2026, 6, 1)
    )
    services.report_update_notes(
        report=report,
        actor=head,
        notes={
            "note_7": "Все действующие соглашения реализуются; по двум подготовлены отчёты "
            "партнёрам о мобильности.",
            "note_8": "Сотрудники выступили с докладами на международных конференциях в "
            "Турции, Республике Корея и Германии.",
        },
    )
    _generate(report, head)
    first = services.report_submit(report=report, actor=head, now=_at(dt.date(2026, 7, 1), 11))
    services.submission_decide(
        submission=first,
        actor=authority,
        accept=False,
        comment="Дополните пункт 9 сведениями о выполнении индивидуальных планов.",
        now=_at(dt.date(2026, 7, 3), 15),
    )
    services.report_update_notes(
        report=report,
        actor=head,
        notes={
            "note_9": "Индивидуальные планы выполнены 94% иностранных обучающихся; все "
            "приглашённые преподаватели выполнили планы полностью."
        },
    )
    _generate(report, head)
    second = services.report_submit(report=report, actor=head, now=_at(dt.date(2026, 7, 8), 10))
    services.submission_decide(
        submission=second, actor=authority, accept=True, now=_at(dt.date(2026, 7, 10), 12)
    )


def _college(demo) -> None:
    organization = demo.college
    if queries.report_for_year(organization, DEMO_YEAR) is not None:
        return
    responsible = demo.users[RESPONSIBLE]
    report = services.report_create(
        organization=organization,
        academic_year=DEMO_YEAR,
        actor=responsible,
        today=dt.date(2026, 6, 1),
    )
    services.report_update_notes(
        report=report,
        actor=responsible,
        notes={"note_9": "Иностранные обучающиеся занимаются в общих группах с наставниками."},
    )


def seed(demo) -> None:
    _university(demo)
    _college(demo)
