"""Organisation pages outside the back office: the public directory, a representative's own profile,
and a signed-in person saying they work at an organisation or asking to represent it; and the profile
form, which the back office shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.selectors import current_agency
from kopa.core.pagecache import anonymous_page
from kopa.core.web import submit
from kopa.directory.access import organisation_to_join, represented_organisation
from kopa.directory.organisations import selectors, services
from kopa.directory.organisations.forms import DirectoryFilterForm, OrganisationForm
from kopa.directory.people.forms import AffiliationForm
from kopa.directory.people.services import affiliation_claim

PAGE_SIZE = 20


def directory_page(request, queryset):
    """The page of a directory list that `request` asks for."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def profile_form(request, *, org, template: str, success_url: str):
    """The profile form of `org` (a new organisation in the user's agency when None), saved through
    the services, which decide who may save it."""
    form = OrganisationForm(request.POST or None, instance=org)

    def save():
        if org is None:
            return services.organisation_create(
                actor=request.user, data=form.to_service_data(), agency=current_agency(request.user)
            )
        return services.organisation_update(actor=request.user, organisation=org, data=form.to_service_data())

    saved = submit(request, form, save, success=_("The organisation's profile is saved."))
    if saved is not None:
        return redirect(success_url, pk=saved.pk)
    return render(request, template, {"form": form, "org": org})


@anonymous_page("directory")
def public_list(request):
    form = DirectoryFilterForm(request.GET or None)
    qs = selectors.public_organisation_list(filters=form.to_filters())
    return render(request, "directory/organisations/public_list.html", {
        "form": form, "page_obj": directory_page(request, qs),
    })


@anonymous_page("directory")
def public_detail(request, pk: int):
    org = selectors.public_organisation_detail(pk=pk)
    return render(request, "directory/organisations/public_detail.html", {"org": org})


@login_required
def my_edit(request, pk: int):
    """A representative edits their own organisation (only an approved representation counts)."""
    org = represented_organisation(user=request.user, pk=pk)
    return profile_form(request, org=org, template="directory/organisations/my_edit.html",
                        success_url="directory:my_edit")


@login_required
def my_affiliation(request, pk: int):
    """"I work or volunteer here": a claimed role at an organisation found in "my area"."""
    org = organisation_to_join(user=request.user, pk=pk, oid=request.GET.get("oid", ""))
    form = AffiliationForm(request.POST if request.method == "POST" else None)
    saved = submit(request, form, lambda: affiliation_claim(
        actor=request.user, organisation=org, role=form.cleaned_data["role"], title=form.cleaned_data["title"],
    ), success=_("Your role at %(name)s is saved.") % {"name": org.legal_name})
    if saved is not None:
        return redirect("site:my_home")
    return render(request, "directory/organisations/my_affiliation.html", {"org": org, "form": form})


@login_required
def my_represent(request, pk: int):
    """Ask to represent an organisation found in "my area"; its agency's staff approve it."""
    org = organisation_to_join(user=request.user, pk=pk, oid=request.GET.get("oid", ""))
    if request.method == "POST":
        services.representative_request(user=request.user, organisation=org)
        messages.success(request, _("Your request is sent: the agency's staff will confirm it."))
        return redirect("site:my_home")
    return render(request, "directory/organisations/my_represent.html", {
        "org": org, "representation": selectors.representation_at(user=request.user, organisation=org),
    })
