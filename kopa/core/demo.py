"""Demo data from the public facts in the seeds; every person is invented."""

from django.conf import settings
from django.contrib.auth import get_user_model

from kopa.programmes.models import Agency, AgencyMembership


def password() -> str:
    return settings.KOPA_DEMO_PASSWORD


def _user(username: str, first: str, last: str, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": username, "first_name": first, "last_name": last, **extra}
    )
    if created:
        user.set_password(password())
        user.save()
    return user


def load() -> list[tuple[str, str]]:
    si, _ = Agency.objects.get_or_create(
        slug="movit", defaults={"name": "MOVIT – Slovenian National Agency for Erasmus+ Youth", "short_name": "MOVIT",
                                "kind": Agency.Kind.NATIONAL_AGENCY, "country": "SI"})
    lv, _ = Agency.objects.get_or_create(
        slug="jsppa", defaults={"name": "Jaunatnes starptautisko programmu aģentūra", "short_name": "JSPA",
                                "kind": Agency.Kind.NATIONAL_AGENCY, "country": "LV"})
    admin = _user("admin@kopa.example", "Ana", "Novak", is_superuser=True, is_staff=True)
    si_staff = _user("officer.si@kopa.example", "Maja", "Kranjc")
    AgencyMembership.objects.get_or_create(agency=si, user=si_staff, defaults={"role": AgencyMembership.Role.ADMIN})
    lv_staff = _user("officer.lv@kopa.example", "Ilze", "Ozola")
    AgencyMembership.objects.get_or_create(agency=lv, user=lv_staff, defaults={"role": AgencyMembership.Role.STAFF})
    return [("superuser", admin.username), ("agency admin (SI)", si_staff.username),
            ("agency staff (LV)", lv_staff.username)]
