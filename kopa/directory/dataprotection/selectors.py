"""Reading data-protection requests: an agency's list, sorted by when the answer is due, and what a
request is about (the subject whose data an access request exports or an erasure removes)."""

from datetime import date

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.fields import BooleanField
from django.db.models.functions import Coalesce
from django.utils import timezone

from kopa.core import privacy
from kopa.directory.access import dp_request_scope, people_write_scope
from kopa.directory.models import DataProtectionRequest, Person
from kopa.directory.privacy import subject_people


def dp_request_list(*, user, status: str = "", today: date | None = None) -> QuerySet[DataProtectionRequest]:
    """The requests of `user`'s agencies, the earliest deadline first, each with `deadline_on` and
    `overdue` (open or in progress and past its deadline); `status`: only those with it."""
    today = today or timezone.localdate()
    rows = dp_request_scope(user).select_related("agency", "handled_by")
    if status:
        rows = rows.filter(status=status)
    S = DataProtectionRequest.Status
    return rows.annotate(
        deadline_on=Coalesce(F("extended_until"), F("due_on")),
    ).annotate(
        overdue=Case(When(Q(status__in=(S.OPEN, S.IN_PROGRESS), deadline_on__lt=today), then=Value(True)),
                     default=Value(False), output_field=BooleanField()),
    ).order_by("deadline_on", "pk")


def is_overdue(request: DataProtectionRequest, *, today: date | None = None) -> bool:
    return not request.is_closed and request.deadline < (today or timezone.localdate())


def dp_subject(request: DataProtectionRequest) -> privacy.Subject:
    """Whom `request` is about: its linked account, the address it gives and its directory person."""
    return privacy.Subject(user=request.user, email=request.subject_email,
                           person_ids=(request.person_id,) if request.person_id else ())


def records_to_rectify(*, user, request: DataProtectionRequest) -> QuerySet[Person]:
    """The subject's person records that `user` may edit (a rectification request)."""
    found = subject_people(dp_subject(request))
    return found.filter(pk__in=people_write_scope(user).values("pk"))
