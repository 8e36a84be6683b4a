"""Issue 16's fixed path in a browser: a relative born in the future on the foreigner's
questionnaire is a message next to the date, not a crash, and what was typed stays."""

import pytest
from django_scopes import scopes_disabled

from tests.e2e.conftest import TIMEOUT_MS, page_errors
from tests.factories.incoming import StayFactory
from yntymaq.incoming import services
from yntymaq.incoming.models import Questionnaire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_relative_born_in_the_future_is_shown_next_to_the_date(
    page, console, live_server, org, service_staff
):
    with scopes_disabled():
        stay = StayFactory(organization=org)
        questionnaire = services.questionnaire_start(stay=stay, actor=service_staff)
        _link, token = services.questionnaire_link_issue(
            questionnaire=questionnaire, actor=service_staff
        )

    page.goto(f"/q/{token}/relatives/")
    page.fill("#id_rel-0-full_name", "Ли Мин")
    page.select_option("#id_rel-0-kinship", "father")
    page.fill("#id_rel-0-birth_date", "2099-01-01")
    page.locator("button[name=stay]").click()

    page.wait_for_selector(".invalid-feedback", timeout=TIMEOUT_MS)
    assert page.input_value("#id_rel-0-full_name") == "Ли Мин"
    assert page.input_value("#id_rel-0-birth_date") == "2099-01-01"
    assert page_errors(console) == []
    with scopes_disabled():
        assert Questionnaire.objects.get(pk=questionnaire.pk).relatives == []
