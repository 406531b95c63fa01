"""Flows across every page: skip link, language and display switchers, fonts, focus, form errors."""

import pytest

from kopa.core.tests.browser import (
    RequestLog,
    assert_no_serious_violations,
    axe_violations,
    focused,
    log_in_with_form,
    tab_to,
)
from kopa.directory import reference_data

pytestmark = pytest.mark.browser


@pytest.fixture
def listed_organisation(make_organisation):
    reference_data.load()  # the live server's database is emptied after every test
    return make_organisation(
        legal_name="Mladinski center Zmaj", public_listing=True, target_groups=["disability"]
    )


def test_accessibility_scan_reports_serious_violations(page):
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    assert {"image-alt", "label", "html-has-lang"} <= {v["id"] for v in axe_violations(page)}


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, listed_organisation):
    page.goto("/en/directory/")
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    box = page.locator("a.skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24  # shown on screen while it has focus
    page.keyboard.press("Enter")
    assert focused(page, "main#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_language_switcher_changes_language_and_is_remembered(page, listed_organisation):
    page.goto("/en/directory/")
    with page.expect_navigation():
        page.get_by_role("button", name="Slovenščina").click()
    assert page.url.endswith("/sl/directory/")
    assert page.evaluate("document.documentElement.lang") == "sl"
    assert page.get_by_role("button", name="Slovenščina").get_attribute("aria-current") == "true"
    page.goto("/")
    assert page.url.endswith("/sl/")
    assert page.evaluate("document.documentElement.lang") == "sl"
    assert_no_serious_violations(page)


def test_display_switcher_sets_the_mode_class_and_it_persists_across_pages(
    page, listed_organisation
):
    page.goto("/en/")
    with page.expect_navigation():
        page.get_by_role("link", name="Low vision").click()
    assert "mode-low-vision" in page.evaluate("document.documentElement.className")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    assert page.url.endswith("/en/directory/")
    assert "mode-low-vision" in page.evaluate("document.documentElement.className")
    assert_no_serious_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Dyslexia-friendly").click()
    page.goto("/en/programmes/")
    assert "mode-dyslexia" in page.evaluate("document.documentElement.className")
    page.goto("/en/")
    assert page.evaluate("document.documentElement.className") == "mode-dyslexia"


def test_dyslexia_mode_uses_the_self_hosted_atkinson_hyperlegible_font(
    page, live_server, listed_organisation
):
    requests = RequestLog(page)
    page.goto("/en/directory/?display=dyslexia")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        '"Atkinson Hyperlegible"'
    )
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))"
    )
    assert "Atkinson Hyperlegible" in loaded
    fonts = [url for url in requests.urls if url.endswith(".woff2")]
    assert fonts and all(
        url.startswith(f"{live_server.url}/static/fonts/atkinson-hyperlegible") for url in fonts
    )
    assert requests.foreign(live_server.url) == []


def test_no_request_leaves_the_live_server(page, live_server, listed_organisation):
    requests = RequestLog(page)
    for path in (
        "/en/",
        "/en/directory/",
        f"/sl/directory/{listed_organisation.pk}/",
        "/lv/accounts/login/",
        "/en/programmes/?display=low-vision",
        "/en/accounts/signup/?display=dyslexia",
    ):
        page.goto(path)
        page.evaluate("document.fonts.ready")
    assert len(requests.urls) >= 6
    assert requests.foreign(live_server.url) == []


@pytest.mark.parametrize("mode", ["default", "low-vision", "dyslexia"])
def test_focused_link_has_a_visible_outline(page, listed_organisation, mode):
    page.goto(f"/en/?display={mode}")
    tab_to(page, "nav a")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; })()"
    )
    assert style["style"] != "none" and style["width"] >= 2
    assert style["color"] != page.evaluate("getComputedStyle(document.body).backgroundColor")


def _error_is_tied_to_field(page, name: str) -> str:
    field = page.locator(f"main form [name={name}]")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = (field.get_attribute("aria-describedby") or "").split()
    errors = [page.locator(f"[id='{i}']") for i in described_by if i.endswith("_errors")]
    assert len(errors) == 1 and errors[0].is_visible()
    return errors[0].inner_text()


def test_empty_login_form_marks_both_fields_with_their_errors(page, listed_organisation):
    page.goto("/en/accounts/login/")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert "required" in _error_is_tied_to_field(page, "username")
    assert "required" in _error_is_tied_to_field(page, "password")
    assert page.get_by_role("alert").is_visible()
    assert_no_serious_violations(page)


def test_signup_with_bad_data_ties_each_error_to_its_field(page, listed_organisation):
    page.goto("/en/accounts/signup/?display=low-vision")
    page.get_by_label("First name").fill("Tina")
    page.get_by_label("E-mail").fill("not-an-address")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    assert "email address" in _error_is_tied_to_field(page, "email")
    assert "required" in _error_is_tied_to_field(page, "country")
    _error_is_tied_to_field(page, "last_name")
    assert page.locator("main form [name=first_name]").get_attribute("aria-invalid") is None
    assert page.get_by_label("First name").input_value() == "Tina"
    assert_no_serious_violations(page)


def test_staff_member_logs_in_through_the_login_form(
    page, make_agency, make_user, listed_organisation
):
    officer = make_user(agency=make_agency(), first_name="Petra", last_name="Zorman")
    log_in_with_form(page, username=officer.username, password="pass-Word-2026")
    assert "/accounts/login/" not in page.url
    assert page.get_by_role("button", name="Log out").is_visible()
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Back office", exact=True)
        .is_visible()
    )
    assert_no_serious_violations(page)
