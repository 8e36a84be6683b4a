"""Stays and trips under agreements on the pages (R8.3, A2.3): the cards partners adds to the
stay and trip pages, the link pages they post to (the role matrix, errors beside the field in
the user's language), and the lists on the agreement and partner pages in a fixed number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.incoming import StayFactory
from tests.factories.outbound import TripFactory
from tests.factories.partners import (
    AgreementFactory,
    AgreementStayFactory,
    DraftAgreementFactory,
    ImplementationResultFactory,
    PartnerFactory,
    TripPartnerLinkFactory,
)
from tests.factories.service import UnitFactory
from yntymaq.core.models import AuditEntry, Membership
from yntymaq.partners.models import Agreement, AgreementStay, TripPartnerLink

pytestmark = pytest.mark.django_db

BASE = "/o/kaznu/partners"


@pytest.fixture
def stay(org):
    return StayFactory(
        organization=org,
        person__organization=org,
        person__last_name="Мюллер",
        person__first_name="Анна",
        arrival_line="inter_university",
    )


@pytest.fixture
def unit(org, coordinator):
    membership = Membership.objects.get(user=coordinator, organization=org)
    return UnitFactory(organization=org, name_ru="Факультет физики", coordinators=[membership])


@pytest.fixture
def trip(org, unit):
    return TripFactory(
        organization=org,
        unit=unit,
        person__organization=org,
        person__last_name="Сейткали",
        person__first_name="Айгерим",
        host_organization="TU Dresden",
    )


def stay_url(stay):
    return f"{BASE}/stays/{stay.pk}/agreement/"


def trip_url(trip):
    return f"{BASE}/trips/{trip.pk}/host/"


def html(response) -> str:
    return response.content.decode()


# --- the card on the stay page ---------------------------------------------------------------


def test_stay_page_offers_the_signed_agreements_to_staff(
    org, stay, agreement, service_staff, as_user
):
    DraftAgreementFactory(organization=org, title="A draft nobody signed")

    page = html(as_user(service_staff).get(stay.get_absolute_url()))

    assert 'id="partners-links"' in page
    assert f'action="{stay_url(stay)}"' in page
    assert "№ ДУ-12 · Teacher exchange with Dresden (Dresden University of Technology)" in page
    assert "A draft nobody signed" not in page
    assert "The stay's arrival line is an inter-university agreement" in page


def test_stay_page_shows_the_agreement_read_only_to_leadership(
    org, stay, agreement, leadership, as_user
):
    AgreementStayFactory(organization=org, stay=stay, agreement=agreement)

    page = html(as_user(leadership).get(stay.get_absolute_url()))

    assert (
        f'<a href="{agreement.get_absolute_url()}">№ ДУ-12 · Teacher exchange with Dresden</a>'
        in page
    )
    assert f'href="{dresden_url(agreement)}">Dresden University of Technology</a>' in page
    assert stay_url(stay) not in page


def dresden_url(agreement):
    return agreement.partners.get().get_absolute_url()


# --- the card on the trip page ---------------------------------------------------------------


def test_trip_page_offers_partners_and_agreements_to_staff(trip, agreement, service_staff, as_user):
    page = html(as_user(service_staff).get(trip.get_absolute_url()))

    assert f'action="{trip_url(trip)}"' in page
    assert "Dresden University of Technology (Germany)" in page
    assert 'id="partners_link_partner"' in page


def test_trip_page_shows_the_link_read_only_to_the_units_coordinator(
    org, trip, agreement, dresden, coordinator, as_user
):
    TripPartnerLinkFactory(organization=org, trip=trip, partner=dresden, agreement=agreement)

    page = html(as_user(coordinator).get(trip.get_absolute_url()))

    assert f'<a href="{dresden.get_absolute_url()}">Dresden University of Technology</a>' in page
    assert "Teacher exchange with Dresden" in page
    assert trip_url(trip) not in page


# --- the link pages: happy path and the role matrix -----------------------------------------


def write_case(name, org, stay, trip, agreement, dresden):
    cases = {
        "stay-link": lambda: (stay_url(stay), {"agreement": agreement.pk}, stay),
        "stay-unlink": lambda: (
            f"{stay_url(stay)}remove/",
            {},
            AgreementStayFactory(organization=org, stay=stay, agreement=agreement).stay,
        ),
        "trip-link": lambda: (
            trip_url(trip),
            {"partner": dresden.pk, "agreement": agreement.pk},
            trip,
        ),
        "trip-unlink": lambda: (
            f"{trip_url(trip)}remove/",
            {},
            TripPartnerLinkFactory(organization=org, trip=trip, agreement=agreement).trip,
        ),
    }
    return cases[name]()


WRITE_VIEWS = ["stay-link", "stay-unlink", "trip-link", "trip-unlink"]


@pytest.fixture
def case(request, org, stay, trip, agreement, dresden):
    return write_case(request.param, org, stay, trip, agreement, dresden)


@pytest.mark.parametrize("case", WRITE_VIEWS, indirect=True)
def test_link_page_happy_path_redirects_back_and_audits(case, service_staff, as_user):
    url, data, target = case
    before = AuditEntry.objects.count()
    client = as_user(service_staff)

    assert client.get(url).status_code == 200
    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == f"{target.get_absolute_url()}#partners-links"
    assert AuditEntry.objects.count() > before


@pytest.mark.parametrize("case", WRITE_VIEWS, indirect=True)
@pytest.mark.parametrize("persona", ["auditor", "leadership", "coordinator"])
def test_link_page_is_refused_to_a_role_that_does_not_link(case, persona, request, as_user):
    url, data, _ = case
    client = as_user(request.getfixturevalue(persona))

    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403


@pytest.mark.parametrize("case", WRITE_VIEWS, indirect=True)
def test_link_page_of_another_organization_is_404(case, other_org_user, as_user):
    url, data, _ = case

    assert as_user(other_org_user).post(url, data).status_code == 404


@pytest.mark.parametrize("case", WRITE_VIEWS, indirect=True)
def test_link_page_sends_anonymous_users_to_login(case, client):
    url, data, _ = case

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_another_organizations_stay_is_404_on_the_link_page(
    other_org, agreement, service_staff, as_user
):
    foreign = StayFactory(organization=other_org, person__organization=other_org)

    response = as_user(service_staff).post(stay_url(foreign), {"agreement": agreement.pk})

    assert response.status_code == 404


def test_unlink_page_asks_before_removing_the_link(org, stay, agreement, service_staff, as_user):
    AgreementStayFactory(organization=org, stay=stay, agreement=agreement)

    page = html(as_user(service_staff, "ru").get(f"{stay_url(stay)}remove/"))

    assert (
        "Удалить привязку «Мюллер Анна — обучающийся по основной программе по соглашению "
        "«Teacher exchange with Dresden»»?"
    ) in page
    assert '<button class="btn btn-danger" type="submit">Удалить привязку</button>' in page


def test_unlink_page_without_a_link_is_404(stay, service_staff, as_user):
    assert as_user(service_staff).get(f"{stay_url(stay)}remove/").status_code == 404


def test_stay_link_saves_and_the_stay_page_shows_it(stay, agreement, service_staff, as_user):
    client = as_user(service_staff)

    client.post(stay_url(stay), {"agreement": agreement.pk})
    page = html(client.get(stay.get_absolute_url()))

    assert AgreementStay.objects.get().agreement == agreement
    assert f'href="{stay_url(stay)}remove/"' in page
    assert "The stay is linked to the agreement." in page


# --- errors beside the field, in the user's language ----------------------------------------


def test_trip_partner_not_a_party_is_refused_beside_the_partner_in_russian(
    org, trip, agreement, service_staff, as_user
):
    PartnerFactory(organization=org, name_ru="Лионский университет", name_latin="Lyon University")
    lyon = PartnerFactory._meta.model.objects.get(name_latin="Lyon University")

    response = as_user(service_staff, "ru").post(
        trip_url(trip), {"partner": lyon.pk, "agreement": agreement.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "partner": [
            "Лионский университет не является стороной соглашения «Teacher exchange with Dresden»."
        ]
    }
    assert 'id="id_partner_error"' in html(response)
    assert TripPartnerLink.objects.count() == 0


def test_trip_without_partner_and_agreement_is_refused_beside_the_partner_in_russian(
    trip, service_staff, as_user
):
    response = as_user(service_staff, "ru").post(trip_url(trip), {"partner": "", "agreement": ""})

    assert response.context["form"].errors == {
        "partner": ["Выберите принимающего партнёра, соглашение или и то, и другое."]
    }


def test_stay_agreement_never_signed_is_not_a_choice_in_russian(org, stay, service_staff, as_user):
    draft = DraftAgreementFactory(organization=org)

    response = as_user(service_staff, "ru").post(stay_url(stay), {"agreement": draft.pk})

    assert response.context["form"].errors == {
        "agreement": ["Выберите корректный вариант. Вашего варианта нет среди допустимых значений."]
    }


# --- lists on the agreement and partner pages -------------------------------------------------


def count_queries(client, url):
    client.get(url)  # a first request caches the content types (of the page's history)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_agreement_page_lists_its_stays_and_trips(
    org, stay, trip, agreement, dresden, service_staff, as_user
):
    AgreementStayFactory(organization=org, stay=stay, agreement=agreement)
    TripPartnerLinkFactory(organization=org, trip=trip, partner=dresden, agreement=agreement)

    page = html(as_user(service_staff).get(agreement.get_absolute_url()))

    assert (
        f'<tr><td><a href="{stay.get_absolute_url()}">Мюллер Анна</a></td>'
        "<td>main-program student</td><td>enrolled</td>"
        '<td class="text-nowrap">25.08.2025 – 15.07.2029</td></tr>'
    ) in page
    assert (
        f'<tr><td><a href="{trip.get_absolute_url()}">Сейткали Айгерим</a></td>'
        f'<td><a href="{dresden.get_absolute_url()}">Dresden University of Technology</a></td>'
        f'<td><a href="{agreement.get_absolute_url()}">ДУ-12</a></td><td>planned</td>'
        '<td class="text-nowrap">02.03.2026–27.03.2026</td></tr>'
    ) in page


def test_agreement_page_lists_stays_and_trips_in_the_same_queries_for_1_and_3_rows(
    org, agreement, service_staff, as_user
):
    client = as_user(service_staff)
    AgreementStayFactory(organization=org, agreement=agreement)
    TripPartnerLinkFactory(organization=org, agreement=agreement, partner=None)
    one = count_queries(client, agreement.get_absolute_url())
    for _ in range(2):
        AgreementStayFactory(organization=org, agreement=agreement)
        TripPartnerLinkFactory(organization=org, agreement=agreement, partner=None)

    three = count_queries(client, agreement.get_absolute_url())

    assert len(html(client.get(agreement.get_absolute_url())).split("agreement-stays")) == 2
    assert three == one


def test_agreement_page_hides_stays_from_a_coordinator_and_other_units_trips(
    org, stay, trip, agreement, coordinator, as_user
):
    AgreementStayFactory(organization=org, stay=stay, agreement=agreement)
    TripPartnerLinkFactory(organization=org, trip=trip, agreement=agreement)
    elsewhere = TripFactory(
        organization=org, person__organization=org, person__last_name="Другойфакультет"
    )
    TripPartnerLinkFactory(organization=org, trip=elsewhere, agreement=agreement)

    page = html(as_user(coordinator).get(agreement.get_absolute_url()))

    assert "Мюллер" not in page
    assert "Foreigners' stays" not in page
    assert "Сейткали Айгерим" in page
    assert "Другойфакультет" not in page


def test_partner_page_lists_the_trips_it_hosts_in_the_same_queries_for_1_and_3_rows(
    org, dresden, service_staff, as_user
):
    client = as_user(service_staff)
    TripPartnerLinkFactory(organization=org, partner=dresden, agreement=None)
    one = count_queries(client, dresden.get_absolute_url())
    for _ in range(2):
        TripPartnerLinkFactory(organization=org, partner=dresden, agreement=None)

    three = count_queries(client, dresden.get_absolute_url())

    assert html(client.get(dresden.get_absolute_url())).count('bg-body trip-links"') == 1
    assert three == one
    assert TripPartnerLink.objects.filter(partner=dresden).count() == 3


def test_results_name_only_the_stays_and_trips_the_viewer_sees(
    org, agreement, stay, trip, coordinator, service_staff, as_user
):
    other_unit = TripFactory(
        organization=org,
        person__organization=org,
        person__last_name="Омаров",
        person__first_name="Ерлан",
    )
    result = ImplementationResultFactory(agreement=agreement)
    result.stays.add(stay)
    result.trips.add(trip, other_unit)
    url = f"{BASE}/agreements/{agreement.pk}/"

    staff_page = html(as_user(service_staff).get(url))
    coordinator_page = html(as_user(coordinator).get(url))

    assert ("Мюллер" in staff_page, "Сейткали" in staff_page, "Омаров" in staff_page) == (
        True,
        True,
        True,
    )
    assert "Мюллер" not in coordinator_page  # a coordinator does not see foreigners' stays
    assert "Сейткали" in coordinator_page  # a trip of the coordinator's unit
    assert "Омаров" not in coordinator_page  # another unit's trip


# --- many agreements and partners: the lists show the first ones, a search finds the rest ----


def test_link_page_lists_the_first_agreements_and_searches_the_others(
    org, stay, service_staff, as_user, monkeypatch
):
    monkeypatch.setattr("yntymaq.partners.forms.CHOICES_SHOWN", 2)
    for number, title in (("А-1", "Alpha"), ("А-2", "Beta"), ("А-3", "Gamma")):
        AgreementFactory(organization=org, our_number=number, title=title)
    gamma = Agreement.objects.get(title="Gamma")
    client = as_user(service_staff)

    first = html(client.get(stay_url(stay)))
    found = html(client.get(stay_url(stay) + "?q=gamma"))
    saved = client.post(stay_url(stay), {"agreement": gamma.pk})

    assert ("Alpha" in first, "Beta" in first, "Gamma" in first) == (True, True, False)
    assert ("Alpha" in found, "Gamma" in found) == (False, True)
    assert saved.status_code == 302
    assert AgreementStay.objects.get(stay=stay).agreement == gamma


def test_stay_page_card_lists_the_first_agreements_and_the_linked_one(
    org, stay, service_staff, as_user, monkeypatch
):
    monkeypatch.setattr("yntymaq.partners.forms.CHOICES_SHOWN", 1)
    for number, title in (("А-1", "Alpha"), ("А-2", "Beta"), ("А-3", "Gamma")):
        AgreementFactory(organization=org, our_number=number, title=title)
    AgreementStayFactory(
        organization=org, stay=stay, agreement=Agreement.objects.get(title="Gamma")
    )

    page = html(as_user(service_staff).get(stay.get_absolute_url()))
    card = page[page.index('id="partners-links"') :].split("</section>")[0]

    assert card.count("<option") == 3  # the empty choice, Alpha, and Gamma (linked)
    assert "Beta" not in card
    assert "Search all" in card
