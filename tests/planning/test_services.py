import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.people import PDF_BYTES, PersonFactory
from tests.factories.planning import (
    AnnualPlanItemFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PrioritySpecialtyFactory,
)
from yntymaq.core.models import AuditEntry
from yntymaq.planning import services
from yntymaq.planning.enums import ActivityArea, IndicatorKind, ItemStatus, PlanStatus
from yntymaq.planning.models import Indicator, IndicatorValue
from yntymaq.planning.services import PlanningError

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


# --- long-term plan (R2.1) -------------------------------------------------------------------


def test_long_term_plan_create_records_audit(org, service_head):
    plan = services.long_term_plan_create(
        organization=org,
        actor=service_head,
        data={"title": "Стратегия", "year_start": 2025, "year_end": 2029, "goals": "Рост"},
    )

    assert plan.years == [2025, 2026, 2027, 2028, 2029]
    assert actions() == ["planning.long_term_plan.created"]


def test_long_term_plan_rejects_last_year_before_first(org, service_head):
    with pytest.raises(ValidationError) as error:
        services.long_term_plan_create(
            organization=org,
            actor=service_head,
            data={"title": "Стратегия", "year_start": 2029, "year_end": 2025},
        )

    assert error.value.message_dict == {
        "year_end": ["The last year cannot be before the first year."]
    }


def test_r2_1_target_for_year_outside_plan_is_refused(long_term_plan, service_head):
    indicator = IndicatorFactory(plan=long_term_plan, organization=long_term_plan.organization)

    with pytest.raises(PlanningError) as error:
        services.indicator_value_set(
            indicator=indicator, actor=service_head, data={"year": 2031, "target": 40}
        )

    assert error.value.field == "year"
    assert str(error.value.message) == "The plan covers 2025–2029; 2031 is outside it."
    assert IndicatorValue.objects.count() == 0


def test_r2_1_value_set_replaces_the_years_values(long_term_plan, service_head):
    indicator = IndicatorFactory(plan=long_term_plan, organization=long_term_plan.organization)
    services.indicator_value_set(
        indicator=indicator, actor=service_head, data={"year": 2026, "target": 40}
    )

    value = services.indicator_value_set(
        indicator=indicator, actor=service_head, data={"year": 2026, "target": 45, "actual": 41}
    )

    assert list(IndicatorValue.objects.values_list("year", "target", "actual")) == [
        (2026, Decimal("45.00"), Decimal("41.00"))
    ]
    assert value.target == 45
    assert actions() == ["planning.indicator_value.created", "planning.indicator_value.updated"]


def test_r2_1_plan_years_cannot_shrink_past_recorded_targets(long_term_plan, service_head):
    IndicatorValueFactory(
        indicator__plan=long_term_plan,
        indicator__organization=long_term_plan.organization,
        organization=long_term_plan.organization,
        year=2029,
    )

    with pytest.raises(PlanningError) as error:
        services.long_term_plan_update(
            plan=long_term_plan, actor=service_head, data={"year_end": 2028}
        )

    assert error.value.field == "year_end"
    assert "2029" in str(error.value.message)


def test_indicator_kind_appears_once_per_plan(long_term_plan, service_head):
    services.indicator_create(
        plan=long_term_plan, actor=service_head, data={"kind": IndicatorKind.FOREIGN_STUDENTS}
    )

    with pytest.raises(PlanningError) as error:
        services.indicator_create(
            plan=long_term_plan, actor=service_head, data={"kind": IndicatorKind.FOREIGN_STUDENTS}
        )

    assert error.value.field == "kind"
    assert Indicator.objects.count() == 1


def test_custom_indicator_needs_a_name(long_term_plan, service_head):
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            plan=long_term_plan, actor=service_head, data={"kind": IndicatorKind.CUSTOM}
        )

    assert error.value.message_dict == {"name": ["Give the name of this indicator."]}


