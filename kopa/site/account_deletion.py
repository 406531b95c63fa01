"""Deleting one's own account, from "my area" (and, for an agency granting an erasure request, the
same steps without the account's own confirmation).

The person asks on the "Delete my account" page; Kopa e-mails a signed link that expires after
`DELETION_LINK_HOURS`; only the POST of the page that link opens deletes. What deletion does:

- registrations: through `kopa.events.registration.erasure` (an event to come is cancelled first, so
  the waiting list moves; every registration keeps only what the counts and grant figures need);
- the person records linked to the account or its address: deleted with their roles and consents;
- representations of organisations ended, API tokens deleted, remembered preferences deleted;
- the account row itself is **kept, deactivated and scrubbed**: its name, address and password are
  removed and its username becomes a random pseudonym ("deleted-…"), so the history entries of what the
  person did (proposals, registrations they changed) keep a pseudonym instead of losing who did it,
  and the rows that point at the account (organisations they proposed) stay consistent. Nobody can log
  in with it: it is inactive and has no usable password.

Staff of an agency are refused: a team member leaves the team first (their follow-up tasks and
campaigns are the agency's work).
"""

import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.agencies.selectors import is_agency_staff
from kopa.api.services import tokens_delete
from kopa.core import audit, privacy
from kopa.core.errors import Conflict
from kopa.core.models import AuditEntry, UserPreference
from kopa.core.tasks import enqueue
from kopa.directory.organisations.services import representations_end
from kopa.directory.people.services import person_erase
from kopa.directory.privacy import subject_people
from kopa.events.privacy import subject_registrations
from kopa.events.registration.erasure import registration_erase

DELETION_SALT = "kopa.site.account_deletion"
DELETION_LINK_HOURS = 24
PSEUDONYM_PREFIX = "deleted-"


def refuse_staff(user) -> None:
    """Raise Conflict when `user` is in an agency's team (they leave the team first)."""
    if is_agency_staff(user) or user.is_superuser:
        raise Conflict(_("You are in an agency's team. Ask an admin of your agency to remove you from "
                         "the team first; then you can delete your account."))


def deletion_token(user) -> str:
    """A signed token naming `user`; it stops working once the password or the last login changes."""
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=DELETION_SALT)


def user_for_deletion_token(token: str):
    """The account a deletion token names, or None when it is altered, expired or used."""
    try:
        data = signing.loads(token, salt=DELETION_SALT, max_age=DELETION_LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("s") != _state(user):
        return None
    return user


def _state(user) -> str:
    return signing.Signer(salt=DELETION_SALT).signature(f"{user.password}|{user.email}")[-16:]


def deletion_request(*, user, base_url: str) -> None:
    """E-mail `user` the link that deletes their account, in their language. Raises Conflict for staff."""
    refuse_staff(user)
    preference = UserPreference.objects.filter(user=user).first()
    language = (preference.language if preference and preference.language else None) or "en"
    with override(language):
        link = base_url.rstrip("/") + reverse("site:my_delete_confirm", kwargs={"token": deletion_token(user)})
        subject = _("Confirm the deletion of your Kopa account")
        body = render_to_string("site/email/delete.txt", {"user": user, "link": link,
                                                          "hours": DELETION_LINK_HOURS})
    enqueue("kopa.core.tasks:send_email", to=[user.email], subject=subject, body=body)


@transaction.atomic
def account_delete(*, user, actor=None, now=None) -> str:
    """Delete `user`'s account as the module describes; `actor`: who does it (the person themself,
    or the staff member granting an erasure request). Returns the pseudonym. Raises Conflict for staff."""
    refuse_staff(user)
    now = now or timezone.now()
    actor = actor or user
    subject = privacy.Subject(user=user, email=user.email)
    subject_erase(subject=subject, actor=actor, now=now)
    representations_end(user=user)
    tokens_delete(user=user)
    UserPreference.objects.filter(user=user).delete()
    pseudonym = PSEUDONYM_PREFIX + secrets.token_hex(5)
    user.username = pseudonym
    user.email = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit.record(actor=None, obj=user, action=AuditEntry.Action.DELETE)
    return pseudonym


def subject_erase(*, subject, actor, now=None) -> None:
    """Erase what is held about `subject` by e-mail address alone (no account needed): registrations
    and person records."""
    now = now or timezone.now()
    for registration in list(subject_registrations(subject)):
        registration_erase(registration=registration, actor=actor, now=now)
    for person in list(subject_people(subject)):
        person_erase(actor=actor, person=person, system=True)
