from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from yntymaq.core import attention
from yntymaq.core.attention import AttentionItem, Deadlines
from yntymaq.core.models import Notification
from yntymaq.core.notifications import notifications_create_due, reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_deadline(monkeypatch):
    """Only this provider: the apps' own deadlines are tested in their apps."""

    def provider(organization, today):
        item = AttentionItem(
            date(2027, 7, 15),
            "test.deadline",
            f"Annual report of {organization.short_name} is due",
            f"/o/{organization.slug}/reports/",
            "R8.11",
        )
        return [Deadlines("test.deadline", "Annual reports", [item], lambda row: row)]

    monkeypatch.setattr(attention, "_PROVIDERS", [provider])
    return provider


def test_reminder_buckets_30_7_1_and_overdue():
    item = AttentionItem(date(2027, 7, 15), "k", "t", "/")

    assert item.reminder_bucket(date(2027, 6, 1)) is None
    assert item.reminder_bucket(date(2027, 6, 15)) == "30"
    assert item.reminder_bucket(date(2027, 7, 8)) == "7"
    assert item.reminder_bucket(date(2027, 7, 14)) == "1"
    assert item.reminder_bucket(date(2027, 7, 16)) == "overdue"


def test_head_and_staff_are_reminded_30_days_before(
    org, service_head, service_staff, auditor, report_deadline
):
    created = [
        n for n in notifications_create_due(today=date(2027, 6, 15)) if n.kind == "test.deadline"
    ]

    assert sorted(n.user.email for n in created) == ["head@kaznu.kz", "staff@kaznu.kz"]
    assert created[0].title == "Annual report of КазНУ is due"


def test_running_twice_a_day_does_not_duplicate(org, service_head, report_deadline):
    notifications_create_due(today=date(2027, 6, 15))
    notifications_create_due(today=date(2027, 6, 15))
    notifications_create_due(today=date(2027, 6, 16))

    assert Notification.objects.filter(kind="test.deadline").count() == 1


def test_each_reminder_day_adds_one_notification(org, service_head, report_deadline):
    for day in (date(2027, 6, 15), date(2027, 7, 8), date(2027, 7, 14), date(2027, 7, 16)):
        notifications_create_due(today=day)

    assert Notification.objects.filter(kind="test.deadline").count() == 4


def test_digest_is_mailed_once_per_user(org, service_head, report_deadline):
    created, mailed = reminders_send(today=date(2027, 7, 14))
    again = reminders_send(today=date(2027, 7, 14))

    assert (created, mailed, again) == (1, 1, (0, 0))
    assert mail.outbox[0].to == ["head@kaznu.kz"]
    assert "Annual report of КазНУ is due" in mail.outbox[0].body


def test_digest_is_written_in_the_users_language(org, service_head, report_deadline):
    service_head.language = "kk"
    service_head.save()

    reminders_send(today=date(2027, 7, 14))

    assert "назар аударуды" in mail.outbox[0].subject.lower()


def test_send_reminders_command_prints_a_summary(org, service_head, report_deadline, capsys):
    call_command("send_reminders", "--date", "2027-07-14")

    assert capsys.readouterr().out.strip() == "send_reminders: 1 notifications, 1 e-mail digests"


def test_user_sees_and_marks_notifications(org, service_head, report_deadline, client_for):
    notifications_create_due(today=date(2027, 7, 14))
    client = client_for(service_head)

    page = client.get("/account/notifications/").content.decode()
    client.post("/account/notifications/", {})

    assert "Annual report of КазНУ is due" in page
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_user_cannot_mark_someone_elses_notification(
    org, service_head, service_staff, report_deadline, client_for
):
    notifications_create_due(today=date(2027, 7, 14))
    theirs = Notification.objects.get(user=service_head)

    client_for(service_staff).post("/account/notifications/", {"notification": theirs.pk})

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_daily_hooks_run_before_reminders(org, report_deadline, monkeypatch):
    from yntymaq.core import notifications

    calls = []
    monkeypatch.setattr(notifications, "DAILY_HOOKS", [lambda *, today: calls.append(today)])

    reminders_send(today=date(2027, 7, 14))

    assert calls == [date(2027, 7, 14)]
