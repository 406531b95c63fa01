"""The Logbook's pages: the entry page (phone-first), an entry's correction, a unit's page (figures,
entries, activities, team, the kiosk), the owner's and a municipality's figures, and the kiosk."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.core.errors import NotFound, ValidationFailed
from kopa.core.http import site_url
from kopa.core.throttling import hit
from kopa.core.web import submit
from kopa.logbook import services
from kopa.logbook.access import (
    entry_for_reader,
    is_coordinator,
    is_mentor,
    kiosk_token,
    kiosk_unit,
    logbook_required,
    municipality_for_reader,
    owner_for_reader,
    unit_for_recorder,
)
from kopa.logbook.forms import (
    ActivityForm,
    AimForm,
    AliasDeleteForm,
    EntryForm,
    InviteForm,
    KioskForm,
    PeriodForm,
    QuestionForm,
)
from kopa.logbook.rules import normalise_alias
from kopa.logbook.selectors import (
    entries_of,
    figures,
    municipality_rows,
    municipality_units,
    owner_units,
    questions_for,
    readable_municipalities,
    readable_owners,
    recent_activities,
    recording_units,
    unit_people,
)


@logbook_required
def home(request):
    """Pick the activity (the ones recorded most recently first), then the entry form; below, the
    units, municipalities and owners the person reads."""
    activities = recent_activities(request.user)
    chosen = None
    wanted = request.GET.get("activity") or request.POST.get("activity")
    if wanted:
        chosen = next((a for a in activities if str(a.pk) == wanted), None)
        if chosen is None:
            raise NotFound()
    form = None
    if chosen is not None:
        form = EntryForm(request.POST or None, questions=questions_for(chosen))
        saved = submit(request, form, lambda: services.entry_record(
            actor=request.user, activity=chosen, uuid=form.cleaned_data["uuid"],
            data=form.to_service_data(), aliases=form.alias_list()))
        if saved:
            entry, created = saved
            messages.success(request, _("The entry is saved.") if created else _("This entry was already saved."))
            return redirect("logbook:home")
    context = {
        "activities": activities, "chosen": chosen, "form": form,
        "units": recording_units(request.user), "owners": readable_owners(request.user),
        "municipalities": readable_municipalities(request.user),
        "recent": entries_of(recording_units(request.user)).filter(author=request.user)[:5],
    }
    return render(request, "logbook/home.html", context, status=400 if form is not None and form.errors else 200)


@logbook_required
def entry_edit(request, uuid):
    entry = entry_for_reader(user=request.user, uuid=uuid)
    editable = services.may_edit(request.user, entry)
    form = EntryForm(request.POST or None, initial=EntryForm.initial_from(entry),
                     questions=questions_for(entry.activity))
    form.fields.pop("aliases")
    if request.method == "POST":
        if not editable:
            raise NotFound()
        if submit(request, form, lambda: services.entry_update(actor=request.user, entry=entry,
                                                               data=form.to_service_data()),
                  success=_("The entry is saved.")):
            return redirect("logbook:unit", pk=entry.unit_id)
    return render(request, "logbook/entry.html", {"entry": entry, "form": form, "editable": editable},
                  status=400 if form.errors else 200)


def _period(request) -> tuple[PeriodForm, tuple]:
    form = PeriodForm(request.GET or None)
    return form, form.period()


@logbook_required
def unit_page(request, pk):
    unit = unit_for_recorder(user=request.user, pk=pk)
    mentor = is_mentor(request.user, unit)
    period_form, (start, end) = _period(request)
    activity_form = ActivityForm(owner=unit.owner, prefix="activity")
    invite_form = InviteForm(prefix="invite")
    alias_form = AliasDeleteForm(prefix="alias")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "activity" and mentor:
            activity_form = ActivityForm(request.POST, owner=unit.owner, prefix="activity")
            if submit(request, activity_form, lambda: services.activity_create(
                    actor=request.user, unit=unit, name=activity_form.cleaned_data["name"],
                    kind=activity_form.cleaned_data["kind"], aims=activity_form.cleaned_data["aims"],
                    shared_aims=activity_form.cleaned_data["shared_aims"]), success=_("The activity is added.")):
                return redirect("logbook:unit", pk=unit.pk)
        elif action == "invite" and mentor:
            invite_form = InviteForm(request.POST, prefix="invite")
            if submit(request, invite_form, lambda: services.youth_worker_invite(
                    actor=request.user, unit=unit, email=invite_form.cleaned_data["email"],
                    first_name=invite_form.cleaned_data["first_name"],
                    last_name=invite_form.cleaned_data["last_name"], language=get_language(),
                    base_url=site_url(request)), success=_("The youth worker is invited and has been sent an e-mail.")):
                return redirect("logbook:unit", pk=unit.pk)
        elif action == "alias":
            alias_form = AliasDeleteForm(request.POST, prefix="alias")
            if submit(request, alias_form, lambda: services.alias_delete(
                    actor=request.user, unit=unit, alias=alias_form.cleaned_data["alias"]),
                    success=_("The alias is deleted.")) is not None:
                return redirect("logbook:unit", pk=unit.pk)
        else:
            raise NotFound()
    units = recording_units(request.user).filter(pk=unit.pk)
    context = {
        "unit": unit, "mentor": mentor, "period_form": period_form, "start": start, "end": end,
        "figures": figures(units, start=start, end=end, suppress=False),
        "entries": entries_of(units, start=start, end=end)[:50],
        "activities": unit.activities.all(), "people": unit_people(unit) if mentor else (),
        "activity_form": activity_form, "invite_form": invite_form, "alias_form": alias_form,
    }
    failed = any(f.errors for f in (activity_form, invite_form, alias_form))
    return render(request, "logbook/unit.html", context, status=400 if failed else 200)


@logbook_required
def owner_page(request, pk):
    owner = owner_for_reader(user=request.user, pk=pk)
    coordinator = is_coordinator(request.user, owner)
    question_form, aim_form = QuestionForm(prefix="question"), AimForm(prefix="aim")
    if request.method == "POST":
        action = request.POST.get("action")
        if not coordinator or action not in ("question", "aim"):
            raise NotFound()
        if action == "question":
            question_form = QuestionForm(request.POST, prefix="question")
            saved = submit(request, question_form, lambda: services.question_add(
                actor=request.user, owner=owner, kind=question_form.cleaned_data["kind"],
                text=question_form.cleaned_data["text"]), success=_("The question is added."))
        else:
            aim_form = AimForm(request.POST, prefix="aim")
            saved = submit(request, aim_form, lambda: services.aim_add(
                actor=request.user, owner=owner, text=aim_form.cleaned_data["text"]), success=_("The aim is added."))
        if saved:
            return redirect("logbook:owner", pk=owner.pk)
    period_form, (start, end) = _period(request)
    units = owner_units(owner)
    context = {
        "coordinator": coordinator, "question_form": question_form, "aim_form": aim_form,
        "questions": owner.questions.all(), "aims": owner.aims.all(),
        "owner": owner, "period_form": period_form, "start": start, "end": end,
        "figures": figures(units, start=start, end=end, suppress=True),
        "rows": municipality_rows(owner, start=start, end=end),
        "units": recording_units(request.user).filter(owner=owner),
    }
    return render(request, "logbook/owner.html", context,
                  status=400 if question_form.errors or aim_form.errors else 200)


@logbook_required
def municipality_page(request, pk):
    """A municipality's figures: aggregates only (no notes, no reflections), small cells suppressed."""
    municipality = municipality_for_reader(user=request.user, pk=pk)
    period_form, (start, end) = _period(request)
    units = municipality_units(municipality, user=request.user)
    context = {"municipality": municipality, "period_form": period_form, "start": start, "end": end,
               "figures": figures(units, start=start, end=end, suppress=True), "unit_count": units.count()}
    return render(request, "logbook/municipality.html", context)


