"""The development outbox: what Kopa would have e-mailed, for staff, only with DEBUG on."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from kopa.agencies.selectors import is_agency_staff
from kopa.core.mail import outbox_messages

OUTBOX_BACKEND = "kopa.core.mail.OutboxBackend"


@login_required
def outbox(request):
    if not settings.DEBUG or not (request.user.is_superuser or is_agency_staff(request.user)):
        raise Http404()
    return render(
        request,
        "site/outbox.html",
        {
            "messages_sent": outbox_messages(),
            "active": settings.EMAIL_BACKEND == OUTBOX_BACKEND,
            "backend": OUTBOX_BACKEND,
        },
    )
