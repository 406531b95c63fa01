"""Why two partners fit: the scoring of suggested partners, one pure function over plain data, so it
can be tested and benchmarked without a database.

`score(reader, candidate)` compares two `Profile`s (an organisation, or a partner request seen as the
organisation that posted it with the request's own target groups, themes, languages and wishes) and
returns the reasons, each with its weight; the total is their sum. The words of each reason are
chosen by the page, in the reader's language (kopa/matchmaking/suggestions/texts.py).

`totals(reader, columns)` gives the same totals for many organisations at once, held as columns (one
numpy array per attribute, one position per organisation), so a national directory is scored in a few
milliseconds; the page then explains its best ones with `score`.
"""

from dataclasses import dataclass, field

import numpy as np

NEWCOMER = "none"
EXPERIENCED = "experienced"

# How much each reason weighs; the page shows these numbers beside each reason.
WEIGHTS = {
    "target_group": 3,  # per target group both work with
    "experience": 4,  # newcomer <-> experienced: the Latvian NEET partnership's rule
    "country": 2,  # another country: a transnational partnership
    "language": 1,  # per shared working language
    "host_send": 2,  # can host when you can send (or send when you can host)
    "role": 2,  # can take a role the request looks for (or looks for one you can take)
    "theme": 1,  # per shared theme
    "action": 2,  # has run the action before
}
# At most this many reasons of one kind count (a long list of shared languages is not a better match).
MAX_PER_KIND = 3


@dataclass(frozen=True)
class Profile:
    """What the scoring knows about an organisation or a request."""

    key: tuple
    country: str
    experience: str = NEWCOMER
    target_groups: frozenset = field(default_factory=frozenset)
    themes: frozenset = field(default_factory=frozenset)
    languages: frozenset = field(default_factory=frozenset)
    can: frozenset = field(default_factory=frozenset)  # of "host", "send", "coordinate"
    roles_wanted: frozenset = field(default_factory=frozenset)  # a request's wishes
    actions: frozenset = field(default_factory=frozenset)  # actions wanted (reader) or run (candidate)


@dataclass(frozen=True)
class Reason:
    code: str
    weight: int
    value: str = ""  # the target group, language, theme, country, role or action it is about


def _each(code: str, values) -> list[Reason]:
    return [Reason(code, WEIGHTS[code], value) for value in sorted(values)[:MAX_PER_KIND]]


def score(reader: Profile, candidate: Profile) -> tuple[int, list[Reason]]:
    """The total and the reasons why `candidate` is a good partner for `reader` (pure)."""
    reasons = _each("target_group", reader.target_groups & candidate.target_groups)
    if {reader.experience, candidate.experience} == {NEWCOMER, EXPERIENCED}:
        reasons.append(Reason("experience", WEIGHTS["experience"], candidate.experience))
    if reader.country and candidate.country and reader.country != candidate.country:
        reasons.append(Reason("country", WEIGHTS["country"], candidate.country))
    reasons += _each("language", reader.languages & candidate.languages)
    if "send" in reader.can and "host" in candidate.can:
        reasons.append(Reason("host_send", WEIGHTS["host_send"], "host"))
    elif "host" in reader.can and "send" in candidate.can:
        reasons.append(Reason("host_send", WEIGHTS["host_send"], "send"))
    reasons += _each("role", reader.roles_wanted & (candidate.can | {"partner"}))
    reasons += [Reason("role", WEIGHTS["role"], f"offer:{r}")
                for r in sorted(candidate.roles_wanted & (reader.can | {"partner"}))[:MAX_PER_KIND]]
    reasons += _each("theme", reader.themes & candidate.themes)
    reasons += _each("action", reader.actions & candidate.actions)
    return sum(r.weight for r in reasons), reasons


