"""The authorized body's queue of agreements (R3): one queue across organizations, filters,
audited downloads, the decision, and no way for an authority user to edit an organization's
data. Organization users get 404 here, anonymous users the login page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories.partners import (
    AgreementVersionFactory,
    DraftAgreementFactory,
    PartnerFactory,
)
from yntymaq.core.models import AuditEntry
from yntymaq.partners.enums import AgreementStatus as S
from yntymaq.partners.models import Agreement

pytestmark = pytest.mark.django_db

QUEUE = "/authority/agreements/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(client_for):
    def make(user, language="en"):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


def sent(organization, title, country="DE", kind="mobility", sent_days_ago=1):
    from django.utils import timezone

    agreement = DraftAgreementFactory(
        organization=organization,
        title=title,
        kind=kind,
        status=S.AUTHORITY_REVIEW,
        sent_to_authority_at=timezone.now() - dt.timedelta(days=sent_days_ago),
        partners=[PartnerFactory(organization=organization, country=country)],
    )
    AgreementVersionFactory(organization=organization, agreement=agreement, number=1)
    return agreement


def titles(response):
    return [a.title for a in response.context["object_list"]]


def test_r3_queue_holds_every_organizations_agreements_oldest_first(
    org, other_org, authority_user, as_user
):
    sent(org, "Exchange with Dresden", sent_days_ago=1)
    sent(other_org, "Memo with Lyon", country="FR", sent_days_ago=5)
    DraftAgreementFactory(organization=org, title="Still a draft")

    response = as_user(authority_user).get(QUEUE)

    assert response.status_code == 200
    assert titles(response) == ["Memo with Lyon", "Exchange with Dresden"]


def test_queue_filters_by_organization_country_and_kind(org, other_org, authority_user, as_user):
    sent(org, "Exchange with Dresden")
    sent(other_org, "Memo with Lyon", country="FR", kind="memorandum")
    client = as_user(authority_user)

    assert titles(client.get(f"{QUEUE}?organization={other_org.pk}")) == ["Memo with Lyon"]
    assert titles(client.get(f"{QUEUE}?country=DE")) == ["Exchange with Dresden"]
    assert titles(client.get(f"{QUEUE}?kind=memorandum")) == ["Memo with Lyon"]


def test_queue_shows_the_decided_ones_on_request(org, authority_user, as_user):
    agreement = sent(org, "Exchange with Dresden")
    client = as_user(authority_user)
    client.post(f"{QUEUE}{agreement.pk}/", {"decision": "agree"})

    assert titles(client.get(QUEUE)) == []
    assert titles(client.get(f"{QUEUE}?state=agreed")) == ["Exchange with Dresden"]


def test_queue_runs_the_same_queries_for_1_and_50_rows(org, other_org, authority_user, as_user):
    client = as_user(authority_user)
    sent(org, "First")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE).status_code == 200
        return len(captured)

    one = count()
    for n in range(49):
        sent(other_org if n % 2 else org, f"Agreement {n}")

    assert count() == one


def test_anonymous_users_are_sent_to_login(org, client):
    agreement = sent(org, "Exchange")

    for url in (QUEUE, f"{QUEUE}{agreement.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


def test_organization_users_get_404(org, service_head, as_user):
    agreement = sent(org, "Exchange")
    version = agreement.versions.get()
    client = as_user(service_head)

    for url in (QUEUE, f"{QUEUE}{agreement.pk}/", f"{QUEUE}{agreement.pk}/versions/{version.pk}/"):
        assert client.get(url).status_code == 404
    assert client.post(f"{QUEUE}{agreement.pk}/", {"decision": "agree"}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == S.AUTHORITY_REVIEW


def test_r3_authority_agrees_and_the_organization_sees_the_decision_and_its_date(
    org, authority_user, service_staff, as_user
):
    agreement = sent(org, "Exchange with Dresden")

    response = as_user(authority_user).post(f"{QUEUE}{agreement.pk}/", {"decision": "agree"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.AGREED
    entry = AuditEntry.objects.get(action="partners.agreement.agreed")
    assert (entry.organization, entry.actor) == (org, authority_user)
    page = as_user(service_staff).get(agreement.get_absolute_url()).content.decode()
    day = agreement.authority_decided_at.astimezone().strftime("%d.%m.%Y")
    assert f"The authorized body agreed the agreement on {day}." in page


def test_r3_authority_returns_with_a_comment(org, authority_user, as_user):
    agreement = sent(org, "Exchange with Dresden")

    as_user(authority_user).post(
        f"{QUEUE}{agreement.pk}/", {"decision": "return", "comment": "Specify the funding"}
    )

    agreement.refresh_from_db()
    decision = agreement.decisions.get()
    assert agreement.status == S.AUTHORITY_RETURNED
    assert (decision.stage, decision.comment) == ("authority", "Specify the funding")


def test_return_without_a_comment_is_refused_beside_the_comment(org, authority_user, as_user):
    agreement = sent(org, "Exchange with Dresden")

    response = as_user(authority_user).post(f"{QUEUE}{agreement.pk}/", {"decision": "return"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["comment"]
    agreement.refresh_from_db()
    assert agreement.status == S.AUTHORITY_REVIEW


def test_authority_reads_the_text_versions_and_each_download_is_audited(
    org, authority_user, as_user
):
    agreement = sent(org, "Exchange with Dresden")
    version = agreement.versions.get()

    response = as_user(authority_user).get(f"{QUEUE}{agreement.pk}/versions/{version.pk}/")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action="authority.agreement_version.downloaded")
    assert (entry.organization, entry.actor, entry.data) == (org, authority_user, {"version": 1})


def test_authority_does_not_see_agreements_never_sent(org, authority_user, as_user):
    draft = DraftAgreementFactory(organization=org)
    version = AgreementVersionFactory(organization=org, agreement=draft, number=1)
    client = as_user(authority_user)

    assert client.get(f"{QUEUE}{draft.pk}/").status_code == 404
    assert client.get(f"{QUEUE}{draft.pk}/versions/{version.pk}/").status_code == 404


def test_a_decided_agreement_cannot_be_decided_again(org, authority_user, as_user):
    agreement = sent(org, "Exchange")
    client = as_user(authority_user)
    client.post(f"{QUEUE}{agreement.pk}/", {"decision": "agree"})

    response = client.post(f"{QUEUE}{agreement.pk}/", {"decision": "return", "comment": "No"})

    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.status == S.AGREED


def test_authority_users_cannot_edit_an_organizations_data(org, authority_user, as_user):
    agreement = sent(org, "Exchange with Dresden")
    client = as_user(authority_user)
    base = f"/o/{org.slug}/partners/agreements/{agreement.pk}"

    assert client.get(f"{base}/").status_code == 404
    assert client.post(f"{base}/edit/", {"title": "Changed"}).status_code == 404
    assert client.post(f"{base}/withdraw/", {}).status_code == 404
    assert client.post(f"/o/{org.slug}/partners/new/", {"name_original": "X"}).status_code == 404
    api = client.patch(
        f"/api/v1/o/{org.slug}/agreements/{agreement.pk}/",
        {"title": "Changed"},
        content_type="application/json",
    )
    assert api.status_code == 404
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Exchange with Dresden", S.AUTHORITY_REVIEW)
    assert Agreement.objects.count() == 1


def test_queue_page_in_kazakh(org, authority_user, as_user):
    sent(org, "Exchange with Dresden")

    page = as_user(authority_user, "kk").get(QUEUE).content.decode()

    assert "Келісуге жіберілген келісімдер" in page
