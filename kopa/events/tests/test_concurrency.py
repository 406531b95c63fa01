"""Many people registering at once never overfill an event (PostgreSQL row locks)."""

import threading

import pytest

from django.db import close_old_connections, connection, connections

from kopa.events.models import Registration
from kopa.events.registration import services
from kopa.events.registration.selectors import waiting_list

S = Registration.Status

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _run_together(calls):
    """Run each call in its own thread and database connection, all released at once."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def worker(index, call):
        try:
            close_old_connections()
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - every failure is collected and asserted on
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_fifty_concurrent_registrations_fill_ten_places_and_wait_in_arrival_order(
    make_event, person_data, now
):
    event = make_event(capacity=10)
    people = [person_data() for _ in range(50)]

    results, errors = _run_together(
        [
            lambda data=data: services.registration_create(event=event, data=data, now=now)
            for data in people
        ]
    )

    assert errors == []
    registrations = list(Registration.objects.filter(event=event).order_by("id"))
    assert len(registrations) == 50
    assert {r.email for r in registrations} == {p["email"] for p in people}
    assert sorted(r.pk for r, _created in results) == [r.pk for r in registrations]
    assert all(created for _r, created in results)
    confirmed = [r for r in registrations if r.status == S.CONFIRMED]
    waiting = [r for r in registrations if r.status == S.WAITLISTED]
    assert len(confirmed) == 10
    assert len(waiting) == 40
    # Ids are given out under the event lock, so they are the order in which registrations
    # committed: the ten who got in first hold the places, the rest wait in that order.
    assert max(r.pk for r in confirmed) < min(r.pk for r in waiting)
    assert list(waiting_list(event)) == waiting


def test_the_same_person_submitting_twice_at_once_gets_one_registration(
    make_event, person_data, now
):
    event = make_event(capacity=10)
    data = person_data(email="Lina.Berzina@example.org")
    twice = [dict(data), {**data, "email": "lina.berzina@example.org"}]

    results, errors = _run_together(
        [lambda d=d: services.registration_create(event=event, data=d, now=now) for d in twice * 5]
    )

    assert errors == []
    assert Registration.objects.filter(event=event).count() == 1
    assert len({r.pk for r, _created in results}) == 1
    assert sum(created for _r, created in results) == 1
