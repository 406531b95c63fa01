"""Helpers for text that organisers write in several languages (stored as {"en": ..., "sl": ...})."""

from django.conf import settings
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