def score_total(reader: Profile, candidate: Profile) -> int:
    """`score(reader, candidate)`'s total without its reasons: the same rules, counted rather than
    listed, for scoring every pair of a mentor pairing (500 × 200 pairs in a fraction of a second)."""
    total = min(len(reader.target_groups & candidate.target_groups), MAX_PER_KIND) * WEIGHTS["target_group"]
    if {reader.experience, candidate.experience} == {NEWCOMER, EXPERIENCED}:
        total += WEIGHTS["experience"]
    if reader.country and candidate.country and reader.country != candidate.country:
        total += WEIGHTS["country"]
    total += min(len(reader.languages & candidate.languages), MAX_PER_KIND) * WEIGHTS["language"]
    if ("send" in reader.can and "host" in candidate.can) or ("host" in reader.can and "send" in candidate.can):
        total += WEIGHTS["host_send"]
    if reader.roles_wanted:
        total += min(len(reader.roles_wanted & (candidate.can | {"partner"})), MAX_PER_KIND) * WEIGHTS["role"]
    if candidate.roles_wanted:
        total += min(len(candidate.roles_wanted & (reader.can | {"partner"})), MAX_PER_KIND) * WEIGHTS["role"]
    total += min(len(reader.themes & candidate.themes), MAX_PER_KIND) * WEIGHTS["theme"]
    total += min(len(reader.actions & candidate.actions), MAX_PER_KIND) * WEIGHTS["action"]
    return total


def rank(reader: Profile, candidates, *, limit: int = 20, exclude=frozenset()) -> list[tuple]:
    """(total, reasons, candidate) of the best `limit` candidates that share at least a target group
    or a theme with `reader`, best first; ties by key so the order is stable."""
    scored = []
    for candidate in candidates:
        if candidate.key == reader.key or candidate.key in exclude:
            continue
        if not (reader.target_groups & candidate.target_groups or reader.themes & candidate.themes):
            continue
        total, reasons = score(reader, candidate)
        scored.append((total, reasons, candidate))
    scored.sort(key=lambda item: (-item[0], item[2].key))
    return scored[:limit]



@dataclass(frozen=True)
class Columns:
    """Many organisations' profiles as columns: position i of every array is one organisation."""

    ids: np.ndarray  # int64, ascending
    country: np.ndarray  # str
    experience: np.ndarray  # str
    can_host: np.ndarray  # bool
    can_send: np.ndarray  # bool
    can_coordinate: np.ndarray  # bool
    listed: np.ndarray  # bool: publicly listed, so it may be suggested
    target_groups: dict  # code -> bool array: who works with it
    themes: dict  # code -> bool array
    languages: dict  # code -> bool array

    def __len__(self) -> int:
        return len(self.ids)

    def can(self, i: int) -> frozenset:
        """What the organisation at position `i` can do: "host", "send", "coordinate"."""
        return frozenset(name for name, column in (("host", self.can_host), ("send", self.can_send),
                                                   ("coordinate", self.can_coordinate)) if column[i])

    def profile(self, i: int, *, actions=frozenset()) -> Profile:
        """The organisation at position `i` as a `Profile` (with the actions it ran, which the
        columns do not hold)."""
        return Profile(
            key=("organisation", int(self.ids[i])), country=str(self.country[i]),
            experience=str(self.experience[i]),
            target_groups=frozenset(code for code, has in self.target_groups.items() if has[i]),
            themes=frozenset(code for code, has in self.themes.items() if has[i]),
            languages=frozenset(code for code, has in self.languages.items() if has[i]),
            can=self.can(i), actions=frozenset(actions))


def _shared(wanted, column: dict, size: int) -> np.ndarray:
    """How many of the codes `wanted` each organisation has, as a count per position."""
    count = np.zeros(size, dtype=np.int16)
    for code in wanted:
        if code in column:
            count += column[code]
    return count


def _capped(count: np.ndarray, weight: int) -> np.ndarray:
    return np.minimum(count, MAX_PER_KIND) * weight


