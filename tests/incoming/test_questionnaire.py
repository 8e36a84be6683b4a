"""The questionnaire (A1): checks of its items, the self-service link, review, consent."""

import datetime as dt
import importlib
import io
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from tests.factories.incoming import QuestionnaireFactory, jpeg_bytes
from yntymaq.core.models import AuditEntry
from yntymaq.incoming import services
from yntymaq.incoming.models import Questionnaire, QuestionnaireLink
from yntymaq.incoming.services.questionnaire import (
    LinkError,
    QuestionnaireError,
    check_a1_14_motives,
    clean_a1_10_relatives,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def complete(questionnaire):
    """Fill in every required item of the questionnaire."""
    services.questionnaire_save(
        questionnaire=questionnaire,
        actor=None,
        data={
            "last_name": "Ли",
            "first_name": "Вэй",
            "sex": "M",
            "citizenship": "CN",
            "birth_country": "CN",
            "birth_city": "Урумчи",
            "ethnicity": "китаец",
            "permanent_address": "Урумчи, ул. Синхуа, 5",
            "phones": "+86 991 000 00 00",
            "marital_status": "single",
            "relatives": [{"kinship": "father", "full_name": "Ли Мин"}],
            "education": [{"organization": "Школа № 1 г. Урумчи", "type": "state"}],
            "languages": [{"language": "китайский", "speaking": "native"}],
            "activity": "2020–2025: учёба в школе",
            "motives": {"high_quality": 1, "low_tuition": 2},
            "purpose": "Экономика",
            "statement_accepted": True,
            "signed_name": "Ли Вэй",
            "signed_on": dt.date(2025, 8, 1),
        },
    )
    questionnaire.refresh_from_db()
    questionnaire.photo = SimpleUploadedFile("p.jpg", jpeg_bytes())
    questionnaire.save()
    services.consent_give(questionnaire=questionnaire, actor=None)
    return questionnaire


# --- items ---------------------------------------------------------------------------------------


def test_a1_14_each_rank_is_used_once():
    with pytest.raises(ValidationError) as error:
        check_a1_14_motives({"low_tuition": 1, "high_quality": 1}, "")

    assert "motives" in error.value.message_dict


def test_a1_14_other_motive_needs_its_text():
    with pytest.raises(ValidationError) as error:
        check_a1_14_motives({"other": 1}, "  ")

    assert "motive_other" in error.value.message_dict


def test_a1_14_ranks_are_kept_in_order():
    assert check_a1_14_motives({"know_country": "2", "contract": 1, "low_tuition": ""}, "") == {
        "contract": 1,
        "know_country": 2,
    }


def test_a1_14_has_the_eight_boxes_of_the_form_relatives_and_other_persons_apart():
    assert check_a1_14_motives(
        {
            "state_direction": 8,
            "advice_relatives": 2,
            "advice_others": 1,
            "low_tuition": 3,
            "high_quality": 4,
            "know_country": 5,
            "contract": 6,
            "other": 7,
        },
        "учёба брата",
    ) == {
        "advice_others": 1,
        "advice_relatives": 2,
        "low_tuition": 3,
        "high_quality": 4,
        "know_country": 5,
        "contract": 6,
        "other": 7,
        "state_direction": 8,
    }


def test_a1_14_rank_nine_is_refused_and_the_merged_box_is_unknown():
    with override("en"):
        with pytest.raises(ValidationError) as nine:
            check_a1_14_motives({"contract": 9}, "")
        with pytest.raises(ValidationError) as merged:
            check_a1_14_motives({"relatives_advice": 1}, "")

        assert nine.value.message_dict == {"motives": ["A rank is between 1 and 8."]}
        assert merged.value.message_dict == {"motives": ["Unknown motive."]}


def test_a1_14_migration_moves_the_merged_box_to_relatives_with_its_rank():
    migration = importlib.import_module(
        "yntymaq.incoming.migrations.0003_questionnaire_motive_advice_boxes"
    )

    assert migration.split_merged_advice({"relatives_advice": 2, "high_quality": 1}) == {
        "advice_relatives": 2,
        "high_quality": 1,
    }
    assert migration.split_merged_advice({"contract": 1}) == {"contract": 1}
    assert migration.merge_advice(
        {"advice_others": 1, "high_quality": 2, "advice_relatives": 3, "contract": 4}
    ) == {"relatives_advice": 1, "high_quality": 2, "contract": 3}
    assert migration.merge_advice({"advice_others": 2, "contract": 1}) == {
        "contract": 1,
        "relatives_advice": 2,
    }


def test_a1_10_relatives_are_sorted_in_the_order_of_the_form():
    rows = clean_a1_10_relatives(
        [
            {"kinship": "child", "full_name": "Ли Сяо"},
            {"kinship": "", "full_name": "", "occupation": ""},
            {"kinship": "mother", "full_name": "Ван Линь", "birth_date": "1975-03-01"},
        ]
    )

    assert [r["kinship"] for r in rows] == ["mother", "child"]


def test_a1_10_relative_born_in_the_future_is_refused():
    with pytest.raises(ValidationError):
        clean_a1_10_relatives([{"kinship": "child", "full_name": "X", "birth_date": "2999-01-01"}])


def test_photo_that_is_not_an_image_is_refused(stay):
    questionnaire = services.questionnaire_start(stay=stay, actor=None)
    fake = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff not really a jpeg")

    with pytest.raises(ValidationError) as error:
        services.questionnaire_photo_set(questionnaire=questionnaire, actor=None, upload=fake)

    assert "photo" in error.value.message_dict


def test_photo_far_from_3_by_4_is_kept_with_a_warning(stay):
    questionnaire = services.questionnaire_start(stay=stay, actor=None)
    square = SimpleUploadedFile("photo.jpg", jpeg_bytes(400, 400))

    warning = services.questionnaire_photo_set(
        questionnaire=questionnaire, actor=None, upload=square
    )

    assert "400×400" in warning
    questionnaire.refresh_from_db()
    assert questionnaire.photo.name.endswith(".jpg")


def test_photo_over_5_mb_is_refused(stay):
    questionnaire = services.questionnaire_start(stay=stay, actor=None)
    big = SimpleUploadedFile("photo.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1))

    with pytest.raises(ValidationError):
        services.questionnaire_photo_set(questionnaire=questionnaire, actor=None, upload=big)


def test_questionnaire_start_prefills_from_the_registry(stay):
    questionnaire = services.questionnaire_start(stay=stay, actor=None)

    assert (questionnaire.last_name, questionnaire.first_name, str(questionnaire.citizenship)) == (
        "Ли",
        "Вэй",
        "CN",
    )


# --- submission and review -----------------------------------------------------------------------


def test_submit_lists_what_is_missing_by_step(stay):
    questionnaire = services.questionnaire_start(stay=stay, actor=None)

    with pytest.raises(QuestionnaireError) as error:
        services.questionnaire_submit(questionnaire=questionnaire, actor=None)

    assert set(error.value.extra["missing"]) == {
        "personal",
        "relatives",
        "education",
        "purpose",
        "statement",
    }


def test_submit_return_and_accept(stay, service_staff):
    questionnaire = complete(services.questionnaire_start(stay=stay, actor=None))
    link, _token = services.questionnaire_link_issue(
        questionnaire=questionnaire, actor=service_staff
    )

    services.questionnaire_submit(questionnaire=questionnaire, actor=None)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=20)):
        services.questionnaire_return(
            questionnaire=questionnaire, actor=service_staff, comment="Исправьте адрес"
        )
        link.refresh_from_db()
        reopened = link.is_active
    services.questionnaire_submit(questionnaire=questionnaire, actor=None)
    services.questionnaire_accept(questionnaire=questionnaire, actor=service_staff)

    questionnaire.refresh_from_db()
    link.refresh_from_db()
    assert reopened is True  # the expired link works again after the return
    assert questionnaire.status == "accepted"
    assert link.revoked_at is not None
    assert list(
        AuditEntry.objects.filter(object_id=str(questionnaire.pk))
        .filter(action__startswith="incoming.questionnaire.")
        .values_list("action", flat=True)
        .order_by("id")
    )[-4:] == [
        "incoming.questionnaire.submitted",
        "incoming.questionnaire.returned",
        "incoming.questionnaire.submitted",
        "incoming.questionnaire.accepted",
    ]


