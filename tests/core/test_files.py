import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from yntymaq.core.files import serve_file
from yntymaq.core.models import ImportUpload


def stored(name: str, content: bytes) -> FieldFile:
    saved = default_storage.save(name, ContentFile(content))
    return FieldFile(None, ImportUpload._meta.get_field("file"), saved)


def test_serve_file_sends_attachment_with_nosniff():
    response = serve_file(stored("people/copy.pdf", b"%PDF-1.7"), "Паспорт.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.7"


def test_serve_file_missing_on_disk_is_404():
    fieldfile = FieldFile(None, ImportUpload._meta.get_field("file"), "gone/nothing.pdf")

    with pytest.raises(Http404):
        serve_file(fieldfile)


def test_serve_file_without_file_is_404():
    with pytest.raises(Http404):
        serve_file(FieldFile(None, ImportUpload._meta.get_field("file"), ""))