def test_indicator_create_numbers_positions(long_term_plan, service_head):
    first = services.indicator_create(
        plan=long_term_plan, actor=service_head, data={"kind": IndicatorKind.FOREIGN_STUDENTS}
    )
    second = services.indicator_create(
        plan=long_term_plan, actor=service_head, data={"kind": IndicatorKind.FOREIGN_STAFF}
    )

    assert (first.position, second.position) == (1, 2)


# --- annual work plan (A2.5) -----------------------------------------------------------------


def item_data(**overrides):
    return {
        "activity": "Летняя школа",
        "area": ActivityArea.STUDY,
        "deadline": dt.date(2026, 6, 30),
        **overrides,
    }


def test_a2_5_deadline_outside_plan_year_is_refused(annual_plan, service_staff):
    with pytest.raises(PlanningError) as error:
        services.annual_plan_item_create(
            plan=annual_plan, actor=service_staff, data=item_data(deadline=dt.date(2026, 9, 1))
        )

    assert error.value.field == "deadline"
    assert str(error.value.message) == (
        "The deadline must fall within the plan's academic year 2025/2026: 01.09.2025 – 31.08.2026."
    )


def test_a2_5_deadline_follows_the_organizations_academic_year(org, annual_plan, service_staff):
    org.academic_year_start_month = 8
    org.academic_year_start_day = 25
    org.save()

    item = services.annual_plan_item_create(
        plan=annual_plan, actor=service_staff, data=item_data(deadline=dt.date(2025, 8, 25))
    )

    assert item.deadline == dt.date(2025, 8, 25)


def test_annual_plan_once_per_academic_year(org, annual_plan, service_head):
    with pytest.raises(PlanningError) as error:
        services.annual_plan_create(
            organization=org, actor=service_head, data={"academic_year": 2025}
        )

    assert error.value.field == "academic_year"


def test_a2_5_approve_needs_items(annual_plan, service_head):
    with pytest.raises(PlanningError):
        services.annual_plan_approve(plan=annual_plan, actor=service_head)

    annual_plan.refresh_from_db()
    assert annual_plan.status == PlanStatus.DRAFT


def test_a2_5_approve_records_who_and_when(annual_plan, service_head):
    AnnualPlanItemFactory(plan=annual_plan, organization=annual_plan.organization)

    services.annual_plan_approve(plan=annual_plan, actor=service_head)

    annual_plan.refresh_from_db()
    assert annual_plan.status == PlanStatus.APPROVED
    assert annual_plan.approved_by == service_head
    assert annual_plan.approved_at is not None
    assert actions()[-1] == "planning.annual_plan.approved"


def test_a2_5_approved_plan_keeps_its_items_but_records_progress(annual_plan, service_head):
    item = AnnualPlanItemFactory(plan=annual_plan, organization=annual_plan.organization)
    services.annual_plan_approve(plan=annual_plan, actor=service_head)
    item.refresh_from_db()

    with pytest.raises(PlanningError) as error:
        services.annual_plan_item_update(item=item, actor=service_head, data={"activity": "Другое"})
    assert error.value.field == "activity"
    with pytest.raises(PlanningError):
        services.annual_plan_item_create(plan=item.plan, actor=service_head, data=item_data())
    with pytest.raises(PlanningError):
        services.annual_plan_item_delete(item=item, actor=service_head)

    services.annual_plan_item_report_progress(
        item=item, actor=service_head, status=ItemStatus.DONE, result="Проведена, 40 участников"
    )

    item.refresh_from_db()
    assert (item.status, item.result) == (ItemStatus.DONE, "Проведена, 40 участников")


def test_done_item_needs_a_result(annual_plan, service_staff):
    item = AnnualPlanItemFactory(plan=annual_plan, organization=annual_plan.organization)

    with pytest.raises(ValidationError) as error:
        services.annual_plan_item_update(
            item=item, actor=service_staff, data={"status": ItemStatus.DONE, "result": ""}
        )

    assert error.value.message_dict == {"result": ["Describe the result of a done item."]}


