"""Fixtures of the service tests: English messages unless a test asks for another language,
and uploads recognised by their content."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(client_for):
    """A logged-in client whose pages come in English (the project default is Russian)."""

    def make(user, language="en"):
        client = client_for(user)
        client.cookies["django_language"] = language
        return client

    return make


@pytest.fixture
def pdf_upload():
    def make(name="regulation.pdf"):
        return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

    return make


@pytest.fixture
def docx_upload():
    def make(name="duties.docx"):
        return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")

    return make


@pytest.fixture
def png_named_pdf():
    """A PNG picture that pretends to be a PDF by its name and declared type."""
    return SimpleUploadedFile("regulation.pdf", PNG_BYTES, content_type="application/pdf")
