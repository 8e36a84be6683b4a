from datetime import date

import pytest
import time_machine

from yntymaq.core import attention
from yntymaq.core.attention import AttentionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(monkeypatch):
    def fake(organization, today):
        return [
            AttentionItem(date(2026, 12, 1), "test.later", "Visa of Li Wei expires", "/x/", "R8.4"),
            AttentionItem(date(2026, 11, 20), "test.overdue", "Report of Aliyev overdue", "/y/"),
        ]

    monkeypatch.setattr(attention, "_PROVIDERS", [fake])
    return fake


def test_items_are_merged_and_sorted_by_due_date(org, provider):
    found = attention.items(org, date(2026, 11, 25))

    assert [item.kind for item in found] == ["test.overdue", "test.later"]


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

    assert "Report of Aliyev overdue" in dashboard
    assert page.index("Report of Aliyev overdue") < page.index("Visa of Li Wei expires")
    assert "text-bg-danger" in page
