"""The Content-Security-Policy holds in a real browser: key pages load and work without a single
violation (this context does not bypass the policy, unlike the accessibility scans)."""

import pytest

from django.urls import reverse

pytestmark = pytest.mark.browser

LISTEN = """() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation',
        e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
}"""


def test_key_pages_load_without_a_content_security_policy_violation(
    new_context, make_event, make_registration, make_user, host_agency
):
    event = make_event()
    participant = make_user(email="eva@example.org")
    make_registration(event=event, email="eva@example.org", user=participant)
    organiser = make_user(agency=host_agency)
    pages = {
        None: [
            reverse("site:home"),
            reverse("core:login"),
            reverse("site:signup"),
            reverse("events:calendar"),
            reverse("events:detail", args=[event.pk]),
            reverse("events:register", args=[event.pk]),
            "/api/docs/",
        ],
        participant: [reverse("events:my_events")],
        organiser: [
            reverse("events:staff_registrations", args=[event.pk]),
            reverse("events:checkin", args=[event.pk]),
        ],
    }
    seen = []
    for user, paths in pages.items():
        context = new_context(user=user, bypass_csp=False)
        page = context.new_page()
        page.on(
            "console",
            lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text
            else None,
        )
        page.add_init_script(script=f"({LISTEN})()")
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            assert "default-src 'self'" in response.headers["content-security-policy"], path
            page.wait_for_load_state("networkidle")
            seen.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations"))
    assert seen == []
