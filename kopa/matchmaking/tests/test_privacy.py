"""The messages between organisations go a year after their request closed; the request stays."""

from datetime import timedelta

import pytest

from django.utils import timezone

from kopa.core import privacy
from kopa.matchmaking.models import Interest, PartnerRequest


@pytest.mark.django_db
def test_interest_messages_are_purged_a_year_after_the_request_closed(make_organisation, make_request,
                                                                      make_representative):
    poster_org, other = make_organisation(), make_organisation()
    sender = make_representative(other)
    old = make_request(poster_org, status="closed", closed_reason="found",
                       closed_at=timezone.now() - timedelta(days=400))
    recent = make_request(poster_org, status="closed", closed_reason="found",
                          closed_at=timezone.now() - timedelta(days=100))
    for request in (old, recent):
        Interest.objects.create(request=request, organisation=other, sent_by=sender, message="Private words")
    privacy.purge_due()
    assert list(Interest.objects.values_list("request", flat=True)) == [recent.pk]
    assert PartnerRequest.objects.filter(pk=old.pk).exists()
