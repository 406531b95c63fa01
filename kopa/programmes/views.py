"""Public programme pages: partnerships, funded projects and agencies' working groups."""

from django.core.paginator import Paginator
from django.shortcuts import render

from kopa.agencies.selectors import public_agency
from kopa.programmes import selectors
from kopa.programmes.forms import ProjectFilterForm

PAGE_SIZE = 20


def partnership_list(request):
    return render(request, "programmes/partnership_list.html", {"partnerships": selectors.partnership_list()})


def partnership_detail(request, slug: str):
    partnership = selectors.partnership_detail(slug=slug)
    return render(request, "programmes/partnership_detail.html", {"partnership": partnership})


def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    qs = selectors.public_project_list(filters=form.to_filters())
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/project_list.html", {"form": form, "page_obj": page_obj})


def project_detail(request, pk: int):
    project = selectors.public_project_detail(pk=pk)
    return render(request, "programmes/project_detail.html", {"project": project})


def agency_working_groups(request, slug: str):
    agency = public_agency(slug=slug)
    return render(request, "programmes/agency_working_groups.html", {
        "agency": agency, "groups": selectors.working_groups_for(agency),
    })
