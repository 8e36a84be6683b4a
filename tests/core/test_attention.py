from datetime import date, timedelta

import pytest
import time_machine

from tests.factories.core import OrganizationFactory
from yntymaq.core import attention
from yntymaq.core.attention import AttentionItem, Deadlines
from yntymaq.core.models import Organization

pytestmark = pytest.mark.django_db


def listed(*items):
    return Deadlines(items[0].kind, items[0].kind, list(items), lambda item: item)


@pytest.fixture
def provider(monkeypatch):
    def fake(organization, today):
        return [
            listed(AttentionItem(date(2026, 12, 1), "test.later", "Visa of Li Wei expires", "/x/")),
            listed(AttentionItem(date(2026, 11, 20), "test.overdue", "Report of Aliyev", "/y/")),
        ]

    monkeypatch.setattr(attention, "_PROVIDERS", [fake])
    return fake


def organizations_due(start: date) -> Deadlines:
    """A kind read from the database: one item per organization, a day apart by slug."""
    slugs = sorted(Organization.objects.values_list("slug", flat=True))

    def make(org):
        return AttentionItem(
            start + timedelta(days=slugs.index(org.slug)), "test.org", org.slug, "/"
        )

    return Deadlines("test.org", "Organizations", Organization.objects.order_by("slug"), make)


def test_items_are_merged_and_sorted_by_due_date(org, provider):
    found = attention.items(org, date(2026, 11, 25))

    assert [item.kind for item in found] == ["test.overdue", "test.later"]


def test_gather_counts_every_kind_and_keeps_the_first_items(org, provider):
    gathered = attention.gather(org, date(2026, 11, 25), limit=1)

    assert [item.kind for item in gathered.items] == ["test.overdue"]
    assert gathered.kinds == {"test.later": ("test.later", 1), "test.overdue": ("test.overdue", 1)}
    assert gathered.total == 2


def test_gather_reads_only_the_kinds_asked_for(org, provider):
    gathered = attention.gather(org, date(2026, 11, 25), kinds=["test.later"])

    assert [item.title for item in gathered.items] == ["Visa of Li Wei expires"]
    assert list(gathered.kinds) == ["test.later"]


def test_a_limited_read_fetches_one_row_more_and_counts_only_when_there_are_more(
    django_assert_num_queries,
):
    for slug in ("a", "b", "c", "d", "e"):
        OrganizationFactory(slug=slug)
    deadlines = organizations_due(date(2026, 1, 1))

    with django_assert_num_queries(2):  # the first three rows, then the count
        first = attention.read([deadlines], limit=2)
    with django_assert_num_queries(1):  # all rows fit: no count
        every = attention.read([deadlines], limit=10)
    with django_assert_num_queries(1):  # only the count
        counted = attention.read([deadlines], limit=0)

    assert [item.title for item in first.items] == ["a", "b"]
    assert first.total == 5
    assert [item.title for item in every.items] == ["a", "b", "c", "d", "e"]
    assert counted.items == []
    assert counted.kinds == {"test.org": ("Organizations", 5)}


def test_an_inexact_kind_reads_every_row_and_counts_what_it_keeps():
    for slug in ("a", "b", "c"):
        OrganizationFactory(slug=slug)
    deadlines = organizations_due(date(2026, 1, 1))
    keep_b_c = Deadlines(
        "test.org",
        "Organizations",
        deadlines.rows,
        lambda org: None if org.slug == "a" else deadlines.make(org),
        exact=False,
    )

    gathered = attention.read([keep_b_c], limit=1)

    assert [item.title for item in gathered.items] == ["b"]
    assert gathered.total == 2


def test_kinds_shared_by_several_queries_are_counted_together():
    two = [
        listed(AttentionItem(date(2026, 5, 2), "test.k", "second", "/2/")),
        listed(AttentionItem(date(2026, 5, 1), "test.k", "first", "/1/")),
    ]

    gathered = attention.read(two, limit=10)

    assert [item.title for item in gathered.items] == ["first", "second"]
    assert gathered.kinds == {"test.k": ("test.k", 2)}


def test_severity_depends_on_today():
    item = AttentionItem(date(2026, 12, 1), "k", "t", "/")

    assert item.severity(date(2026, 12, 2)) == "overdue"
    assert item.severity(date(2026, 11, 25)) == "soon"
    assert item.severity(date(2026, 11, 1)) == "upcoming"


@time_machine.travel("2026-11-25 09:00 +0500")
def test_dashboard_and_attention_page_list_the_items(org, service_staff, client_for, provider):
    client = client_for(service_staff)

    dashboard = client.get("/o/kaznu/").content.decode()
    page = client.get("/o/kaznu/attention/").content.decode()

    assert "Report of Aliyev" in dashboard
    assert "Все 2 пункта" in dashboard  # "All 2 items" in Russian
    assert page.index("Report of Aliyev") < page.index("Visa of Li Wei expires")
    assert "text-bg-danger" in page


@time_machine.travel("2026-11-25 09:00 +0500")
def test_attention_page_shows_one_kind_with_the_number_of_each(
    org, service_staff, client_for, provider
):
    client = client_for(service_staff)

    page = client.get("/o/kaznu/attention/?kind=test.later").content.decode()
    unknown = client.get("/o/kaznu/attention/?kind=nothing&page=x").content.decode()

    assert "Visa of Li Wei expires" in page
    assert "Report of Aliyev" not in page
    assert 'href="?kind=test.overdue"' in page
    assert "Visa of Li Wei expires" in unknown
    assert "Report of Aliyev" in unknown


@time_machine.travel("2026-11-25 09:00 +0500")
def test_attention_page_pages_through_many_items(org, service_staff, client_for, monkeypatch):
    many = [
        AttentionItem(date(2026, 11, 1) + timedelta(days=i), "test.many", f"Item {i:03}", "/")
        for i in range(120)
    ]
    monkeypatch.setattr(attention, "_PROVIDERS", [lambda organization, today: [listed(*many)]])
    client = client_for(service_staff)

    first = client.get("/o/kaznu/attention/").content.decode()
    third = client.get("/o/kaznu/attention/?page=3").content.decode()

    assert first.count("attention-item") == 50
    assert "Item 000" in first
    assert "Item 049" in first
    assert "Item 050" not in first
    assert third.count("attention-item") == 20
    assert "Item 100" in third
    assert "Item 119" in third
    assert "Страница 3 из 3" in third  # "Page 3 of 3"
