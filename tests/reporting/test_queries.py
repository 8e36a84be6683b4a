import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.core import OrganizationFactory
from tests.factories.incoming import StayFactory
from tests.factories.outbound import TripFactory
from tests.factories.reporting import (
    AnnualReportFactory,
    SubmissionFactory,
    a2_3_row,
    a2_4_row,
    empty_data,
)
from tests.factories.service import (
    AppointmentFactory,
    OfficialFactory,
    ServiceProfileFactory,
    UnitFactory,
)
from tests.reporting.conftest import YEAR, needs
from yntymaq.core.enums import OrganizationKind, Region
from yntymaq.reporting import queries, sources
from yntymaq.reporting.enums import ReportState, SubmissionStatus

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 10)


# --- periods ---------------------------------------------------------------------------------


def test_academic_year_bounds_follow_the_organizations_start(org):
    org.academic_year_start_month, org.academic_year_start_day = 1, 15

    bounds = queries.academic_year_bounds(org, 2025)

    assert bounds == (dt.date(2025, 1, 15), dt.date(2026, 1, 14))


def test_academic_year_of_a_day(org):
    assert queries.academic_year_of(org, dt.date(2026, 8, 31)) == 2025
    assert queries.academic_year_of(org, dt.date(2026, 9, 1)) == 2026


def test_r8_11_report_is_due_15_july_of_the_year_it_ends():
    assert queries.report_deadline(2025) == dt.date(2026, 7, 15)


def test_r8_11_deadline_is_a_setting(settings):
    settings.YNTYMAQ_ANNUAL_REPORT_DEADLINE = (6, 30)

    assert queries.report_deadline(2025) == dt.date(2026, 6, 30)


def test_reporting_year_switches_after_the_deadline(org):
    assert queries.reporting_year(org, dt.date(2026, 7, 15)) == 2025
    assert queries.reporting_year(org, dt.date(2026, 7, 16)) == 2026


def test_organization_registered_is_read_from_the_bin(org):
    assert queries.organization_registered(org) == dt.date(2005, 9, 1)


# --- R4 ----------------------------------------------------------------------------------------


@needs(sources.PARTNERS, "r4_2_active_agreements")
@needs(sources.OUTBOUND, "r4_3_citizens_abroad")
def test_r6_without_agreements_or_citizens_abroad_a_responsible_person_is_appointed(org):
    result = queries.r4_eligibility(org, ON)

    assert [(c.clause, c.count, c.met) for c in result.criteria[1:]] == [
        ("R4.2", 0, False),
        ("R4.3", 0, False),
    ]
    assert result.service_required is False
    assert str(result.verdict).startswith("R6:")
    assert [str(w) for w in result.warnings] == [
        "R6: no person responsible for international cooperation is appointed."
    ]


@needs(sources.PARTNERS, "r4_2_active_agreements")
@needs(sources.OUTBOUND, "r4_3_citizens_abroad")
def test_r4_warns_about_a_service_the_organization_does_not_need(org):
    ServiceProfileFactory(organization=org, exists=True)
    AppointmentFactory(organization=org)

    result = queries.r4_eligibility(org, ON)

    assert [str(w) for w in result.warnings] == [
        "R4: the organization has a Service although it does not meet all of R4.1–R4.3 on "
        "this date."
    ]


@needs(sources.PARTNERS, "r4_2_active_agreements")
def test_r4_2_counts_an_agreement_in_force_with_a_result_and_links_it(org):
    from tests.factories.partners import AgreementFactory, ImplementationResultFactory

    agreement = AgreementFactory(
        organization=org,
        title="Соглашение с Университетом Бонна",
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2028, 12, 31),
    )
    ImplementationResultFactory(organization=org, agreement=agreement, date=dt.date(2026, 1, 20))
    AgreementFactory(organization=org, valid_from=dt.date(2024, 1, 1), valid_to=None)

    count, rows = sources.r4_2(org, ON)

    assert count == 1
    assert [(r["label"], r["url"]) for r in rows] == [
        ("Соглашение с Университетом Бонна", f"/o/kaznu/partners/agreements/{agreement.pk}/")
    ]


