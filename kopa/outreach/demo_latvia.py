"""The Latvian agency's demo campaigns: "Būt kopā" and the NEET partnership's two cycles, with
coaching sessions through each cycle and organisations that were coached but never applied."""

import random
from datetime import date, timedelta

from django.utils import timezone

from kopa.events.demo import DISABILITY_STRAND, NEET_STRAND, DemoEvent, texts_lv
from kopa.events.models import Event
from kopa.outreach.demo_support import (
    EXTERNAL_COACHES,
    FRANKFURT,
    NEET_TRAINING,
    PRIVATE_NOTES,
    SIGULDA,
    TALLINN,
    Loaded,
    Outreach,
    days,
    new_campaign,
    project_lead,
    with_groups,
)
from kopa.outreach.followups.services import followups_create
from kopa.outreach.models import Campaign

T = Event.Type
BUT_KOPA = dict(
    agency="jspa", partnership="social-inclusion", strand=DISABILITY_STRAND, cycle="2018–2020"
)
NEET_2019 = dict(agency="jspa", partnership="neet", strand=NEET_STRAND, cycle="2019–2020")
IN_LATVIA = dict(time_zone="Europe/Riga", languages=("lv",))
# Events of the cycles that the seed pages mention without a date or place: flagged illustrative.
EVENTS = {
    "lv-training": DemoEvent(
        type=T.NATIONAL_TRAINING,
        **BUT_KOPA,
        **IN_LATVIA,
        title=texts_lv(
            "Būt kopā: national training for organisations new to Erasmus+",
            "Būt kopā: nacionālās apmācības organizācijām bez pieredzes programmā Erasmus+",
        ),
        start=(2019, 3, 14, 10, 0),
        end=(2019, 3, 15, 16, 0),
        town="Riga",
        country="LV",
        capacity=30,
        illustrative_date=True,
        illustrative_place=True,
    ),
    "lv-info": DemoEvent(
        type=T.INFORMATION_MEETING,
        **BUT_KOPA,
        **IN_LATVIA,
        title=texts_lv(
            "Būt kopā: information meeting in Latgale", "Būt kopā: informatīvā tikšanās Latgalē"
        ),
        start=(2019, 5, 22, 11, 0),
        end=(2019, 5, 22, 15, 0),
        town="Daugavpils",
        country="LV",
        capacity=25,
        illustrative_date=True,
        illustrative_place=True,
    ),
    "neet-second-cycle": DemoEvent(
        type=T.NATIONAL_TRAINING,
        **NEET_2019,
        **IN_LATVIA,
        title=texts_lv(
            "National training: starting the second cycle of the NEET partnership",
            "Nacionālās apmācības: NEET partnerības otrā cikla sākums",
        ),
        start=(2019, 10, 8, 10, 0),
        end=(2019, 10, 9, 16, 0),
        town="Rēzekne",
        country="LV",
        capacity=30,
        illustrative_date=True,
        illustrative_place=True,
    ),
}

BEING_TOGETHER = {
    "en": "Būt kopā: organisations working with young people with disabilities",
    "sl": "Būt kopā: organizacije, ki delajo z mladimi z invalidnostjo",
    "lv": "Būt kopā: organizācijas, kas strādā ar jauniešiem ar invaliditāti",
}
BEING_TOGETHER_INVITATION = (
    {
        "en": "Būt kopā: Erasmus+ for organisations working with young people with disabilities",
        "lv": "Būt kopā: Erasmus+ organizācijām, kas strādā ar jauniešiem ar invaliditāti",
    },
    {
        "en": "Hello,\n\nWe invite {organisation} to a national training on international projects "
        "with young people with health difficulties and disabilities. The programme has extra "
        "funding for their support, and we help you individually in writing an application. "
        "Please answer through the link below.",
        "lv": "Labdien!\n\nAicinām {organisation} uz nacionālajām apmācībām par starptautiskiem "
        "projektiem ar jauniešiem ar veselības grūtībām un invaliditāti. Programmā ir papildu "
        "finansējums viņu atbalstam, un mēs individuāli palīdzam sagatavot pieteikumu. Lūdzu, "
        "atbildiet, izmantojot saiti zemāk.",
    },
)
NEET_FIRST = {
    "en": "NEET partnership: first cycle 2018–2019",
    "sl": "Partnerstvo NEET: prvi cikel 2018–2019",
    "lv": "NEET partnerība: pirmais cikls 2018–2019",
}
NEET_SECOND = {
    "en": "NEET partnership: second cycle 2019–2020",
    "sl": "Partnerstvo NEET: drugi cikel 2019–2020",
    "lv": "NEET partnerība: otrais cikls 2019–2020",
}
NEET_GOAL = {
    "en": "Pair institutions that work with young people in a NEET situation every day with "
    "organisations experienced in Erasmus+, and coach them through the cycle to a first joint "
    "project.",
    "sl": "Povezati ustanove, ki vsak dan delajo z mladimi v položaju NEET, z organizacijami z "
    "izkušnjami v programu Erasmus+ in jih skozi cikel z mentorstvom pripeljati do prvega skupnega "
    "projekta.",
    "lv": "Savest kopā institūcijas, kas ikdienā strādā ar jauniešiem NEET situācijā, ar Erasmus+ "
    "pieredzējušām organizācijām un visa cikla garumā konsultēt tās līdz pirmajam kopīgajam "
    "projektam.",
}


