"""Reads about project ideas, aware of who asks: a representative's ideas, the staff's list, an
event's ideas and their summary ("7 ideas → 5 submitted → 2 approved")."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from kopa.directory.access import represented_organisation_ids, staff_scope, staff_write_scope
from kopa.directory.models import Organisation
from kopa.events.calendar.selectors import public_events
from kopa.matchmaking.access import idea_scope, readable_ideas
from kopa.matchmaking.models import IdeaPartner, ProjectIdea
from kopa.matchmaking.rules import IDEA_REACHED_SUBMISSION


def my_ideas(user) -> QuerySet[ProjectIdea]:
    """The ideas of the organisations `user` represents, as coordinator or partner."""
    ids = represented_organisation_ids(user)
    return (ProjectIdea.objects.filter(Q(coordinator_id__in=ids) | Q(partners__organisation_id__in=ids))
            .distinct().select_related("coordinator", "event"))


def visible_ideas(*, user, status: str = "", event_id: int | None = None) -> QuerySet[ProjectIdea]:
    """Every idea `user` may read (in full, or because all its organisations agreed to show it),
    newest first, with its organisations; `status` and `event_id` narrow it."""
    qs = readable_ideas(user).select_related("coordinator").prefetch_related(
        Prefetch("partners", queryset=IdeaPartner.objects.select_related("organisation")
                 .order_by("-role", "organisation__legal_name", "id")))
    if status:
        qs = qs.filter(status=status)
    if event_id is not None:
        qs = qs.filter(event_id=event_id)
    return qs.order_by("-created_at", "-id")


def staff_idea_list(*, user, status: str = "") -> QuerySet[ProjectIdea]:
    qs = idea_scope(user).select_related("coordinator", "event")
    return qs.filter(status=status) if status in ProjectIdea.Status.values else qs


def idea_partners(idea: ProjectIdea) -> list[IdeaPartner]:
    return list(idea.partners.select_related("organisation").order_by("-role", "organisation__legal_name"))


def event_ideas(event) -> QuerySet[ProjectIdea]:
    return ProjectIdea.objects.filter(event=event).select_related("coordinator").order_by("title", "id")


def published_event_ideas(event) -> QuerySet[ProjectIdea]:
    """An event's ideas every organisation of which agreed to show them publicly."""
    refused = IdeaPartner.objects.filter(idea=OuterRef("pk"), publish_consent=False)
    return event_ideas(event).filter(~Exists(refused))


def event_idea_summary(event) -> dict[str, int]:
    """How many ideas an event started, how many reached submission and how many were approved."""
    return ProjectIdea.objects.filter(event=event).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(status__in=IDEA_REACHED_SUBMISSION)),
        approved=Count("pk", filter=Q(status=ProjectIdea.Status.APPROVED)))


def partner_choices(user) -> QuerySet[Organisation]:
    """The organisations `user` may name as partners: the public directory, their own and, for
    agency staff, their inventories."""
    return (Organisation.objects.filter(Q(public_listing=True) | Q(pk__in=represented_organisation_ids(user))
                                        | Q(pk__in=staff_scope(user).values("pk")))
            .order_by("legal_name", "pk"))


def event_choices():
    """The events an idea may have come from: the published ones."""
    return public_events().order_by("-start", "id")


def organisations_to_speak_for(*, user, idea: ProjectIdea) -> QuerySet[Organisation]:
    """The idea's organisations `user` may answer for (its consent to publish)."""
    ids = set(idea.partners.values_list("organisation_id", flat=True))
    managed = [pk for pk in ids if pk in represented_organisation_ids(user)]
    writable = staff_write_scope(user).filter(pk__in=ids).values_list("pk", flat=True)
    return Organisation.objects.filter(pk__in={*managed, *writable}).order_by("legal_name")
