"""The Logbook's pages: the entry page (phone-first), an entry's correction, a unit's page (figures,
entries, activities, team, the kiosk), the owner's and a municipality's figures, and the kiosk."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.core.errors import NotFound, ValidationFailed
from kopa.core.forms import EARLIEST_DATE
from kopa.core.http import site_url
from kopa.core.jobs import job_start
from kopa.core.pagecache import anonymous_page
from kopa.core.throttling import hit
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.logbook import services
from kopa.logbook.access import (
    activity_for_mentor,
    entry_for_reader,
    is_coordinator,
    is_mentor,
    kiosk_token,
    kiosk_unit,
    logbook_download_required,
    logbook_required,
    municipality_for_reader,
    owner_for_coordinator,
    owner_for_reader,
    report_scope,
    unit_for_coordinator,
    unit_for_recorder,
)
from kopa.logbook.charts import dot_map
from kopa.logbook.forms import (
    ActivityEditForm,
    ActivityForm,
    AimForm,
    AliasDeleteForm,
    EntryForm,
    ImportForm,
    InviteForm,
    KioskForm,
    MunicipalityForm,
    PeriodForm,
    QuestionForm,
    UnitForm,
    WeekForm,
)
from kopa.logbook.imports import COLUMNS, parse_entries
from kopa.logbook.reporting import comparison, report_charts
from kopa.logbook.rules import normalise_alias
from kopa.logbook.selectors import (
    entries_of,
    figures,
    municipality_rows,
    municipality_units,
    owner_units,
    owner_units_with_counts,
    public_overview,
    questions_for,
    readable_municipalities,
    readable_owners,
    recent_activities,
    recording_units,
    report,
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


# --- the structure ----------------------------------------------------------------------------------

@logbook_required
def owner_manage(request, pk):
    """The coordinator builds the network: its municipalities and units (the aims and reflection
    questions are on the network's page)."""
    owner = owner_for_coordinator(user=request.user, pk=pk)
    municipality_form = MunicipalityForm(prefix="municipality")
    unit_form = UnitForm(owner=owner, prefix="unit")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "municipality":
            municipality_form = MunicipalityForm(request.POST, prefix="municipality")
            saved = submit(request, municipality_form, lambda: services.municipality_add(
                actor=request.user, owner=owner, name=municipality_form.cleaned_data["name"]),
                success=_("The municipality is added: now add its units."))
        elif action == "unit":
            unit_form = UnitForm(request.POST, owner=owner, prefix="unit")
            saved = submit(request, unit_form, lambda: services.unit_create(
                actor=request.user, owner=owner, name=unit_form.cleaned_data["name"],
                municipality=unit_form.cleaned_data["municipality"],
                organisation=unit_form.chosen_organisation()), success=_("The unit is added."))
        else:
            raise NotFound()
        if saved:
            return redirect("logbook:owner_manage", pk=owner.pk)
    context = {"owner": owner, "units": owner_units_with_counts(owner), "municipality_form": municipality_form,
               "unit_form": unit_form}
    failed = municipality_form.errors or unit_form.errors
    return render(request, "logbook/owner_manage.html", context, status=400 if failed else 200)


@logbook_required
def unit_edit(request, pk):
    unit = unit_for_coordinator(user=request.user, pk=pk)
    form = UnitForm(request.POST or None, owner=unit.owner, editing=True,
                    initial={"name": unit.name, "municipality": unit.municipality_id})
    if submit(request, form, lambda: services.unit_update(
            actor=request.user, unit=unit, name=form.cleaned_data["name"],
            municipality=form.cleaned_data["municipality"]), success=_("The unit is saved.")):
        return redirect("logbook:owner_manage", pk=unit.owner_id)
    return render(request, "logbook/unit_edit.html", {"unit": unit, "form": form},
                  status=400 if form.errors else 200)


@logbook_required
def activity_edit(request, pk):
    """A unit's mentor changes an activity, its aims and the shared aims it follows, or retires it."""
    activity = activity_for_mentor(user=request.user, pk=pk)
    form = ActivityEditForm(request.POST or None, owner=activity.unit.owner, initial={
        "name": activity.name, "kind": activity.kind, "aims": activity.aims, "active": activity.active,
        "shared_aims": list(activity.shared_aims.all())})
    if submit(request, form, lambda: services.activity_update(
            actor=request.user, activity=activity, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
            aims=form.cleaned_data["aims"], shared_aims=form.cleaned_data["shared_aims"],
            active=form.cleaned_data["active"]), success=_("The activity is saved.")):
        return redirect("logbook:unit", pk=activity.unit_id)
    return render(request, "logbook/activity_edit.html", {"activity": activity, "form": form},
                  status=400 if form.errors else 200)


# --- entries from paper -------------------------------------------------------------------------------

def _monday(request) -> date:
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    day = min(max(day, EARLIEST_DATE + timedelta(days=7)), timezone.localdate())
    return day - timedelta(days=day.weekday())


@logbook_required
def week_entry(request, pk):
    """A week recorded on paper, typed in at once: a grid of the unit's activities and the week's days."""
    unit = unit_for_recorder(user=request.user, pk=pk)
    monday = _monday(request)
    form = WeekForm(request.POST or None, activities=unit.activities.filter(active=True), monday=monday)

    def save():
        rows = [services.BulkRow(key=key, identity=f"{activity.pk}:{day.isoformat()}", activity=activity,
                                 values={"date": day, "hours": hours, "visits": visits})
                for key, activity, day, hours, visits in form.cells()]
        return services.entries_record_bulk(actor=request.user, unit=unit, rows=rows, source="week")

    saved = submit(request, form, save)
    if saved:
        recorded, already = saved
        messages.success(request, ngettext("%(count)s entry is saved.", "%(count)s entries are saved.",
                                           recorded) % {"count": recorded})
        if already:
            messages.info(request, ngettext("%(count)s entry had already been saved.",
                                            "%(count)s entries had already been saved.", already) % {"count": already})
        return redirect(f"{reverse('logbook:week', kwargs={'pk': unit.pk})}?week={monday.isoformat()}")
    context = {"unit": unit, "form": form, "monday": monday, "days": form.days,
               "previous": monday - timedelta(days=7), "next": monday + timedelta(days=7),
               "has_next": monday + timedelta(days=7) <= timezone.localdate()}
    return render(request, "logbook/week.html", context, status=400 if form.errors else 200)


@logbook_required
def csv_import(request, pk):
    """Earlier records from a CSV file: every line checked and its problems shown next to it; the file
    is saved whole or not at all."""
    unit = unit_for_recorder(user=request.user, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        parsed = parse_entries(form.cleaned_data["file"], unit.activities.all())
        if parsed.file_problem:
            form.add_error("file", parsed.file_problem)
        elif parsed.ok:
            try:
                recorded, already = services.entries_record_bulk(actor=request.user, unit=unit, rows=parsed.rows,
                                                                 source="csv")
            except ValidationFailed as exc:
                by_key = {f"line {line.number}": line for line in parsed.lines}
                for key, problems in exc.fields.items():
                    if key in by_key:
                        by_key[key].problems.extend(problems)
                    else:
                        form.add_error(None, problems)
            else:
                messages.success(request, ngettext("%(count)s entry is saved.", "%(count)s entries are saved.",
                                                   recorded) % {"count": recorded})
                if already:
                    messages.info(request, ngettext(
                        "%(count)s entry had already been saved.", "%(count)s entries had already been saved.",
                        already) % {"count": already})
                return redirect("logbook:unit", pk=unit.pk)
        if parsed.lines and not parsed.ok:
            form.add_error("file", _("Nothing is saved: correct the lines below and send the file again."))
    context = {"unit": unit, "form": form, "lines": parsed.lines if parsed else (),
               "columns": COLUMNS, "activities": unit.activities.filter(active=True)}
    return render(request, "logbook/import.html", context, status=400 if form.errors else 200)


# --- reports ----------------------------------------------------------------------------------------

@logbook_required
def report_page(request, level, key):
    """A report for any period: figures compared with the period before and a year earlier, charts with
    their tables, the aims followed and (for a unit's people and the coordinator) the reflections."""
    scope = report_scope(user=request.user, level=level, key=key)
    period_form, (start, end) = _period(request)
    result = report(scope.units, title=scope.title, level=scope.level, start=start, end=end,
                    suppress=scope.suppress, with_reflections=scope.reflections)
    charts = [(alt, mark_safe(svg)) for alt, svg in report_charts(result)]  # noqa: S308 - Kopa's own SVG, escaped
    context = {"scope": scope, "report": result, "period_form": period_form, "start": start, "end": end,
               "comparison": comparison(result), "charts": charts,
               "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1)}
    return render(request, "logbook/report.html", context)


def _start_report(request, level, key, kind, parameters):
    scope = report_scope(user=request.user, level=level, key=key)
    job = job_start(actor=request.user, kind=f"kopa.logbook.jobs:{kind}",
                    parameters={"level": scope.level, "key": scope.key, **parameters})
    return start_redirect(job)


def _posted_period(request) -> dict:
    form = PeriodForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(fields={"end": form.errors.get("end", [])})
    start, end = form.period()
    return {"start": start.isoformat(), "end": end.isoformat()}


@logbook_download_required
def report_pdf(request, level, key):
    return _start_report(request, level, key, "REPORT_PDF", _posted_period(request))


@logbook_download_required
def report_xlsx(request, level, key):
    return _start_report(request, level, key, "REPORT_XLSX", _posted_period(request))


@logbook_download_required
def report_annual(request, level, key):
    year = request.POST.get("year", "")
    this_year = timezone.localdate().year
    if not year.isdigit() or not this_year - 20 <= int(year) <= this_year:
        raise ValidationFailed(fields={"year": [_("Choose a year.")]})
    return _start_report(request, level, key, "ANNUAL_PDF", {"year": int(year)})


@anonymous_page("logbook")
def overview(request):
    """The public national overview: per municipality, the youth work the Logbook's units recorded in
    the last twelve months, as a map and as a table. Aggregates only; small counts of young people are
    suppressed."""
    end = timezone.localdate()
    start = end - timedelta(days=364)
    rows = public_overview(start=start, end=end)
    points = [(r.municipality.name, float(r.municipality.latitude), float(r.municipality.longitude), r.hours)
              for r in rows if r.municipality.latitude is not None and r.municipality.longitude is not None]
    svg = dot_map(_("Hours of youth work by municipality"), points)
    return render(request, "logbook/overview.html", {
        "rows": rows, "start": start, "end": end, "map": mark_safe(svg),  # noqa: S308 - Kopa's own SVG, escaped
        "total_hours": sum(r.hours for r in rows), "total_visits": sum(r.visits for r in rows)})
