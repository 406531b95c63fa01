"""Questions an organiser adds to an event's registration or application form, and the answers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick
from kopa.core.privacy import private
from kopa.events.models.event import Event
from kopa.events.models.registration import Registration


class Question(models.Model):
    """One extra question. Never for sensitive data: those come later, in the participation form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        COUNTRY = "country", _("Country")
        FILE = "file", _("File upload")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices)
    label = models.JSONField(_("question"), default=dict)
    help_text = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # [{"value": "a", "label": {"en": "…", "sl": "…", "lv": "…"}}, …] for choice kinds.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Shown only when another question has a given answer.
    show_if_question = models.ForeignKey(
        "self", verbose_name=_("show only if question"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="dependants",
    )
    show_if_value = models.CharField(_("has the answer"), max_length=100, blank=True)
    allowed_extensions = models.CharField(
        _("allowed file types"), max_length=100, blank=True, default="pdf,jpg,jpeg,png,docx",
        help_text=_("Comma-separated file extensions."),
    )
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=5)

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_file_mb__gte=1) & Q(max_file_mb__lte=50), name="question_file_size_sane"
            )
        ]

    def __str__(self):
        return pick(self.label)

    @property
    def label_text(self) -> str:
        return pick(self.label)

    @property
    def help_text_text(self) -> str:
        return pick(self.help_text)

    def choice_options(self) -> list[tuple[str, str]]:
        return [(c["value"], pick(c.get("label"))) for c in self.choices or []]


def answer_upload_to(answer, filename: str) -> str:
    return f"answers/{answer.registration.event_id}/{answer.registration_id}/{filename}"


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = private(models.JSONField(_("answer"), null=True, blank=True))
    file = private(models.FileField(_("file"), upload_to=answer_upload_to, blank=True))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.question}: {self.value}"
