"""Mentor pairing for a cycle: a newcomer organisation of a campaign's target list paired with an
experienced organisation that mentors it. Confirmed by agency staff; each pair is also recorded as
an interaction of the campaign (kopa/matchmaking/pairing/services.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MentorPairing(models.Model):
    """`newcomer` is mentored by `mentor` in `campaign`: one mentor per newcomer and campaign. The
    interactions that say so on the campaign's timeline are kept with it, so that confirming again
    changes them instead of adding more."""

    campaign = models.ForeignKey(
        "outreach.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE,
        related_name="mentor_pairings",
    )
    # Named reverse relations (not "+"), so that merging two records of an organisation moves its pairs.
    newcomer = models.ForeignKey(
        "directory.Organisation", verbose_name=_("newcomer"), on_delete=models.CASCADE,
        related_name="pairings_as_newcomer",
    )
    mentor = models.ForeignKey(
        "directory.Organisation", verbose_name=_("mentor"), on_delete=models.CASCADE,
        related_name="pairings_as_mentor",
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    newcomer_interaction = models.ForeignKey(
        "outreach.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    mentor_interaction = models.ForeignKey(
        "outreach.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        ordering = ["campaign", "newcomer__legal_name", "id"]
        verbose_name = _("mentor pairing")
        verbose_name_plural = _("mentor pairings")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "newcomer"], name="one_mentor_per_newcomer_and_campaign"),
        ]
        indexes = [models.Index(fields=["campaign", "mentor"], name="pairing_campaign_mentor")]

    def __str__(self):
        return f"{self.newcomer} ← {self.mentor}"
