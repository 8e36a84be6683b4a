import datetime as dt

import pytest

from tests.factories.people import PersonFactory
from tests.factories.planning import (
    AnnualPlanFactory,
    AnnualPlanItemFactory,
    ConferenceParticipationFactory,
    ForeignersWorkFactory,
    InternationalActivityFactory,
    JointPublicationFactory,
    SpecialCourseFactory,
    TeachingMaterialFactory,
)
from yntymaq.planning import queries
from yntymaq.planning.enums import ItemStatus, PlanStatus
from yntymaq.planning.periods import academic_year_bounds, academic_year_of

pytestmark = pytest.mark.django_db


def test_academic_year_bounds_follow_the_organization(org):
    org.academic_year_start_month, org.academic_year_start_day = 8, 25

    assert academic_year_bounds(org, 2025) == (dt.date(2025, 8, 25), dt.date(2026, 8, 24))
    assert academic_year_of(org, dt.date(2025, 8, 24)) == 2024
    assert academic_year_of(org, dt.date(2025, 8, 25)) == 2025


def test_a2_5_annual_plan_for_year(org, other_org):
    plan = AnnualPlanFactory(organization=org, academic_year=2025)
    AnnualPlanItemFactory(plan=plan, organization=org)
    AnnualPlanFactory(organization=other_org, academic_year=2025)

    found = queries.annual_plan_for_year(org, 2025)

    assert found == plan
    assert len(found.items.all()) == 1
    assert queries.annual_plan_for_year(org, 2024) is None


def test_a2_8_conference_participations_overlapping_the_period(org):
    start, end = dt.date(2025, 9, 1), dt.date(2026, 8, 31)
    inside = ConferenceParticipationFactory(
        organization=org, starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2025, 10, 3)
    )
    across = ConferenceParticipationFactory(
        organization=org, starts_on=dt.date(2025, 8, 30), ends_on=dt.date(2025, 9, 2)
    )
    one_day = ConferenceParticipationFactory(
        organization=org, starts_on=dt.date(2026, 8, 31), ends_on=None
    )
    ConferenceParticipationFactory(
        organization=org, starts_on=dt.date(2025, 8, 1), ends_on=dt.date(2025, 8, 31)
    )
    ConferenceParticipationFactory(organization=org, starts_on=dt.date(2024, 8, 1), ends_on=None)

    assert list(queries.conference_participations(org, start, end)) == [across, inside, one_day]


def test_a2_9_work_with_foreigners_counts_publications_and_topics(org):
    work = ForeignersWorkFactory(organization=org, academic_year=2025)
    JointPublicationFactory(work=work, organization=org, topic="мобильность")
    JointPublicationFactory(work=work, organization=org, topic="цифровизация")
    JointPublicationFactory(work=work, organization=org, topic="мобильность")
    JointPublicationFactory(work=work, organization=org, topic="")
    SpecialCourseFactory(work=work, organization=org)
    TeachingMaterialFactory(work=work, organization=org)

    summary = queries.work_with_foreigners(org, 2025)

    assert summary.work == work
    assert summary.publication_summary.count == 4
    assert summary.publication_summary.topics == [("мобильность", 2), ("цифровизация", 1)]
    assert len(summary.special_courses) == 1
    assert len(summary.teaching_materials) == 1
    assert queries.work_with_foreigners(org, 2024) is None


def test_r8_1_international_activities_in_period(org):
    summer = InternationalActivityFactory(
        organization=org, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 7, 14)
    )
    InternationalActivityFactory(
        organization=org, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 3)
    )

    assert list(
        queries.international_activities(org, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    ) == [summer]


def test_plan_items_needing_attention_only_open_items_of_approved_plans(org):
    today = dt.date(2026, 3, 1)
    approved = AnnualPlanFactory(organization=org, academic_year=2025, status=PlanStatus.APPROVED)
    draft = AnnualPlanFactory(organization=org, academic_year=2024)
    overdue = AnnualPlanItemFactory(plan=approved, organization=org, deadline=dt.date(2026, 2, 1))
    soon = AnnualPlanItemFactory(plan=approved, organization=org, deadline=dt.date(2026, 3, 10))
    AnnualPlanItemFactory(plan=approved, organization=org, deadline=dt.date(2026, 6, 1))
    AnnualPlanItemFactory(
        plan=approved,
        organization=org,
        deadline=dt.date(2026, 2, 1),
        status=ItemStatus.DONE,
        result="ok",
    )
    AnnualPlanItemFactory(plan=draft, organization=org, deadline=dt.date(2025, 2, 1))

    assert list(queries.plan_items_needing_attention(org, today)) == [overdue, soon]


def test_attention_provider_names_the_plan_and_clause(org):
    from yntymaq.core import attention

    plan = AnnualPlanFactory(organization=org, academic_year=2025, status=PlanStatus.APPROVED)
    AnnualPlanItemFactory(
        plan=plan,
        organization=org,
        activity="Визит в Сеул",
        deadline=dt.date(2026, 2, 1),
        responsible=PersonFactory(organization=org),
    )

    items = [i for i in attention.items(org, dt.date(2026, 3, 1)) if i.kind.startswith("planning")]

    assert [(i.title, i.clause, i.due) for i in items] == [
        ("Work plan 2025/2026: Визит в Сеул", "A2.5", dt.date(2026, 2, 1))
    ]
