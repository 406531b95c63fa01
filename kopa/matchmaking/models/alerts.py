"""Saved searches of partner requests: the filters of the public list, with the address a daily
digest of new matching requests goes to, in the recipient's language."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    """"E-mail me new requests like these". Saved by a signed-in user (confirmed at once) or by a
    visitor, whose address is confirmed by a link sent to it before any digest goes there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10)
    # The public list's query string (its filters), as the list's own address would carry it.
    query = models.TextField(_("filters"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Requests posted after this moment go into the next digest.
    sent_up_to = models.DateTimeField(_("requests sent up to"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        indexes = [models.Index(fields=["confirmed_at"])]

    def __str__(self):
        return f"{self.email}: {self.query or '*'}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
