import datetime as dt

import pytest

from tests.factories.people import ForeignerFactory, IdentityDocumentFactory, PersonFactory
from yntymaq.core.models import Membership
from yntymaq.people.queries import identity_document_get, person_detail, person_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(service_head):
    """The service head's membership: sees every person of the organization."""
    return Membership.objects.select_related("organization").get(user=service_head)


@pytest.fixture
def ivanov(org):
    return PersonFactory(
        organization=org,
        last_name="Иванов",
        first_name="Иван",
        patronymic="Петрович",
        last_name_latin="IVANOV",
        first_name_latin="IVAN",
    )


@pytest.fixture
def semenova(org):
    return PersonFactory(
        organization=org,
        last_name="Семёнова",
        first_name="Әйгерім",
        last_name_latin="SEMENOVA",
        first_name_latin="AIGERIM",
        sex="F",
        birth_date=dt.date(2001, 2, 3),
    )


@pytest.mark.parametrize(
    "search", ["ivanov ivan", "Иван Иванов", "иванов", "IVAN ivanov", "петрович иван", "ИВАНОВ"]
)
def test_person_list_search_matches_words_in_any_order_in_either_script(
    org, ivanov, semenova, search, head
):
    assert list(person_list(membership=head, search=search)) == [ivanov]


def test_person_list_search_needs_every_word(org, ivanov, semenova, head):
    assert list(person_list(membership=head, search="Иванов Әйгерім")) == []


def test_person_list_search_folds_kazakh_letters_and_yo(org, ivanov, semenova, head):
    assert list(person_list(membership=head, search="ӘЙГЕРІМ семенова")) == [semenova]


def test_person_list_search_by_iin_prefix(org, ivanov, semenova, head):
    assert list(person_list(membership=head, search=semenova.iin[:6])) == [semenova]


def test_person_list_filters_by_citizenship(org, ivanov, head):
    foreigner = ForeignerFactory(organization=org, citizenship="CN")

    assert list(person_list(membership=head, citizenship="cn")) == [foreigner]


def test_person_list_orders(org, ivanov, semenova, head):
    assert list(person_list(membership=head, ordering="-name")) == [semenova, ivanov]
    assert list(person_list(membership=head, ordering="birth_date")) == [ivanov, semenova]
    assert list(person_list(membership=head, ordering="nonsense")) == [ivanov, semenova]


def test_person_list_excludes_other_organizations(org, other_org, ivanov, head):
    PersonFactory(organization=other_org, last_name="Иванов", first_name="Иван")

    assert list(person_list(membership=head, search="Иванов")) == [ivanov]


def _render_rows(head):
    return [
        (p.get_absolute_url(), str(p.citizenship.name), p.document_count)
        for p in person_list(membership=head, with_document_counts=True)
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_person_list_uses_one_query_whatever_the_number_of_rows(
    org, count, django_assert_num_queries, head
):
    for _ in range(count):
        IdentityDocumentFactory(person__organization=org, organization=org)

    with django_assert_num_queries(1):
        rows = _render_rows(head)

    assert len(rows) == count


def test_person_detail_prefetches_documents(org, django_assert_num_queries, head):
    document = IdentityDocumentFactory(person__organization=org, organization=org)

    with django_assert_num_queries(2):
        person = person_detail(membership=head, pk=document.person.pk)
        documents = list(person.documents.all())

    assert documents == [document]


def test_person_detail_of_another_organization_is_404(org, other_org, head):
    from django.http import Http404

    person = PersonFactory(organization=other_org)

    with pytest.raises(Http404):
        person_detail(membership=head, pk=person.pk)


def test_identity_document_get_needs_the_right_person(org):
    from django.http import Http404

    document = IdentityDocumentFactory(person__organization=org, organization=org)
    other_person = PersonFactory(organization=org)

    with pytest.raises(Http404):
        identity_document_get(organization=org, person_pk=other_person.pk, pk=document.pk)
