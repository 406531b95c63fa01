"""Placeholder until this part is written."""

from django.http import Http404


def interaction_list(request, **kwargs):
    raise Http404()


def interactions_csv(request, **kwargs):
    raise Http404()


def interactions_xlsx(request, **kwargs):
    raise Http404()


def interaction_create(request, **kwargs):
    raise Http404()


def interaction_detail(request, **kwargs):
    raise Http404()


def interaction_edit(request, **kwargs):
    raise Http404()


def interaction_delete(request, **kwargs):
    raise Http404()

