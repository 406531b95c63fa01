"""Facts of the library that reads and writes both need: how text is folded for search, which
PostgreSQL text-search configuration a language gets, and how a query becomes search terms."""

import re
import unicodedata

from kopa.core.i18n import FOLDED

# PostgreSQL ships stemmers for these; every other language (Slovenian, Latvian, Croatian…) is
# searched with 'simple' (words as they are, folded).
TEXT_SEARCH_CONFIGS = {"en": "english", "de": "german", "fr": "french", "it": "italian",
                       "pt": "portuguese", "es": "spanish", "nl": "dutch", "ro": "romanian",
                       "hu": "hungarian", "fi": "finnish", "sv": "swedish", "da": "danish"}
# Kept per language version; the search index holds the title, the summary and this much text.
MAX_INDEXED_CHARS = 500_000
MAX_QUERY_TERMS = 8
WORD = re.compile(r"[a-z0-9]+")
# The SQLite index holds each document's language as a word of its own, so a search in one language
# is narrowed inside FTS5 (e.g. "kopalangsl").
FTS_LANGUAGE_PREFIX = "kopalang"


def fts_language_word(language: str) -> str:
    return FTS_LANGUAGE_PREFIX + "".join(WORD.findall(language.lower()))


def text_search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


def fold(text: str) -> str:
    """`text` in lower case without accents ("Žalovanje" → "zalovanje"), so that a search without
    diacritics finds words written with them, on every database."""
    letters = []
    for char in (text or "").casefold():
        folded = FOLDED.get(char)
        if folded is not None:
            letters.append(folded)
            continue
        letters.extend(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(letters)


def query_terms(query: str) -> list[str]:
    """The words of a search query, folded, in order, without repeats (at most MAX_QUERY_TERMS)."""
    terms: list[str] = []
    for word in WORD.findall(fold(query)):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_QUERY_TERMS]
