"""Issue 5's browser path: staff draft a bilateral agreement and upload version 1; the Service
and the leadership approve; it goes to the authorized body, which returns it with a comment;
staff upload version 2 and send it again; the authority agrees; staff record the signature
and a result; the agreement now counts for R4.2 on the dashboard."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.conftest import csp_violations, page_errors
from tests.factories.partners import PartnerFactory
from tests.factories.people import PDF_BYTES
from yntymaq.partners.enums import AgreementStatus
from yntymaq.partners.models import Agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_agreement_from_draft_through_the_authority_to_r4_2_on_the_dashboard(
    page,
    login,
    org,
    service_staff,
    service_head,
    leadership,
    authority_user,
    console,
    tmp_path,
):
    partner = PartnerFactory(organization=org, name_latin="University of Graz", country="AT")
    text = tmp_path / "agreement.pdf"
    text.write_bytes(PDF_BYTES)
    today = timezone.localdate()

    def as_user(user):
        page.context.clear_cookies()
        login(user)

    def submit(form_selector="form[method=post]"):
        with page.expect_navigation():
            page.locator(form_selector).last.locator("button[type=submit]").click()

    def step(link_suffix, comment=""):
        """Open an action of the agreement page and confirm it."""
        page.goto(agreement_url)
        with page.expect_navigation():
            page.locator(f".agreement-actions a[href$='{link_suffix}']").click()
        if comment:
            page.locator("textarea[name=comment]").fill(comment)
        submit()

    def upload(comment):
        page.goto(agreement_url)
        with page.expect_navigation():
            page.locator("a[href$='/versions/new/']").click()
        page.set_input_files("input[name=file]", str(text))
        page.locator("textarea[name=comment]").fill(comment)
        submit()

    # Staff draft a bilateral agreement and upload version 1.
    as_user(service_staff)
    page.goto("/o/kaznu/partners/agreements/new/")
    form = page.locator("form[method=post]").last
    form.locator("input[name=title]").fill("Соглашение об обмене студентами с Грацем")
    form.locator("select[name=kind]").select_option("mobility")
    form.locator("select[name=partners]").select_option(str(partner.pk))
    form.locator("input[name=valid_from]").fill((today - dt.timedelta(days=30)).isoformat())
    form.locator("input[name=valid_to]").fill((today + dt.timedelta(days=3 * 365)).isoformat())
    submit()
    agreement = Agreement.objects.get()
    agreement_url = agreement.get_absolute_url()
    upload("Первая редакция")
    step("/submit/")

    # The Service and the leadership approve; staff send it to the authorized body.
    as_user(service_head)
    step("/approve/")
    as_user(leadership)
    step("/approve/")
    as_user(service_staff)
    step("/send/")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AUTHORITY_REVIEW

    # The authority returns it with a comment.
    as_user(authority_user)
    page.goto("/authority/agreements/")
    with page.expect_navigation():
        page.locator(f"a[href='/authority/agreements/{agreement.pk}/']").click()
    page.locator("textarea[name=comment]").fill("Уточните сроки мобильности")
    with page.expect_navigation():
        page.locator("button[name=decision][value=return]").click()

    # Staff see the comment, upload version 2 and send it again.
    as_user(service_staff)
    page.goto(agreement_url)
    assert "Уточните сроки мобильности" in page.locator(".authority-decision").inner_text()
    upload("Сроки мобильности уточнены")
    step("/send/")

    # The authority agrees.
    as_user(authority_user)
    page.goto(f"/authority/agreements/{agreement.pk}/")
    assert page.locator("a[href*='/versions/']").count() == 2
    with page.expect_navigation():
        page.locator("button[name=decision][value=agree]").click()

    # Staff record the signature and a result.
    as_user(service_staff)
    step("/sign/")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE
    page.goto(agreement_url)
    with page.expect_navigation():
        page.locator("a[href$='/results/new/']").click()
    page.locator("select[name=kind]").select_option("mobility")
    page.locator("textarea[name=description]").fill("Два студента провели семестр в Граце")
    submit()

    # The agreement now counts for R4.2 on the dashboard.
    page.goto("/o/kaznu/")
    assert page.locator(".r4-2-count").inner_text() == "1"
    assert csp_violations(console) == []
    assert page_errors(console) == []
