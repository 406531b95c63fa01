"""The checks: what makes an instance impossible (`problems`), and every rule a schedule breaks, in
words (`violations`). The tests and the benchmark check each
schedule with it, independently of how the schedule was made (CP-SAT, greedy or by hand)."""

from collections import defaultdict

from kopa.matchmaking.optimise.instance import GREEDY, Assignment, Instance, Result, _Prepared


def problems(inst: Instance) -> list:
    """What makes an instance unusable by itself: unknown ids and pins that break a rule."""
    found = []
    p = _Prepared(inst)
    for r in inst.requests:
        for who in (r.a, r.b):
            if who not in p.people:
                found.append(f"request {r.id}: unknown participant {who}")
        if r.a == r.b:
            found.append(f"request {r.id}: a participant cannot meet themselves")
        if int(r.weight) != r.weight or r.weight < 1:
            found.append(f"request {r.id}: the weight must be a positive whole number")
    for person in inst.participants:
        for session in person.sessions:
            if session not in p.sessions:
                found.append(f"participant {person.id}: unknown session {session}")
    if found:
        return found
    pins = [r for r in inst.requests if r.pin is not None]
    for r in pins:
        slot, table = r.pin
        if slot not in p.slot_session:
            found.append(f"request {r.id}: pinned to an unknown slot {slot}")
        elif table not in p.tables:
            found.append(f"request {r.id}: pinned to an unknown table {table}")
        else:
            if slot not in p.candidate_slots(r):
                found.append(f"request {r.id}: pinned to a slot outside the sessions both attend")
            if not p.fits(r, table):
                found.append(f"request {r.id}: pinned to a table without the features needed")
    if found:
        return found
    pinned = Result(GREEDY, [Assignment(r.id, *r.pin) for r in pins], 0, 0, 0.0)
    found.extend(f"pins: {v}" for v in violations(inst, pinned))
    return found


def violations(inst: Instance, result: Result) -> list:
    """Every rule the result breaks, in words; empty when the schedule is valid."""
    p = _Prepared(inst)
    out = []
    seen = set()
    at = defaultdict(set)  # participant -> slots
    table_use = defaultdict(list)  # (slot, table) -> requests
    per_session = defaultdict(int)
    for a in result.assignments:
        r = p.requests.get(a.request)
        if r is None:
            out.append(f"unknown request {a.request}")
            continue
        if a.request in seen:
            out.append(f"request {a.request} scheduled twice")
        seen.add(a.request)
        if a.slot not in p.slot_session:
            out.append(f"request {a.request}: unknown slot {a.slot}")
            continue
        if a.table not in p.tables:
            out.append(f"request {a.request}: unknown table {a.table}")
            continue
        session = p.slot_session[a.slot]
        for who in (r.a, r.b):
            if a.slot in at[who]:
                out.append(f"participant {who} has two meetings in slot {a.slot}")
            at[who].add(a.slot)
            if session not in p.people[who].sessions:
                out.append(f"request {a.request}: {who} does not attend session {session}")
            per_session[who, session] += 1
        table_use[a.slot, a.table].append(a.request)
        if not p.fits(r, a.table):
            out.append(f"request {a.request}: table {a.table} lacks a feature a participant needs")
        if r.pin is not None and (a.slot, a.table) != tuple(r.pin):
            out.append(f"request {a.request}: pinned meeting moved")
    for r in inst.requests:
        if r.pin is not None and r.id not in seen:
            out.append(f"request {r.id}: pinned meeting not scheduled")
    for (slot, table), rids in table_use.items():
        if len(rids) > 1:
            out.append(f"table {table} has {len(rids)} meetings in slot {slot}")
    for (who, session), n in per_session.items():
        cap = p.people[who].caps.get(session)
        if cap is not None and n > cap:
            out.append(f"participant {who} has {n} meetings in session {session}, cap {cap}")
    n = inst.max_in_a_row
    if n is not None:
        for who, slots in at.items():
            for session in p.sessions.values():
                run = 0
                for slot in session.slots:
                    run = run + 1 if slot in slots else 0
                    if run == n + 1:
                        out.append(f"participant {who} has more than {n} meetings in a row")
    return out
