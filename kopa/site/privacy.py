"""What Kopa holds about an account itself: the account, the remembered preferences and the history
entries about the person (what they changed, and changes to their person records and registrations).

The account's part is declared here, in the top floor, because core (where the account, its
preferences and the audit log live) knows no app, and the history entries about a person are found
through the other apps' parts."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.core.models import AuditEntry, UserPreference
from kopa.directory.models import Person
from kopa.directory.privacy import subject_people
from kopa.events.models import Registration
from kopa.events.privacy import subject_registrations
from kopa.site.account_deletion import account_delete, subject_erase


def _account(subject):
    user = subject.user
    if user is None:
        return []
    record = privacy.values(user, ("username", "first_name", "last_name", "email", "date_joined", "last_login"))
    preference = UserPreference.objects.filter(user=user).first()
    if preference is not None:
        record += privacy.values(preference, ("language", "display_mode"))
    return [record]


def subject_history(subject):
    """The audit entries about `subject`: what their account did and what happened to their person
    records and registrations."""
    about = Q(pk__in=[])
    for model, rows in ((Person, subject_people(subject)), (Registration, subject_registrations(subject))):
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        if ids:
            about |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    if subject.user is not None:
        about |= Q(actor=subject.user)
    return AuditEntry.objects.filter(about).order_by("created_at", "pk")


def _history(subject):
    return [privacy.values(e, ("created_at", "action", "object_repr")) for e in subject_history(subject)]


privacy.subject("account", title=_("Your account"), collect=_account, order=10,
                links={get_user_model(): (), UserPreference: ("user",)})
privacy.subject("history", title=_("History entries about you"), collect=_history, order=90,
                links={AuditEntry: ("actor",)})


def _erase(*, subject, actor, now):
    """An agency grants an erasure request: the account is deleted as "Delete my account" does (staff
    are refused); then, with or without an account, the registrations and person records of the
    request's address and directory person go too."""
    if subject.user is not None:
        account_delete(user=subject.user, actor=actor, now=now)
    subject_erase(subject=privacy.Subject(email=subject.email, person_ids=subject.person_ids),
                  actor=actor, now=now)


privacy.eraser(_erase)