def being_together(loaded: Loaded) -> Campaign | None:
    """The Latvian agency's "Būt kopā": trainings, an information meeting and individual support."""
    campaign = new_campaign(
        loaded,
        **BUT_KOPA,
        name=BEING_TOGETHER,
        invitation=BEING_TOGETHER_INVITATION,
        start=date(2019, 1, 7),
        end=date(2020, 12, 31),
        goal={
            "en": "Find organisations that work with young people with health difficulties and "
            "disabilities, tell them about extra inclusion funding, and support them individually "
            "in writing their applications.",
            "lv": "Apzināt organizācijas, kas strādā ar jauniešiem ar veselības grūtībām un "
            "invaliditāti, informēt tās par papildu finansējumu iekļaušanai un individuāli "
            "atbalstīt projektu pieteikumu sagatavošanā.",
        },
    )
    if campaign is None:
        return None
    out = Outreach(loaded, campaign, seed=2020)
    officer = loaded.officers["jspa"][0]
    latvian = [o for o in loaded.generated if o.country == "LV"]
    pool = with_groups(latvian, {"disability", "health"})
    others = [o for o in latvian if o not in pool and o.type in ("ngo", "youth_centre")]
    out.rnd.shuffle(pool)
    out.rnd.shuffle(others)
    orgs = (pool + others)[:24]
    out.targets(orgs)
    invited = out.invite(orgs, date(2019, 1, 14), date(2019, 2, 22))
    out.respond(orgs[:18], invited, ["interested"] * 16 + ["not_now", "no"])
    events = loaded.events
    out.attend(events[EVENTS["lv-training"].title["en"]], orgs[:10], every_day=True)
    out.attend(events[EVENTS["lv-info"].title["en"]], orgs[6:13])
    out.attend(events[FRANKFURT], orgs[:3])  # checked in by the Slovenian hosts
    for index in range(10):
        out.coach(
            orgs[index],
            days(date(2019, 9, 10) + timedelta(days=3 * index), 2 + index % 3, 42),
            [officer, EXTERNAL_COACHES[0]],
            private=PRIVATE_NOTES[2] if index == 7 else "",
        )
    for index, round_name, outcome in [
        (0, "2020 round 1", "approved"),
        (1, "2020 round 1", "approved"),
        (2, "2020 round 2", "approved"),
        (3, "2020 round 1", "rejected"),
        (4, "2020 round 2", "rejected"),
        (5, "2020 round 3", "rejected"),
    ]:
        out.apply(orgs[index], round_name, outcome=outcome)
    due = timezone.localdate() - timedelta(days=3)
    followups_create(
        actor=officer,
        agency=campaign.agency,
        assignee=officer,
        campaign=campaign,
        organisations=[orgs[6]],
        due_on=due,
        today=due - timedelta(days=10),
        drop_off="coached:applied",
        title="Ask whether the application for the next round is on track",
    )
    return campaign


