import pytest
from django.db import connection

from yntymaq.core import audit
from yntymaq.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_record_stores_actor_target_and_organization(org, service_head):
    entry = audit.record(action="core.organization.updated", actor=service_head, target=org)

    assert (entry.organization, entry.actor, entry.target_repr) == (org, service_head, "КазНУ")
    assert entry.object_id == str(org.pk)


def test_changes_lists_only_changed_fields_and_masks_restricted():
    before = {"number": "N123", "kind": "passport", "issued_by": "MVD"}
    after = {"number": "N999", "kind": "passport", "issued_by": "MJ"}

    result = audit.changes(before, after, restricted=("number",))

    assert result == {"issued_by": ["MVD", "MJ"], "number": ["••••••", "••••••"]}


def test_record_masks_secret_looking_keys(org, service_head):
    entry = audit.record(
        action="core.api_token.issued", actor=service_head, target=org, data={"token": "abc"}
    )

    assert entry.data == {"token": "••••••"}


def test_audit_entry_cannot_be_changed_or_deleted(org, service_head):
    entry = audit.record(action="core.organization.updated", actor=service_head, target=org)

    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x.y.z")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditentry SET action = 'x.y.z' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id >= %s",
    ],
)
def test_database_refuses_to_change_or_delete_audit_entries(org, service_head, statement):
    """On PostgreSQL and on SQLite alike: triggers (migrations 0002 and 0006)."""
    from django.db import DatabaseError, transaction

    entry = audit.record(action="core.organization.updated", actor=service_head, target=org)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [entry.pk])
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.action == "core.organization.updated"


def test_login_and_failed_login_are_audited(org, service_staff, client):
    client.post("/account/login/", {"username": "staff@kaznu.kz", "password": "wrong"})
    client.post(
        "/account/login/",
        {"username": "staff@kaznu.kz", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.1.2.3",
    )

    actions = list(AuditEntry.objects.order_by("id").values_list("action", "target_repr", "ip"))
    assert actions == [
        ("core.user.login_failed", "staff@kaznu.kz", "127.0.0.1"),
        ("core.user.logged_in", "staff", "10.1.2.3"),
    ]


def test_audit_log_page_filters_by_kind_person_object_and_date(
    org, auditor, service_head, client_for
):
    audit.record(action="core.organization.updated", actor=service_head, target=org)
    audit.record(action="core.api_token.issued", actor=service_head, target=service_head)
    client = client_for(auditor)

    by_kind = client.get("/o/kaznu/audit/?kind=changed").content.decode()
    by_object = client.get("/o/kaznu/audit/?target=КазНУ").content.decode()
    by_person = client.get("/o/kaznu/audit/?actor=nobody").content.decode()
    by_date = client.get("/o/kaznu/audit/?date_to=2000-01-01").content.decode()

    assert "head изменил(а) запись: организация" in by_kind
    assert "head выдал(а)" not in by_kind
    assert "head изменил(а) запись: организация" in by_object
    assert "head выдал(а)" not in by_object
    assert "head изменил(а)" not in by_person
    assert "head изменил(а)" not in by_date


def test_audit_log_page_hides_other_organizations_entries(org, other_org, auditor, client_for):
    audit.record(action="core.organization.updated", actor=None, target=other_org)

    body = client_for(auditor).get("/o/kaznu/audit/").content.decode()

    assert "Другой" not in body


def test_audit_log_page_query_count_is_fixed(
    org, auditor, service_head, client_for, django_assert_max_num_queries
):
    client = client_for(auditor)
    audit.record(action="core.organization.updated", actor=service_head, target=org)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/o/kaznu/audit/")
    for _ in range(20):
        audit.record(action="core.organization.updated", actor=service_head, target=org)
    with CaptureQueriesContext(connection) as many:
        client.get("/o/kaznu/audit/")

    assert len(many) == len(one)
