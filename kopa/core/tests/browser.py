"""Helpers for browser tests: axe-core scans and a record of every request a page makes."""

from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

# axe-core as shipped inside the axe-playwright-python package, injected into pages as a script.
AXE_SCRIPT = Path(find_spec("axe_playwright_python").origin).with_name("axe.min.js")
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (reported, failing only when serious).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
# The rules whose outcome depends on colours, sizes and spacing: all that a display mode changes, since
# the modes are one class on <html> and the markup is the same. Used to rescan a page in the other modes.
STYLE_RULES = ["color-contrast", "link-in-text-block", "target-size", "scrollable-region-focusable"]
DISPLAY_MODES = ["default", "low-vision", "dyslexia"]
LANGUAGES = ["en", "sl", "lv"]
DEFAULT_VIEWPORT = {"width": 1280, "height": 900}


# axe cannot decide about text the same colour as its background (it may be meant to be hidden), and
# reports it as "incomplete"; on these pages it is always a styling bug (invisible text), so it fails.
AXE_RUN = """runOnly => axe.run(document, {runOnly: runOnly, resultTypes: ['violations', 'incomplete']})
  .then(results => {
    const invisible = results.incomplete
      .filter(rule => rule.id === 'color-contrast')
      .map(rule => ({...rule, nodes: rule.nodes.filter(
        node => node.any.some(check => check.data && check.data.messageKey === 'equalRatio'))}))
      .filter(rule => rule.nodes.length);
    return results.violations.concat(invisible);
  })"""


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core (all WCAG A/AA rules, or only `rules`) on the page as it is now.

    Returns its serious and critical violations.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    violations = page.evaluate(AXE_RUN, run_only)
    return [v for v in violations if v.get("impact") in FAILING_IMPACTS]


def describe_violations(violations: list[dict], where: str = "") -> str:
    """One readable block per violation: rule, impact, help text and the elements it concerns."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


def assert_no_serious_violations(page, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, "Accessibility violations:\n" + describe_violations(violations, where)


class RequestLog:
    """Every URL the page asked for, to prove nothing is fetched from outside the live server."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def foreign(self, base_url: str) -> list[str]:
        origin = urlsplit(base_url)
        return [
            url
            for url in self.urls
            if not url.startswith(("data:", "blob:", "about:"))
            and (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)
        ]


def log_in_with_cookie(context, user, base_url: str) -> None:
    """Give the browser the session cookie of a logged-in `user` (quicker than the login form)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def log_in_with_form(page, *, username: str, password: str, language: str = "en") -> None:
    """Log in through the real login form, as a person would."""
    page.goto(f"/{language}/accounts/login/")
    page.locator("main form input[name=username]").fill(username)
    page.locator("main form input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def focused(page, selector: str) -> bool:
    """Whether the element with keyboard focus matches `selector`."""
    return page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page, selector: str, *, limit: int = 120) -> int:
    """Press Tab until the focused element matches `selector`; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return presses
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def has_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