def test_return_to_draft_clears_approval(annual_plan, service_head):
    AnnualPlanItemFactory(plan=annual_plan, organization=annual_plan.organization)
    services.annual_plan_approve(plan=annual_plan, actor=service_head)

    services.annual_plan_return_to_draft(plan=annual_plan, actor=service_head)

    annual_plan.refresh_from_db()
    assert (annual_plan.status, annual_plan.approved_by) == (PlanStatus.DRAFT, None)


def test_annual_plan_year_change_refused_when_items_fall_outside(annual_plan, service_head):
    AnnualPlanItemFactory(
        plan=annual_plan, organization=annual_plan.organization, deadline=dt.date(2026, 3, 1)
    )

    with pytest.raises(PlanningError) as error:
        services.annual_plan_update(
            plan=annual_plan, actor=service_head, data={"academic_year": 2026}
        )

    assert error.value.field == "academic_year"


def test_item_refuses_a_person_of_another_organization(annual_plan, other_org, service_staff):
    stranger = PersonFactory(organization=other_org)

    with pytest.raises(PlanningError) as error:
        services.annual_plan_item_create(
            plan=annual_plan, actor=service_staff, data=item_data(responsible=stranger)
        )

    assert error.value.field == "responsible"


# --- conference participation (A2.8) ---------------------------------------------------------


def conference_data(person, **overrides):
    return {
        "person": person,
        "event": "EAIE 2025",
        "kind": "scientific",
        "online": False,
        "country": "FR",
        "city": "Тулуза",
        "starts_on": dt.date(2025, 9, 9),
        "ends_on": dt.date(2025, 9, 12),
        "role": "speaker",
        "paper_title": "Мобильность",
        **overrides,
    }


def test_a2_8_conference_needs_country_unless_online(org, person, service_staff):
    with pytest.raises(ValidationError) as error:
        services.conference_participation_create(
            organization=org, actor=service_staff, data=conference_data(person, country="")
        )
    assert error.value.message_dict == {
        "country": ["Give the country of the event, or mark it as online."]
    }

    online = services.conference_participation_create(
        organization=org,
        actor=service_staff,
        data=conference_data(person, country="", city="", online=True),
    )

    assert online.place == "online"


def test_a2_8_conference_end_not_before_start(org, person, service_staff):
    with pytest.raises(ValidationError) as error:
        services.conference_participation_create(
            organization=org,
            actor=service_staff,
            data=conference_data(person, ends_on=dt.date(2025, 9, 1)),
        )

    assert error.value.message_dict == {
        "ends_on": ["The end date cannot be before the start date."]
    }


# --- work with foreigners (A2.9) -------------------------------------------------------------


def test_a2_9_publication_without_authors_is_refused(work, service_staff):
    with pytest.raises(ValidationError) as error:
        services.joint_publication_create(
            work=work, actor=service_staff, data={"title": "Статья", "authors": "  ", "year": 2025}
        )

    assert error.value.message_dict == {
        "authors": ["Name the authors of the publication, the foreign co-authors among them."]
    }


def test_a2_9_work_once_per_academic_year(org, work, service_staff):
    with pytest.raises(PlanningError) as error:
        services.foreigners_work_create(
            organization=org, actor=service_staff, data={"academic_year": 2025}
        )

    assert error.value.field == "academic_year"


def test_a2_9_lists_are_audited_with_their_year(work, person, service_staff):
    entry = services.staff_development_create(
        work=work, actor=service_staff, data={"person": person, "title": "РКИ", "hours": 72}
    )
    services.staff_development_delete(entry=entry, actor=service_staff)

    assert actions() == [
        "planning.staff_development.created",
        "planning.staff_development.deleted",
    ]
    assert AuditEntry.objects.first().data["work"] == work.pk


# --- analytical materials (R2.2, R2.4) -------------------------------------------------------


def material_data(**overrides):
    return {
        "title": "Сравнительный анализ систем образования",
        "kind": "comparative_analysis",
        "countries": ["FI", "KR"],
        "education_level": "all",
        "author": "Ким С. В.",
        "prepared_on": dt.date(2025, 10, 1),
        **overrides,
    }


