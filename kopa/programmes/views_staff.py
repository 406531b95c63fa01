"""The programmes back office: partnerships, cycles, strands, working groups and projects.

Views parse the request and call one selector or service. Who may change what is decided in the
services (`kopa.programmes.access`); a page of something the user does not manage is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required, writer_required
from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.http import posted_id
from kopa.core.web import submit
from kopa.directory.organisations.selectors import organisation_by_id
from kopa.programmes import access, selectors, services
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

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _history(obj):
    return audit.history_for(obj)[:50]


def _refused(request, exc: ValidationFailed) -> None:
    """A service's refusal of a one-click action, shown as a message (there is no form to put it on)."""
    messages.error(request, " ".join(str(m) for ms in exc.fields.values() for m in ms) or exc.message)


# --- overview -------------------------------------------------------------------------------------


@staff_required
def index(request):
    return render(request, "programmes/staff/index.html", selectors.staff_overview(request.user))


# --- partnerships ---------------------------------------------------------------------------------


@staff_required
def partnership_list(request):
    return render(request, "programmes/staff/partnership_list.html", {
        "page_obj": _page(request, selectors.staff_partnerships(request.user)),
    })


@staff_required
def partnership_detail(request, pk: int):
    partnership = access.partnership_for_staff(user=request.user, pk=pk)
    if "remove-member" in request.POST:
        member = selectors.partnership_member(partnership=partnership, pk=posted_id(request, "remove-member"))
        services.partnership_member_remove(actor=request.user, member=member)
        messages.success(request, _("The member is removed."))
        return redirect("programmes:staff_partnership_detail", pk=partnership.pk)
    member_form = PartnershipMemberForm(request.POST if "add-member" in request.POST else None)
    added = submit(request, member_form, lambda: services.partnership_member_add(
        actor=request.user, partnership=partnership, **member_form.cleaned_data,
    ), success=_("The member is added."))
    if added is not None:
        return redirect("programmes:staff_partnership_detail", pk=partnership.pk)
    return render(request, "programmes/staff/partnership_detail.html", {
        "partnership": partnership,
        "members": selectors.partnership_members(partnership),
        "strands": selectors.strands_for(partnership),
        "cycles": selectors.cycles_for(partnership),
        "member_form": member_form,
        "history": _history(partnership),
    })


@staff_required
@writer_required
def partnership_create(request):
    form = PartnershipForm(request.POST or None, user=request.user)
    saved = submit(
        request, form,
        lambda: services.partnership_create(actor=request.user, data=form.to_service_data()),
        success=_("The partnership is saved."),
    )
    if saved is not None:
        return redirect("programmes:staff_partnership_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a partnership"), "back_url": reverse("programmes:staff_partnership_list"),
    })


@staff_required
@writer_required
def partnership_edit(request, pk: int):
    partnership = access.partnership_for_staff(user=request.user, pk=pk)
    form = PartnershipForm(request.POST or None, user=request.user, instance=partnership)
    saved = submit(
        request, form,
        lambda: services.partnership_update(actor=request.user, partnership=partnership,
                                            data=form.to_service_data()),
        success=_("The partnership is saved."),
    )
    if saved is not None:
        return redirect("programmes:staff_partnership_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Edit the partnership %(name)s") % {"name": partnership},
        "back_url": reverse("programmes:staff_partnership_detail", args=[partnership.pk]),
    })


# --- cycles ---------------------------------------------------------------------------------------


@staff_required
def cycle_list(request):
    return render(request, "programmes/staff/cycle_list.html", {
        "page_obj": _page(request, selectors.staff_cycle_list(request.user)),
    })


@staff_required
def cycle_detail(request, pk: int):
    cycle = access.cycle_for_staff(user=request.user, pk=pk)
    return render(request, "programmes/staff/cycle_detail.html", {
        "cycle": cycle,
        "projects": selectors.cycle_projects(user=request.user, cycle=cycle),
        "history": _history(cycle),
    })


@staff_required
@writer_required
def cycle_create(request, partnership_pk: int):
    partnership = access.partnership_for_staff(user=request.user, pk=partnership_pk)
    form = CycleForm(request.POST or None)
    saved = submit(
        request, form,
        lambda: services.cycle_create(actor=request.user, partnership=partnership, data=form.to_service_data()),
        success=_("The cycle is saved."),
    )
    if saved is not None:
        return redirect("programmes:staff_cycle_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a cycle to %(name)s") % {"name": partnership},
        "back_url": reverse("programmes:staff_partnership_detail", args=[partnership.pk]),
    })


@staff_required
@writer_required
def cycle_edit(request, pk: int):
    cycle = access.cycle_for_staff(user=request.user, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    saved = submit(
        request, form,
        lambda: services.cycle_update(actor=request.user, cycle=cycle, data=form.to_service_data()),
        success=_("The cycle is saved."),
    )
    if saved is not None:
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
    strand = access.strand_for_staff(user=request.user, pk=pk)
    return render(request, "programmes/staff/strand_detail.html", {
        "strand": strand, "history": _history(strand),
    })


@staff_required
@writer_required
def strand_create(request, partnership_pk: int):
    partnership = access.partnership_for_staff(user=request.user, pk=partnership_pk)
    form = StrandForm(request.POST or None, partnership=partnership)
    saved = submit(
        request, form,
        lambda: services.strand_create(actor=request.user, partnership=partnership, data=form.to_service_data()),
        success=_("The strand is saved."),
    )
    if saved is not None:
        return redirect("programmes:staff_strand_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a strand to %(name)s") % {"name": partnership},
        "back_url": reverse("programmes:staff_partnership_detail", args=[partnership.pk]),
    })


