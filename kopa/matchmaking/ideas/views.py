"""Project idea pages outside the back office: a representative's ideas, starting and changing one,
an idea's page (with its status moves, the agency's decision and the partners' consent), and an
event's ideas for the public (the count, and the ideas all partners agreed to show)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.core.audit import history_for
from kopa.core.web import submit
from kopa.events.calendar.selectors import public_event
from kopa.matchmaking.access import (
    can_manage_idea,
    can_read_idea,
    idea_for_reader,
    idea_moves,
    organisation_to_post_for,
    own_idea,
)
from kopa.matchmaking.ideas import selectors, services
from kopa.matchmaking.ideas.forms import ConsentForm, IdeaForm, MoveForm
from kopa.matchmaking.rules import IDEA_DECISIONS
from kopa.programmes.selectors import staff_projects


@login_required
def idea_my_list(request):
    return render(request, "matchmaking/ideas/my_list.html", {"ideas": selectors.my_ideas(request.user)[:200]})


def _idea_form(request, *, instance=None):
    return IdeaForm(request.POST or None, organisations=selectors.partner_choices(request.user),
                    events=selectors.event_choices(), instance=instance,
                    partners=selectors.idea_partners(instance) if instance else ())


@login_required
def idea_my_create(request, org_pk: int):
    coordinator = organisation_to_post_for(user=request.user, pk=org_pk)
    form = _idea_form(request)
    saved = submit(request, form, lambda: services.idea_create(
        actor=request.user, coordinator=coordinator, data=form.to_service_data()),
        success=_("The project idea is saved."))
    if saved is not None:
        return redirect("matchmaking:idea_detail", pk=saved.pk)
    return render(request, "matchmaking/ideas/form.html", {"form": form, "organisation": coordinator})


@login_required
def idea_edit(request, pk: int):
    idea = own_idea(user=request.user, pk=pk)
    form = _idea_form(request, instance=idea)
    saved = submit(request, form, lambda: services.idea_update(
        actor=request.user, idea=idea, data=form.to_service_data()), success=_("The project idea is saved."))
    if saved is not None:
        return redirect("matchmaking:idea_detail", pk=idea.pk)
    return render(request, "matchmaking/ideas/form.html", {"form": form, "idea": idea,
                                                           "organisation": idea.coordinator})


def idea_detail(request, pk: int):
    idea = idea_for_reader(user=request.user, pk=pk)
    insider = can_read_idea(request.user, idea)
    manage = can_manage_idea(request.user, idea)
    moves = idea_moves(request.user, idea)
    speak_for = selectors.organisations_to_speak_for(user=request.user, idea=idea) if insider else None
    return render(request, "matchmaking/ideas/detail.html", {
        "idea": idea, "partners": selectors.idea_partners(idea), "insider": insider, "can_manage": manage,
        "moves": [(to, idea.Status(to).label) for to in moves],
        "move_form": MoveForm(projects=staff_projects(request.user)) if moves else None,
        "decide": any(to in IDEA_DECISIONS for to in moves),
        "consent_form": ConsentForm(organisations=speak_for) if speak_for is not None and speak_for.exists() else None,
        "history": history_for(idea) if insider else [],
    })


@require_POST
@login_required
def idea_move(request, pk: int):
    idea = idea_for_reader(user=request.user, pk=pk)
    form = MoveForm(request.POST, projects=staff_projects(request.user))
    saved = submit(request, form, lambda: services.idea_move(
        actor=request.user, idea=idea, to=form.cleaned_data["to"], on=form.cleaned_data.get("on"),
        reference=form.cleaned_data.get("reference", ""), project=form.cleaned_data.get("project")),
        success=_("The status of the idea is changed."))
    if saved is not None:
        return redirect("matchmaking:idea_detail", pk=idea.pk)
    return render(request, "matchmaking/ideas/move.html", {"idea": idea, "form": form}, status=400)


@require_POST
@login_required
def idea_consent(request, pk: int):
    idea = idea_for_reader(user=request.user, pk=pk)
    form = ConsentForm(request.POST, organisations=selectors.organisations_to_speak_for(user=request.user,
                                                                                          idea=idea))
    saved = submit(request, form, lambda: services.idea_consent(
        actor=request.user, idea=idea, organisation=form.cleaned_data["organisation"],
        consent=form.cleaned_data["consent"]), success=_("Your answer is saved."))
    if saved is not None:
        return redirect("matchmaking:idea_detail", pk=idea.pk)
    return render(request, "matchmaking/ideas/move.html", {"idea": idea, "form": form}, status=400)


def event_ideas(request, pk: int):
    event = public_event(user=request.user, pk=pk)
    return render(request, "matchmaking/ideas/event_public.html", {
        "event": event, "summary": selectors.event_idea_summary(event),
        "ideas": selectors.published_event_ideas(event),
    })
