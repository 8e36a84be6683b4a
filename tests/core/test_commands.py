"""The first start of an installation (issue 11): `create_authority_user` and
`create_organization` print the one-time link, mail it when mail is configured, change
nothing when run again, and refuse bad input with a clear message."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from yntymaq.core.enums import InvitationStatus, Role
from yntymaq.core.models import AuditEntry, Invitation, Membership, Organization, User

pytestmark = pytest.mark.django_db

ORGANIZATION = [
    "--bin",
    "010140000014",
    "--name-ru",
    "Евразийский национальный университет имени Л. Н. Гумилёва",
    "--name-kk",
    "Л. Н. Гумилев атындағы Еуразия ұлттық университеті",
    "--kind",
    "university",
    "--region",
    "astana",
    "--head",
    "head@enu.kz",
]
LINK = re.compile(r"http://127\.0\.0\.1:8000(/invitation/[0-9a-f]{64}/)")


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_create_organization_registers_invites_and_mails_the_head(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("create_organization", *ORGANIZATION)

    organization = Organization.objects.get()
    assert output.splitlines()[0] == (
        "create_organization: Евразийский национальный университет имени Л. Н. Гумилёва "
        "(BIN 010140000014) is registered at "
        "/o/evraziiskii-natsionalnyi-universitet-imeni-l-n/; its head of the Service is invited."
    )
    assert organization.slug == "evraziiskii-natsionalnyi-universitet-imeni-l-n"
    assert "The invitation e-mail is queued" in output
    path = LINK.search(output).group(1)
    assert mail.outbox[0].to == ["head@enu.kz"]
    assert path in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="core.organization.registered")
    assert (entry.organization, entry.actor) == (organization, None)


def test_a_second_run_with_the_same_bin_changes_nothing_and_prints_the_same_link():
    first = run("create_organization", *ORGANIZATION)
    entries = AuditEntry.objects.count()

    second = run("create_organization", *ORGANIZATION)

    assert "is registered already at" in second
    assert "nothing changed" in second
    assert LINK.search(second).group(1) == LINK.search(first).group(1)
    assert (Organization.objects.count(), Invitation.objects.count()) == (1, 1)
    assert AuditEntry.objects.count() == entries


def test_a_bin_registered_under_other_data_is_refused_naming_it():
    run("create_organization", *ORGANIZATION)
    other = [*ORGANIZATION]
    other[other.index("astana")] = "almaty_city"

    with pytest.raises(CommandError) as refused:
        run("create_organization", *other)

    assert str(refused.value) == (
        "An organization with this BIN is already registered: Евразийский национальный "
        "университет имени Л. Н. Гумилёва (evraziiskii-natsionalnyi-universitet-imeni-l-n). "
        "It differs in: region. Nothing changed; edit the organization in its Settings."
    )


def test_a_bin_registered_meanwhile_is_refused_in_one_line(registered_meanwhile):
    registered_meanwhile("010140000014", name_ru="Первый университет", slug="first")

    with pytest.raises(CommandError) as refused:
        run("create_organization", *ORGANIZATION)

    assert str(refused.value).startswith(
        "An organization with this BIN is already registered: Первый университет (first). "
        "It differs in: "
    )
    assert "\n" not in str(refused.value)
    assert Invitation.objects.count() == 0


def test_a_wrong_bin_and_address_are_refused_together():
    bad = [*ORGANIZATION]
    bad[bad.index("010140000014")] = "011340000014"
    bad[bad.index("head@enu.kz")] = "head-at-enu"

    with pytest.raises(CommandError) as refused:
        run("create_organization", *bad)

    assert str(refused.value) == (
        "The organization is not registered: --bin: The third and fourth digits of a BIN are "
        "the month of registration, 01 to 12; please check the number. --head: Enter a valid "
        "e-mail address."
    )
    assert Organization.objects.count() == 0


def test_without_mail_the_command_says_to_pass_the_link_on(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    output = run("create_organization", *ORGANIZATION)

    assert "Mail is not configured (EMAIL_BACKEND): give the link to head@enu.kz yourself." in (
        output
    )


def test_resend_renews_the_heads_invitation():
    first = LINK.search(run("create_organization", *ORGANIZATION)).group(1)

    renewed = LINK.search(run("create_organization", *ORGANIZATION, "--resend")).group(1)

    assert renewed != first
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_create_authority_user_invites_once():
    first = run("create_authority_user", "Minister@Edu.gov.kz")
    second = run("create_authority_user", "minister@edu.gov.kz")

    assert first.splitlines()[0] == "create_authority_user: minister@edu.gov.kz is invited."
    assert second.splitlines()[0] == (
        "create_authority_user: minister@edu.gov.kz is invited already; nothing changed."
    )
    assert LINK.search(first).group(1) == LINK.search(second).group(1)
    assert Invitation.objects.get().organization is None


def test_create_authority_user_for_an_authority_user_changes_nothing(authority_user):
    output = run("create_authority_user", authority_user.email)

    assert output == (
        "create_authority_user: analyst@edu.gov.kz is already a user of the authorized body; "
        "nothing changed.\n"
    )
    assert Invitation.objects.count() == 0


def test_from_the_command_line_to_a_working_head():
    path = LINK.search(run("create_organization", *ORGANIZATION)).group(1)
    client = Client()

    response = client.post(
        path,
        {
            "full_name": "Нұрлан Серікұлы",
            "password1": "Steppe-Wind-2026!",
            "password2": "Steppe-Wind-2026!",
        },
        follow=True,
    )

    head = User.objects.get(email="head@enu.kz")
    assert Membership.objects.get(user=head).role == Role.SERVICE_HEAD
    assert response.redirect_chain[-1][0] == "/o/evraziiskii-natsionalnyi-universitet-imeni-l-n/"
    assert response.status_code == 200
