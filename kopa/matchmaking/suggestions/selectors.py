"""Suggested partners: the database picks the candidates (publicly listed organisations and open
requests that share a target group or a theme with the reader), their profiles are read in a few bulk
queries, and the pure scoring (kopa/matchmaking/rules.py) ranks them.

The pick never changes the answer: in one query the database orders the listed organisations by
their whole score except the actions (`fit`: shared target groups, themes and languages, newcomer with
experienced, another country, host or send, roles), which live in the programmes' tables and add at
most 2 points per wanted action. The first page by fit is scored; below it, only the organisations
whose fit plus the actions they ran can still reach the last suggestion are read. The answer is that
of scoring every listed organisation (tested against it on a generated directory).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Value

from kopa.directory.models import Organisation
from kopa.matchmaking.models import DismissedSuggestion, PartnerRequest
from kopa.matchmaking.rules import (
    EXPERIENCED,
    MAX_PER_KIND,
    NEWCOMER,
    WEIGHTS,
    Profile,
    Reason,
    rank,
)
from kopa.programmes.selectors import actions_by_organisation

# How many open requests (the newest) are scored.
REQUEST_CANDIDATES = 100

TG = Organisation.target_groups.through
THEMES = Organisation.themes.through
LANGS = Organisation.working_languages.through


@dataclass
class Suggestion:
    total: int
    reasons: list[Reason]
    organisation: Organisation | None = None
    request: PartnerRequest | None = None

    @property
    def key(self) -> str:
        return f"organisation-{self.organisation.pk}" if self.organisation else f"request-{self.request.pk}"


def _codes_of(tables, ids) -> dict[str, dict[int, set[str]]]:
    """{name: {owner id: codes}} of several many-to-many tables `(name, through, owner column, code
    path)`, read in one query."""
    queries = [through.objects.filter(**{f"{column}__in": ids}).values_list(column, Value(name), code)
               for name, through, column, code in tables]
    found: dict[str, dict[int, set[str]]] = {name: {} for name, *_rest in tables}
    for owner, name, code in queries[0].union(*queries[1:], all=True):
        found[name].setdefault(owner, set()).add(code)
    return found


def _capabilities(host: bool, send: bool, coordinate: bool) -> frozenset:
    return frozenset(name for flag, name in ((host, "host"), (send, "send"), (coordinate, "coordinate")) if flag)


def organisation_profiles(ids) -> dict[int, Profile]:
    """The scoring's view of the organisations `ids`, in four queries."""
    ids = list(ids)
    if not ids:
        return {}
    codes = _codes_of([("groups", TG, "organisation_id", "targetgroup__code"),
                       ("themes", THEMES, "organisation_id", "theme__code"),
                       ("languages", LANGS, "organisation_id", "language__code")], ids)
    actions = actions_by_organisation(ids)
    rows = Organisation.objects.filter(pk__in=ids).values_list(
        "pk", "country", "experience", "can_host", "can_send", "can_coordinate")
    return {
        pk: Profile(
            key=("organisation", pk), country=country, experience=experience,
            target_groups=frozenset(codes["groups"].get(pk, ())), themes=frozenset(codes["themes"].get(pk, ())),
            languages=frozenset(codes["languages"].get(pk, ())), can=_capabilities(host, send, coordinate),
            actions=frozenset(actions.get(pk, ())),
        )
        for pk, country, experience, host, send, coordinate in rows
    }


def request_profiles(requests) -> dict[int, Profile]:
    """Requests seen as their organisation (country, experience, what it can do) with the request's
    own target groups, themes, languages, wishes and action."""
    requests = list(requests)
    if not requests:
        return {}
    ids = [r.pk for r in requests]
    codes = _codes_of([("groups", PartnerRequest.target_groups.through, "partnerrequest_id", "targetgroup__code"),
                       ("themes", PartnerRequest.themes.through, "partnerrequest_id", "theme__code"),
                       ("languages", PartnerRequest.working_languages.through, "partnerrequest_id",
                        "language__code")], ids)
    # Of the organisation that posted it, only where it is, its experience and what it can do count.
    owners = {pk: (country, experience, _capabilities(host, send, coordinate))
              for pk, country, experience, host, send, coordinate in Organisation.objects.filter(
                  pk__in={r.organisation_id for r in requests}).values_list(
                  "pk", "country", "experience", "can_host", "can_send", "can_coordinate")}
    profiles = {}
    for r in requests:
        country, experience, can = owners.get(r.organisation_id, ("", "", frozenset()))
        profiles[r.pk] = Profile(
            key=("request", r.pk), country=country, experience=experience,
            target_groups=frozenset(codes["groups"].get(r.pk, ())), themes=frozenset(codes["themes"].get(r.pk, ())),
            languages=frozenset(codes["languages"].get(r.pk, ())), can=can, roles_wanted=frozenset(r.roles),
            actions=frozenset({r.action}),
        )
    return profiles


