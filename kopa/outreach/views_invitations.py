"""Placeholder until this part is written."""

from django.http import Http404


def invitations_send(request, **kwargs):
    raise Http404()


def respond(request, **kwargs):
    raise Http404()