def test_material_file_is_checked_by_content(org, service_staff):
    fake = SimpleUploadedFile("report.pdf", b"not a pdf at all", content_type="application/pdf")

    with pytest.raises(ValidationError) as error:
        services.analytical_material_create(
            organization=org, actor=service_staff, data=material_data(), file=fake
        )

    assert list(error.value.message_dict) == ["file"]


def test_material_file_is_stored_under_a_new_name(org, service_staff):
    upload = SimpleUploadedFile("Отчёт.pdf", PDF_BYTES, content_type="application/pdf")

    material = services.analytical_material_create(
        organization=org, actor=service_staff, data=material_data(), file=upload
    )

    assert material.file.name.startswith(f"planning/{org.pk}/materials/")
    assert material.file.name.endswith(".pdf")
    assert material.search_text.startswith("сравнительный анализ")


# --- priority specialties (R2.5) -------------------------------------------------------------


def test_r2_5_approved_proposal_keeps_its_specialties(proposal, service_head):
    specialty = PrioritySpecialtyFactory(proposal=proposal, organization=proposal.organization)
    services.specialty_proposal_approve(proposal=proposal, actor=service_head)
    specialty.refresh_from_db()

    with pytest.raises(PlanningError):
        services.priority_specialty_update(
            specialty=specialty, actor=service_head, data={"name": "Другое"}
        )
    with pytest.raises(PlanningError):
        services.specialty_proposal_delete(proposal=proposal, actor=service_head)


def test_r2_5_specialty_once_per_proposal_and_level(proposal, service_staff):
    data = {
        "code": "6b07101",
        "name": "Атомная энергетика",
        "level": "bachelor",
        "justification": "Строительство АЭС",
    }
    first = services.priority_specialty_create(proposal=proposal, actor=service_staff, data=data)

    with pytest.raises(PlanningError) as error:
        services.priority_specialty_create(proposal=proposal, actor=service_staff, data=data)

    assert first.code == "6B07101"
    assert error.value.field == "code"


def test_r2_5_approve_needs_specialties(proposal, service_head):
    with pytest.raises(PlanningError):
        services.specialty_proposal_approve(proposal=proposal, actor=service_head)


# --- international activities (R8.1) ---------------------------------------------------------


def activity_data(**overrides):
    return {
        "title": "Летняя школа",
        "kind": "summer_school",
        "area": "study",
        "starts_on": dt.date(2026, 7, 1),
        **overrides,
    }


def test_r8_1_activity_names_partners_from_the_registry(org, service_staff):
    from tests.factories.partners import PartnerFactory

    tampere = PartnerFactory(organization=org, name_ru="Университет Тампере")

    activity = services.activity_create(
        organization=org,
        actor=service_staff,
        data=activity_data(registry_partners=[tampere], partners="Школа экономики, Рига"),
    )

    assert list(activity.registry_partners.all()) == [tampere]
    entry = AuditEntry.objects.get(action="planning.activity.created")
    assert entry.data["changes"]["registry_partners"] == [[], [str(tampere)]]


def test_r8_1_activity_refuses_another_organizations_partner(org, other_org, service_staff):
    from tests.factories.partners import PartnerFactory

    theirs = PartnerFactory(organization=other_org)

    with pytest.raises(PlanningError) as error:
        services.activity_create(
            organization=org, actor=service_staff, data=activity_data(registry_partners=[theirs])
        )

    assert error.value.field == "registry_partners"


def test_r8_1_activity_partner_change_is_audited(org, service_staff):
    from tests.factories.partners import PartnerFactory

    first, second = PartnerFactory(organization=org), PartnerFactory(organization=org)
    activity = services.activity_create(
        organization=org, actor=service_staff, data=activity_data(registry_partners=[first])
    )

    services.activity_update(
        activity=activity, actor=service_staff, data={"registry_partners": [second]}
    )

    entry = AuditEntry.objects.get(action="planning.activity.updated")
    assert entry.data["changes"] == {"registry_partners": [[str(first)], [str(second)]]}
