"""The authority's overview of every organization: authority users only, read-only,
filters by region and kind, a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories.core import OrganizationFactory
from tests.factories.service import AppointmentFactory, ServiceProfileFactory
from yntymaq.authority.access import authority_can
from yntymaq.core.enums import OrganizationKind, Region
from yntymaq.service.enums import AppointmentKind

pytestmark = pytest.mark.django_db

URL = "/authority/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(client_for):
    def make(user, language="en"):
        client = client_for(user)
        client.cookies["django_language"] = language
        return client

    return make


def rows(response):
    return re.findall(r'<tr data-organization="([^"]+)">', response.content.decode())


def test_overview_lists_every_organization_with_its_service(
    org, other_org, authority_user, as_user
):
    ServiceProfileFactory(organization=org, exists=True)
    AppointmentFactory(
        organization=org, person__last_name="Сейтказиева", admissions_committee_member=False
    )
    ServiceProfileFactory(organization=other_org, exists=False)

    response = as_user(authority_user).get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert rows(response) == ["other", "kaznu"]
    assert "Сейтказиева" in body
    assert org.bin in body
    assert "no Service: responsible person" in body
    assert re.findall(r'class="badge text-bg-\w+ warning-count">(\d+)<', body) == ["1"]
    assert "R7: the appointee must be a member of the admissions committee." in body


def test_overview_shows_organizations_without_appointment(org, authority_user, as_user):
    body = as_user(authority_user).get(URL).content.decode()

    assert "nobody appointed" in body
    assert "not recorded" in body


def test_overview_counts_the_r6_kind_warning(org, authority_user, as_user):
    AppointmentFactory(organization=org, kind=AppointmentKind.HEAD)

    body = as_user(authority_user).get(URL).content.decode()

    assert re.findall(r'warning-count">(\d+)<', body) == ["1"]


def test_overview_filters_by_region_and_kind(org, authority_user, as_user):
    OrganizationFactory(slug="college", kind=OrganizationKind.COLLEGE, region=Region.TURKISTAN)
    OrganizationFactory(slug="school", kind=OrganizationKind.SCHOOL, region=Region.TURKISTAN)
    client = as_user(authority_user)

    by_region = client.get(URL, {"region": Region.TURKISTAN})
    by_both = client.get(URL, {"region": Region.TURKISTAN, "kind": OrganizationKind.COLLEGE})

    assert rows(by_region) == ["college", "school"]
    assert rows(by_both) == ["college"]


def test_overview_ignores_an_unknown_filter_value_and_says_so(org, authority_user, as_user):
    response = as_user(authority_user).get(URL, {"region": "atlantis"})

    assert response.status_code == 200
    assert rows(response) == ["kaznu"]
    assert "region" in response.context["filter_form"].errors


def test_overview_in_kazakh(org, authority_user, as_user):
    body = as_user(authority_user, language="kk").get(URL).content.decode()

    assert "Ұйымдар" in body


def test_overview_is_404_for_organization_users(org, service_head, as_user):
    assert as_user(service_head).get(URL).status_code == 404


def test_overview_sends_anonymous_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/authority/"


def test_overview_is_read_only(org, authority_user, as_user):
    assert as_user(authority_user).post(URL, {"region": "astana"}).status_code == 405


def test_authority_user_cannot_open_organization_pages(org, authority_user, as_user):
    client = as_user(authority_user)

    assert client.get("/o/kaznu/service/").status_code == 404
    assert client.post("/o/kaznu/service/profile/", {"exists": "on"}).status_code == 404


def test_home_sends_authority_user_to_the_overview(authority_user, as_user):
    response = as_user(authority_user).get("/")

    assert response.status_code == 302
    assert response["Location"] == URL


def test_authority_can_refuses_organization_users(service_head, authority_user):
    assert authority_can(authority_user, "authority.view") is True
    assert authority_can(service_head, "authority.view") is False


def test_authority_can_raises_on_unknown_permission(authority_user):
    with pytest.raises(KeyError):
        authority_can(authority_user, "authority.approve_everything")


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def make_organizations(numbers):
    for n in numbers:
        organization = OrganizationFactory(slug=f"overview-{n}")
        ServiceProfileFactory(organization=organization)
        AppointmentFactory(organization=organization)


def test_overview_queries_do_not_grow_with_organizations(authority_user, as_user):
    client = as_user(authority_user)
    make_organizations(range(1))
    one = count_queries(client)

    make_organizations(range(1, 3))
    three = count_queries(client)

    assert one == three