def test_a_submitted_questionnaire_cannot_be_changed_by_the_foreigner(stay):
    questionnaire = complete(services.questionnaire_start(stay=stay, actor=None))
    services.questionnaire_submit(questionnaire=questionnaire, actor=None)

    with pytest.raises(QuestionnaireError):
        services.questionnaire_save(
            questionnaire=questionnaire, actor=None, data={"ethnicity": "x"}
        )


def test_return_needs_a_comment(stay, service_staff):
    questionnaire = complete(services.questionnaire_start(stay=stay, actor=None))
    services.questionnaire_submit(questionnaire=questionnaire, actor=None)

    with pytest.raises(QuestionnaireError) as error:
        services.questionnaire_return(questionnaire=questionnaire, actor=service_staff, comment=" ")

    assert error.value.field == "comment"


def test_consent_records_the_operator_and_its_bin(stay, org):
    questionnaire = services.questionnaire_start(stay=stay, actor=None)

    consent = services.consent_give(questionnaire=questionnaire, actor=None)

    assert (consent.operator_name, consent.operator_bin) == (org.name_ru, org.bin)
    assert consent.subject_name == "Ли Вэй"
    assert consent.cross_border_transfer is False
    assert consent.withdrawn_at is None


def test_restricted_items_are_masked_in_the_audit_log(stay):
    questionnaire = services.questionnaire_start(stay=stay, actor=None)

    services.questionnaire_save(
        questionnaire=questionnaire, actor=None, data={"religion": "буддизм"}
    )

    entry = AuditEntry.objects.filter(action="incoming.questionnaire.updated").latest("id")
    assert entry.data["changes"]["religion"] == ["", "••••••"]


