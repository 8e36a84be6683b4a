"""Names printed in official papers in both official languages (Kazakh and Russian).

A registry keeps such a name in two fields (e.g. Unit.name_kk and Unit.name_ru, Official.position
and Official.position_kk). A document in Kazakh prints the Kazakh value; where it is missing it
prints the Russian one followed by FALLBACK_MARK and says so in a footnote (fallback_note), and
the annual report's check list lists each missing Kazakh value as a warning. A document in
Russian prints the Russian value (the Kazakh one when only it is recorded, unmarked: Russian is
the language of interethnic communication, the Kazakh value is the state language's).

Report data stores such a name as {"ru": …, "kk": …} (`pair`), so a frozen snapshot keeps both.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

FALLBACK_MARK = "*"
LANGUAGES = ("kk", "ru")


def pair(ru: str, kk: str) -> dict[str, str]:
    """Both values of a name, as report data keeps them."""
    return {"ru": (ru or "").strip(), "kk": (kk or "").strip()}


def pick(value, language: str | None = None) -> tuple[str, bool]:
    """(text, fell back to Russian) of a value — a pair or a plain text — in `language`
    (the active one by default). A plain text is printed as it is."""
    if not isinstance(value, dict):
        return str(value or ""), False
    language = language or get_language()
    if language == "kk":
        if value.get("kk"):
            return value["kk"], False
        return value.get("ru") or "", bool(value.get("ru"))
    return value.get(language) or value.get("ru") or value.get("kk") or "", False


def text(value, language: str | None = None) -> str:
    """A value in `language`, with FALLBACK_MARK where a Kazakh text is the Russian one."""
    printed, fell_back = pick(value, language)
    return f"{printed} {FALLBACK_MARK}" if fell_back else printed


def of(ru: str, kk: str, language: str | None = None) -> str:
    """The marked text of a name kept in two fields."""
    return text(pair(ru, kk), language)


def missing_kazakh(value) -> bool:
    """A pair with a Russian value and no Kazakh one."""
    return isinstance(value, dict) and bool(value.get("ru")) and not value.get("kk")


def fallback_note() -> str:
    """The footnote of a Kazakh document that printed a Russian value."""
    return _("%(mark)s The value is given in Russian: its Kazakh version is not recorded yet.") % {
        "mark": FALLBACK_MARK
    }
