"""The meeting scheduler against brute force, and each rule on its own.

No database and no timing: time limits are generous, and the assertions are on status and
objective. The brute force enumerates every (slot, table) or "not scheduled" for every request and
keeps the best schedule the validator accepts; the validator is itself tested rule by rule below.
"""

import random
import subprocess
import sys
from pathlib import Path

import pytest

from kopa.matchmaking.optimise import (
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

LIMIT = 60.0  # seconds; tiny instances finish far sooner, the limit only guards against a hang


def person(pid, *sessions, caps=None, step_free=False, quiet=False):
    return Participant(pid, frozenset(sessions), caps or {}, step_free, quiet)


def instance(participants, sessions, tables, requests, **options):
    options.setdefault("time_limit", LIMIT)
    return Instance(participants, sessions, tables, requests, **options)


def one_session(*slots):
    return [Session("s", tuple(slots))]


def solve(inst):
    result = schedule(inst)
    assert violations(inst, result) == []
    return result


# --- brute force ----------------------------------------------------------------------------------


def brute_force(inst):
    """The best (objective, kept) over every valid schedule, by enumeration with pruning."""
    slots = [slot for session in inst.sessions for slot in session.slots]
    places = [(slot, table.id) for slot in slots for table in inst.tables]
    weight = {r.id: (r.weight if inst.weighted else 1) for r in inst.requests}
    best = [(-1, -1)]

    def partial_ok(chosen):
        result = Result(GREEDY, chosen, 0, 0, 0.0)
        return not [v for v in violations(inst, result) if "not scheduled" not in v]

    def walk(i, chosen):
        if not partial_ok(chosen):
            return
        if i == len(inst.requests):
            if violations(inst, Result(GREEDY, chosen, 0, 0, 0.0)):
                return
            objective = sum(weight[a.request] for a in chosen)
            kept = sum(
                1 for a in chosen if tuple(inst.previous.get(a.request, ())) == (a.slot, a.table)
            )
            best[0] = max(best[0], (objective, kept))
            return
        r = inst.requests[i]
        options = [tuple(r.pin)] if r.pin else [None, *places]
        for place in options:
            walk(i + 1, chosen if place is None else [*chosen, Assignment(r.id, *place)])

    walk(0, [])
    return best[0]


def random_instance(rng, weighted=False, with_previous=False):
    sessions = [Session("am", ("a1", "a2")), Session("pm", ("p1", "p2"))][: rng.choice([1, 2])]
    if len(sessions) == 1 and rng.random() < 0.5:
        sessions = [Session("am", ("a1", "a2", "a3"))]
    names = [s.id for s in sessions]
    participants = []
    for pid in range(rng.randint(3, 5)):
        attends = [n for n in names if rng.random() < 0.8] or [names[0]]
        caps = {n: rng.randint(1, 2) for n in attends if rng.random() < 0.3}
        participants.append(
            person(pid, *attends, caps=caps, step_free=rng.random() < 0.2, quiet=rng.random() < 0.1)
        )
    tables = [Table("t1"), Table("t2", step_free=True, quiet=rng.random() < 0.5)]
    if rng.random() < 0.4:
        tables = tables[:1] if rng.random() < 0.5 else [tables[1]]
    pairs = [(a.id, b.id) for i, a in enumerate(participants) for b in participants[i + 1 :]]
    chosen = rng.sample(pairs, min(len(pairs), rng.randint(3, 5)))
    requests = [Request(f"r{i}", a, b, rng.randint(1, 3)) for i, (a, b) in enumerate(chosen)]
    inst = instance(
        participants,
        sessions,
        tables,
        requests,
        max_in_a_row=rng.choice([None, 1, 2]),
        weighted=weighted,
    )
    if with_previous:
        # an announced schedule from before a late change: some of it no longer fits
        slots = [s for session in sessions for s in session.slots]
        inst.previous = {
            r.id: (rng.choice(slots), rng.choice(tables).id) for r in requests if rng.random() < 0.6
        }
    return inst


@pytest.mark.parametrize("seed", range(12))
def test_optimum_equals_brute_force(seed):
    inst = random_instance(random.Random(seed))
    result = solve(inst)
    assert result.status == OPTIMAL
    assert result.objective == brute_force(inst)[0]
    assert result.bound == result.objective


@pytest.mark.parametrize("seed", range(100, 108))
def test_weighted_optimum_equals_brute_force(seed):
    inst = random_instance(random.Random(seed), weighted=True)
    result = solve(inst)
    assert result.status == OPTIMAL
    assert result.objective == brute_force(inst)[0]
    assert result.objective == sum(r.weight for r in inst.requests if r.id in result.by_request)


@pytest.mark.parametrize("seed", range(200, 208))
def test_rescheduling_keeps_the_most_announced_meetings_after_the_most_meetings(seed):
    inst = random_instance(random.Random(seed), with_previous=True)
    result = solve(inst)
    assert result.status == OPTIMAL
    assert (result.objective, result.kept) == brute_force(inst)


def test_greedy_is_valid_but_can_be_beaten():
    # first fit puts A-B in slot 1, and then A-C (C comes only then) finds no slot
    inst = instance(
        [person("A", "s", "late"), person("B", "s", "late"), person("C", "s")],
        [Session("s", ("1",)), Session("late", ("2",))],
        [Table("t")],
        [Request("AB", "A", "B"), Request("AC", "A", "C")],
    )
    greedy = greedy_schedule(inst)
    assert violations(inst, greedy) == []
    assert greedy.scheduled == 1
    best = solve(inst)
    assert best.scheduled == 2
    assert best.by_request["AB"].slot == "2"


# --- the rules one by one -------------------------------------------------------------------------


def test_nobody_in_two_places_at_once():
    inst = instance(
        [person("A", "s"), person("B", "s"), person("C", "s")],
        one_session("1"),
        [Table("t1"), Table("t2")],
        [Request("AB", "A", "B"), Request("AC", "A", "C")],
    )
    assert solve(inst).scheduled == 1
    inst.sessions = one_session("1", "2")
    result = solve(inst)
    assert result.scheduled == 2
    assert {a.slot for a in result.assignments} == {"1", "2"}


def test_meetings_only_in_sessions_both_attend():
    sessions = [Session("am", ("a1", "a2")), Session("pm", ("p1", "p2"))]
    inst = instance(
        [person("A", "am"), person("B", "pm"), person("C", "am", "pm")],
        sessions,
        [Table("t")],
        [Request("AB", "A", "B"), Request("BC", "B", "C")],
    )
    result = solve(inst)
    assert result.status == OPTIMAL
    assert set(result.by_request) == {"BC"}
    assert result.by_request["BC"].slot in ("p1", "p2")
    assert result.bound == 1  # AB has no common session, so not even the bound counts it


def test_caps_per_session():
    inst = instance(
        [person("A", "s", caps={"s": 2}), person("B", "s"), person("C", "s"), person("D", "s")],
        one_session("1", "2", "3"),
        [Table("t1"), Table("t2")],
        [Request("AB", "A", "B"), Request("AC", "A", "C"), Request("AD", "A", "D")],
    )
    result = solve(inst)
    assert result.scheduled == 2
    assert result.status == OPTIMAL


def test_tables_run_out():
    inst = instance(
        [person(p, "s") for p in "ABCDEF"],
        one_session("1"),
        [Table("t1"), Table("t2")],
        [Request("AB", "A", "B"), Request("CD", "C", "D"), Request("EF", "E", "F")],
    )
    result = solve(inst)
    assert result.scheduled == 2
    assert result.bound == 2
    assert {a.table for a in result.assignments} == {"t1", "t2"}


def test_step_free_needs_get_step_free_tables():
    # two meetings with someone who needs a step-free table, one such table, two slots
    inst = instance(
        [person("A", "s", step_free=True), person("B", "s"), person("C", "s", step_free=True)]
        + [person("D", "s"), person("E", "s"), person("F", "s")],
        one_session("1", "2"),
        [Table("plain"), Table("ramp", step_free=True)],
        [Request("AB", "A", "B"), Request("CD", "C", "D"), Request("EF", "E", "F")],
    )
    result = solve(inst)
    assert result.scheduled == 3
    assert result.by_request["AB"].table == "ramp"
    assert result.by_request["CD"].table == "ramp"
    assert result.by_request["AB"].slot != result.by_request["CD"].slot


def test_a_plain_meeting_leaves_the_step_free_table_to_who_needs_it():
    inst = instance(
        [person("A", "s"), person("B", "s"), person("C", "s", step_free=True), person("D", "s")],
        one_session("1"),
        [Table("ramp", step_free=True), Table("plain")],
        [Request("AB", "A", "B"), Request("CD", "C", "D")],
    )
    result = solve(inst)
    assert result.scheduled == 2
    assert result.by_request["CD"].table == "ramp"
    assert result.by_request["AB"].table == "plain"


def test_needs_step_free_and_quiet_at_once():
    inst = instance(
        [person("A", "s", step_free=True), person("B", "s", quiet=True), person("C", "s")],
        one_session("1", "2"),
        [
            Table("ramp", step_free=True),
            Table("quiet", quiet=True),
            Table("both", step_free=True, quiet=True),
        ],
        [Request("AB", "A", "B"), Request("AC", "A", "C"), Request("BC", "B", "C")],
    )
    result = solve(inst)
    assert result.by_request["AB"].table == "both"
    assert result.scheduled == 2  # three meetings among three people need three slots


def test_no_more_than_n_meetings_in_a_row():
    others = "BCDE"
    inst = instance(
        [person("A", "s")] + [person(p, "s") for p in others],
        one_session("1", "2", "3", "4"),
        [Table("t")],
        [Request(f"A{p}", "A", p) for p in others],
        max_in_a_row=2,
    )
    result = solve(inst)
    assert result.scheduled == 3  # 1, 2, break, 4
    assert sorted(a.slot for a in result.assignments) == ["1", "2", "4"]
    inst.max_in_a_row = None
    assert solve(inst).scheduled == 4


def test_a_session_boundary_is_a_break():
    inst = instance(
        [person("A", "am", "pm")] + [person(p, "am", "pm") for p in "BCDE"],
        [Session("am", ("a1", "a2")), Session("pm", ("p1", "p2"))],
        [Table("t")],
        [Request(f"A{p}", "A", p) for p in "BCDE"],
        max_in_a_row=2,
    )
    assert solve(inst).scheduled == 4


def test_pinned_meetings_stay():
    inst = instance(
        [person("A", "s"), person("B", "s"), person("C", "s")],
        one_session("1", "2"),
        [Table("t1"), Table("t2")],
        [
            Request("AB", "A", "B", pin=("2", "t2")),
            Request("AC", "A", "C"),
            Request("BC", "B", "C"),
        ],
    )
    result = solve(inst)
    assert result.by_request["AB"] == Assignment("AB", "2", "t2")
    assert result.scheduled == 2  # A and B are busy in 2; only one of AC, BC fits in 1


def test_a_pin_that_breaks_a_rule_is_refused():
    inst = instance(
        [person("A", "s"), person("B", "s", step_free=True), person("C", "s")],
        one_session("1"),
        [Table("t1"), Table("ramp", step_free=True)],
        [Request("AB", "A", "B", pin=("1", "t1"))],
    )
    with pytest.raises(InvalidInstance) as refused:
        schedule(inst)
    assert "features" in str(refused.value)
    inst.requests = [
        Request("AB", "A", "B", pin=("1", "ramp")),
        Request("AC", "A", "C", pin=("1", "t1")),
    ]
    assert any("two meetings" in p for p in problems(inst))


def test_unknown_participant_is_refused():
    inst = instance([person("A", "s")], one_session("1"), [Table("t")], [Request("AX", "A", "X")])
    assert problems(inst) == ["request AX: unknown participant X"]
    with pytest.raises(InvalidInstance):
        greedy_schedule(inst)


def test_rescheduling_keeps_announced_meetings():
    people = [person(p, "s") for p in "ABCD"]
    first = instance(
        people,
        one_session("1", "2", "3"),
        [Table("t1"), Table("t2")],
        [Request("AB", "A", "B"), Request("CD", "C", "D")],
    )
    announced = solve(first)
    previous = {a.request: (a.slot, a.table) for a in announced.assignments}
    # late change: A and C also want to meet
    again = instance(
        people,
        first.sessions,
        first.tables,
        [*first.requests, Request("AC", "A", "C")],
        previous=previous,
    )
    result = solve(again)
    assert result.scheduled == 3
    assert result.kept == 2
    assert result.moved == 0
    for rid, place in previous.items():
        assert (result.by_request[rid].slot, result.by_request[rid].table) == place


def test_rescheduling_moves_an_announced_meeting_when_that_makes_room_for_one_more():
    people = [person("A", "s", "late"), person("B", "s"), person("C", "s", "late")]
    sessions = [Session("s", ("1",)), Session("late", ("2",))]
    inst = instance(
        people,
        sessions,
        [Table("t")],
        [Request("AC", "A", "C"), Request("AB", "A", "B")],  # B comes only to the first session
        previous={"AC": ("1", "t")},
    )
    result = solve(inst)
    assert result.scheduled == 2
    assert result.by_request["AC"].slot == "2"
    assert (result.kept, result.moved) == (0, 1)


# --- the validator --------------------------------------------------------------------------------


def test_validator_names_each_broken_rule():
    inst = instance(
        [person("A", "am", caps={"am": 1}), person("B", "am"), person("C", "am", step_free=True)]
        + [person("D", "pm")],
        [Session("am", ("1", "2")), Session("pm", ("3",))],
        [Table("t1"), Table("ramp", step_free=True)],
        [
            Request("AB", "A", "B"),
            Request("AC", "A", "C"),
            Request("BC", "B", "C", pin=("2", "ramp")),
            Request("AD", "A", "D"),
        ],
        max_in_a_row=1,
    )
    bad = Result(
        GREEDY,
        [
            Assignment("AB", "1", "t1"),
            Assignment("AC", "1", "t1"),  # A twice in 1, table t1 twice, C needs a ramp
            Assignment("AD", "2", "ramp"),  # D does not attend am; A twice in a row, cap 1
            Assignment("BC", "1", "ramp"),  # pinned to 2
        ],
        0,
        0,
        0.0,
    )
    found = "\n".join(violations(inst, bad))
    for words in (
        "participant A has two meetings in slot 1",
        "table t1 has 2 meetings in slot 1",
        "request AC: table t1 lacks a feature",
        "request AD: D does not attend session am",
        "participant A has 3 meetings in session am, cap 1",
        "participant A has more than 1 meetings in a row",
        "request BC: pinned meeting moved",
    ):
        assert words in found
    assert violations(inst, Result(GREEDY, [], 0, 0, 0.0)) == [
        "request BC: pinned meeting not scheduled"
    ]


def test_importing_the_optimisers_does_not_load_ortools():
    code = "import sys; import kopa.matchmaking.optimise; print('ortools' in sys.modules)"
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"
