"""Stays and trips under agreements (R8.3, A2.3, R8.4/R8.5): the link services, each rule
branch, and the audit entry of each change."""

import pytest
from django.db import IntegrityError
from django.http import Http404

from tests.factories.incoming import StayFactory
from tests.factories.outbound import TripFactory
from tests.factories.partners import (
    AgreementFactory,
    AgreementStayFactory,
    DraftAgreementFactory,
    PartnerFactory,
    TripPartnerLinkFactory,
)
from yntymaq.core.models import AuditEntry
from yntymaq.outbound.enums import TripStatus
from yntymaq.outbound.services import OutboundError
from yntymaq.partners import services
from yntymaq.partners.enums import AgreementStatus as S
from yntymaq.partners.models import AgreementStay, TripPartnerLink

pytestmark = pytest.mark.django_db

NEVER_SIGNED = [
    S.DRAFT,
    S.UNIT_APPROVAL,
    S.SERVICE_APPROVAL,
    S.LEADERSHIP_APPROVAL,
    S.RETURNED,
    S.APPROVED,
    S.AUTHORITY_REVIEW,
    S.AUTHORITY_RETURNED,
    S.AGREED,
]
SIGNED = [S.SIGNED, S.IN_FORCE, S.EXPIRED, S.TERMINATED]


@pytest.fixture
def stay(org):
    return StayFactory(organization=org, person__organization=org, arrival_line="inter_university")


@pytest.fixture
def trip(org):
    return TripFactory(
        organization=org,
        person__organization=org,
        host_organization="TU Dresden",
        country="DE",
        city="Дрезден",
    )


def entry(action):
    return AuditEntry.objects.get(action=action)


# --- stays ----------------------------------------------------------------------------------


def test_r8_3_stay_is_linked_to_a_signed_agreement_and_audited_on_the_stay(
    org, stay, agreement, service_staff
):
    link = services.agreement_stay_link(stay=stay, agreement=agreement, actor=service_staff)

    assert list(AgreementStay.objects.values_list("stay", "agreement", "organization")) == [
        (stay.pk, agreement.pk, org.pk)
    ]
    audit = entry("partners.agreement_stay.linked")
    assert (audit.object_id, audit.actor, audit.organization) == (
        str(stay.pk),
        service_staff,
        org,
    )
    assert audit.data == {
        "agreement": agreement.pk,
        "changes": {"agreement": [None, "Teacher exchange with Dresden"]},
    }
    assert link.agreement == agreement


@pytest.mark.parametrize("status", SIGNED)
def test_r8_3_agreement_signed_at_some_time_can_be_linked(status, org, stay, service_staff):
    agreement = AgreementFactory(organization=org, status=status)

    services.agreement_stay_link(stay=stay, agreement=agreement, actor=service_staff)

    assert AgreementStay.objects.get().agreement == agreement


@pytest.mark.parametrize("status", NEVER_SIGNED)
def test_r8_3_agreement_never_signed_cannot_be_linked(status, org, stay, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=status)

    with pytest.raises(services.PartnersError) as error:
        services.agreement_stay_link(stay=stay, agreement=agreement, actor=service_staff)

    assert error.value.field == "agreement"
    assert str(error.value.message) == (
        "Only a signed agreement (signed, in force, expired or terminated) can be linked; "
        f"this one is “{S(status).label}”."
    )
    assert AgreementStay.objects.count() == 0


def test_stay_is_under_one_agreement_at_most_linking_again_moves_it(
    org, stay, agreement, service_staff
):
    services.agreement_stay_link(stay=stay, agreement=agreement, actor=service_staff)
    other = AgreementFactory(organization=org, title="Double degree in economics")

    services.agreement_stay_link(stay=stay, agreement=other, actor=service_staff)

    assert list(AgreementStay.objects.values_list("agreement", flat=True)) == [other.pk]
    assert AuditEntry.objects.filter(action="partners.agreement_stay.linked").latest("id").data[
        "changes"
    ] == {"agreement": ["Teacher exchange with Dresden", "Double degree in economics"]}


def test_linking_a_stay_to_its_agreement_again_changes_nothing(stay, agreement, service_staff):
    services.agreement_stay_link(stay=stay, agreement=agreement, actor=service_staff)

    services.agreement_stay_link(stay=stay, agreement=agreement, actor=service_staff)

    assert AuditEntry.objects.filter(action="partners.agreement_stay.linked").count() == 1


