"""Attendance per day (from the QR check-in) and what a participant learned (for the certificate)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kopa.core.privacy import private
from kopa.events.models.registration import Registration


class Attendance(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day", "checked_in_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="one_check_in_per_day")]

    def __str__(self):
        return f"{self.registration_id} {self.day}"


class LearningRecord(models.Model):
    """The participant's own words about what they learned, against a competence framework."""

    class Framework(models.TextChoices):
        KEY_COMPETENCES = "key_competences", _("Key competences for lifelong learning")
        ETS_YOUTH_WORKERS = "ets", _("European Training Strategy competences for youth workers")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="learning")
    framework = models.CharField(_("framework"), max_length=20, choices=Framework.choices)
    # {"competence code": "what I learned", …}
    outcomes = private(models.JSONField(_("what I learned"), default=dict))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")

    def __str__(self):
        return f"learning #{self.pk}"


# The competence frameworks a certificate's learning outcomes are written against.
KEY_COMPETENCES = [
    ("literacy", _("Literacy")),
    ("multilingual", _("Multilingual competence")),
    ("stem", _("Mathematics, science, technology and engineering")),
    ("digital", _("Digital competence")),
    ("personal_social_learning", _("Personal, social and learning-to-learn competence")),
    ("citizenship", _("Citizenship competence")),
    ("entrepreneurship", _("Entrepreneurship competence")),
    ("cultural_awareness", _("Cultural awareness and expression")),
]
ETS_COMPETENCES = [
    ("facilitating_learning", _("Facilitating individual and group learning")),
    ("designing_programmes", _("Designing programmes")),
    ("managing_resources", _("Organising and managing resources")),
    ("collaborating", _("Collaborating successfully in teams")),
    ("communicating", _("Communicating meaningfully with others")),
    ("intercultural", _("Displaying intercultural competence")),
    ("networking", _("Networking and advocating")),
    ("evaluating", _("Developing evaluation practices")),
    ("civic_engagement", _("Being civically engaged")),
]
FRAMEWORK_COMPETENCES = {
    LearningRecord.Framework.KEY_COMPETENCES: KEY_COMPETENCES,
    LearningRecord.Framework.ETS_YOUTH_WORKERS: ETS_COMPETENCES,
}
