"""The automatic meeting scheduler of a matchmaking event.

Pure Python (no Django): the app turns its models into an `Instance`, calls `schedule()` (or
`greedy_schedule()`), and stores the `Result`. `violations()` checks any result against every rule;
the tests and the benchmark use it.

The rules: nobody is in two places at once; a meeting only takes place in a slot of a session both
participants attend; nobody meets more often in a session than their cap for it; a slot has at most
one meeting per table; a meeting with someone who needs a step-free (or quiet) table gets one; nobody
has more than `max_in_a_row` meetings in consecutive slots of a session; pinned meetings stay where
the organiser put them.

The model (OR-Tools CP-SAT), kept small and free of table symmetry:

* one boolean per (meeting, slot) for the slots of the sessions both participants attend, and one
  boolean per (participant, slot) equal to the sum of that participant's meetings in the slot
  (so it is at most 1: nobody in two places at once); caps and "at most N in a row" are sums of
  these;
* tables are not variables. Per slot, the number of meetings that need a step-free table is at most
  the number of step-free tables, likewise for quiet, for both, for "step-free or quiet", and in
  all. These five counts are exactly Hall's condition for matching meetings to tables (a meeting's
  acceptable tables depend only on its needs), so a concrete table for each meeting always exists and
  is found afterwards per slot by an augmenting-path matching;
* the greedy first-fit schedule is given as a hint, so the solver starts from a complete solution.

The reported bound is the smaller of the solver's proven bound and `_simple_bound()` (table-slots
left by the pins; half of what the participants' caps and breaks allow), both proofs. When the greedy
schedule already reaches the simple bound (and moves no announced meeting), it is optimal and the
solver is not run: on an event bound by its tables this is the usual case.

Rescheduling: with `previous` (the announced request -> (slot, table)), a boolean per announced
meeting says it keeps its slot *and* table; the table counts above then count a kept meeting by its
announced table (still exactly Hall's condition). The objective is lexicographic, as one weighted
sum: `(P + 1) * meetings + kept`, where P is the number of announced meetings, so one more meeting
always outweighs keeping every announced one; among schedules with the most meetings, the solver
keeps as many announced (slot, table) pairs as it can. The reported objective and bound are those of
the meetings alone (the bound divided by P + 1, rounded down).

OR-Tools is imported inside `schedule()` only: a web worker that never schedules does not load it
(its native libraries take well over 100 MB, and each web worker must stay under 200 MB). Run
`schedule()` from a background job.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping

from kopa.matchmaking.optimise.checks import problems
from kopa.matchmaking.optimise.instance import (
    FEASIBLE,
    GREEDY,
    OPTIMAL,
    Assignment,
    Instance,
    InvalidInstance,
    Request,
    Result,
    _Prepared,
)

# --- table assignment per slot --------------------------------------------------------------------


def _assign_tables(p: _Prepared, slot, fixed: Mapping, others: list, prefer: Mapping) -> dict:
    """Give each request in `others` a table of `slot`; `fixed` (request -> table) stays.

    Augmenting paths (Kuhn); each meeting tries its preferred (announced) table first, then the
    tables with the fewest features, so a plain meeting leaves step-free and quiet tables to those
    who need them. Returns request -> table; raises if no matching exists (the model prevents that).
    """
    taken = {t: r for r, t in fixed.items()}
    free = [t.id for t in p.inst.tables if t.id not in taken]
    options = {}
    for rid in others:
        r = p.requests[rid]
        fitting = [t for t in free if p.fits(r, t)]
        wanted = prefer.get(rid)
        fitting.sort(key=lambda t: (t != wanted, len(p.kind[t])))
        options[rid] = fitting
    owner = {}  # table -> request
    ordered = sorted(others, key=lambda rid: len(options[rid]))

    def augment(rid, seen) -> bool:
        for t in options[rid]:
            if t in seen:
                continue
            seen.add(t)
            if t not in owner or augment(owner[t], seen):
                owner[t] = rid
                return True
        return False

    for rid in ordered:
        if not augment(rid, set()):
            raise RuntimeError(f"no table left for request {rid} in slot {slot}")
    out = dict(fixed)
    out.update({rid: t for t, rid in owner.items()})
    return out


def _tables_for(p: _Prepared, slot_of: Mapping, keep: set) -> list:
    """Concrete tables for request -> slot; pins and requests in `keep` take their known table."""
    by_slot = defaultdict(list)
    for rid, slot in slot_of.items():
        by_slot[slot].append(rid)
    prefer = {}
    for rid, (slot, table) in p.inst.previous.items():
        if rid in p.requests and slot_of.get(rid) == slot:
            prefer[rid] = table
    out = []
    for slot, rids in by_slot.items():
        fixed, others = {}, []
        for rid in rids:
            r = p.requests[rid]
            if r.pin is not None:
                fixed[rid] = r.pin[1]
            elif rid in keep:
                fixed[rid] = prefer[rid]
            else:
                others.append(rid)
        for rid, table in _assign_tables(p, slot, fixed, others, prefer).items():
            out.append(Assignment(rid, slot, table))
    out.sort(key=p.order_key)
    return out


def _finish(p: _Prepared, status, assignments, bound, started) -> Result:
    inst = p.inst
    weight = {r.id: (r.weight if inst.weighted else 1) for r in inst.requests}
    placed = {(a.request): (a.slot, a.table) for a in assignments}
    announced = [rid for rid in inst.previous if rid in p.requests]
    kept = sum(1 for rid in announced if placed.get(rid) == tuple(inst.previous[rid]))
    return Result(
        status=status,
        assignments=assignments,
        objective=sum(weight[a.request] for a in assignments),
        bound=bound,
        solve_seconds=time.perf_counter() - started,
        kept=kept,
        moved=len(announced) - kept,
    )


def _simple_bound(p: _Prepared) -> int:
    """A proven upper bound that needs no solver, the smaller of two counts.

    Tables: the pins, plus the heaviest requests that have a slot both attend, as many as there are
    table-slots left free by the pins. Participants: each meets at most, per session, its cap and
    L - floor(L / (N + 1)) in L slots with at most N in a row; summing over every participant the
    heaviest of its requests, that many, counts each meeting twice, so half of it is a bound.
    """
    inst = p.inst
    weight = {r.id: (r.weight if inst.weighted else 1) for r in inst.requests}
    pinned = [r for r in inst.requests if r.pin is not None]
    usable = [r for r in inst.requests if r.pin is None and p.candidate_slots(r)]
    pinned_slots = {tuple(r.pin) for r in pinned}
    capacity = len(p.slots) * len(inst.tables) - len(pinned_slots)
    heaviest = sorted((weight[r.id] for r in usable), reverse=True)
    by_tables = sum(weight[r.id] for r in pinned) + sum(heaviest[:capacity])

    mine = defaultdict(list)
    for r in [*pinned, *usable]:
        mine[r.a].append(weight[r.id])
        mine[r.b].append(weight[r.id])
    n = inst.max_in_a_row
    twice = 0
    for who, weights in mine.items():
        person = p.people[who]
        most = 0
        for session in person.sessions:
            length = len(p.sessions[session].slots)
            room = length if n is None else length - length // (n + 1)
            cap = person.caps.get(session)
            most += room if cap is None else min(room, cap)
        twice += sum(sorted(weights, reverse=True)[:most])
    return min(by_tables, twice // 2)


# --- greedy ---------------------------------------------------------------------------------------


class _Ledger:
    """Slot-level bookkeeping of a partial schedule, shared by the greedy and the solver's hint."""

    def __init__(self, p: _Prepared):
        self.p = p
        self.busy = defaultdict(set)  # participant -> slots
        self.count = defaultdict(int)  # (participant, session) -> meetings
        self.used = defaultdict(lambda: defaultdict(int))  # slot -> neighbourhood -> meetings
        self.hoods = p.neighbourhoods()
        self.capacity = {}  # (slot, neighbourhood) -> free tables of those kinds
        kinds = [t.features for t in p.inst.tables]
        for slot in p.slots:
            for hood in self.hoods:
                self.capacity[slot, hood] = sum(1 for k in kinds if k in hood)

    def _hoods_of(self, needs: frozenset, table=None) -> list:
        """The neighbourhood counts a meeting adds to: those containing all its acceptable kinds,
        or, for a meeting at a known table, those containing that table's kind."""
        if table is not None:
            kind = self.p.kind[table]
            return [h for h in self.hoods if kind in h]
        return self.p.hoods_containing(needs)

    def fits(self, r: Request, slot, table=None) -> bool:
        p = self.p
        session = p.slot_session[slot]
        for who in (r.a, r.b):
            if slot in self.busy[who]:
                return False
            cap = p.people[who].caps.get(session)
            if cap is not None and self.count[who, session] >= cap:
                return False
            if not self._run_ok(who, slot):
                return False
        return all(
            self.used[slot][h] < self.capacity[slot, h] for h in self._hoods_of(p.needs(r), table)
        )

    def _run_ok(self, who, slot) -> bool:
        n = self.p.inst.max_in_a_row
        if n is None:
            return True
        p = self.p
        slots = p.sessions[p.slot_session[slot]].slots
        i = p.slot_index[slot]
        run = 1
        j = i - 1
        while j >= 0 and slots[j] in self.busy[who]:
            run, j = run + 1, j - 1
        j = i + 1
        while j < len(slots) and slots[j] in self.busy[who]:
            run, j = run + 1, j + 1
        return run <= n

    def add(self, r: Request, slot, table=None):
        session = self.p.slot_session[slot]
        for who in (r.a, r.b):
            self.busy[who].add(slot)
            self.count[who, session] += 1
        for h in self._hoods_of(self.p.needs(r), table):
            self.used[slot][h] += 1




