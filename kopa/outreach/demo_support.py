"""How the outreach demo records what happened: through the outreach, events and check-in services.

The campaigns themselves are in demo.py (Slovenian agency) and demo_latvia.py (Latvian agency).
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from kopa.directory.models import Organisation
from kopa.events.checkin.services import attendance_record
from kopa.events.demo import FIRST_NAMES, LAST_NAMES
from kopa.events.models import Event, Registration
from kopa.events.rules import event_days
from kopa.outreach.campaigns.services import campaign_create, targets_add
from kopa.outreach.interactions.services import interaction_create
from kopa.outreach.models import STAGE_ORDER, Campaign, Interaction
from kopa.programmes.models import Cycle, Partnership, Project, Strand

K = Interaction.Kind
DEPRIVED_STRAND = "Young people from deprived areas"

# The seed events of the 2018–2020 cycles (kopa/events/demo.py), by English title.
KICK_OFF = "Labyrinth out of crisis: kick-off of the second cycle"
NATIONAL_EVENT = (
    "National event: Erasmus+ for organisations working with young people with disabilities"
)
FRANKFURT = "Inclusion Matchmaking – Find European Partners for Inclusion Projects (Frankfurt)"
NEET_TRAINING = "National training: international projects with young people in a NEET situation"
TALLINN = (
    "International training on involving young people in a NEET situation in international projects"
)
SIGULDA = (
    "International training: young people in a NEET situation in the European Solidarity Corps"
)

# Erasmus+ youth rounds: (the deadline, the day the decisions came).
ROUNDS = {
    "2016 round 3": (date(2016, 10, 4), date(2016, 12, 14)),
    "2017 round 1": (date(2017, 2, 2), date(2017, 3, 28)),
    "2017 round 2": (date(2017, 4, 26), date(2017, 6, 27)),
    "2017 round 3": (date(2017, 10, 4), date(2017, 12, 13)),
    "2018 round 1": (date(2018, 2, 1), date(2018, 4, 25)),
    "2018 round 3": (date(2018, 10, 4), date(2018, 12, 14)),
    "2019 round 1": (date(2019, 2, 5), date(2019, 4, 16)),
    "2019 round 2": (date(2019, 4, 30), date(2019, 7, 2)),
    "2019 round 3": (date(2019, 10, 1), date(2019, 12, 16)),
    "2020 round 1": (date(2020, 2, 5), date(2020, 4, 21)),
    "2020 round 2": (date(2020, 4, 30), date(2020, 7, 14)),
    "2020 round 3": (date(2020, 10, 1), date(2020, 12, 15)),
}
COACHING_TOPICS = [
    (
        "Project idea and the young people it is for",
        "Write down the idea in half a page and talk to the young people about it.",
    ),
    (
        "Finding a partner organisation abroad",
        "Post a partner request and contact two organisations from the matchmaking event.",
    ),
    (
        "Extra inclusion support and the budget",
        "List the young people's support needs and check the exceptional costs.",
    ),
    (
        "Activities, learning and Youthpass",
        "Describe the daily programme and what the participants will learn.",
    ),
    (
        "The application form before the deadline",
        "Send the draft for a last reading a week before the deadline.",
    ),
]
PRIVATE_NOTES = [
    "The coordinator is on leave until the spring; talk to the director in the meantime.",
    "The organisation is worried about co-financing; explain the inclusion support again.",
    "Board changes this year: the new president has not yet agreed to the project.",
]
EXTERNAL_COACHES = ["Inese Kalniņa (external trainer)", "Artūrs Vītols (external trainer)"]
LANGUAGE = {"SI": "sl", "LV": "lv"}


@dataclass
class Loaded:
    """What the other demo loaders made, as the outreach demo needs it."""

    agencies: dict
    officers: dict  # agency slug → staff logins; the first records the agency's interactions
    events: dict  # English title → Event
    named: dict  # the organisations named in the seeds, by key
    generated: list  # the generated organisations


def project_lead(agency, title: str) -> Organisation | None:
    project = Project.objects.filter(agency=agency, title__en=title).select_related("lead").first()
    return project.lead if project else None


def new_campaign(
    loaded: Loaded,
    *,
    agency: str,
    partnership: str,
    cycle: str,
    strand: str,
    name: dict,
    goal: dict,
    start: date,
    end: date,
    stages: list[str] | None = None,
    owners: list | None = None,
    invitation: tuple[dict, dict] = ({}, {}),
) -> Campaign | None:
    """A new campaign, created by the agency's officer, or None when it exists already (then
    nothing of it is written again). `invitation`: the e-mail's subject and text per language."""
    agency_obj = loaded.agencies[agency]
    if Campaign.objects.filter(agency=agency_obj, name__en=name["en"]).exists():
        return None
    partnership_obj = Partnership.objects.get(slug=partnership)
    return campaign_create(
        actor=loaded.officers[agency][0],
        agency=agency_obj,
        data={
            "name": name,
            "goal": goal,
            "start": start,
            "end": end,
            "cycle": Cycle.objects.get(partnership=partnership_obj, name=cycle),
            "strand": Strand.objects.get(partnership=partnership_obj, name__en=strand),
            "stages": stages or list(STAGE_ORDER),
            "owners": owners or loaded.officers[agency][:1],
            "invitation_subject": invitation[0],
            "invitation_body": invitation[1],
        },
    )


