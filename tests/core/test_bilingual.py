"""Names in both official languages (core.bilingual): what a document in each prints."""

from yntymaq.core import bilingual


def test_kazakh_document_prints_the_kazakh_value():
    assert bilingual.text({"ru": "Деканат", "kk": "Деканат кеңсесі"}, "kk") == "Деканат кеңсесі"


def test_kazakh_document_prints_a_missing_kazakh_value_in_russian_marked():
    assert bilingual.text({"ru": "Деканат", "kk": ""}, "kk") == "Деканат *"
    assert bilingual.pick({"ru": "Деканат", "kk": ""}, "kk") == ("Деканат", True)


def test_russian_document_prints_the_russian_value_or_the_only_one_unmarked():
    assert bilingual.text({"ru": "Деканат", "kk": "Деканат кеңсесі"}, "ru") == "Деканат"
    assert bilingual.text({"ru": "", "kk": "Деканат кеңсесі"}, "ru") == "Деканат кеңсесі"


def test_plain_texts_and_empty_pairs_are_printed_as_they_are():
    assert bilingual.text("Деканат", "kk") == "Деканат"
    assert bilingual.text({"ru": "", "kk": ""}, "kk") == ""
    assert bilingual.of("  ", "", "kk") == ""


def test_missing_kazakh_is_a_russian_value_without_a_kazakh_one():
    assert bilingual.missing_kazakh(bilingual.pair("Деканат", " ")) is True
    assert bilingual.missing_kazakh(bilingual.pair("Деканат", "Деканат кеңсесі")) is False
    assert bilingual.missing_kazakh(bilingual.pair("", "")) is False
    assert bilingual.missing_kazakh("Деканат") is False
