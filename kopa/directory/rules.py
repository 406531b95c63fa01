"""How the directory compares text: search matching, and when two names look like one organisation.

Pure functions, shared by the reads (search, possible duplicates) and the writes (search text,
imports that warn about an organisation already in the inventory).
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz, process

# Two names in the same town at or above this token_sort_ratio are shown as possible duplicates.
SIMILARITY_THRESHOLD = 88

# Legal-form and filler words (accent-free, lower case) that say nothing about which organisation it is:
# "Društvo Mladi zmaji" and "Mladi zmaji, društvo" are the same organisation.
LEGAL_FORM_WORDS = frozenset({
    "drustvo", "zavod", "zveza", "ustanova", "fundacija", "so", "ps", "zs", "doo", "dd", "ks",
    "biedriba", "nodibinajums", "sia", "as", "bdr",
    "association", "assoc", "ngo", "nvo", "npo", "ev", "asbl", "vzw", "ong", "ry", "ltd", "inc",
    "the", "of",
})


def normalise(text: str) -> str:
    """Lower-case, accent-free text for matching: "Laško" and "lasko" meet."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def name_key(name: str) -> str:
    """A name reduced for comparison: accent-free words without punctuation or legal-form words."""
    words = re.findall(r"\w+", normalise(name).replace(".", ""))
    kept = [w for w in words if w not in LEGAL_FORM_WORDS]
    return " ".join(kept or words)


def typed_oid(text: str) -> str:
    """The OID in `text` when `text` is one (any case, spaces around), else ""."""
    value = (text or "").strip().upper()
    return value if re.fullmatch(r"E[0-9]{8}", value) else ""


def city_key(city: str) -> str:
    return " ".join(re.findall(r"\w+", normalise(city)))


@dataclass(frozen=True)
class NameIndex:
    """Names grouped by country and town, to find similar ones without comparing across towns."""

    groups: dict

    @classmethod
    def build(cls, entries) -> "NameIndex":
        """`entries`: (country code, city, legal name, payload) tuples."""
        groups = defaultdict(lambda: ([], []))
        for country, city, name, payload in entries:
            keys, payloads = groups[(str(country), city_key(city))]
            keys.append(name_key(name))
            payloads.append(payload)
        return cls(groups=dict(groups))

    def similar(self, *, country: str, city: str, name: str, limit: int = 3) -> list:
        """Payloads of the names similar to `name` in the same country and town, most similar first."""
        group = self.groups.get((str(country), city_key(city)))
        if not group:
            return []
        keys, payloads = group
        matches = process.extract(
            name_key(name), keys, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILARITY_THRESHOLD,
            limit=limit,
        )
        return [payloads[index] for _key, _score, index in matches]


# --- data-protection requests ----------------------------------------------------------------------

# GDPR Art. 12(3): an answer within one month of receiving the request (30 days here, never less than
# a month), which may be extended once by up to two further months when the request is complex.
DP_ANSWER_DAYS = 30
DP_EXTENSION_MAX_DAYS = 60


def dp_due_on(received_on: date) -> date:
    """The day the answer to a data-protection request received on `received_on` is due."""
    return received_on + timedelta(days=DP_ANSWER_DAYS)


def dp_latest_extension(due_on: date) -> date:
    """The latest day an extended deadline may fall on."""
    return due_on + timedelta(days=DP_EXTENSION_MAX_DAYS)
