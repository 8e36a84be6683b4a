"""The daily purges: what expired goes, what may still be needed stays, each audited."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.factories.core import ImportUploadFactory
from tests.factories.incoming import QuestionnaireFactory, QuestionnaireLinkFactory
from tests.factories.reporting import ReportFileFactory, ReportGenerationFactory
from yntymaq.core.imports import import_uploads_purge
from yntymaq.core.models import AuditEntry, ImportUpload
from yntymaq.incoming.models import QuestionnaireLink
from yntymaq.incoming.services import questionnaire_links_purge
from yntymaq.reporting.models import ReportGeneration
from yntymaq.reporting.services import report_files_purge

pytestmark = pytest.mark.django_db


def _aged(model, pk, **ages):
    model.objects.filter(pk=pk).update(**{f: timezone.now() - age for f, age in ages.items()})


def test_uncommitted_imports_older_than_a_day_are_deleted_with_their_files(org):
    left = ImportUploadFactory(organization=org, original_name="stays-draft.xlsx")
    committed = ImportUploadFactory(organization=org, committed_at=timezone.now())
    fresh = ImportUploadFactory(organization=org)
    for upload in (left, committed):
        _aged(ImportUpload, upload.pk, created_at=timedelta(days=2))

    deleted = import_uploads_purge(now=timezone.now())

    assert deleted == 1
    assert set(ImportUpload.objects.values_list("pk", flat=True)) == {committed.pk, fresh.pk}
    assert not default_storage.exists(left.file.name)
    assert default_storage.exists(committed.file.name)
    entry = AuditEntry.objects.get(action="core.import.purged")
    assert (entry.organization, entry.data) == (org, {"count": 1, "files": ["stays-draft.xlsx"]})


def test_links_that_can_never_work_again_are_deleted_after_90_days(org):
    withdrawn = QuestionnaireLinkFactory(organization=org)
    expired_draft = QuestionnaireLinkFactory(organization=org)
    expired_submitted = QuestionnaireLinkFactory(
        organization=org, questionnaire=QuestionnaireFactory(organization=org, status="submitted")
    )
    recent = QuestionnaireLinkFactory(organization=org)
    _aged(QuestionnaireLink, withdrawn.pk, revoked_at=timedelta(days=91))
    _aged(QuestionnaireLink, expired_draft.pk, expires_at=timedelta(days=91))
    _aged(QuestionnaireLink, expired_submitted.pk, expires_at=timedelta(days=91))
    _aged(QuestionnaireLink, recent.pk, revoked_at=timedelta(days=89))

    deleted = questionnaire_links_purge(now=timezone.now())

    assert deleted == 2
    # A submitted questionnaire's expired link comes back when the Service returns it.
    assert set(QuestionnaireLink.objects.values_list("pk", flat=True)) == {
        expired_submitted.pk,
        recent.pk,
    }
    entry = AuditEntry.objects.get(action="incoming.questionnaire_link.purged")
    assert (entry.organization, entry.data) == (org, {"count": 2})


def test_report_files_nothing_names_are_deleted_and_stuck_generations_failed(org, settings):
    kept = ReportFileFactory(organization=org)
    orphan = default_storage.save(
        f"reporting/{org.pk}/generated/77-left-by-a-killed-worker.pdf", ContentFile(b"%PDF")
    )
    just_written = default_storage.save(
        f"reporting/{org.pk}/generated/78-being-written.pdf", ContentFile(b"%PDF")
    )
    stuck = ReportGenerationFactory(
        organization=org, report=kept.generation.report, status="running"
    )
    _aged(ReportGeneration, stuck.pk, created_at=timedelta(hours=2))
    now = timezone.now()
    day_old = (now - timedelta(days=2)).timestamp()
    for name in (orphan, kept.file.name):
        os.utime(default_storage.path(name), (day_old, day_old))

    result = report_files_purge(now=now)

    assert result == {"abandoned_generations": 1, "orphan_files": 1}
    assert not default_storage.exists(orphan)
    assert default_storage.exists(just_written)
    assert default_storage.exists(kept.file.name)
    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert set(AuditEntry.objects.filter(organization=org).values_list("action", flat=True)) >= {
        "reporting.report_generation.abandoned",
        "reporting.generated_files.purged",
    }
