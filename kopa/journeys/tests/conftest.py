"""What every journey needs: the demo as the starting world, a visit that scans each page with axe,
the e-mails Kopa sent and the links in them.

The journey's own records (accounts, registrations, check-ins, invitations) are made through the
pages; only the world people find (agencies, organisations, events, campaigns) comes from the demo
or, where the demo has nothing current, from the services an agency would use.
"""

import re

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from kopa.core.tests.browser import axe_violations, describe_violations
from kopa.directory import reference_data
from kopa.site import demo


@pytest.fixture
def demo_world(transactional_db, live_server, settings):
    """The demo data on the live server; e-mailed links point at the live server.

    The live server's database is emptied after every test, the reference data of the migrations
    (target groups, themes, …) too: it is loaded again first, as the demo needs it."""
    settings.KOPA_SITE_URL = live_server.url
    with transaction.atomic():  # one commit: much quicker than one per row
        reference_data.load()
        demo.load()
    mail.outbox.clear()
    return demo


def demo_user(username: str):
    return get_user_model().objects.get(username=username)


def scan(page, where: str = "") -> None:
    """Fail on any serious or critical axe violation of the page as it is now."""
    violations = axe_violations(page)
    assert not violations, "Accessibility violations:\n" + describe_violations(
        violations, f"{where} ({page.url}) "
    )


def visit(page, path: str, where: str = "") -> None:
    """Open `path` and scan it."""
    response = page.goto(path)
    assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
    scan(page, where or path)


def click_to(page, locator, where: str) -> None:
    """Follow a link or press a button that loads a page, then scan the page it loads."""
    with page.expect_navigation():
        locator.click()
    scan(page, where)


def log_in(page, username: str, *, password: str | None = None, language: str = "en") -> None:
    """Log in through the login form (scanned), as the person would."""
    visit(page, f"/{language}/accounts/login/", "login")
    page.locator("main form input[name=username]").fill(username)
    page.locator("main form input[name=password]").fill(password or settings.KOPA_DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    scan(page, "after logging in")


def log_out(page) -> None:
    with page.expect_navigation():
        page.locator("header form[action$='/accounts/logout/'] button[type=submit]").click()


def mail_to(address: str, subject_contains: str = ""):
    """The last e-mail sent to `address` (whose subject contains the text, when given)."""
    found = [m for m in mail.outbox if address in m.to and subject_contains in m.subject]
    assert found, f"no e-mail to {address} ({subject_contains!r}); sent: " + "; ".join(
        f"{m.to} {m.subject}" for m in mail.outbox)
    return found[-1]


def link_in(message, path_pattern: str) -> str:
    """The absolute link in the e-mail's text whose path matches `path_pattern` (a regex)."""
    match = re.search(rf"https?://[^\s/]+{path_pattern}", message.body)
    assert match, f"no link matching {path_pattern} in:\n{message.body}"
    return match.group(0)


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)