def neet(loaded: Loaded) -> list[Campaign]:
    """The NEET partnership's two cycles: institutions paired with experienced organisations."""
    jspa = loaded.agencies["jspa"]
    officer = loaded.officers["jspa"][0]
    rnd = random.Random(2018)
    leads = [
        project_lead(jspa, "First Steps Abroad"),
        project_lead(jspa, "Skills for the Next Job"),
    ]
    latvian = [o for o in loaded.generated if o.country == "LV" and o not in leads]
    pool = with_groups(latvian, {"neet", "education", "economic"})
    others = [o for o in latvian if o not in pool]
    rnd.shuffle(pool)
    rnd.shuffle(others)
    first_orgs = [o for o in leads[:1] if o] + pool[: 20 - bool(leads[0])]
    fresh = [o for o in pool + others if o not in first_orgs]
    # Three of the first cycle's coached organisations that never applied are invited again.
    second_orgs = (
        [o for o in leads[1:] if o] + fresh[:4] + first_orgs[6:9] + fresh[4 : 15 - bool(leads[1])]
    )
    made = []
    base = dict(agency="jspa", partnership="neet", strand=NEET_STRAND, goal=NEET_GOAL)
    campaign = new_campaign(
        loaded,
        **base,
        cycle="2018–2019",
        name=NEET_FIRST,
        start=date(2018, 9, 1),
        end=date(2019, 7, 31),
    )
    if campaign is not None:
        made.append(campaign)
        out = Outreach(loaded, campaign, seed=20181)
        orgs = first_orgs
        out.targets(orgs)
        invited = out.invite(orgs, date(2018, 9, 3), date(2018, 9, 14), weights=(5, 4, 2))
        out.respond(orgs[:15], invited, ["interested"] * 14 + ["not_now"], within=14)
        out.attend(loaded.events[NEET_TRAINING], orgs[:11], pairs=3)
        out.attend(loaded.events[TALLINN], orgs[:4])
        out.attend(loaded.events[SIGULDA], orgs[4:8] + orgs[11:12])
        for index in range(9):
            first = (
                date(2018, 9, 26) if index == 0 else date(2018, 10, 15) + timedelta(days=4 * index)
            )
            out.coach(
                orgs[index],
                days(first, 3, 56),
                [EXTERNAL_COACHES[1], officer],
                private=PRIVATE_NOTES[0] if index == 8 else "",
            )
        for index, round_name, outcome in [
            (0, "2018 round 3", "approved"),
            (1, "2019 round 1", "approved"),
            (2, "2019 round 2", "approved"),
            (3, "2019 round 1", "rejected"),
            (4, "2019 round 2", "rejected"),
            (5, "2019 round 2", "rejected"),
        ]:
            out.apply(
                orgs[index],
                round_name,
                outcome=outcome,
                project="First Steps Abroad" if index == 0 and leads[0] else "",
            )
    campaign = new_campaign(
        loaded,
        **base,
        cycle="2019–2020",
        name=NEET_SECOND,
        start=date(2019, 8, 1),
        end=date(2020, 7, 31),
    )
    if campaign is not None:
        made.append(campaign)
        out = Outreach(loaded, campaign, seed=20192)
        orgs = second_orgs
        out.targets(orgs)
        invited = out.invite(orgs, date(2019, 8, 19), date(2019, 9, 13))
        out.respond(orgs[:13], invited, ["interested"] * 12 + ["no"])
        out.attend(loaded.events[EVENTS["neet-second-cycle"].title["en"]], orgs[:8])
        for index in range(8):
            out.coach(
                orgs[index],
                days(date(2019, 10, 21) + timedelta(days=5 * index), 3, 63),
                [officer, EXTERNAL_COACHES[1]],
                private=PRIVATE_NOTES[1] if index == 6 else "",
            )
        for index, round_name, outcome in [
            (0, "2019 round 3", "approved"),
            (1, "2020 round 1", "approved"),
            (2, "2020 round 1", "rejected"),
            (3, "2020 round 2", "rejected"),
            (4, "2020 round 2", "rejected"),
        ]:
            out.apply(
                orgs[index],
                round_name,
                outcome=outcome,
                project="Skills for the Next Job" if index == 0 and leads[1] else "",
            )
        today = timezone.localdate()
        followups_create(
            actor=officer,
            agency=jspa,
            assignee=officer,
            campaign=campaign,
            organisations=orgs[5:7],
            due_on=today + timedelta(days=2),
            drop_off="coached:applied",
            title="Call about the application after the coaching sessions",
        )
        followups_create(
            actor=officer,
            agency=jspa,
            assignee=officer,
            campaign=campaign,
            organisations=orgs[7:8],
            due_on=today,
            drop_off="coached:applied",
            title="Send the list of experienced partner organisations",
        )
    return made