def _greedy_slots(p: _Prepared, order: Iterable) -> tuple:
    """First fit: pins first, then each request (in `order`) in its announced slot if it still fits
    there, else in the first slot where it fits. Returns (request -> slot, requests kept at their
    announced table)."""
    ledger = _Ledger(p)
    slot_of, keep = {}, set()
    taken = set()  # (slot, table) of pins and of meetings kept at their announced table
    for r in p.inst.requests:
        if r.pin is not None:
            ledger.add(r, r.pin[0], r.pin[1])
            slot_of[r.id] = r.pin[0]
            taken.add(tuple(r.pin))
    for r in order:
        if r.id in slot_of:
            continue
        before = p.inst.previous.get(r.id)
        candidates = p.candidate_slots(r)
        if before is not None:
            slot, table = before
            if slot in candidates and table in p.tables and p.fits(r, table):
                if (slot, table) not in taken and ledger.fits(r, slot, table):
                    ledger.add(r, slot, table)
                    slot_of[r.id] = slot
                    keep.add(r.id)
                    taken.add((slot, table))
                    continue
        for slot in candidates:
            if ledger.fits(r, slot):
                ledger.add(r, slot)
                slot_of[r.id] = slot
                break
    return slot_of, keep


def greedy_schedule(inst: Instance) -> Result:
    """The first-fit baseline: requests in the order given (heaviest first when weighted), each in
    the first slot where it still fits. No optimisation; the bound is the table-slot count."""
    started = time.perf_counter()
    found = problems(inst)
    if found:
        raise InvalidInstance(found)
    p = _Prepared(inst)
    order = list(inst.requests)
    if inst.weighted:
        order.sort(key=lambda r: -r.weight)
    slot_of, keep = _greedy_slots(p, order)
    return _finish(p, GREEDY, _tables_for(p, slot_of, keep), _simple_bound(p), started)