# --- the link ------------------------------------------------------------------------------------


def test_link_stores_only_the_hash_of_an_unguessable_token(stay, service_staff):
    questionnaire = services.questionnaire_start(stay=stay, actor=service_staff)

    link, token = services.questionnaire_link_issue(
        questionnaire=questionnaire, actor=service_staff
    )

    assert len(token) >= 40
    assert token not in link.token_hash
    assert services.questionnaire_link_open(token) == link


def test_link_expires_after_14_days_by_default(stay, service_staff):
    questionnaire = services.questionnaire_start(stay=stay, actor=service_staff)
    _link, token = services.questionnaire_link_issue(
        questionnaire=questionnaire, actor=service_staff
    )

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=15)
    with time_machine.travel(later), pytest.raises(LinkError) as error:
        services.questionnaire_link_open(token)

    assert error.value.extra["reason"] == "expired"


def test_a_new_link_revokes_the_old_one(stay, service_staff):
    questionnaire = services.questionnaire_start(stay=stay, actor=service_staff)
    _old, old_token = services.questionnaire_link_issue(
        questionnaire=questionnaire, actor=service_staff
    )
    _new, new_token = services.questionnaire_link_issue(
        questionnaire=questionnaire, actor=service_staff
    )

    with pytest.raises(LinkError) as error:
        services.questionnaire_link_open(old_token)

    assert error.value.extra["reason"] == "revoked"
    assert services.questionnaire_link_open(new_token).questionnaire == questionnaire


def public(token, step=""):
    if step:
        return reverse("incoming:questionnaire-public-step", kwargs={"token": token, "step": step})
    return reverse("incoming:questionnaire-public", kwargs={"token": token})


@pytest.fixture
def token(stay, service_staff):
    questionnaire = services.questionnaire_start(stay=stay, actor=service_staff)
    return services.questionnaire_link_issue(questionnaire=questionnaire, actor=service_staff)[1]


def test_public_link_opens_without_an_account_and_shows_that_questionnaire(token, org):
    other = QuestionnaireFactory(stay__person__last_name="Чужаков")

    response = Client().get(public(token))

    text = response.content.decode()
    assert response.status_code == 200
    assert org.name_ru in text
    assert "Чужаков" not in text
    assert response["Cache-Control"] == "private, no-store"
    assert other.pk


def test_public_step_saves_valid_fields_even_when_another_is_wrong(token, stay):
    client = Client()

    response = client.post(
        public(token, "personal"),
        {
            "last_name": "Ли",
            "first_name": "Вэй",
            "ethnicity": "китаец",
            "sex": "X",  # not a choice
            "birth_city": "Урумчи",
        },
    )

    questionnaire = Questionnaire.objects.get(stay=stay)
    assert response.status_code == 200
    assert "Урумчи" in response.content.decode()
    assert (questionnaire.ethnicity, questionnaire.birth_city) == ("китаец", "Урумчи")


def test_public_motives_with_a_rank_used_twice_show_an_error_and_keep_the_rest(token, stay):
    response = Client().post(
        public(token, "purpose"),
        {"rank_low_tuition": "1", "rank_high_quality": "1", "purpose": "Экономика"},
    )

    questionnaire = Questionnaire.objects.get(stay=stay)
    assert response.status_code == 200
    assert questionnaire.purpose == "Экономика"
    assert questionnaire.motives == {}


def test_public_motives_step_has_eight_rank_boxes_and_saves_relatives_and_others_apart(token, stay):
    page = Client().get(public(token, "purpose")).content.decode()
    boxes = re.findall(r'name="rank_(\w+)"', page)

    response = Client().post(
        public(token, "purpose"),
        {"rank_advice_others": "1", "rank_advice_relatives": "2", "purpose": "Экономика"},
    )

    questionnaire = Questionnaire.objects.get(stay=stay)
    assert boxes == [
        "state_direction",
        "advice_relatives",
        "advice_others",
        "low_tuition",
        "high_quality",
        "know_country",
        "contract",
        "other",
    ]
    assert page.count('min="1" max="8"') == 8
    assert response.status_code == 302
    assert questionnaire.motives == {"advice_others": 1, "advice_relatives": 2}


