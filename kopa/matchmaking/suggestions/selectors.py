"""Suggested partners: a cheap prefilter in the database picks the candidates (publicly listed
organisations and open requests that share a target group or a theme with the reader), their
profiles are read in a few bulk queries, and the pure scoring (kopa/matchmaking/rules.py) ranks them.

One organisation against a national dataset reads at most CANDIDATES organisations: the ones sharing
the most target groups, then the most themes, whatever the size of the directory.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Max, Value, When

from kopa.directory.models import Language, Organisation, TargetGroup, Theme
from kopa.matchmaking.models import DismissedSuggestion, PartnerRequest
from kopa.matchmaking.rules import EXPERIENCED, NEWCOMER, WEIGHTS, Profile, Reason, rank
from kopa.programmes.selectors import actions_by_organisation

# How many organisations and open requests the database prefilter hands to the scoring.
CANDIDATES = 150
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


def reference_codes() -> dict[str, dict[int, str]]:
    """The codes of the small reference tables by id, read once per suggestion list rather than
    joined into every row."""
    return {"targetgroup": dict(TargetGroup.objects.values_list("pk", "code")),
            "theme": dict(Theme.objects.values_list("pk", "code")),
            "language": dict(Language.objects.values_list("pk", "code"))}


def _codes(through, column: str, code_field: str, ids, codes: dict) -> dict[int, set[str]]:
    """{owner id: codes} of a many-to-many table."""
    related, _field = code_field.split("__")
    names = codes[related]
    found: dict[int, set[str]] = {}
    for owner, ref in through.objects.filter(**{f"{column}__in": ids}).values_list(column, f"{related}_id"):
        found.setdefault(owner, set()).add(names[ref])
    return found


def _capabilities(host: bool, send: bool, coordinate: bool) -> frozenset:
    return frozenset(name for flag, name in ((host, "host"), (send, "send"), (coordinate, "coordinate")) if flag)


def organisation_profiles(ids, codes: dict | None = None) -> dict[int, Profile]:
    """The scoring's view of the organisations `ids`, in six queries."""
    ids = list(ids)
    codes = codes or reference_codes()
    groups = _codes(TG, "organisation_id", "targetgroup__code", ids, codes)
    themes = _codes(THEMES, "organisation_id", "theme__code", ids, codes)
    languages = _codes(LANGS, "organisation_id", "language__code", ids, codes)
    actions = actions_by_organisation(ids)
    rows = Organisation.objects.filter(pk__in=ids).values_list(
        "pk", "country", "experience", "can_host", "can_send", "can_coordinate")
    return {
        pk: Profile(
            key=("organisation", pk), country=country, experience=experience,
            target_groups=frozenset(groups.get(pk, ())), themes=frozenset(themes.get(pk, ())),
            languages=frozenset(languages.get(pk, ())), can=_capabilities(host, send, coordinate),
            actions=frozenset(actions.get(pk, ())),
        )
        for pk, country, experience, host, send, coordinate in rows
    }


def request_profiles(requests, codes: dict | None = None) -> dict[int, Profile]:
    """Requests seen as their organisation (country, experience, what it can do) with the request's
    own target groups, themes, languages, wishes and action."""
    requests = list(requests)
    ids = [r.pk for r in requests]
    codes = codes or reference_codes()
    groups = _codes(PartnerRequest.target_groups.through, "partnerrequest_id", "targetgroup__code", ids, codes)
    themes = _codes(PartnerRequest.themes.through, "partnerrequest_id", "theme__code", ids, codes)
    languages = _codes(PartnerRequest.working_languages.through, "partnerrequest_id", "language__code", ids, codes)
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
            target_groups=frozenset(groups.get(r.pk, ())), themes=frozenset(themes.get(r.pk, ())),
            languages=frozenset(languages.get(r.pk, ())), can=can, roles_wanted=frozenset(r.roles),
            actions=frozenset({r.action}),
        )
    return profiles


