"""Nothing a signed-in user receives is kept by a browser or a proxy (issue 14)."""

import pytest
from rest_framework.test import APIClient

from tests.factories.core import api_token_key

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    "path",
    [
        "/o/kaznu/",
        "/o/kaznu/people/",
        "/account/",
        "/o/kaznu/partners/export/",  # a download
        "/api/v1/o/kaznu/persons/",
        "/o/kaznu/no-such-page/",
    ],
)
def test_answers_to_a_signed_in_user_are_not_stored(org, service_head, client_for, path):
    response = client_for(service_head).get(path)

    assert {"private", "no-store"} <= cache_control(response)


def test_api_answers_to_a_token_are_not_stored(org, service_head):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(service_head)}")

    response = client.get("/api/v1/o/kaznu/persons/")

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_static_files_keep_their_caching(org, service_head, client_for):
    response = client_for(service_head).get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
