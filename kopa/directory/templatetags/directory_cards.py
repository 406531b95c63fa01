"""The directory's result cards, rendered once per process for each organisation as it looks now."""

from django import template

from kopa.core.fragments import include_html

register = template.Library()

CARD = "directory/organisations/_card.html"


@register.simple_tag
def organisation_card(org, url: str):
    """`_card.html` for `org` linking to `url`; the key holds every value the card shows."""
    groups = [(group.pk, str(group)) for group in org.target_groups.all()]
    return include_html(CARD, {"org": org, "url": url}, (
        url, org.pk, org.legal_name, org.type, org.city, str(org.country), org.oid, org.experience,
        org.can_host, org.can_send, org.can_coordinate, groups,
    ))
