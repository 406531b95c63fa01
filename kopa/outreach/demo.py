"""Demo outreach campaigns whose funnels come from what happened, never from typed totals.

- MOVIT's 2016–2018 campaign for young people from deprived areas shows 76 → 52 → 36 → 11:
  76 organisations new to the programme are invited, 52 answer, 36 of them are checked in at
  three events of the cycle (the check-in service records their attendance through outreach's
  signal receiver), and 11 get a project approved;
- MOVIT's 2018–2020 campaign in the disability strand, with the seed events of that cycle;
- the Latvian agency's "Būt kopā" campaign in the same strand, and its NEET partnership campaigns in
  two cycles, with coaching sessions through each cycle.

Interactions go through the outreach services, events through the organisers' service, check-ins
through the check-in service. The people at events are invented. A campaign is found by its agency
and English name; when it exists, nothing of it is written again, so loading twice adds nothing.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from kopa.core.demo import DemoContext, step
from kopa.directory.models import Organisation
from kopa.events.demo import DISABILITY_STRAND, DemoEvent, demo_event, texts_si
from kopa.events.models import Event
from kopa.outreach import demo_latvia
from kopa.outreach.demo_support import (
    DEPRIVED_STRAND,
    FRANKFURT,
    KICK_OFF,
    NATIONAL_EVENT,
    PRIVATE_NOTES,
    K,
    Loaded,
    Outreach,
    days,
    new_campaign,
    project_lead,
    with_groups,
)
from kopa.outreach.followups.services import followups_create
from kopa.outreach.jobs import rebuild_funnel
from kopa.outreach.models import Campaign

T = Event.Type
SI_2016 = dict(
    agency="movit", partnership="social-inclusion", strand=DEPRIVED_STRAND, cycle="2016–2018"
)
# Events of the cycle that the seed pages do not list: their dates and places are illustrative.
EVENTS = {
    "si-info-day": DemoEvent(
        type=T.INFORMATION_MEETING,
        **SI_2016,
        languages=("sl",),
        title=texts_si(
            "Information day: Erasmus+ for organisations new to the programme",
            "Informativni dan: Erasmus+ za organizacije, ki so nove v programu",
        ),
        start=(2016, 6, 7, 10, 0),
        end=(2016, 6, 7, 15, 0),
        town="Celje",
        country="SI",
        capacity=45,
        illustrative_date=True,
        illustrative_place=True,
        description=texts_si(
            "For organisations from areas where no Erasmus+ project has run yet: what the "
            "programme offers, how a first youth exchange comes together, and who helps.",
            "Za organizacije z območij, kjer projekti programa Erasmus+ še ne potekajo: kaj "
            "program ponuja, kako nastane prva mladinska izmenjava in kdo pri tem pomaga.",
        ),
    ),
    "si-training": DemoEvent(
        type=T.NATIONAL_TRAINING,
        **SI_2016,
        languages=("sl",),
        title=texts_si(
            "National training: planning your first youth exchange",
            "Nacionalno usposabljanje: načrtovanje prve mladinske izmenjave",
        ),
        start=(2016, 10, 11, 9, 0),
        end=(2016, 10, 12, 16, 0),
        town="Novo mesto",
        country="SI",
        capacity=30,
        illustrative_date=True,
        illustrative_place=True,
    ),
    "si-international": DemoEvent(
        type=T.INTERNATIONAL_TRAINING,
        **SI_2016,
        title=texts_si(
            "International training: youth work with young people from deprived areas",
            "Mednarodno usposabljanje: mladinsko delo z mladimi iz deprivilegiranih območij",
        ),
        start=(2017, 3, 20, 14, 0),
        end=(2017, 3, 24, 13, 0),
        town="Murska Sobota",
        country="SI",
        capacity=30,
        illustrative_date=True,
        illustrative_place=True,
    ),
}

DEPRIVED_AREAS = {
    "en": "Reaching organisations in deprived areas 2016–2018",
    "sl": "Organizacije z deprivilegiranih območij 2016–2018",
    "lv": "Organizācijas no mazāk attīstītām teritorijām 2016–2018",
}
# The e-mail an officer can send from the campaign; Kopa adds the personal response link.
DEPRIVED_AREAS_INVITATION = (
    {
        "en": "Erasmus+: Youth in Action – an invitation for {organisation}",
        "sl": "Erasmus+: Mladi v akciji – vabilo za {organisation}",
    },
    {
        "en": "Hello,\n\nErasmus+: Youth in Action funds youth exchanges and projects of "
        "organisations like {organisation}, also in areas where no project has run yet. We invite "
        "you to an information day, and we are glad to visit you. Please tell us through the link "
        "below whether you are interested.",
        "sl": "Pozdravljeni,\n\nprogram Erasmus+: Mladi v akciji financira mladinske izmenjave in "
        "projekte organizacij, kot je {organisation}, tudi na območjih, kjer projekti še ne "
        "potekajo. Vabimo vas na informativni dan, z veseljem pa vas tudi obiščemo. Prosimo, "
        "sporočite nam prek spodnje povezave, ali vas sodelovanje zanima.",
    },
)
DISABILITY = {
    "en": "Organisations working with young people with disabilities 2018–2020",
    "sl": "Organizacije, ki delajo z mladimi z invalidnostjo 2018–2020",
    "lv": "Organizācijas, kas strādā ar jauniešiem ar invaliditāti 2018–2020",
}


def deprived_areas(loaded: Loaded) -> Campaign | None:
    """76 organisations new to the programme invited, 52 answer, 36 attend an event, 11 approved."""
    campaign = new_campaign(
        loaded,
        **SI_2016,
        name=DEPRIVED_AREAS,
        invitation=DEPRIVED_AREAS_INVITATION,
        start=date(2016, 2, 1),
        end=date(2018, 6, 30),
        stages=["invited", "responded", "attended", "approved"],
        goal={
            "en": "Invite organisations from areas where no Erasmus+ project has run yet, bring "
            "them to a national or international event and support their first approved projects.",
            "sl": "Povabiti organizacije z območij, kjer projekti programa Erasmus+ še ne "
            "potekajo, jih pripeljati na nacionalni ali mednarodni dogodek in podpreti njihove "
            "prve odobrene projekte.",
            "lv": "Uzaicināt organizācijas no teritorijām, kurās vēl nav īstenoti Erasmus+ "
            "projekti, iesaistīt tās nacionālā vai starptautiskā pasākumā un atbalstīt to pirmos "
            "apstiprinātos projektus.",
        },
    )
    if campaign is None:
        return None
    out = Outreach(loaded, campaign, seed=76)
    movit = loaded.agencies["movit"]
    # The leads of the cycle's illustrative projects (programmes demo) are two of the approved ones.
    leads, projects = [], {}
    for title in ("Bridges Across the Valley", "Our Street, Our Europe"):
        lead = project_lead(movit, title)
        if lead is not None and lead.pk not in projects:
            leads.append(lead)
            projects[lead.pk] = title
    newcomers = [
        o
        for o in loaded.generated
        if o.country == "SI"
        and o.experience == Organisation.Experience.NONE
        and o.pk not in projects
    ]
    out.rnd.shuffle(newcomers)
    orgs = (leads + newcomers)[:76]
    out.targets(orgs)

    by_date = orgs[:]
    out.rnd.shuffle(by_date)
    invited = out.invite(by_date, date(2016, 3, 1), date(2016, 5, 13), weights=(8, 4, 3))
    for organisation in orgs[52::3]:  # a reminder call to some of those who did not answer
        out.record(
            organisation,
            K.INVITATION,
            invited[organisation.pk] + timedelta(days=21),
            channel="phone",
            notes="Reminder call.",
        )
    out.respond(orgs[:52], invited, ["interested"] * 42 + ["not_now"] * 6 + ["no"] * 4)
    events = loaded.events
    out.attend(events[EVENTS["si-info-day"].title["en"]], orgs[:28], pairs=6)
    out.attend(events[EVENTS["si-training"].title["en"]], orgs[:8] + orgs[28:36], every_day=True)
    out.attend(events[EVENTS["si-international"].title["en"]], orgs[:6])
    for organisation in orgs[36:42]:
        out.record(
            organisation,
            K.INFO_MEETING,
            date(2016, 9, 13) + timedelta(days=out.rnd.randint(0, 30)),
            meeting_type="meeting",
            notes="Could not come to the information day; visited them instead.",
        )

    approved = [
        "2017 round 1",
        "2017 round 2",
        "2016 round 3",
        "2016 round 3",
        "2017 round 1",
        "2017 round 1",
        "2017 round 2",
        "2017 round 3",
        "2018 round 1",
    ]
    for organisation, round_name in zip(orgs, approved, strict=False):
        out.apply(
            organisation, round_name, outcome="approved", project=projects.get(organisation.pk, "")
        )
    for organisation, second in ((orgs[9], "2017 round 1"), (orgs[10], "2017 round 2")):
        out.apply(organisation, "2016 round 3", outcome="rejected")
        out.apply(organisation, second, outcome="approved")
    for organisation, round_name in zip(
        orgs[11:15], ["2016 round 3", "2017 round 1", "2017 round 3", "2018 round 1"], strict=True
    ):
        out.apply(organisation, round_name, outcome="rejected")
    return campaign


def disability(loaded: Loaded) -> Campaign | None:
    """MOVIT's 2018–2020 outreach in the disability strand: six stages, the cycle's seed events."""
    campaign = new_campaign(
        loaded,
        agency="movit",
        partnership="social-inclusion",
        strand=DISABILITY_STRAND,
        cycle="2018–2020",
        name=DISABILITY,
        start=date(2018, 9, 1),
        end=date(2020, 12, 31),
        owners=loaded.officers["movit"],
        goal={
            "en": "Map the organisations that work with young people with health problems and "
            "disabilities, bring them to the national event and the matchmaking events, and coach "
            "them towards their first inclusion projects.",
            "sl": "Popisati organizacije, ki delajo z mladimi z zdravstvenimi težavami in "
            "invalidnostjo, jih povabiti na nacionalni dogodek in dogodke vzpostavljanja "
            "partnerstev ter jih z mentorstvom podpreti pri prvih vključujočih projektih.",
        },
    )
    if campaign is None:
        return None
    out = Outreach(loaded, campaign, seed=2019)
    officer, admin = loaded.officers["movit"][:2]
    lead = project_lead(loaded.agencies["movit"], "Sport Without Barriers")
    slovenian = [o for o in loaded.generated if o.country == "SI" and o != lead]
    pool = with_groups(slovenian, {"disability", "health"})
    others = [o for o in slovenian if o not in pool and o.type in ("youth_centre", "ngo")]
    out.rnd.shuffle(pool)
    out.rnd.shuffle(others)
    orgs = ([lead] if lead else []) + (pool + others)[: 40 - bool(lead)]
    out.targets(orgs)
    events = loaded.events

    # The kick-off of the cycle, autumn 2018.
    invited = out.invite(orgs[:14], date(2018, 9, 3), date(2018, 9, 28), weights=(8, 2, 1))
    out.respond(orgs[:10], invited, ["interested"] * 9 + ["not_now"])
    out.attend(events[KICK_OFF], orgs[:7])
    out.coach(orgs[0], [date(2018, 11, 6), date(2018, 12, 4), date(2019, 1, 22)], [officer, admin])
    out.coach(orgs[1], [date(2018, 11, 20), date(2019, 1, 15)], [admin])
    out.coach(orgs[2], [date(2018, 12, 11), date(2019, 2, 19)], [officer], private=PRIVATE_NOTES[0])
    out.apply(
        orgs[0],
        "2019 round 1",
        outcome="approved",
        project="Sport Without Barriers" if lead else "",
    )
    out.apply(orgs[1], "2019 round 1", outcome="rejected")

    # The inventory of 2019, the national event and the matchmaking in Frankfurt.
    invited.update(out.invite(orgs[14:], date(2019, 4, 1), date(2019, 6, 28)))
    out.respond(orgs[14:31], invited, ["interested"] * 13 + ["not_now"] * 2 + ["no"] * 2)
    out.attend(events[NATIONAL_EVENT], orgs[3:7] + orgs[14:25], pairs=2)
    out.attend(events[FRANKFURT], [orgs[3], orgs[14], orgs[15], orgs[16]])
    for n, index in enumerate([1, 3, 4, 14, 15, 16, 17, 18]):
        first = date(2019, 10, 22) + timedelta(days=7 * n)
        out.coach(
            orgs[index],
            days(first, 2 + n % 2, 44),
            [admin, officer] if n % 2 else [officer, admin],
            private=PRIVATE_NOTES[1] if index == 4 else "",
        )
    for index, round_name, outcome in [
        (1, "2020 round 1", "approved"),
        (3, "2020 round 1", "approved"),
        (14, "2020 round 1", "approved"),
        (15, "2020 round 1", "rejected"),
        (16, "2020 round 1", "rejected"),
        (17, "2020 round 2", "rejected"),
    ]:
        out.apply(orgs[index], round_name, outcome=outcome)

    today = timezone.localdate()
    followups_create(
        actor=officer,
        agency=campaign.agency,
        assignee=officer,
        campaign=campaign,
        organisations=orgs[7:10],
        due_on=today + timedelta(days=7),
        drop_off="responded:attended",
        title="Invite to the open national training in March 2027",
    )
    followups_create(
        actor=officer,
        agency=campaign.agency,
        assignee=officer,
        campaign=campaign,
        due_on=today + timedelta(days=1),
        title="Update the inventory of organisations working with young people with disabilities",
    )
    return campaign


@transaction.atomic
def load(
    *, agencies: dict, named: dict, generated: list, officers: dict, events: dict
) -> list[Campaign]:
    """Create the demo campaigns that do not exist yet; returns those created.

    `agencies` by slug; `named` and `generated`: the directory demo's organisations; `officers`:
    staff logins by agency slug (the first records the contacts and checks people in, the others
    may coach); `events`: the events demo's events by English title.
    """
    organisers = {slug: users[0] for slug, users in officers.items()}
    own = {
        spec.title["en"]: demo_event(spec, agencies, named, organisers)
        for spec in [*EVENTS.values(), *demo_latvia.EVENTS.values()]
    }
    loaded = Loaded(
        agencies=agencies,
        officers=officers,
        events={**events, **own},
        named=named,
        generated=generated,
    )
    made = [
        deprived_areas(loaded),
        disability(loaded),
        demo_latvia.being_together(loaded),
        *demo_latvia.neet(loaded),
    ]
    return [campaign for campaign in made if campaign is not None]


@step(order=60)
def add_campaigns(ctx: DemoContext) -> None:
    load(agencies=ctx.agencies, named=ctx.directory.organisations, generated=ctx.directory.generated,
         events=ctx.events, officers={slug: ctx.officers[slug] for slug in ("movit", "jspa")})


@step(order=61)
def rebuild_funnel_reach(ctx: DemoContext) -> None:
    """The interactions above keep the funnel's first days as they go; rebuilt once more all the same,
    so a demo database loaded by an older Kopa, or written to in bulk, is exact too."""
    rebuild_funnel()
