"""One-row rules of Person and IdentityDocument (models.clean) and the citizenship names."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories.people import make_iin
from yntymaq.people.countries import citizenship_countries, collation_key
from yntymaq.people.models import IdentityDocument, Person, search_key, split_phones

BIRTH = dt.date(1988, 3, 9)
IIN = make_iin(BIRTH, "M")


def person(**fields):
    values = {
        "last_name": "Иванов",
        "first_name": "Иван",
        "birth_date": BIRTH,
        "sex": "M",
        "citizenship": "KZ",
        "iin": IIN,
    }
    values.update(fields)
    return Person(**values)


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.clean()
    return caught.value.message_dict


def with_wrong_check_digit(iin: str) -> str:
    return iin[:11] + str((int(iin[11]) + 1) % 10)


def test_person_clean_accepts_a_consistent_citizen():
    person().clean()


def test_person_clean_accepts_a_foreigner_without_iin():
    person(citizenship="CN", iin="").clean()


def test_person_clean_accepts_latin_name_only():
    person(last_name="", first_name="", last_name_latin="WANG", first_name_latin="LEI").clean()


def test_person_clean_requires_a_name_in_either_script():
    errors = errors_of(person(last_name="", first_name=""))

    assert set(errors) == {"last_name", "first_name"}


def test_person_clean_asks_for_the_missing_latin_part():
    errors = errors_of(person(last_name="", first_name="", last_name_latin="WANG"))

    assert list(errors) == ["first_name_latin"]


def test_person_clean_requires_iin_for_citizens_of_kazakhstan():
    errors = errors_of(person(iin=""))

    assert errors == {"iin": ["The IIN is required for citizens of Kazakhstan."]}


def test_person_clean_validates_a_foreigners_iin_when_given():
    errors = errors_of(person(citizenship="RU", iin=with_wrong_check_digit(IIN)))

    assert errors == {"iin": ["The IIN check digit is wrong; please check the number."]}


def test_person_clean_refuses_wrong_iin_checksum():
    errors = errors_of(person(iin=with_wrong_check_digit(IIN)))

    assert errors == {"iin": ["The IIN check digit is wrong; please check the number."]}


def test_person_clean_refuses_iin_of_wrong_length():
    errors = errors_of(person(iin="12345"))

    assert errors == {"iin": ["An IIN consists of exactly 12 digits."]}


def test_person_clean_refuses_iin_contradicting_birth_date():
    errors = errors_of(person(birth_date=dt.date(1989, 3, 9)))

    assert errors == {
        "iin": [
            "The IIN encodes the date of birth 09.03.1988, which differs from the date of "
            "birth entered."
        ]
    }


def test_person_clean_refuses_iin_contradicting_sex():
    errors = errors_of(person(sex="F"))

    assert errors == {
        "iin": ["The IIN encodes the sex “male”, which differs from the sex entered."]
    }


def test_person_clean_message_in_russian():
    with translation.override("ru"):
        errors = errors_of(person(iin=with_wrong_check_digit(IIN)))

    assert errors == {"iin": ["Неверная контрольная цифра ИИН; проверьте номер."]}


def test_person_clean_refuses_birth_date_in_future():
    errors = errors_of(person(iin="", citizenship="CN", birth_date=dt.date(2999, 1, 1)))

    assert errors == {"birth_date": ["The date of birth cannot be in the future."]}


def test_person_clean_strips_spaces_from_iin_and_names():
    p = person(iin=f"{IIN[:6]} {IIN[6:]}", last_name="  Иванов ")

    p.clean()

    assert (p.iin, p.last_name) == (IIN, "Иванов")


def test_person_full_name_falls_back_to_latin():
    p = Person(last_name_latin="WANG", first_name_latin="LEI")

    assert (str(p), p.full_name_latin) == ("WANG LEI", "WANG LEI")


def test_validate_phones_refuses_letters():
    p = person(phones="+7 701 111 22 33, call me")

    with pytest.raises(ValidationError) as caught:
        p.clean_fields(exclude=["organization"])

    assert list(caught.value.message_dict) == ["phones"]


def test_split_phones_separates_by_comma_semicolon_and_newline():
    assert split_phones("+7 701 111 22 33, 8 (727) 222-33-44;\n+86 10 1234 5678") == [
        "+7 701 111 22 33",
        "8 (727) 222-33-44",
        "+86 10 1234 5678",
    ]


def test_search_key_folds_case_and_yo():
    assert search_key("Семёнов", "АЙГЕРІМ", "Wang") == "семенов айгерім wang"


def test_identity_document_clean_refuses_expiry_before_issue():
    document = IdentityDocument(
        kind="passport", number="N1", issued_on=dt.date(2020, 1, 10), expires_on=dt.date(2019, 1, 1)
    )

    with pytest.raises(ValidationError) as caught:
        document.clean()

    assert caught.value.message_dict == {
        "expires_on": ["The document cannot expire before the date it was issued."]
    }


@pytest.mark.parametrize(
    ("language", "name"),
    [("kk", "Қазақстан"), ("ru", "Казахстан"), ("en", "Kazakhstan")],
)
def test_citizenship_names_in_three_languages(language, name):
    with translation.override(language):
        assert citizenship_countries.name("KZ") == name


def test_citizenship_list_starts_with_kazakhstan_and_sorts_kazakh_letters():
    with translation.override("kk"):
        names = [c.name for c in citizenship_countries if c.code]

    assert names[0] == "Қазақстан"
    rest = names[1:]
    assert rest == sorted(rest, key=collation_key)
    assert rest.index("Әзірбайжан") < rest.index("Бельгия")


def test_collation_key_puts_kazakh_letters_after_their_russian_neighbours():
    assert sorted(["Өзбекстан", "Пәкістан", "Оман"], key=collation_key) == [
        "Оман",
        "Өзбекстан",
        "Пәкістан",
    ]


def test_citizenship_form_choices_offer_stateless_first():
    from yntymaq.people.forms import PersonForm

    choices = list(PersonForm().fields["citizenship"].choices)[:2]

    assert choices == [("", "(stateless or not known)"), ("KZ", "Kazakhstan")]
