import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["²", "٣", "１２"])
def test_a_country_in_non_ascii_digits_is_a_400_naming_the_field(
    org, service_head, client_for, code
):
    response = client_for(service_head).post(
        "/api/v1/o/kaznu/persons/",
        data={"last_name": "Ли", "first_name": "Вэй", "citizenship": code},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["citizenship"]


def test_a_country_by_its_code_is_accepted(org, service_head, client_for):
    response = client_for(service_head).post(
        "/api/v1/o/kaznu/persons/",
        data={"last_name": "Ли", "first_name": "Вэй", "citizenship": "CN"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["citizenship"] == "CN"
