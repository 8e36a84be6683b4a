"""The audit log and history panels speak the reader's language (core.audit.describe)."""

import datetime as dt

import pytest
from django.utils import translation

from tests.factories.incoming import StayFactory
from yntymaq.core import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def stay(org):
    return StayFactory(organization=org, person__last_name="Ли", person__first_name="Вэй")


def _entry(stay, actor, changes, **data):
    return audit.record(
        action="incoming.stay.updated",
        actor=actor,
        target=stay,
        data={"changes": changes, **data},
    )


def test_describe_says_who_changed_what_with_labels_and_formatted_dates(stay, service_head):
    service_head.full_name = "Aigerim"
    entry = _entry(
        stay,
        service_head,
        {
            "arrival_date": [dt.date(2026, 12, 10), dt.date(2026, 12, 7)],
            "status": ["invited", "arrived"],
        },
    )

    with translation.override("en"):
        shown = audit.describe(entry)
        lines = [(c.label, c.old.text, c.new.text) for c in shown.changes]

    assert shown.sentence == f"Aigerim changed stay «{stay}»"
    assert lines == [
        ("arrival date", "10.12.2026", "07.12.2026"),
        ("status", "invited", "arrived"),
    ]


def test_describe_in_russian_uses_russian_labels(stay, service_head):
    service_head.full_name = "Айгерим"
    entry = _entry(stay, service_head, {"arrival_date": [None, "2026-12-07"]})

    with translation.override("ru"):
        shown = audit.describe(entry)

    assert shown.sentence == f"Айгерим изменил(а) запись: пребывание «{stay}»"
    assert shown.changes[0].old.text == "—"
    assert shown.changes[0].new.text == "07.12.2026"


def test_describe_cuts_a_long_value_and_keeps_it_whole_for_show_all(stay, service_head):
    long = "слово " * 4000
    entry = _entry(stay, service_head, {"notes": ["", long]})

    shown = audit.describe(entry)

    value = shown.changes[0].new
    assert value.long
    assert value.short.endswith("…")
    assert len(value.short) <= audit.SHORT_VALUE + 1
    assert value.text == long


def test_describe_masks_stay_masked_and_sign_in_reads_as_a_sentence(org, service_head):
    service_head.full_name = "Aigerim"
    entry = audit.record(action="core.user.logged_in", actor=service_head, target=service_head)

    with translation.override("en"):
        shown = audit.describe(entry)

    assert shown.sentence == "Aigerim signed in"


def test_history_panel_and_audit_log_show_sentences_not_codes(
    org, stay, service_head, auditor, client_for
):
    _entry(stay, service_head, {"notes": ["", "x" * 500]})

    log = client_for(auditor).get("/o/kaznu/audit/").content.decode()
    page = client_for(service_head).get(f"/o/kaznu/incoming/stays/{stay.pk}/").content.decode()

    for body in (log, page):
        assert "incoming.stay.updated" not in body
        assert "head изменил(а) запись: пребывание" in body
        assert "показать всё" in body
