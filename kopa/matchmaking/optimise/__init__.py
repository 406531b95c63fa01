"""Optimisers of matchmaking: the meeting scheduler (CP-SAT) and mentor pairing (min-cost flow).

Pure Python, no Django. OR-Tools is imported only inside the solving functions.
"""

from kopa.matchmaking.optimise.pairing import Pair, pair, total_score
from kopa.matchmaking.optimise.scheduler import (
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
    greedy_schedule,
    problems,
    schedule,
    violations,
)

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
