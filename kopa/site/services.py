"""Sign-up: an inactive account, its person record and organisation link, and a confirmation e-mail."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.core.services import preference_set
from kopa.core.tasks import enqueue
from kopa.directory.models import Organisation
from kopa.directory.organisations.services import (
    organisation_self_register,
    representative_request,
)
from kopa.directory.people.services import person_create


def verification_link(*, user, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("site:verify_email", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def signup(*, data: dict, language: str, base_url: str):
    """Create an inactive account and its organisation link; e-mail a verification link."""
    User = get_user_model()
    user = User.objects.create_user(
        username=data["email"], email=data["email"], password=data["password1"],
        first_name=data["first_name"], last_name=data["last_name"], is_active=False,
    )
    preference_set(user=user, language=language)
    person_create(
        actor=user, first_name=data["first_name"], last_name=data["last_name"], email=data["email"], user=user
    )
    existing = Organisation.objects.filter(oid=data.get("organisation_oid") or None).first() if data.get(
        "organisation_oid") else None
    if existing:
        representative_request(user=user, organisation=existing, approved=False)
    else:
        org = organisation_self_register(
            actor=user,
            data={
                "legal_name": data["organisation_name"], "country": data["organisation_country"],
                "city": data["organisation_city"], "oid": data.get("organisation_oid") or None,
            },
        )
        representative_request(user=user, organisation=org, approved=True)
    link = verification_link(user=user, base_url=base_url)
    with override(language):
        subject = _("Confirm your e-mail address for Kopa")
        body = render_to_string("site/email/verify.txt", {"user": user, "link": link})
    enqueue("kopa.core.tasks:send_email", to=[user.email], subject=subject, body=body)
    return user
