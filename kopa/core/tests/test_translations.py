"""The Slovenian and Latvian catalogues are complete: nothing untranslated, nothing fuzzy."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "kopa" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")


def _catalogue(code):
    with open(LOCALE / code / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle, locale=code)


@pytest.mark.parametrize("code", [c for c, _ in settings.LANGUAGES if c != "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(code):
    catalogue = _catalogue(code)
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 100
    untranslated = [m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("code", [c for c, _ in settings.LANGUAGES if c != "en"])
def test_translations_keep_every_placeholder(code):
    broken = []
    for message in _catalogue(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) - set(PLACEHOLDER.findall(" ".join(ids))) or (
                expected and not expected <= set(PLACEHOLDER.findall(string)) | {"%(count)s", "%(counter)s"}
            ):
                broken.append((ids[0], string))
    assert broken == []


def test_slovenian_and_latvian_are_really_translated():
    """A catalogue that copies English into every entry is not a translation."""
    for code in ("sl", "lv"):
        same = [m.id for m in _catalogue(code) if m.id and isinstance(m.id, str) and m.id == m.string
                and len(m.id) > 12]
        assert len(same) < 5, f"{code}: copied from English: {same[:10]}"
