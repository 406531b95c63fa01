from django.http import Http404
from django.shortcuts import render

from kopa.programmes import selectors
from kopa.programmes.models import Partnership


def partnership_list(request):
    return render(request, "programmes/partnership_list.html", {"partnerships": selectors.partnership_list()})


def partnership_detail(request, slug: str):
    try:
        partnership = selectors.partnership_detail(slug=slug)
    except Partnership.DoesNotExist as exc:
        raise Http404() from exc
    return render(request, "programmes/partnership_detail.html", {"partnership": partnership})
