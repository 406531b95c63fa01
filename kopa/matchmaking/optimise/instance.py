"""What a matchmaking schedule is made of: participants, sessions with their slots, tables, accepted
meeting requests and pins (`Instance`), what a schedule is (`Result`), and the prepared lookups the
solvers and the checks share (`_Prepared`). Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

STEP_FREE = "step_free"
QUIET = "quiet"
FEATURES = (STEP_FREE, QUIET)

OPTIMAL = "optimal"
FEASIBLE = "feasible"
GREEDY = "greedy"  # the first-fit schedule (asked for, or the solver found nothing better in time)


@dataclass(frozen=True)
class Participant:
    id: Hashable
    sessions: frozenset  # ids of the sessions attended
    caps: Mapping = field(default_factory=dict)  # session id -> most meetings there; absent: no cap
    step_free: bool = False  # needs a step-free table
    quiet: bool = False  # needs a quiet table

    @property
    def needs(self) -> frozenset:
        return frozenset(f for f, on in ((STEP_FREE, self.step_free), (QUIET, self.quiet)) if on)


@dataclass(frozen=True)
class Session:
    id: Hashable
    slots: tuple  # slot ids in time order, consecutive (no break between two slots of a session)


@dataclass(frozen=True)
class Table:
    id: Hashable
    step_free: bool = False
    quiet: bool = False

    @property
    def features(self) -> frozenset:
        return frozenset(f for f, on in ((STEP_FREE, self.step_free), (QUIET, self.quiet)) if on)


@dataclass(frozen=True)
class Request:
    """An accepted meeting request between participants `a` and `b`."""

    id: Hashable
    a: Hashable
    b: Hashable
    weight: int = 1  # mutual interest (a positive integer), used when Instance.weighted
    pin: tuple | None = None  # (slot id, table id): the organiser fixed the meeting there


@dataclass(frozen=True)
class Assignment:
    request: Hashable
    slot: Hashable
    table: Hashable


@dataclass
class Instance:
    participants: list
    sessions: list
    tables: list
    requests: list
    max_in_a_row: int | None = None  # N: no more than N meetings in consecutive slots
    weighted: bool = False  # maximise the sum of weights instead of the number of meetings
    previous: Mapping = field(default_factory=dict)  # request id -> (slot, table) announced before
    time_limit: float = 10.0  # seconds
    num_workers: int = 2


@dataclass
class Result:
    status: str  # OPTIMAL, FEASIBLE or GREEDY
    assignments: list  # of Assignment, ordered by slot order then table order
    objective: int  # meetings scheduled (or their total weight when weighted)
    bound: int  # proven upper bound on the objective (for GREEDY: the table-slot count bound)
    solve_seconds: float
    kept: int = 0  # announced meetings that keep their slot and table
    moved: int = 0  # announced meetings that moved or were dropped

    @property
    def scheduled(self) -> int:
        return len(self.assignments)

    @property
    def ratio(self) -> float:
        return self.objective / self.bound if self.bound else 1.0

    @property
    def by_request(self) -> dict:
        return {a.request: a for a in self.assignments}


class InvalidInstance(ValueError):
    """The instance breaks a rule by itself (a pin in the wrong place, unknown ids); see `problems`."""

    def __init__(self, problems: list):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- the shared structure -------------------------------------------------------------------------


class _Prepared:
    """Indexes of an instance shared by the solver, the greedy and the validator."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.people = {p.id: p for p in inst.participants}
        self.tables = {t.id: t for t in inst.tables}
        self.kind = {t.id: t.features for t in inst.tables}
        self.table_order = {t.id: i for i, t in enumerate(inst.tables)}
        self.slot_session = {}
        self.slot_order = {}
        self.slot_index = {}  # slot -> position in its session
        for session in inst.sessions:
            for i, slot in enumerate(session.slots):
                self.slot_session[slot] = session.id
                self.slot_order[slot] = len(self.slot_order)
                self.slot_index[slot] = i
        self.sessions = {s.id: s for s in inst.sessions}
        self.slots = list(self.slot_order)
        self.requests = {r.id: r for r in inst.requests}
        self._needs = {}
        self._hoods = None
        self._hoods_of_needs = {}
        self._slots_of = {}

    def hoods_containing(self, needs: frozenset) -> frozenset:
        """The neighbourhoods that contain every table kind a meeting with these needs accepts."""
        if needs not in self._hoods_of_needs:
            up = _up(needs)
            self._hoods_of_needs[needs] = frozenset(
                h for h in self.neighbourhoods() if all(k in h for k in up)
            )
        return self._hoods_of_needs[needs]

    def needs(self, r: Request) -> frozenset:
        if r.id not in self._needs:
            self._needs[r.id] = self.people[r.a].needs | self.people[r.b].needs
        return self._needs[r.id]

    def fits(self, r: Request, table_id) -> bool:
        return self.needs(r) <= self.kind[table_id]

    def candidate_slots(self, r: Request) -> list:
        common = self.people[r.a].sessions & self.people[r.b].sessions
        if common not in self._slots_of:
            self._slots_of[common] = [s for s in self.slots if self.slot_session[s] in common]
        return self._slots_of[common]

    def neighbourhoods(self) -> list:
        """The sets of table kinds that can be the tables acceptable to some set of meetings.

        A meeting with needs c accepts the tables whose features include c; Hall's condition needs a
        count for each union of such sets (all, step-free, quiet, either, both).
        """
        if self._hoods is None:
            kinds = [
                frozenset(k) for n in range(len(FEATURES) + 1) for k in combinations(FEATURES, n)
            ]
            up = [frozenset(k for k in kinds if c <= k) for c in kinds]
            found = set()
            for n in range(1, len(up) + 1):
                for combo in combinations(up, n):
                    found.add(frozenset().union(*combo))
            self._hoods = sorted(found, key=len, reverse=True)
        return self._hoods

    def order_key(self, a: Assignment):
        return (self.slot_order[a.slot], self.table_order[a.table])

def _up(needs: frozenset) -> list:
    kinds = [frozenset(k) for n in range(len(FEATURES) + 1) for k in combinations(FEATURES, n)]
    return [k for k in kinds if needs <= k]
