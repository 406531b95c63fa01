"""Directory pages: the public directory, the staff back office, and a representative's own profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.agencies.selectors import current_agency
from kopa.core import audit
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.directory import selectors, services
from kopa.directory.forms import DirectoryFilterForm, OrganisationForm, StaffNoteForm, TagsForm

PAGE_SIZE = 20



def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _get_or_404(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound as exc:
        raise Http404() from exc


def public_list(request):
    form = DirectoryFilterForm(request.GET or None)
    qs = selectors.public_organisation_list(filters=form.to_filters())
    return render(request, "directory/public_list.html", {"form": form, "page_obj": _page(request, qs)})


def public_detail(request, pk: int):
    org = _get_or_404(selectors.public_organisation_detail, pk=pk)
    return render(request, "directory/public_detail.html", {"org": org})


@staff_required
def staff_list(request):
    form = DirectoryFilterForm(request.GET or None, with_tags=True)
    qs = selectors.staff_organisation_list(user=request.user, filters=form.to_filters())
    return render(request, "directory/staff_list.html", {"form": form, "page_obj": _page(request, qs)})


@staff_required
def staff_detail(request, pk: int):
    org = _get_or_404(selectors.organisation_for_user, user=request.user, pk=pk)
    if not selectors.can_edit_organisation(request.user, org):
        raise Http404()
    agency = current_agency(request.user)
    note_form = StaffNoteForm(prefix="note")
    tags_form = TagsForm(prefix="tags", initial={
        "tags": ", ".join(t.name for t in selectors.tags_for(user=request.user, organisation=org)
                          if t.agency_id == agency.pk)})
    if request.method == "POST":
        try:
            if "note-text" in request.POST:
                note_form = StaffNoteForm(request.POST, prefix="note")
                if note_form.is_valid():
                    services.staff_note_add(actor=request.user, agency=agency, organisation=org,
                                            text=note_form.cleaned_data["text"])
                    messages.success(request, _("Note saved."))
                    return redirect("directory:staff_detail", pk=org.pk)
            elif "tags-tags" in request.POST:
                tags_form = TagsForm(request.POST, prefix="tags")
                if tags_form.is_valid():
                    services.tags_set(actor=request.user, agency=agency, organisation=org, names=tags_form.names())
                    messages.success(request, _("Tags saved."))
                    return redirect("directory:staff_detail", pk=org.pk)
            elif "representative" in request.POST:
                rep = _get_or_404(selectors.representative_at, organisation=org,
                                  pk=request.POST["representative"])
                services.representative_decide(actor=request.user, representative=rep,
                                               approve=request.POST.get("decision") == "approve")
                messages.success(request, _("Decision saved."))
                return redirect("directory:staff_detail", pk=org.pk)
        except ValidationFailed as exc:
            target = note_form if "note-text" in request.POST else tags_form
            for field, errors in exc.fields.items():
                for error in errors:
                    target.add_error(None if field not in target.fields else field, error)
    return render(request, "directory/staff_detail.html", {
        "org": org,
        "agency": agency,
        "notes": selectors.staff_notes_for(user=request.user, organisation=org),
        "tags": selectors.tags_for(user=request.user, organisation=org),
        "affiliations": selectors.people_at(user=request.user, organisation=org),
        "representatives": org.representatives.select_related("user"),
        "history": audit.history_for(org)[:50],
        "note_form": note_form,
        "tags_form": tags_form,
    })


def _edit(request, *, org, template: str, success_url: str):
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            if org is None:
                saved = services.organisation_create(
                    actor=request.user, data=form.to_service_data(), agency=current_agency(request.user)
                )
            else:
                saved = services.organisation_update(actor=request.user, organisation=org, data=form.to_service_data())
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except PermissionDenied as exc:
            raise Http404() from exc
        else:
            messages.success(request, _("The organisation's profile is saved."))
            return redirect(success_url, pk=saved.pk)
    return render(request, template, {"form": form, "org": org})


@staff_required
def staff_create(request):
    return _edit(request, org=None, template="directory/staff_edit.html", success_url="directory:staff_detail")


@staff_required
def staff_edit(request, pk: int):
    try:
        org = selectors.organisation_for_edit(user=request.user, pk=pk)
    except (NotFound, PermissionDenied) as exc:
        raise Http404() from exc
    return _edit(request, org=org, template="directory/staff_edit.html", success_url="directory:staff_detail")


@login_required
def my_edit(request, pk: int):
    """A representative edits their own organisation (only an approved representation counts)."""
    if pk not in selectors.represented_organisation_ids(request.user):
        raise Http404()
    org = selectors.organisation_for_edit(user=request.user, pk=pk)
    return _edit(request, org=org, template="directory/my_edit.html", success_url="directory:my_edit")
