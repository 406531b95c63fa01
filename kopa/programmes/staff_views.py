"""The programmes back office: partnerships, cycles, strands, working groups and projects.

Views parse the request and call one selector or service. Who may change what is decided in the
services; a page of something the user does not manage is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.agencies.selectors import staff_agency_ids
from kopa.core import audit
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.core.http import posted_id
from kopa.directory.models import Organisation
from kopa.directory.selectors import normalise, people_for_staff, staff_scope
from kopa.programmes import selectors, services
from kopa.programmes.forms import (
    CycleForm,
    OrganisationSearchForm,
    PartnershipForm,
    PartnershipMemberForm,
    PersonSearchForm,
    ProjectFilterForm,
    ProjectForm,
    ProjectPartnerForm,
    StrandForm,
    WorkingGroupForm,
)
from kopa.programmes.models import PartnershipMember, ProjectPartner

PAGE_SIZE = 25
SEARCH_LIMIT = 20



def _get(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound as exc:
        raise Http404() from exc


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _save_form(request, form, save, *, success_message: str):
    """Validate `form`, call `save` (a service call); on success the saved object, else None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationFailed as exc:
        form.add_service_errors(exc)
        return None
    except PermissionDenied as exc:
        raise Http404() from exc
    messages.success(request, success_message)
    return saved


def _history(obj):
    return audit.history_for(obj)[:50]


# --- overview -------------------------------------------------------------------------------------


@staff_required
def index(request):
    user = request.user
    return render(request, "programmes/staff/index.html", {
        "partnership_count": selectors.staff_partnerships(user).count(),
        "cycle_count": selectors.staff_cycles(user).count(),
        "strand_count": selectors.staff_strands(user).count(),
        "working_group_count": selectors.staff_working_groups(user).count(),
        "project_count": selectors.staff_projects(user).count(),
    })


# --- partnerships ---------------------------------------------------------------------------------


@staff_required
def partnership_list(request):
    return render(request, "programmes/staff/partnership_list.html", {
        "page_obj": _page(request, selectors.staff_partnerships(request.user)),
    })


@staff_required
def partnership_detail(request, pk: int):
    partnership = _get(selectors.partnership_for_staff, user=request.user, pk=pk)
    member_form = PartnershipMemberForm(request.POST if "add-member" in request.POST else None)
    if request.method == "POST":
        try:
            if "remove-member" in request.POST:
                member = PartnershipMember.objects.filter(
                    pk=posted_id(request, "remove-member"), partnership=partnership).first()
                if member is None:
                    raise Http404()
                services.partnership_member_remove(actor=request.user, member=member)
                messages.success(request, _("The member is removed."))
                return redirect("programmes:staff_partnership_detail", pk=partnership.pk)
            if member_form.is_valid():
                services.partnership_member_add(actor=request.user, partnership=partnership,
                                                **member_form.cleaned_data)
                messages.success(request, _("The member is added."))
                return redirect("programmes:staff_partnership_detail", pk=partnership.pk)
        except ValidationFailed as exc:
            for name, errors in exc.fields.items():
                for error in errors:
                    member_form.add_error(name if name in member_form.fields else None, error)
        except PermissionDenied as exc:
            raise Http404() from exc
    return render(request, "programmes/staff/partnership_detail.html", {
        "partnership": partnership,
        "members": partnership.members.select_related("agency"),
        "strands": selectors.strands_for(partnership),
        "cycles": selectors.cycles_for(partnership),
        "member_form": member_form,
        "history": _history(partnership),
    })


@staff_required
def partnership_create(request):
    form = PartnershipForm(request.POST or None, user=request.user)
    saved = _save_form(
        request, form,
        lambda: services.partnership_create(actor=request.user, data=form.to_service_data()),
        success_message=_("The partnership is saved."),
    )
    if saved:
        return redirect("programmes:staff_partnership_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a partnership"), "back_url": reverse("programmes:staff_partnership_list"),
    })


@staff_required
def partnership_edit(request, pk: int):
    partnership = _get(selectors.partnership_for_staff, user=request.user, pk=pk)
    form = PartnershipForm(request.POST or None, user=request.user, instance=partnership)
    saved = _save_form(
        request, form,
        lambda: services.partnership_update(actor=request.user, partnership=partnership,
                                            data=form.to_service_data()),
        success_message=_("The partnership is saved."),
    )
    if saved:
        return redirect("programmes:staff_partnership_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Edit the partnership %(name)s") % {"name": partnership},
        "back_url": reverse("programmes:staff_partnership_detail", args=[partnership.pk]),
    })


# --- cycles ---------------------------------------------------------------------------------------


@staff_required
def cycle_list(request):
    return render(request, "programmes/staff/cycle_list.html", {
        "page_obj": _page(request, selectors.staff_cycles(request.user).order_by("-start")),
    })


