"""Placeholder until this part is written."""

from django.http import Http404


def campaign_list(request, **kwargs):
    raise Http404()


def campaign_create(request, **kwargs):
    raise Http404()


def campaign_detail(request, **kwargs):
    raise Http404()


def campaign_edit(request, **kwargs):
    raise Http404()


def target_list(request, **kwargs):
    raise Http404()


def targets_csv(request, **kwargs):
    raise Http404()


def targets_xlsx(request, **kwargs):
    raise Http404()


def targets_from_filter(request, **kwargs):
    raise Http404()


def targets_import(request, **kwargs):
    raise Http404()


def target_add(request, **kwargs):
    raise Http404()


def target_remove(request, **kwargs):
    raise Http404()

