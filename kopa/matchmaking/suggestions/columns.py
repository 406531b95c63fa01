"""Every organisation of the directory as the scoring sees it, in columns (`rules.Columns`): read
from the database once per version of the directory, then kept in the cache (shared by the
workers) and in the process.

The key is the directory's version in the page cache (`kopa.core.pagecache.stamp`), which every
change to an organisation, its target groups, themes or working languages raises once it commits,
the bulk writes (imports, merges, the generator) included. Inside a transaction that has changed
something not yet committed, the columns are read afresh and not kept. The actions organisations
ran live in the programmes' tables and are not kept here: the suggestions read them each time.
"""

import numpy as np

from django.core.cache import cache

from kopa.core import pagecache
from kopa.directory.models import Language, Organisation, TargetGroup, Theme
from kopa.matchmaking.rules import Columns

CACHE_KEY = "kopa:suggestions:columns:1"
CACHE_SECONDS = 24 * 60 * 60  # a copy is replaced as soon as the directory changes; this only frees it

# (stamp, columns) last used by this process: most requests need no cache read at all.
_kept: tuple[str, Columns] | None = None


def _membership(ids: np.ndarray, pairs, codes: dict[int, str]) -> dict[str, np.ndarray]:
    """{code: which organisations have it} from (organisation id, reference id) rows; rows of an
    organisation not in `ids` (added meanwhile) are left out."""
    members: dict[str, np.ndarray] = {}
    if not pairs or not len(ids):
        return members
    owners, references = (np.fromiter(column, dtype=np.int64, count=len(pairs)) for column in zip(*pairs, strict=True))
    positions = np.minimum(np.searchsorted(ids, owners), len(ids) - 1)
    known = ids[positions] == owners
    positions, references = positions[known], references[known]
    for reference in np.unique(references):
        has = np.zeros(len(ids), dtype=bool)
        has[positions[references == reference]] = True
        members[codes[int(reference)]] = has
    return members


def read_columns() -> Columns:
    """The columns of every organisation, read from the database (five queries)."""
    rows = list(Organisation.objects.order_by("pk").values_list(
        "pk", "country", "experience", "can_host", "can_send", "can_coordinate", "public_listing"))
    size = len(rows)
    pks, country, experience, host, send, coordinate, listed = zip(*rows, strict=True) if rows else ((),) * 7
    ids = np.fromiter(pks, dtype=np.int64, count=size)
    links = []
    for model, through, column in ((TargetGroup, Organisation.target_groups.through, "targetgroup_id"),
                                   (Theme, Organisation.themes.through, "theme_id"),
                                   (Language, Organisation.working_languages.through, "language_id")):
        codes = dict(model.objects.values_list("pk", "code"))
        links.append(_membership(ids, list(through.objects.values_list("organisation_id", column)), codes))
    return Columns(
        ids=ids, country=np.array(country, dtype=str), experience=np.array(experience, dtype=str),
        can_host=np.fromiter(host, dtype=bool, count=size), can_send=np.fromiter(send, dtype=bool, count=size),
        can_coordinate=np.fromiter(coordinate, dtype=bool, count=size),
        listed=np.fromiter(listed, dtype=bool, count=size),
        target_groups=links[0], themes=links[1], languages=links[2])


def organisation_columns() -> Columns:
    """The columns of the directory as it is now: from this process, the cache or the database."""
    global _kept
    stamp = pagecache.stamp("directory")
    if stamp is None:
        return read_columns()
    kept = _kept
    if kept is not None and kept[0] == stamp:
        return kept[1]
    found = cache.get(CACHE_KEY)
    if found is not None and found[0] == stamp:
        columns = found[1]
    else:
        columns = read_columns()
        cache.set(CACHE_KEY, (stamp, columns), CACHE_SECONDS)
    _kept = (stamp, columns)
    return columns


def positions(columns: Columns, ids) -> np.ndarray:
    """The positions of the organisations `ids` in `columns` (those it holds)."""
    wanted = np.fromiter(ids, dtype=np.int64)
    if not len(wanted) or not len(columns):
        return np.zeros(0, dtype=np.int64)
    found = np.minimum(np.searchsorted(columns.ids, wanted), len(columns) - 1)
    return found[columns.ids[found] == wanted]