def test_another_organizations_agreement_is_not_found_for_a_stay(stay, other_org, service_staff):
    foreign = AgreementFactory(organization=other_org)

    with pytest.raises(Http404):
        services.agreement_stay_link(stay=stay, agreement=foreign, actor=service_staff)

    assert AgreementStay.objects.count() == 0


def test_stay_is_unlinked_and_audited(org, service_staff):
    link = AgreementStayFactory(organization=org, agreement__title="Summer school agreement")
    stay = link.stay

    services.agreement_stay_unlink(link=link, actor=service_staff)

    assert AgreementStay.objects.count() == 0
    audit = entry("partners.agreement_stay.unlinked")
    assert audit.object_id == str(stay.pk)
    assert audit.data["changes"] == {"agreement": ["Summer school agreement", None]}


# --- trips ----------------------------------------------------------------------------------


def test_r8_3_trip_gets_its_host_partner_and_agreement_and_the_partners_name(
    org, trip, dresden, agreement, service_staff
):
    link = services.trip_partner_link(
        trip=trip, partner=dresden, agreement=agreement, actor=service_staff
    )

    trip.refresh_from_db()
    assert (link.partner, link.agreement, link.organization) == (dresden, agreement, org)
    assert (trip.host_organization, trip.country.code, trip.city) == (
        "Dresden University of Technology",
        "DE",
        "Дрезден",
    )
    assert entry("outbound.trip.updated").data["changes"] == {
        "host_organization": ["TU Dresden", "Dresden University of Technology"]
    }
    audit = entry("partners.trip_partner_link.linked")
    assert audit.object_id == str(trip.pk)
    assert audit.data == {
        "partner": dresden.pk,
        "agreement": agreement.pk,
        "changes": {
            "agreement": [None, "Teacher exchange with Dresden"],
            "partner": [None, "Dresden University of Technology"],
        },
    }


def test_trip_host_name_falls_back_to_the_original_name(org, trip, service_staff):
    partner = PartnerFactory(organization=org, name_latin="", name_original="Ankara Üniversitesi")

    services.trip_partner_link(trip=trip, partner=partner, actor=service_staff)

    trip.refresh_from_db()
    assert trip.host_organization == "Ankara Üniversitesi"


def test_trip_without_country_and_city_takes_the_partners(org, dresden, service_staff):
    trip = TripFactory(organization=org, person__organization=org, country="", city="")

    services.trip_partner_link(trip=trip, partner=dresden, actor=service_staff)

    trip.refresh_from_db()
    assert (trip.country.code, trip.city) == ("DE", "Dresden")


def test_trip_with_the_partners_name_already_is_not_updated(org, dresden, service_staff):
    trip = TripFactory(
        organization=org, person__organization=org, host_organization=dresden.name_latin
    )

    services.trip_partner_link(trip=trip, partner=dresden, actor=service_staff)

    assert AuditEntry.objects.filter(action="outbound.trip.updated").count() == 0
    assert TripPartnerLink.objects.get().partner == dresden


def test_trip_under_an_agreement_only_keeps_its_host_text(trip, agreement, service_staff):
    link = services.trip_partner_link(trip=trip, agreement=agreement, actor=service_staff)

    trip.refresh_from_db()
    assert (link.partner, link.agreement, trip.host_organization) == (None, agreement, "TU Dresden")
    assert AuditEntry.objects.filter(action="outbound.trip.updated").count() == 0


def test_trip_needs_a_partner_or_an_agreement(trip, service_staff):
    with pytest.raises(services.PartnersError) as error:
        services.trip_partner_link(trip=trip, actor=service_staff)

    assert (error.value.field, str(error.value.message)) == (
        "partner",
        "Choose the host partner, the agreement or both.",
    )


def test_trip_partner_must_be_a_party_of_the_agreement(org, trip, agreement, service_staff):
    lyon = PartnerFactory(organization=org, name_latin="Claude Bernard University Lyon 1")

    with pytest.raises(services.PartnersError) as error:
        services.trip_partner_link(
            trip=trip, partner=lyon, agreement=agreement, actor=service_staff
        )

    assert (error.value.field, str(error.value.message)) == (
        "partner",
        "Claude Bernard University Lyon 1 is not a party of the agreement "
        "“Teacher exchange with Dresden”.",
    )
    trip.refresh_from_db()
    assert (trip.host_organization, TripPartnerLink.objects.count()) == ("TU Dresden", 0)


