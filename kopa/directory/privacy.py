"""What the directory holds about a person, for "My data" and access requests.

The directory's private data has no retention rule of its own yet: a person record, its roles and its
consents stay until the person or an agency removes them (an account's deletion removes them; see
docs/operations.md, "Self-service: My data and deleting an account"). Its part of a person's data: their person records (by account or
e-mail address), their roles in organisations, their consents, their requests to represent an
organisation and the organisations they proposed.

Rule "data-protection requests": what an agency's data-protection request says about its subject (name,
e-mail address, the links to their account and person record, the reason for an extension, the
resolution note) is kept for `DP_REQUEST_RETENTION_DAYS` (three years) after the request was closed, the
time an agency may need to show how it answered, then emptied; the request's history forgets the same
values. The request itself stays: its agency, kind, dates, status and who handled it.
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core import audit, privacy
from kopa.directory.models import (
    Affiliation,
    ConsentRecord,
    DataProtectionRequest,
    ImportBatch,
    Organisation,
    OrganisationProposal,
    Person,
    Representative,
    StaffNote,
)


def subject_people(subject: privacy.Subject):
    """The person records of `subject`: linked to their account or carrying their address."""
    match = Q(pk__in=[])
    for address in subject.emails:
        match |= Q(email__iexact=address)
    if subject.user is not None:
        match |= Q(user=subject.user)
    if subject.person_ids:
        match |= Q(pk__in=subject.person_ids)
    return Person.objects.filter(match).distinct().order_by("pk")


def _people(subject):
    return [privacy.values(p, ("first_name", "last_name", "email", "phone", "country", "languages"))
            for p in subject_people(subject)]


def _affiliations(subject):
    rows = Affiliation.objects.filter(person__in=subject_people(subject)).select_related("organisation")
    return [privacy.values(a, ("organisation", "role", "title", "claimed")) for a in rows]


def _consents(subject):
    rows = ConsentRecord.objects.filter(person__in=subject_people(subject))
    return [privacy.values(c, ("purpose", "given", "recorded_at", "source")) for c in rows]


def _representations(subject):
    if subject.user is None:
        return []
    records = [privacy.values(r, ("organisation", "status"))
               for r in Representative.objects.filter(user=subject.user).select_related("organisation")]
    records += [privacy.values(p, ("legal_name", "city", "status", "created_at", "reason"))
                for p in OrganisationProposal.objects.filter(proposed_by=subject.user)]
    return records


privacy.subject("people", title=_("Person records in the directory"), collect=_people, order=20,
                links={Person: ("email", "user")})
privacy.subject("affiliations", title=_("Roles in organisations"), collect=_affiliations, order=21,
                links={Affiliation: ("person",)})
privacy.subject("consents", title=_("Consents"), collect=_consents, order=22,
                links={ConsentRecord: ("person",)})
privacy.subject("representations", title=_("Organisations you represent or proposed"),
                collect=_representations, order=23,
                links={Representative: ("user",), OrganisationProposal: ("proposed_by",)})

privacy.subject_exempt(Organisation, fields=("email",), why="an organisation's general address")
privacy.subject_exempt(StaffNote, fields=("author",), why="staff at work: who wrote a note")
privacy.subject_exempt(ConsentRecord, fields=("recorded_by",), why="staff at work: who recorded it")
privacy.subject_exempt(OrganisationProposal, fields=("decided_by",), why="staff at work: who decided")
privacy.subject_exempt(ImportBatch, fields=("created_by", "confirmed_by"),
                       why="staff at work: who imported")
privacy.subject_exempt(DataProtectionRequest, fields=("handled_by",), why="staff at work: who handled it")


def subject_dp_requests(subject: privacy.Subject):
    """The data-protection requests `subject` made: by their account, address or person record."""
    match = Q(pk__in=[])
    for address in subject.emails:
        match |= Q(subject_email__iexact=address)
    if subject.user is not None:
        match |= Q(user=subject.user)
    if subject.person_ids:
        match |= Q(person_id__in=subject.person_ids)
    return DataProtectionRequest.objects.filter(match).select_related("agency").order_by("received_on", "pk")


def _dp_requests(subject):
    return [privacy.values(r, ("agency", "kind", "received_on", "due_on", "extended_until", "status"))
            for r in subject_dp_requests(subject)]


privacy.subject("dp_requests", title=_("Your data-protection requests"), collect=_dp_requests, order=24,
                links={DataProtectionRequest: ("user", "person", "subject_email")})

# --- data-protection requests ------------------------------------------------------------------------

DP_REQUEST_RULE = "data-protection requests"
DP_REQUEST_RETENTION_DAYS = 3 * 365
DP_REQUEST_SUBJECT_FIELDS = ("subject_name", "subject_email", "extension_reason", "resolution_note",
                             "user", "person")


def dp_requests_due_for_purge(now: datetime):
    """The ids of the requests closed more than the retention period ago whose subject's details are
    still there (the owner of the rule is the request itself, named by its id)."""
    return DataProtectionRequest.objects.filter(
        closed_at__lte=now - timedelta(days=DP_REQUEST_RETENTION_DAYS), subject_purged_at__isnull=True,
    ).order_by("closed_at", "pk").values_list("pk", flat=True)


def dp_request_purged_keep(pk: int, now: datetime) -> None:
    """Before the subject's details go: take them out of the request's history, note when they went."""
    request = DataProtectionRequest.objects.get(pk=pk)
    texts = {request.subject_name, request.subject_email, request.extension_reason, request.resolution_note}
    audit.forget(DataProtectionRequest, {request.pk: {t for t in texts if t}})
    DataProtectionRequest.objects.filter(pk=request.pk).update(subject_purged_at=now)


privacy.rule(DP_REQUEST_RULE,
             description="What a data-protection request says about its subject, until three years "
             "after it was closed.",
             due=dp_requests_due_for_purge, keep=dp_request_purged_keep)
privacy.declare(DataProtectionRequest, rule=DP_REQUEST_RULE, owner="pk", blank=DP_REQUEST_SUBJECT_FIELDS,
                why="the request stays (kind, dates, status, who handled it) to show how it was answered")
