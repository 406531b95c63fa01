"""Reading the library: the public catalogue, one agency's resources for its staff, and search.

Search reads `SearchDocument` rows (one per resource and language, folded text): on PostgreSQL with
full-text search (each row's vector in its own configuration, stored by a trigger and indexed with
GIN, migration 0003), on SQLite with the FTS5 table `library_fts` (unicode61, diacritics removed,
migration 0002), elsewhere with a plain text match. Every database answers the same way: the
resources that contain every word of the query (the last one may be the start of a word), best
first, loaded a page at a time (`Ranked`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from kopa.agencies.selectors import agencies_for_writer, staff_agency_ids, writer_agency_ids
from kopa.core.errors import NotFound
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation, TargetGroup, Theme
from kopa.events.models import Event
from kopa.events.organising.selectors import staff_events
from kopa.library.models import Resource, ResourceVersion, SearchDocument
from kopa.library.rules import TEXT_SEARCH_CONFIGS, fts_language_word, query_terms

MAX_SEARCH_RESULTS = 1000
MAX_SEARCH_DOCUMENTS = 2 * MAX_SEARCH_RESULTS  # a resource has a document per language


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    language: str = ""
    kinds: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)  # codes
    themes: list[str] = field(default_factory=list)  # codes


def _with_details(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    return queryset.select_related("agency", "strand", "cycle", "event", "working_group").prefetch_related(
        "target_groups", "themes", "authors",
        Prefetch("versions", queryset=ResourceVersion.objects.order_by("language")),
    )


def public_resources() -> QuerySet[Resource]:
    """Published resources everyone may see."""
    return _with_details(Resource.objects.filter(status=Resource.Status.PUBLISHED,
                                                 visibility=Resource.Visibility.PUBLIC))


def staff_resources(user) -> QuerySet[Resource]:
    """Every resource of the agencies whose staff pages `user` reads (drafts and staff-only ones too)."""
    return _with_details(Resource.objects.filter(agency_id__in=staff_agency_ids(user)))


def writable_resources(user) -> QuerySet[Resource]:
    return _with_details(Resource.objects.filter(agency_id__in=writer_agency_ids(user)))


def one_or_not_found(queryset, pk):
    obj = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        raise NotFound()
    return obj


def public_resource(*, pk) -> Resource:
    """A published public resource. Raises NotFound."""
    return one_or_not_found(public_resources(), pk)


def visible_resources(user) -> QuerySet[Resource]:
    """What `user` may see: the public catalogue and their own agencies' resources."""
    agencies = staff_agency_ids(user)
    return _with_details(Resource.objects.filter(
        Q(status=Resource.Status.PUBLISHED, visibility=Resource.Visibility.PUBLIC) | Q(agency_id__in=agencies)
    ))


def version_of(resource: Resource, language: str) -> ResourceVersion:
    version = resource.versions.filter(language=language).first()
    if version is None:
        raise NotFound()
    return version


def target_group_choices() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(agency__isnull=True)


def theme_choices() -> QuerySet[Theme]:
    return Theme.objects.all()


def latest_public(limit: int = 30) -> QuerySet[Resource]:
    return public_resources().order_by("-published_at", "-pk")[:limit]


# --- search -----------------------------------------------------------------------------------------


def _ranked_resources(ranked_documents: str, params: list, language: str) -> list[int]:
    """The resources of the best MAX_SEARCH_DOCUMENTS search documents (`ranked_documents`: SQL of
    (id, position) rows, already only those of the resources allowed), each once in the order of its
    best document, the first MAX_SEARCH_RESULTS: one query, so the database maps documents to
    resources instead of Python sending thousands of ids back."""
    sql = ("SELECT top.resource_id FROM (SELECT d.resource_id, MIN(ranked.position) AS first"
           f" FROM ({ranked_documents}) ranked JOIN library_searchdocument d ON d.id = ranked.id"
           + (" WHERE d.language = %s" if language else "")
           + " GROUP BY d.resource_id ORDER BY first LIMIT %s) top")
    params = [*params, *([language] if language else []), MAX_SEARCH_RESULTS]
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY top.first", params)
        return [row[0] for row in cursor.fetchall()]


def _ids_sqlite(terms: list[str], language: str, within: QuerySet | None) -> list[int]:
    # Terms are [a-z0-9]+ (nothing to escape); the last one may be the start of a word. FTS5 sorts by
    # bm25 (`rank`) itself, ties by document; the documents are then mapped to their resources.
    match = " ".join([*(f'"{term}"' for term in terms[:-1]), f'"{terms[-1]}"*',
                      *([f'"{fts_language_word(language)}"'] if language else [])])
    allowed, allowed_params = _allowed_documents(within)
    ranked = ("SELECT best.id, ROW_NUMBER() OVER (ORDER BY best.score, best.id) AS position FROM"
              " (SELECT rowid AS id, rank AS score FROM library_fts WHERE library_fts MATCH %s"
              + (f" AND rowid IN (SELECT d.id FROM library_searchdocument d WHERE {allowed})" if allowed else "")
              + " ORDER BY rank, rowid LIMIT %s) best")
    return _ranked_resources(ranked, [match, *allowed_params, MAX_SEARCH_DOCUMENTS], language)


