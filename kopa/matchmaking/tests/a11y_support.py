"""Objects the accessibility scan and the permission matrix build matchmaking pages from."""

from datetime import timedelta

from django.utils import timezone

from kopa.directory.models import Language, TargetGroup, Theme
from kopa.matchmaking.models import IdeaPartner, Interest, PartnerRequest, ProjectIdea
from kopa.matchmaking.pairing.services import pairing_confirm


def _request(organisation, *, posted_by, title, action="KA152"):
    year = timezone.localdate().year + 1
    request = PartnerRequest.objects.create(
        organisation=organisation, posted_by=posted_by, title=title, action=action, round=f"{year}-1",
        description={"en": "A youth exchange for young people who are not in education or work.",
                     "sl": "Mladinska izmenjava za mlade, ki se ne izobražujejo in niso zaposleni.",
                     "lv": "Jauniešu apmaiņa jauniešiem, kuri nemācās un nestrādā."},
        closes_on=timezone.localdate() + timedelta(days=40), roles=["host", "partner"], countries=["LV", "EE"])
    request.target_groups.set(TargetGroup.objects.filter(code__in=["neet", "social"]))
    request.themes.set(Theme.objects.filter(code="employment"))
    request.working_languages.set(Language.objects.filter(code="en"))
    return request


def build_partner_request(d):
    """A request of an organisation in the agency's inventory, which the represented organisation
    said it is interested in."""
    request = _request(d["staff_org"], posted_by=d.users["staff"],
                       title={"en": "Partners for a NEET exchange", "sl": "Partnerji za izmenjavo NEET",
                              "lv": "Partneri NEET apmaiņai"})
    Interest.objects.create(request=request, organisation=d.represented_org, sent_by=d.users["representative"],
                            message="We would like to send a group.")
    return request


def build_my_partner_request(d):
    """The represented organisation's own request, with an interest waiting for an answer."""
    d.represented_org.target_groups.set(TargetGroup.objects.filter(code__in=["neet"]))
    request = _request(d.represented_org, posted_by=d.users["representative"], action="KA220-YOU",
                       title={"en": "Cooperation on youth employment", "sl": "Sodelovanje pri zaposlovanju mladih",
                              "lv": "Sadarbība jauniešu nodarbinātībā"})
    Interest.objects.create(request=request, organisation=d["public_org"], sent_by=d.users["participant"],
                            message="We can host in Ljubljana.")
    return request


def build_open_partner_request(d):
    """A listed organisation's request nobody answered yet: "I'm interested" is open to others."""
    d["public_org"].themes.set(Theme.objects.filter(code="employment"))
    return _request(d["public_org"], posted_by=d.users["participant"], action="ESC30",
                    title={"en": "Solidarity project in Ljubljana", "sl": "Solidarnostni projekt v Ljubljani",
                           "lv": "Solidaritātes projekts Ļubļanā"})


