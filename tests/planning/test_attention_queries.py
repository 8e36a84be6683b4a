import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.planning import AnnualPlanFactory, AnnualPlanItemFactory
from yntymaq.core import attention
from yntymaq.planning.attention import plan_item_deadlines
from yntymaq.planning.enums import PlanStatus

pytestmark = pytest.mark.django_db


def count_queries(org, today, limit=None):
    with CaptureQueriesContext(connection) as queries:
        items = attention.read(plan_item_deadlines(org, today), limit=limit).items
    return len(items), len(queries)


def test_plan_item_deadlines_use_one_query_whatever_the_number_of_items(org):
    plan = AnnualPlanFactory(organization=org, academic_year=2026, status=PlanStatus.APPROVED)
    AnnualPlanItemFactory(plan=plan, deadline=dt.date(2026, 12, 1))
    one = count_queries(org, dt.date(2026, 11, 25))
    for day in range(2, 12):
        AnnualPlanItemFactory(plan=plan, deadline=dt.date(2026, 12, day))

    many = count_queries(org, dt.date(2026, 11, 25))

    assert (one[0], many[0]) == (1, 9)  # deadlines within the 14-day horizon
    assert one[1] == many[1] == 1


def test_plan_item_deadlines_read_for_the_dashboard_count_the_rest(org):
    plan = AnnualPlanFactory(organization=org, academic_year=2026, status=PlanStatus.APPROVED)
    for day in range(1, 13):
        AnnualPlanItemFactory(plan=plan, deadline=dt.date(2026, 12, day))

    gathered = attention.read(plan_item_deadlines(org, dt.date(2026, 11, 28)), limit=3)

    assert [item.due.day for item in gathered.items] == [1, 2, 3]
    assert gathered.total == 12