def _sharing(through, column: str, values, *, reader: Profile, weight: int, limit: int, exclude_ids,
             countries=()) -> list[int]:
    """Publicly listed organisations sharing `values` with `reader`, at most `limit`, ordered in the
    database by the larger parts of the score: what they share, newcomer with experienced, another
    country."""
    if not values:
        return []
    qs = through.objects.filter(**{f"{column}__in": values}, organisation__public_listing=True)
    if countries:
        qs = qs.filter(organisation__country__in=countries)
    complement = {NEWCOMER: EXPERIENCED, EXPERIENCED: NEWCOMER}.get(reader.experience)
    return list(
        qs.exclude(organisation_id__in=exclude_ids).values("organisation_id")
        .annotate(fit=Count("id") * weight
                  + Max(Case(When(organisation__experience=complement, then=Value(WEIGHTS["experience"])),
                             default=Value(0)))
                  + Max(Case(When(organisation__country=reader.country, then=Value(0)),
                             default=Value(WEIGHTS["country"]))))
        .order_by("-fit", "organisation_id").values_list("organisation_id", flat=True)[:limit]
    )


def _candidate_organisations(reader: Profile, *, exclude_ids, countries=()) -> list[int]:
    """Those sharing target groups first; those sharing only themes when the first are few."""
    group_ids = list(TargetGroup.objects.filter(code__in=reader.target_groups).values_list("pk", flat=True))
    found = _sharing(TG, "targetgroup_id", group_ids, reader=reader, weight=WEIGHTS["target_group"],
                     limit=CANDIDATES, exclude_ids=exclude_ids, countries=countries)
    if len(found) < CANDIDATES:
        theme_ids = list(Theme.objects.filter(code__in=reader.themes).values_list("pk", flat=True))
        found += _sharing(THEMES, "theme_id", theme_ids, reader=reader, weight=WEIGHTS["theme"],
                          limit=CANDIDATES - len(found), exclude_ids={*exclude_ids, *found}, countries=countries)
    return list(dict.fromkeys(found))


def _dismissed(organisation_id: int) -> tuple[set[int], set[int]]:
    rows = DismissedSuggestion.objects.filter(organisation_id=organisation_id).values_list(
        "suggested_organisation_id", "suggested_request_id")
    return {o for o, _r in rows if o}, {r for _o, r in rows if r}


def _open_requests(*, exclude_organisation: int, exclude_ids, country: str):
    qs = (PartnerRequest.objects.filter(status=PartnerRequest.Status.OPEN, hidden=False)
          .exclude(organisation_id=exclude_organisation).exclude(pk__in=exclude_ids)
          .order_by("-created_at")[:REQUEST_CANDIDATES])
    return [r for r in qs if not r.countries or country in r.countries]


def _suggestions(reader: Profile, *, codes: dict, owner_id: int, limit: int, include_requests: bool,
                 countries=(), exclude_request: int | None = None) -> list[Suggestion]:
    dismissed_orgs, dismissed_requests = _dismissed(owner_id)
    candidate_ids = _candidate_organisations(reader, exclude_ids={owner_id, *dismissed_orgs}, countries=countries)
    candidates = list(organisation_profiles(candidate_ids, codes).values())
    requests = {}
    if include_requests:
        excluded = dismissed_requests | ({exclude_request} if exclude_request else set())
        requests = {r.pk: r for r in _open_requests(exclude_organisation=owner_id, exclude_ids=excluded,
                                                    country=reader.country)}
        candidates += list(request_profiles(requests.values(), codes).values())
    ranked = rank(reader, candidates, limit=limit)
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
    codes = reference_codes()
    reader = organisation_profiles([organisation.pk], codes)[organisation.pk]
    wanted = set(PartnerRequest.objects.filter(organisation=organisation, status=PartnerRequest.Status.OPEN)
                 .values_list("action", flat=True))
    reader = Profile(**{**reader.__dict__, "actions": frozenset(wanted)})
    return _suggestions(reader, codes=codes, owner_id=organisation.pk, limit=limit, include_requests=True)


def suggestions_for_request(*, request: PartnerRequest, limit: int = 20) -> list[Suggestion]:
    """Publicly listed organisations (in the countries the request wants) that would fit it, best first."""
    codes = reference_codes()
    reader = request_profiles([request], codes)[request.pk]
    return _suggestions(reader, codes=codes, owner_id=request.organisation_id, limit=limit, include_requests=False,
                        countries=request.countries)
