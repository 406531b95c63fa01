"""Organisations and people: the inventory agencies build and search."""

from django_countries.fields import CountryField

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import language_name, pick
from kopa.core.privacy import private

OID_PATTERN = r"^E[0-9]{8}$"
oid_validator = RegexValidator(
    OID_PATTERN, _("An OID is the letter E followed by 8 digits, e.g. E10012345."), code="invalid_oid"
)


class TargetGroup(models.Model):
    """A group of young people with fewer opportunities: a barrier category, NEET, or a national group."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_barrier_category = models.BooleanField(_("Inclusion & Diversity barrier category"), default=False)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("defined by agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="target_groups",
        help_text=_("Empty for the programme-wide categories."),
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return pick(self.name) or self.code


class Theme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.JSONField(_("name"), default=dict)

    class Meta:
        ordering = ["code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return pick(self.name) or self.code


class Language(models.Model):
    """A working language, by ISO 639-1 code; its name in the reader's language comes from the CLDR."""

    code = models.CharField(_("code"), max_length=10, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return language_name(self.code)


class Organisation(models.Model):
    class Type(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        YOUTH_CENTRE = "youth_centre", _("Youth centre")
        INFORMAL_GROUP = "informal_group", _("Informal group of young people")
        PUBLIC_BODY = "public_body", _("Public body")
        MUNICIPALITY = "municipality", _("Municipality")
        SCHOOL = "school", _("School or training provider")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    class Experience(models.TextChoices):
        NONE = "none", _("No programme experience")
        ONE_PROJECT = "one_project", _("One project")
        EXPERIENCED = "experienced", _("Experienced")

    class Accessibility(models.TextChoices):
        UNKNOWN = "unknown", _("Not stated")
        FULL = "full", _("Fully accessible")
        PARTIAL = "partial", _("Partly accessible")
        NONE = "none", _("Not accessible")

    legal_name = models.CharField(_("legal name"), max_length=250)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.NGO)
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    oid = models.CharField(
        _("Erasmus+ Organisation ID (OID)"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        help_text=_("E followed by 8 digits, e.g. E10012345."),
        validators=[oid_validator],
    )
    description = models.JSONField(_("description"), default=dict, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="organisations"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="organisations"
    )
    working_languages = models.ManyToManyField(
        Language, verbose_name=_("working languages"), blank=True, related_name="organisations"
    )
    experience = models.CharField(
        _("programme experience"), max_length=20, choices=Experience.choices, default=Experience.NONE
    )
    can_host = models.BooleanField(_("can host"), default=False)
    can_send = models.BooleanField(_("can send"), default=False)
    can_coordinate = models.BooleanField(_("can coordinate"), default=False)
    accessibility = models.CharField(
        _("premises accessibility"),
        max_length=10,
        choices=Accessibility.choices,
        default=Accessibility.UNKNOWN,
    )
    accessibility_notes = models.JSONField(_("accessibility details"), default=dict, blank=True)
    public_listing = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("Only with the organisation's consent."),
    )
    public_listing_consented_at = models.DateTimeField(_("listing consent given"), null=True, blank=True)
    agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("in the inventory of"),
        blank=True,
        related_name="organisations",
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(oid__isnull=True) | Q(oid__regex=OID_PATTERN), name="oid_format"
            ),
            models.CheckConstraint(
                condition=Q(public_listing=False) | Q(public_listing_consented_at__isnull=False),
                name="public_listing_needs_consent",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "city"]),
            models.Index(Lower("city"), name="organisation_city_lower"),
            models.Index(fields=["public_listing", "legal_name"]),
        ]

    def __str__(self):
        return self.legal_name

    @property
    def description_text(self) -> str:
        return pick(self.description)

    @property
    def accessibility_text(self) -> str:
        return pick(self.accessibility_notes)

    @property
    def offers(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.can_host, _("host")),
                (self.can_send, _("send")),
                (self.can_coordinate, _("coordinate")),
            )
            if flag
        ]


