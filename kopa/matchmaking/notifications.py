"""E-mails of matchmaking: an interest to the poster of a request, the poster's answer to the
interested organisation, and a hidden request to its poster. Each goes through the task queue after
the commit, in the recipient's language. Neither side's address is in a message until the poster
accepts; then the answer carries the poster's address, and the poster's page shows the other's."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.core.http import site_url
from kopa.core.tasks import enqueue
from kopa.directory.notifications import recipient_language
from kopa.matchmaking.meetings.selectors import agenda_of
from kopa.matchmaking.models import Interest, PartnerRequest, SavedSearch


def _link(name: str, **kwargs) -> str:
    return site_url() + reverse(name, kwargs=kwargs)


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


# --- matchmaking events: to participants, at their registration's address and in its language ---------


def _to_participant(profile, compose) -> None:
    registration = profile.registration
    if not registration.email:
        return
    with override(registration.language or settings.LANGUAGE_CODE):
        subject, body = compose()
    enqueue("kopa.core.tasks:send_email", to=[registration.email], subject=subject, body=body)


def _meetings_link(event_id: int) -> str:
    return _link("matchmaking:meetings_home", pk=event_id)


def meeting_requested(request) -> None:
    """Tell the recipient who would like to meet them (already accepted when the event auto-accepts)."""
    def compose():
        subject = _("%(name)s would like to meet you") % {"name": request.sender.registration.full_name}
        body = render_to_string("matchmaking/email/meeting_requested.txt", {
            "request": request, "link": _meetings_link(request.setup.event_id)})
        return subject, body

    _to_participant(request.recipient, compose)


def meeting_request_reminder(request) -> None:
    """Remind the recipient of a meeting request they have not answered, with a link to the request
    on their meetings page."""
    event = request.setup.event

    def compose():
        name = request.sender.registration.full_name
        subject = _("Reminder: %(name)s is waiting for your answer") % {"name": name}
        link = _link("matchmaking:meetings_home", pk=event.pk) + f"#request-{request.pk}"
        body = render_to_string("matchmaking/email/meeting_request_reminder.txt", {
            "request": request, "name": name, "event": event.title_text, "link": link})
        return subject, body

    _to_participant(request.recipient, compose)


def meeting_answered(request) -> None:
    def compose():
        subject = _("Your meeting request to %(name)s: %(status)s") % {
            "name": request.recipient.registration.full_name, "status": request.get_status_display()}
        body = render_to_string("matchmaking/email/meeting_answered.txt", {
            "request": request, "link": _meetings_link(request.setup.event_id)})
        return subject, body

    _to_participant(request.sender, compose)


def meeting_booked(meeting) -> None:
    def compose():
        subject = _("A meeting was booked with you")
        body = render_to_string("matchmaking/email/meeting_booked.txt", {
            "meeting": meeting, "link": _meetings_link(meeting.request.setup.event_id)})
        return subject, body

    _to_participant(meeting.request.recipient, compose)


def agenda_published(setup, profiles) -> None:
    """Each participant's agenda, preliminary or final, in their language."""
    for profile in profiles:
        meetings = agenda_of(profile)

        def compose(meetings=meetings, profile=profile):
            subject = (_("Your final meeting agenda") if setup.published == "final"
                       else _("Your preliminary meeting agenda"))
            body = render_to_string("matchmaking/email/agenda.txt", {
                "setup": setup, "meetings": meetings, "profile": profile,
                "link": _link("matchmaking:meetings_agenda", pk=setup.event_id)})
            return subject, body

        _to_participant(profile, compose)
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
