"""What a reader marked "Not relevant" among the suggested partners of their organisation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DismissedSuggestion(models.Model):
    """A suggested organisation or open request that `organisation` does not want to see again."""

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="dismissed_suggestions")
    suggested_organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    suggested_request = models.ForeignKey(
        "matchmaking.PartnerRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.CheckConstraint(
                condition=Q(suggested_organisation__isnull=True) ^ Q(suggested_request__isnull=True),
                name="dismissed_suggestion_names_one"),
            models.UniqueConstraint(fields=["organisation", "suggested_organisation"],
                                    name="one_dismissal_per_organisation"),
            models.UniqueConstraint(fields=["organisation", "suggested_request"],
                                    name="one_dismissal_per_request"),
        ]

    def __str__(self):
        return f"{self.organisation_id} ✕ {self.suggested_organisation_id or self.suggested_request_id}"
