"""Pages of the Service: the role matrix of every write view, lists in a fixed number of
queries, warnings on the pages (in Kazakh too), the dashboard notice, bad input, downloads."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.core import MembershipFactory
from tests.factories.people import PersonFactory
from tests.factories.service import (
    AppointmentFactory,
    OfficialFactory,
    ServiceProfileFactory,
    UnitFactory,
)
from yntymaq.core import audit
from yntymaq.core.enums import Role
from yntymaq.core.models import AuditEntry
from yntymaq.service.models import Appointment, Official, ServiceProfile, Unit

pytestmark = pytest.mark.django_db

BASE = "/o/kaznu/service"


def appointment_post(person, **changes):
    data = {
        "kind": "head",
        "person": person.pk,
        "order_number": "12-К",
        "order_date": "2025-01-10",
        "starts_on": "2025-01-15",
        "teaching_years": "10",
        "cooperation_years": "3",
        "works_with_foreigners": "on",
        "state_language_level": "native",
        "foreign_language": "English",
        "foreign_language_level": "C1",
        "clearance": "on",
        "clearance_form": "3",
        "reports_to_first_head": "on",
        "admissions_committee_member": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def write_case(name, org):
    """(url, valid POST data) of each write view, with the objects it needs."""
    if name == "unit-create":
        return f"{BASE}/units/new/", {"name_ru": "Кафедра туризма"}
    if name == "unit-update":
        unit = UnitFactory(organization=org)
        return f"{BASE}/units/{unit.pk}/edit/", {"name_ru": "Кафедра туризма"}
    if name == "unit-delete":
        return f"{BASE}/units/{UnitFactory(organization=org).pk}/delete/", {}
    if name == "official-create":
        person = PersonFactory(organization=org)
        return f"{BASE}/officials/new/", {"person": person.pk, "position": "Декан"}
    if name == "official-update":
        official = OfficialFactory(organization=org)
        return f"{BASE}/officials/{official.pk}/edit/", {
            "person": official.person_id,
            "position": "Декан",
        }
    if name == "official-delete":
        return f"{BASE}/officials/{OfficialFactory(organization=org).pk}/delete/", {}
    if name == "profile-update":
        return f"{BASE}/profile/", {"exists": "on", "creation_order_number": "1-П"}
    if name == "appointment-create":
        return f"{BASE}/appointments/new/", appointment_post(PersonFactory(organization=org))
    if name == "appointment-update":
        appointment = AppointmentFactory(organization=org)
        return f"{BASE}/appointments/{appointment.pk}/edit/", appointment_post(
            appointment.person, starts_on="2024-09-01", order_date="2024-08-20"
        )
    if name == "appointment-end":
        appointment = AppointmentFactory(organization=org)
        return f"{BASE}/appointments/{appointment.pk}/end/", {"ends_on": "2025-02-28"}
    raise AssertionError(name)


WRITE_VIEWS = [
    "unit-create",
    "unit-update",
    "unit-delete",
    "official-create",
    "official-update",
    "official-delete",
    "profile-update",
    "appointment-create",
    "appointment-update",
    "appointment-end",
]


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_view_redirects_after_audited_change(name, org, service_head, as_user):
    url, data = write_case(name, org)
    client = as_user(service_head)

    assert client.get(url).status_code == 200
    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    assert AuditEntry.objects.filter(action__startswith="service.", actor=service_head).exists()


@pytest.mark.parametrize("name", WRITE_VIEWS)
@pytest.mark.parametrize("role", ["auditor", "leadership", "coordinator"])
def test_write_view_refused_to_read_only_roles(name, role, org, request, as_user):
    user = request.getfixturevalue(role)
    url, data = write_case(name, org)
    client = as_user(user)

    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="service.").exists()


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_view_of_other_organization_is_404(name, org, other_org_user, as_user):
    url, data = write_case(name, org)
    client = as_user(other_org_user)

    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_view_sends_anonymous_to_login(name, org, client):
    url, data = write_case(name, org)

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


@pytest.mark.parametrize(
    "path",
    ["units/{unit}/edit/", "units/{unit}/delete/", "officials/{official}/edit/"],
)
def test_object_of_other_organization_is_404_under_own_slug(
    path, org, other_org, service_head, as_user
):
    ids = {
        "unit": UnitFactory(organization=other_org).pk,
        "official": OfficialFactory(organization=other_org).pk,
    }

    response = as_user(service_head).get(f"{BASE}/{path.format(**ids)}")

    assert response.status_code == 404


def test_appointment_of_other_organization_is_404(org, other_org, service_head, as_user):
    appointment = AppointmentFactory(organization=other_org)

    response = as_user(service_head).get(f"{BASE}/appointments/{appointment.pk}/")

    assert response.status_code == 404


# --- happy paths with their effect ---------------------------------------------------------


def test_unit_create_saves_unit_with_coordinators(org, service_head, as_user):
    coordinator = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)

    response = as_user(service_head).post(
        f"{BASE}/units/new/",
        {
            "name_ru": "Факультет востоковедения",
            "name_kk": "Шығыстану факультеті",
            "building": "ГУК-2",
            "room": "305",
            "works_on_external_relations": "on",
            "coordinators": [coordinator.pk],
        },
    )

    assert response["Location"] == f"{BASE}/units/"
    unit = Unit.objects.get()
    assert (unit.name_ru, unit.room, list(unit.coordinators.all())) == (
        "Факультет востоковедения",
        "305",
        [coordinator],
    )


def test_unit_form_offers_only_coordinators_of_the_organization(
    org, other_org, service_head, as_user
):
    own = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)
    MembershipFactory(organization=other_org, role=Role.UNIT_COORDINATOR)
    MembershipFactory(organization=org, role=Role.AUDITOR)

    form = as_user(service_head).get(f"{BASE}/units/new/").context["form"]

    assert list(form.fields["coordinators"].queryset) == [own]


def test_unit_delete_refused_while_officials_belong_to_it_shows_why(org, service_head, as_user):
    unit = UnitFactory(organization=org)
    OfficialFactory(organization=org, unit=unit)

    response = as_user(service_head).post(f"{BASE}/units/{unit.pk}/delete/")

    assert response.status_code == 200
    assert "change or delete those first" in response.content.decode()
    assert Unit.objects.count() == 1


def test_official_form_offers_only_persons_of_the_organization(
    org, other_org, service_head, as_user
):
    own = PersonFactory(organization=org)
    PersonFactory(organization=other_org)

    form = as_user(service_head).get(f"{BASE}/officials/new/").context["form"]

    assert list(form.fields["person"].queryset) == [own]


def test_official_create_refuses_person_of_other_organization(
    org, other_org, service_head, as_user
):
    stranger = PersonFactory(organization=other_org)

    response = as_user(service_head).post(
        f"{BASE}/officials/new/", {"person": stranger.pk, "position": "Декан"}
    )

    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert Official.objects.count() == 0


def test_appointment_create_ends_the_current_one_and_shows_the_new(org, service_head, as_user):
    previous = AppointmentFactory(organization=org, starts_on=dt.date(2020, 9, 1))
    person = PersonFactory(organization=org, last_name="Жумабекова")

    response = as_user(service_head).post(
        f"{BASE}/appointments/new/", appointment_post(person), follow=True
    )

    new = Appointment.objects.get(person=person)
    assert response.redirect_chain == [(f"{BASE}/appointments/{new.pk}/", 302)]
    previous.refresh_from_db()
    assert previous.ends_on == dt.date(2025, 1, 14)


def test_appointment_create_form_preselects_responsible_person_without_service(
    org, service_head, as_user
):
    ServiceProfileFactory(organization=org, exists=False)

    form = as_user(service_head).get(f"{BASE}/appointments/new/").context["form"]

    assert form.initial["kind"] == "responsible"


@time_machine.travel("2026-11-25 10:00 +0500")
def test_appointment_create_form_starts_today_in_an_iso_date_field(org, service_head, as_user):
    body = as_user(service_head).get(f"{BASE}/appointments/new/").content.decode()

    assert 'name="starts_on" value="2026-11-25"' in body


def test_profile_update_saves_checklist_and_documents(
    org, service_head, as_user, pdf_upload, docx_upload
):
    response = as_user(service_head).post(
        f"{BASE}/profile/",
        {
            "exists": "on",
            "creation_order_number": "125-П",
            "creation_order_date": "2015-09-01",
            "metal_doors": "on",
            "alarm": "on",
            "regulation": pdf_upload(),
            "duties": docx_upload(),
        },
    )

    assert response["Location"] == f"{BASE}/"
    profile = ServiceProfile.objects.get()
    assert (profile.exists, profile.metal_doors, profile.window_bars, profile.alarm) == (
        True,
        True,
        False,
        True,
    )
    assert profile.regulation.name.endswith("regulation.pdf")
    assert profile.duties.name.endswith("duties.docx")


# --- bad input: the message beside the field, the input kept -------------------------------


def field_error(response, name):
    match = re.search(
        rf'id="id_{name}_error">(.*?)</div>', response.content.decode(), flags=re.DOTALL
    )
    return match.group(1).strip() if match else None


def test_profile_update_refuses_non_pdf_upload_beside_the_field(
    org, service_head, as_user, png_named_pdf
):
    response = as_user(service_head).post(
        f"{BASE}/profile/",
        {"exists": "on", "creation_order_number": "125-П", "regulation": png_named_pdf},
    )

    assert response.status_code == 200
    assert field_error(response, "regulation") == (
        "The file is not a PDF, DOCX document (checked by its content)."
    )
    assert 'value="125-П"' in response.content.decode()
    assert ServiceProfile.objects.count() == 0


def test_appointment_create_refuses_end_before_start_beside_the_field(org, service_head, as_user):
    person = PersonFactory(organization=org)

    response = as_user(service_head).post(
        f"{BASE}/appointments/new/", appointment_post(person, ends_on="2025-01-01")
    )

    assert response.status_code == 200
    assert field_error(response, "ends_on") == "The appointment cannot end before it starts."
    assert 'value="12-К"' in response.content.decode()
    assert Appointment.objects.count() == 0


def test_appointment_create_refuses_future_order_date_beside_the_field(org, service_head, as_user):
    person = PersonFactory(organization=org)

    response = as_user(service_head).post(
        f"{BASE}/appointments/new/",
        appointment_post(person, order_date=(dt.date.today() + dt.timedelta(days=30)).isoformat()),
    )

    assert field_error(response, "order_date") == "An order cannot be dated in the future."


def test_appointment_create_refuses_start_before_the_current_beside_the_field(
    org, service_head, as_user
):
    AppointmentFactory(organization=org, starts_on=dt.date(2025, 2, 1))
    person = PersonFactory(organization=org)

    response = as_user(service_head).post(f"{BASE}/appointments/new/", appointment_post(person))

    assert field_error(response, "starts_on") == (
        "The new appointment must start after the current one, which started on 01.02.2025."
    )


def test_appointment_create_refuses_unknown_kind_and_text_in_numbers(org, service_head, as_user):
    person = PersonFactory(organization=org)

    response = as_user(service_head).post(
        f"{BASE}/appointments/new/",
        appointment_post(person, kind="rector", teaching_years="много"),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "teaching_years"}


# --- warnings on the pages -----------------------------------------------------------------


def warning_texts(response):
    return re.findall(
        r'<li class="r7-warning[^"]*"[^>]*>(.*?)</li>', response.content.decode(), flags=re.DOTALL
    )


def test_service_page_shows_r7_warnings_of_the_current_appointment(org, auditor, as_user):
    ServiceProfileFactory(organization=org)
    AppointmentFactory(organization=org, foreign_language="", foreign_language_level="")

    response = as_user(auditor).get(f"{BASE}/")

    assert response.status_code == 200
    assert 'class="r7-warnings' in response.content.decode()
    assert warning_texts(response) == [
        "R7: the appointee must command a foreign language (state which, and the level)."
    ]


def test_service_page_shows_r7_warning_in_kazakh(org, service_head, as_user):
    ServiceProfileFactory(organization=org)
    AppointmentFactory(organization=org, foreign_language="", foreign_language_level="")

    response = as_user(service_head, language="kk").get(f"{BASE}/")

    assert warning_texts(response) == [
        "R7: тағайындалатын тұлға шет тілін меңгеруі тиіс "
        "(қай тіл екенін және деңгейін көрсетіңіз)."
    ]


def test_service_page_shows_r6_notice_without_appointment(org, auditor, as_user):
    response = as_user(auditor).get(f"{BASE}/")

    assert "No head of the Service or responsible person is appointed (R6/R7)." in (
        response.content.decode()
    )


def test_service_page_shows_profile_checklist_and_document_links(
    org, service_staff, as_user, pdf_upload
):
    ServiceProfileFactory(organization=org, regulation=pdf_upload(), window_bars=False)

    body = as_user(service_staff).get(f"{BASE}/").content.decode()

    assert f'href="{BASE}/profile/regulation/"' in body
    assert f'href="{BASE}/profile/duties/"' not in body
    assert "R5: the premises must be fit to keep strict-accountability documents" in body


def test_appointment_page_shows_warnings_and_history_to_the_head(org, service_head, as_user):
    appointment = AppointmentFactory(organization=org, admissions_committee_member=False)
    audit.record(action="service.appointment.created", actor=service_head, target=appointment)

    response = as_user(service_head).get(f"{BASE}/appointments/{appointment.pk}/")

    assert "History of changes" in response.content.decode()
    assert warning_texts(response) == [
        "R6: the organization has no Service, so a person responsible for international "
        "cooperation is appointed, not a head of the Service.",
        "R7: the appointee must be a member of the admissions committee.",
    ]


def test_appointment_page_shows_no_warning_for_qualified_head(org, coordinator, as_user):
    ServiceProfileFactory(organization=org)
    appointment = AppointmentFactory(organization=org)

    response = as_user(coordinator).get(f"{BASE}/appointments/{appointment.pk}/")

    assert warning_texts(response) == []
    assert "All conditions of R7 are met." in response.content.decode()


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_shows_r6_notice_with_link_to_appoint(org, service_head, as_user):
    body = as_user(service_head).get("/o/kaznu/").content.decode()

    assert "No head of the Service or responsible person is appointed (R6/R7)." in body
    assert f'href="{BASE}/appointments/new/"' in body


def test_dashboard_notice_has_no_appoint_link_for_leadership(org, leadership, as_user):
    body = as_user(leadership).get("/o/kaznu/").content.decode()

    assert "No head of the Service or responsible person is appointed (R6/R7)." in body
    assert f'href="{BASE}/appointments/new/"' not in body


def test_dashboard_shows_current_appointment_with_its_warnings(org, leadership, as_user):
    ServiceProfileFactory(organization=org)
    AppointmentFactory(organization=org, person__last_name="Омарова", cooperation_years=0)

    response = as_user(leadership).get("/o/kaznu/")

    body = response.content.decode()
    assert "Омарова" in body
    assert "No head of the Service" not in body
    assert warning_texts(response) == [
        "R7: the appointee must have at least one year of experience in this field."
    ]


def test_navigation_has_the_service_item(org, coordinator, as_user):
    response = as_user(coordinator).get(f"{BASE}/units/")

    assert {"label": "Service", "url": f"{BASE}/", "active": True} in [
        {**item, "label": str(item["label"])} for item in response.context["nav_items"]
    ]


# --- documents -----------------------------------------------------------------------------


def test_profile_document_is_an_attachment_with_nosniff(org, auditor, as_user, pdf_upload):
    ServiceProfileFactory(organization=org, regulation=pdf_upload("scan.pdf"))

    response = as_user(auditor).get(f"{BASE}/profile/regulation/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="regulation.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_profile_document_missing_is_404(org, service_head, as_user):
    ServiceProfileFactory(organization=org)

    assert as_user(service_head).get(f"{BASE}/profile/duties/").status_code == 404


def test_profile_document_of_other_organization_is_404(org, other_org_user, as_user, pdf_upload):
    ServiceProfileFactory(organization=org, regulation=pdf_upload())

    assert as_user(other_org_user).get(f"{BASE}/profile/regulation/").status_code == 404


def test_profile_document_sends_anonymous_to_login(org, client):
    response = client.get(f"{BASE}/profile/regulation/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


# --- lists in a fixed number of queries ----------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_units(org, numbers):
    coordinator = MembershipFactory(organization=org, role=Role.UNIT_COORDINATOR)
    for _ in numbers:
        unit = UnitFactory(organization=org, coordinators=[coordinator])
        OfficialFactory(organization=org, unit=unit)


def make_appointments(org, numbers):
    for i in numbers:
        start = dt.date(2010 + 2 * i, 1, 1)
        AppointmentFactory(
            organization=org,
            starts_on=start,
            ends_on=start.replace(year=start.year + 1, month=12, day=31),
        )


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("units/", make_units),
        ("officials/", make_units),
        ("appointments/", make_appointments),
        ("", make_appointments),
    ],
)
def test_list_queries_do_not_grow_with_rows(path, make, org, other_org, service_head, as_user):
    client = as_user(service_head)
    make(org, range(1))
    one = count_queries(client, f"{BASE}/{path}")

    make(org, range(1, 3))
    make(other_org, range(2))
    three = count_queries(client, f"{BASE}/{path}")

    assert one == three


def test_dashboard_queries_do_not_depend_on_appointments(org, service_head, as_user):
    client = as_user(service_head)
    none = count_queries(client, "/o/kaznu/")
    AppointmentFactory(organization=org)
    ServiceProfileFactory(organization=org)

    assert count_queries(client, "/o/kaznu/") == none
