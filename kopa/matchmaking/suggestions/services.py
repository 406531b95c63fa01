"""Writes about suggestions: "Not relevant" hides a suggestion for the organisation, for good."""

from django.db import transaction

from kopa.core.errors import NotFound
from kopa.directory.access import require_organisation_reader
from kopa.directory.models import Organisation
from kopa.matchmaking.models import DismissedSuggestion, PartnerRequest


@transaction.atomic
def suggestion_dismiss(*, actor, organisation: Organisation, key: str) -> DismissedSuggestion:
    """Remember that `organisation` does not want the suggestion `key` ("organisation-12",
    "request-3") again. Raises NotFound for a key that names nothing."""
    require_organisation_reader(actor, organisation)
    kind, _dash, pk = (key or "").partition("-")
    if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        raise NotFound()
    if kind == "organisation":
        other = Organisation.objects.filter(pk=int(pk), public_listing=True).first()
        if other is None:
            raise NotFound()
        found, _created = DismissedSuggestion.objects.get_or_create(
            organisation=organisation, suggested_organisation=other, defaults={"dismissed_by": actor})
    elif kind == "request":
        other = PartnerRequest.objects.filter(pk=int(pk)).first()
        if other is None:
            raise NotFound()
        found, _created = DismissedSuggestion.objects.get_or_create(
            organisation=organisation, suggested_request=other, defaults={"dismissed_by": actor})
    else:
        raise NotFound()
    return found
