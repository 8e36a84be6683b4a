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


# --- JSON in another encoding than UTF-8 (issue 14) -------------------------------------------

PERSON = '{"last_name": "Сейтқали", "first_name": "Әлия", "citizenship": "CN"}'
RUSSIAN = '{"last_name": "Сейтова", "first_name": "Алия", "citizenship": "CN"}'


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (PERSON.encode("utf-16"), "application/json"),  # with its BOM
        (PERSON.encode("utf-16-le"), "application/json"),
        (PERSON.encode("utf-32"), "application/json"),
        # (the test client encodes a text in the charset the content type declares)
        (PERSON, "application/json; charset=utf-16"),
        (RUSSIAN, "application/json; charset=windows-1251"),
        (RUSSIAN.encode("cp1251"), "application/json"),
        (b"\xef\xbb\xbf" + PERSON.encode("utf-8"), "application/json"),  # a UTF-8 BOM
    ],
)
def test_json_in_another_encoding_is_a_clear_400(org, service_head, client_for, body, content_type):
    response = client_for(service_head).post(
        "/api/v1/o/kaznu/persons/",
        data=body,
        content_type=content_type,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"message": "Send JSON encoded as UTF-8.", "extra": {}}


def test_json_in_utf8_is_accepted(org, service_head, client_for):
    response = client_for(service_head).post(
        "/api/v1/o/kaznu/persons/",
        data=PERSON.encode("utf-8"),
        content_type="application/json; charset=utf-8",
    )

    assert response.status_code == 201
    assert response.json()["first_name"] == "Әлия"
