"""Tests of `manage.py messages` (catalogue update/check/compile without GNU gettext).

Every test builds its own small project tree in tmp_path; none reads the
project's real catalogues.
"""

import gettext
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

from yntymaq.core.management.commands.messages import (
    Entry,
    check_catalogues,
    compile_catalogues,
    extract_python_source,
    extract_template,
    read_catalogue,
    render_catalogue,
    update_catalogues,
)

APP_MODELS = """\
from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy


class Visit:
    title = _("Visit")
    status = pgettext_lazy("visit status", "Open")

    def summary(self, n):
        return ngettext("%(n)s guest", "%(n)s guests", n) % {"n": n}
"""

APP_TEMPLATE = """\
{% load i18n %}
<section>
    <h1>{% translate "Visits" %}</h1>
  <p>
        {% blocktranslate trimmed count counter=visits|length %}
            {{ counter }} visit
        {% plural %}
            {{ counter }} visits
        {% endblocktranslate %}
    </p>
</section>
"""


def write_files(base, files):
    for relative, text in files.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_project(base):
    write_files(
        base,
        {
            "config/__init__.py": "",
            "config/settings.py": (
                "from django.utils.translation import gettext_lazy as _\n"
                'LANGUAGES = [("ru", _("Russian")), ("kk", _("Kazakh"))]\n'
            ),
            "templates/base.html": '{% load i18n %}<a href="/">{% translate "Home" %}</a>\n',
            "yntymaq/__init__.py": "",
            "yntymaq/visits/__init__.py": "",
            "yntymaq/visits/models.py": APP_MODELS,
            "yntymaq/visits/templates/visits/list.html": APP_TEMPLATE,
            "yntymaq/visits/migrations/0001_initial.py": (
                'from django.utils.translation import gettext as _\n_("Only in a migration")\n'
            ),
            "yntymaq/visits/tests/test_visits.py": (
                'from django.utils.translation import gettext as _\n_("Only in a test")\n'
            ),
        },
    )


def po_path(base, language, app=None):
    root = base / "yntymaq" / app if app else base
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def translate(path, language, translations):
    """Fill msgstrs of an existing catalogue: {msgid or (context, msgid): str or tuple}."""
    entries = read_catalogue(path)
    for key, value in translations.items():
        key = key if isinstance(key, tuple) else ("", key)
        value = value if isinstance(value, tuple) else (value,)
        entries[key] = Entry(entries[key].plural, value)
    path.write_text(render_catalogue(entries, language), encoding="utf-8")


def translate_all(base):
    translate(
        po_path(base, "ru"),
        "ru",
        {"Home": "Главная", "Kazakh": "Казахский", "Russian": "Русский"},
    )
    translate(
        po_path(base, "kk"),
        "kk",
        {"Home": "Басты бет", "Kazakh": "Қазақша", "Russian": "Орысша"},
    )
    translate(
        po_path(base, "ru", "visits"),
        "ru",
        {
            "Visit": "Визит",
            "Visits": "Визиты",
            ("visit status", "Open"): "Открыт",
            "%(n)s guest": ("%(n)s гость", "%(n)s гостя", "%(n)s гостей"),
            "%(counter)s visit": ("%(counter)s визит", "%(counter)s визита", "%(counter)s визитов"),
        },
    )
    translate(
        po_path(base, "kk", "visits"),
        "kk",
        {
            "Visit": "Сапар",
            "Visits": "Сапарлар",
            ("visit status", "Open"): "Ашық",
            "%(n)s guest": ("%(n)s қонақ", "%(n)s қонақ"),
            "%(counter)s visit": ("%(counter)s сапар", "%(counter)s сапар"),
        },
    )


# --- Extraction --------------------------------------------------------------


