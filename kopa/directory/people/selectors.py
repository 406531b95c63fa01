"""Reads about people: contact people of organisations, their roles and consents.

Contact details are shown only to agency staff whose inventory holds the person's organisations
(`kopa.directory.access.people_scope`), and to the person themself.
"""

from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from kopa.core.errors import NotFound
from kopa.directory.access import can_read_organisation_contacts, people_scope, staff_scope
from kopa.directory.models import Affiliation, ConsentRecord, Organisation, Person


def people_for_staff(*, user) -> QuerySet[Person]:
    """The people `user` may see, with their roles."""
    return people_scope(user).prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    )


def person_for_user(*, user, pk: int) -> Person:
    """One person `user` may see. Raises NotFound."""
    person = people_for_staff(user=user).filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person


def people_search(*, user, q: str = "", whole_email: bool = False) -> QuerySet[Person]:
    """People in `user`'s scope whose name or e-mail contains every word of `q`. With `whole_email`,
    a word matches an e-mail address only when it is the whole address."""
    email = "email__iexact" if whole_email else "email__icontains"
    qs = people_for_staff(user=user)
    for word in (q or "").split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(**{email: word}))
    return qs


def people_at(*, user, organisation: Organisation) -> QuerySet[Affiliation]:
    """Contacts at an organisation: for its representatives and the agencies whose inventory holds it."""
    if not can_read_organisation_contacts(user, organisation):
        return Affiliation.objects.none()
    return Affiliation.objects.filter(organisation=organisation).select_related("person")


def affiliations_of(person: Person) -> QuerySet[Affiliation]:
    """A person's roles, with their organisations."""
    return person.affiliations.select_related("organisation")


def affiliation_of(*, person: Person, pk: int) -> Affiliation:
    """One of `person`'s roles. Raises NotFound."""
    affiliation = Affiliation.objects.filter(pk=pk, person=person).select_related("organisation").first()
    if affiliation is None:
        raise NotFound()
    return affiliation


def affiliations_of_account(user) -> QuerySet[Affiliation]:
    """The roles of the person behind a signed-in account, with their organisations."""
    if not getattr(user, "is_authenticated", False):
        return Affiliation.objects.none()
    return Affiliation.objects.filter(person__user=user).select_related("organisation").order_by(
        "organisation__legal_name", "role")


def consents_of(person: Person) -> QuerySet[ConsentRecord]:
    """Every consent given or withdrawn by `person`, with who recorded it."""
    return person.consents.select_related("recorded_by")


def contact_emails(*, user, organisation_ids) -> dict[int, str]:
    """For organisations in `user`'s scope, the e-mail of one person affiliated with each: a contact
    person first, then the legal representative, then anyone else. `organisation_ids` may be a
    subquery. People whose latest word was that the agency may not contact them are left out."""
    consent = ConsentRecord.objects.filter(
        person=OuterRef("person"), purpose=ConsentRecord.Purpose.AGENCY_CONTACT
    ).order_by("-recorded_at", "-id").values("given")[:1]
    rows = (
        Affiliation.objects.filter(organisation_id__in=organisation_ids)
        .filter(organisation_id__in=staff_scope(user).values("pk"))
        .exclude(person__email="")
        .annotate(agency_contact=Subquery(consent))
        .filter(Q(agency_contact__isnull=True) | Q(agency_contact=True))
        .annotate(
            preference=Case(
                When(role=Affiliation.Role.CONTACT, then=Value(0)),
                When(role=Affiliation.Role.LEGAL_REPRESENTATIVE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("organisation_id", "preference", "person__last_name", "id")
        .values_list("organisation_id", "person__email")
    )
    emails: dict[int, str] = {}
    for organisation_id, email in rows:
        emails.setdefault(organisation_id, email)
    return emails
