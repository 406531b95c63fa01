"""Suggested partners: publicly listed organisations and open requests that share a target group or
a theme with the reader, ranked by the pure scoring (kopa/matchmaking/rules.py) with its reasons.

Every listed organisation is scored, at once: the directory is held as columns (one array per
attribute, `columns.py`, read once per version of the directory and kept in the cache), `rules.totals`
scores all of them in a few milliseconds, and only the first page is turned into profiles and
explained by `rules.score` through `rank`, together with the newest open requests. The answer is
that of scoring every listed organisation one by one (tested against it on random directories).
"""

from dataclasses import dataclass

import numpy as np

from django.db.models import Value

from kopa.directory.models import Organisation
from kopa.matchmaking.models import DismissedSuggestion, PartnerRequest
from kopa.matchmaking.rules import Columns, Profile, Reason, rank, totals
from kopa.matchmaking.suggestions.columns import organisation_columns, positions
from kopa.programmes.selectors import actions_by_organisation, organisations_by_action

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


def _request_codes(ids) -> dict[str, dict[int, set[str]]]:
    return _codes_of([("groups", PartnerRequest.target_groups.through, "partnerrequest_id", "targetgroup__code"),
                      ("themes", PartnerRequest.themes.through, "partnerrequest_id", "theme__code"),
                      ("languages", PartnerRequest.working_languages.through, "partnerrequest_id",
                       "language__code")], ids)


def _request_profile(pk: int, *, roles, action: str, owner: tuple, codes: dict) -> Profile:
    country, experience, can = owner
    return Profile(
        key=("request", pk), country=country, experience=experience,
        target_groups=frozenset(codes["groups"].get(pk, ())), themes=frozenset(codes["themes"].get(pk, ())),
        languages=frozenset(codes["languages"].get(pk, ())), can=can, roles_wanted=frozenset(roles),
        actions=frozenset({action}),
    )


def request_profiles(requests) -> dict[int, Profile]:
    """Requests seen as their organisation (country, experience, what it can do) with the request's
    own target groups, themes, languages, wishes and action."""
    requests = list(requests)
    if not requests:
        return {}
    codes = _request_codes([r.pk for r in requests])
    # Of the organisation that posted it, only where it is, its experience and what it can do count.
    owners = {pk: (country, experience, _capabilities(host, send, coordinate))
              for pk, country, experience, host, send, coordinate in Organisation.objects.filter(
                  pk__in={r.organisation_id for r in requests}).values_list(
                  "pk", "country", "experience", "can_host", "can_send", "can_coordinate")}
    return {r.pk: _request_profile(r.pk, roles=r.roles, action=r.action, codes=codes,
                                   owner=owners.get(r.organisation_id, ("", "", frozenset())))
            for r in requests}


def _open_request_profiles(columns: Columns, *, exclude_organisation: int, exclude_ids,
                           country: str) -> list[Profile]:
    """The newest open requests, as `request_profiles` sees them, in two queries (their organisations
    from `columns`)."""
    rows = [row for row in (PartnerRequest.objects.filter(status=PartnerRequest.Status.OPEN, hidden=False)
                            .exclude(organisation_id=exclude_organisation).exclude(pk__in=exclude_ids)
                            .order_by("-created_at")
                            .values_list("pk", "organisation_id", "roles", "action", "countries")[:REQUEST_CANDIDATES])
            if not row[4] or country in row[4]]
    if not rows:
        return []
    codes = _request_codes([pk for pk, *_rest in rows])
    owners = {int(columns.ids[i]): (str(columns.country[i]), str(columns.experience[i]), columns.can(i))
              for i in positions(columns, sorted({owner for _pk, owner, *_rest in rows}))}
    return [_request_profile(pk, roles=roles, action=action, codes=codes,
                             owner=owners.get(owner, ("", "", frozenset())))
            for pk, owner, roles, action, _countries in rows]


def _best_organisations(reader: Profile, columns: Columns, *, limit: int, exclude_ids,
                        countries=()) -> list[Profile]:
    """The `limit` publicly listed organisations that `rank` would put first for `reader`, as if every
    one of them had been scored: the whole directory is scored at once from its columns, the actions
    they ran added from the programmes."""
    ran = organisations_by_action(reader.actions)
    shared_actions = None
    if ran:
        shared_actions = np.zeros(len(columns), dtype=np.int16)
        at = positions(columns, ran)
        shared_actions[at] = [len(ran[int(pk)]) for pk in columns.ids[at]]
    total, shares = totals(reader, columns, actions_shared=shared_actions)
    eligible = shares & columns.listed
    eligible[positions(columns, exclude_ids)] = False
    if countries:
        eligible &= np.isin(columns.country, list(countries))
    candidates = np.flatnonzero(eligible)
    # Best first; the stable sort keeps equal totals in the order of their ids, as `rank` does.
    best = candidates[np.argsort(-total[candidates], kind="stable")[:limit]]
    return [columns.profile(i, actions=ran.get(int(columns.ids[i]), ())) for i in best]


def _dismissed(organisation_id: int) -> tuple[set[int], set[int]]:
    rows = DismissedSuggestion.objects.filter(organisation_id=organisation_id).values_list(
        "suggested_organisation_id", "suggested_request_id")
    return {o for o, _r in rows if o}, {r for _o, r in rows if r}


def _suggestions(reader: Profile, columns: Columns, *, owner_id: int, limit: int, include_requests: bool,
                 countries=()) -> list[Suggestion]:
    dismissed_orgs, dismissed_requests = _dismissed(owner_id)
    candidates = []
    if include_requests:
        candidates = _open_request_profiles(columns, exclude_organisation=owner_id, exclude_ids=dismissed_requests,
                                            country=reader.country)
    candidates += _best_organisations(reader, columns, limit=limit, exclude_ids={owner_id, *dismissed_orgs},
                                      countries=countries)
    ranked = rank(reader, candidates, limit=limit)
    chosen = {kind: [c.key[1] for _t, _r, c in ranked if c.key[0] == kind] for kind in ("organisation", "request")}
    found = {"organisation": Organisation.objects.in_bulk(chosen["organisation"]),
             "request": PartnerRequest.objects.select_related("organisation").in_bulk(chosen["request"])}
    out = []
    for total, reasons, candidate in ranked:
        kind, pk = candidate.key
        if pk in found[kind]:  # unless deleted a moment ago
            out.append(Suggestion(total=total, reasons=reasons, **{kind: found[kind][pk]}))
    return out


def suggestions_for_organisation(*, organisation: Organisation, limit: int = 20) -> list[Suggestion]:
    """Publicly listed organisations and open requests that would be good partners, best first."""
    wanted = set(PartnerRequest.objects.filter(organisation=organisation, status=PartnerRequest.Status.OPEN)
                 .values_list("action", flat=True))
    columns = organisation_columns()
    at = positions(columns, [organisation.pk])
    if len(at):
        reader = columns.profile(int(at[0]), actions=wanted)
    else:  # added after the columns were read
        reader = Profile(**{**organisation_profiles([organisation.pk])[organisation.pk].__dict__,
                            "actions": frozenset(wanted)})
    return _suggestions(reader, columns, owner_id=organisation.pk, limit=limit, include_requests=True)


def suggestions_for_request(*, request: PartnerRequest, limit: int = 20) -> list[Suggestion]:
    """Publicly listed organisations (in the countries the request wants) that would fit it, best first."""
    reader = request_profiles([request])[request.pk]
    return _suggestions(reader, organisation_columns(), owner_id=request.organisation_id, limit=limit,
                        include_requests=False, countries=request.countries)
