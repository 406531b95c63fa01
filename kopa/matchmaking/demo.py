"""Demo partner requests: public organisations from the seeds (Mreža MaMa, the Ormož reuse centre,
Zavod VOZIM) and a publicly listed Latvian organisation of the generated inventory look for partners;
agency staff post them on the organisations' behalf. The demo representative's youth centre says it is
interested in one. The Laško matchmaking event of February 2020 gets its meetings (profiles of its 38
participants, their meeting requests and the schedule) and the seven project ideas started there, with
what became of them; the demo representative saves a search of partner requests. The people are the
demo logins and invented participants. Loading twice adds nothing: a request is found by its
organisation and English title, an idea by its event and title."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kopa.core.demo import DemoContext, step
from kopa.directory.access import in_inventory, represented_organisation_ids
from kopa.directory.models import Language, Organisation, TargetGroup, Theme
from kopa.matchmaking.alerts.services import search_save
from kopa.matchmaking.ideas.services import idea_create, idea_move
from kopa.matchmaking.meetings.selectors import schedule_instance
from kopa.matchmaking.meetings.services import schedule_store, session_add, setup_save, tables_add
from kopa.matchmaking.models import (
    Attendance,
    Interest,
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    PartnerRequest,
    Profile,
    ProjectIdea,
    SavedSearch,
)
from kopa.matchmaking.optimise import greedy_schedule
from kopa.matchmaking.requests.services import interest_send, request_create

REPRESENTATIVE = "representative@kopa.example"


def _texts(en: str, sl: str, lv: str) -> dict:
    return {"en": en, "sl": sl, "lv": lv}


def _requests(year: int) -> list[dict]:
    return [
        dict(organisation="mreza-mama", agency="movit", action="KA153", round=f"{year}-1", days=60,
             title=_texts("Youth workers from rural areas: a mobility on outreach",
                          "Mladinski delavci s podeželja: mobilnost o terenskem delu",
                          "Jaunatnes darbinieki no lauku apvidiem: mobilitāte par sasniedzamību"),
             description=_texts("We look for two partners who reach young people far from towns.",
                                "Iščemo dva partnerja, ki dosegata mlade daleč od mest.",
                                "Meklējam divus partnerus, kas sasniedz jauniešus tālu no pilsētām."),
             roles=["send", "partner"], countries=[], target_groups=["geographical", "social"],
             themes=["rural", "youth_work"], languages=["en"]),
        dict(organisation="cpu-ormoz", agency="movit", action="KA220-YOU", round=f"{year}-1", days=45,
             title=_texts("Reuse and green jobs for NEET young people",
                          "Ponovna uporaba in zelena delovna mesta za mlade NEET",
                          "Atkārtota izmantošana un zaļās darbavietas NEET jauniešiem"),
             description=_texts("A cooperation partnership on work experience in reuse centres.",
                                "Partnerstvo za sodelovanje o delovnih izkušnjah v centrih ponovne uporabe.",
                                "Sadarbības partnerība par darba pieredzi atkārtotas izmantošanas centros."),
             roles=["partner", "host"], countries=["LV", "HR", "AT"], target_groups=["neet", "economic"],
             themes=["employment", "environment"], languages=["en"]),
        dict(organisation="vozim", agency="movit", action="KA154", round=f"{year}-2", days=90,
             title=_texts("Young people with disabilities speak up",
                          "Mladi z invalidnostjo spregovorijo",
                          "Jaunieši ar invaliditāti izsaka savu viedokli"),
             description=_texts("A youth participation activity with accessible venues.",
                                "Aktivnost participacije mladih na dostopnih prizoriščih.",
                                "Jauniešu līdzdalības aktivitāte pieejamās vietās."),
             roles=["partner"], countries=[], target_groups=["disability"], themes=["participation"],
             languages=["en", "sl"]),
    ]


def _latvian_request(year: int) -> dict:
    return dict(agency="jspa", action="KA152", round=f"{year}-1", days=50,
                title=_texts("Youth exchange for NEET young people from Latgale",
                             "Mladinska izmenjava za mlade NEET iz Latgale",
                             "Jauniešu apmaiņa NEET jauniešiem no Latgales"),
                description=_texts("We are new to Erasmus+ and look for an experienced host.",
                                   "Z Erasmus+ smo novi in iščemo izkušenega gostitelja.",
                                   "Esam jauni Erasmus+ programmā un meklējam pieredzējušu uzņēmēju."),
                roles=["host", "coordinate"], countries=[], target_groups=["neet"], themes=["employment"],
                languages=["en", "lv"])


def _post(ctx: DemoContext, organisation: Organisation, spec: dict) -> PartnerRequest:
    found = PartnerRequest.objects.filter(organisation=organisation, title__en=spec["title"]["en"]).first()
    if found is not None:
        return found
    return request_create(actor=ctx.officers[spec["agency"]][0], organisation=organisation, data={
        "title": spec["title"], "description": spec["description"], "action": spec["action"],
        "round": spec["round"], "closes_on": timezone.localdate() + timedelta(days=spec["days"]),
        "roles": spec["roles"], "countries": spec["countries"],
        "target_groups": TargetGroup.objects.filter(code__in=spec["target_groups"]),
        "themes": Theme.objects.filter(code__in=spec["themes"]),
        "working_languages": Language.objects.filter(code__in=spec["languages"]),
    })


@step(order=65)
@transaction.atomic
def add_partner_requests(ctx: DemoContext) -> None:
    year = timezone.localdate().year + 1
    named = ctx.directory.organisations
    posted = [_post(ctx, named[spec["organisation"]], spec) for spec in _requests(year)]
    latvian = next((o for o in ctx.directory.generated if o.country == "LV" and o.public_listing
                    and jspa_holds(ctx, o)), None)
    if latvian is not None:
        posted.append(_post(ctx, latvian, _latvian_request(year)))
    representative = get_user_model().objects.filter(username=REPRESENTATIVE).first()
    if representative is None:
        return
    own = Organisation.objects.filter(pk__in=represented_organisation_ids(representative)).first()
    target = posted[1]
    if own is not None and not Interest.objects.filter(request=target, organisation=own).exists():
        interest_send(actor=representative, request=target, organisation=own,
                      message="We run a youth centre and would like to host a group of young people.")
    ctx.partner_requests = posted


def jspa_holds(ctx: DemoContext, organisation: Organisation) -> bool:
    return organisation.agencies.filter(pk=ctx.agencies["jspa"].pk).exists()


# --- the meetings of the Laško matchmaking event (February 2020) ----------------------------------------

LASKO_OFFERS = ("Hosting youth exchanges in a rural area", "Ten years of KA1 projects with NEET young people",
                "Accessible venues and sign-language interpreters", "Street work and outreach methods",
                "A network of local employers for work placements")
LASKO_SEEKS = ("An experienced coordinator for a first KA220-YOU", "Partners who can host young people with fewer opportunities",
               "Organisations working with young migrants", "Partners for a youth participation project",
               "A partner for job shadowing of youth workers")


@step(order=66)
@transaction.atomic
def add_lasko_meetings(ctx: DemoContext) -> None:
    """The Laško participants' profiles, their meeting requests (to people of other countries) and the
    schedule the first-fit scheduler made, every meeting held or missed as it went."""
    events = getattr(ctx, "events", None) or {}
    lasko = next((e for title, e in events.items() if title.endswith("(Laško)")), None)
    if lasko is None or MatchmakingSetup.objects.filter(event=lasko).exists():
        return
    organiser = ctx.officers["movit"][0]
    setup = setup_save(actor=organiser, event=lasko, auto_accept=False, participants_pick_slots=False,
                       requests_open=False, max_in_a_row=3)
    zone = ZoneInfo(lasko.time_zone)
    day = lasko.start.astimezone(zone).date() + timedelta(days=1)
    for name, hour in (("Morning meetings", 9), ("Afternoon meetings", 14)):
        start = datetime.combine(day, time(hour, 0), tzinfo=zone)
        session_add(actor=organiser, setup=setup, name=name, start=start, end=start + timedelta(minutes=160),
                    slot_minutes=20)
    tables_add(actor=organiser, setup=setup, count=2, step_free=True, quiet=False)
    tables_add(actor=organiser, setup=setup, count=1, step_free=False, quiet=True)
    tables_add(actor=organiser, setup=setup, count=9, step_free=False, quiet=False)
    sessions = list(setup.sessions.order_by("start"))
    registrations = list(lasko.registrations.filter(status__in=["attended", "confirmed"]).order_by("id"))
    profiles = []
    for n, registration in enumerate(registrations):
        profile = Profile.objects.create(
            setup=setup, registration=registration, offers=LASKO_OFFERS[n % len(LASKO_OFFERS)],
            seeks=LASKO_SEEKS[(n * 3) % len(LASKO_SEEKS)], needs_step_free=n == 5,
            ideas="An inclusion youth exchange" if n % 5 == 0 else "")
        for m, session in enumerate(sessions):
            if n % 4 != 3 or m == 0:  # every fourth person only comes in the morning
                Attendance.objects.create(profile=profile, session=session, cap=4 if n % 6 == 0 else None)
        profiles.append(profile)
    S = MeetingRequest.Status
    seen = set()
    for n, profile in enumerate(profiles):
        country = profile.registration.sending_country
        wanted = [p for p in profiles[n + 1:] + profiles[:n] if p.registration.sending_country != country]
        for k, other in enumerate(wanted[n % 5::7][:3]):
            pair = frozenset((profile.pk, other.pk))
            if pair in seen:
                continue
            seen.add(pair)
            status = S.DECLINED if (n + k) % 9 == 0 else S.ACCEPTED
            MeetingRequest.objects.create(setup=setup, sender=profile, recipient=other, status=status,
                                          reason="Our target groups are the same and we could host each other.",
                                          answered_at=lasko.start - timedelta(days=3))
    instance = schedule_instance(setup)
    schedule_store(actor=organiser, setup=setup, result=greedy_schedule(instance),
                   instance_requests={r.id for r in instance.requests})
    Meeting.objects.filter(request__setup=setup).update(outcome=Meeting.Outcome.HELD)
    for meeting in Meeting.objects.filter(request__setup=setup).order_by("id")[::11]:
        Meeting.objects.filter(pk=meeting.pk).update(outcome=Meeting.Outcome.NO_SHOW)
    setup.published, setup.published_at = MatchmakingSetup.Published.FINAL, lasko.start - timedelta(days=2)
    setup.save(update_fields=["published", "published_at"])


# The seven project ideas started at Laško (February 2020), with what became of them: seven ideas,
# five submitted, two approved. Titles are invented; the organisations are the demo directory's.
LASKO_IDEAS = [
    ("Outreach on wheels: youth work in villages", "KA153", "2020-2", "approved"),
    ("Second-hand, first job", "KA220-YOU", "2020-2", "approved"),
    ("Accessible youth exchanges toolkit", "KA220-YOU", "2020-2", "rejected"),
    ("NEET voices in local councils", "KA154", "2020-3", "submitted"),
    ("Green skills exchange on the Drava", "KA152", "2020-3", "submitted"),
    ("Peer mentors for early school leavers", "KA210-YOU", "2021-1", "preparation"),
    ("Sport without barriers", "KA152", "2020-3", "withdrawn"),
]
LASKO_PATHS = {
    "approved": ["preparation", "submitted", "approved"], "rejected": ["preparation", "submitted", "rejected"],
    "submitted": ["preparation", "submitted"], "preparation": ["preparation"],
    "withdrawn": ["preparation", "withdrawn"],
}
LASKO_DATES = {"preparation": date(2020, 3, 2), "submitted": date(2020, 4, 30), "withdrawn": date(2020, 4, 1),
               "approved": date(2020, 7, 15), "rejected": date(2020, 7, 15)}


@step(order=66)
@transaction.atomic
def add_project_ideas(ctx: DemoContext) -> None:
    lasko = next((e for title, e in (getattr(ctx, "events", None) or {}).items() if title.endswith("(Laško)")), None)
    if lasko is None:
        return
    officer = ctx.officers["movit"][0]
    coordinators = [o for o in ctx.directory.organisations.values() if in_inventory(officer, o)]
    partners = [o for o in ctx.directory.generated if o.country != "SI" and o.public_listing][:14]
    if not coordinators or len(partners) < 2:
        return
    for n, (title, action, round_, status) in enumerate(LASKO_IDEAS):
        if ProjectIdea.objects.filter(event=lasko, title=title).exists():
            continue
        idea = idea_create(actor=officer, coordinator=coordinators[n % len(coordinators)], data={
            "title": title, "summary": "Started at the Laško matchmaking event.", "action": action,
            "round": round_, "event": lasko, "publish_consent": n < 2,
            "partners": [(partners[(2 * n) % len(partners)], "host"), (partners[(2 * n + 1) % len(partners)], "partner")],
        })
        for to in LASKO_PATHS[status]:
            idea = idea_move(actor=officer, idea=idea, to=to, on=LASKO_DATES[to])
    representative = get_user_model().objects.filter(username=REPRESENTATIVE).first()
    if representative is not None and not SavedSearch.objects.filter(user=representative).exists():
        search_save(actor=representative, query="action=KA152&target_group=neet", language="en")
