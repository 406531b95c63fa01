"""The back office of project ideas: the ideas of the agency's organisations, starting one on an
organisation's behalf, and an event's ideas with the summary "7 ideas → 5 submitted → 2 approved"."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required, writer_required
from kopa.core.web import submit
from kopa.events.access import organised_event
from kopa.matchmaking.access import organisation_for_staff_posting
from kopa.matchmaking.ideas import selectors, services
from kopa.matchmaking.ideas.forms import IdeaForm
from kopa.matchmaking.models import ProjectIdea


@staff_required
def idea_staff_list(request):
    status = request.GET.get("status", "")
    return render(request, "matchmaking/ideas/staff_list.html", {
        "ideas": selectors.staff_idea_list(user=request.user, status=status)[:200],
        "status": status, "statuses": ProjectIdea.Status.choices,
    })


@writer_required
def idea_staff_create(request, org_pk: int):
    coordinator = organisation_for_staff_posting(user=request.user, pk=org_pk)
    form = IdeaForm(request.POST or None, organisations=selectors.partner_choices(request.user),
                    events=selectors.event_choices())
    saved = submit(request, form, lambda: services.idea_create(
        actor=request.user, coordinator=coordinator, data=form.to_service_data()),
        success=_("The project idea is saved."))
    if saved is not None:
        return redirect("matchmaking:idea_detail", pk=saved.pk)
    return render(request, "matchmaking/ideas/form.html", {"form": form, "organisation": coordinator,
                                                           "staff": True})


@staff_required
def idea_staff_event(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    return render(request, "matchmaking/ideas/staff_event.html", {
        "event": event, "summary": selectors.event_idea_summary(event), "ideas": selectors.event_ideas(event),
    })
