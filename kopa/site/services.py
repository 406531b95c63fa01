"""Sign-up: an inactive account and a confirmation e-mail; its person record is created only once
the address is confirmed, so an unverified account creates nothing in the directory. An account
reaches organisations only from "my area", once its e-mail address is confirmed."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.core.models import UserPreference
from kopa.core.services import preference_set
from kopa.core.tasks import enqueue
from kopa.directory.models import Person
from kopa.directory.people.services import person_create

COUNTRY_SALT = "kopa.site.signup.country"


def verification_link(*, user, base_url: str, country: str = "") -> str:
    """The link that confirms `user`'s address; it carries the country given at sign-up, signed,
    for the person record made then."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("site:verify_email", kwargs={"uidb64": uid, "token": token})
    if country:
        link += "?c=" + signing.dumps(country, salt=COUNTRY_SALT)
    return link


def signup_country(value: str) -> str:
    """The country a verification link carries, or "" when it carries none or was altered."""
    try:
        return str(signing.loads(value, salt=COUNTRY_SALT)) if value else ""
    except signing.BadSignature:
        return ""


@transaction.atomic
def account_verify(*, user, country: str = ""):
    """Activate `user` (its address is confirmed) and create its person record if it has none."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    if not Person.objects.filter(user=user).exists():
        person_create(actor=user, first_name=user.first_name, last_name=user.last_name,
                      email=user.email, user=user, country=country)
    return user


def existing_account(email: str):
    return get_user_model().objects.filter(username__iexact=email).first()


@transaction.atomic
def signup(*, data: dict, base_url: str):
    """Create an inactive account and its person record; e-mail a verification link in the chosen
    language. Returns the user. When an account already uses the address, nothing is created: its
    owner gets an e-mail saying someone tried (log in or reset the password) and None is returned, so
    the page answers exactly as for a new address and never tells whether an address has an account."""
    User = get_user_model()
    owner = existing_account(data["email"])
    if owner is not None:
        preference = UserPreference.objects.filter(user=owner).first()
        language = (preference.language if preference and preference.language else "") or data["language"]
        with override(language):
            subject = _("Someone tried to sign up for Kopa with your address")
            body = render_to_string("site/email/signup_exists.txt", {
                "login": base_url.rstrip("/") + reverse("core:login"),
                "reset": base_url.rstrip("/") + reverse("core:password_reset"),
            })
        enqueue("kopa.core.tasks:send_email", to=[owner.email or data["email"]], subject=subject, body=body)
        return None
    user = User.objects.create_user(
        username=data["email"], email=data["email"], password=data["password1"],
        first_name=data["first_name"], last_name=data["last_name"], is_active=False,
    )
    language = data["language"]
    preference_set(user=user, language=language)
    with override(language):
        link = verification_link(user=user, base_url=base_url, country=data["country"])
        subject = _("Confirm your e-mail address for Kopa")
        body = render_to_string("site/email/verify.txt", {"user": user, "link": link})
    enqueue("kopa.core.tasks:send_email", to=[user.email], subject=subject, body=body)
    return user
