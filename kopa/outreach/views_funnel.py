"""Placeholder until this part is written."""

from django.http import Http404


def dashboard(request, **kwargs):
    raise Http404()


def dashboard_pdf(request, **kwargs):
    raise Http404()


def dashboard_csv(request, **kwargs):
    raise Http404()


def dashboard_xlsx(request, **kwargs):
    raise Http404()


def compare(request, **kwargs):
    raise Http404()


def drop_off_list(request, **kwargs):
    raise Http404()


def drop_off_csv(request, **kwargs):
    raise Http404()


def drop_off_xlsx(request, **kwargs):
    raise Http404()


def partnership_list(request, **kwargs):
    raise Http404()


def partnership_view(request, **kwargs):
    raise Http404()