class StaffNote(models.Model):
    """A private note an agency keeps on an organisation; other agencies never see it."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")

    def __str__(self):
        return self.text[:60]


class OrganisationTag(models.Model):
    """An agency's private tag on an organisation (e.g. "contacted 2019")."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "organisation", "name"], name="one_tag_per_agency_organisation"
            )
        ]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Person(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = CountryField(_("country of residence"), blank=True)
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class Affiliation(models.Model):
    """A person's role at an organisation."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("Contact person")
        LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
        YOUTH_WORKER = "youth_worker", _("Youth worker")
        PROJECT_MANAGER = "project_manager", _("Project manager")
        VOLUNTEER = "volunteer", _("Volunteer")
        BOARD_MEMBER = "board_member", _("Board member")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.CONTACT)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    claimed = models.BooleanField(
        _("claimed by the person"), default=False,
        help_text=_("The person said so themself; it does not make them a representative."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="one_affiliation_per_role"
            )
        ]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} – {self.organisation}"


class ConsentRecord(models.Model):
    """A person's consent (or its withdrawal) for one purpose, as given at one moment."""

    class Purpose(models.TextChoices):
        DIRECTORY_CONTACT = "directory_contact", _("Be listed as a contact of the organisation")
        AGENCY_CONTACT = "agency_contact", _("Be contacted by the agency about programmes")
        NEWSLETTER = "newsletter", _("Receive the newsletter")
        PHOTOS = "photos", _("Appear in photos from events")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    given = models.BooleanField(_("given"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("how it was given"), max_length=200, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.person}: {self.purpose}={'yes' if self.given else 'no'}"


class Representative(models.Model):
    """A user who speaks for an organisation and may edit its profile once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representatives"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_representation")
        ]
        verbose_name = _("organisation representative")
        verbose_name_plural = _("organisation representatives")

    def __str__(self):
        return f"{self.user} for {self.organisation} ({self.status})"


class OrganisationProposal(models.Model):
    """A new organisation typed by someone who is not agency staff.

    It is in no inventory and not in the directory: staff of an agency in its country accept it (an
    organisation is created in their country's inventories), merge it into one they have, or reject it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        MERGED = "merged", _("Joined with an organisation already in Kopa")
        REJECTED = "rejected", _("Not accepted")

    legal_name = models.CharField(_("legal name"), max_length=250)
    country = CountryField(_("country"))
    city = models.CharField(_("town or city"), max_length=120)
    oid = models.CharField(_("Erasmus+ Organisation ID (OID)"), max_length=9, blank=True,
                           validators=[oid_validator])
    website = models.URLField(_("website"), blank=True)
    role = models.CharField(_("your role"), max_length=30, choices=Affiliation.Role.choices,
                            default=Affiliation.Role.CONTACT)
    represent = models.BooleanField(_("asks to represent it"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.CASCADE,
        related_name="organisation_proposals",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("organisation proposal")
        verbose_name_plural = _("organisation proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False), name="decided_proposal_has_date"
            ),
            models.CheckConstraint(condition=Q(oid="") | Q(oid__regex=OID_PATTERN), name="proposal_oid_format"),
        ]
        indexes = [models.Index(fields=["country", "status"])]

    def __str__(self):
        return f"{self.legal_name} ({self.city}, {self.country.code})"


def import_upload_to(batch, filename: str) -> str:
    return f"imports/{batch.agency_id}/{filename}"


class ImportBatch(models.Model):
    """An uploaded organisation file, read and checked in the background; nothing is written until
    staff confirm it, and then the writing runs in the background too.

    queued -> reading -> previewed -> confirmed -> applying -> applied; a batch waiting or being read,
    or confirmed and waiting, can be cancelled; an unexpected error or the time limit ends in failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Reading and checking the file")
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed, waiting to be imported")
        APPLYING = "applying", _("Importing")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    IN_PROGRESS = (Status.QUEUED, Status.READING, Status.CONFIRMED, Status.APPLYING)
    CANCELLABLE = (Status.QUEUED, Status.READING, Status.CONFIRMED)

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: import only if no row has an error")
        VALID_ONLY = "valid_only", _("Valid rows only: skip the rows with errors")

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    # The uploaded file, kept only until it has been read.
    file = models.FileField(_("file"), upload_to=import_upload_to, blank=True, max_length=300)
    # Why the last step stopped: {"code": ..., "params": {...}} (see imports.problems.OUTCOMES).
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    columns = models.JSONField(_("recognised columns"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    problems = models.JSONField(_("problems"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    mode = models.CharField(_("import mode"), max_length=20, choices=Mode.choices, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def has_file_errors(self) -> bool:
        return any(p["row"] is None and p["level"] == "error" for p in self.problems)

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def cancellable(self) -> bool:
        return self.status in self.CANCELLABLE


class DataProtectionRequest(models.Model):
    """A person's request under the GDPR to an agency: to see their data (access), to correct it
    (rectification) or to have it erased. The answer is due a month after it was received (here 30
    days, Art. 12(3)); staff may extend that once by up to two further months, with the reason given to
    the person. What the request says about its subject is private: it goes three years after the
    request is closed (kopa/directory/privacy.py)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to their data")
        RECTIFICATION = "rectification", _("Rectification of their data")
        ERASURE = "erasure", _("Erasure of their data")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    CLOSED = (Status.DONE, Status.REFUSED)

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE,
        related_name="data_protection_requests",
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=Kind.choices)
    subject_name = private(models.CharField(_("name of the person"), max_length=200))
    subject_email = private(models.EmailField(_("e-mail address of the person"), blank=True))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Kopa account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("directory person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="data_protection_requests",
    )
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due on"))
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = private(models.TextField(_("reason for the extension"), blank=True))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    resolution_note = private(models.TextField(_("resolution"), blank=True))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the purge removed what the request said about its subject (the request itself stays).
    subject_purged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("data-protection request")
        verbose_name_plural = _("data-protection requests")
        indexes = [models.Index(fields=["agency", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("received_on")),
                                   name="dp_request_due_after_received"),
        ]

    def __str__(self):
        # No name here: the history keeps this text after the subject's details are purged.
        return _("Data-protection request #%(number)s") % {"number": self.pk}

    @property
    def deadline(self):
        """The date the answer is due: the extended one, when staff extended it."""
        return self.extended_until or self.due_on

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED
