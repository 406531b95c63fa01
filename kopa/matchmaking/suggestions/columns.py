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
from django.db import connection

from kopa.core import pagecache
from kopa.directory.models import Language, Organisation, TargetGroup, Theme
from kopa.matchmaking.rules import Columns

CACHE_KEY = "kopa:suggestions:columns:1"
CACHE_SECONDS = 24 * 60 * 60  # a copy is replaced as soon as the directory changes; this only frees it

# (stamp, columns) last used by this process: most requests need no cache read at all.
_kept: tuple[str, Columns] | None = None


def _members(through, column: str, reference) -> dict[str, np.ndarray]:
    """{code: the ids of the organisations that have it} of one many-to-many table, in one query
    whose answer is a row per code (a list of ids as text): about ten times faster to read than a
    row per link."""
    ids = ("string_agg(CAST(t.organisation_id AS TEXT), ',')" if connection.vendor == "postgresql"
           else "group_concat(t.organisation_id, ',')")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r.code, {ids} FROM {through._meta.db_table} t "
                       f"JOIN {reference._meta.db_table} r ON r.id = t.{column} GROUP BY r.code")
        return {code: np.array(text.split(","), dtype=np.int64) for code, text in cursor.fetchall()}


def _membership(ids: np.ndarray, members: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """{code: which positions of `ids` have it}; an organisation not in `ids` (added meanwhile) is left
    out."""
    found = {}
    for code, owners in members.items():
        has = np.zeros(len(ids), dtype=bool)
        if len(ids):
            at = np.minimum(np.searchsorted(ids, owners), len(ids) - 1)
            has[at[ids[at] == owners]] = True
        found[code] = has
    return found


def read_columns() -> Columns:
    """The columns of every organisation, read from the database (four queries)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, country, experience, can_host, can_send, can_coordinate, public_listing "
                       f"FROM {Organisation._meta.db_table} ORDER BY id")
        rows = cursor.fetchall()
    size = len(rows)
    pks, country, experience, host, send, coordinate, listed = zip(*rows, strict=True) if rows else ((),) * 7
    ids = np.fromiter(pks, dtype=np.int64, count=size)
    links = [_membership(ids, _members(through, column, reference)) for through, column, reference in (
        (Organisation.target_groups.through, "targetgroup_id", TargetGroup),
        (Organisation.themes.through, "theme_id", Theme),
        (Organisation.working_languages.through, "language_id", Language))]
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