@pytest.mark.parametrize("status", [S.DRAFT, S.AUTHORITY_REVIEW, S.AGREED])
def test_r8_3_trip_cannot_be_linked_to_an_agreement_never_signed(status, org, trip, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=status)

    with pytest.raises(services.PartnersError) as error:
        services.trip_partner_link(trip=trip, agreement=agreement, actor=service_staff)

    assert error.value.field == "agreement"


def test_another_organizations_partner_or_agreement_is_not_found_for_a_trip(
    trip, other_org, service_staff
):
    foreign = AgreementFactory(organization=other_org)

    with pytest.raises(Http404):
        services.trip_partner_link(trip=trip, agreement=foreign, actor=service_staff)
    with pytest.raises(Http404):
        services.trip_partner_link(trip=trip, partner=foreign.partners.get(), actor=service_staff)

    assert TripPartnerLink.objects.count() == 0


def test_closed_trip_keeps_its_data_so_a_new_host_partner_is_refused(org, dresden, service_staff):
    trip = TripFactory(
        organization=org,
        person__organization=org,
        status=TripStatus.REPORT_ACCEPTED,
        host_organization="TU Dresden",
    )

    with pytest.raises(OutboundError) as error:
        services.trip_partner_link(trip=trip, partner=dresden, actor=service_staff)

    assert str(error.value.message) == (
        "The trip is “report accepted”: only the work-off obligation can still change."
    )
    assert TripPartnerLink.objects.count() == 0


def test_closed_trip_is_linked_to_its_agreement(org, agreement, service_staff):
    trip = TripFactory(
        organization=org, person__organization=org, status=TripStatus.REPORT_ACCEPTED
    )

    services.trip_partner_link(trip=trip, agreement=agreement, actor=service_staff)

    assert TripPartnerLink.objects.get().agreement == agreement


def test_trip_link_is_replaced_and_the_same_link_again_changes_nothing(
    org, trip, dresden, agreement, service_staff
):
    services.trip_partner_link(trip=trip, partner=dresden, actor=service_staff)
    services.trip_partner_link(trip=trip, partner=dresden, agreement=agreement, actor=service_staff)

    services.trip_partner_link(trip=trip, partner=dresden, agreement=agreement, actor=service_staff)

    assert list(TripPartnerLink.objects.values_list("partner", "agreement")) == [
        (dresden.pk, agreement.pk)
    ]
    linked = AuditEntry.objects.filter(action="partners.trip_partner_link.linked").order_by("id")
    assert [e.data["changes"] for e in linked] == [
        {"partner": [None, "Dresden University of Technology"]},
        {"agreement": [None, "Teacher exchange with Dresden"]},
    ]


def test_trip_is_unlinked_and_keeps_its_host_text(org, service_staff):
    link = TripPartnerLinkFactory(organization=org, trip__host_organization="Freie Universität")
    trip = link.trip

    services.trip_partner_unlink(link=link, actor=service_staff)

    trip.refresh_from_db()
    assert (TripPartnerLink.objects.count(), trip.host_organization) == (0, "Freie Universität")
    audit = entry("partners.trip_partner_link.unlinked")
    assert audit.object_id == str(trip.pk)
    assert audit.data["changes"] == {
        "agreement": [link.agreement.title, None],
        "partner": [str(link.partner), None],
    }


def test_database_refuses_a_trip_link_without_partner_and_agreement(org, trip):
    with pytest.raises(IntegrityError):
        TripPartnerLink.objects.create(organization=org, trip=trip)


def test_partner_hosting_a_linked_trip_cannot_be_deleted(org, trip, service_staff):
    partner = PartnerFactory(organization=org, name_latin="Seoul National University")
    services.trip_partner_link(trip=trip, partner=partner, actor=service_staff)

    with pytest.raises(services.PartnersError) as error:
        services.partner_delete(partner=partner, actor=service_staff)

    assert str(error.value.message) == (
        "Seoul National University is the host partner of trips abroad; it cannot be deleted."
    )


# --- who may link ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "stays", "trips"),
    [
        ("service_head", True, True),
        ("service_staff", True, True),
        ("coordinator", False, False),
        ("leadership", False, False),
        ("auditor", False, False),
    ],
)
def test_who_may_link_stays_and_trips(persona, stays, trips, org, request):
    membership = request.getfixturevalue(persona).memberships.get(organization=org)

    assert (services.may_link_stays(membership), services.may_link_trips(membership)) == (
        stays,
        trips,
    )
