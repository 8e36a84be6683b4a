import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.planning import (
    ForeignersWorkFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    JointPublicationFactory,
)
from yntymaq.planning import indicators, queries
from yntymaq.planning.enums import IndicatorKind
from yntymaq.planning.indicators import Source

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 20)


@pytest.fixture
def stays_source(monkeypatch):
    """Wire the foreign-students indicator to a test query function, as the incoming app will."""
    source = Source(
        "incoming.foreign_students",
        "foreigners' stays",
        "tests.planning.sources_for_tests",
        "stays_count",
        {"group": "students"},
    )
    monkeypatch.setitem(indicators.SOURCES, source.key, source)
    return source


def test_resolve_missing_module_means_entered_by_hand(monkeypatch):
    monkeypatch.setitem(
        indicators.SOURCES,
        "x.missing",
        Source("x.missing", "nothing", "yntymaq.no_such_app.queries", "count"),
    )

    assert indicators.resolve("x.missing") is None


def test_resolve_missing_function_means_entered_by_hand(monkeypatch):
    monkeypatch.setitem(
        indicators.SOURCES,
        "x.absent",
        Source("x.absent", "nothing", "tests.planning.sources_for_tests", "no_such_function"),
    )

    assert indicators.resolve("x.absent") is None


def test_resolve_function_with_wrong_signature_means_entered_by_hand(monkeypatch):
    monkeypatch.setitem(
        indicators.SOURCES,
        "x.wrong",
        Source("x.wrong", "nothing", "tests.planning.sources_for_tests", "wrong_signature"),
    )

    assert indicators.resolve("x.wrong") is None


def test_resolve_accepts_keyword_only_query_functions(monkeypatch, org):
    monkeypatch.setitem(
        indicators.SOURCES,
        "x.keywords",
        Source("x.keywords", "k", "tests.planning.sources_for_tests", "keyword_only_count"),
    )

    function = indicators.resolve("x.keywords")

    assert indicators.compute(function, org, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == 11


def test_planning_publications_source_exists():
    assert "planning.joint_publications" in indicators.available_sources()


def test_every_kind_with_a_source_names_a_known_source():
    assert set(indicators.KIND_SOURCES.values()) <= set(indicators.SOURCES)
    assert IndicatorKind.FOREIGN_TUITION_INCOME not in indicators.KIND_SOURCES
    assert IndicatorKind.LANGUAGE_CERTIFIED_GRADUATES not in indicators.KIND_SOURCES


def test_r2_1_actual_value_comes_from_the_registry(long_term_plan, stays_source):
    indicator = IndicatorFactory(
        plan=long_term_plan,
        organization=long_term_plan.organization,
        kind=IndicatorKind.FOREIGN_STUDENTS,
        name="",
    )
    IndicatorValueFactory(
        indicator=indicator, organization=indicator.organization, year=2025, target=10, actual=99
    )

    progress = queries.long_term_plan_progress(long_term_plan, TODAY)

    row = progress.rows[0]
    assert row.computed is True
    assert [(c.year, c.target, c.actual, c.actual_from) for c in row.cells] == [
        (2025, Decimal("10.00"), Decimal("7"), "registry"),
        (2026, None, Decimal("7"), "registry"),
        (2027, None, None, ""),
        (2028, None, None, ""),
        (2029, None, None, ""),
    ]
    assert row.cells[0].percent == 70


def test_r2_1_without_a_registry_the_hand_entered_value_is_shown(long_term_plan, monkeypatch):
    monkeypatch.setitem(
        indicators.SOURCES,
        "incoming.foreign_students",
        Source("incoming.foreign_students", "stays", "yntymaq.no_such_app.queries", "count"),
    )
    indicator = IndicatorFactory(
        plan=long_term_plan,
        organization=long_term_plan.organization,
        kind=IndicatorKind.FOREIGN_STUDENTS,
        name="",
    )
    IndicatorValueFactory(
        indicator=indicator, organization=indicator.organization, year=2025, target=10, actual=9
    )

    row = queries.long_term_plan_progress(long_term_plan, TODAY).rows[0]

    assert row.computed is False
    assert (row.cells[0].actual, row.cells[0].actual_from) == (Decimal("9.00"), "hand")


def test_r2_1_publications_counted_from_work_with_foreigners(long_term_plan):
    work = ForeignersWorkFactory(organization=long_term_plan.organization, academic_year=2025)
    for year in (2025, 2025, 2026):
        JointPublicationFactory(work=work, organization=work.organization, year=year)
    IndicatorFactory(
        plan=long_term_plan,
        organization=long_term_plan.organization,
        kind=IndicatorKind.JOINT_PUBLICATIONS,
        name="",
    )

    row = queries.long_term_plan_progress(long_term_plan, TODAY).rows[0]

    assert [c.actual for c in row.cells[:3]] == [Decimal(2), Decimal(1), None]
    assert [c.actual_from for c in row.cells[:3]] == ["registry", "registry", ""]


def test_long_term_plan_page_shows_registry_actual_next_to_target(
    long_term_plan, stays_source, service_head, client_for
):
    indicator = IndicatorFactory(
        plan=long_term_plan,
        organization=long_term_plan.organization,
        kind=IndicatorKind.FOREIGN_STUDENTS,
        name="",
    )
    IndicatorValueFactory(
        indicator=indicator, organization=indicator.organization, year=2025, target=10
    )

    html = (
        client_for(service_head)
        .get(f"/o/kaznu/planning/long-term/{long_term_plan.pk}/")
        .content.decode()
    )

    assert "Actual value: from the registry of foreigners&#x27; stays" in html
    assert '<span class="fw-semibold" data-role="target">10</span>' in html
    assert '<span class="fw-semibold" data-role="actual">7</span>' in html


@pytest.mark.parametrize(
    "kind", [IndicatorKind.LANGUAGE_CERTIFIED_GRADUATES, IndicatorKind.FOREIGN_TUITION_INCOME]
)
def test_r2_6_r2_8_indicators_are_entered_by_hand(kind, long_term_plan):
    indicator = IndicatorFactory(
        plan=long_term_plan, organization=long_term_plan.organization, kind=kind, name=""
    )
    IndicatorValueFactory(
        indicator=indicator, organization=indicator.organization, year=2025, target=40, actual=33
    )

    row = queries.long_term_plan_progress(long_term_plan, TODAY).rows[0]

    assert (row.source, row.computed) == (None, False)
    assert (row.cells[0].target, row.cells[0].actual, row.cells[0].actual_from) == (
        Decimal("40.00"),
        Decimal("33.00"),
        "hand",
    )
    assert row.cells[0].percent == 83
