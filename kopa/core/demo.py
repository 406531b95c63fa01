"""Demo data from the public facts in the seed documents; every person and every login is invented.

`load` orchestrates the apps' loaders (programmes: agencies and programmes; directory: organisations and
people; events; outreach: campaigns and their funnels) and creates one login for every role. It is idempotent: a second run adds nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from kopa.agencies.models import AgencyMembership
from kopa.directory import demo as directory_demo
from kopa.events import demo as events_demo
from kopa.outreach import demo as outreach_demo
from kopa.programmes import demo as programmes_demo


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    first_name: str
    last_name: str
    agency: str = ""
    agency_role: str = ""
    superuser: bool = False


LOGINS = [
    DemoLogin("superuser", "admin@kopa.example", "Ana", "Novak", superuser=True),
    DemoLogin("agency admin (SI)", "admin.si@kopa.example", "Mojca", "Kovač", "movit", AgencyMembership.Role.ADMIN),
    DemoLogin("agency staff (SI)", "officer.si@kopa.example", "Maja", "Krajnc", "movit", AgencyMembership.Role.STAFF),
    DemoLogin("agency staff (LV)", "officer.lv@kopa.example", "Ilze", "Ozola", "jspa", AgencyMembership.Role.STAFF),
    DemoLogin("network staff (Mreža MaMa)", "network@kopa.example", "Luka", "Zupan", "mreza-mama",
              AgencyMembership.Role.STAFF),
    DemoLogin("organisation representative", "representative@kopa.example", "Petra", "Mlakar"),
    DemoLogin("participant", "participant@kopa.example", "Jānis", "Kalniņš"),
]


def password() -> str:
    return settings.KOPA_DEMO_PASSWORD


def _user(login: DemoLogin):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=login.username,
        defaults={"email": login.username, "first_name": login.first_name, "last_name": login.last_name,
                  "is_superuser": login.superuser, "is_staff": login.superuser},
    )
    if created:
        user.set_password(password())
        user.save(update_fields=["password"])
    return user


def represented_organisation(directory: directory_demo.DirectoryDemo):
    """The publicly listed Slovenian youth centre that the representative's login speaks for."""
    return next(o for o in directory.generated
                if o.country == "SI" and o.public_listing and o.type == "youth_centre")


def load() -> list[tuple[str, str]]:
    """Load everything; return the demo logins as (role, username)."""
    agencies = programmes_demo.load_agencies()
    directory = directory_demo.load(agencies=agencies)

    users = {}
    for login in LOGINS:
        user = users[login.role] = _user(login)
        if login.agency:
            AgencyMembership.objects.get_or_create(agency=agencies[login.agency], user=user,
                                                   defaults={"role": login.agency_role})
    directory_demo.link_account(user=users["organisation representative"],
                                organisation=represented_organisation(directory), representative=True)

    programmes_demo.load(
        agencies=agencies,
        organisations=directory.organisations,
        leads={
            "movit": [o for o in directory.generated if o.country == "SI" and o.experience != "none"],
            "jspa": [o for o in directory.generated if o.country == "LV" and o.experience != "none"],
        },
        people_by_agency={
            "mreza-mama": directory_demo.people_at(directory, country="SI", types=("youth_centre", "ngo", "informal_group"),
                                                  limit=12),
            "movit": directory_demo.people_at(directory, country="SI", types=("ngo", "school"), limit=3),
        },
    )
    events = events_demo.load(agencies=agencies, organisations=directory.organisations, organisers={
        "movit": users["agency staff (SI)"], "jspa": users["agency staff (LV)"],
        "mreza-mama": users["network staff (Mreža MaMa)"]})
    outreach_demo.load(agencies=agencies, named=directory.organisations, generated=directory.generated,
                       events=events, officers={
                           "movit": [users["agency staff (SI)"], users["agency admin (SI)"]],
                           "jspa": [users["agency staff (LV)"]]})
    return [(login.role, login.username) for login in LOGINS]
