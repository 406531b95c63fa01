"""Sign-up: an inactive account and its person record, and a confirmation e-mail. Nothing else: an
account reaches organisations only from "my area", once its e-mail address is confirmed."""

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
from kopa.directory.people.services import person_create


def verification_link(*, user, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("site:verify_email", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def signup(*, data: dict, base_url: str):
    """Create an inactive account and its person record; e-mail a verification link in the chosen
    language. Returns the user."""
    User = get_user_model()
    user = User.objects.create_user(
        username=data["email"], email=data["email"], password=data["password1"],
        first_name=data["first_name"], last_name=data["last_name"], is_active=False,
    )
    language = data["language"]
    preference_set(user=user, language=language)
    person_create(actor=user, first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
                  user=user, country=data["country"])
    with override(language):
        link = verification_link(user=user, base_url=base_url)
        subject = _("Confirm your e-mail address for Kopa")
        body = render_to_string("site/email/verify.txt", {"user": user, "link": link})
    enqueue("kopa.core.tasks:send_email", to=[user.email], subject=subject, body=body)
    return user
