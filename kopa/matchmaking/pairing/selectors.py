"""Reads of mentor pairing for a campaign: who may be paired (the newcomers of its target list, the
experienced organisations of the agency's inventory), the score of every pair (the suggested
partners' scoring, kopa/matchmaking/rules.py), the proposal (the pairs of highest total score, each
mentor taking at most k newcomers: an exact min-cost flow, kopa/matchmaking/optimise/pairing.py) and
the table the officer adjusts, with each pair's reasons in words.
"""

import heapq
from collections import Counter
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from kopa.directory.models import Organisation
from kopa.matchmaking.models import MentorPairing, PartnerRequest
from kopa.matchmaking.optimise import pair
from kopa.matchmaking.rules import EXPERIENCED, PAIRING_OPTIONS, Profile, score, score_total
from kopa.matchmaking.suggestions.selectors import organisation_profiles
from kopa.matchmaking.suggestions.texts import ReasonText, ReasonWords
from kopa.outreach.campaigns.selectors import target_organisations
from kopa.outreach.models import Campaign


def newcomer_candidates(campaign: Campaign) -> list[Organisation]:
    """The organisations of the campaign's target list, by name."""
    return target_organisations(campaign)


def mentor_candidates(campaign: Campaign) -> list[Organisation]:
    """The organisations experienced in the programme in the inventory of the campaign's agency, by
    name: the directory has no "willing to mentor" of its own, experience is what a mentor brings."""
    return list(Organisation.objects.filter(agencies=campaign.agency_id, experience=EXPERIENCED)
                .order_by("legal_name", "id"))


def confirmed_pairings(campaign: Campaign) -> list[MentorPairing]:
    """The pairs confirmed in the campaign, by newcomer."""
    return list(MentorPairing.objects.filter(campaign=campaign)
                .select_related("newcomer", "mentor", "confirmed_by", "newcomer_interaction")
                .order_by("newcomer__legal_name", "newcomer_id"))


def taken_elsewhere(campaign: Campaign, newcomer_ids) -> dict[int, int]:
    """Mentor id -> how many newcomers it mentors in the campaign besides `newcomer_ids` (pairs that
    stay as they are while those are paired again)."""
    rows = (MentorPairing.objects.filter(campaign=campaign).exclude(newcomer_id__in=list(newcomer_ids))
            .values_list("mentor_id", flat=True))
    return dict(Counter(rows))


@dataclass
class Scoring:
    """Every pair's score, and what the scoring knows of each organisation."""

    newcomers: list[Organisation]
    mentors: list[Organisation]
    scores: dict[tuple[int, int], int]
    readers: dict[int, Profile]  # each newcomer as the reader of its suggestions
    profiles: dict[int, Profile]  # each mentor as a candidate

    def of(self, newcomer_id: int, mentor_id: int | None) -> int | None:
        return None if mentor_id is None else self.scores.get((newcomer_id, mentor_id), 0)


def pairing_scoring(newcomers: list[Organisation], mentors: list[Organisation]) -> Scoring:
    """Score every (newcomer, mentor) pair as the newcomer's suggested partners are scored: the
    newcomer is the reader (what it looks for in its open partner requests counts as the actions it
    wants), the mentor the candidate. A few queries, then plain Python."""
    newcomer_ids = [o.pk for o in newcomers]
    mentor_ids = [o.pk for o in mentors]
    profiles = organisation_profiles({*newcomer_ids, *mentor_ids})
    wanted: dict[int, set[str]] = {}
    for organisation_id, action in PartnerRequest.objects.filter(
            organisation_id__in=newcomer_ids, status=PartnerRequest.Status.OPEN).values_list("organisation_id",
                                                                                               "action"):
        wanted.setdefault(organisation_id, set()).add(action)
    readers = {pk: replace(profiles[pk], actions=frozenset(wanted.get(pk, ()))) for pk in newcomer_ids}
    candidates = [(pk, profiles[pk]) for pk in mentor_ids]
    scores = {(n, m): score_total(reader, candidate)
              for n, reader in readers.items() for m, candidate in candidates if m != n}
    return Scoring(newcomers=list(newcomers), mentors=list(mentors), scores=scores, readers=readers,
                   profiles={pk: profiles[pk] for pk in mentor_ids})


def proposal(*, campaign: Campaign, scoring: Scoring, k: int) -> dict[int, int | None]:
    """Newcomer id -> mentor id (None: no mentor) of the highest total score, each mentor taking at
    most `k` newcomers counting those it mentors in the campaign already."""
    newcomer_ids = [o.pk for o in scoring.newcomers]
    taken = taken_elsewhere(campaign, newcomer_ids)
    caps = {o.pk: max(k - taken.get(o.pk, 0), 0) for o in scoring.mentors}
    pairs = pair(newcomer_ids, [o.pk for o in scoring.mentors], scoring.scores, caps)
    chosen = {p.newcomer: p.mentor for p in pairs}
    return {pk: chosen.get(pk) for pk in newcomer_ids}


@dataclass
class Option:
    mentor_id: int
    label: str  # "name (score 12)"
    selected: bool


@dataclass
class Row:
    """One newcomer of the table: its mentor (or none), the score, why, and the mentors it may get."""

    newcomer: Organisation
    mentor: Organisation | None
    score: int | None
    reasons: list[ReasonText]
    options: list[Option]
    current: MentorPairing | None = None


@dataclass
class PairingTable:
    rows: list[Row]
    total: int
    paired: int
    unpaired: list[Organisation] = field(default_factory=list)


def pairing_table(*, scoring: Scoring, choice: dict, current: dict[int, MentorPairing]) -> PairingTable:
    """The table of `choice` (newcomer id -> mentor id or None), each pair with its reasons in the
    active language; each newcomer's list offers the best-scoring mentors (all of them when there
    are few; ties by name) and whichever it has or had."""
    words = ReasonWords()
    mentors = scoring.mentors  # by name
    ids = [o.pk for o in mentors]
    index = {pk: i for i, pk in enumerate(ids)}
    option_text = _("%(name)s (score %(score)s)")
    scores = scoring.scores
    rows = []
    for newcomer in scoring.newcomers:
        n = newcomer.pk
        chosen = choice.get(n)
        mentor = mentors[index[chosen]] if chosen in index else None
        reasons = []
        if mentor is not None:
            _total, found = score(scoring.readers[n], scoring.profiles[mentor.pk])
            reasons = words.texts(found)
        offered = heapq.nsmallest(PAIRING_OPTIONS, (i for i, pk in enumerate(ids) if pk != n),
                                  key=lambda i: -scores.get((n, ids[i]), 0))
        was = current.get(n)
        for extra in (chosen, was.mentor_id if was else None):
            if extra in index and index[extra] not in offered:
                offered.append(index[extra])
        offered.sort(key=lambda i: (-scores.get((n, ids[i]), 0), i))
        options = [Option(mentor_id=ids[i], selected=ids[i] == chosen, label=option_text % {
            "name": mentors[i].legal_name, "score": scores.get((n, ids[i]), 0)}) for i in offered]
        rows.append(Row(newcomer=newcomer, mentor=mentor, score=scoring.of(n, chosen if mentor else None),
                        reasons=reasons, options=options, current=was))
    paired = [row for row in rows if row.mentor is not None]
    return PairingTable(rows=rows, total=sum(row.score for row in paired), paired=len(paired),
                        unpaired=[row.newcomer for row in rows if row.mentor is None])