def build_meetings_event(d):
    """Meetings at the registration event: a session of three slots, two tables (one step-free), the
    participant's profile and another participant's, a request each way (one accepted and scheduled)."""
    from kopa.events.models import Registration
    from kopa.matchmaking.models import (
        Attendance,
        MatchmakingSetup,
        Meeting,
        MeetingRequest,
        MeetingSession,
        MeetingTable,
        Profile,
        Slot,
    )

    mine = d["registration_mine"]
    event = mine.event
    setup = MatchmakingSetup.objects.create(event=event, participants_pick_slots=True)
    start = event.start
    session = MeetingSession.objects.create(setup=setup, name="Morning meetings", start=start,
                                            end=start + timedelta(minutes=60), slot_minutes=20)
    slots = [Slot.objects.create(session=session, position=i, start=start + timedelta(minutes=20 * i),
                                 end=start + timedelta(minutes=20 * (i + 1))) for i in range(3)]
    tables = [MeetingTable.objects.create(setup=setup, number=1, step_free=True),
              MeetingTable.objects.create(setup=setup, number=2)]
    other_registration = Registration.objects.create(
        event=event, status=Registration.Status.CONFIRMED, first_name="Jānis", last_name="Kalniņš",
        email="janis.kalnins.meetings@example.org", country_of_residence="LV", sending_country="LV",
        created_at=timezone.now(), decided_at=timezone.now(), organisation=d["public_org"])
    own = Profile.objects.create(setup=setup, registration=mine, organisation=d.represented_org,
                                 offers="Hosting youth exchanges", seeks="Partners with NEET experience")
    other = Profile.objects.create(setup=setup, registration=other_registration, organisation=d["public_org"],
                                   offers="Experience with KA152", ideas="A rural youth exchange")
    for profile in (own, other):
        Attendance.objects.create(profile=profile, session=session, cap=3)
    accepted = MeetingRequest.objects.create(setup=setup, sender=own, recipient=other, reason="Rural youth",
                                             status=MeetingRequest.Status.ACCEPTED)
    MeetingRequest.objects.create(setup=setup, sender=other, recipient=own, reason="A second meeting?",
                                  status=MeetingRequest.Status.DECLINED)
    Meeting.objects.create(request=accepted, slot=slots[0], table=tables[1])
    setup.other_profile = other
    return setup
def build_project_idea(d):
    """An idea of the represented organisation with a partner of the agency's inventory, started at
    the agency's event and submitted: its page offers the staff the decision."""
    idea = ProjectIdea.objects.create(
        title="Rural NEET youth on the move", summary="A youth exchange for young people outside work and school.",
        action="KA152", round=f"{timezone.localdate().year + 1}-1", coordinator=d.represented_org,
        event=d["registration_event"], status=ProjectIdea.Status.SUBMITTED,
        submitted_on=timezone.localdate(), created_by=d.users["representative"])
    IdeaPartner.objects.create(idea=idea, organisation=d.represented_org, country=d.represented_org.country,
                               role=IdeaPartner.Role.COORDINATOR, publish_consent=True)
    IdeaPartner.objects.create(idea=idea, organisation=d["staff_org"], country="SI", role=IdeaPartner.Role.HOST)
    return idea


def build_pairing_campaign(d):
    """The scan's campaign with two experienced organisations in the agency's inventory to mentor its
    newcomers, one pair confirmed already; returns the campaign."""
    campaign = d["campaign"]
    mentors = [d.make_organisation(legal_name=name, city=city, agencies=[d.agency], experience="experienced",
                                   target_groups=groups, can_host=True)
               for name, city, groups in (("Zavod Izkušnje", "Celje", ["social", "neet"]),
                                          ("Mladinski center Krško", "Krško", ["disability"]))]
    newcomer = campaign.targets.order_by("organisation__legal_name").first().organisation
    pairing_confirm(actor=d.users["staff"], campaign=campaign, newcomer_ids=[newcomer.pk],
                    mentor_ids=[m.pk for m in mentors], assignments={newcomer.pk: mentors[0].pk}, k=2)
    return campaign


def build_staff_project_idea(d):
    """An idea in preparation coordinated by an organisation of the agency's inventory, with a public
    organisation (which no one in the world represents) as host; the host has not agreed to show it
    publicly, so only the agency's people read it."""
    idea = ProjectIdea.objects.create(
        title="Outdoor learning for NEET youth", summary="A partnership for youth workers.", action="KA210-YOU",
        round=f"{timezone.localdate().year + 1}-1", coordinator=d["staff_org"],
        status=ProjectIdea.Status.PREPARATION, created_by=d.users["staff"])
    IdeaPartner.objects.create(idea=idea, organisation=d["staff_org"], country="SI",
                               role=IdeaPartner.Role.COORDINATOR, publish_consent=True)
    IdeaPartner.objects.create(idea=idea, organisation=d["public_org"], country="SI", role=IdeaPartner.Role.HOST)
    return idea
