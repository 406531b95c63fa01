"""What the directory holds about a person, for "My data" and access requests.

The directory's private data has no retention rule of its own yet: a person record, its roles and its
consents stay until the person or an agency removes them (an account's deletion removes them; see
docs/operations.md, "Self-service: My data and deleting an account"). Its part of a person's data: their person records (by account or
e-mail address), their roles in organisations, their consents, their requests to represent an
organisation and the organisations they proposed.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.directory.models import (
    Affiliation,
    ConsentRecord,
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
