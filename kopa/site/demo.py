"""The demo logins, one for every role; every person and every login is invented.

The site's step of the demo registry (`kopa.core.demo`) runs after the agencies and the directory and
before programmes, events and outreach, which find the staff logins in `ctx.officers`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from kopa.agencies.models import AgencyMembership
from kopa.agencies.services import membership_ensure
from kopa.core.demo import DemoContext, load_all, step
from kopa.directory.demo import DirectoryDemo, link_account
from kopa.directory.proposals.selectors import proposals_of
from kopa.directory.proposals.services import proposal_create


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


def represented_organisation(directory: DirectoryDemo):
    """The publicly listed Slovenian youth centre that the representative's login speaks for."""
    return next(o for o in directory.generated
                if o.country == "SI" and o.public_listing and o.type == "youth_centre")


@step(order=30)
def add_logins(ctx: DemoContext) -> None:
    """One login per role; staff join their agencies; the representative speaks for a youth centre."""
    users = {}
    for login in LOGINS:
        user = users[login.role] = _user(login)
        if login.agency:
            membership_ensure(agency=ctx.agencies[login.agency], user=user, role=login.agency_role)
    link_account(user=users["organisation representative"],
                                organisation=represented_organisation(ctx.directory), representative=True)
    propose_youth_club(users["participant"])
    # Staff logins by agency: the first records contacts, organises events and checks people in.
    ctx.officers = {
        "movit": [users["agency staff (SI)"], users["agency admin (SI)"]],
        "jspa": [users["agency staff (LV)"]],
        "mreza-mama": [users["network staff (Mreža MaMa)"]],
    }
    ctx.logins = [(login.role, login.username) for login in LOGINS]


def propose_youth_club(participant) -> None:
    """The participant proposes a youth club that is not in Kopa, for the Latvian staff to review."""
    if not proposals_of(participant).exists():
        proposal_create(actor=participant, data={
            "legal_name": "Jauniešu klubs Apvārsnis", "country": "LV", "city": "Cēsis",
            "role": "volunteer", "represent": False,
        })


def load() -> list[tuple[str, str]]:
    """Load the whole demo (every app's step); return the demo logins as (role, username)."""
    return load_all().logins
