"""R5, R6, R7: each unmet condition is one warning that cites its clause."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from tests.factories.service import AppointmentFactory, ServiceProfileFactory
from yntymaq.service.enums import AppointmentKind
from yntymaq.service.rules import (
    appointment_kind_warnings,
    appointment_r7_warnings,
    appointment_warnings,
    service_profile_r5_warnings,
)

pytestmark = pytest.mark.django_db


def codes(warnings):
    return [w.code for w in warnings]


@pytest.fixture
def head(org):
    return AppointmentFactory(organization=org)


def test_r7_no_warnings_for_qualified_head(head):
    assert appointment_r7_warnings(head) == []


def test_r7_warns_without_teaching_experience(head):
    head.teaching_years = 0

    assert codes(appointment_r7_warnings(head)) == ["r7_teaching"]


def test_r7_warns_with_less_than_one_year_in_the_field(head):
    head.cooperation_years = 0

    assert codes(appointment_r7_warnings(head)) == ["r7_cooperation_years"]


def test_r7_accepts_exactly_one_year_in_the_field(head):
    head.cooperation_years = 1

    assert appointment_r7_warnings(head) == []


def test_r7_warns_without_experience_with_foreigners(head):
    head.works_with_foreigners = False

    assert codes(appointment_r7_warnings(head)) == ["r7_foreigners"]


def test_r7_warns_without_state_language(head):
    head.state_language_level = ""

    assert codes(appointment_r7_warnings(head)) == ["r7_state_language"]


def test_r7_warns_without_foreign_language(head):
    head.foreign_language = ""
    head.foreign_language_level = ""

    warnings = appointment_r7_warnings(head)

    assert codes(warnings) == ["r7_foreign_language"]
    assert warnings[0].clause == "R7"
    assert str(warnings[0].message) == (
        "R7: the appointee must command a foreign language (state which, and the level)."
    )


def test_r7_warns_on_foreign_language_without_level(head):
    head.foreign_language_level = ""

    assert codes(appointment_r7_warnings(head)) == ["r7_foreign_language"]


def test_r7_warns_without_access_to_secret_documents(head):
    head.clearance = False
    head.clearance_form = ""
    head.clearance_expires_on = None

    assert codes(appointment_r7_warnings(head)) == ["r7_secret_access"]


def test_r7_warns_when_secret_access_expired_on_the_date(head):
    head.clearance_expires_on = dt.date(2025, 3, 31)

    warnings = appointment_r7_warnings(head, on=dt.date(2025, 4, 1))

    assert codes(warnings) == ["r7_secret_access_expired"]
    assert str(warnings[0].message) == "R7: the access to secret documents expired on 31.03.2025."


def test_r7_secret_access_valid_on_its_last_day(head):
    head.clearance_expires_on = dt.date(2025, 3, 31)

    assert appointment_r7_warnings(head, on=dt.date(2025, 3, 31)) == []


@time_machine.travel(dt.date(2026, 1, 10), tick=False)
def test_r7_checks_secret_access_on_today_for_appointment_in_force(head):
    head.clearance_expires_on = dt.date(2026, 1, 9)

    assert codes(appointment_r7_warnings(head)) == ["r7_secret_access_expired"]


@time_machine.travel(dt.date(2026, 1, 10), tick=False)
def test_r7_checks_ended_appointment_on_its_last_day(head):
    head.ends_on = dt.date(2025, 6, 30)
    head.clearance_expires_on = dt.date(2025, 12, 31)

    assert appointment_r7_warnings(head) == []


def test_r7_warns_without_reporting_line(head):
    head.reports_to_first_head = False
    head.reports_to_deputy = False

    assert codes(appointment_r7_warnings(head)) == ["r7_reporting"]


def test_r7_accepts_reporting_to_the_deputy_only(head):
    head.reports_to_first_head = False
    head.reports_to_deputy = True

    assert appointment_r7_warnings(head) == []


def test_r7_warns_when_not_in_admissions_committee(head):
    head.admissions_committee_member = False

    assert codes(appointment_r7_warnings(head)) == ["r7_admissions_committee"]


def test_r7_lists_every_unmet_condition_in_order(org):
    appointment = AppointmentFactory.build(
        organization=org,
        teaching_years=0,
        cooperation_years=0,
        works_with_foreigners=False,
        state_language_level="",
        foreign_language="",
        foreign_language_level="",
        clearance=False,
        reports_to_first_head=False,
        admissions_committee_member=False,
    )

    assert codes(appointment_r7_warnings(appointment)) == [
        "r7_teaching",
        "r7_cooperation_years",
        "r7_foreigners",
        "r7_state_language",
        "r7_foreign_language",
        "r7_secret_access",
        "r7_reporting",
        "r7_admissions_committee",
    ]


def test_r7_warning_is_translated_to_kazakh(head):
    head.foreign_language = ""

    with translation.override("kk"):
        message = str(appointment_r7_warnings(head)[0].message)

    assert message == (
        "R7: тағайындалатын тұлға шет тілін меңгеруі тиіс "
        "(қай тіл екенін және деңгейін көрсетіңіз)."
    )


def test_r5_head_without_service_profile_warns_r6(head):
    warnings = appointment_kind_warnings(head, None)

    assert codes(warnings) == ["r6_kind"]
    assert warnings[0].clause == "R6"


def test_r6_responsible_person_without_service_has_no_kind_warning(org):
    appointment = AppointmentFactory(organization=org, kind=AppointmentKind.RESPONSIBLE)
    profile = ServiceProfileFactory(organization=org, exists=False)

    assert appointment_kind_warnings(appointment, profile) == []


def test_r5_responsible_person_where_service_exists_warns(org):
    appointment = AppointmentFactory(organization=org, kind=AppointmentKind.RESPONSIBLE)
    profile = ServiceProfileFactory(organization=org, exists=True)

    assert codes(appointment_kind_warnings(appointment, profile)) == ["r5_kind"]


def test_appointment_warnings_put_kind_before_r7(org):
    appointment = AppointmentFactory(organization=org, admissions_committee_member=False)

    assert codes(appointment_warnings(appointment, None)) == ["r6_kind", "r7_admissions_committee"]


def test_r5_profile_without_service_has_no_warnings(org):
    assert service_profile_r5_warnings(ServiceProfileFactory(organization=org, exists=False)) == []


def test_r5_profile_warns_about_missing_documents_and_premises(org):
    profile = ServiceProfileFactory(organization=org, alarm=False)

    assert codes(service_profile_r5_warnings(profile)) == [
        "r5_regulation",
        "r5_duties",
        "r5_premises",
    ]


def test_r5_profile_warns_about_missing_order_equipment_and_staff(org):
    profile = ServiceProfileFactory(
        organization=org,
        creation_order_number="",
        has_communications=False,
        methodologist_name="",
    )

    assert codes(service_profile_r5_warnings(profile)) == [
        "r5_order",
        "r5_regulation",
        "r5_duties",
        "r5_equipment",
        "r5_staff",
    ]
