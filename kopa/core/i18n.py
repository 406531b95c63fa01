"""Languages: text that organisers write in several languages (stored as {"en": ..., "sl": ...}),
alphabetical order as each language has it, and the names of countries and languages from the locale
data (django-countries, the Unicode CLDR through Babel)."""

import unicodedata
from functools import lru_cache
from operator import itemgetter

from babel import Locale
from django_countries import countries

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language


def content_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def pick(texts: dict | None, language: str | None = None) -> str:
    """The text in `language`, else English, else the first language that has one."""
    if not texts:
        return ""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for code in (language, settings.LANGUAGE_CODE, *content_languages()):
        value = texts.get(code)
        if value:
            return value
    return next((v for v in texts.values() if v), "")


def clean_texts(texts: dict | None) -> dict:
    """Keep only known languages with non-blank text, stripped."""
    return {
        code: texts[code].strip()
        for code in content_languages()
        if texts and isinstance(texts.get(code), str) and texts[code].strip()
    }


# Letters a language sorts as letters of their own, right after the letter they are built on (the
# Unicode CLDR's tailorings for Slovenian and Latvian). Every other accent is folded: "Å" sorts as "a".
OWN_LETTERS = {
    "sl": {"č": ("c", 1), "ć": ("c", 2), "đ": ("d", 1), "š": ("s", 1), "ž": ("z", 1)},
    "lv": {"č": ("c", 1), "ģ": ("g", 1), "ķ": ("k", 1), "ļ": ("l", 1), "ņ": ("n", 1), "š": ("s", 1),
           "ž": ("z", 1)},
}
# Letters that Unicode does not split into a base letter and an accent.
FOLDED = {"đ": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "þ": "th"}


def page_language() -> str:
    """The active language's base code (sl, lv, en)."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def collation_key(text, language: str | None = None) -> tuple:
    """A sort key that orders `text` as a dictionary in `language` (default: the page's) would."""
    own = OWN_LETTERS.get(language or page_language(), {})
    text = str(text)
    letters = []
    for char in text.casefold():
        if char in own:
            letters.append(own[char])
            continue
        for base in FOLDED.get(char) or unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(base):
                letters.append((base, 0))
    return (tuple(letters), text)


def collated(items, key=str, language: str | None = None) -> list:
    """`items` sorted by the collation of the page's language (or `language`) on `key(item)`."""
    language = language or page_language()
    return sorted(items, key=lambda item: collation_key(key(item), language))


@lru_cache(maxsize=16)
def _country_choices(language: str) -> tuple:
    with translation.override(language):
        return tuple(collated(((code, str(name)) for code, name in countries), key=itemgetter(1),
                              language=language))


def country_choices(blank=None) -> list[tuple[str, str]]:
    """Every country as (code, name) in the page's language and alphabetical order; `blank`, when
    given, labels an empty first choice. Pass the function itself (or a partial) as a form field's
    choices, so that each page gets its own language rather than the one of the first request."""
    choices = list(_country_choices(page_language()))
    return [("", blank), *choices] if blank is not None else choices


@lru_cache(maxsize=64)
def _language_choices(language: str, codes: tuple[str, ...]) -> tuple:
    return tuple(collated(((code, language_name(code, language)) for code in codes), key=itemgetter(1),
                          language=language))


def language_choices(codes) -> list[tuple[str, str]]:
    """The languages `codes` as (code, name) in the page's language and alphabetical order; named and
    sorted once per process for each language and set of codes (the filter forms ask on every request)."""
    return list(_language_choices(page_language(), tuple(codes)))


@lru_cache(maxsize=16)
def _babel_locale(language: str) -> Locale:
    return Locale.parse(language)


def language_name(code: str, language: str | None = None) -> str:
    """The name of the language `code` (ISO 639) in the page's language, from the Unicode CLDR."""
    for locale in (language or page_language(), settings.LANGUAGE_CODE):
        name = _babel_locale(locale).languages.get(code)
        if name:
            return name
    return code
