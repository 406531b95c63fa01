"""E-mails of matchmaking: an interest to the poster of a request, the poster's answer to the
interested organisation, and a hidden request to its poster. Each goes through the task queue after
the commit, in the recipient's language. Neither side's address is in a message until the poster
accepts; then the answer carries the poster's address, and the poster's page shows the other's."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.core.tasks import enqueue
from kopa.directory.notifications import recipient_language
from kopa.matchmaking.models import Interest, PartnerRequest, SavedSearch


def _link(name: str, **kwargs) -> str:
    return settings.KOPA_SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _send(user, subject_and_body) -> None:
    if user is None or not user.email:
        return
    with override(recipient_language(user)):
        subject, body = subject_and_body()
    address = user.email
    enqueue("kopa.core.tasks:send_email", to=[address], subject=subject, body=body)


def interest_received(interest: Interest) -> None:
    """Tell the poster that an organisation is interested, with its message and a link to answer."""
    request = interest.request

    def compose():
        subject = _("%(organisation)s is interested in your partner request") % {
            "organisation": interest.organisation.legal_name}
        body = render_to_string("matchmaking/email/interest_received.txt", {
            "interest": interest, "request": request,
            "link": _link("matchmaking:my_interests", pk=request.pk)})
        return subject, body

    _send(request.posted_by, compose)


def interest_answered(interest: Interest) -> None:
    """Tell the interested organisation's sender what the poster answered; an acceptance carries the
    poster's address."""
    request = interest.request

    def compose():
        subject = _("Your interest in %(title)s: %(status)s") % {
            "title": request.title_text, "status": interest.get_status_display()}
        body = render_to_string("matchmaking/email/interest_answered.txt", {
            "interest": interest, "request": request,
            "poster_email": request.posted_by.email if interest.is_accepted and request.posted_by else "",
            "link": _link("matchmaking:my_requests")})
        return subject, body

    _send(interest.sent_by, compose)


def request_hidden(request: PartnerRequest) -> None:
    """Tell the poster that agency staff hid their request, and why."""

    def compose():
        subject = _("Your partner request %(title)s is hidden") % {"title": request.title_text}
        body = render_to_string("matchmaking/email/request_hidden.txt", {
            "request": request, "link": _link("matchmaking:my_requests")})
        return subject, body

    _send(request.posted_by, compose)


def _send_to_address(address: str, language: str, subject_and_body) -> None:
    with override(language):
        subject, body = subject_and_body()
    enqueue("kopa.core.tasks:send_email", to=[address], subject=subject, body=body)


def saved_search_confirm(search: SavedSearch, token: str) -> None:
    """Ask the owner of an address without an account to confirm a saved search."""

    def compose():
        subject = _("Confirm your e-mail alerts of partner requests")
        body = render_to_string("matchmaking/email/saved_search_confirm.txt", {
            "search": search, "link": _link("matchmaking:alert_confirm", token=token)})
        return subject, body

    _send_to_address(search.email, search.language, compose)


def saved_search_digest(search: SavedSearch, requests: list[PartnerRequest], token: str) -> None:
    """New partner requests matching a saved search, with the link that stops the alerts."""

    def compose():
        subject = _("New partner requests for you on Kopa")
        body = render_to_string("matchmaking/email/saved_search_digest.txt", {
            "search": search, "requests": [(r, _link("matchmaking:public_detail", pk=r.pk)) for r in requests],
            "list_link": _link("matchmaking:public_list") + (f"?{search.query}" if search.query else ""),
            "unsubscribe": _link("matchmaking:alert_unsubscribe", token=token)})
        return subject, body

    _send_to_address(search.email, search.language, compose)