def _allowed_documents(within: QuerySet | None) -> tuple[str, list]:
    """SQL (on the search document `d`) keeping the documents of the resources of `within`. The
    ranking reads only those, so a filter never loses matches to better-ranked documents it excludes."""
    if within is None:
        return "", []
    allowed, params = within.order_by().values("pk").query.sql_with_params()
    return f"d.resource_id IN ({allowed})", list(params)


def _ids_postgresql(terms: list[str], language: str, within: QuerySet | None) -> list[int]:
    # As on SQLite: whole words, and the start of a word for the last one. Each document's vector is
    # stored in its own configuration (migration 0003, a GIN index): the query is built once per
    # configuration in use, so the index answers each part, and ranking reads the query of the
    # document's configuration (a constant) rather than parsing it again for every document.
    words = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
    configs = sorted(set(TEXT_SEARCH_CONFIGS.values()) | {"simple"})
    parts = " OR ".join("(d.config = %s AND d.vector @@ to_tsquery(%s::regconfig, %s))" for _c in configs)
    cases = " ".join("WHEN %s THEN to_tsquery(%s::regconfig, %s)" for _c in configs)
    params: list = [value for config in configs for value in (config, config, words)]
    # Filtered before ranking (PostgreSQL hashes the allowed resources whatever it guesses of the
    # text match, instead of looping over them for every ranked document).
    allowed, allowed_params = _allowed_documents(within)
    allowed = f" AND {allowed}" if allowed else ""
    ranked = ("SELECT best.id, ROW_NUMBER() OVER (ORDER BY best.score DESC, best.id) AS position FROM"
              f" (SELECT d.id, ts_rank(d.vector, CASE d.config {cases} END) AS score"
              " FROM library_searchdocument d WHERE (" + parts + ")"
              + (" AND d.language = %s" if language else "") + allowed
              + " ORDER BY score DESC, d.id LIMIT %s) best")
    params = [*params, *params, *([language] if language else []), *allowed_params, MAX_SEARCH_DOCUMENTS]
    return _ranked_resources(ranked, params, language)


def _ids_plain(terms: list[str], language: str) -> list[int]:
    documents = SearchDocument.objects.all()
    for term in terms:
        documents = documents.filter(text__contains=term)
    if language:
        documents = documents.filter(language=language)
    return list(documents.order_by("resource_id").values_list("resource_id", flat=True).distinct()
                [:MAX_SEARCH_RESULTS])


def matching_resource_ids(query: str, *, language: str = "", within: QuerySet | None = None) -> list[int] | None:
    """The ids of the resources whose title, summary or file text holds every word of `query`
    (accents ignored), best first; None for a query without words. With `within`, of the best ones
    only those of that queryset (on SQLite and PostgreSQL filtered in the same query)."""
    terms = query_terms(query)
    if not terms:
        return None
    if connection.vendor == "sqlite":
        return _ids_sqlite(terms, language, within)
    if connection.vendor == "postgresql":
        return _ids_postgresql(terms, language, within)
    ids = _ids_plain(terms, language)
    if within is None:
        return ids
    allowed = set(within.order_by().filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in allowed]


class Ranked(Sequence):
    """Search results in order of relevance: the matching ids are known, a resource is loaded (with
    its details) only when its page is shown. Works with Django's and the API's paginators."""

    def __init__(self, ids: list[int], queryset: QuerySet[Resource]):
        self.ids = ids
        self.queryset = queryset

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            chosen = self.ids[index]
            found = {resource.pk: resource for resource in self.queryset.filter(pk__in=chosen)}
            return [found[pk] for pk in chosen if pk in found]
        return self[index:index + 1][0]


def filter_resources(queryset: QuerySet[Resource], filters: LibraryFilters) -> QuerySet | Ranked:
    """`queryset` narrowed by `filters`; with a query, in order of relevance (`Ranked`)."""
    if filters.language:
        queryset = queryset.filter(versions__language=filters.language)
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.target_groups:
        queryset = queryset.filter(target_groups__code__in=filters.target_groups)
    if filters.themes:
        queryset = queryset.filter(themes__code__in=filters.themes)
    queryset = queryset.distinct()
    ids = matching_resource_ids(filters.q, language=filters.language, within=queryset.prefetch_related(None))
    if ids is None:
        return queryset
    return Ranked(ids, queryset)


def search_public(filters: LibraryFilters):
    return filter_resources(public_resources(), filters)


# --- choices for the staff forms --------------------------------------------------------------------


def event_choices(user) -> QuerySet[Event]:
    """The events of the agencies `user` may change, newest first."""
    pks = Q(pk__in=[])
    for agency in agencies_for_writer(user):
        pks |= Q(pk__in=staff_events(user=user, agency=agency).values("pk"))
    return Event.objects.filter(pks).order_by("-start", "-pk")


def author_choices(user, resource: Resource | None = None) -> QuerySet[Organisation]:
    """Organisations `user` may name as authors: their inventory, and those already named."""
    scope = Q(pk__in=staff_scope(user).values("pk"))
    if resource is not None:
        scope |= Q(pk__in=resource.authors.values("pk"))
    return Organisation.objects.filter(scope).only("pk", "legal_name", "city", "country").order_by("legal_name")