# --- CP-SAT ---------------------------------------------------------------------------------------


def schedule(inst: Instance) -> Result:
    """The best schedule CP-SAT finds within `inst.time_limit`, with its proven upper bound.

    Imports OR-Tools here, not at module level: web processes that never solve must not pay for it
    (each web worker must stay under 200 MB). Call it from a background job.
    """
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    found = problems(inst)
    if found:
        raise InvalidInstance(found)
    p = _Prepared(inst)
    weight = {r.id: (r.weight if inst.weighted else 1) for r in inst.requests}
    simple_bound = _simple_bound(p)

    # the greedy schedule: the hint, and the answer when it meets the bound; announced meetings
    # first (they keep their place), then the heaviest first, otherwise as given
    order = sorted(inst.requests, key=lambda r: (r.id not in inst.previous, -weight[r.id]))
    hint_slots, hint_keep = _greedy_slots(p, order)
    greedy = _finish(p, GREEDY, _tables_for(p, hint_slots, hint_keep), simple_bound, started)
    if greedy.objective == simple_bound and greedy.moved == 0:
        greedy.status = OPTIMAL
        return greedy

    model = cp_model.CpModel()
    hoods = p.neighbourhoods()

    pinned = [r for r in inst.requests if r.pin is not None]
    free = [r for r in inst.requests if r.pin is None]

    # fixed load of the pins
    pin_busy = defaultdict(set)
    pin_tables = defaultdict(set)
    for r in pinned:
        slot, table = r.pin
        pin_busy[r.a].add(slot)
        pin_busy[r.b].add(slot)
        pin_tables[slot].add(table)

    x = {}  # (request, slot) -> bool
    by_person_slot = defaultdict(list)
    by_slot = defaultdict(list)
    for r in free:
        for slot in p.candidate_slots(r):
            if slot in pin_busy[r.a] or slot in pin_busy[r.b]:
                continue
            var = model.new_bool_var(f"x{r.id}@{slot}")
            x[r.id, slot] = var
            by_person_slot[r.a, slot].append(var)
            by_person_slot[r.b, slot].append(var)
            by_slot[slot].append((r, var))
    meets = defaultdict(list)  # request -> its slot vars
    for (rid, _slot), var in x.items():
        meets[rid].append(var)
    for vars_ in meets.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)

    # kept: an announced meeting stays at its slot and table
    keep = {}
    for r in free:
        before = inst.previous.get(r.id)
        if before is None:
            continue
        slot, table = before
        if (r.id, slot) in x and table in p.tables and p.fits(r, table):
            if table not in pin_tables[slot]:
                var = model.new_bool_var(f"k{r.id}")
                model.add_implication(var, x[r.id, slot])
                keep[r.id] = (var, slot, table)
    kept_at = defaultdict(list)
    for rid, (var, slot, table) in keep.items():
        kept_at[slot].append((p.requests[rid], var, table))
    # two announced meetings at one table of one slot cannot both keep it
    for items in kept_at.values():
        per_table = defaultdict(list)
        for _r, var, table in items:
            per_table[table].append(var)
        for vars_ in per_table.values():
            if len(vars_) > 1:
                model.add_at_most_one(vars_)

    # participants: in one place at a time, caps, breaks
    present = {}  # (participant, slot) -> bool var or 1 (pinned)
    for person in inst.participants:
        for slot in p.slots:
            if slot in pin_busy[person.id]:
                present[person.id, slot] = 1
            elif by_person_slot.get((person.id, slot)):
                var = model.new_bool_var(f"y{person.id}@{slot}")
                model.add(sum(by_person_slot[person.id, slot]) == var)
                present[person.id, slot] = var
        for session_id in person.sessions:
            slots = p.sessions[session_id].slots
            terms = [present[person.id, s] for s in slots if (person.id, s) in present]
            cap = person.caps.get(session_id)
            if cap is not None and terms and _has_var(terms):
                model.add(sum(terms) <= cap)
            n = inst.max_in_a_row
            if n is not None and len(slots) > n:
                for start in range(len(slots) - n):
                    window = [
                        present[person.id, s]
                        for s in slots[start : start + n + 1]
                        if (person.id, s) in present
                    ]
                    if len(window) > n and _has_var(window):
                        model.add(sum(window) <= n)

    # tables: Hall's condition per slot, pins taking their tables
    for slot in p.slots:
        free_kinds = [t.features for t in inst.tables if t.id not in pin_tables[slot]]
        for hood in hoods:
            capacity = sum(1 for k in free_kinds if k in hood)
            terms = []
            for r, var in by_slot.get(slot, []):
                if hood in p.hoods_containing(p.needs(r)):
                    terms.append(var)
            for r, var, table in kept_at.get(slot, []):
                inside_need = hood in p.hoods_containing(p.needs(r))
                inside_table = p.tables[table].features in hood
                if inside_table and not inside_need:
                    terms.append(var)
                elif inside_need and not inside_table:
                    terms.append(-var)
            if len(terms) > capacity:
                model.add(sum(terms) <= capacity)

    # objective: meetings first, then kept announcements
    scale = len(keep) + 1
    pinned_weight = sum(weight[r.id] for r in pinned)
    terms = list(x.items())
    model.maximize(
        cp_model.LinearExpr.weighted_sum(
            [var for _key, var in terms] + [var for var, _s, _t in keep.values()],
            [scale * weight[rid] for (rid, _slot), _var in terms] + [1] * len(keep),
        )
    )

    # hint: the greedy schedule
    hint_busy = set()
    for r in free:
        slot = hint_slots.get(r.id)
        if slot is not None:
            hint_busy.update({(r.a, slot), (r.b, slot)})
    hinted = [(var, hint_slots.get(rid) == slot) for (rid, slot), var in terms]
    hinted += [(var, rid in hint_keep) for rid, (var, _s, _t) in keep.items()]
    hinted += [(var, key in hint_busy) for key, var in present.items() if not isinstance(var, int)]
    hint = model.proto.solution_hint
    hint.vars.extend([var.index for var, _on in hinted])
    hint.values.extend([int(on) for _var, on in hinted])

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(
        0.1, inst.time_limit - (time.perf_counter() - started)
    )
    solver.parameters.num_workers = max(1, inst.num_workers)
    # presolve takes seconds on the benchmark's 35,000 booleans (more than the whole time limit on
    # a busy 2-core machine); without it the search starts at once from the complete hint
    solver.parameters.cp_model_presolve = False
    code = solver.solve(model)

    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        greedy.solve_seconds = time.perf_counter() - started
        return greedy
    slot_of = {r.id: r.pin[0] for r in pinned}
    for (rid, slot), var in x.items():
        if solver.boolean_value(var):
            slot_of[rid] = slot
    kept = {rid for rid, (var, _s, _t) in keep.items() if solver.boolean_value(var)}
    assignments = _tables_for(p, slot_of, kept)
    bound = pinned_weight + int(solver.best_objective_bound + 1e-6) // scale
    result = _finish(p, FEASIBLE, assignments, min(bound, simple_bound), started)
    if (result.objective, result.kept) < (greedy.objective, greedy.kept):
        # cannot happen with the hint accepted; keep the better schedule all the same
        result.assignments, result.objective = greedy.assignments, greedy.objective
        result.kept, result.moved = greedy.kept, greedy.moved
    if code == cp_model.OPTIMAL or result.objective == result.bound and result.moved == 0:
        result.status = OPTIMAL
    return result


def _has_var(terms) -> bool:
    return any(not isinstance(t, int) for t in terms)