class Outreach:
    """Records one campaign's contacts as its agency's officer, through the outreach services."""

    def __init__(self, loaded: Loaded, campaign: Campaign, seed: int):
        self.loaded = loaded
        self.campaign = campaign
        self.officer = loaded.officers[campaign.agency.slug][0]
        self.rnd = random.Random(seed)
        self.people = 0

    def targets(self, organisations: list[Organisation]) -> None:
        """The target list, as if built from a directory filter of the agency's inventory."""
        targets_add(
            actor=self.officer, campaign=self.campaign, organisations=organisations, source="filter"
        )

    def record(self, organisation: Organisation, kind: str, on: date, **data) -> Interaction:
        return interaction_create(
            actor=self.officer,
            campaign=self.campaign,
            organisation=organisation,
            kind=kind,
            data={"occurred_on": on, **data},
            system=True,
        )

    def invite(
        self,
        organisations,
        first: date,
        last: date,
        channels=("email", "phone", "visit"),
        weights=(6, 3, 2),
    ) -> dict[int, date]:
        """One invitation each, on days spread from `first` to `last`; returns the dates by
        organisation."""
        span = (last - first).days
        invited = {}
        for n, organisation in enumerate(organisations):
            on = first + timedelta(days=span * n // max(1, len(organisations) - 1))
            channel = self.rnd.choices(channels, weights)[0]
            self.record(organisation, K.INVITATION, on, channel=channel)
            invited[organisation.pk] = on
        return invited

    def respond(
        self, organisations, invited: dict[int, date], answers: list[str], within: int = 20
    ) -> None:
        """The answers of `organisations`, each 3 to `within` days after its invitation."""
        for organisation, answer in zip(organisations, answers, strict=True):
            on = invited[organisation.pk] + timedelta(days=self.rnd.randint(3, within))
            self.record(organisation, K.RESPONSE, on, answer=answer)

    def coach(self, organisation, sessions: list[date], coaches: list, private: str = "") -> None:
        """Coaching sessions on `sessions`: the topics in order, the coaches (logins or names) in
        turn; `private` notes on the last session."""
        for n, on in enumerate(sessions):
            topic, next_steps = COACHING_TOPICS[n % len(COACHING_TOPICS)]
            coach = coaches[n % len(coaches)]
            self.record(
                organisation,
                K.COACHING,
                on,
                topics=topic,
                next_steps=next_steps,
                duration_minutes=self.rnd.choice([60, 90, 90, 120]),
                coach=coach if not isinstance(coach, str) else None,
                coach_name=coach if isinstance(coach, str) else "",
                private_notes=private if n == len(sessions) - 1 else "",
            )

    def apply(
        self,
        organisation,
        round_name: str,
        *,
        outcome: str = "",
        action: str = "KA105",
        project: str = "",
    ) -> None:
        """An application in `round_name`, and its decision when `outcome` is given."""
        deadline, decided = ROUNDS[round_name]
        year, number = round_name.split(" round ")
        country = organisation.country.code
        reference = f"{year}-{number}-{country}02-{action}-{self.rnd.randrange(10**6):06d}"
        self.record(
            organisation,
            K.APPLICATION,
            deadline - timedelta(days=self.rnd.randint(0, 6)),
            action_type=action,
            round=round_name,
            reference=reference,
            notes=f"Project: {project}" if project else "",
        )
        if outcome:
            amount = Decimal(self.rnd.randrange(80, 320) * 100) if outcome == "approved" else None
            self.record(organisation, K.DECISION, decided, outcome=outcome, amount=amount)

    def attend(
        self, event: Event, organisations, *, every_day: bool = False, pairs: int = 0
    ) -> None:
        """Register someone from each organisation (from the first `pairs`, two people) and check
        them in through the check-in service, as the event's organiser: on the event's first day,
        or on every day. (Later days add nothing to the funnel; each check-in costs load time.)"""
        registrations = self._register(event, organisations, pairs)
        organiser = self.loaded.officers[event.organiser_agency.slug][0]
        zone = ZoneInfo(event.time_zone)
        start = event.start.astimezone(zone)
        dates = event_days(event)
        for n, registration in enumerate(registrations):
            for day in dates if every_day else dates[:1]:
                moment = max(
                    event.start,
                    datetime.combine(day, start.time(), zone) - timedelta(minutes=n % 25),
                )
                attendance_record(actor=organiser, registration=registration, day=day, now=moment)

    def _register(self, event: Event, organisations, pairs: int) -> list[Registration]:
        # A record of a past event, as the events demo keeps them: written straight in as confirmed,
        # without notices, so that only the check-in below changes them.
        rows = []
        for n, organisation in enumerate(organisations):
            for _second in range(2 if n < pairs else 1):
                country = organisation.country.code
                firsts, lasts = FIRST_NAMES[country], LAST_NAMES[country]
                self.people += 1
                first, last = (
                    firsts[self.people % len(firsts)],
                    lasts[(self.people * 7) % len(lasts)],
                )
                created = event.start - timedelta(days=30, minutes=-17 * len(rows))
                email = (
                    f"{_ascii(first)}.{_ascii(last)}.c{self.campaign.pk}e{event.pk}n{self.people}"
                )
                rows.append(
                    Registration(
                        event=event,
                        first_name=first,
                        last_name=last,
                        country_of_residence=country,
                        sending_country=country,
                        organisation=organisation,
                        organisation_name=organisation.legal_name,
                        email=f"{email}@example.org",
                        role="youth worker" if len(rows) % 3 else "project coordinator",
                        language=LANGUAGE.get(country, "en"),
                        status=Registration.Status.CONFIRMED,
                        created_at=created,
                        decided_at=created,
                    )
                )
        for registration in rows:
            registration.full_clean(
                exclude=["event"], validate_unique=False, validate_constraints=False
            )
        return Registration.objects.bulk_create(rows)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def with_groups(organisations, codes: set[str]) -> list[Organisation]:
    through = Organisation.target_groups.through
    ids = set(
        through.objects.filter(
            organisation__in=organisations, targetgroup__code__in=codes
        ).values_list("organisation_id", flat=True)
    )
    return [o for o in organisations if o.pk in ids]


def days(first: date, count: int, every: int) -> list[date]:
    return [first + timedelta(days=every * n) for n in range(count)]
