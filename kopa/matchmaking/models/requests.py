"""Partner requests (an organisation looking for partners for one action and round) and the
"I'm interested" answers other organisations send to them."""

from django_countries import countries

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick
from kopa.core.privacy import private

# The actions a partner request is for (docs: /work/shared/reference/erasmus.md), in this order.
ACTIONS = [
    ("KA151", _("KA151 – Youth exchanges and youth workers' mobility")),
    ("KA152", _("KA152 – Youth exchanges (short-term)")),
    ("KA153", _("KA153 – Mobility of youth workers (short-term)")),
    ("KA154", _("KA154 – Youth participation activities")),
    ("KA210-YOU", _("KA210-YOU – Small-scale partnership")),
    ("KA220-YOU", _("KA220-YOU – Cooperation partnership")),
    ("ESC30", _("ESC30 – Solidarity project")),
    ("ESC51", _("ESC51 – Volunteering")),
    ("Interreg", _("Interreg")),
    ("other", _("Other")),
]

# Erasmus+ youth rounds usually close in February, April/May and October; agencies set exact dates.
ROUND_PATTERN = r"^20[0-9]{2}-[123]$"
ROUND_MONTHS = {"1": _("February"), "2": _("spring"), "3": _("October")}


def round_label(value: str) -> str:
    """"2027-1" as "2027, round 1 (February)" in the reader's language."""
    year, _dash, number = (value or "").partition("-")
    if not year or number not in ROUND_MONTHS:
        return value or ""
    return str(_("%(year)s, round %(number)s (%(month)s)") % {
        "year": year, "number": number, "month": ROUND_MONTHS[number]})


def round_choices(*, today=None, blank=None) -> list[tuple[str, str]]:
    """The rounds of last year to three years ahead, for forms and filters."""
    year = (today or timezone.localdate()).year
    choices = [(f"{y}-{n}", round_label(f"{y}-{n}")) for y in range(year - 1, year + 4) for n in "123"]
    return [("", blank), *choices] if blank is not None else choices


class PartnerRequest(models.Model):
    """An organisation looking for partners: open until its closing date, then closed as found,
    withdrawn or expired. Staff may hide it (with a reason), which takes it off the public pages."""

    class Role(models.TextChoices):
        HOST = "host", _("host")
        SEND = "send", _("send")
        COORDINATE = "coordinate", _("coordinate")
        PARTNER = "partner", _("partner")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ClosedReason(models.TextChoices):
        FOUND = "found", _("Partners found")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Closing date passed")

    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="partner_requests",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="partner_requests",
    )
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=ACTIONS)
    target_groups = models.ManyToManyField(
        "directory.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+")
    themes = models.ManyToManyField("directory.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    working_languages = models.ManyToManyField(
        "directory.Language", verbose_name=_("working languages"), blank=True, related_name="+")
    # ISO country codes of the partners wanted; empty: any country.
    countries = models.JSONField(_("countries wanted"), default=list, blank=True)
    roles = models.JSONField(_("roles wanted"), default=list, blank=True)
    round = models.CharField(
        _("deadline round"), max_length=7, validators=[RegexValidator(ROUND_PATTERN)],
        help_text=_("The application round the project aims at."))
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(
        _("why it closed"), max_length=10, choices=ClosedReason.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("hidden by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["closes_on", "id"]
        verbose_name = _("partner request")
        verbose_name_plural = _("partner requests")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open", closed_reason="") | Q(status="closed") & ~Q(closed_reason="")),
                name="partner_request_closed_has_reason",
            ),
            models.CheckConstraint(condition=Q(round__regex=ROUND_PATTERN), name="partner_request_round_format"),
            models.CheckConstraint(condition=Q(hidden=False) | ~Q(hidden_reason=""),
                                   name="partner_request_hidden_has_reason"),
        ]
        indexes = [models.Index(fields=["status", "hidden", "closes_on"])]

    def __str__(self):
        return self.title_text or f"#{self.pk}"

    @property
    def title_text(self) -> str:
        return pick(self.title)

    @property
    def description_text(self) -> str:
        return pick(self.description)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_public(self) -> bool:
        return not self.hidden

    @property
    def round_text(self) -> str:
        return round_label(self.round)

    @property
    def country_names(self) -> list[str]:
        return [countries.name(code) or code for code in self.countries]

    @property
    def role_labels(self) -> list[str]:
        labels = dict(self.Role.choices)
        return [str(labels[r]) for r in self.roles if r in labels]


class Interest(models.Model):
    """"I'm interested": an organisation's short message to the poster of a request. Neither side's
    address is shown until the poster accepts; then both see each other's."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted as a partner")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(PartnerRequest, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="partner_interests",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL,
        related_name="partner_interests",
    )
    message = private(models.TextField(_("message")))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    answer = private(models.TextField(_("answer"), blank=True))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("interest in a partner request")
        verbose_name_plural = _("interests in partner requests")
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="one_interest_per_organisation"),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.request}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED
