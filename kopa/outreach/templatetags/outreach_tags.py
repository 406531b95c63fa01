"""Outreach shown on other apps' pages, without those apps reading outreach data themselves."""

from django import template
from django.utils import timezone

from kopa.outreach.campaigns.selectors import outreach_for_organisation

register = template.Library()


@register.inclusion_tag("outreach/campaigns/_organisation_outreach.html", takes_context=True)
def organisation_outreach(context, organisation):
    """The "Outreach" section of the staff organisation page: the user's agencies' campaigns only."""
    user = context["request"].user
    return {
        "organisation": organisation,
        "outreach": outreach_for_organisation(user=user, organisation=organisation),
        "today": timezone.localdate(),
    }
