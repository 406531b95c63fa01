"""People in the back office: contact people of organisations, their roles and consents.

Contact details are shown only here, to agency staff whose inventory holds the person's organisations.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.core import audit
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.core.http import posted_id
from kopa.directory import selectors, services
from kopa.directory.forms_people import (
    AffiliationForm,
    ConsentForm,
    ContactPersonForm,
    PersonForm,
    SearchForm,
)
from kopa.directory.models import Affiliation, Organisation

PAGE_SIZE = 25
SEARCH_LIMIT = 20


def _person(user, pk: int):
    try:
        return selectors.person_for_user(user=user, pk=pk)
    except NotFound as exc:
        raise Http404() from exc


def _organisation_in_scope(user, pk: int) -> Organisation:
    org = selectors.staff_scope(user).filter(pk=pk).first()
    if org is None:
        raise Http404()
    return org


@staff_required
def person_list(request):
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page_obj = Paginator(selectors.people_search(user=request.user, q=q), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "directory/person_list.html", {"form": form, "page_obj": page_obj})


@staff_required
def person_detail(request, pk: int):
    person = _person(request.user, pk)
    consent_form = ConsentForm(prefix="consent")
    if request.method == "POST":
        try:
            if "remove-affiliation" in request.POST:
                affiliation = Affiliation.objects.filter(
                    pk=posted_id(request, "remove-affiliation"), person=person).select_related("organisation").first()
                if affiliation is None:
                    raise Http404()
                services.affiliation_remove(actor=request.user, affiliation=affiliation)
                messages.success(request, _("The role is removed."))
                return redirect("directory:staff_person_detail", pk=person.pk)
            consent_form = ConsentForm(request.POST, prefix="consent")
            if consent_form.is_valid():
                services.consent_record(actor=request.user, person=person, **consent_form.cleaned_data)
                messages.success(request, _("The consent is recorded."))
                return redirect("directory:staff_person_detail", pk=person.pk)
        except ValidationFailed as exc:
            consent_form.add_service_errors(exc)
        except PermissionDenied as exc:
            raise Http404() from exc
    search = SearchForm(request.GET or None)
    candidates = []
    if search.is_bound and search.is_valid() and search.cleaned_data["q"].strip():
        candidates = list(selectors.staff_organisation_list(
            user=request.user, filters=selectors.OrganisationFilters(q=search.cleaned_data["q"]))[:SEARCH_LIMIT])
    return render(request, "directory/person_detail.html", {
        "person": person,
        "affiliations": person.affiliations.select_related("organisation"),
        "consents": person.consents.select_related("recorded_by"),
        "consent_form": consent_form,
        "search": search,
        "candidates": candidates,
        "history": audit.history_for(person)[:50],
    })


@staff_required
def person_create(request, org_pk: int):
    """Add a contact person to an organisation in the user's inventory."""
    org = _organisation_in_scope(request.user, org_pk)
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.contact_person_add(actor=request.user, organisation=org, **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            raise Http404() from exc
        else:
            messages.success(request, _("%(name)s is added.") % {"name": person})
            return redirect("directory:staff_person_detail", pk=person.pk)
    return render(request, "directory/person_form.html", {
        "form": form, "org": org,
        "title": _("Add a contact person to %(organisation)s") % {"organisation": org.legal_name},
    })


@staff_required
def person_edit(request, pk: int):
    person = _person(request.user, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            raise Http404() from exc
        else:
            messages.success(request, _("The details are saved."))
            return redirect("directory:staff_person_detail", pk=person.pk)
    return render(request, "directory/person_form.html", {
        "form": form, "person": person, "title": _("Edit %(name)s") % {"name": person},
    })


@staff_required
def affiliation_add(request, pk: int, org_pk: int):
    """Give a person a role at an organisation in the user's inventory."""
    person = _person(request.user, pk)
    org = _organisation_in_scope(request.user, org_pk)
    form = AffiliationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliation_add(actor=request.user, person=person, organisation=org, **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            raise Http404() from exc
        else:
            messages.success(request, _("The role is added."))
            return redirect("directory:staff_person_detail", pk=person.pk)
    return render(request, "directory/person_form.html", {
        "form": form, "person": person, "org": org,
        "title": _("Role of %(name)s at %(organisation)s") % {"name": person, "organisation": org.legal_name},
    })
