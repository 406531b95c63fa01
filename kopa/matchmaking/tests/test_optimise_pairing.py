"""Mentor pairing against brute force, and its rules."""

import itertools
import random

import pytest

from kopa.matchmaking.optimise import pair, total_score


def brute_force(newcomers, mentors, scores, k):
    """The highest total over every way to give each newcomer one mentor or none."""
    best = 0.0
    for choice in itertools.product([None, *mentors], repeat=len(newcomers)):
        load = {m: 0 for m in mentors}
        total = 0.0
        ok = True
        for n, m in zip(newcomers, choice, strict=True):
            if m is None:
                continue
            load[m] += 1
            cap = k[m] if isinstance(k, dict) else k
            if load[m] > cap:
                ok = False
                break
            total += scores.get((n, m), 0.0)
        if ok:
            best = max(best, total)
    return best


def check(pairs, newcomers, mentors, scores, k):
    assert len({p.newcomer for p in pairs}) == len(pairs)  # a newcomer has at most one mentor
    for m in mentors:
        cap = k.get(m, 0) if isinstance(k, dict) else k
        assert sum(1 for p in pairs if p.mentor == m) <= cap
    for p in pairs:
        assert p.newcomer in newcomers and p.mentor in mentors
        assert p.score == scores[p.newcomer, p.mentor] > 0


@pytest.mark.parametrize("seed", range(15))
def test_pairing_equals_brute_force(seed):
    rng = random.Random(seed)
    newcomers = [f"n{i}" for i in range(rng.randint(2, 6))]
    mentors = [f"m{j}" for j in range(rng.randint(1, 3))]
    scores = {
        (n, m): round(rng.uniform(0, 10), 2) if rng.random() < 0.8 else 0.0
        for n in newcomers
        for m in mentors
    }
    k = rng.randint(1, 2) if seed % 2 else {m: rng.randint(0, 2) for m in mentors}
    pairs = pair(newcomers, mentors, scores, k)
    check(pairs, newcomers, mentors, scores, k)
    assert total_score(pairs) == pytest.approx(brute_force(newcomers, mentors, scores, k))


def test_the_best_pairing_is_not_the_greedy_one():
    # greedy gives the best pair (n1, m1) first and leaves n2 without a mentor
    scores = {("n1", "m1"): 10, ("n1", "m2"): 9, ("n2", "m1"): 8}
    pairs = pair(["n1", "n2"], ["m1", "m2"], scores, 1)
    assert {(p.newcomer, p.mentor) for p in pairs} == {("n1", "m2"), ("n2", "m1")}
    assert total_score(pairs) == 17


def test_a_mentor_takes_at_most_k():
    scores = {(n, "m"): 5 for n in ("a", "b", "c", "d")}
    assert len(pair(["a", "b", "c", "d"], ["m"], scores, 3)) == 3
    assert pair(["a", "b"], ["m"], scores, {"m": 0}) == []


def test_no_pair_without_a_positive_score():
    assert pair(["a"], ["m"], {("a", "m"): 0}, 1) == []
    assert pair([], ["m"], {}, 1) == []
    assert pair(["a"], ["m"], {("a", "x"): 3}, 1) == []