def _capped(expression: str, weight: int) -> str:
    return f"(CASE WHEN {expression} > {MAX_PER_KIND} THEN {MAX_PER_KIND} ELSE {expression} END) * {weight}"


def _fit_sql(reader: Profile) -> tuple[str, list]:
    """The SQL of `score` without the actions (which live in another app's tables) for an organisation
    `o` and its rows `s` of shared target groups (kind 1), themes (2) and languages (3)."""
    complement = {NEWCOMER: EXPERIENCED, EXPERIENCED: NEWCOMER}.get(reader.experience)
    parts = [_capped("SUM(CASE WHEN s.kind = 1 THEN 1 ELSE 0 END)", WEIGHTS["target_group"]),
             _capped("SUM(CASE WHEN s.kind = 2 THEN 1 ELSE 0 END)", WEIGHTS["theme"]),
             _capped("SUM(CASE WHEN s.kind = 3 THEN 1 ELSE 0 END)", WEIGHTS["language"])]
    params: list = []
    if complement:
        parts.append(f"CASE WHEN o.experience = %s THEN {WEIGHTS['experience']} ELSE 0 END")
        params.append(complement)
    if reader.country:
        parts.append(f"CASE WHEN o.country <> '' AND o.country <> %s THEN {WEIGHTS['country']} ELSE 0 END")
        params.append(reader.country)
    if "send" in reader.can or "host" in reader.can:
        host_send = " OR ".join([*(["o.can_host"] if "send" in reader.can else []),
                                 *(["o.can_send"] if "host" in reader.can else [])])
        parts.append(f"CASE WHEN {host_send} THEN {WEIGHTS['host_send']} ELSE 0 END")
    roles = [f"CASE WHEN o.can_{role} THEN 1 ELSE 0 END" for role in ("host", "send", "coordinate")
             if role in reader.roles_wanted] + (["1"] if "partner" in reader.roles_wanted else [])
    if roles:
        parts.append(_capped("(" + " + ".join(roles) + ")", WEIGHTS["role"]))
    return " + ".join(parts), params


def _fits(reader: Profile, *, exclude_ids, countries=(), limit: int | None = None,
          min_fit: int | None = None) -> list[tuple[int, int]]:
    """(organisation id, fit) of the publicly listed organisations sharing a target group or a theme
    with `reader`, best fit first (then by id): the first `limit`, or all with at least `min_fit`.
    The fit is the score without the actions: exact, from the shared rows, in one query."""
    shared, params = [], []
    for kind, (through, column, model, values) in enumerate((
            (TG, "targetgroup_id", "directory_targetgroup", reader.target_groups),
            (THEMES, "theme_id", "directory_theme", reader.themes),
            (LANGS, "language_id", "directory_language", reader.languages)), start=1):
        if values:
            shared.append(f"SELECT t.organisation_id, {kind} AS kind FROM {through._meta.db_table} t "
                          f"JOIN {model} r ON r.id = t.{column} WHERE r.code IN ({', '.join(['%s'] * len(values))})")
            params += sorted(values)
    if not (reader.target_groups or reader.themes):
        return []
    fit, fit_params = _fit_sql(reader)
    where, where_params = ["o.public_listing"], []
    if exclude_ids:
        where.append(f"o.id NOT IN ({', '.join(['%s'] * len(exclude_ids))})")
        where_params += sorted(exclude_ids)
    if countries:
        where.append(f"o.country IN ({', '.join(['%s'] * len(countries))})")
        where_params += list(countries)
    sql = (f"SELECT o.id, {fit} AS fit FROM ({' UNION ALL '.join(shared)}) s "
           f"JOIN directory_organisation o ON o.id = s.organisation_id WHERE {' AND '.join(where)} "
           f"GROUP BY o.id, o.experience, o.country, o.can_host, o.can_send, o.can_coordinate "
           f"HAVING SUM(CASE WHEN s.kind < 3 THEN 1 ELSE 0 END) > 0")
    params = fit_params + params + where_params
    if min_fit is not None:
        sql += f" AND {fit} >= %s"
        params += fit_params + [min_fit]
    sql += " ORDER BY fit DESC, o.id"
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, fit) for pk, fit in cursor.fetchall()]