def test_python_extraction_knows_django_keywords():
    code = b"""\
from django.utils import translation
from django.utils.translation import gettext as _

_("Plain")
translation.gettext("Called on the module")
translation.gettext_lazy("Lazy")
translation.gettext_noop("Noop")
translation.ngettext("%(n)s file", "%(n)s files", n)
translation.ngettext_lazy("%(n)s day", "%(n)s days", "n")
translation.pgettext("month", "May")
translation.pgettext_lazy("verb", "Open")
translation.npgettext("people", "%(n)s guest", "%(n)s guests", n)
translation.npgettext_lazy("rooms", "%(n)s bed", "%(n)s beds", "n")
print("Not marked")
_(variable)
"""
    assert extract_python_source(code) == [
        ("", "Plain", None),
        ("", "Called on the module", None),
        ("", "Lazy", None),
        ("", "Noop", None),
        ("", "%(n)s file", "%(n)s files"),
        ("", "%(n)s day", "%(n)s days"),
        ("month", "May", None),
        ("verb", "Open", None),
        ("people", "%(n)s guest", "%(n)s guests"),
        ("rooms", "%(n)s bed", "%(n)s beds"),
    ]


def test_template_extraction_matches_django_runtime_msgids():
    source = """\
{% load i18n %}
<div>
    <p>
        {% blocktranslate trimmed count counter=files|length %}
          There is {{ counter }} file
          for {{ name }}.
        {% plural %}
          There are {{ counter }} files
          for {{ name }}.
        {% endblocktranslate %}
  </p>
      {% translate "May" context "month" %}
    {% blocktranslate with who=user.name context "greeting" %}Hello, {{ who }}!
    {% endblocktranslate %}
    {% blocktranslate count n=items|length context "cart" %}{{ n }} item{% plural %}
    {{ n }} items{% endblocktranslate %}
    {% translate "50% done" %}
    {{ _("Привет") }} {{ _("100% sure") }} {{ value|default:_("Nothing") }}
</div>
"""
    assert sorted(extract_template(source, "t.html")) == [
        ("", "100%% sure", None),
        ("", "50%% done", None),
        ("", "Nothing", None),
        (
            "",
            "There is %(counter)s file for %(name)s.",
            "There are %(counter)s files for %(name)s.",
        ),
        ("", "Привет", None),
        ("cart", "%(n)s item", "\n    %(n)s items"),
        ("greeting", "Hello, %(who)s!\n    ", None),
        ("month", "May", None),
    ]


# --- update ------------------------------------------------------------------


def test_update_writes_sorted_per_app_catalogues_without_locations(tmp_path):
    make_project(tmp_path)

    assert update_catalogues(tmp_path, log=lambda line: None) == 4

    assert po_path(tmp_path, "ru", "visits").read_text(encoding="utf-8") == (
        "# Yntymaq messages. Translate the msgstr lines; msgids are kept in sync\n"
        "# with the source by `python manage.py messages update`.\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Project-Id-Version: Yntymaq\\n"\n'
        '"Language: ru\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : '
        'n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
        "\n"
        'msgid "%(counter)s visit"\n'
        'msgid_plural "%(counter)s visits"\n'
        'msgstr[0] ""\n'
        'msgstr[1] ""\n'
        'msgstr[2] ""\n'
        "\n"
        'msgid "%(n)s guest"\n'
        'msgid_plural "%(n)s guests"\n'
        'msgstr[0] ""\n'
        'msgstr[1] ""\n'
        'msgstr[2] ""\n'
        "\n"
        'msgctxt "visit status"\n'
        'msgid "Open"\n'
        'msgstr ""\n'
        "\n"
        'msgid "Visit"\n'
        'msgstr ""\n'
        "\n"
        'msgid "Visits"\n'
        'msgstr ""\n'
    )
    kk = po_path(tmp_path, "kk", "visits").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n!=1);\\n"\n' in kk
    assert 'msgid_plural "%(n)s guests"\nmsgstr[0] ""\nmsgstr[1] ""\n' in kk
    assert read_catalogue(po_path(tmp_path, "ru")) == {
        ("", "Home"): Entry(None, ("",)),
        ("", "Kazakh"): Entry(None, ("",)),
        ("", "Russian"): Entry(None, ("",)),
    }
    assert not (tmp_path / "locale" / "en").exists()
    assert not (tmp_path / "yntymaq" / "visits" / "locale" / "en").exists()
    # A second run has nothing to change.
    assert update_catalogues(tmp_path, log=lambda line: None) == 0