@staff_required
def cycle_detail(request, pk: int):
    cycle = _get(selectors.cycle_for_staff, user=request.user, pk=pk)
    return render(request, "programmes/staff/cycle_detail.html", {
        "cycle": cycle,
        "projects": cycle.projects.select_related("lead").filter(
            agency_id__in=staff_agency_ids(request.user)),
        "history": _history(cycle),
    })


@staff_required
def cycle_create(request, partnership_pk: int):
    partnership = _get(selectors.partnership_for_staff, user=request.user, pk=partnership_pk)
    form = CycleForm(request.POST or None)
    saved = _save_form(
        request, form,
        lambda: services.cycle_create(actor=request.user, partnership=partnership, data=form.to_service_data()),
        success_message=_("The cycle is saved."),
    )
    if saved:
        return redirect("programmes:staff_cycle_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a cycle to %(name)s") % {"name": partnership},
        "back_url": reverse("programmes:staff_partnership_detail", args=[partnership.pk]),
    })


@staff_required
def cycle_edit(request, pk: int):
    cycle = _get(selectors.cycle_for_staff, user=request.user, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    saved = _save_form(
        request, form,
        lambda: services.cycle_update(actor=request.user, cycle=cycle, data=form.to_service_data()),
        success_message=_("The cycle is saved."),
    )
    if saved:
        return redirect("programmes:staff_cycle_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Edit the cycle %(name)s") % {"name": cycle},
        "back_url": reverse("programmes:staff_cycle_detail", args=[cycle.pk]),
    })


# --- strands --------------------------------------------------------------------------------------


@staff_required
def strand_list(request):
    return render(request, "programmes/staff/strand_list.html", {
        "page_obj": _page(request, selectors.staff_strands(request.user)),
    })


@staff_required
def strand_detail(request, pk: int):
    strand = _get(selectors.strand_for_staff, user=request.user, pk=pk)
    return render(request, "programmes/staff/strand_detail.html", {
        "strand": strand, "history": _history(strand),
    })


@staff_required
def strand_create(request, partnership_pk: int):
    partnership = _get(selectors.partnership_for_staff, user=request.user, pk=partnership_pk)
    form = StrandForm(request.POST or None, partnership=partnership)
    saved = _save_form(
        request, form,
        lambda: services.strand_create(actor=request.user, partnership=partnership, data=form.to_service_data()),
        success_message=_("The strand is saved."),
    )
    if saved:
        return redirect("programmes:staff_strand_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a strand to %(name)s") % {"name": partnership},
        "back_url": reverse("programmes:staff_partnership_detail", args=[partnership.pk]),
    })


@staff_required
def strand_edit(request, pk: int):
    strand = _get(selectors.strand_for_staff, user=request.user, pk=pk)
    form = StrandForm(request.POST or None, partnership=strand.partnership, instance=strand)
    saved = _save_form(
        request, form,
        lambda: services.strand_update(actor=request.user, strand=strand, data=form.to_service_data()),
        success_message=_("The strand is saved."),
    )
    if saved:
        return redirect("programmes:staff_strand_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Edit the strand %(name)s") % {"name": strand},
        "back_url": reverse("programmes:staff_strand_detail", args=[strand.pk]),
    })


# --- working groups -------------------------------------------------------------------------------


@staff_required
def working_group_list(request):
    return render(request, "programmes/staff/working_group_list.html", {
        "page_obj": _page(request, selectors.staff_working_groups(request.user)),
    })


def _person_candidates(user, query: str, exclude):
    words = query.split()
    if not words:
        return []
    qs = people_for_staff(user=user).exclude(pk__in=[p.pk for p in exclude])
    for word in words:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__iexact=word))
    return list(qs[:SEARCH_LIMIT])


@staff_required
def working_group_detail(request, pk: int):
    group = _get(selectors.working_group_for_staff, user=request.user, pk=pk)
    members = list(group.members.all())
    search = PersonSearchForm(request.GET or None)
    candidates = _person_candidates(request.user, search.cleaned_data.get("q", ""), members) \
        if search.is_bound and search.is_valid() else []
    if request.method == "POST":
        person_pk = request.POST.get("add-member") or request.POST.get("remove-member")
        person = people_for_staff(user=request.user).filter(pk=person_pk).first() if str(
            person_pk or "").isdigit() else None
        if person is None:
            person = next((m for m in members if str(m.pk) == str(person_pk)), None)
        if person is None:
            raise Http404()
        try:
            if "add-member" in request.POST:
                services.working_group_member_add(actor=request.user, group=group, person=person)
                messages.success(request, _("%(name)s is now a member.") % {"name": person})
            else:
                services.working_group_member_remove(actor=request.user, group=group, person=person)
                messages.success(request, _("%(name)s is no longer a member.") % {"name": person})
        except ValidationFailed as exc:
            messages.error(request, " ".join(str(m) for ms in exc.fields.values() for m in ms) or exc.message)
        except PermissionDenied as exc:
            raise Http404() from exc
        return redirect("programmes:staff_working_group_detail", pk=group.pk)
    return render(request, "programmes/staff/working_group_detail.html", {
        "group": group, "members": members, "search": search, "candidates": candidates,
        "history": _history(group),
    })


