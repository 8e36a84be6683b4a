"""The demo data of partners: partners in several countries, agreements in every status at the
university (moved there through the services), a few at the college, results that count for
R4.2, a mission with a contacts log."""

import pytest
from django.utils import timezone

from yntymaq.demo.seed import seed_all
from yntymaq.partners import queries
from yntymaq.partners.enums import AgreementStatus
from yntymaq.partners.models import (
    Agreement,
    AgreementDecision,
    AgreementStay,
    DiplomaticMission,
    MissionContact,
    Partner,
    TripPartnerLink,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_data):
    """The demo, seeded once into the empty database for the module (seconds to build)."""
    return module_data(seed_all)


def test_demo_has_agreements_in_every_status_and_r4_2_figures(demo):
    statuses = set(
        Agreement.objects.filter(organization=demo.university).values_list("status", flat=True)
    )
    countries = set(
        Partner.objects.filter(organization=demo.university).values_list("country", flat=True)
    )
    today = timezone.localdate()
    assert statuses == set(AgreementStatus.values)
    assert len(countries) >= 5
    assert queries.r4_2_active_agreements(demo.university, today).count == 2
    assert queries.r4_2_active_agreements(demo.college, today).count == 1
    assert Agreement.objects.filter(organization=demo.college).count() == 3
    assert AgreementDecision.objects.filter(stage="authority").count() == 8
    assert Agreement.objects.filter(renews__isnull=False).count() == 1
    assert DiplomaticMission.objects.filter(organization=demo.university).count() == 3
    assert MissionContact.objects.filter(stay__isnull=False).count() == 1


def test_demo_seed_twice_changes_nothing(demo):
    before = (Agreement.objects.count(), Partner.objects.count(), MissionContact.objects.count())

    seed_all()

    assert (
        Agreement.objects.count(),
        Partner.objects.count(),
        MissionContact.objects.count(),
    ) == before


def test_demo_links_stays_and_trips_to_agreements_and_partners_once(demo):
    stays = {
        (link.stay.person.last_name_latin, link.stay.arrival_line, link.agreement.our_number)
        for link in AgreementStay.objects.filter(organization=demo.university)
    }
    trips = {
        (
            link.trip.person.last_name_latin,
            link.trip.host_organization,
            link.partner.name_latin,
            link.agreement.our_number if link.agreement else None,
        )
        for link in TripPartnerLink.objects.filter(organization=demo.university)
    }

    seed_all()

    assert stays == {
        ("MUELLER", "inter_university", "ДУ-12"),
        ("KIM", "academic_mobility", "ДУ-10"),
        ("SMIRNOV", "inter_university", "ДУ-14"),
    }
    assert trips == {
        ("ABILKASSYMOVA", "Peking University", "Peking University", "ДУ-11"),
        ("OSPANOV", "Ankara University", "Ankara University", "ДУ-13"),
        ("KIM", "Seoul National University", "Seoul National University", "ДУ-10"),
        ("SADYKOVA", "Claude Bernard University Lyon 1", "Claude Bernard University Lyon 1", None),
    }
    assert (AgreementStay.objects.count(), TripPartnerLink.objects.count()) == (3, 4)