def test_update_keeps_translations_adds_new_and_drops_removed_strings(tmp_path):
    make_project(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    models = tmp_path / "yntymaq/visits/models.py"
    models.write_text(
        APP_MODELS.replace('_("Visit")', '_("Trip")'), encoding="utf-8"
    )  # "Visit" is gone, "Trip" is new

    update_catalogues(tmp_path, log=lambda line: None)

    entries = read_catalogue(po_path(tmp_path, "ru", "visits"))
    assert ("", "Visit") not in entries
    assert entries[("", "Trip")] == Entry(None, ("",))
    assert entries[("visit status", "Open")] == Entry(None, ("Открыт",))
    assert entries[("", "%(n)s guest")] == Entry(
        "%(n)s guests", ("%(n)s гость", "%(n)s гостя", "%(n)s гостей")
    )
    assert '"Visit"' not in po_path(tmp_path, "ru", "visits").read_text(encoding="utf-8")


# --- compile -----------------------------------------------------------------


def test_compile_writes_mo_with_russian_plural_forms_and_context(tmp_path):
    make_project(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)

    assert compile_catalogues(tmp_path, log=lambda line: None) == 4

    mo = po_path(tmp_path, "ru", "visits").with_suffix(".mo")
    with open(mo, "rb") as fileobj:
        ru = gettext.GNUTranslations(fileobj)
    assert ru.ngettext("%(n)s guest", "%(n)s guests", 1) == "%(n)s гость"
    assert ru.ngettext("%(n)s guest", "%(n)s guests", 3) == "%(n)s гостя"
    assert ru.ngettext("%(n)s guest", "%(n)s guests", 5) == "%(n)s гостей"
    assert ru.ngettext("%(n)s guest", "%(n)s guests", 21) == "%(n)s гость"
    assert ru.pgettext("visit status", "Open") == "Открыт"
    assert ru.gettext("Open") == "Open"
    with open(po_path(tmp_path, "kk", "visits").with_suffix(".mo"), "rb") as fileobj:
        kk = gettext.GNUTranslations(fileobj)
    assert kk.ngettext("%(n)s guest", "%(n)s guests", 5) == "%(n)s қонақ"


def test_compiled_catalogue_translates_templates_rendered_by_django(tmp_path, settings):
    make_project(tmp_path)
    write_files(
        tmp_path,
        {
            "templates/offer.html": (
                "{% load i18n %}{% blocktranslate with who=name %}"
                "{{ who }} gets 50% off{% endblocktranslate %}|{{ _('100% sure') }}\n"
            )
        },
    )
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    translate(
        po_path(tmp_path, "ru"),
        "ru",
        {"%(who)s gets 50%% off": "%(who)s получает скидку 50%%", "100%% sure": "Уверен"},
    )
    compile_catalogues(tmp_path, log=lambda line: None)
    settings.LOCALE_PATHS = [tmp_path / "locale", tmp_path / "yntymaq/visits/locale"]
    visits = Template(
        (tmp_path / "yntymaq/visits/templates/visits/list.html").read_text(encoding="utf-8")
    )
    offer = Template((tmp_path / "templates/offer.html").read_text(encoding="utf-8"))

    with translation.override("ru"):
        rendered = visits.render(Context({"visits": [1, 2, 3]}))
        assert "<h1>Визиты</h1>" in rendered
        assert "3 визита" in rendered
        assert "5 визитов" in visits.render(Context({"visits": range(5)}))
        assert offer.render(Context({"name": "Айгерим"})) == (
            "Айгерим получает скидку 50%|Уверен\n"
        )


# --- check -------------------------------------------------------------------


def test_check_passes_on_complete_catalogues(tmp_path):
    make_project(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    out = StringIO()

    call_command("messages", "check", base_dir=tmp_path, stdout=out)

    assert check_catalogues(tmp_path) == ([], 8)
    assert out.getvalue() == "messages: 8 strings, catalogues up to date\n"


def test_check_fails_on_empty_and_fuzzy_translations(tmp_path):
    make_project(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    translate(po_path(tmp_path, "kk", "visits"), "kk", {"Visits": ""})
    ru = po_path(tmp_path, "ru", "visits")
    ru.write_text(
        ru.read_text(encoding="utf-8").replace('msgid "Visit"\n', '#, fuzzy\nmsgid "Visit"\n'),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as error:
        call_command("messages", "check", base_dir=tmp_path, stdout=StringIO())

    assert check_catalogues(tmp_path)[0] == [
        "yntymaq/visits/locale/ru/LC_MESSAGES/django.po: untranslated (fuzzy) 'Visit'",
        "yntymaq/visits/locale/kk/LC_MESSAGES/django.po: untranslated 'Visits'",
    ]
    assert "untranslated 'Visits'" in str(error.value)
    assert "untranslated (fuzzy) 'Visit'" in str(error.value)


def test_check_fails_on_missing_and_removed_strings(tmp_path):
    make_project(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    (tmp_path / "templates/base.html").write_text(
        '{% load i18n %}{% translate "Start" context "page" %}\n', encoding="utf-8"
    )

    problems, total = check_catalogues(tmp_path)

    assert total == 8
    assert problems == [
        "locale/ru/LC_MESSAGES/django.po: missing 'Start' (context 'page')",
        "locale/ru/LC_MESSAGES/django.po: no longer in the source 'Home'",
        "locale/kk/LC_MESSAGES/django.po: missing 'Start' (context 'page')",
        "locale/kk/LC_MESSAGES/django.po: no longer in the source 'Home'",
    ]


def test_check_fails_when_a_catalogue_is_missing(tmp_path):
    make_project(tmp_path)

    problems, _total = check_catalogues(tmp_path)

    app = "yntymaq/visits/locale"
    assert problems == [
        "locale/ru/LC_MESSAGES/django.po: catalogue missing (3 strings in the source)",
        "locale/kk/LC_MESSAGES/django.po: catalogue missing (3 strings in the source)",
        f"{app}/ru/LC_MESSAGES/django.po: catalogue missing (5 strings in the source)",
        f"{app}/kk/LC_MESSAGES/django.po: catalogue missing (5 strings in the source)",
    ]


def test_catalogue_text_round_trips_quotes_backslashes_and_newlines(tmp_path):
    entries = {
        ("", 'Say "hi"\\now'): Entry(None, ("Скажи «привет»",)),
        ("", "Line one\nline two\n"): Entry(None, ("Строка один\nстрока два\n",)),
        ("", "Tab\there"): Entry(None, ("",), fuzzy=True),
    }
    path = tmp_path / "django.po"
    path.write_text(render_catalogue(entries, "kk"), encoding="utf-8")

    assert read_catalogue(path) == entries
    assert '\nmsgid ""\n"Line one\\n"\n"line two\\n"\nmsgstr ""\n"Строка один\\n"\n' in (
        path.read_text(encoding="utf-8")
    )


def test_changed_plural_msgid_keeps_translation_but_needs_review(tmp_path):
    make_project(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    models = tmp_path / "yntymaq/visits/models.py"
    models.write_text(APP_MODELS.replace('"%(n)s guests"', '"%(n)s visitors"'), encoding="utf-8")

    update_catalogues(tmp_path, log=lambda line: None)

    assert read_catalogue(po_path(tmp_path, "ru", "visits"))[("", "%(n)s guest")] == Entry(
        "%(n)s visitors", ("%(n)s гость", "%(n)s гостя", "%(n)s гостей"), fuzzy=True
    )
    assert check_catalogues(tmp_path)[0] == [
        "yntymaq/visits/locale/ru/LC_MESSAGES/django.po: untranslated (fuzzy) '%(n)s guest'",
        "yntymaq/visits/locale/kk/LC_MESSAGES/django.po: untranslated (fuzzy) '%(n)s guest'",
    ]


# --- one translation per (context, msgid) across catalogues ------------------

STAYS_MODELS = """\
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class Stay:
    title = _("Visit")
    room = pgettext_lazy("dormitory", "Room")
    office = _("Room")
"""


def add_stays_app(base):
    """A second app whose "Visit" the visits app translates too."""
    write_files(
        base,
        {
            "yntymaq/stays/__init__.py": "",
            "yntymaq/stays/models.py": STAYS_MODELS,
        },
    )


def test_check_fails_when_two_catalogues_translate_a_msgid_differently(tmp_path):
    make_project(tmp_path)
    add_stays_app(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    translate(
        po_path(tmp_path, "ru", "stays"),
        "ru",
        {"Visit": "Посещение", ("dormitory", "Room"): "Комната", "Room": "Кабинет"},
    )
    translate(
        po_path(tmp_path, "kk", "stays"),
        "kk",
        {"Visit": "Сапар", ("dormitory", "Room"): "Бөлме", "Room": "Кабинет"},
    )

    with pytest.raises(CommandError) as error:
        call_command("messages", "check", base_dir=tmp_path, stdout=StringIO())

    assert check_catalogues(tmp_path)[0] == [
        "ru: 'Visit' translated differently: "
        "yntymaq/stays/locale/ru/LC_MESSAGES/django.po 'Посещение'; "
        "yntymaq/visits/locale/ru/LC_MESSAGES/django.po 'Визит'",
    ]
    assert "give each meaning its own context" in str(error.value)


def test_check_compares_plural_forms_and_keeps_contexts_apart(tmp_path):
    make_project(tmp_path)
    write_files(
        tmp_path,
        {
            "yntymaq/stays/__init__.py": "",
            "yntymaq/stays/models.py": (
                "from django.utils.translation import ngettext, pgettext_lazy\n"
                'pgettext_lazy("door", "Open")\n'
                'ngettext("%(n)s guest", "%(n)s guests", 2)\n'
            ),
        },
    )
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    translate(
        po_path(tmp_path, "ru", "stays"),
        "ru",
        {
            ("door", "Open"): "Открыть",  # another context than the visit status "Открыт"
            "%(n)s guest": ("%(n)s гость", "%(n)s гостя", "%(n)s гостя"),
        },
    )
    translate(
        po_path(tmp_path, "kk", "stays"),
        "kk",
        {("door", "Open"): "Ашу", "%(n)s guest": ("%(n)s қонақ", "%(n)s қонақ")},
    )

    assert check_catalogues(tmp_path)[0] == [
        "ru: '%(n)s guest' translated differently: "
        "yntymaq/stays/locale/ru/LC_MESSAGES/django.po "
        "['%(n)s гость', '%(n)s гостя', '%(n)s гостя']; "
        "yntymaq/visits/locale/ru/LC_MESSAGES/django.po "
        "['%(n)s гость', '%(n)s гостя', '%(n)s гостей']",
    ]


def test_update_fills_a_new_entry_from_the_catalogue_that_translates_it(tmp_path):
    make_project(tmp_path)
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)
    add_stays_app(tmp_path)
    lines = []

    update_catalogues(tmp_path, log=lines.append)

    ru = read_catalogue(po_path(tmp_path, "ru", "stays"))
    assert ru[("", "Visit")] == Entry(None, ("Визит",))
    # Nobody translates "Room" yet, with or without a context.
    assert ru[("", "Room")] == Entry(None, ("",))
    assert ru[("dormitory", "Room")] == Entry(None, ("",))
    assert read_catalogue(po_path(tmp_path, "kk", "stays"))[("", "Visit")] == Entry(
        None, ("Сапар",)
    )
    assert "updated yntymaq/stays/locale/ru/LC_MESSAGES/django.po " in "\n".join(lines)
    assert "(+3 new, -0 removed, 1 filled from other catalogues)" in "\n".join(lines)


def test_update_fills_an_empty_entry_only_when_the_other_catalogues_agree(tmp_path):
    make_project(tmp_path)
    add_stays_app(tmp_path)
    write_files(
        tmp_path,
        {
            "yntymaq/tours/__init__.py": "",
            "yntymaq/tours/models.py": (
                'from django.utils.translation import gettext_lazy as _\n_("Visit")\n_("Room")\n'
            ),
        },
    )
    update_catalogues(tmp_path, log=lambda line: None)
    translate_all(tmp_path)  # visits: "Visit" = "Визит"
    translate(po_path(tmp_path, "ru", "tours"), "ru", {"Visit": "Поездка", "Room": "Кабинет"})
    # A fuzzy translation is no model to copy.
    fuzzy = po_path(tmp_path, "ru", "tours")
    fuzzy.write_text(
        fuzzy.read_text(encoding="utf-8").replace('msgid "Room"\n', '#, fuzzy\nmsgid "Room"\n'),
        encoding="utf-8",
    )

    update_catalogues(tmp_path, log=lambda line: None)

    stays = read_catalogue(po_path(tmp_path, "ru", "stays"))
    assert stays[("", "Visit")] == Entry(None, ("",))  # "Визит" or "Поездка": a person decides
    assert stays[("", "Room")] == Entry(None, ("",))
