"""Placeholder until this part is written."""

from django.http import Http404


def my_tasks(request, **kwargs):
    raise Http404()


def tasks_csv(request, **kwargs):
    raise Http404()


def tasks_xlsx(request, **kwargs):
    raise Http404()


def task_create(request, **kwargs):
    raise Http404()


def task_edit(request, **kwargs):
    raise Http404()


def task_done(request, **kwargs):
    raise Http404()