@needs(sources.OUTBOUND, "r4_3_citizens_abroad")
def test_r4_3_counts_citizens_abroad_on_the_date(org):
    from tests.factories.outbound import TripFactory
    from tests.factories.people import PersonFactory

    person = PersonFactory(organization=org, last_name="Сейткали", first_name="Асель")
    TripFactory(
        organization=org,
        person=person,
        status="abroad",
        actual_departure=dt.date(2026, 2, 1),
        planned_departure=dt.date(2026, 2, 1),
        planned_return=dt.date(2026, 6, 30),
    )
    TripFactory(
        organization=org,
        status="returned",
        actual_departure=dt.date(2025, 10, 1),
        actual_return=dt.date(2025, 12, 20),
        planned_departure=dt.date(2025, 10, 1),
        planned_return=dt.date(2025, 12, 20),
    )

    count, rows = sources.r4_3(org, ON)

    assert count == 1
    assert rows[0]["label"] == "Сейткали Асель"
    assert rows[0]["detail"] == "South Korea, Сеул"


@needs(sources.INCOMING, "r4_1_foreigners")
def test_r4_1_counts_foreigners_at_the_organization_and_links_their_stays(org):
    from tests.factories.incoming import StayFactory
    from tests.factories.people import ForeignerFactory

    li = ForeignerFactory(
        organization=org, last_name="Ли", first_name="Мин", patronymic="",
        last_name_latin="LI", first_name_latin="MIN",
    )  # fmt: skip
    stay = StayFactory(organization=org, person=li, category="doctoral")
    StayFactory(organization=org, category="other")
    StayFactory(
        organization=org,
        status="departed",
        arrival_date=dt.date(2023, 8, 25),
        actual_departure=dt.date(2025, 6, 30),
    )

    count, rows = sources.r4_1(org, ON)

    assert count == 1
    assert [(r["label"], r["url"]) for r in rows] == [
        ("Ли Мин", f"/o/kaznu/incoming/stays/{stay.pk}/")
    ]


@needs(sources.INCOMING, "r4_1_foreigners")
@needs(sources.PARTNERS, "r4_2_active_agreements")
@needs(sources.OUTBOUND, "r4_3_citizens_abroad")
def test_r4_a_service_is_required_when_all_three_are_met(org):
    from tests.factories.incoming import StayFactory
    from tests.factories.outbound import TripFactory
    from tests.factories.partners import AgreementFactory, ImplementationResultFactory

    for _ in range(10):
        StayFactory(organization=org)
        TripFactory(
            organization=org,
            status="abroad",
            actual_departure=dt.date(2026, 2, 1),
            planned_departure=dt.date(2026, 2, 1),
            planned_return=dt.date(2026, 6, 30),
        )
    for day in (dt.date(2026, 1, 20), dt.date(2025, 11, 3)):
        agreement = AgreementFactory(
            organization=org, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2028, 1, 1)
        )
        ImplementationResultFactory(organization=org, agreement=agreement, date=day)

    result = queries.r4_eligibility(org, ON)

    assert [(c.clause, c.count, c.threshold, c.met) for c in result.criteria] == [
        ("R4.1", 10, 10, True),
        ("R4.2", 2, 2, True),
        ("R4.3", 10, 10, True),
    ]
    assert [row["detail"].split("; ")[1] for row in result.criteria[1].rows] == [
        "1 result in 12 months, the latest on 20.01.2026",
        "1 result in 12 months, the latest on 03.11.2025",
    ]
    assert result.service_required is True
    assert [str(w) for w in result.warnings] == [
        "R4: the organization meets R4.1–R4.3 but has no Service recorded. Create the Service "
        "by an order of the first head (R5).",
        "R6: no person responsible for international cooperation is appointed.",
    ]


