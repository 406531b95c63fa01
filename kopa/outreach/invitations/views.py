"""Sending a campaign's invitations by e-mail (staff), and the page behind each personal response
link (public, no account, in the language of the address)."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from kopa.agencies.access import staff_required
from kopa.core.errors import NotFound, ValidationFailed
from kopa.core.http import posted_ids, site_url
from kopa.core.i18n import pick
from kopa.core.throttling import rate_limit
from kopa.outreach.access import campaign_for_staff
from kopa.outreach.invitations.forms import ResponseForm
from kopa.outreach.invitations.selectors import invitation_recipients, link_state, response_link_for
from kopa.outreach.invitations.services import (
    LinkExpired,
    LinkUsed,
    invitation_message,
    invitations_send,
    response_record,
)


def _base_url(request) -> str:
    """Links in e-mails point at the installation's public address, else at the address in use."""
    return site_url(request)


def _previews(campaign, recipients, user) -> list[dict]:
    """The invitation as each language group would get it, shown with its first organisation."""
    expires_at = timezone.now() + timedelta(days=campaign.response_days)
    first = {}
    for recipient in recipients:
        first.setdefault(recipient.language, recipient)
    previews = []
    for code, name in settings.LANGUAGES:
        if code not in first:
            continue
        subject, body = invitation_message(
            campaign=campaign,
            organisation_name=first[code].organisation.legal_name,
            language=code,
            link=None,
            expires_at=expires_at,
            sender=user,
        )
        previews.append(
            {
                "language": code,
                "language_name": name,
                "subject": subject,
                "body": body,
                "count": sum(1 for r in recipients if r.language == code),
                "own_text": bool((campaign.invitation_body or {}).get(code, "").strip()),
            }
        )
    return previews


@staff_required
def invitations_page(request, pk: int):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    recipients, without = invitation_recipients(campaign=campaign, user=request.user)
    error = ""
    if request.method == "POST":
        wanted = set(posted_ids(request, "organisation"))
        chosen = [r.organisation for r in recipients if r.organisation.pk in wanted]
        if not chosen:
            error = _("Choose at least one organisation to invite.")
        else:
            sent = invitations_send(
                actor=request.user,
                campaign=campaign,
                organisations=chosen,
                base_url=_base_url(request),
            )
            messages.success(request, _("Invitations sent: %(n)d.") % {"n": sent})
            return redirect("outreach:invitations", pk=campaign.pk)
    return render(
        request,
        "outreach/invitations/send.html",
        {
            "campaign": campaign,
            "recipients": recipients,
            "without": without,
            "previews": _previews(campaign, recipients, request.user),
            "error": error,
            "outbox": settings.DEBUG,
        },
    )


def _closed_page(request, link, state: str):
    context = _link_context(link)
    if state == "used":
        return render(request, "outreach/invitations/respond_used.html", context)
    return render(request, "outreach/invitations/respond_expired.html", context, status=410)


def _link_context(link) -> dict:
    campaign = link.invitation.campaign
    return {
        "link": link,
        "agency": campaign.agency,
        "campaign_name": pick(campaign.name),
        "campaign_goal": pick(campaign.goal),
        "organisation": link.invitation.organisation,
        "response": link.response,
    }


@never_cache
@csrf_protect
@rate_limit("response_link")
def respond(request, token: str):
    try:
        link = response_link_for(token)
    except NotFound:
        return render(request, "outreach/invitations/respond_invalid.html", status=404)
    state = link_state(link)
    if state != "open":
        return _closed_page(request, link, state)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = response_record(
                token=token,
                answer=form.cleaned_data["answer"],
                message=form.cleaned_data["message"],
            )
        except (LinkUsed, LinkExpired):
            link = response_link_for(token)
            return _closed_page(request, link, link_state(link))
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            return render(
                request,
                "outreach/invitations/respond_thanks.html",
                {
                    **_link_context(link),
                    "response": response,
                },
            )
    return render(request, "outreach/invitations/respond.html", {**_link_context(link), "form": form})
