"""Country names for citizenship in Kazakh, Russian and English.

django-countries ships Russian and English names but no Kazakh catalogue (checked with
django-countries 9.1). Kazakh names come from the CLDR data that Babel (already a dependency)
carries, so no catalogue of 250 country names has to be kept by hand. The list is also sorted
by the Kazakh/Russian alphabet: without the optional pyuca package django-countries sorts by
the ASCII letters of each name, which leaves Cyrillic names in no useful order.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.utils.translation import get_language
from django_countries import Countries, CountryTuple

# Kazakh Cyrillic alphabet order; it contains the Russian alphabet as a subsequence.
_CYRILLIC_ORDER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_CYRILLIC_RANK = {letter: 0x400 + index for index, letter in enumerate(_CYRILLIC_ORDER)}


def collation_key(name: str) -> tuple[int, ...]:
    """Alphabetical order for Latin and Kazakh/Russian Cyrillic names (case-insensitive)."""
    return tuple(_CYRILLIC_RANK.get(char, ord(char)) for char in name.casefold())


@cache
def _cldr_names(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).territories)


class CitizenshipCountries(Countries):
    """django-countries with Kazakh names from CLDR and Kazakhstan first in the list."""

    # No first_break: its "" code would count as the blank choice in Django's get_choices()
    # and hide "(stateless or not known)".
    first = ["KZ"]
    first_repeat = False

    # Languages django-countries has no catalogue for; their names come from CLDR.
    cldr_languages = ("kk",)

    def translate_pair(self, code: str, name=None):
        language = (get_language() or "").split("-")[0]
        if language in self.cldr_languages:
            cldr = _cldr_names(language).get(code)
            if cldr:
                return CountryTuple(code, cldr)
        return super().translate_pair(code, name)

    def __iter__(self):
        yield from self._sorted((get_language() or "").split("-")[0])

    @cache  # noqa: B019 - one module-level instance; at most one list per language
    def _sorted(self, language: str) -> tuple[CountryTuple, ...]:
        """Kazakhstan first, then the others in alphabetical order, computed once per
        language (imports iterate the countries for every row)."""
        items = list(super().__iter__())
        head = [item for item in items if item.code in self.first]
        tail = [item for item in items if item.code not in self.first]
        return tuple(head + sorted(tail, key=lambda item: collation_key(item.name)))


citizenship_countries = CitizenshipCountries()
