from datetime import timedelta

import pytest

from django.utils import timezone

from kopa.directory.models import Language, Representative, TargetGroup, Theme
from kopa.matchmaking.models import PartnerRequest


@pytest.fixture
def make_representative(make_user):
    def make(organisation, **extra):
        user = make_user(**extra)
        Representative.objects.create(user=user, organisation=organisation, status=Representative.Status.APPROVED)
        return user

    return make


@pytest.fixture
def make_request(db):
    def make(organisation, *, posted_by=None, target_groups=(), themes=(), languages=(), **fields):
        fields.setdefault("title", {"en": f"Partners wanted by {organisation.legal_name}"})
        fields.setdefault("action", "KA220-YOU")
        fields.setdefault("round", f"{timezone.localdate().year + 1}-1")
        fields.setdefault("closes_on", timezone.localdate() + timedelta(days=30))
        fields.setdefault("roles", ["partner"])
        request = PartnerRequest.objects.create(organisation=organisation, posted_by=posted_by, **fields)
        request.target_groups.set(TargetGroup.objects.filter(code__in=target_groups))
        request.themes.set(Theme.objects.filter(code__in=themes))
        request.working_languages.set(Language.objects.filter(code__in=languages))
        return request

    return make