def test_public_relatives_rows_are_saved(token, stay):
    data = {
        "rel-TOTAL_FORMS": "2",
        "rel-INITIAL_FORMS": "0",
        "rel-MIN_NUM_FORMS": "0",
        "rel-MAX_NUM_FORMS": "40",
        "rel-0-kinship": "father",
        "rel-0-full_name": "Ли Мин",
        "rel-0-birth_date": "1970-05-01",
        "rel-1-kinship": "",
        "rel-1-full_name": "",
    }

    response = Client().post(public(token, "relatives"), data)

    assert response.status_code == 302
    assert Questionnaire.objects.get(stay=stay).relatives == [
        {
            "kinship": "father",
            "full_name": "Ли Мин",
            "birth_date": "1970-05-01",
            "occupation": "",
            "address": "",
        }
    ]


def _relatives(*rows):
    data = {
        "rel-TOTAL_FORMS": str(len(rows)),
        "rel-INITIAL_FORMS": "0",
        "rel-MIN_NUM_FORMS": "0",
        "rel-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate(rows):
        data.update({f"rel-{i}-{key}": value for key, value in row.items()})
    return data


@time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), tick=False)
def test_public_relative_born_in_the_future_is_an_error_next_to_the_date_not_a_500(token, stay):
    data = _relatives(
        {"kinship": "father", "full_name": "Ли Мин", "birth_date": "1970-05-01"},
        {"kinship": "son", "full_name": "Ли Бо", "birth_date": "2027-01-15"},
    )

    response = Client().post(public(token, "relatives"), data)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Дата не может быть в будущем." in text  # the page is in Russian
    assert 'value="2027-01-15"' in text
    assert 'value="Ли Бо"' in text
    assert Questionnaire.objects.get(stay=stay).relatives == [
        {
            "kinship": "father",
            "full_name": "Ли Мин",
            "birth_date": "1970-05-01",
            "occupation": "",
            "address": "",
        }
    ]


def test_public_table_refused_by_the_service_shows_its_message_over_the_table(token, stay):
    from yntymaq.incoming.views import questionnaire_steps as steps

    questionnaire = Questionnaire.objects.get(stay=stay)
    built = steps.build("relatives", questionnaire, data=_relatives({"kinship": "father"}))
    formset = built.forms["relatives"]

    steps.report(
        ValidationError({"relatives": "Choose the degree of kinship of each relative."}),
        {},
        formset,
    )

    assert list(formset.non_form_errors()) == ["Choose the degree of kinship of each relative."]


def test_public_photo_upload_checks_the_image(token, stay):
    response = Client().post(
        public(token, "personal"),
        {"photo": SimpleUploadedFile("p.jpg", b"GIF89a not an image"), "last_name": "Ли"},
    )

    assert response.status_code == 200
    assert not Questionnaire.objects.get(stay=stay).photo


def test_public_expired_link_says_so(token):
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=30)):
        response = Client().get(public(token))

    assert response.status_code == 410


def test_public_unknown_link_is_404():
    assert Client().get(public("x" * 43)).status_code == 404


def test_public_link_is_rate_limited(token, settings):
    settings.YNTYMAQ_QUESTIONNAIRE_RATE_PER_MINUTE = 3
    client = Client()

    codes = [client.get(public(token)).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]


def test_public_returned_questionnaire_shows_the_comment(stay, service_staff):
    questionnaire = complete(services.questionnaire_start(stay=stay, actor=None))
    _link, token = services.questionnaire_link_issue(
        questionnaire=questionnaire, actor=service_staff
    )
    services.questionnaire_submit(questionnaire=questionnaire, actor=None)
    services.questionnaire_return(
        questionnaire=questionnaire, actor=service_staff, comment="Загрузите другое фото"
    )

    response = Client().get(public(token))

    assert "Загрузите другое фото" in response.content.decode()


def test_public_submit_of_a_complete_questionnaire(stay, service_staff):
    questionnaire = complete(services.questionnaire_start(stay=stay, actor=None))
    _link, token = services.questionnaire_link_issue(
        questionnaire=questionnaire, actor=service_staff
    )

    response = Client().post(public(token), {"submit": "1"})

    assert response.status_code == 302
    assert Questionnaire.objects.get(pk=questionnaire.pk).status == "submitted"
    assert QuestionnaireLink.objects.filter(questionnaire=questionnaire).count() == 1
    assert io
