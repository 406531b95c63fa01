"""The pages a visitor reaches by what they do, not by an address: "check your e-mail" after signing
up, a failed e-mail link, a page that does not exist, too many requests and a locked-out login. Each is
reached in Chromium as a visitor would, in every language and display mode, and scanned by axe-core
as the pages of pages.py are."""

import pytest

from django.conf import settings

from kopa.core.tests.browser import (
    AXE_SCRIPT,
    DEFAULT_VIEWPORT,
    STYLE_RULES,
    axe_violations,
    describe_violations,
)
from kopa.directory import reference_data
from kopa.site.tests.test_accessibility import SCANS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    reference_data.load()
    context = browser.new_context(base_url=live_server.url, viewport=DEFAULT_VIEWPORT)
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE_SCRIPT))
    yield context.new_page()
    context.close()


def scan(page, *, status: int, language: str, mode: str, where: str) -> list[str]:
    html = page.evaluate("({lang: document.documentElement.lang, mode: document.documentElement.className})")
    assert html == {"lang": language, "mode": f"mode-{mode}"}, where
    violations = axe_violations(page, rules=None if mode == "default" else STYLE_RULES)
    return [describe_violations(violations, where=f"{where} ({status}) ")] if violations else []


def submitted(page, path: str, fields: dict[str, str], *, select: dict[str, str] | None = None):
    """Open `path`, fill its form's `fields` by name, submit it; the response of the submission."""
    page.goto(path)
    for name, value in fields.items():
        page.fill(f"main [name={name}]", value)
    for name, value in (select or {}).items():
        page.select_option(f"main [name={name}]", value)
    with page.expect_navigation() as navigation:
        page.locator("main form[method=post] [type=submit]").last.click()
    return navigation.value


def test_signing_up_shows_check_your_email_in_every_language_and_mode(page):
    problems = []
    for n, (language, mode) in enumerate(SCANS):
        response = submitted(page, f"/{language}/accounts/signup/?display={mode}", {
            "first_name": "Tina", "last_name": "Novak", "email": f"tina{n}@example.org",
            "password1": "kopa-Tina-2027", "password2": "kopa-Tina-2027"},
            select={"country": "SI", "language": language})
        assert response.status == 200 and "tina" in page.content(), page.url
        assert "password1" not in page.content(), f"{page.url}: the form came back"
        problems += scan(page, status=response.status, language=language, mode=mode, where=page.url)
    assert not problems, "\n".join(problems)


def test_a_missing_page_and_a_failed_email_link_are_accessible(page):
    problems = []
    for language, mode in SCANS:
        for path, status in ((f"/{language}/no-such-page/", 404),
                             (f"/{language}/accounts/verify/Mg/not-a-token/", 400)):
            response = page.goto(f"{path}?display={mode}")
            assert response.status == status, path
            problems += scan(page, status=status, language=language, mode=mode, where=path)
    assert not problems, "\n".join(problems)


def test_too_many_requests_is_accessible(page, settings):
    settings.KOPA_RATE_LIMITS = {**settings.KOPA_RATE_LIMITS, "password_reset": "1/3600"}
    assert submitted(page, "/en/accounts/password-reset/", {"email": "somebody@example.org"}).status in (200, 302)
    problems = []
    for language, mode in SCANS:
        response = submitted(page, f"/{language}/accounts/password-reset/?display={mode}",
                             {"email": "somebody@example.org"})
        assert response.status == 429, page.url
        problems += scan(page, status=429, language=language, mode=mode, where=page.url)
    assert not problems, "\n".join(problems)


def test_a_locked_out_login_is_accessible(page, make_user):
    make_user(email="locked@example.org", password="the-right-one-2027")
    wrong = {"username": "locked@example.org", "password": "wrong"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        submitted(page, "/en/accounts/login/", wrong)
    problems = []
    for language, mode in SCANS:
        response = submitted(page, f"/{language}/accounts/login/?display={mode}", wrong)
        assert response.status == 429 or response.status == 403, (page.url, response.status)
        assert page.locator("[name=password]").count() == 0, f"{page.url}: the login form came back"
        problems += scan(page, status=response.status, language=language, mode=mode, where=page.url)
    assert not problems, "\n".join(problems)