def totals(reader: Profile, columns: Columns, *, actions_shared=None) -> tuple[np.ndarray, np.ndarray]:
    """`score(reader, c)[0]` for every organisation c of `columns` (whose profiles wish no roles),
    and whether `rank` would consider it at all (it shares a target group or a theme).
    `actions_shared` counts, per position, the reader's actions each organisation ran."""
    size = len(columns)
    groups = _shared(reader.target_groups, columns.target_groups, size)
    themes = _shared(reader.themes, columns.themes, size)
    total = np.zeros(size, dtype=np.int32)
    total += _capped(groups, WEIGHTS["target_group"])
    total += _capped(themes, WEIGHTS["theme"])
    total += _capped(_shared(reader.languages, columns.languages, size), WEIGHTS["language"])
    complement = {NEWCOMER: EXPERIENCED, EXPERIENCED: NEWCOMER}.get(reader.experience)
    if complement:
        total += (columns.experience == complement) * WEIGHTS["experience"]
    if reader.country:
        total += ((columns.country != "") & (columns.country != reader.country)) * WEIGHTS["country"]
    if "send" in reader.can:  # as in score: can host when you can send, else can send when you can host
        host_send = columns.can_host | columns.can_send if "host" in reader.can else columns.can_host
    else:
        host_send = columns.can_send if "host" in reader.can else np.zeros(size, dtype=bool)
    total += host_send * WEIGHTS["host_send"]
    roles = np.zeros(size, dtype=np.int16)
    for role, column in (("host", columns.can_host), ("send", columns.can_send),
                         ("coordinate", columns.can_coordinate)):
        if role in reader.roles_wanted:
            roles += column
    if "partner" in reader.roles_wanted:
        roles += 1
    total += _capped(roles, WEIGHTS["role"])
    if actions_shared is not None:
        total += _capped(actions_shared, WEIGHTS["action"])
    return total, (groups > 0) | (themes > 0)


# --- matchmaking events: which table a declared access need asks for --------------------------------

# Words in a participant's declared access needs (English, Slovenian, Latvian) that ask for a
# step-free or a quiet table. The organiser sees the suggestion and decides; nobody else sees why.
STEP_FREE_WORDS = ("step-free", "step free", "wheelchair", "mobility", "ramp", "lift", "elevator",
                   "invalidski voziček", "voziček", "brez stopnic", "dvigalo", "ratiņkrēsl", "bez pakāpien",
                   "lift", "uzbrauktuv")
QUIET_WORDS = ("quiet", "noise", "hearing", "autis", "sensory", "tih", "hrup", "sluh", "klus", "troks",
               "dzird")


def table_needs(access_needs: str) -> tuple[bool, bool]:
    """(step-free, quiet) asked for by the words of declared access needs."""
    text = (access_needs or "").lower()
    return any(w in text for w in STEP_FREE_WORDS), any(w in text for w in QUIET_WORDS)
# --- project ideas ---------------------------------------------------------------------------------

# The moves a project idea's status may make: idea → in preparation → submitted → approved / rejected,
# withdrawn from any stage before the decision. Decisions (approved, rejected) are recorded by agency
# staff; the other moves by whoever manages the coordinator organisation.
IDEA_TRANSITIONS = {
    "idea": ("preparation", "withdrawn"),
    "preparation": ("idea", "submitted", "withdrawn"),
    "submitted": ("approved", "rejected", "withdrawn"),
    "approved": (),
    "rejected": (),
    "withdrawn": ("idea",),
}
IDEA_DECISIONS = ("approved", "rejected")
# The stages an idea counts for in an event's summary: "7 ideas → 5 submitted → 2 approved".
IDEA_REACHED_SUBMISSION = ("submitted", "approved", "rejected")


def idea_may_move(current: str, to: str) -> bool:
    return to in IDEA_TRANSITIONS.get(current, ())


# --- mentor pairing --------------------------------------------------------------------------------

# Each mentor takes at most k newcomers of a campaign (counting the pairs confirmed before).
PAIRING_K_DEFAULT = 2
PAIRING_K_MAX = 10
# At most this many pairs (newcomers × mentors) are scored for one proposal: 500 × 400.
PAIRING_MAX_PAIRS = 200_000
# How many mentors each newcomer's list offers (the best-scoring first) when more are chosen.
PAIRING_OPTIONS = 25


def mentors_over_cap(assignments: dict, k: int, taken: dict | None = None) -> dict:
    """{mentor: how many newcomers it would take} for every mentor given more than `k` newcomers by
    `assignments` (newcomer -> mentor or None) and `taken` (mentor -> pairs kept beside them)."""
    chosen = {mentor for mentor in assignments.values() if mentor is not None}
    load = {mentor: (taken or {}).get(mentor, 0) for mentor in chosen}
    for mentor in assignments.values():
        if mentor is not None:
            load[mentor] += 1
    return {mentor: count for mentor, count in load.items() if count > k}
