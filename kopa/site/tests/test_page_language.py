"""Every page in pages.py, rendered in Slovenian and Latvian, speaks that language: no English interface
words, no country or language shown by its bare code in a list, no US-style dates.

The pages are rendered by the test client (no browser), with the objects the accessibility scans build.
The English words are chosen to be ones a translated page never contains: country and interface words
that differ in Slovenian and Latvian and that no demo object's name or organiser-written text uses.
"""

import re
from html import unescape

import pytest

from kopa.site.tests.pages import PAGES
from kopa.site.tests.test_accessibility import ROLES, objects  # noqa: F401 (a fixture)

ENGLISH_ONLY = (
    # Country and language names: a list of them in English means a form froze the first language.
    "Germany", "Austria", "Belgium", "Croatia", "Hungary", "Norwegian", "Maltese", "Slovenian",
    # Interface words every translated page renders in its own language.
    "Search", "Cancel", "Change history", "Country", "Working language", "Problem",
    # Dates: an English month abbreviation.
    "Dec.", "Jan.",
)
ENGLISH_WORD = re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in ENGLISH_ONLY) + r")(?!\w)")
RAW_CODE_OPTION = re.compile(r'<option value="([a-z]{2,3}|[A-Z]{2})"[^>]*>\s*\1\s*</option>')
US_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S)
# A passage that says it is English (lang="en", e.g. the API's operation descriptions) is English on
# purpose, and screen readers read it so; the check leaves it out. <html lang="en"> is never matched.
DECLARED_ENGLISH = re.compile(r'<(?!html\b)(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', re.S)
TAG = re.compile(r"<[^>]+>")


def visible_text(html: str) -> str:
    return unescape(TAG.sub(" ", DECLARED_ENGLISH.sub(" ", HIDDEN.sub(" ", html))))


def language_problems(html: str) -> list[str]:
    """What on a page is not in the page's language."""
    text = visible_text(html)
    problems = [f"English word {m.group(1)!r}: …{text[max(m.start() - 40, 0):m.end() + 40]!r}…"
                for m in ENGLISH_WORD.finditer(text)]
    problems += [f"a list shows the bare code {m.group(1)!r}" for m in RAW_CODE_OPTION.finditer(html)]
    problems += [f"US-style date {m.group(0)!r}" for m in US_DATE.finditer(text)]
    return problems


@pytest.mark.parametrize("language", ["sl", "lv"])
@pytest.mark.parametrize(("label", "role", "path_for"), [pytest.param(*p, id=p[0]) for p in PAGES])
def test_page_is_in_the_page_language(client, objects, label, role, path_for, language):  # noqa: F811
    assert role in ROLES, f"{label}: unknown role {role!r} in pages.py"
    if role:
        client.force_login(objects.users[role])
    path = f"/{language}{path_for(objects)}"
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    problems = language_problems(response.content.decode())
    assert not problems, f"{label} ({path}):\n" + "\n".join(problems)


def test_the_check_finds_english_words_raw_codes_and_us_dates():
    page = ('<label>Country</label><select><option value="mt">mt</option></select>'
            "<p>Posodobljeno 04/25/2018</p><script>var Search;</script>")
    assert len(language_problems(page)) == 3
    assert language_problems("<p>Država: Nemčija, 25. 4. 2018</p>") == []
    assert language_problems('<p>Jezik: <span lang="en">sl - Slovenian</span></p>') == []
    assert len(language_problems('<p>Jezik: <span lang="sl">Slovenian</span></p>')) == 1