def _best_organisations(reader: Profile, ranked: list, *, limit: int, exclude_ids, countries=()) -> list:
    """`ranked` (requests already scored) with the best-scoring organisations merged in, exactly as if
    every publicly listed organisation had been scored: the database orders them by their score
    without the actions; those below the first `limit` are read only if their actions could lift
    them to the last suggestion."""
    pool = [candidate for _t, _r, candidate in ranked]
    first = _fits(reader, exclude_ids=exclude_ids, countries=countries, limit=limit)
    pool += organisation_profiles([pk for pk, _fit in first]).values()
    ranked = rank(reader, pool, limit=limit)
    if len(first) < limit:
        return ranked  # every organisation sharing something was read
    slack = min(len(reader.actions), MAX_PER_KIND) * WEIGHTS["action"]
    needed = ranked[-1][0] - slack
    if slack and first[-1][1] >= needed:
        more = _fits(reader, exclude_ids={*exclude_ids, *(pk for pk, _fit in first)}, countries=countries,
                     min_fit=needed)
        # Below the last suggestion's score only an organisation that ran a wanted action can catch up.
        short = [pk for pk, fit in more if fit < ranked[-1][0]]
        actions = actions_by_organisation(short) if short else {}
        wanted = {pk for pk in short if actions.get(pk, set()) & reader.actions}
        pool += organisation_profiles([pk for pk, fit in more if fit >= ranked[-1][0] or pk in wanted]).values()
        ranked = rank(reader, pool, limit=limit)
    return ranked


def _dismissed(organisation_id: int) -> tuple[set[int], set[int]]:
    rows = DismissedSuggestion.objects.filter(organisation_id=organisation_id).values_list(
        "suggested_organisation_id", "suggested_request_id")
    return {o for o, _r in rows if o}, {r for _o, r in rows if r}


def _open_requests(*, exclude_organisation: int, exclude_ids, country: str):
    qs = (PartnerRequest.objects.filter(status=PartnerRequest.Status.OPEN, hidden=False)
          .exclude(organisation_id=exclude_organisation).exclude(pk__in=exclude_ids)
          .order_by("-created_at")[:REQUEST_CANDIDATES])
    return [r for r in qs if not r.countries or country in r.countries]


def _suggestions(reader: Profile, *, owner_id: int, limit: int, include_requests: bool,
                 countries=(), exclude_request: int | None = None) -> list[Suggestion]:
    dismissed_orgs, dismissed_requests = _dismissed(owner_id)
    requests = {}
    candidates = []
    if include_requests:
        excluded = dismissed_requests | ({exclude_request} if exclude_request else set())
        requests = {r.pk: r for r in _open_requests(exclude_organisation=owner_id, exclude_ids=excluded,
                                                    country=reader.country)}
        candidates = list(request_profiles(requests.values()).values())
    ranked = _best_organisations(reader, rank(reader, candidates, limit=limit), limit=limit,
                                 exclude_ids={owner_id, *dismissed_orgs}, countries=countries)
    organisations = Organisation.objects.in_bulk([c.key[1] for _t, _r, c in ranked if c.key[0] == "organisation"])
    out = []
    for total, reasons, candidate in ranked:
        kind, pk = candidate.key
        if kind == "organisation":
            out.append(Suggestion(total=total, reasons=reasons, organisation=organisations[pk]))
        else:
            out.append(Suggestion(total=total, reasons=reasons, request=requests[pk]))
    return out


def suggestions_for_organisation(*, organisation: Organisation, limit: int = 20) -> list[Suggestion]:
    """Publicly listed organisations and open requests that would be good partners, best first."""
    reader = organisation_profiles([organisation.pk])[organisation.pk]
    wanted = set(PartnerRequest.objects.filter(organisation=organisation, status=PartnerRequest.Status.OPEN)
                 .values_list("action", flat=True))
    reader = Profile(**{**reader.__dict__, "actions": frozenset(wanted)})
    return _suggestions(reader, owner_id=organisation.pk, limit=limit, include_requests=True)


def suggestions_for_request(*, request: PartnerRequest, limit: int = 20) -> list[Suggestion]:
    """Publicly listed organisations (in the countries the request wants) that would fit it, best first."""
    reader = request_profiles([request])[request.pk]
    return _suggestions(reader, owner_id=request.organisation_id, limit=limit, include_requests=False,
                        countries=request.countries)
