"""Optimisers of matchmaking: the meeting scheduler (CP-SAT) and mentor pairing (min-cost flow).

Pure Python, no Django. OR-Tools is imported only inside `schedule()` and `pair()`, so a web worker
that never solves does not load it; run both from a background job.

    inst = Instance(
        participants=[Participant(id, frozenset(session_ids), caps={session_id: 4}, step_free=...)],
        sessions=[Session(id, (slot_id, ...))],      # slots in time order
        tables=[Table(id, step_free=..., quiet=...)],
        requests=[Request(id, a, b, weight=1, pin=None or (slot_id, table_id))],
        max_in_a_row=3, weighted=False, previous={request_id: (slot_id, table_id)}, time_limit=10,
    )
    result = schedule(inst)          # raises InvalidInstance (.problems) for impossible pins
    result.assignments               # [Assignment(request, slot, table)]
    result.objective, result.bound   # "960 of at most 960 possible meetings"
    result.status                    # "optimal", "feasible" or "greedy"
    result.kept, result.moved        # announced meetings kept / moved when rescheduling

    pairs = pair(newcomers, mentors, {(newcomer, mentor): score}, k=3)  # [Pair(newcomer, mentor, score)]
"""

from kopa.matchmaking.optimise.checks import problems, violations
from kopa.matchmaking.optimise.instance import (
    FEASIBLE,
    GREEDY,
    OPTIMAL,
    Assignment,
    Instance,
    InvalidInstance,
    Participant,
    Request,
    Result,
    Session,
    Table,
)
from kopa.matchmaking.optimise.pairing import Pair, pair, total_score
from kopa.matchmaking.optimise.scheduler import greedy_schedule, schedule

__all__ = [
    "FEASIBLE",
    "GREEDY",
    "OPTIMAL",
    "Assignment",
    "Instance",
    "InvalidInstance",
    "Pair",
    "Participant",
    "Request",
    "Result",
    "Session",
    "Table",
    "greedy_schedule",
    "pair",
    "problems",
    "schedule",
    "total_score",
    "violations",
]
