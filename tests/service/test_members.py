"""Members of the organization (issue 11): the head of the Service invites with a role and,
for a coordinator, units; changes role or units; deactivates (sessions and token end at once);
resets the second factor; resends or revokes invitations. The last head stays. Only the head
may; another organization's objects are 404; bad input beside its field, nothing saved half.
Where the R6/R7 appointment and the members differ, a warning (R7)."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.core import InvitationFactory, MembershipFactory, UserFactory, api_token_key
from tests.factories.people import PersonFactory
from tests.factories.service import AppointmentFactory, UnitFactory
from yntymaq.core.enums import InvitationStatus, Role
from yntymaq.core.invitations import invitation_accept, invitation_link
from yntymaq.core.models import ApiToken, AuditEntry, Invitation, Membership
from yntymaq.service import services
from yntymaq.service.rules import appointment_member_warnings

pytestmark = pytest.mark.django_db

URL = "/o/kaznu/members/"


def as_user(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def field_errors(response, field: str) -> list[str]:
    """Error texts shown beside a form field (Bootstrap's invalid-feedback after it)."""
    body = response.content.decode()
    block = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</div>', body, re.S)
    if block is None:
        return []
    return [html.unescape(t.strip()) for t in re.split(r"<[^>]+>", block.group(1)) if t.strip()]


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["service_staff", "coordinator", "leadership", "auditor"])
def test_only_the_head_of_the_service_opens_the_members(request, persona, org):
    user = request.getfixturevalue(persona)

    response = as_user(user).get(URL)

    assert response.status_code == 403


def test_the_members_menu_item_is_the_heads_only(service_head, service_staff):
    head_menu = as_user(service_head).get("/o/kaznu/").context["nav_items"]
    staff_menu = as_user(service_staff).get("/o/kaznu/").context["nav_items"]

    assert "Members" in [str(item["label"]) for item in head_menu]
    assert "Members" not in [str(item["label"]) for item in staff_menu]


def test_anonymous_is_sent_to_login(org):
    response = Client().get(URL)

    assert response["Location"] == f"/account/login/?next={URL}"


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_role_units_last_login_and_second_factor(org, service_head, coordinator):
    unit = UnitFactory(organization=org, name_ru="Факультет физики")
    unit.coordinators.set([coordinator.memberships.get()])
    TOTPDevice.objects.create(user=service_head, name="default", confirmed=True)
    InvitationFactory(organization=org, email="waiting@kaznu.kz", role=Role.AUDITOR)

    response = as_user(service_head).get(URL)

    body = response.content.decode()
    row = re.search(r'<tr data-member="coordinator@kaznu.kz".*?</tr>', body, re.S).group(0)
    assert "Unit coordinator" in row
    assert "Факультет физики" in row
    assert "never" in row
    assert "not set up" in row
    head_row = re.search(r'<tr data-member="head@kaznu.kz".*?</tr>', body, re.S).group(0)
    assert ">set up<" in head_row
    assert "never" not in head_row  # force_login set last_login
    assert 'data-invitation="waiting@kaznu.kz"' in body


def test_the_list_takes_the_same_queries_for_one_and_three_members(org, service_head):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_user(service_head).get(URL).status_code == 200
        return len(queries)

    InvitationFactory(organization=org, email="waiting@kaznu.kz")
    one = count()
    for n in range(2):
        member = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)
        UnitFactory(organization=org).coordinators.set([member])
        InvitationFactory(organization=org, email=f"waiting{n}@kaznu.kz")
    three = count()

    assert one == three


# --- inviting ------------------------------------------------------------------------------


def test_the_head_invites_a_coordinator_of_one_unit_who_gets_it_on_accepting(
    org, service_head, django_capture_on_commit_callbacks
):
    unit = UnitFactory(organization=org, name_ru="Кафедра истории")
    UnitFactory(organization=org, name_ru="Кафедра химии")

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(service_head).post(
            f"{URL}invite/",
            {"email": "new.coordinator@kaznu.kz", "role": "unit_coordinator", "units": [unit.pk]},
            follow=True,
        )

    assert "The invitation is e-mailed to new.coordinator@kaznu.kz." in response.content.decode()
    invitation = Invitation.objects.get()
    assert list(invitation.units.all()) == [unit]
    user = invitation_accept(invitation=invitation, full_name="Жаңа", password="Steppe-Wind-2026!")
    membership = user.memberships.get()
    assert (membership.role, list(membership.coordinated_units.all())) == (
        Role.UNIT_COORDINATOR,
        [unit],
    )
    assert AuditEntry.objects.filter(action="service.member.units_changed").count() == 1


def test_every_error_of_an_invitation_beside_its_field_in_kazakh_and_nothing_saved(
    org, other_org, service_head, service_staff
):
    other_unit = UnitFactory(organization=other_org)

    response = as_user(service_head, "kk").post(
        f"{URL}invite/",
        {"email": "staff@kaznu.kz", "role": "unit_coordinator", "units": [other_unit.pk]},
    )

    assert response.status_code == 200
    assert field_errors(response, "units") == ["Осы ұйымның бөлімшелерін таңдаңыз."]
    assert Invitation.objects.count() == 0


