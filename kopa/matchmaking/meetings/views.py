"""A participant's pages of a matchmaking event: their profile and sessions, the other participants
(suggested partners first), meeting requests and answers, their agenda (on screen, PDF, iCal) and the
day-of page to mark meetings and book an empty slot."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.core.documents import render_pdf
from kopa.core.i18n import pick
from kopa.core.web import submit
from kopa.matchmaking.access import (
    other_profile,
    own_meeting,
    own_meeting_request,
    participating_registration,
)
from kopa.matchmaking.meetings import selectors, services
from kopa.matchmaking.meetings.agenda_ical import agenda_calendar
from kopa.matchmaking.meetings.forms import AnswerForm, ProfileForm, RequestForm
from kopa.matchmaking.suggestions.texts import ReasonWords


def _participant(request, pk):
    setup, registration = participating_registration(user=request.user, pk=pk)
    return setup, registration, selectors.profile_of(registration)


def _profile_required(request, pk):
    setup, registration, profile = _participant(request, pk)
    if profile is None:
        return setup, None
    return setup, profile


@login_required
def home(request, pk: int):
    setup, registration, profile = _participant(request, pk)
    context = {"setup": setup, "event": setup.event, "profile": profile}
    if profile is not None:
        words = ReasonWords()
        others = selectors.participants_for(profile)
        received, sent = selectors.requests_of(profile)
        context.update({
            "others": [(o, words.texts(o.reasons)) for o in others],
            "received": [(r, AnswerForm(slots=list(selectors.free_slots(profile, r.sender))
                                        if setup.participants_pick_slots else [], prefix=f"a{r.pk}"))
                         for r in received],
            "sent": sent,
            "agenda": selectors.agenda_of(profile),
        })
    return render(request, "matchmaking/meetings/home.html", context)


@login_required
def profile_edit(request, pk: int):
    setup, registration, profile = _participant(request, pk)
    sessions = list(selectors.sessions_of(setup))
    attendances = {a.session_id: a.cap for a in profile.attendances.all()} if profile else {}
    initial = {"offers": profile.offers, "seeks": profile.seeks, "ideas": profile.ideas} if profile else None
    form = ProfileForm(request.POST or None, initial=initial, sessions=sessions, attendances=attendances)
    saved = submit(request, form, lambda: services.profile_save(
        actor=request.user, setup=setup, registration=registration, offers=form.cleaned_data["offers"],
        seeks=form.cleaned_data["seeks"], ideas=form.cleaned_data["ideas"], caps=form.caps()),
        success=_("Your matchmaking profile is saved."))
    if saved is not None:
        return redirect("matchmaking:meetings_home", pk=setup.event_id)
    return render(request, "matchmaking/meetings/profile.html", {"setup": setup, "event": setup.event,
                                                                  "form": form})


@login_required
def request_new(request, pk: int, profile_pk: int):
    setup, profile = _profile_required(request, pk)
    if profile is None:
        return redirect("matchmaking:meetings_profile", pk=setup.event_id)
    other = other_profile(profile=profile, pk=profile_pk)
    form = RequestForm(request.POST or None)
    saved = submit(request, form, lambda: services.request_send(
        actor=request.user, sender=profile, recipient=other, reason=form.cleaned_data["reason"]),
        success=_("Your meeting request is sent."))
    if saved is not None:
        return redirect("matchmaking:meetings_home", pk=setup.event_id)
    return render(request, "matchmaking/meetings/request.html", {
        "setup": setup, "event": setup.event, "other": other, "form": form,
        "existing": selectors.request_with(profile, other)})


@login_required
@require_POST
def request_answer(request, pk: int, request_pk: int):
    setup, profile = _profile_required(request, pk)
    if profile is None:
        return redirect("matchmaking:meetings_profile", pk=setup.event_id)
    meeting_request = own_meeting_request(profile=profile, pk=request_pk)
    slots = list(selectors.free_slots(profile, meeting_request.sender)) if setup.participants_pick_slots else []
    form = AnswerForm(request.POST, slots=slots, prefix=f"a{meeting_request.pk}")
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose accept or decline, and a free slot from the list."))
    services.request_answer(actor=request.user, request=meeting_request,
                            accept=form.cleaned_data["answer"] == "accept", slot=form.chosen_slot())
    messages.success(request, _("Your answer is saved."))
    return redirect("matchmaking:meetings_home", pk=setup.event_id)


@login_required
@require_POST
def request_cancel(request, pk: int, request_pk: int):
    setup, profile = _profile_required(request, pk)
    if profile is None:
        return redirect("matchmaking:meetings_profile", pk=setup.event_id)
    services.request_cancel(actor=request.user, request=own_meeting_request(profile=profile, pk=request_pk))
    messages.success(request, _("Your meeting request is withdrawn."))
    return redirect("matchmaking:meetings_home", pk=setup.event_id)


@login_required
def agenda(request, pk: int):
    setup, profile = _profile_required(request, pk)
    if profile is None:
        return redirect("matchmaking:meetings_profile", pk=setup.event_id)
    return render(request, "matchmaking/meetings/agenda.html", {
        "setup": setup, "event": setup.event, "profile": profile, "meetings": selectors.agenda_of(profile)})


@login_required
def agenda_pdf(request, pk: int):
    setup, profile = _profile_required(request, pk)
    if profile is None:
        return redirect("matchmaking:meetings_profile", pk=setup.event_id)
    language = get_language()
    title = _("Meeting agenda: %(event)s") % {"event": pick(setup.event.title, language)}
    content = render_pdf("matchmaking/documents/agenda.html", {
        "setup": setup, "event": setup.event, "profile": profile, "meetings": selectors.agenda_of(profile),
        "heading": title}, language=language, title=title)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{setup.event_id}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def agenda_ics(request, pk: int):
    setup, profile = _profile_required(request, pk)
    if profile is None:
        return redirect("matchmaking:meetings_profile", pk=setup.event_id)
    content = agenda_calendar(setup=setup, profile=profile, meetings=selectors.agenda_of(profile),
                              language=get_language())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{setup.event_id}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def today(request, pk: int):
    """The day-of phone page: mark this participant's meetings held or no-show; book a free slot
    with someone who is also free."""
    setup, profile = _profile_required(request, pk)
    if profile is None:
        return redirect("matchmaking:meetings_profile", pk=setup.event_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "mark":
            meeting = own_meeting(profile=profile, pk=request.POST.get("meeting", ""))
            services.meeting_mark(actor=request.user, meeting=meeting, outcome=request.POST.get("outcome", ""))
            messages.success(request, _("The meeting is marked."))
        elif action == "book":
            slots = {str(s.pk): s for s in selectors.free_slots(profile)}
            slot = slots.get(request.POST.get("slot", ""))
            if slot is None:
                return HttpResponseBadRequest(_("Choose one of your free slots."))
            other = other_profile(profile=profile, pk=request.POST.get("other", ""))
            services.meeting_book(actor=request.user, profile=profile, other=other, slot=slot)
            messages.success(request, _("The meeting is booked."))
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect("matchmaking:meetings_today", pk=setup.event_id)
    slots = list(selectors.free_slots(profile))
    chosen = next((s for s in slots if str(s.pk) == request.GET.get("slot")), None)
    return render(request, "matchmaking/meetings/today.html", {
        "setup": setup, "event": setup.event, "profile": profile, "meetings": selectors.agenda_of(profile),
        "slots": slots, "chosen": chosen,
        "free_people": selectors.free_participants(profile, chosen) if chosen else []})
