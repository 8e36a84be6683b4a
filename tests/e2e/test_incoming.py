"""Issue 3's browser path: staff create a stay and issue the link; the foreigner, in a separate
browser context, fills in the questionnaire in Kazakh, uploads the photo and submits; staff
return it with a comment; the foreigner fixes it and resubmits; staff accept it and download
the PDF, whose text has the name in capital letters."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.e2e.conftest import TIMEOUT_MS, csp_violations, page_errors
from yntymaq.incoming.models import Questionnaire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def continue_(form):
    form.locator("button[type=submit]:not([name])").click()


def test_questionnaire_through_the_personal_link(
    page, browser, live_server, login, service_staff, console, tmp_path
):
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (300, 400), (200, 180, 160)).save(photo, format="JPEG")

    # Staff: a new stay for a new person, then the personal link.
    login(service_staff)
    page.goto("/o/kaznu/incoming/stays/new/")
    form = page.locator("form[method=post]").last
    form.locator("input[name='person-last_name']").fill("Нұрланова")
    form.locator("input[name='person-first_name']").fill("Әйгерім")
    form.locator("input[name='person-last_name_latin']").fill("NURLANOVA")
    form.locator("input[name='person-first_name_latin']").fill("AIGERIM")
    form.locator("select[name='person-citizenship']").select_option("MN")
    form.locator("select[name=category]").select_option("main_program")
    form.locator("select[name=arrival_line]").select_option("state_grant")
    form.locator("input[name=program_name]").fill("Экономика")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    stay_url = page.url
    page.locator("a[href$='/questionnaire-link/']").first.click()
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").last.click()
    link = page.locator("input[data-issued-link]").input_value()
    assert "/q/" in link

    # The foreigner: another browser context, no account, in Kazakh.
    foreigner_context = browser.new_context(base_url=live_server.url, locale="kk-KZ")
    foreigner_context.set_default_timeout(TIMEOUT_MS)
    foreigner = foreigner_context.new_page()
    foreigner_console = []
    foreigner.on("console", lambda m: foreigner_console.append(m.text))
    foreigner.goto(link)
    with foreigner.expect_navigation():
        foreigner.select_option("#language-switch", "kk")
    assert foreigner.locator("html").get_attribute("lang") == "kk"
    foreigner.locator("a[href$='/personal/']").first.click()
    form = foreigner.locator("form[method=post]").last
    form.locator("input[name=photo]").set_input_files(str(photo))
    form.locator("select[name=sex]").select_option("F")
    form.locator("select[name=citizenship]").select_option("MN")
    form.locator("select[name=birth_country]").select_option("MN")
    form.locator("input[name=birth_city]").fill("Баян-Өлгий")
    form.locator("input[name=ethnicity]").fill("қазақ")
    form.locator("input[name=permanent_address]").fill("Баян-Өлгий, 3-шағын аудан, 12")
    form.locator("input[name=phones]").fill("+976 9911 2233")
    form.locator("select[name=marital_status]").select_option("single")
    with foreigner.expect_navigation():
        continue_(form)
    form = foreigner.locator("form[method=post]").last
    form.locator("select[name='rel-0-kinship']").select_option("father")
    form.locator("input[name='rel-0-full_name']").fill("Нұрланов Болат")
    with foreigner.expect_navigation():
        continue_(form)
    form = foreigner.locator("form[method=post]").last
    form.locator("input[name='edu-0-organization']").fill("№ 2 мектеп")
    form.locator("select[name='edu-0-type']").select_option("state")
    form.locator("input[name='lang-0-language']").fill("қазақ тілі")
    form.locator("select[name='lang-0-speaking']").select_option("native")
    with foreigner.expect_navigation():
        continue_(form)
    form = foreigner.locator("form[method=post]").last
    form.locator("textarea[name=activity]").fill("2019–2025: мектепте оқу")
    form.locator("input[name=rank_high_quality]").fill("1")
    form.locator("input[name=rank_know_country]").fill("2")
    form.locator("textarea[name=purpose]").fill("Экономика")
    with foreigner.expect_navigation():
        continue_(form)
    form = foreigner.locator("form[method=post]").last
    with foreigner.expect_navigation():
        continue_(form)  # no document copies asked for
    form = foreigner.locator("form[method=post]").last
    form.locator("input[name=consent]").check()
    form.locator("input[name=statement_accepted]").check()
    form.locator("input[name=signed_name]").fill("Нұрланова Әйгерім")
    with foreigner.expect_navigation():
        form.locator("button[name=submit]").click()
    assert foreigner.locator(".alert-success").count() == 1
    assert Questionnaire.objects.get().status == "submitted"

    # Staff return it with a comment.
    page.goto(stay_url + "questionnaire/")
    page.locator("textarea[name=comment]").fill("Мекенжайды толық жазыңыз")
    with page.expect_navigation():
        page.locator("form[action$='/return/'] button[type=submit]").click()

    # The foreigner sees the comment, fixes the address and submits again.
    foreigner.goto(link)
    assert "Мекенжайды толық жазыңыз" in foreigner.content()
    foreigner.locator("a[href$='/personal/']").first.click()
    form = foreigner.locator("form[method=post]").last
    form.locator("input[name=permanent_address]").fill("Моңғолия, Баян-Өлгий, 3-шағын аудан, 12-үй")
    with foreigner.expect_navigation():
        continue_(form)
    foreigner.goto(link)
    with foreigner.expect_navigation():
        foreigner.locator("button[name=submit]").click()
    assert Questionnaire.objects.get().status == "submitted"
    assert csp_violations_text(foreigner_console) == []
    foreigner_context.close()

    # Staff accept it and download the PDF.
    page.goto(stay_url + "questionnaire/")
    with page.expect_navigation():
        page.locator("form[action$='/accept/'] button[type=submit]").click()
    assert Questionnaire.objects.get().status == "accepted"
    response = page.request.get(stay_url + "questionnaire/pdf/?lang=kk")
    assert response.status == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "НҰРЛАНОВА ӘЙГЕРІМ" in text
    assert csp_violations(console) == []
    assert page_errors(console) == []


def csp_violations_text(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]