@staff_required
@writer_required
def strand_edit(request, pk: int):
    strand = access.strand_for_staff(user=request.user, pk=pk)
    form = StrandForm(request.POST or None, partnership=strand.partnership, instance=strand)
    saved = submit(
        request, form,
        lambda: services.strand_update(actor=request.user, strand=strand, data=form.to_service_data()),
        success=_("The strand is saved."),
    )
    if saved is not None:
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


@staff_required
def working_group_detail(request, pk: int):
    group = access.working_group_for_staff(user=request.user, pk=pk)
    members = selectors.working_group_members(group)
    search = PersonSearchForm(request.GET or None)
    candidates = selectors.member_candidates(
        user=request.user, q=search.cleaned_data.get("q", ""), exclude=members,
    ) if search.is_bound and search.is_valid() else []
    if request.method == "POST":
        person = selectors.working_group_person(
            user=request.user, group=group,
            pk=request.POST.get("add-member") or request.POST.get("remove-member"),
        )
        try:
            if "add-member" in request.POST:
                services.working_group_member_add(actor=request.user, group=group, person=person)
                messages.success(request, _("%(name)s is now a member.") % {"name": person})
            else:
                services.working_group_member_remove(actor=request.user, group=group, person=person)
                messages.success(request, _("%(name)s is no longer a member.") % {"name": person})
        except ValidationFailed as exc:
            _refused(request, exc)
        return redirect("programmes:staff_working_group_detail", pk=group.pk)
    return render(request, "programmes/staff/working_group_detail.html", {
        "group": group, "members": members, "search": search, "candidates": candidates,
        "history": _history(group),
    })


@staff_required
@writer_required
def working_group_create(request):
    form = WorkingGroupForm(request.POST or None, user=request.user)
    saved = submit(
        request, form,
        lambda: services.working_group_create(actor=request.user, agency=form.cleaned_data["agency"],
                                              data=form.to_service_data()),
        success=_("The working group is saved."),
    )
    if saved is not None:
        return redirect("programmes:staff_working_group_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a working group"), "back_url": reverse("programmes:staff_working_group_list"),
    })


@staff_required
@writer_required
def working_group_edit(request, pk: int):
    group = access.working_group_for_staff(user=request.user, pk=pk)
    form = WorkingGroupForm(request.POST or None, user=request.user, instance=group)
    saved = submit(
        request, form,
        lambda: services.working_group_update(actor=request.user, group=group, data=form.to_service_data()),
        success=_("The working group is saved."),
    )
    if saved is not None:
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


@staff_required
def project_detail(request, pk: int):
    project = access.project_for_staff(user=request.user, pk=pk)
    partners = selectors.project_partners(project)
    search = OrganisationSearchForm(request.GET or None)
    candidates = []
    if search.is_bound and search.is_valid():
        candidates = selectors.partner_candidates(
            user=request.user, q=search.cleaned_data["q"],
            exclude_ids=[p.organisation_id for p in partners] + [project.lead_id],
        )
    partner_form = ProjectPartnerForm()
    if request.method == "POST":
        try:
            if "remove-partner" in request.POST:
                partner = selectors.project_partner(project=project, pk=posted_id(request, "remove-partner"))
                services.project_partner_remove(actor=request.user, partner=partner)
                messages.success(request, _("The partner is removed."))
                return redirect("programmes:staff_project_detail", pk=project.pk)
            partner_form = ProjectPartnerForm(request.POST)
            if partner_form.is_valid():
                organisation = organisation_by_id(pk=partner_form.cleaned_data["organisation"])
                services.project_partner_add(actor=request.user, project=project, organisation=organisation,
                                             country=partner_form.cleaned_data["country"] or None)
                messages.success(request, _("%(name)s is now a partner.") % {"name": organisation})
                return redirect("programmes:staff_project_detail", pk=project.pk)
            messages.error(request, _("Choose the partner again."))
        except ValidationFailed as exc:
            _refused(request, exc)
    return render(request, "programmes/staff/project_detail.html", {
        "project": project, "partners": partners, "search": search, "candidates": candidates,
        "partner_form": partner_form, "history": _history(project),
    })


@staff_required
@writer_required
def project_create(request):
    form = ProjectForm(request.POST or None, user=request.user)
    saved = submit(
        request, form,
        lambda: services.project_create(actor=request.user, agency=form.cleaned_data["agency"],
                                        data=form.to_service_data()),
        success=_("The project is saved."),
    )
    if saved is not None:
        return redirect("programmes:staff_project_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Add a project"), "back_url": reverse("programmes:staff_project_list"),
    })


@staff_required
@writer_required
def project_edit(request, pk: int):
    project = access.project_for_staff(user=request.user, pk=pk)
    form = ProjectForm(request.POST or None, user=request.user, instance=project)
    saved = submit(
        request, form,
        lambda: services.project_update(actor=request.user, project=project, data=form.to_service_data()),
        success=_("The project is saved."),
    )
    if saved is not None:
        return redirect("programmes:staff_project_detail", pk=saved.pk)
    return render(request, "programmes/staff/edit.html", {
        "form": form, "title": _("Edit the project %(name)s") % {"name": project},
        "back_url": reverse("programmes:staff_project_detail", args=[project.pk]),
    })
