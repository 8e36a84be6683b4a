"""Fixtures of the partners tests: English messages, a partner with an agreement in force,
uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.factories.partners import AgreementFactory, PartnerFactory, docx_bytes
from tests.factories.people import PDF_BYTES


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(client_for):
    """A logged-in client whose pages come in English (the project default is Russian)."""

    def make(user, language="en"):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


@pytest.fixture
def dresden(org):
    return PartnerFactory(
        organization=org,
        name_original="Technische Universität Dresden",
        name_latin="Dresden University of Technology",
        name_ru="Дрезденский технический университет",
        country="DE",
        city="Dresden",
    )


@pytest.fixture
def agreement(org, dresden):
    """An agreement in force with Dresden (a stay or a trip can be linked to it)."""
    return AgreementFactory(
        organization=org,
        title="Teacher exchange with Dresden",
        our_number="ДУ-12",
        partners=[dresden],
    )


def pdf_upload(name="text.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def docx_upload(name="text.docx", text="Agreement text"):
    return SimpleUploadedFile(
        name,
        docx_bytes(text),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def fake_upload(name="text.pdf"):
    return SimpleUploadedFile(
        name, b"this is plain text, not a document", content_type="text/plain"
    )
