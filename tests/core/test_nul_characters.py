import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_search_is_a_400_page(org, service_head, client_for):
    response = client_for(service_head).get("/o/kaznu/people/", {"q": "Ли\x00"})

    assert response.status_code == 400


def test_nul_in_a_form_post_is_a_400(org, service_head, client_for):
    response = client_for(service_head).post("/o/kaznu/settings/", {"short_name": "A\x00B"})

    assert response.status_code == 400
    org.refresh_from_db()
    assert org.short_name == "КазНУ"


def test_nul_in_api_json_is_a_400_with_the_error_shape(org, service_head, client_for):
    response = client_for(service_head).post(
        "/api/v1/o/kaznu/persons/",
        data='{"last_name": "\\u0000"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "Запрос содержит символ NUL, который не допускается.",
        "extra": {},
    }
