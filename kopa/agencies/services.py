"""Onboarding: a superuser creates agencies; an agency's admins invite colleagues, set their roles and
remove them. Every change is audited on the agency.

An invitation to an address Kopa does not know creates the account without a usable password and
e-mails a link to choose one (Django's password-reset token: it works once, expires after
`PASSWORD_RESET_TIMEOUT`, and becomes invalid once the password is set). An address Kopa knows
simply joins the agency and is told so. An agency always keeps at least one admin.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.agencies.models import Agency, AgencyMembership
from kopa.agencies.selectors import admin_agency_ids
from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry, UserPreference
from kopa.core.tasks import enqueue

Role = AgencyMembership.Role


def _require_superuser(actor) -> None:
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied()


def require_agency_admin(actor, agency: Agency) -> None:
    """PermissionDenied unless `actor` is an admin of `agency` (or a superuser)."""
    if agency.pk not in admin_agency_ids(actor):
        raise PermissionDenied()


@transaction.atomic
def agency_create(*, actor, data: dict) -> Agency:
    """Create an agency (superusers only). `data`: name, short_name, kind, country, website,
    languages (codes), logo (optional file). Raises PermissionDenied, ValidationFailed."""
    _require_superuser(actor)
    name = (data.get("name") or "").strip()
    if Agency.objects.filter(name__iexact=name).exists():
        raise ValidationFailed(fields={"name": [_("An agency with this name already exists.")]})
    slug = slugify(data.get("short_name") or name)[:60] or "agency"
    base, n = slug, 2
    while Agency.objects.filter(slug=slug).exists():
        slug, n = f"{base[:55]}-{n}", n + 1
    agency = Agency(
        name=name, short_name=(data.get("short_name") or "").strip(), slug=slug, kind=data["kind"],
        country=data["country"], website=data.get("website") or "", languages=list(data.get("languages") or []),
    )
    if data.get("logo"):
        agency.logo = data["logo"]
    agency.save()
    audit.record(actor=actor, obj=agency, action=AuditEntry.Action.CREATE,
                 changes=audit.diff({}, audit.snapshot(agency, ["name", "kind", "country", "languages"])))
    return agency


def _member_label(membership: AgencyMembership) -> str:
    # The role's code, not its translation: the history is read in other languages.
    return f"{membership.user.email or membership.user.get_username()} ({membership.role})"


def _set_password_link(user, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("core:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _language_of(user, fallback: str) -> str:
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first() or fallback


@transaction.atomic
def member_invite(*, actor, agency: Agency, email: str, role: str, first_name: str = "", last_name: str = "",
                  language: str, base_url: str) -> tuple[AgencyMembership, bool]:
    """Add the person with `email` to `agency` as `role`, creating their account if needed, and e-mail
    them. Returns (membership, account_created). Raises PermissionDenied, ValidationFailed."""
    require_agency_admin(actor, agency)
    email = (email or "").strip().lower()
    if role not in Role.values:
        raise ValidationFailed(fields={"role": [_("Choose a role.")]})
    User = get_user_model()
    user = User.objects.filter(username__iexact=email).first() or User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(username=email, email=email, first_name=first_name.strip(),
                                        last_name=last_name.strip())
        user.set_unusable_password()
        user.save(update_fields=["password"])
        UserPreference.objects.create(user=user, language=language)
    elif AgencyMembership.objects.filter(agency=agency, user=user).exists():
        raise ValidationFailed(fields={"email": [_("This person already works for the agency.")]})
    try:
        with transaction.atomic():
            membership = AgencyMembership.objects.create(agency=agency, user=user, role=role)
    except IntegrityError as exc:  # a second invitation racing this one
        raise ValidationFailed(fields={"email": [_("This person already works for the agency.")]}) from exc
    audit.record(actor=actor, obj=agency, action=AuditEntry.Action.UPDATE,
                 changes={"member_added": [None, _member_label(membership)]})
    with override(_language_of(user, language)):
        context = {"agency": agency, "inviter": actor, "role": membership.get_role_display(), "created": created,
                   "link": _set_password_link(user, base_url) if created
                   else base_url.rstrip("/") + reverse("directory:staff_list")}
        subject = _("You have been added to %(agency)s in Kopa") % {"agency": agency}
        body = render_to_string("agencies/email/invited.txt", context)
    enqueue("kopa.core.tasks:send_email", to=[email], subject=subject, body=body)
    return membership, created


def _admins_left(agency: Agency, *, without: AgencyMembership) -> int:
    return AgencyMembership.objects.filter(agency=agency, role=Role.ADMIN).exclude(pk=without.pk).count()


@transaction.atomic
def member_role_set(*, actor, membership: AgencyMembership, role: str) -> AgencyMembership:
    """Change a colleague's role. Raises PermissionDenied, ValidationFailed (unknown role, or the
    agency would be left without an admin)."""
    membership = AgencyMembership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    require_agency_admin(actor, membership.agency)
    if role not in Role.values:
        raise ValidationFailed(fields={"role": [_("Choose a role.")]})
    if role == membership.role:
        return membership
    if membership.role == Role.ADMIN and not _admins_left(membership.agency, without=membership):
        raise ValidationFailed(fields={"role": [_("An agency needs at least one admin. Make someone else "
                                                  "admin first.")]})
    before = _member_label(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(actor=actor, obj=membership.agency, action=AuditEntry.Action.UPDATE,
                 changes={"member_role": [before, _member_label(membership)]})
    return membership


@transaction.atomic
def member_remove(*, actor, membership: AgencyMembership) -> None:
    """Remove a colleague from the agency (their account stays). Raises PermissionDenied,
    ValidationFailed (the last admin)."""
    membership = AgencyMembership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    require_agency_admin(actor, membership.agency)
    if membership.role == Role.ADMIN and not _admins_left(membership.agency, without=membership):
        raise ValidationFailed(_("An agency needs at least one admin. Make someone else admin first."))
    label = _member_label(membership)
    agency = membership.agency
    membership.delete()
    audit.record(actor=actor, obj=agency, action=AuditEntry.Action.UPDATE, changes={"member_removed": [label, None]})


def membership_ensure(*, agency: Agency, user, role: str) -> AgencyMembership:
    """Make `user` work for `agency` (for loaders such as the demo; the role of an existing membership
    stays as it is). Not audited: no person acts."""
    membership, _created = AgencyMembership.objects.get_or_create(agency=agency, user=user, defaults={"role": role})
    return membership
