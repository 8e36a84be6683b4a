import pytest

from tests.factories.core import OrganizationFactory
from yntymaq.core.models import Organization
from yntymaq.core.pagination import DeferredJoinPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven():
    for slug in ("g", "c", "a", "f", "b", "e", "d"):
        OrganizationFactory(slug=slug)
    return Organization.objects.order_by("-slug")


def test_a_page_keeps_the_order_of_the_list(seven):
    paginator = DeferredJoinPaginator(seven, 3)

    pages = [[o.slug for o in paginator.page(n)] for n in (1, 2, 3)]

    assert pages == [["g", "f", "e"], ["d", "c", "b"], ["a"]]


def test_orphans_join_the_last_page(seven):
    paginator = DeferredJoinPaginator(seven, 3, orphans=1)

    assert [o.slug for o in paginator.page(2)] == ["d", "c", "b", "a"]


def test_a_page_is_three_queries_whatever_its_length(seven, django_assert_num_queries):
    with django_assert_num_queries(3):  # the count, the page's ids, its rows
        page = DeferredJoinPaginator(seven, 5).page(1)
        assert len(list(page)) == 5
