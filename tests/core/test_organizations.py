"""Registering an organization (issue 11): the one BIN check, defaults edited later in
Settings, a duplicate BIN named, every error at once; deactivation keeps the data and blocks
the members, saying why, on login, on its pages and in the API."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.factories.core import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories.service import UnitFactory
from yntymaq.core.enums import InvitationStatus, OrganizationKind, Region, Role
from yntymaq.core.models import AuditEntry, Invitation, Organization
from yntymaq.core.organizations import (
    OrganizationError,
    OrganizationExists,
    default_slug,
    organization_deactivate,
    organization_reactivate,
    organization_register,
)
from yntymaq.core.validators import validate_bin
from yntymaq.service.models import Unit

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ENU = {
    "bin": "010140000014",
    "name_ru": "Евразийский национальный университет имени Л. Н. Гумилёва",
    "name_kk": "Л. Н. Гумилев атындағы Еуразия ұлттық университеті",
    "name_en": "L. N. Gumilyov Eurasian National University",
    "kind": OrganizationKind.UNIVERSITY,
    "region": Region.ASTANA,
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- the BIN -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"), [("011340000014", "bin_month"), ("010040000010", "bin_month")]
)
def test_bin_with_month_13_or_00_is_refused(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_bin(value)

    assert refused.value.code == code
    assert refused.value.messages == [
        "The third and fourth digits of a BIN are the month of registration, 01 to 12; "
        "please check the number."
    ]


@pytest.mark.parametrize(
    ("value", "code"),
    [("01014000001", "bin_format"), ("010110000014", "bin_kind"), ("010140000015", "bin_checksum")],
)
def test_bin_format_kind_and_check_digit(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_bin(value)

    assert refused.value.code == code


def test_a_real_bin_passes():
    assert validate_bin(ENU["bin"]) is None


# --- registration --------------------------------------------------------------------------


def test_register_gives_defaults_and_invites_the_head(authority_user):
    organization, invitation = organization_register(
        data=ENU, head_email="Head@ENU.kz", actor=authority_user
    )

    assert (organization.short_name, organization.slug, organization.address) == (
        "Евразийский национальный университет имени Л. Н. Гумилёва",
        "l-n-gumilyov-eurasian-national-university",
        "Астана",
    )
    assert (invitation.organization, invitation.email, invitation.role) == (
        organization,
        "head@enu.kz",
        Role.SERVICE_HEAD,
    )
    assert list(
        AuditEntry.objects.filter(organization=organization)
        .order_by("id")
        .values_list("action", "actor")
    ) == [
        ("core.organization.registered", authority_user.pk),
        ("core.invitation.created", authority_user.pk),
    ]


def test_register_reports_every_error_at_once_and_saves_nothing():
    data = {**ENU, "bin": "011340000014", "name_ru": "", "kind": "castle"}

    with pytest.raises(ValidationError) as refused:
        organization_register(data=data, head_email="not-an-address", actor=None)

    assert refused.value.message_dict == {
        "bin": [
            "The third and fourth digits of a BIN are the month of registration, 01 to 12; "
            "please check the number."
        ],
        "name_ru": ["This field cannot be blank."],
        "kind": ["Value 'castle' is not a valid choice."],
        "head_email": ["Enter a valid e-mail address."],
    }
    assert (Organization.objects.count(), Invitation.objects.count()) == (0, 0)


def test_only_the_authorized_body_or_the_command_line_registers(service_head):
    with pytest.raises(OrganizationError) as refused:
        organization_register(data=ENU, head_email="head@enu.kz", actor=service_head)

    assert str(refused.value.message) == "Only the authorized body registers organizations."
    assert Organization.objects.filter(bin=ENU["bin"]).count() == 0


def test_a_duplicate_bin_names_the_existing_organization_and_what_differs(org):
    same = {
        "bin": org.bin,
        "name_ru": org.name_ru,
        "name_kk": org.name_kk,
        "kind": org.kind,
        "region": org.region,
    }
    MembershipFactory(organization=org, role=Role.SERVICE_HEAD, user__email="head@kaznu.kz")

    with pytest.raises(OrganizationExists) as again:
        organization_register(data=same, head_email="head@kaznu.kz", actor=None)
    with pytest.raises(OrganizationExists) as other:
        organization_register(
            data={**same, "region": Region.ALMATY_CITY}, head_email="x@kaznu.kz", actor=None
        )

    assert again.value.differences == []
    assert str(other.value.message) == (
        "An organization with this BIN is already registered: "
        "Казахский национальный университет (kaznu)."
    )
    assert other.value.differences == ["region", "head of the Service's e-mail"]
    assert Organization.objects.count() == 1


def test_a_bin_registered_by_another_request_meanwhile_is_named_not_a_500(registered_meanwhile):
    registered_meanwhile(ENU["bin"], name_ru="Университет, зарегистрированный раньше", slug="first")

    with pytest.raises(OrganizationExists) as refused:
        organization_register(data=ENU, head_email="head@enu.kz", actor=None)

    assert str(refused.value.message) == (
        "An organization with this BIN is already registered: "
        "Университет, зарегистрированный раньше (first)."
    )
    assert refused.value.field == "bin"
    assert Invitation.objects.count() == 0
    assert not AuditEntry.objects.filter(action="core.organization.registered").exists()


def test_an_address_name_taken_meanwhile_gets_the_next_one():
    from django.db.models.signals import post_init

    def take_the_slug(sender, instance, **kwargs):
        if instance.pk is None and instance.bin == ENU["bin"] and not taken:
            taken.append(instance.slug)
            Organization.objects.bulk_create(
                [OrganizationFactory.build(slug=instance.slug, bin="150340007770")]
            )

    taken = []
    post_init.connect(take_the_slug, sender=Organization, weak=False)
    try:
        organization, _invitation = organization_register(
            data=ENU, head_email="head@enu.kz", actor=None
        )
    finally:
        post_init.disconnect(take_the_slug, sender=Organization)

    assert taken == ["l-n-gumilyov-eurasian-national-university"]
    assert organization.slug == "l-n-gumilyov-eurasian-national-university-2"


def test_default_address_names_are_latin_and_unique():
    taken = {"kazakh-ulttyq-universiteti"}

    assert default_slug("Қазақ ұлттық университеті", set()) == "qazaq-ulttyq-universiteti"
    assert default_slug("Казахский университет", set()) == "kazakhskii-universitet"
    assert default_slug("Kazakh Ulttyq Universiteti", taken) == "kazakh-ulttyq-universiteti-2"
    assert len(default_slug("Университет " * 20, set())) <= 50


# --- deactivation --------------------------------------------------------------------------


def test_deactivation_keeps_the_data_and_blocks_the_members(org, service_head, authority_user):
    UnitFactory(organization=org)
    client = Client()
    client.force_login(service_head)
    client.cookies["django_language"] = "en"

    organization_deactivate(organization=org, actor=authority_user)

    page = client.get("/o/kaznu/")
    api = client.get("/api/v1/o/kaznu/service/units/")
    assert page.status_code == api.status_code == 403
    assert "КазНУ has been deactivated by the authorized body" in page.content.decode()
    assert api.json()["message"].startswith("КазНУ has been deactivated by the authorized body")
    assert Unit.objects.filter(organization=org).count() == 1
    assert AuditEntry.objects.filter(action="core.organization.deactivated").count() == 1


def test_members_of_a_deactivated_organization_are_told_why_at_login(org, service_head):
    organization_deactivate(organization=org, actor=None)
    client = Client()
    client.cookies["django_language"] = "en"

    response = client.post("/account/login/", {"username": "head@kaznu.kz", "password": PASSWORD})

    assert response.status_code == 200
    assert "КазНУ has been deactivated by the authorized body: nobody can log in to it." in (
        response.content.decode()
    )


def test_a_member_of_another_active_organization_still_logs_in(org, other_org):
    user = UserFactory(email="both@kaznu.kz")
    MembershipFactory(user=user, organization=org, role=Role.SERVICE_STAFF)
    MembershipFactory(user=user, organization=other_org, role=Role.SERVICE_HEAD)
    organization_deactivate(organization=org, actor=None)
    client = Client()

    response = client.post(
        "/account/login/", {"username": "both@kaznu.kz", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/o/other/"
    assert [m.organization.slug for m in response.context["my_memberships"]] == ["other"]


def test_reactivation_lets_the_members_in_again(org, service_head, authority_user, client_for):
    organization_deactivate(organization=org, actor=authority_user)

    organization_reactivate(organization=org, actor=authority_user)

    assert client_for(service_head).get("/o/kaznu/").status_code == 200
    with pytest.raises(OrganizationError):
        organization_reactivate(organization=org, actor=authority_user)


def test_a_deactivated_organizations_waiting_invitation_cannot_be_resent(org, authority_user):
    from yntymaq.core.invitations import InvitationError, invitation_resend

    _organization, invitation = organization_register(
        data=ENU, head_email="head@enu.kz", actor=authority_user
    )
    organization_deactivate(organization=invitation.organization, actor=authority_user)

    with pytest.raises(InvitationError):
        invitation_resend(invitation=invitation, actor=authority_user)
    assert Invitation.objects.get().status == InvitationStatus.PENDING


# --- settings ------------------------------------------------------------------------------


def test_settings_edit_the_defaults_and_follow_a_new_address_name(org, service_head, client_for):
    data = {
        "name_kk": org.name_kk,
        "name_ru": org.name_ru,
        "name_en": "Al-Farabi Kazakh National University",
        "short_name": "КазНУ им. аль-Фараби",
        "slug": "kaznu-farabi",
        "kind": org.kind,
        "region": org.region,
        "address": "Алматы, проспект аль-Фараби, 71",
        "academic_year_start_month": 9,
        "academic_year_start_day": 1,
    }

    response = client_for(service_head).post("/o/kaznu/settings/", data)

    assert response["Location"] == "/o/kaznu-farabi/settings/"
    org.refresh_from_db()
    assert (org.slug, org.name_en, org.short_name) == (
        "kaznu-farabi",
        "Al-Farabi Kazakh National University",
        "КазНУ им. аль-Фараби",
    )


def test_the_english_name_is_shown_in_english_and_russian_otherwise():
    organization = OrganizationFactory(name_en="Test University", name_ru="Тестовый университет")

    with translation.override("en"):
        english = organization.name
    with translation.override("ru"):
        russian = organization.name

    assert (english, russian) == ("Test University", "Тестовый университет")