def test_a_duplicate_email_and_a_coordinator_without_units_in_one_round(
    org, service_head, service_staff
):
    response = as_user(service_head).post(
        f"{URL}invite/", {"email": "STAFF@kaznu.kz", "role": "unit_coordinator"}
    )

    assert field_errors(response, "email") == [
        "staff@kaznu.kz is already a member of this organization."
    ]
    assert field_errors(response, "units") == ["Choose the units this coordinator works for."]
    assert Invitation.objects.count() == 0


def test_units_only_for_a_coordinator(org, service_head):
    unit = UnitFactory(organization=org)

    response = as_user(service_head).post(
        f"{URL}invite/", {"email": "a@kaznu.kz", "role": "auditor", "units": [unit.pk]}
    )

    assert field_errors(response, "units") == ["Units are chosen only for a unit coordinator."]


def test_the_service_refuses_an_inviter_who_is_not_head(org, service_staff):
    with translation.override("ru"), pytest.raises(services.ServiceError) as refused:
        services.member_invite(
            organization=org, actor=service_staff, email="a@kaznu.kz", role=Role.AUDITOR
        )

    with translation.override("ru"):
        message = str(refused.value.message)
    assert message == "Только руководитель Службы этой организации может управлять её участниками."
    assert Invitation.objects.count() == 0


def test_the_service_refuses_another_organizations_unit(org, other_org, service_head):
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        services.member_invite(
            organization=org,
            actor=service_head,
            email="a@kaznu.kz",
            role=Role.UNIT_COORDINATOR,
            units=[UnitFactory(organization=other_org)],
        )

    assert refused.value.message_dict == {"units": ["Выберите подразделения этой организации."]}
    assert Invitation.objects.count() == 0