@needs(sources.PARTNERS, "r4_2_active_agreements")
def test_r4_2_one_agreement_is_not_the_plural_of_the_seed(org, settings):
    """R4.2: "активно и результативно реализуемых договоров …" — one agreement with one
    result does not meet it by default (2 agreements); the setting can lower the bar."""
    from tests.factories.partners import AgreementFactory, ImplementationResultFactory

    agreement = AgreementFactory(
        organization=org, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2028, 1, 1)
    )
    ImplementationResultFactory(organization=org, agreement=agreement, date=dt.date(2026, 1, 20))

    default = queries.r4_eligibility(org, ON).criteria[1]
    settings.YNTYMAQ_R4_2_MIN_AGREEMENTS = 1
    lowered = queries.r4_eligibility(org, ON).criteria[1]

    assert (default.count, default.threshold, default.met) == (1, 2, False)
    assert (lowered.count, lowered.threshold, lowered.met) == (1, 1, True)
    assert str(default.rule) == (
        "Agreements in force on the date with at least 1 recorded results in the preceding "
        "12 months; each line shows its results."
    )


def test_r4_criterion_not_available_leaves_the_verdict_open():
    criterion = queries.Criterion("R4.1", "x", 10, None)

    assert (criterion.available, criterion.met) == (False, None)


# --- A2.3, A2.4 ---------------------------------------------------------------------------------


@needs(sources.INCOMING, "a2_3_rows")
def test_a2_3_lists_everyone_whose_stay_overlaps_the_year(org):
    from tests.factories.incoming import StayFactory
    from tests.factories.people import ForeignerFactory

    wang = ForeignerFactory(
        organization=org, last_name="", first_name="", patronymic="",
        last_name_latin="WANG", first_name_latin="LEI", birth_date=dt.date(2004, 5, 1),
    )  # fmt: skip
    StayFactory(organization=org, person=wang, arrival_date=dt.date(2025, 8, 25))
    StayFactory(
        organization=org,
        status="departed",
        arrival_date=dt.date(2023, 8, 25),
        actual_departure=dt.date(2025, 6, 30),
    )
    StayFactory(organization=org, status="invited", arrival_date=None)

    rows = sources.a2_3_foreigners(org, dt.date(2025, 9, 1), dt.date(2026, 8, 31))

    assert len(rows) == 1
    row = rows[0]
    assert (row["full_name"], row["birth_year"], row["country"], row["arrival_line"]) == (
        "WANG LEI",
        2004,
        "CN",
        "state_grant",
    )
    assert (row["specialty"], row["course"], row["residence"]) == (
        "6B04101 Экономика",
        1,
        "Общежитие № 1",
    )
    assert (row["expected_completion"], row["expected_departure"]) == ("2029-06-30", "2029-07-15")


@needs(sources.OUTBOUND, "a2_4_rows")
def test_a2_4_lists_departed_trips_overlapping_the_year(org):
    from tests.factories.outbound import TripFactory
    from tests.factories.people import PersonFactory

    person = PersonFactory(organization=org, last_name="Омаров", first_name="Ерлан", patronymic="")
    TripFactory(
        organization=org,
        person=person,
        status="returned",
        planned_departure=dt.date(2026, 3, 2),
        planned_return=dt.date(2026, 3, 27),
        actual_departure=dt.date(2026, 3, 2),
        actual_return=dt.date(2026, 3, 28),
    )
    TripFactory(organization=org, status="planned")

    rows = sources.a2_4_citizens_abroad(org, dt.date(2025, 9, 1), dt.date(2026, 8, 31))

    assert [(r["full_name"], r["purpose"], r["country"], r["actual_return"]) for r in rows] == [
        ("Омаров Ерлан", "research", "KR", "2026-03-28")
    ]


# --- the check list (pure) ------------------------------------------------------------------


def _data(org, **items):
    data = empty_data(org, YEAR)
    data["items"].update(items)
    return data


def test_gaps_a_student_without_course_blocks_a_teacher_without_course_does_not(org):
    data = _data(
        org,
        **{
            "3": {
                "available": True,
                "rows": [a2_3_row(course=None), a2_3_row(category="teacher", course=None)],
                "origin": {},
            },
            "5": {
                "available": True,
                "plan": {
                    "title": "План",
                    "approved": True,
                    "url": "/p/",
                    "approved_at": "",
                    "items": [],
                },
            },
        },
    )

    gaps = queries.report_gaps(data, today=ON)

    assert [(g.item, g.code, g.blocking, str(g.message)) for g in gaps] == [
        (3, "foreigner_specialty_course", True, "A2.3: WANG LEI has no course.")
    ]


