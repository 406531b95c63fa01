"""A small Logbook for tests and the page scans: Mreža MaMa with youth centres in Celje and Maribor."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kopa.directory.models import Organisation
from kopa.logbook.models import (
    Activity,
    ActivityKind,
    Entry,
    Municipality,
    Owner,
    ReflectionQuestion,
    Role,
    SharedAim,
    Unit,
)


def _organisation(name, city, type_="youth_centre"):
    return Organisation.objects.create(legal_name=name, city=city, country="SI", type=type_)


def _user(email, **names):
    return get_user_model().objects.filter(email=email).first() or get_user_model().objects.create_user(
        username=email, email=email, password=None, **names)


def build_logbook(*, coordinator=None):
    """Owner, two municipalities, a centre in each, an activity each, a question, roles; returns a dict."""
    owner = Owner.objects.create(organisation=_organisation("Mladinska mreža MaMa", "Ljubljana", "ngo"),
                                 name="Mreža MaMa", country="SI")
    celje = Municipality.objects.create(name="Celje", country="SI")
    maribor = Municipality.objects.create(name="Maribor", country="SI")
    unit_celje = Unit.objects.create(owner=owner, municipality=celje, name="Mladinski center Celje",
                                     organisation=_organisation("Mladinski center Celje", "Celje"))
    unit_maribor = Unit.objects.create(owner=owner, municipality=maribor, name="Mladinski center Maribor",
                                       organisation=_organisation("Mladinski center Maribor", "Maribor"))
    aim = SharedAim.objects.create(owner=owner, text="Mladi soodločajo")
    open_celje = Activity.objects.create(unit=unit_celje, name="Odprti klub", kind=ActivityKind.OPEN)
    open_celje.shared_aims.add(aim)
    open_maribor = Activity.objects.create(unit=unit_maribor, name="Odprti klub", kind=ActivityKind.OPEN)
    question = ReflectionQuestion.objects.create(owner=owner, kind=ActivityKind.OPEN,
                                                 text="Kaj so mladi danes predlagali?")
    worker = _user("mojca.delavka@example.org", first_name="Mojca", last_name="Delavka")
    worker_maribor = _user("tine.delavec@example.org", first_name="Tine", last_name="Delavec")
    mentor = _user("ana.mentorica@example.org", first_name="Ana", last_name="Mentorica")
    viewer = _user("obcina.celje@example.org", first_name="Zala", last_name="Občinska")
    Role.objects.create(user=worker, owner=owner, unit=unit_celje, kind=Role.Kind.YOUTH_WORKER)
    Role.objects.create(user=worker_maribor, owner=owner, unit=unit_maribor, kind=Role.Kind.YOUTH_WORKER)
    Role.objects.create(user=mentor, owner=owner, unit=unit_celje, kind=Role.Kind.MENTOR)
    Role.objects.create(user=viewer, owner=owner, municipality=celje, kind=Role.Kind.MUNICIPALITY_VIEWER)
    if coordinator is not None:
        Role.objects.create(user=coordinator, owner=owner, kind=Role.Kind.COORDINATOR)
    entry = Entry.objects.create(unit=unit_celje, activity=open_celje, author=worker,
                                 date=timezone.localdate() - timedelta(days=1), hours=Decimal("4"), visits=12,
                                 note="NOTE-CELJE-PRIVATE", reflections={str(question.pk): "Turnir v namiznem tenisu"})
    return dict(owner=owner, celje=celje, maribor=maribor, unit_celje=unit_celje, unit_maribor=unit_maribor,
                open_celje=open_celje, open_maribor=open_maribor, question=question, worker=worker,
                worker_maribor=worker_maribor, mentor=mentor, viewer=viewer, entry=entry, aim=aim)
