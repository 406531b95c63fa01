"""The agencies pages: the agencies a person works for, a new agency (superusers), and each agency's
team, where its admins invite colleagues, change their roles and remove them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kopa.agencies import services
from kopa.agencies.access import staff_required
from kopa.agencies.forms import AgencyForm, InviteForm, RoleForm
from kopa.agencies.selectors import (
    agencies_for_staff,
    agency_for_staff,
    is_agency_admin,
    is_agency_staff,
    membership_in,
    public_agency,
    team,
)
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.core.http import site_url
from kopa.core.web import submit


@login_required
def agency_list(request):
    # Superusers too, before the first agency exists.
    if not (request.user.is_superuser or is_agency_staff(request.user)):
        raise PermissionDenied()
    return render(request, "agencies/list.html", {"agencies": agencies_for_staff(request.user)})


@login_required
def agency_new(request):
    if not request.user.is_superuser:
        raise PermissionDenied()
    form = AgencyForm(request.POST or None, request.FILES or None)
    agency = submit(request, form, lambda: services.agency_create(actor=request.user, data=form.cleaned_data),
                    success=_("The agency is created. Invite its first admin now."))
    if agency:
        return redirect("agencies:team", slug=agency.slug)
    return render(request, "agencies/new.html", {"form": form})


def _team_page(request, agency, *, invite_form=None, role_errors=None):
    admin = is_agency_admin(request.user, agency)
    members = list(team(agency))
    for member in members:
        member.role_form = RoleForm(initial={"role": member.role}, prefix=f"m{member.pk}")
    return render(request, "agencies/team.html", {
        "agency": agency, "members": members, "is_admin": admin, "role_errors": role_errors or [],
        "invite_form": invite_form or (InviteForm() if admin else None),
    }, status=400 if role_errors else 200)


@staff_required
def team_page(request, slug: str):
    agency = agency_for_staff(user=request.user, slug=slug)
    if request.method != "POST":
        return _team_page(request, agency)
    if not is_agency_admin(request.user, agency):  # the service refuses too; here before the form is read
        raise PermissionDenied()
    form = InviteForm(request.POST)
    invited = submit(request, form, lambda: services.member_invite(
        actor=request.user, agency=agency, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
        first_name=form.cleaned_data["first_name"], last_name=form.cleaned_data["last_name"],
        language=get_language(), base_url=site_url(request),
    ))
    if invited:
        membership, _created = invited
        messages.success(request, _("%(email)s is invited and has been sent an e-mail.") % {
            "email": membership.user.email})
        return redirect("agencies:team", slug=agency.slug)
    return _team_page(request, agency, invite_form=form)


@staff_required
@require_POST
def member_role(request, slug: str, pk):
    agency = agency_for_staff(user=request.user, slug=slug)
    membership = membership_in(agency=agency, pk=pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        return _team_page(request, agency, role_errors=[_("Choose a role.")])
    try:
        services.member_role_set(actor=request.user, membership=membership, role=form.cleaned_data["role"])
    except ValidationFailed as exc:
        return _team_page(request, agency, role_errors=[m for ms in exc.fields.values() for m in ms] or [exc.message])
    messages.success(request, _("The role is changed."))
    return redirect("agencies:team", slug=agency.slug)


@staff_required
@require_POST
def member_remove(request, slug: str, pk):
    agency = agency_for_staff(user=request.user, slug=slug)
    membership = membership_in(agency=agency, pk=pk)
    try:
        services.member_remove(actor=request.user, membership=membership)
    except ValidationFailed as exc:
        return _team_page(request, agency, role_errors=[exc.message])
    messages.success(request, _("%(person)s no longer works for the agency in Kopa.") % {
        "person": membership.user.get_full_name() or membership.user.email})
    return redirect("agencies:team", slug=agency.slug)


@require_GET
def agency_logo(request, slug: str):
    """An agency's logo, public like its name (in production too, not only where media is served)."""
    agency = public_agency(slug=slug)
    if not agency.logo or not agency.logo.storage.exists(agency.logo.name):
        raise NotFound()
    response = FileResponse(agency.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