def test_gaps_no_approved_plan_blocks_missing_copy_and_return_date_warn(org):
    agreement = {
        "id": 1, "number": "1", "title": "Меморандум с Бонном", "kind": "memorandum",
        "partners": [], "signed_on": "", "valid_from": "", "valid_to": "",
        "has_signed_copy": False, "url": "/a/1/",
    }  # fmt: skip
    data = _data(
        org,
        **{
            "4": {"available": True, "rows": [a2_4_row(planned_return="2026-01-31")]},
            "5": {"available": True, "plan": None},
            "6": {"available": True, "rows": [agreement]},
        },
    )

    gaps = queries.report_gaps(data, today=ON)

    assert [(g.item, g.code, g.blocking) for g in gaps] == [
        (4, "trip_return_date", False),
        (5, "annual_plan", True),
        (6, "agreement_copy", False),
    ]
    assert str(gaps[1].message) == "A2.5: there is no approved annual work plan for 2025/2026."


def test_gaps_an_item_not_available_is_a_warning(org):
    data = _data(
        org, **{"8": {"available": False, "needed": "x"}, "5": {"available": False, "needed": "y"}}
    )

    gaps = queries.report_gaps(data, today=ON)

    assert [(g.item, g.code, g.blocking) for g in gaps] == [
        (5, "not_available", False),
        (8, "not_available", False),
    ]


def test_report_figures_count_the_data(org):
    data = _data(
        org,
        **{
            "3": {
                "available": True,
                "rows": [a2_3_row(), a2_3_row(country="RU", category="teacher")],
                "origin": {"diaspora": 1, "kandas": 0, "quota": 0, "cis": 1},
            },
            "4": {"available": True, "rows": [a2_4_row(), a2_4_row(country="DE", purpose="work")]},
        },
    )

    figures = queries.report_figures(data)

    assert (figures["foreigners"], figures["citizens_abroad"]) == (2, 2)
    assert figures["by"]["citizenship"] == {"CN": 1, "RU": 1}
    assert figures["by"]["category"] == {"main_program": 1, "teacher": 1}
    assert figures["by"]["origin"] == {"diaspora": 1, "kandas": 0, "quota": 0, "cis": 1}
    assert figures["by"]["abroad_country"] == {"KR": 1, "DE": 1}
    assert figures["by"]["purpose"] == {"study": 1, "work": 1}


# --- the authority ---------------------------------------------------------------------------


def _figures(foreigners, abroad, country="CN"):
    return {
        "foreigners": foreigners, "citizens_abroad": abroad, "agreements": 1,
        "conferences": 0, "publications": 0,
        "by": {"citizenship": {country: foreigners}, "abroad_country": {"KR": abroad}},
    }  # fmt: skip


def test_national_figures_add_up_the_latest_versions_unless_returned(org, other_org):
    third = OrganizationFactory(slug="third")
    report = AnnualReportFactory(organization=org, academic_year=YEAR)
    SubmissionFactory(
        organization=org,
        report=report,
        version=1,
        status=SubmissionStatus.RETURNED,
        figures=_figures(5, 1),
    )
    SubmissionFactory(organization=org, report=report, version=2, figures=_figures(7, 2))
    SubmissionFactory(
        organization=other_org,
        version=1,
        status=SubmissionStatus.ACCEPTED,
        figures=_figures(3, 4, "TR"),
    )
    SubmissionFactory(
        organization=third, version=1, status=SubmissionStatus.RETURNED, figures=_figures(100, 100)
    )

    figures = queries.national_figures(YEAR)

    assert figures.organizations == 2
    assert (figures.totals["foreigners"], figures.totals["citizens_abroad"]) == (10, 6)
    assert [(code, n) for code, _label, n in figures.by["citizenship"]] == [("CN", 7), ("TR", 3)]


def test_r2_10_ratings_score_by_the_formula(org, other_org):
    SubmissionFactory(organization=org, figures=_figures(10, 4), on_time=True)
    SubmissionFactory(organization=other_org, figures=_figures(5, 8), on_time=False)

    ranking = queries.ratings(YEAR)

    # kaznu: 100 × (0.3·10/10 + 0.2·4/8 + 0.2·1/1 + 0.1·1/1) = 70.0
    # other: 100 × (0.3·5/10 + 0.2·8/8 + 0.2·1/1 + 0) = 55.0
    assert [(r.place, r.organization.slug, r.score) for r in ranking] == [
        (1, "kaznu", 70.0),
        (2, "other", 55.0),
    ]