@logbook_required
def service_worker(request):
    """The entry page's service worker, served under /<language>/logbook/ so that it may keep that page."""
    response = render(request, "logbook/sw.js", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@logbook_required
@require_POST
def kiosk_open(request, pk):
    """A youth worker opens the kiosk on the centre's tablet: they are logged out, so no staff login is
    left on it, and the tablet shows the kiosk page of the unit for the day."""
    unit = unit_for_recorder(user=request.user, pk=pk)
    token = kiosk_token(unit)
    logout(request)
    return HttpResponseRedirect(reverse("logbook:kiosk", kwargs={"token": token}))


def kiosk(request, token):
    unit = kiosk_unit(token)
    form = KioskForm(request.POST or None)

    def check_in():
        # Per alias, not per address: every young person of a centre uses the same tablet.
        if not hit("logbook_kiosk", f"alias:{unit.owner_id}", normalise_alias(form.cleaned_data["alias"])):
            raise ValidationFailed(fields={"pin": [_("Too many tries with this alias. Wait a quarter of an "
                                                     "hour or ask a youth worker.")]})
        return services.kiosk_check_in(
            unit=unit, alias=form.cleaned_data["alias"], pin=form.cleaned_data["pin"],
            age_band=form.cleaned_data["age_band"], gender=form.cleaned_data["gender"])

    done = submit(request, form, check_in)
    if done:
        visit, created = done
        if visit is None:
            messages.info(request, _("You have already checked in today. Welcome back!"))
        else:
            messages.success(request, _("Welcome! You are checked in."))
        return redirect("logbook:kiosk", token=token)
    return render(request, "logbook/kiosk.html", {"unit": unit, "form": form},
                  status=400 if form.errors else 200)