@staff_required
def working_group_create(request):
    form = WorkingGroupForm(request.POST or None, user=request.user)
    saved = _save_form(
        request, form,
        lambda: services.working_group_create(actor=request.user, agency=form.cleaned_data["agency"],
                                              data=form.to_service_data()),
        success_message=_("The working group is saved."),
    )
    if saved:
        return redirect("programmes:staff_working_group_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a working group"), "back_url": reverse("programmes:staff_working_group_list"),
    })


@staff_required
def working_group_edit(request, pk: int):
    group = _get(selectors.working_group_for_staff, user=request.user, pk=pk)
    form = WorkingGroupForm(request.POST or None, user=request.user, instance=group)
    saved = _save_form(
        request, form,
        lambda: services.working_group_update(actor=request.user, group=group, data=form.to_service_data()),
        success_message=_("The working group is saved."),
    )
    if saved:
        return redirect("programmes:staff_working_group_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Edit the working group %(name)s") % {"name": group},
        "back_url": reverse("programmes:staff_working_group_detail", args=[group.pk]),
    })


# --- projects -------------------------------------------------------------------------------------


@staff_required
def project_list(request):
    form = ProjectFilterForm(request.GET or None, public=False)
    qs = selectors.filter_projects(selectors.staff_projects(request.user), form.to_filters())
    return render(request, "programmes/staff/project_list.html", {"form": form, "page_obj": _page(request, qs)})


def _organisation_candidates(user, query: str, exclude_ids):

    words = normalise(query).split()
    if not words:
        return []
    qs = Organisation.objects.filter(Q(public_listing=True) | Q(pk__in=staff_scope(user).values("pk")))
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return list(qs.exclude(pk__in=exclude_ids).order_by("legal_name")[:SEARCH_LIMIT])


@staff_required
def project_detail(request, pk: int):
    project = _get(selectors.project_for_staff, user=request.user, pk=pk)
    partners = list(project.partners.select_related("organisation").order_by("country", "organisation__legal_name"))
    search = OrganisationSearchForm(request.GET or None)
    candidates = []
    if search.is_bound and search.is_valid():
        candidates = _organisation_candidates(
            request.user, search.cleaned_data["q"], [p.organisation_id for p in partners] + [project.lead_id])
    partner_form = ProjectPartnerForm()
    if request.method == "POST":
        try:
            if "remove-partner" in request.POST:
                partner = ProjectPartner.objects.filter(
                    pk=posted_id(request, "remove-partner"), project=project).first()
                if partner is None:
                    raise Http404()
                services.project_partner_remove(actor=request.user, partner=partner)
                messages.success(request, _("The partner is removed."))
                return redirect("programmes:staff_project_detail", pk=project.pk)
            partner_form = ProjectPartnerForm(request.POST)
            if partner_form.is_valid():
            
                organisation = Organisation.objects.filter(pk=partner_form.cleaned_data["organisation"]).first()
                if organisation is None:
                    raise Http404()
                services.project_partner_add(actor=request.user, project=project, organisation=organisation,
                                             country=partner_form.cleaned_data["country"] or None)
                messages.success(request, _("%(name)s is now a partner.") % {"name": organisation})
                return redirect("programmes:staff_project_detail", pk=project.pk)
            messages.error(request, _("Choose the partner again."))
        except ValidationFailed as exc:
            messages.error(request, " ".join(str(m) for ms in exc.fields.values() for m in ms) or exc.message)
        except PermissionDenied as exc:
            raise Http404() from exc
    return render(request, "programmes/staff/project_detail.html", {
        "project": project, "partners": partners, "search": search, "candidates": candidates,
        "partner_form": partner_form, "history": _history(project),
    })


@staff_required
def project_create(request):
    form = ProjectForm(request.POST or None, user=request.user)
    saved = _save_form(
        request, form,
        lambda: services.project_create(actor=request.user, agency=form.cleaned_data["agency"],
                                        data=form.to_service_data()),
        success_message=_("The project is saved."),
    )
    if saved:
        return redirect("programmes:staff_project_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a project"), "back_url": reverse("programmes:staff_project_list"),
    })


@staff_required
def project_edit(request, pk: int):
    project = _get(selectors.project_for_staff, user=request.user, pk=pk)
    form = ProjectForm(request.POST or None, user=request.user, instance=project)
    saved = _save_form(
        request, form,
        lambda: services.project_update(actor=request.user, project=project, data=form.to_service_data()),
        success_message=_("The project is saved."),
    )
    if saved:
        return redirect("programmes:staff_project_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Edit the project %(name)s") % {"name": project},
        "back_url": reverse("programmes:staff_project_detail", args=[project.pk]),
    })