def test_authority_overview_states(org, other_org):
    third = OrganizationFactory(slug="third", short_name="Третий")
    fourth = OrganizationFactory(slug="fourth", short_name="Четвёртый")
    AnnualReportFactory(organization=other_org, academic_year=YEAR)
    SubmissionFactory(organization=org, on_time=False)
    SubmissionFactory(organization=third, status=SubmissionStatus.ACCEPTED)

    rows = queries.authority_overview(YEAR)

    assert {row.organization.slug: row.state for row in rows} == {
        "kaznu": ReportState.SUBMITTED_LATE,
        "other": ReportState.DRAFT,
        "third": ReportState.ACCEPTED,
        "fourth": ReportState.NOT_STARTED,
    }
    assert fourth.pk


def test_authority_overview_filters_by_region_and_kind(org, other_org):
    other_org.region, other_org.kind = Region.KARAGANDA, OrganizationKind.COLLEGE
    other_org.save()

    rows = queries.authority_overview(YEAR, region=Region.KARAGANDA, kind=OrganizationKind.COLLEGE)

    assert [row.organization.slug for row in rows] == ["other"]


def test_authority_overview_uses_a_fixed_number_of_queries(org):
    SubmissionFactory(organization=org)
    with CaptureQueriesContext(connection) as one:
        queries.authority_overview(YEAR)
    for n in range(3):
        SubmissionFactory(organization=OrganizationFactory(slug=f"more-{n}"))

    with CaptureQueriesContext(connection) as four:
        rows = queries.authority_overview(YEAR)

    assert len(rows) == 4
    assert len(four) == len(one) == 3


# --- the dashboard's charts -------------------------------------------------------------------


def test_foreigners_by_country_and_academic_year(org):
    StayFactory(organization=org, person__citizenship="CN", arrival_date=dt.date(2024, 10, 1))
    StayFactory(organization=org, person__citizenship="UZ", arrival_date=dt.date(2025, 9, 15))
    StayFactory(
        organization=org,
        person__citizenship="UZ",
        arrival_date=dt.date(2024, 9, 10),
        actual_departure=dt.date(2025, 6, 1),
        status="departed",
    )
    StayFactory(organization=org, person__citizenship="CN", status="invited", arrival_date=None)

    years, series = queries.country_series(org, "foreigners", [2024, 2025])

    assert years == ["2024/2025", "2025/2026"]
    assert series == {"CN": [1, 1], "UZ": [1, 1]}


def test_trips_by_country_and_academic_year_with_the_rest_as_other(org):
    def trip(country, departed, returned=None, status="returned"):
        TripFactory(
            organization=org,
            country=country,
            status=status,
            planned_departure=departed,
            actual_departure=departed,
            planned_return=returned or departed + dt.timedelta(days=30),
            actual_return=returned,
        )

    trip("KR", dt.date(2024, 10, 1), dt.date(2024, 12, 1))
    trip("KR", dt.date(2025, 8, 1), dt.date(2025, 10, 1))  # under way in both years
    trip("DE", dt.date(2025, 11, 1), status="abroad")
    trip("TR", dt.date(2025, 11, 1), status="cancelled")

    years, series = queries.country_series(org, "trips", [2024, 2025], top=1)

    assert years == ["2024/2025", "2025/2026"]
    assert series == {"KR": [2, 1], "other": [0, 1]}


def test_a2_7_summaries_are_suggested_from_the_prefetched_results_in_a_fixed_number_of_queries(
    org,
):
    from tests.factories.partners import AgreementFactory, ImplementationResultFactory

    def agreement_with_a_result(title):
        agreement = AgreementFactory(
            organization=org,
            title=title,
            valid_from=dt.date(2024, 1, 1),
            valid_to=dt.date(2028, 1, 1),
        )
        ImplementationResultFactory(
            organization=org, agreement=agreement, date=dt.date(2025, 10, 1), description=title
        )

    agreement_with_a_result("First")
    with CaptureQueriesContext(connection) as one:
        first = list(sources.a2_7_implementation(org, 2025))
    for title in ("Second", "Third", "Fourth"):
        agreement_with_a_result(title)
    with CaptureQueriesContext(connection) as four:
        rows = list(sources.a2_7_implementation(org, 2025))

    assert first[0]["results"] == 1
    assert first[0]["summary"]["ru"].endswith("– 01.10.2025: First")
    assert sorted(row["title"]["ru"] for row in rows) == ["First", "Fourth", "Second", "Third"]
    assert len(four) == len(one)


