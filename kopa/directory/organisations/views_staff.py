"""The back office's organisation pages: the staff directory, a profile with its people,
representatives, private notes and tags, and the profile form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required, writer_required
from kopa.agencies.selectors import current_agency, staff_agency_ids
from kopa.core import audit
from kopa.core.web import submit
from kopa.directory.access import (
    organisation_for_edit,
    require_organisation_manager,
    require_organisation_reader,
)
from kopa.directory.organisations import selectors, services
from kopa.directory.organisations.forms import DirectoryFilterForm, StaffNoteForm, TagsForm
from kopa.directory.organisations.views import directory_page, profile_form
from kopa.directory.people.selectors import people_at


@staff_required
def staff_list(request):
    form = DirectoryFilterForm(request.GET or None, with_tags=True)
    qs = selectors.staff_organisation_list(user=request.user, filters=form.to_filters())
    return render(request, "directory/organisations/staff_list.html", {
        "form": form, "page_obj": directory_page(request, qs),
    })


@staff_required
def staff_detail(request, pk: int):
    org = selectors.organisation_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        require_organisation_manager(request.user, org)
    else:
        require_organisation_reader(request.user, org)
    agency = current_agency(request.user)
    note_form = StaffNoteForm(request.POST if "note-text" in request.POST else None, prefix="note")
    tags_form = TagsForm(request.POST if "tags-tags" in request.POST else None, prefix="tags", initial={
        "tags": ", ".join(t.name for t in selectors.tags_for(user=request.user, organisation=org)
                          if t.agency_id == agency.pk)})
    saved = None
    if "note-text" in request.POST:
        saved = submit(request, note_form, lambda: services.staff_note_add(
            actor=request.user, agency=agency, organisation=org, text=note_form.cleaned_data["text"],
        ), success=_("Note saved."))
    elif "tags-tags" in request.POST:
        saved = submit(request, tags_form, lambda: services.tags_set(
            actor=request.user, agency=agency, organisation=org, names=tags_form.names(),
        ), success=_("Tags saved."))
    elif request.method == "POST" and "representative" in request.POST:
        rep = selectors.representative_at(organisation=org, pk=request.POST["representative"])
        saved = services.representative_decide(actor=request.user, representative=rep,
                                                approve=request.POST.get("decision") == "approve")
        messages.success(request, _("Decision saved."))
    if saved is not None:
        return redirect("directory:staff_detail", pk=org.pk)
    return render(request, "directory/organisations/staff_detail.html", {
        "org": org,
        "agency": agency,
        "notes": selectors.staff_notes_for(user=request.user, organisation=org),
        "tags": selectors.tags_for(user=request.user, organisation=org),
        "affiliations": people_at(user=request.user, organisation=org),
        "representatives": selectors.representatives_of(org),
        "history": audit.history_for(org, reader_agency_ids=staff_agency_ids(request.user))[:50],
        "note_form": note_form,
        "tags_form": tags_form,
    })


@staff_required
@writer_required
def staff_create(request):
    return profile_form(request, org=None, template="directory/organisations/staff_edit.html",
                        success_url="directory:staff_detail")


@staff_required
@writer_required
def staff_edit(request, pk: int):
    org = organisation_for_edit(user=request.user, pk=pk)
    return profile_form(request, org=org, template="directory/organisations/staff_edit.html",
                        success_url="directory:staff_detail")
