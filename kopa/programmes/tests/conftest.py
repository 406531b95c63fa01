import datetime as dt

import pytest

from kopa.programmes.models import Cycle, Partnership, Project, WorkingGroup


@pytest.fixture
def si(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def lv(make_agency):
    return make_agency(country="LV")


@pytest.fixture
def officer(make_user, si):
    return make_user(agency=si)


@pytest.fixture
def make_partnership(db):
    counter = iter(range(1, 10_000))

    def make(*, coordinator, name=None, **fields):
        n = next(counter)
        return Partnership.objects.create(
            name=name or {"en": f"Partnership {n}"}, slug=fields.pop("slug", f"partnership-{n}"),
            coordinator=coordinator, **fields,
        )

    return make


@pytest.fixture
def make_cycle(db):
    def make(*, partnership, name="2021–2027", start=dt.date(2021, 1, 1), end=dt.date(2027, 12, 31)):
        return Cycle.objects.create(partnership=partnership, name=name, start=start, end=end)

    return make


@pytest.fixture
def make_project(db, make_organisation):
    def make(*, agency, lead=None, status=Project.Status.RUNNING, **fields):
        fields.setdefault("title", {"en": "Reuse for inclusion"})
        fields.setdefault("programme", Project.Programme.INTERREG)
        return Project.objects.create(
            agency=agency, lead=lead or make_organisation(agencies=[agency]), status=status, **fields
        )

    return make


@pytest.fixture
def make_working_group(db):
    def make(*, agency, name=None, **fields):
        return WorkingGroup.objects.create(agency=agency, name=name or {"en": "Youth work quality"}, **fields)

    return make