def test_without_mail_the_head_gets_the_link_to_pass_on(org, service_head, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    response = as_user(service_head).post(
        f"{URL}invite/", {"email": "a@kaznu.kz", "role": "auditor"}, follow=True
    )

    link = invitation_link(Invitation.objects.get())
    assert f"give a@kaznu.kz this link yourself: {link}" in response.content.decode()


def test_resend_and_revoke_from_the_list(org, service_head):
    invitation = InvitationFactory(organization=org, email="a@kaznu.kz")
    old_hash = invitation.token_hash
    client = as_user(service_head)

    client.post(f"{URL}invitations/{invitation.pk}/resend/")
    invitation.refresh_from_db()
    resent_hash = invitation.token_hash
    response = client.post(f"{URL}invitations/{invitation.pk}/revoke/", follow=True)

    assert resent_hash != old_hash
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert "The invitation to a@kaznu.kz is revoked." in response.content.decode()
    again = client.post(f"{URL}invitations/{invitation.pk}/revoke/", follow=True)
    assert "This invitation is revoked: it cannot be revoked." in again.content.decode()


# --- changing, deactivating, second factor -------------------------------------------------


def test_the_head_makes_a_staff_member_coordinator_of_a_unit(org, service_head, service_staff):
    unit = UnitFactory(organization=org)
    membership = service_staff.memberships.get()

    response = as_user(service_head).post(
        f"{URL}{membership.pk}/", {"role": "unit_coordinator", "units": [unit.pk]}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.UNIT_COORDINATOR
    assert list(membership.coordinated_units.all()) == [unit]
    assert sorted(AuditEntry.objects.filter(organization=org).values_list("action", flat=True)) == [
        "core.membership.role_changed",
        "service.member.units_changed",
    ]


def test_the_last_head_cannot_be_demoted_or_deactivated(org, service_head):
    membership = service_head.memberships.get()
    client = as_user(service_head)

    demote = client.post(f"{URL}{membership.pk}/", {"role": "service_staff"})
    deactivate = client.post(f"{URL}{membership.pk}/deactivate/")

    message = (
        "This is the organization's only active head of the Service: invite or appoint another "
        "head of the Service first."
    )
    assert field_errors(demote, "role") == [message]
    assert message in html.unescape(deactivate.content.decode())
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == (Role.SERVICE_HEAD, True)


def test_with_a_second_head_the_first_may_step_down(org, service_head):
    MembershipFactory(organization=org, role=Role.SERVICE_HEAD)
    membership = service_head.memberships.get()

    as_user(service_head).post(f"{URL}{membership.pk}/", {"role": "service_staff"})

    membership.refresh_from_db()
    assert membership.role == Role.SERVICE_STAFF


def test_deactivating_ends_sessions_and_token_at_once(org, service_head, coordinator):
    membership = coordinator.memberships.get()
    UnitFactory(organization=org).coordinators.set([membership])
    api_token_key(coordinator)
    their_session = as_user(coordinator)
    assert their_session.get("/o/kaznu/").status_code == 200

    as_user(service_head).post(f"{URL}{membership.pk}/deactivate/")

    membership.refresh_from_db()
    assert membership.is_active is False
    assert list(membership.coordinated_units.all()) == []
    assert their_session.get("/o/kaznu/")["Location"].startswith("/account/login/")
    assert ApiToken.objects.filter(user=coordinator).exists() is False


def test_deactivating_one_member_leaves_other_sessions_alone(org, service_head, service_staff):
    head_session = as_user(service_head)

    head_session.post(f"{URL}{service_staff.memberships.get().pk}/deactivate/")

    assert head_session.get("/o/kaznu/").status_code == 200


def test_a_deactivated_member_is_told_at_login(org, service_staff):
    from yntymaq.core.memberships import membership_deactivate

    membership_deactivate(membership=service_staff.memberships.get(), actor=None)
    client = Client()
    client.cookies["django_language"] = "en"

    response = client.post(
        "/account/login/", {"username": "staff@kaznu.kz", "password": "correct-horse-battery"}
    )

    assert "Your access has been ended by the head of the Service of your organization." in (
        response.content.decode()
    )


def test_resetting_the_second_factor_removes_the_device_and_ends_sessions(
    org, service_head, service_staff
):
    TOTPDevice.objects.create(user=service_staff, name="default", confirmed=True)
    their_session = as_user(service_staff)
    membership = service_staff.memberships.get()

    as_user(service_head).post(f"{URL}{membership.pk}/two-factor-reset/")

    assert TOTPDevice.objects.filter(user=service_staff).count() == 0
    assert their_session.get("/o/kaznu/")["Location"].startswith("/account/login/")
    entry = AuditEntry.objects.get(action="core.two_factor.reset")
    assert (entry.organization, entry.data) == (org, {"devices_removed": 1})


def test_sessions_made_before_the_epoch_existed_stay_valid(service_staff):
    from django.contrib.auth.base_user import AbstractBaseUser

    assert service_staff.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(
        service_staff
    )


def test_another_organizations_member_is_404(org, other_org, service_head, other_org_user):
    theirs = other_org_user.memberships.get()

    client = as_user(service_head)

    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/deactivate/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active is True


# --- a person in several organizations -----------------------------------------------------


def test_a_person_in_two_organizations_switches_between_them(org, other_org):
    user = UserFactory(email="both@kaznu.kz")
    MembershipFactory(user=user, organization=org, role=Role.SERVICE_STAFF)
    MembershipFactory(user=user, organization=other_org, role=Role.AUDITOR)

    body = as_user(user).get("/o/kaznu/").content.decode()

    switcher = re.search(r"organization-switcher.*?</ul>", body, re.S).group(0)
    assert 'href="/o/kaznu/" aria-current="true">КазНУ — Service staff' in switcher
    assert 'href="/o/other/">Другой — Auditor' in switcher


# --- where the appointment meets the members (R7) ------------------------------------------


def test_r7_the_appointed_head_should_be_a_member_with_that_role(org, service_head):
    person = PersonFactory(organization=org, email="rector.deputy@kaznu.kz")
    AppointmentFactory(organization=org, person=person)
    client = as_user(service_head)

    members = client.get(URL).content.decode()
    overview = client.get("/o/kaznu/service/").content.decode()

    expected = (
        f"Members: {person} is appointed (R6/R7), but no active member with the e-mail "
        "rector.deputy@kaznu.kz has the role of head of the Service / responsible person. "
        "Invite them, or change their role, in Members."
    )
    assert re.findall(r'class="member-warning [^>]*>([^<]*)<', members) == [expected]
    assert re.findall(r'class="member-warning [^>]*>([^<]*)<', overview) == [expected]


def test_r7_no_warning_when_the_appointee_is_a_head_member(org, service_head):
    appointment = AppointmentFactory(
        organization=org, person=PersonFactory(organization=org, email="HEAD@kaznu.kz")
    )

    response = as_user(service_head).get(f"/o/kaznu/service/appointments/{appointment.pk}/")

    assert "member-warning" not in response.content.decode()


def test_r7_an_appointee_without_an_email_cannot_be_matched(org):
    appointment = AppointmentFactory(
        organization=org, person=PersonFactory(organization=org, email="")
    )

    warnings = appointment_member_warnings(appointment, {"head@kaznu.kz"})

    assert [w.code for w in warnings] == ["r7_member_email_missing"]


def test_r7_a_head_who_left_is_no_match(org, service_head):
    appointment = AppointmentFactory(
        organization=org, person=PersonFactory(organization=org, email="head@kaznu.kz")
    )
    Membership.objects.filter(user=service_head).update(is_active=False)
    from yntymaq.service.queries import service_head_emails

    warnings = appointment_member_warnings(appointment, service_head_emails(org))

    assert [w.code for w in warnings] == ["r7_member_not_head"]
