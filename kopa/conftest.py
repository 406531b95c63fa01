"""Browser fixtures: one headless Chromium for the whole run, driving pytest-django's live server.

Chromium is Debian's (/usr/bin/chromium); no browser is ever downloaded. Without it the browser tests
are skipped, unless KOPA_REQUIRE_BROWSER=1 is set (as in CI), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

from kopa.core.tests.browser import DEFAULT_VIEWPORT, log_in_with_cookie

CHROMIUM = Path(os.environ.get("KOPA_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking switches Chromium calls home; every request must stay on 127.0.0.1.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The live server listens on the loopback address the browser tests check every request against.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by every browser test of the run."""
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM}; browser tests need it."
        if os.environ.get("KOPA_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " KOPA_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes Django refuse
    # ORM calls from test code; the test code is synchronous, so the check does not apply.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, live_server):
    """Open a browser context on the live server; `user` logs it in. Contexts close after the test.
    The pages' Content-Security-Policy is bypassed unless `bypass_csp=False`."""
    opened = []

    def make(*, user=None, viewport=None, device_scale_factor=1, bypass_csp=True, **options):
        # axe is injected into the page as an inline script, which the Content-Security-Policy
        # refuses; a context that checks the policy itself passes bypass_csp=False.
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=bypass_csp,
            viewport=viewport or DEFAULT_VIEWPORT,
            device_scale_factor=device_scale_factor,
            **options,
        )
        context.set_default_timeout(10_000)
        opened.append(context)
        if user is not None:
            log_in_with_cookie(context, user, live_server.url)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh page of an anonymous visitor, with relative URLs resolved against the live server."""
    return new_context().new_page()