# --- names in both official languages -------------------------------------------------------


def test_a2_1_and_a2_2_keep_the_names_in_both_languages(org):
    unit = UnitFactory(
        organization=org,
        name_ru="Отдел международного сотрудничества",
        name_kk="",
        address="Алматы, проспект аль-Фараби, 71",
        address_kk="Алматы, әл-Фараби даңғылы, 71",
        building="ГУК",
        room="204",
    )
    OfficialFactory(organization=org, unit=unit, position="Проректор", position_kk="")

    assert sources.a2_1_units(org) == [
        {
            "name_ru": "Отдел международного сотрудничества",
            "name_kk": "",
            "address": {
                "ru": "Алматы, проспект аль-Фараби, 71",
                "kk": "Алматы, әл-Фараби даңғылы, 71",
            },
            "building": "ГУК",
            "room": "204",
        }
    ]
    assert [row["position"] for row in sources.a2_2_officials(org)] == [
        {"ru": "Проректор", "kk": ""}
    ]


def test_gaps_warn_of_each_name_the_kazakh_report_prints_in_russian(org):
    unit = {
        "name_ru": "Отдел международного сотрудничества", "name_kk": "",
        "address": {"ru": "пр. аль-Фараби, 71", "kk": "әл-Фараби даңғылы, 71"},
        "building": "", "room": "",
    }  # fmt: skip
    official = {
        "full_name": "Сейтқали Айгерім", "position": {"ru": "Проректор", "kk": ""},
        "work_phone": "", "home_phone": "",
    }  # fmt: skip
    plan = {
        "title": {"ru": "План на 2025/2026", "kk": "2025/2026 жоспары"},
        "approved": True, "approved_at": "2025-09-01", "url": "",
        "items": [
            {"activity": {"ru": "Летняя школа", "kk": ""}, "area": "study",
             "unit": {"ru": "Отдел международного сотрудничества", "kk": ""},
             "responsible": "", "deadline": "", "status": "done", "result": ""},
        ],
    }  # fmt: skip
    agreement = {
        "id": 1, "number": "1", "title": {"ru": "Меморандум с Бонном", "kk": ""},
        "kind": "memorandum", "partners": [], "signed_on": "", "valid_from": "",
        "valid_to": "", "has_signed_copy": True, "url": "/a/1/",
    }  # fmt: skip
    data = _data(
        org,
        **{
            "1": {"available": True, "rows": [unit]},
            "2": {"available": True, "rows": [official]},
            "5": {"available": True, "plan": plan},
            "6": {"available": True, "rows": [agreement]},
        },
    )
    data["organization"]["slug"] = org.slug

    gaps = queries.report_gaps(data, today=ON)

    assert [(g.item, g.code, g.blocking, str(g.message)) for g in gaps] == [
        (
            1,
            "kazakh_missing",
            False,
            "A2.1: the unit name “Отдел международного сотрудничества” has no Kazakh version; "
            "the Kazakh report prints it in Russian.",
        ),
        (
            2,
            "kazakh_missing",
            False,
            "A2.2: the position “Проректор” has no Kazakh version; the Kazakh report prints it "
            "in Russian.",
        ),
        (
            5,
            "kazakh_missing",
            False,
            "A2.5: the plan activity “Летняя школа” has no Kazakh version; the Kazakh report "
            "prints it in Russian.",
        ),
        (
            6,
            "kazakh_missing",
            False,
            "A2.6: the agreement title “Меморандум с Бонном” has no Kazakh version; the Kazakh "
            "report prints it in Russian.",
        ),
    ]
    assert gaps[0].url == f"/o/{org.slug}/service/units/"
