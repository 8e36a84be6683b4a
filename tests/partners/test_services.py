"""Services of the partners app: partners, agreements and their one state machine (R3, R8.2),
implementation (R8.3), missions (R8.12). Each write is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories.incoming import StayFactory
from tests.factories.outbound import TripFactory
from tests.factories.partners import (
    AgreementFactory,
    DiplomaticMissionFactory,
    DraftAgreementFactory,
    ImplementationResultFactory,
    PartnerFactory,
)
from tests.factories.people import ForeignerFactory
from tests.factories.service import UnitFactory
from yntymaq.core.models import AuditEntry, Membership
from yntymaq.partners import services
from yntymaq.partners.enums import AgreementStatus as S
from yntymaq.partners.enums import ApprovalStage, DecisionOutcome
from yntymaq.partners.models import Agreement, AgreementDecision, Partner, Prolongation

from .conftest import docx_upload, fake_upload, pdf_upload

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def member(user, org):
    return Membership.objects.get(user=user, organization=org)


def partner_data(**changes):
    data = {
        "kind": "university",
        "name_original": "Technische Universität Dresden",
        "name_latin": "TU Dresden",
        "name_ru": "Дрезденский технический университет",
        "name_kk": "",
        "country": "DE",
        "city": "Dresden",
        "website": "https://tu-dresden.de",
        "contacts": "",
        "notes": "",
    }
    data.update(changes)
    return data


def agreement_data(**changes):
    data = {
        "title": "Agreement on student exchange",
        "kind": "mobility",
        "form": "bilateral",
        "subject_areas": ["mobility"],
        "valid_from": dt.date(2026, 1, 1),
        "valid_to": dt.date(2030, 12, 31),
    }
    data.update(changes)
    return data


def last_action(org):
    return AuditEntry.objects.filter(organization=org).order_by("-id").first().action


# --- partners (R2.3) -------------------------------------------------------------------------


def test_partner_create_is_audited(org, service_staff):
    partner = services.partner_create(organization=org, actor=service_staff, data=partner_data())

    entry = AuditEntry.objects.get(action="partners.partner.created")
    assert partner.name_latin == "TU Dresden"
    assert entry.data["changes"]["name_original"] == [None, "Technische Universität Dresden"]
    assert entry.actor == service_staff


def test_r2_3_partner_with_same_name_and_country_is_refused_naming_the_first(org, service_staff):
    first = services.partner_create(organization=org, actor=service_staff, data=partner_data())

    with pytest.raises(services.DuplicatePartnerError) as error:
        services.partner_create(
            organization=org,
            actor=service_staff,
            data=partner_data(name_original="  technische   UNIVERSITÄT dresden ", name_latin=""),
        )

    assert error.value.existing == first
    assert error.value.field == "name_original"
    assert Partner.objects.count() == 1


def test_partner_latin_name_of_another_partner_is_a_duplicate_too(org, service_staff):
    services.partner_create(organization=org, actor=service_staff, data=partner_data())

    with pytest.raises(services.DuplicatePartnerError) as error:
        services.partner_create(
            organization=org,
            actor=service_staff,
            data=partner_data(name_original="Дрезденский ТУ", name_latin="TU Dresden"),
        )

    assert error.value.field == "name_latin"


def test_partner_same_name_in_another_country_is_allowed(org, service_staff):
    services.partner_create(organization=org, actor=service_staff, data=partner_data())

    services.partner_create(organization=org, actor=service_staff, data=partner_data(country="AT"))

    assert Partner.objects.count() == 2


def test_partner_same_name_in_another_organization_is_allowed(org, other_org, service_staff):
    PartnerFactory(organization=other_org, name_original="Technische Universität Dresden")

    services.partner_create(organization=org, actor=service_staff, data=partner_data())

    assert Partner.objects.filter(organization=org).count() == 1


def test_partner_update_does_not_find_itself_a_duplicate(org, service_staff):
    partner = services.partner_create(organization=org, actor=service_staff, data=partner_data())

    services.partner_update(partner=partner, actor=service_staff, data={"city": "Dresden-Süd"})

    assert AuditEntry.objects.get(action="partners.partner.updated").data["changes"] == {
        "city": ["Dresden", "Dresden-Süd"]
    }


def test_partner_delete_refused_while_it_is_a_party(org, service_staff):
    agreement = AgreementFactory(organization=org)
    partner = agreement.partners.get()

    with pytest.raises(services.PartnersError):
        services.partner_delete(partner=partner, actor=service_staff)

    assert Partner.objects.filter(pk=partner.pk).exists()


def test_partner_delete_is_audited(org, service_staff):
    partner = PartnerFactory(organization=org)

    services.partner_delete(partner=partner, actor=service_staff)

    assert not Partner.objects.exists()
    assert last_action(org) == "partners.partner.deleted"


# --- agreements: data --------------------------------------------------------------------------


def test_agreement_create_bilateral_is_a_draft(org, service_staff):
    partner = PartnerFactory(organization=org)

    agreement = services.agreement_create(
        organization=org, actor=service_staff, data=agreement_data(), partners=[partner]
    )

    assert agreement.status == S.DRAFT
    assert list(agreement.partners.all()) == [partner]
    assert last_action(org) == "partners.agreement.created"


def test_r3_multilateral_agreement_with_one_party_is_refused(org, service_staff):
    partner = PartnerFactory(organization=org)

    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            organization=org,
            actor=service_staff,
            data=agreement_data(form="multilateral"),
            partners=[partner],
        )

    assert error.value.message_dict == {
        "partners": ["A multilateral agreement needs at least two partners."]
    }
    assert not Agreement.objects.exists()


def test_r3_multilateral_agreement_with_two_parties_is_saved(org, service_staff):
    partners = [PartnerFactory(organization=org), PartnerFactory(organization=org, country="FR")]

    agreement = services.agreement_create(
        organization=org,
        actor=service_staff,
        data=agreement_data(form="multilateral"),
        partners=partners,
    )

    assert agreement.partners.count() == 2


def test_r3_bilateral_agreement_with_two_parties_is_refused(org, service_staff):
    partners = [PartnerFactory(organization=org), PartnerFactory(organization=org)]

    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            organization=org, actor=service_staff, data=agreement_data(), partners=partners
        )

    assert list(error.value.message_dict) == ["partners"]


def test_agreement_valid_to_before_valid_from_is_refused(org, service_staff):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            organization=org,
            actor=service_staff,
            data=agreement_data(valid_from=dt.date(2026, 5, 1), valid_to=dt.date(2026, 4, 30)),
            partners=[PartnerFactory(organization=org)],
        )

    assert error.value.message_dict["valid_to"] == [
        "The end of validity cannot be before its start."
    ]


def test_agreement_with_another_organizations_partner_is_refused(org, other_org, service_staff):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            organization=org,
            actor=service_staff,
            data=agreement_data(),
            partners=[PartnerFactory(organization=other_org)],
        )

    assert list(error.value.message_dict) == ["partners"]


def test_automatic_prolongation_needs_a_period(org, service_staff):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            organization=org,
            actor=service_staff,
            data=agreement_data(valid_to=None, automatic_prolongation=True),
            partners=[PartnerFactory(organization=org)],
        )

    assert sorted(error.value.message_dict) == ["prolongation_months"]


def test_agreement_update_refused_while_under_review(org, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=S.SERVICE_APPROVAL)

    with pytest.raises(services.PartnersError):
        services.agreement_update(
            agreement=agreement, actor=service_staff, data={"title": "New"}, partners=None
        )


def test_agreement_delete_only_a_draft_never_submitted(org, service_staff):
    draft = DraftAgreementFactory(organization=org)
    in_force = AgreementFactory(organization=org)

    services.agreement_delete(agreement=draft, actor=service_staff)
    with pytest.raises(services.PartnersError):
        services.agreement_delete(agreement=in_force, actor=service_staff)

    assert list(Agreement.objects.all()) == [in_force]


# --- text versions (R8.2) ----------------------------------------------------------------------


def test_r8_2_versions_are_numbered_with_a_comment_each(org, service_staff):
    agreement = DraftAgreementFactory(organization=org)

    first = services.agreement_version_add(
        agreement=agreement, actor=service_staff, upload=docx_upload(), comment="First draft"
    )
    second = services.agreement_version_add(
        agreement=agreement, actor=service_staff, upload=pdf_upload(), comment="Partner's edits"
    )

    assert [(first.number, first.comment), (second.number, second.comment)] == [
        (1, "First draft"),
        (2, "Partner's edits"),
    ]
    assert second.file.name.endswith(".pdf")
    assert second.original_name == "text.pdf"
    assert last_action(org) == "partners.agreement_version.uploaded"


def test_version_that_is_not_a_document_is_refused_beside_the_file(org, service_staff):
    agreement = DraftAgreementFactory(organization=org)

    with pytest.raises(ValidationError) as error:
        services.agreement_version_add(
            agreement=agreement, actor=service_staff, upload=fake_upload(), comment="Draft"
        )

    assert list(error.value.message_dict) == ["file"]
    assert not agreement.versions.exists()


def test_version_needs_a_comment(org, service_staff):
    agreement = DraftAgreementFactory(organization=org)

    with pytest.raises(ValidationError) as error:
        services.agreement_version_add(
            agreement=agreement, actor=service_staff, upload=pdf_upload(), comment="  "
        )

    assert list(error.value.message_dict) == ["comment"]


def test_version_refused_while_the_authority_reviews(org, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=S.AUTHORITY_REVIEW)

    with pytest.raises(services.PartnersError):
        services.agreement_version_add(
            agreement=agreement, actor=service_staff, upload=pdf_upload(), comment="Late edit"
        )


# --- the life cycle (R3) ----------------------------------------------------------------------


def with_text(agreement, actor):
    services.agreement_version_add(
        agreement=agreement, actor=actor, upload=pdf_upload(), comment="Text"
    )
    return agreement


def test_r3_full_cycle_from_draft_to_in_force(
    org, service_staff, service_head, coordinator, leadership, authority_user
):
    unit = UnitFactory(organization=org, coordinators=[member(coordinator, org)])
    agreement = with_text(DraftAgreementFactory(organization=org, unit=unit), service_staff)
    staff = member(service_staff, org)

    steps = [
        services.agreement_submit(agreement=agreement, actor=service_staff, membership=staff),
        services.agreement_approve(
            agreement=agreement, actor=coordinator, membership=member(coordinator, org)
        ),
        services.agreement_approve(
            agreement=agreement, actor=service_head, membership=member(service_head, org)
        ),
        services.agreement_approve(
            agreement=agreement, actor=leadership, membership=member(leadership, org)
        ),
        services.agreement_send_to_authority(
            agreement=agreement, actor=service_staff, membership=staff
        ),
        services.agreement_authority_decide(agreement=agreement, actor=authority_user, agree=True),
        services.agreement_sign(
            agreement=agreement,
            actor=service_staff,
            membership=staff,
            signed_on=TODAY,
            valid_to=dt.date(2031, 3, 1),
            signed_copy=pdf_upload("signed.pdf"),
            today=TODAY,
        ),
    ]

    assert [a.status for a in steps] == [
        S.UNIT_APPROVAL,
        S.SERVICE_APPROVAL,
        S.LEADERSHIP_APPROVAL,
        S.APPROVED,
        S.AUTHORITY_REVIEW,
        S.AGREED,
        S.IN_FORCE,
    ]
    agreement.refresh_from_db()
    assert (agreement.signed_on, agreement.valid_from, agreement.valid_to) == (
        TODAY,
        TODAY,
        dt.date(2031, 3, 1),
    )
    assert agreement.signed_copy.name.endswith(".pdf")
    assert list(agreement.decisions.values_list("stage", "outcome")) == [
        ("unit", "approved"),
        ("service", "approved"),
        ("leadership", "approved"),
        ("authority", "approved"),
    ]
    assert agreement.authority_decided_at is not None
    actions = list(
        AuditEntry.objects.filter(action__startswith="partners.agreement.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-7:] == [
        "partners.agreement.submitted",
        "partners.agreement.approved",
        "partners.agreement.approved",
        "partners.agreement.approved",
        "partners.agreement.sent_to_authority",
        "partners.agreement.agreed",
        "partners.agreement.signed",
    ]
    authority_entry = AuditEntry.objects.get(action="partners.agreement.agreed")
    assert (authority_entry.organization, authority_entry.actor) == (org, authority_user)


def test_submit_without_a_unit_goes_straight_to_the_service(org, service_staff):
    agreement = with_text(DraftAgreementFactory(organization=org), service_staff)

    agreement = services.agreement_submit(
        agreement=agreement, actor=service_staff, membership=member(service_staff, org)
    )

    assert agreement.status == S.SERVICE_APPROVAL


def test_r8_2_submit_without_the_text_is_refused(org, service_staff):
    agreement = DraftAgreementFactory(organization=org)

    with pytest.raises(services.PartnersError) as error:
        services.agreement_submit(
            agreement=agreement, actor=service_staff, membership=member(service_staff, org)
        )

    assert str(error.value.message) == "Upload the text of the agreement before submitting it."
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT


def test_coordinator_approves_only_for_the_units_they_coordinate(org, coordinator):
    agreement = DraftAgreementFactory(
        organization=org, status=S.UNIT_APPROVAL, unit=UnitFactory(organization=org)
    )

    with pytest.raises(services.PartnersError) as error:
        services.agreement_approve(
            agreement=agreement, actor=coordinator, membership=member(coordinator, org)
        )

    assert str(error.value.message) == "Your role does not allow this step."


def test_leadership_cannot_approve_for_the_service(org, leadership):
    agreement = DraftAgreementFactory(organization=org, status=S.SERVICE_APPROVAL)

    assert not services.may(
        "approve", agreement, actor=leadership, membership=member(leadership, org)
    )
    with pytest.raises(services.PartnersError):
        services.agreement_approve(
            agreement=agreement, actor=leadership, membership=member(leadership, org)
        )


def test_return_needs_a_comment_and_records_it(org, service_head):
    agreement = DraftAgreementFactory(organization=org, status=S.SERVICE_APPROVAL)
    head = member(service_head, org)

    with pytest.raises(services.PartnersError) as error:
        services.agreement_return(
            agreement=agreement, actor=service_head, membership=head, comment=""
        )
    returned = services.agreement_return(
        agreement=agreement, actor=service_head, membership=head, comment="Add the budget"
    )

    assert error.value.field == "comment"
    assert returned.status == S.RETURNED
    decision = AgreementDecision.objects.get()
    assert (decision.stage, decision.outcome, decision.comment) == (
        ApprovalStage.SERVICE,
        DecisionOutcome.RETURNED,
        "Add the budget",
    )


def test_r3_signing_an_agreement_not_agreed_by_the_authority_is_refused(org, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=S.APPROVED)

    with pytest.raises(services.PartnersError) as error:
        services.agreement_sign(
            agreement=agreement,
            actor=service_staff,
            membership=member(service_staff, org),
            signed_on=TODAY,
        )

    assert error.value.field == "signed_on"
    assert str(error.value.message) == (
        "Only an agreement agreed by the authorized body can be signed; this one is "
        "“Approved internally”."
    )
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == (S.APPROVED, None)


def test_sign_with_a_future_date_is_refused(org, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=S.AGREED)

    with pytest.raises(ValidationError) as error:
        services.agreement_sign(
            agreement=agreement,
            actor=service_staff,
            membership=member(service_staff, org),
            signed_on=timezone.localdate() + dt.timedelta(days=3),
        )

    assert list(error.value.message_dict) == ["signed_on"]


def test_sign_before_validity_begins_leaves_it_signed(org, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=S.AGREED)

    agreement = services.agreement_sign(
        agreement=agreement,
        actor=service_staff,
        membership=member(service_staff, org),
        signed_on=TODAY,
        valid_from=dt.date(2026, 9, 1),
        today=TODAY,
    )

    assert agreement.status == S.SIGNED


def test_r3_authority_return_then_resend_needs_a_new_version(org, service_staff, authority_user):
    agreement = with_text(DraftAgreementFactory(organization=org, status=S.DRAFT), service_staff)
    Agreement.objects.filter(pk=agreement.pk).update(status=S.AUTHORITY_REVIEW)
    staff = member(service_staff, org)

    services.agreement_authority_decide(
        agreement=agreement, actor=authority_user, agree=False, comment="Specify the funding"
    )
    with pytest.raises(services.PartnersError):
        services.agreement_send_to_authority(
            agreement=agreement, actor=service_staff, membership=staff
        )
    services.agreement_version_add(
        agreement=agreement, actor=service_staff, upload=docx_upload(), comment="Funding added"
    )
    resent = services.agreement_send_to_authority(
        agreement=agreement, actor=service_staff, membership=staff
    )

    assert resent.status == S.AUTHORITY_REVIEW
    assert AuditEntry.objects.filter(action="partners.agreement.returned_by_authority").count() == 1


def test_authority_return_needs_a_comment(org, authority_user):
    agreement = DraftAgreementFactory(organization=org, status=S.AUTHORITY_REVIEW)

    with pytest.raises(services.PartnersError) as error:
        services.agreement_authority_decide(
            agreement=agreement, actor=authority_user, agree=False, comment=""
        )

    assert error.value.field == "comment"


def test_r3_only_the_authority_agrees(org, service_head):
    agreement = DraftAgreementFactory(organization=org, status=S.AUTHORITY_REVIEW)

    with pytest.raises(services.PartnersError):
        services.agreement_authority_decide(agreement=agreement, actor=service_head, agree=True)
    with pytest.raises(services.PartnersError):
        services.agreement_approve(
            agreement=agreement, actor=service_head, membership=member(service_head, org)
        )

    agreement.refresh_from_db()
    assert agreement.status == S.AUTHORITY_REVIEW


def test_authority_user_cannot_take_an_organizations_step(org, authority_user):
    agreement = DraftAgreementFactory(organization=org, status=S.SERVICE_APPROVAL)

    with pytest.raises(services.PartnersError):
        services.agreement_approve(agreement=agreement, actor=authority_user, membership=None)


def test_withdraw_back_to_draft(org, service_staff):
    agreement = DraftAgreementFactory(organization=org, status=S.LEADERSHIP_APPROVAL)

    agreement = services.agreement_withdraw(
        agreement=agreement, actor=service_staff, membership=member(service_staff, org)
    )

    assert agreement.status == S.DRAFT


def test_terminate_records_date_and_reason(org, service_staff):
    agreement = AgreementFactory(organization=org)

    agreement = services.agreement_terminate(
        agreement=agreement,
        actor=service_staff,
        membership=member(service_staff, org),
        terminated_on=TODAY,
        reason="The partner closed the programme",
    )

    assert (agreement.status, agreement.terminated_on, agreement.termination_reason) == (
        S.TERMINATED,
        TODAY,
        "The partner closed the programme",
    )


def test_terminate_needs_a_reason(org, service_staff):
    agreement = AgreementFactory(organization=org)

    with pytest.raises(services.PartnersError) as error:
        services.agreement_terminate(
            agreement=agreement,
            actor=service_staff,
            membership=member(service_staff, org),
            terminated_on=TODAY,
            reason="",
        )

    assert error.value.field == "reason"


def test_prolong_moves_the_end_and_keeps_a_record(org, service_staff):
    agreement = AgreementFactory(organization=org, valid_to=dt.date(2026, 6, 30))

    agreement = services.agreement_prolong(
        agreement=agreement,
        actor=service_staff,
        membership=member(service_staff, org),
        new_valid_to=dt.date(2028, 6, 30),
        basis="Supplementary agreement No. 2",
        today=TODAY,
    )

    assert agreement.valid_to == dt.date(2028, 6, 30)
    prolongation = Prolongation.objects.get()
    assert (prolongation.previous_valid_to, prolongation.automatic) == (dt.date(2026, 6, 30), False)
    assert last_action(org) == "partners.agreement.prolonged"


def test_prolong_to_an_earlier_date_is_refused(org, service_staff):
    agreement = AgreementFactory(organization=org, valid_to=dt.date(2026, 6, 30))

    with pytest.raises(services.PartnersError) as error:
        services.agreement_prolong(
            agreement=agreement,
            actor=service_staff,
            membership=member(service_staff, org),
            new_valid_to=dt.date(2026, 1, 1),
            basis="Letter",
        )

    assert error.value.field == "new_valid_to"


def test_expired_agreement_prolonged_is_in_force_again(org, service_staff):
    agreement = AgreementFactory(organization=org, status=S.EXPIRED, valid_to=dt.date(2026, 1, 31))

    agreement = services.agreement_prolong(
        agreement=agreement,
        actor=service_staff,
        membership=member(service_staff, org),
        new_valid_to=dt.date(2027, 1, 31),
        basis="Supplementary agreement",
        today=TODAY,
    )

    assert agreement.status == S.IN_FORCE


def test_daily_refresh_enters_into_force_expires_and_prolongs(org):
    signed = AgreementFactory(
        organization=org, status=S.SIGNED, valid_from=dt.date(2026, 3, 1), valid_to=None
    )
    ending = AgreementFactory(organization=org, valid_to=dt.date(2026, 2, 28))
    automatic = AgreementFactory(
        organization=org,
        valid_to=dt.date(2026, 2, 28),
        automatic_prolongation=True,
        prolongation_months=12,
    )
    later = AgreementFactory(organization=org, valid_to=dt.date(2027, 1, 1))

    counts = services.agreement_statuses_refresh(today=TODAY)

    statuses = {a.pk: a.status for a in Agreement.objects.all()}
    assert counts == {"entered_into_force": 1, "prolonged": 1, "expired": 1}
    assert statuses == {
        signed.pk: S.IN_FORCE,
        ending.pk: S.EXPIRED,
        automatic.pk: S.IN_FORCE,
        later.pk: S.IN_FORCE,
    }
    automatic.refresh_from_db()
    assert automatic.valid_to == dt.date(2027, 2, 28)
    assert Prolongation.objects.get().automatic is True
    assert services.agreement_statuses_refresh(today=TODAY) == {
        "entered_into_force": 0,
        "prolonged": 0,
        "expired": 0,
    }


def test_renewal_is_a_new_draft_linked_to_the_old_one(org, service_staff):
    old = AgreementFactory(organization=org, valid_to=dt.date(2026, 8, 31))

    new = services.agreement_renew(agreement=old, actor=service_staff)

    assert (new.status, new.renews, new.valid_from) == (S.DRAFT, old, dt.date(2026, 9, 1))
    assert list(new.partners.all()) == list(old.partners.all())
    assert list(old.renewals.all()) == [new]


def test_renewal_of_a_draft_is_refused(org, service_staff):
    with pytest.raises(services.PartnersError):
        services.agreement_renew(
            agreement=DraftAgreementFactory(organization=org), actor=service_staff
        )


def test_signed_copy_upload_replaces_the_old_one(org, service_staff):
    agreement = AgreementFactory(organization=org)
    old_name = agreement.signed_copy.name

    services.agreement_signed_copy_upload(
        agreement=agreement, actor=service_staff, upload=pdf_upload("scan.pdf")
    )

    agreement.refresh_from_db()
    assert agreement.signed_copy.name != old_name
    assert last_action(org) == "partners.agreement.signed_copy_uploaded"


def test_signed_copy_that_is_not_a_document_is_refused(org, service_staff):
    agreement = AgreementFactory(organization=org)

    with pytest.raises(ValidationError) as error:
        services.agreement_signed_copy_upload(
            agreement=agreement, actor=service_staff, upload=fake_upload()
        )

    assert list(error.value.message_dict) == ["signed_copy"]


def test_import_with_a_signing_date_registers_it_in_force(org, service_staff):
    agreement = services.agreement_import(
        organization=org,
        actor=service_staff,
        data=agreement_data(valid_from=None),
        partners=[PartnerFactory(organization=org)],
        signed_on=dt.date(2025, 5, 5),
        today=TODAY,
    )

    assert (agreement.status, agreement.valid_from) == (S.IN_FORCE, dt.date(2025, 5, 5))
    assert last_action(org) == "partners.agreement.imported"


# --- implementation (R8.3) ----------------------------------------------------------------------


def test_r8_3_result_is_recorded_for_a_signed_agreement(org, service_staff):
    agreement = AgreementFactory(organization=org)

    result = services.implementation_result_create(
        agreement=agreement,
        actor=service_staff,
        data={"date": TODAY, "kind": "publication", "description": "Joint paper in a journal"},
    )

    assert result.agreement == agreement
    assert last_action(org) == "partners.implementation_result.created"


def test_result_for_a_draft_is_refused(org, service_staff):
    with pytest.raises(services.PartnersError):
        services.implementation_result_create(
            agreement=DraftAgreementFactory(organization=org),
            actor=service_staff,
            data={"date": TODAY, "kind": "event", "description": "Seminar"},
        )


def test_result_in_the_future_is_refused(org, service_staff):
    with pytest.raises(ValidationError) as error:
        services.implementation_result_create(
            agreement=AgreementFactory(organization=org),
            actor=service_staff,
            data={
                "date": timezone.localdate() + dt.timedelta(days=1),
                "kind": "event",
                "description": "Seminar",
            },
        )

    assert list(error.value.message_dict) == ["date"]


def test_activity_end_before_start_is_refused(org, service_staff):
    with pytest.raises(ValidationError) as error:
        services.planned_activity_create(
            agreement=AgreementFactory(organization=org),
            actor=service_staff,
            data={"title": "Summer school", "starts_on": TODAY, "ends_on": TODAY - dt.timedelta(1)},
        )

    assert list(error.value.message_dict) == ["ends_on"]


def test_activity_responsible_of_another_organization_is_refused(org, other_org, service_staff):
    with pytest.raises(ValidationError) as error:
        services.planned_activity_create(
            agreement=AgreementFactory(organization=org),
            actor=service_staff,
            data={
                "title": "Summer school",
                "starts_on": TODAY,
                "responsible": ForeignerFactory(organization=other_org),
            },
        )

    assert list(error.value.message_dict) == ["responsible"]


def test_a2_7_yearly_summary_is_saved_and_edited(org, service_staff):
    agreement = AgreementFactory(organization=org)

    services.yearly_summary_save(agreement=agreement, actor=service_staff, year=2025, text="Two")
    summary = services.yearly_summary_save(
        agreement=agreement, actor=service_staff, year=2025, text="Two exchanges"
    )

    assert (summary.year, summary.text) == (2025, "Two exchanges")
    assert agreement.yearly_summaries.count() == 1
    assert AuditEntry.objects.filter(action="partners.yearly_summary.saved").count() == 2


def test_result_delete_is_audited(org, service_staff):
    result = ImplementationResultFactory(agreement__organization=org, organization=org)

    services.implementation_result_delete(result=result, actor=service_staff)

    assert last_action(org) == "partners.implementation_result.deleted"


# --- missions (R8.12) -----------------------------------------------------------------------


def test_r8_12_contact_about_a_stay_is_masked_in_the_audit_log(org, service_staff):
    mission = DiplomaticMissionFactory(organization=org)
    stay = StayFactory(organization=org, person__organization=org)

    services.mission_contact_create(
        mission=mission,
        actor=service_staff,
        data={"date": TODAY, "subject": "Visa of Li Wei", "stay": stay, "outcome": "Done"},
    )

    changes = AuditEntry.objects.get(action="partners.mission_contact.created").data["changes"]
    assert changes["subject"] == [None, "••••••"]
    assert changes["stay"] == [None, "••••••"]


def test_r8_12_contact_about_another_organizations_stay_is_refused(org, other_org, service_staff):
    mission = DiplomaticMissionFactory(organization=org)
    stay = StayFactory(organization=other_org, person__organization=other_org)

    with pytest.raises(ValidationError) as error:
        services.mission_contact_create(
            mission=mission,
            actor=service_staff,
            data={"date": TODAY, "subject": "Visa", "stay": stay},
        )

    assert list(error.value.message_dict) == ["stay"]


def test_r8_3_result_names_the_stays_and_trips_it_concerns(org, service_staff):
    agreement = AgreementFactory(organization=org)
    stay = StayFactory(organization=org, person__organization=org)
    trip = TripFactory(organization=org, person__organization=org)

    result = services.implementation_result_create(
        agreement=agreement,
        actor=service_staff,
        data={
            "date": TODAY,
            "kind": "mobility",
            "description": "Exchange semester",
            "stays": [stay],
            "trips": [trip],
        },
    )

    assert (list(result.stays.all()), list(result.trips.all())) == ([stay], [trip])
    changes = AuditEntry.objects.get(action="partners.implementation_result.created").data
    assert changes["changes"]["stays"] == [None, [stay.pk]]


def test_result_with_another_organizations_trip_is_refused(org, other_org, service_staff):
    trip = TripFactory(organization=other_org, person__organization=other_org)

    with pytest.raises(ValidationError) as error:
        services.implementation_result_create(
            agreement=AgreementFactory(organization=org),
            actor=service_staff,
            data={"date": TODAY, "kind": "mobility", "description": "X", "trips": [trip]},
        )

    assert list(error.value.message_dict) == ["trips"]


def test_contact_without_a_person_is_logged_in_clear(org, service_staff):
    mission = DiplomaticMissionFactory(organization=org)

    services.mission_contact_create(
        mission=mission,
        actor=service_staff,
        data={"date": TODAY, "subject": "Cultural week", "outcome": ""},
    )

    changes = AuditEntry.objects.get(action="partners.mission_contact.created").data["changes"]
    assert changes["subject"] == [None, "Cultural week"]


def test_mission_with_a_contacts_log_cannot_be_deleted(org, service_staff):
    mission = DiplomaticMissionFactory(organization=org)
    services.mission_contact_create(
        mission=mission, actor=service_staff, data={"date": TODAY, "subject": "Meeting"}
    )

    with pytest.raises(services.PartnersError):
        services.mission_delete(mission=mission, actor=service_staff)


def test_settings_second_alert_must_come_after_the_first(org, service_head):
    with pytest.raises(ValidationError) as error:
        services.partners_settings_update(
            organization=org,
            actor=service_head,
            data={"expiry_first_alert_days": 30, "expiry_second_alert_days": 60},
        )

    assert list(error.value.message_dict) == ["expiry_second_alert_days"]


def test_settings_update_is_audited(org, service_head):
    row = services.partners_settings_update(
        organization=org,
        actor=service_head,
        data={"expiry_first_alert_days": 120, "expiry_second_alert_days": 45},
    )

    assert (row.expiry_first_alert_days, row.expiry_second_alert_days) == (120, 45)
    assert last_action(org) == "partners.settings.updated"


def test_refresh_command_and_task(org):
    from io import StringIO

    from django.core.management import call_command

    from yntymaq.partners.tasks import refresh_agreement_statuses

    AgreementFactory(organization=org, valid_to=timezone.localdate() - dt.timedelta(days=1))
    out = StringIO()

    call_command("refresh_agreements", stdout=out)

    assert out.getvalue().strip() == "agreements: 0 entered into force, 0 prolonged, 1 expired"
    assert refresh_agreement_statuses.call() == {
        "entered_into_force": 0,
        "prolonged": 0,
        "expired": 0,
    }
