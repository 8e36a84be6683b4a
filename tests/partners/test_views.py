"""Pages of the partners app: the role matrix of every write view, bad input beside its field
with the input kept, lists in a fixed number of queries, R4.2 on the page and the dashboard,
access-checked downloads, restricted contacts, export and import."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from tests.factories.core import MembershipFactory
from tests.factories.incoming import StayFactory
from tests.factories.partners import (
    AgreementFactory,
    AgreementVersionFactory,
    DiplomaticMissionFactory,
    DraftAgreementFactory,
    ImplementationResultFactory,
    MissionContactFactory,
    PartnerFactory,
    PlannedActivityFactory,
)
from yntymaq.core.enums import Role
from yntymaq.core.models import AuditEntry
from yntymaq.partners.enums import AgreementStatus as S
from yntymaq.partners.models import (
    Agreement,
    DiplomaticMission,
    ImplementationResult,
    MissionContact,
    Partner,
    PlannedActivity,
)

from .conftest import docx_upload, fake_upload, pdf_upload

pytestmark = pytest.mark.django_db

BASE = "/o/kaznu/partners"


def partner_post(**changes):
    data = {
        "kind": "university",
        "name_original": "Universidad de Salamanca",
        "name_latin": "University of Salamanca",
        "name_ru": "Саламанкский университет",
        "name_kk": "",
        "country": "ES",
        "city": "Salamanca",
        "website": "https://usal.es",
        "contacts": "",
        "notes": "",
    }
    data.update(changes)
    return data


def agreement_post(partners, **changes):
    data = {
        "title": "Memorandum of understanding",
        "kind": "memorandum",
        "form": "bilateral",
        "partners": [p.pk for p in partners],
        "our_number": "М-1",
        "partner_number": "",
        "subject_areas": ["research"],
        "valid_from": "2026-01-01",
        "valid_to": "2030-12-31",
        "prolongation_months": "",
        "mobility_places": "",
        "notes": "",
    }
    data.update(changes)
    return data


def write_case(name, org):
    """(url, valid POST data) of each write view, with the objects it needs."""
    agreement = AgreementFactory(organization=org)
    draft = DraftAgreementFactory(organization=org)
    one = f"{BASE}/agreements/{agreement.pk}"
    cases = {
        "partner-create": lambda: (f"{BASE}/new/", partner_post()),
        "partner-update": lambda: (
            f"{BASE}/{PartnerFactory(organization=org).pk}/edit/",
            partner_post(),
        ),
        "partner-delete": lambda: (f"{BASE}/{PartnerFactory(organization=org).pk}/delete/", {}),
        "agreement-create": lambda: (
            f"{BASE}/agreements/new/",
            agreement_post([PartnerFactory(organization=org)]),
        ),
        "agreement-update": lambda: (f"{one}/edit/", agreement_post(agreement.partners.all())),
        "agreement-delete": lambda: (f"{BASE}/agreements/{draft.pk}/delete/", {}),
        "agreement-version-create": lambda: (
            f"{BASE}/agreements/{draft.pk}/versions/new/",
            {"file": pdf_upload(), "comment": "First draft"},
        ),
        "agreement-terminate": lambda: (
            f"{one}/terminate/",
            {"terminated_on": "2026-02-01", "reason": "Closed"},
        ),
        "agreement-prolong": lambda: (
            f"{one}/prolong/",
            {"new_valid_to": "2035-01-01", "basis": "Supplementary agreement"},
        ),
        "agreement-renew": lambda: (f"{one}/renew/", {}),
        "agreement-signed-copy-upload": lambda: (
            f"{one}/signed-copy/upload/",
            {"signed_copy": pdf_upload("scan.pdf")},
        ),
        "activity-create": lambda: (
            f"{one}/activities/new/",
            {"title": "Winter school", "starts_on": "2026-01-10"},
        ),
        "activity-update": lambda: (
            f"{one}/activities/"
            f"{PlannedActivityFactory(organization=org, agreement=agreement).pk}/edit/",
            {"title": "Winter school", "starts_on": "2026-01-10"},
        ),
        "result-create": lambda: (
            f"{one}/results/new/",
            {"date": "2026-01-10", "kind": "event", "description": "Seminar"},
        ),
        "result-delete": lambda: (
            f"{one}/results/"
            f"{ImplementationResultFactory(organization=org, agreement=agreement).pk}/delete/",
            {},
        ),
        "summary-edit": lambda: (f"{one}/summary/?year=2025", {"year": 2025, "text": "Done"}),
        "mission-create": lambda: (
            f"{BASE}/missions/new/",
            {"kind": "embassy", "name": "Embassy of Spain", "country": "ES"},
        ),
        "mission-contact-create": lambda: (
            f"{BASE}/missions/{DiplomaticMissionFactory(organization=org).pk}/contacts/new/",
            {"date": "2026-01-10", "subject": "Cultural week", "outcome": ""},
        ),
        "settings-edit": lambda: (
            f"{BASE}/settings/",
            {"expiry_first_alert_days": 60, "expiry_second_alert_days": 20},
        ),
    }
    return cases[name]()


WRITE_VIEWS = [
    "partner-create",
    "partner-update",
    "partner-delete",
    "agreement-create",
    "agreement-update",
    "agreement-delete",
    "agreement-version-create",
    "agreement-terminate",
    "agreement-prolong",
    "agreement-renew",
    "agreement-signed-copy-upload",
    "activity-create",
    "activity-update",
    "result-create",
    "result-delete",
    "summary-edit",
    "mission-create",
    "mission-contact-create",
    "settings-edit",
]


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_view_happy_path_redirects_and_audits(name, org, service_staff, as_user):
    url, data = write_case(name, org)
    before = AuditEntry.objects.count()

    response = as_user(service_staff).post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert AuditEntry.objects.count() > before


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_view_refused_to_a_read_only_role(name, org, auditor, as_user):
    url, data = write_case(name, org)

    assert as_user(auditor).get(url).status_code == 403
    assert as_user(auditor).post(url, data).status_code == 403


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_view_of_another_organization_is_404(name, org, other_org_user, as_user):
    url, data = write_case(name, org)

    assert as_user(other_org_user).post(url, data).status_code == 404


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_view_sends_anonymous_users_to_login(name, org, client):
    url, data = write_case(name, org)

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


# --- bad input -------------------------------------------------------------------------------


def test_r2_3_duplicate_partner_is_refused_beside_the_name_with_a_link(org, service_staff, as_user):
    first = PartnerFactory(organization=org, name_original="Universidad de Salamanca", country="ES")

    response = as_user(service_staff).post(f"{BASE}/new/", partner_post())

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["name_original"]
    assert f'<a href="{first.get_absolute_url()}">Open it</a>' in str(errors["name_original"][0])
    assert f'href="{first.get_absolute_url()}"' in response.content.decode()
    assert response.context["form"]["city"].value() == "Salamanca"
    assert Partner.objects.count() == 1


def test_r3_multilateral_with_one_party_is_refused_beside_partners(org, service_staff, as_user):
    partner = PartnerFactory(organization=org)

    response = as_user(service_staff).post(
        f"{BASE}/agreements/new/", agreement_post([partner], form="multilateral")
    )

    assert response.context["form"].errors == {
        "partners": ["A multilateral agreement needs at least two partners."]
    }
    assert response.context["form"]["title"].value() == "Memorandum of understanding"
    assert not Agreement.objects.exists()


def test_valid_to_before_valid_from_is_refused_beside_valid_to(org, service_staff, as_user):
    response = as_user(service_staff).post(
        f"{BASE}/agreements/new/",
        agreement_post(
            [PartnerFactory(organization=org)], valid_from="2026-05-01", valid_to="2026-04-01"
        ),
    )

    assert response.context["form"].errors == {
        "valid_to": ["The end of validity cannot be before its start."]
    }


def test_upload_that_is_not_a_document_is_refused_beside_the_file(org, service_staff, as_user):
    draft = DraftAgreementFactory(organization=org)

    response = as_user(service_staff).post(
        f"{BASE}/agreements/{draft.pk}/versions/new/",
        {"file": fake_upload(), "comment": "First draft"},
    )

    assert list(response.context["form"].errors) == ["file"]
    assert response.context["form"]["comment"].value() == "First draft"
    assert not draft.versions.exists()


def test_r3_signing_before_the_authority_agreed_is_refused_beside_the_date(
    org, service_staff, as_user
):
    agreement = DraftAgreementFactory(organization=org, status=S.AUTHORITY_REVIEW)

    response = as_user(service_staff).post(
        f"{BASE}/agreements/{agreement.pk}/sign/", {"signed_on": "2026-01-15"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "signed_on": [
            "Only an agreement agreed by the authorized body can be signed; this one is "
            "“Sent to the authorized body”."
        ]
    }
    assert response.context["form"]["signed_on"].value() == "2026-01-15"
    agreement.refresh_from_db()
    assert agreement.status == S.AUTHORITY_REVIEW


def test_return_without_a_comment_is_refused_beside_the_comment(org, service_head, as_user):
    agreement = DraftAgreementFactory(organization=org, status=S.SERVICE_APPROVAL)

    response = as_user(service_head).post(f"{BASE}/agreements/{agreement.pk}/return/", {})

    assert list(response.context["form"].errors) == ["comment"]


def test_bad_input_in_russian(org, service_staff, as_user):
    response = as_user(service_staff, "ru").post(
        f"{BASE}/agreements/new/",
        agreement_post([PartnerFactory(organization=org)], form="multilateral"),
    )

    assert response.context["form"].errors == {
        "partners": ["Для многостороннего соглашения нужны по меньшей мере два партнёра."]
    }


# --- the cycle through the pages --------------------------------------------------------------


def test_transition_pages_follow_the_roles(org, service_staff, service_head, leadership, as_user):
    agreement = DraftAgreementFactory(organization=org)
    AgreementVersionFactory(organization=org, agreement=agreement, number=1)
    url = f"{BASE}/agreements/{agreement.pk}"

    assert as_user(leadership).get(f"{url}/submit/").status_code == 403
    assert as_user(service_staff).post(f"{url}/submit/", {}).status_code == 302
    assert as_user(service_staff).get(f"{url}/approve/").status_code == 403
    page = as_user(leadership).get(f"{url}/approve/")
    assert page.context["possible"] is False
    assert as_user(service_head).post(f"{url}/approve/", {"comment": "OK"}).status_code == 302
    assert as_user(leadership).post(f"{url}/approve/", {}).status_code == 302

    agreement.refresh_from_db()
    assert agreement.status == S.APPROVED


def test_agreement_page_shows_the_authority_decision_and_its_date(org, service_staff, as_user):
    agreement = DraftAgreementFactory(organization=org, status=S.AUTHORITY_RETURNED)
    agreement.decisions.create(
        organization=org, stage="authority", outcome="returned", comment="Specify the funding"
    )
    decision = agreement.decisions.get()

    page = as_user(service_staff).get(agreement.get_absolute_url()).content.decode()

    day = decision.created_at.astimezone().strftime("%d.%m.%Y")
    assert f"The authorized body returned the agreement on {day}:" in page
    assert "Specify the funding" in page


def test_r4_2_agreement_page_says_whether_it_counts_and_why(org, auditor, as_user):
    agreement = AgreementFactory(organization=org)
    ImplementationResultFactory(organization=org, agreement=agreement)

    response = as_user(auditor).get(agreement.get_absolute_url())

    assert response.context["r4_2"].counts is True
    assert "Counts for R4.2 today." in response.content.decode()


def test_r4_2_dashboard_widget_shows_the_count(org, leadership, as_user):
    agreement = AgreementFactory(organization=org)
    ImplementationResultFactory(organization=org, agreement=agreement)
    AgreementFactory(organization=org)

    page = as_user(leadership).get("/o/kaznu/").content.decode()

    assert '<span class="display-6 r4-2-count">1</span>' in page
    assert "agreement counts for R4.2 today" in page


def test_yearly_summary_form_starts_from_the_suggestion(org, service_staff, as_user):
    agreement = AgreementFactory(organization=org)
    ImplementationResultFactory(
        organization=org, agreement=agreement, date=dt.date(2025, 10, 1), description="Visit"
    )

    response = as_user(service_staff).get(f"{agreement.get_absolute_url()}summary/?year=2025")

    assert response.context["form"].initial["text"].startswith("In 2025/2026")


# --- lists in a fixed number of queries -------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_agreement_list_runs_the_same_queries_for_1_and_50_rows(org, service_staff, as_user):
    client = as_user(service_staff)
    AgreementFactory(organization=org)
    one = count_queries(client, f"{BASE}/agreements/")
    for _ in range(49):
        AgreementFactory(organization=org)

    assert count_queries(client, f"{BASE}/agreements/") == one


def test_partner_list_runs_the_same_queries_for_1_and_50_rows(org, service_staff, as_user):
    client = as_user(service_staff)
    PartnerFactory(organization=org)
    one = count_queries(client, f"{BASE}/")
    for _ in range(49):
        PartnerFactory(organization=org)

    assert count_queries(client, f"{BASE}/") == one


def test_mission_list_runs_the_same_queries_for_1_and_50_rows(org, service_staff, as_user):
    client = as_user(service_staff)
    DiplomaticMissionFactory(organization=org)
    one = count_queries(client, f"{BASE}/missions/")
    for _ in range(49):
        DiplomaticMissionFactory(organization=org)

    assert count_queries(client, f"{BASE}/missions/") == one


def test_agreement_page_runs_the_same_queries_with_more_rows(org, service_staff, as_user):
    client = as_user(service_staff)
    agreement = AgreementFactory(organization=org)
    ImplementationResultFactory(organization=org, agreement=agreement)
    one = count_queries(client, agreement.get_absolute_url())
    for number in range(2, 12):
        AgreementVersionFactory(organization=org, agreement=agreement, number=number)
        ImplementationResultFactory(organization=org, agreement=agreement)
        PlannedActivityFactory(organization=org, agreement=agreement)

    assert count_queries(client, agreement.get_absolute_url()) == one


def test_agreement_list_search_and_htmx_table(org, service_staff, as_user):
    AgreementFactory(organization=org, title="Exchange with Lyon")
    AgreementFactory(organization=org, title="Research with Graz")

    response = as_user(service_staff).get(f"{BASE}/agreements/?q=lyon", HTTP_HX_REQUEST="true")

    assert [a.title for a in response.context["object_list"]] == ["Exchange with Lyon"]
    assert response.templates[0].name == "partners/_agreement_table.html"


# --- downloads -------------------------------------------------------------------------------


def test_version_download_is_access_checked_with_headers(org, auditor, other_org_user, as_user):
    version = AgreementVersionFactory(organization=org, agreement__organization=org)
    url = f"{BASE}/agreements/{version.agreement_id}/versions/{version.pk}/"

    response = as_user(auditor).get(url)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert as_user(other_org_user).get(url).status_code == 404


def test_signed_copy_download(org, auditor, as_user):
    agreement = AgreementFactory(organization=org, our_number="MC/7")

    response = as_user(auditor).get(f"{BASE}/agreements/{agreement.pk}/signed-copy/")

    assert response.status_code == 200
    assert 'filename="agreement-MC-7-signed.pdf"' in response["Content-Disposition"]


def test_signed_copy_missing_is_404(org, auditor, as_user):
    agreement = DraftAgreementFactory(organization=org)

    assert as_user(auditor).get(f"{BASE}/agreements/{agreement.pk}/signed-copy/").status_code == 404


# --- the contacts log (R8.12) ------------------------------------------------------------------


def test_r8_12_contacts_about_persons_are_hidden_without_personal_data_access(
    org, coordinator, as_user
):
    mission = DiplomaticMissionFactory(organization=org)
    MissionContactFactory(organization=org, mission=mission, subject="Visa of Li Wei")
    MissionContactFactory(organization=org, mission=mission, subject="Cultural week", stay=None)

    page = as_user(coordinator).get(mission.get_absolute_url()).content.decode()

    assert "Cultural week" in page
    assert "Visa of Li Wei" not in page
    assert not AuditEntry.objects.filter(
        action="partners.mission_contact.restricted_viewed"
    ).exists()


def test_r8_12_contacts_about_persons_are_shown_and_audited(org, service_staff, as_user):
    mission = DiplomaticMissionFactory(organization=org)
    entry = MissionContactFactory(organization=org, mission=mission, subject="Visa of Li Wei")

    page = as_user(service_staff).get(mission.get_absolute_url()).content.decode()

    assert "Visa of Li Wei" in page
    audit_entry = AuditEntry.objects.get(action="partners.mission_contact.restricted_viewed")
    assert audit_entry.data["entries"] == [entry.pk]
    assert audit_entry.actor == service_staff


def test_contact_about_a_person_cannot_be_edited_without_personal_data_access(org, as_user):
    user = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR).user
    entry = MissionContactFactory(organization=org, mission__organization=org)

    url = f"{BASE}/missions/{entry.mission_id}/contacts/{entry.pk}/edit/"

    assert as_user(user).get(url).status_code == 403


def test_contact_form_offers_stays_to_staff(org, service_staff, as_user):
    mission = DiplomaticMissionFactory(organization=org)
    stay = StayFactory(organization=org, person__organization=org)

    response = as_user(service_staff).post(
        f"{BASE}/missions/{mission.pk}/contacts/new/",
        {"date": "2026-01-05", "subject": "Registration", "stay": stay.pk, "outcome": ""},
    )

    assert response.status_code == 302
    assert MissionContact.objects.get().stay == stay


def test_contact_form_hides_stays_from_roles_without_personal_data_access(org, as_user):
    from yntymaq.core.access import PERMISSIONS

    mission = DiplomaticMissionFactory(organization=org)
    roles = [
        r for r in PERMISSIONS["partners.change"] if r not in PERMISSIONS["people.view_restricted"]
    ]
    if not roles:
        pytest.skip("every role that changes partners has personal-data access")
    user = MembershipFactory(organization=org, role=roles[0]).user

    response = as_user(user).get(f"{BASE}/missions/{mission.pk}/contacts/new/")

    assert "stay" not in response.context["form"].fields


# --- export and import -----------------------------------------------------------------------


def workbook(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer


def test_agreement_export_is_xlsx_with_the_filters_and_audited(org, auditor, as_user):
    AgreementFactory(organization=org, title="Exchange with Lyon", kind="mobility")
    AgreementFactory(organization=org, title="Memo with Graz", kind="memorandum")

    response = as_user(auditor).get(f"{BASE}/agreements/export/?kind=memorandum")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Our number", "Partner's number", "Title")
    assert [r[2] for r in rows[1:]] == ["Memo with Graz"]
    assert AuditEntry.objects.get(action="partners.agreement.exported").data["filters"] == {
        "kind": "memorandum",
        "ordering": "-created",
    }


def test_partner_import_preview_commit_and_reimport_changes_nothing(org, service_staff, as_user):
    client = as_user(service_staff)
    rows = [
        ["Наименование на языке оригинала", "Вид", "Страна", "Наименование латиницей"],
        ["Universität Wien", "University", "Austria", "University of Vienna"],
        ["Sorbonne Université", "Университет", "FR", ""],
    ]

    preview = client.post(f"{BASE}/import/", {"file": workbook(rows)})
    assert preview.context["result"].created == 2
    assert not Partner.objects.exists()
    stored = preview.context["stored"]
    committed = client.post(f"{BASE}/import/", {"upload": stored.pk})
    again = client.post(f"{BASE}/import/", {"file": workbook(rows)})

    assert committed.status_code == 302
    assert sorted(Partner.objects.values_list("name_original", "country")) == [
        ("Sorbonne Université", "FR"),
        ("Universität Wien", "AT"),
    ]
    assert (again.context["result"].created, again.context["result"].unchanged) == (0, 2)


def test_import_with_a_bad_row_imports_nothing(org, service_staff, as_user):
    client = as_user(service_staff)
    rows = [
        ["Name in the original language", "Kind", "Country"],
        ["Universität Wien", "University", "Austria"],
        ["Nowhere University", "University", "Atlantis"],
    ]

    preview = client.post(f"{BASE}/import/", {"file": workbook(rows)})

    errors = preview.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "country")]
    assert not Partner.objects.exists()


def test_agreement_import_registers_signed_agreements(org, service_staff, as_user):
    PartnerFactory(organization=org, name_latin="University of Vienna", country="AT")
    client = as_user(service_staff)
    rows = [
        ["Our number", "Title", "Kind", "Partners", "Partners' countries", "Signed on", "Valid to"],
        [
            "A-1",
            "Exchange with Vienna",
            "Memorandum",
            "University of Vienna",
            "AT",
            "10.01.2024",
            "09.01.2029",
        ],
    ]

    preview = client.post(f"{BASE}/agreements/import/", {"file": workbook(rows)})
    client.post(f"{BASE}/agreements/import/", {"upload": preview.context["stored"].pk})

    agreement = Agreement.objects.get()
    assert (agreement.our_number, agreement.status, agreement.valid_from) == (
        "A-1",
        S.IN_FORCE,
        dt.date(2024, 1, 10),
    )


def test_import_of_a_file_that_is_not_xlsx_is_refused_beside_the_file(org, service_staff, as_user):
    response = as_user(service_staff).post(f"{BASE}/import/", {"file": fake_upload("a.xlsx")})

    assert list(response.context["form"].errors) == ["file"]


def test_models_for_coverage_of_deletes(org, service_staff, as_user):
    mission = DiplomaticMissionFactory(organization=org)
    activity = PlannedActivityFactory(organization=org, agreement__organization=org)
    client = as_user(service_staff)

    client.post(f"{BASE}/missions/{mission.pk}/delete/", {})
    client.post(f"{BASE}/agreements/{activity.agreement_id}/activities/{activity.pk}/delete/", {})

    assert not DiplomaticMission.objects.exists()
    assert not PlannedActivity.objects.exists()
    assert not ImplementationResult.objects.exists()


def test_docx_version_upload_through_the_page(org, service_staff, as_user):
    draft = DraftAgreementFactory(organization=org)

    response = as_user(service_staff).post(
        f"{BASE}/agreements/{draft.pk}/versions/new/",
        {"file": docx_upload(), "comment": "Version for the partner"},
    )

    assert response.status_code == 302
    assert draft.versions.get().file.name.endswith(".docx")
