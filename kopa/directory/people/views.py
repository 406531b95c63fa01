"""People in the back office: contact people of organisations, their roles and consents.

Contact details are shown only here, to agency staff whose inventory holds the person's organisations.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required, writer_required
from kopa.core import audit
from kopa.core.http import posted_id
from kopa.core.web import submit
from kopa.directory.access import organisation_in_inventory
from kopa.directory.organisations.selectors import OrganisationFilters, staff_organisation_list
from kopa.directory.people import selectors, services
from kopa.directory.people.forms import (
    AffiliationForm,
    ConsentForm,
    ContactPersonForm,
    PersonForm,
    SearchForm,
)

PAGE_SIZE = 25
SEARCH_LIMIT = 20


@staff_required
def person_list(request):
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page_obj = Paginator(selectors.people_search(user=request.user, q=q), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "directory/people/person_list.html", {"form": form, "page_obj": page_obj})


@staff_required
def person_detail(request, pk: int):
    person = selectors.person_for_user(user=request.user, pk=pk)
    if "remove-affiliation" in request.POST:
        affiliation = selectors.affiliation_of(person=person, pk=posted_id(request, "remove-affiliation"))
        services.affiliation_remove(actor=request.user, affiliation=affiliation)
        messages.success(request, _("The role is removed."))
        return redirect("directory:staff_person_detail", pk=person.pk)
    consent_form = ConsentForm(request.POST if request.method == "POST" else None, prefix="consent")
    recorded = submit(request, consent_form, lambda: services.consent_record(
        actor=request.user, person=person, **consent_form.cleaned_data,
    ), success=_("The consent is recorded."))
    if recorded is not None:
        return redirect("directory:staff_person_detail", pk=person.pk)
    search = SearchForm(request.GET or None)
    candidates = []
    if search.is_bound and search.is_valid() and search.cleaned_data["q"].strip():
        candidates = list(staff_organisation_list(
            user=request.user, filters=OrganisationFilters(q=search.cleaned_data["q"]))[:SEARCH_LIMIT])
    return render(request, "directory/people/person_detail.html", {
        "person": person,
        "affiliations": selectors.affiliations_of(person),
        "consents": selectors.consents_of(person),
        "consent_form": consent_form,
        "search": search,
        "candidates": candidates,
        "history": audit.history_for(person)[:50],
    })


@staff_required
@writer_required
def person_create(request, org_pk: int):
    """Add a contact person to an organisation in the user's inventory."""
    org = organisation_in_inventory(user=request.user, pk=org_pk)
    form = ContactPersonForm(request.POST or None)
    person = submit(request, form, lambda: services.contact_person_add(
        actor=request.user, organisation=org, **form.cleaned_data,
    ))
    if person is not None:
        messages.success(request, _("%(name)s is added.") % {"name": person})
        return redirect("directory:staff_person_detail", pk=person.pk)
    return render(request, "directory/people/person_form.html", {
        "form": form, "org": org,
        "title": _("Add a contact person to %(organisation)s") % {"organisation": org.legal_name},
    })


@staff_required
@writer_required
def person_edit(request, pk: int):
    person = selectors.person_for_user(user=request.user, pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    saved = submit(request, form, lambda: services.person_update(
        actor=request.user, person=person, data=form.cleaned_data,
    ), success=_("The details are saved."))
    if saved is not None:
        return redirect("directory:staff_person_detail", pk=person.pk)
    return render(request, "directory/people/person_form.html", {
        "form": form, "person": person, "title": _("Edit %(name)s") % {"name": person},
    })


@staff_required
@writer_required
def affiliation_add(request, pk: int, org_pk: int):
    """Give a person a role at an organisation in the user's inventory."""
    person = selectors.person_for_user(user=request.user, pk=pk)
    org = organisation_in_inventory(user=request.user, pk=org_pk)
    form = AffiliationForm(request.POST or None)
    saved = submit(request, form, lambda: services.affiliation_add(
        actor=request.user, person=person, organisation=org, **form.cleaned_data,
    ), success=_("The role is added."))
    if saved is not None:
        return redirect("directory:staff_person_detail", pk=person.pk)
    return render(request, "directory/people/person_form.html", {
        "form": form, "person": person, "org": org,
        "title": _("Role of %(name)s at %(organisation)s") % {"name": person, "organisation": org.legal_name},
    })
