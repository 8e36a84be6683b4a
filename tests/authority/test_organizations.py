"""The authorized body registers organizations (issue 11): one by one and from the XLSX of the
national list (all or nothing, every row's error), invitations sent, resent and revoked, the
head's acceptance shown, deactivation; pages and API, authority users only."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories.core import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    api_token_key,
)
from yntymaq.core.enums import InvitationStatus, Role
from yntymaq.core.invitations import invitation_accept
from yntymaq.core.models import AuditEntry, Invitation, Organization
from yntymaq.core.organizations import organization_register
from yntymaq.core.xlsx import write_xlsx

pytestmark = pytest.mark.django_db

REGISTRY = "/authority/organizations/"
HEADERS = [
    "BIN",
    "Name in Kazakh",
    "Name in Russian",
    "Name in English",
    "Kind",
    "Region",
    "Head's e-mail",
]
ENU_ROW = [
    "010140000014",
    "Еуразия ұлттық университеті",
    "Евразийский национальный университет",
    "",
    "university",
    "astana",
    "head@enu.kz",
]
COLLEGE_ROW = [
    "150340007770",
    "Қарағанды колледжі",
    "Карагандинский колледж",
    "Karaganda College",
    "Колледж",
    "Карагандинская область",
    "head@kkc.kz",
]
ROWS = [ENU_ROW, COLLEGE_ROW]


@pytest.fixture
def as_authority(client_for, authority_user):
    client = client_for(authority_user)
    client.cookies["django_language"] = "en"
    return client


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    content = write_xlsx([("Organizations", headers, rows)]).read()
    return SimpleUploadedFile("list.xlsx", content)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_organization_users_get_404_and_anonymous_the_login(org, service_head, client_for, client):
    assert client_for(service_head).get(REGISTRY).status_code == 404
    assert client.get(REGISTRY)["Location"] == f"/account/login/?next={REGISTRY}"


# --- one by one ----------------------------------------------------------------------------


def test_register_one_organization_and_see_its_head_invited(
    as_authority, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_authority.post(
            f"{REGISTRY}new/",
            {
                "bin": "010140000014",
                "name_kk": "Еуразия ұлттық университеті",
                "name_ru": "Евразийский национальный университет",
                "kind": "university",
                "region": "astana",
                "head_email": "head@enu.kz",
            },
            follow=True,
        )

    organization = Organization.objects.get()
    assert response.redirect_chain[-1][0] == f"{REGISTRY}{organization.pk}/"
    body = text(response)
    assert "The invitation is e-mailed to head@enu.kz." in body
    assert re.search(r'data-state="pending">\s*<td>head@enu.kz</td>', body)
    registry = text(as_authority.get(REGISTRY))
    assert re.search(r'data-head="invited">.*?invited, waiting', registry, re.S)


def test_a_wrong_bin_beside_its_field_in_russian(authority_user, client_for):
    client = client_for(authority_user)
    client.cookies["django_language"] = "ru"

    response = client.post(
        f"{REGISTRY}new/",
        {
            "bin": "010140000015",
            "name_kk": "А",
            "name_ru": "Б",
            "kind": "college",
            "region": "astana",
            "head_email": "h@x.kz",
        },
    )

    assert response.status_code == 200
    assert re.search(
        r'id="id_bin_error"[^>]*>.*?Неверная контрольная цифра БИН|'
        r'id="id_bin_error"[^>]*>.*?контрольн',
        text(response),
        re.S,
    )
    assert Organization.objects.count() == 0


def test_a_duplicate_bin_names_the_organization(org, as_authority):
    response = as_authority.post(
        f"{REGISTRY}new/",
        {
            "bin": org.bin,
            "name_kk": "Басқа",
            "name_ru": "Другая",
            "kind": "college",
            "region": "astana",
            "head_email": "h@x.kz",
        },
    )

    assert (
        "An organization with this BIN is already registered: Казахский национальный "
        "университет (kaznu)." in text(response)
    )


def test_a_bin_registered_meanwhile_is_named_beside_the_field(as_authority, registered_meanwhile):
    registered_meanwhile("010140000014", name_ru="Первый университет", slug="first")

    response = as_authority.post(
        f"{REGISTRY}new/",
        {
            "bin": "010140000014",
            "name_kk": "Еуразия",
            "name_ru": "Евразийский",
            "kind": "university",
            "region": "astana",
            "head_email": "head@enu.kz",
        },
    )

    assert response.status_code == 200
    assert re.search(
        r'id="id_bin_error"[^>]*>.*?An organization with this BIN is already registered: '
        r"Первый университет \(first\)\.",
        text(response),
        re.S,
    )
    assert Invitation.objects.count() == 0


def test_the_registry_shows_whether_the_head_accepted(org, other_org, as_authority):
    MembershipFactory(organization=org, role=Role.SERVICE_HEAD)
    invitation = InvitationFactory(organization=other_org, role=Role.SERVICE_HEAD)
    invitation.status = InvitationStatus.REVOKED
    invitation.save()
    fresh = OrganizationFactory(slug="fresh", short_name="Новая")
    InvitationFactory(organization=fresh, role=Role.SERVICE_HEAD, email="h@fresh.kz")

    body = as_authority.get(REGISTRY).content.decode()

    assert re.findall(r'data-organization="([^"]+)" data-head="([^"]+)"', body) == [
        ("other", "revoked"),
        ("kaznu", "accepted"),
        ("fresh", "invited"),
    ]
    only_invited = as_authority.get(f"{REGISTRY}?head=invited").content.decode()
    assert re.findall(r'data-organization="([^"]+)"', only_invited) == ["fresh"]


def test_the_registry_takes_the_same_queries_for_one_and_three(org, as_authority):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_authority.get(REGISTRY).status_code == 200
        return len(queries)

    InvitationFactory(organization=org, role=Role.SERVICE_HEAD)
    one = count()
    for _ in range(2):
        InvitationFactory(organization=OrganizationFactory(), role=Role.SERVICE_HEAD)

    assert count() == one


def test_the_head_accepts_and_the_registry_says_so(as_authority, authority_user):
    organization, invitation = organization_register(
        data={
            "bin": "010140000014",
            "name_kk": "Еуразия",
            "name_ru": "Евразийский",
            "kind": "university",
            "region": "astana",
        },
        head_email="head@enu.kz",
        actor=authority_user,
    )

    invitation_accept(invitation=invitation, full_name="Басшы", password="Steppe-Wind-2026!")

    body = as_authority.get(f"{REGISTRY}{organization.pk}/").content.decode()
    assert "head@enu.kz · never logged in" in html.unescape(body)
    assert 'data-state="accepted"' in body


def test_resend_revoke_and_invite_another_head(org, as_authority):
    invitation = InvitationFactory(organization=org, role=Role.SERVICE_HEAD, email="old@kaznu.kz")
    old_hash = invitation.token_hash

    as_authority.post(f"/authority/invitations/{invitation.pk}/resend/")
    as_authority.post(f"/authority/invitations/{invitation.pk}/revoke/")
    response = as_authority.post(
        f"{REGISTRY}{org.pk}/invite-head/", {"email": "new@kaznu.kz"}, follow=True
    )

    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash
    assert invitation.status == InvitationStatus.REVOKED
    assert Invitation.objects.filter(email="new@kaznu.kz", role=Role.SERVICE_HEAD).count() == 1
    assert "The invitation is e-mailed to new@kaznu.kz." in text(response)


def test_inviting_a_head_with_a_bad_address_shows_the_error_beside_it(org, as_authority):
    response = as_authority.post(f"{REGISTRY}{org.pk}/invite-head/", {"email": "nope"})

    assert response.status_code == 400
    assert re.search(r'id="id_email_error"', response.content.decode())
    assert Invitation.objects.count() == 0


def test_the_authority_cannot_resend_a_staff_invitation(org, as_authority):
    invitation = InvitationFactory(organization=org, role=Role.SERVICE_STAFF)

    response = as_authority.post(f"/authority/invitations/{invitation.pk}/resend/", follow=True)

    assert "Only the head of the Service of this organization may invite its members." in text(
        response
    )


def test_deactivate_and_reactivate(org, as_authority):
    deactivated = as_authority.post(f"{REGISTRY}{org.pk}/deactivate/", follow=True)
    org.refresh_from_db()
    state_after_deactivation = org.is_active

    as_authority.post(f"{REGISTRY}{org.pk}/reactivate/")

    org.refresh_from_db()
    assert state_after_deactivation is False
    assert "КазНУ is deactivated." in text(deactivated)
    assert org.is_active is True
    assert list(
        AuditEntry.objects.filter(organization=org).values_list("action", flat=True).order_by("id")
    ) == ["core.organization.deactivated", "core.organization.reactivated"]


# --- the national list ---------------------------------------------------------------------


def test_the_import_registers_every_row_and_invites_the_heads(
    as_authority, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = as_authority.post(
            f"{REGISTRY}import/", {"file": xlsx(ROWS), "register": "1"}, follow=True
        )

    assert "Registered: 2 new, 0 already registered." in text(response)
    assert sorted(Organization.objects.values_list("bin", "kind", "region")) == [
        ("010140000014", "university", "astana"),
        ("150340007770", "college", "karaganda"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["head@enu.kz", "head@kkc.kz"]
    entry = AuditEntry.objects.get(action="authority.organizations.imported")
    assert (entry.target_repr, entry.data["created"], entry.data["unchanged"]) == (
        "list.xlsx",
        2,
        0,
    )


def test_importing_the_same_file_again_changes_nothing(as_authority):
    content = xlsx(ROWS).read()
    as_authority.post(
        f"{REGISTRY}import/",
        {"file": SimpleUploadedFile("list.xlsx", content), "register": "1"},
    )
    entries = AuditEntry.objects.count()

    same_file = as_authority.post(
        f"{REGISTRY}import/",
        {"file": SimpleUploadedFile("list.xlsx", content), "register": "1"},
        follow=True,
    )
    same_rows = as_authority.post(
        f"{REGISTRY}import/", {"file": xlsx(ROWS[::-1]), "register": "1"}, follow=True
    )

    # The same file (SHA-256) is refused (issue 14); other rows already registered are kept.
    assert "This file was imported already, on " in text(same_file)
    assert "Registered: 0 new, 2 already registered." in text(same_rows)
    assert (Organization.objects.count(), Invitation.objects.count()) == (2, 2)
    assert AuditEntry.objects.count() == entries + 1  # the second import itself, nothing else


def test_check_lists_every_rows_errors_and_saves_nothing(org, as_authority):
    rows = [
        ROWS[0],
        ["011340000014", "А", "Б", "", "castle", "Марс", "not-an-address"],
        [org.bin, "Басқа", "Другая", "", "college", "astana", "x@y.kz"],
        ROWS[0],
    ]

    response = as_authority.post(f"{REGISTRY}import/", {"file": xlsx(rows), "register": "1"})

    errors = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", text(response))
    assert errors == [
        (
            "3",
            "BIN",
            "The third and fourth digits of a BIN are the month of registration, 01 to 12; "
            "please check the number.",
        ),
        (
            "3",
            "Kind",
            "“castle” is not a known kind of organization: see the list in the template.",
        ),
        ("3", "Region", "“Марс” is not a known region: see the list in the template."),
        ("3", "Head's e-mail", "Enter a valid e-mail address."),
        (
            "4",
            "BIN",
            "An organization with this BIN is already registered: Казахский национальный "
            "университет (kaznu). It differs in: full name in Kazakh, full name in Russian, "
            "kind, head of the Service's e-mail.",
        ),
        ("5", "BIN", "This BIN is already in row 2 of the file."),
    ]
    assert Organization.objects.count() == 1
    assert Invitation.objects.count() == 0


def test_check_only_saves_nothing_even_when_all_is_right(as_authority):
    # A BIN typed as a number loses its leading 0 in Excel; a kind or region in Kazakh.
    school = [50940001237, "Мектеп", "Школа", "", "Мектеп", "Абай облысы", "a@school.kz"]

    response = as_authority.post(
        f"{REGISTRY}import/", {"file": xlsx([*ROWS, school]), "check": "1"}
    )

    assert "The file is correct: 3 new, 0 already registered." in text(response)
    assert Organization.objects.count() == 0


def test_a_file_that_is_not_a_workbook_or_lacks_a_column(as_authority):
    not_xlsx = as_authority.post(
        f"{REGISTRY}import/", {"file": SimpleUploadedFile("a.xlsx", b"hello"), "check": "1"}
    )
    no_email = as_authority.post(
        f"{REGISTRY}import/", {"file": xlsx([], HEADERS[:-1]), "check": "1"}
    )

    assert "The file is not an Excel workbook (.xlsx)." in text(not_xlsx)
    assert "Columns missing in the first row: Head's e-mail." in text(no_email)


def test_the_template_lists_kinds_and_regions(as_authority):
    import io

    from openpyxl import load_workbook

    response = as_authority.get(f"{REGISTRY}import/template/")

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Organizations", "Kinds", "Regions"]
    assert [c.value for c in workbook["Organizations"][1]] == HEADERS
    assert [c.value for c in workbook["Kinds"][2]] == ["university", "University"]


# --- the API -------------------------------------------------------------------------------


@pytest.fixture
def authority_api(authority_user):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_key(authority_user)}", HTTP_ACCEPT_LANGUAGE="en"
    )
    return client


API = "/api/v1/authority/organizations/"


def test_api_register_list_and_deactivate(authority_api):
    created = authority_api.post(
        API,
        {
            "bin": "010140000014",
            "name_kk": "Еуразия",
            "name_ru": "Евразийский",
            "kind": "university",
            "region": "astana",
            "head_email": "head@enu.kz",
        },
        format="json",
    )
    pk = created.json()["id"]
    deactivated = authority_api.post(f"{API}{pk}/deactivate/")
    listed = authority_api.get(f"{API}?head=invited")

    assert created.status_code == 201
    assert (created.json()["head_state"], created.json()["head_email"]) == (
        "invited",
        "head@enu.kz",
    )
    assert deactivated.json()["is_active"] is False
    assert [row["bin"] for row in listed.json()["results"]] == ["010140000014"]


def test_api_errors_in_the_one_shape(org, authority_api):
    response = authority_api.post(
        API,
        {
            "bin": org.bin,
            "name_kk": "А",
            "name_ru": "Б",
            "kind": "college",
            "region": "astana",
            "head_email": "h@x.kz",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "bin": [
            "An organization with this BIN is already registered: Казахский национальный "
            "университет (kaznu)."
        ]
    }


def test_api_a_bin_registered_meanwhile_in_the_one_shape(authority_api, registered_meanwhile):
    registered_meanwhile("010140000014", name_ru="Первый университет", slug="first")

    response = authority_api.post(
        API,
        {
            "bin": "010140000014",
            "name_kk": "Еуразия",
            "name_ru": "Евразийский",
            "kind": "university",
            "region": "astana",
            "head_email": "head@enu.kz",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "bin": ["An organization with this BIN is already registered: Первый университет (first)."]
    }


def test_api_import_a_bin_registered_meanwhile_is_a_row_error(authority_api, registered_meanwhile):
    registered_meanwhile("010140000014", name_ru="Первый университет", slug="first")

    response = authority_api.post(f"{API}import/", {"file": xlsx(ROWS), "commit": "true"})

    assert response.status_code == 400
    assert response.json()["extra"]["errors"] == [
        {
            "row": 2,
            "column": "bin",
            "message": "An organization with this BIN is already registered: Первый "
            "университет (first). It differs in: full name in Kazakh, full name in Russian, "
            "head of the Service's e-mail.",
        }
    ]
    assert Invitation.objects.count() == 0


def test_api_import_checks_then_commits(authority_api):
    failing = authority_api.post(
        f"{API}import/", {"file": xlsx([["1", "", "", "", "", "", ""]]), "commit": "true"}
    )
    checked = authority_api.post(f"{API}import/", {"file": xlsx(ROWS), "commit": "false"})
    committed = authority_api.post(f"{API}import/", {"file": xlsx(ROWS), "commit": "true"})

    assert failing.status_code == 400
    assert failing.json()["extra"]["errors"][0] == {
        "row": 2,
        "column": "bin",
        "message": "A BIN consists of exactly 12 digits.",
    }
    assert checked.json() == {"committed": False, "created": 2, "unchanged": 0, "errors": []}
    assert committed.json() == {"committed": True, "created": 2, "unchanged": 0, "errors": []}
    assert Organization.objects.count() == 2


def test_api_head_invitations_resend_and_revoke(org, authority_api):
    invitation = InvitationFactory(organization=org, role=Role.SERVICE_HEAD)

    listed = authority_api.get(f"/api/v1/authority/invitations/?organization={org.pk}")
    revoked = authority_api.post(f"/api/v1/authority/invitations/{invitation.pk}/revoke/")

    assert [row["id"] for row in listed.json()["results"]] == [invitation.pk]
    assert revoked.json()["state"] == "revoked"


def test_api_is_for_authority_users_only(org, service_head, client):
    member = APIClient()
    member.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(service_head)}")

    assert member.get(API).status_code == 404
    assert client.get(API).status_code == 401
