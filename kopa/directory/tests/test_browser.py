"""The public directory in a real browser: keyboard only, narrow screens and zoom."""

import pytest

from kopa.core.tests.browser import (
    assert_no_serious_violations,
    has_horizontal_scroll,
    tab_to,
)
from kopa.directory import reference_data

pytestmark = pytest.mark.browser

MODES = ["default", "low-vision", "dyslexia"]


@pytest.fixture
def directory(make_organisation):
    reference_data.load()  # the live server's database is emptied after every test
    return {
        "centre": make_organisation(
            legal_name="Mladinski center Zmaj",
            type="youth_centre",
            city="Ljubljana",
            public_listing=True,
            oid="E10000001",
            target_groups=["disability", "neet"],
            languages=["sl", "en"],
            can_host=True,
            website="https://zmaj.example.org",
            email="info@zmaj.example.org",
            description={
                "en": "Open youth work with young people with disabilities in Ljubljana's centre."
            },
        ),
        "association": make_organisation(
            legal_name="Društvo Zmajček",
            type="ngo",
            city="Maribor",
            public_listing=True,
            target_groups=["social"],
        ),
        "other": make_organisation(
            legal_name="Biedrība Jaunieši",
            type="ngo",
            country="LV",
            city="Rīga",
            public_listing=True,
        ),
        "unlisted": make_organisation(
            legal_name="Zmajski zavod", type="youth_centre", city="Koper"
        ),
    }


def test_search_filter_and_open_a_profile_with_the_keyboard_only(page, directory):
    page.goto("/en/directory/")
    assert page.locator("main .card").count() == 3
    tab_to(page, "main input[name=q]")
    page.keyboard.type("zmaj")
    tab_to(page, "main input[name=type][value=youth_centre]")
    page.keyboard.press("Space")
    assert page.locator("main input[name=type][value=youth_centre]").is_checked()
    tab_to(page, "main form[role=search] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=zmaj" in page.url and "type=youth_centre" in page.url
    assert page.locator("main .card").all_inner_texts()[0].startswith("Mladinski center Zmaj")
    assert page.locator("main .card").count() == 1
    assert_no_serious_violations(page)
    tab_to(page, "main .card a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/en/directory/{directory['centre'].pk}/")
    assert page.locator("h1").inner_text() == "Mladinski center Zmaj"
    assert_no_serious_violations(page)


def test_clearing_the_filters_with_the_keyboard_lists_every_organisation_again(page, directory):
    page.goto("/en/directory/?q=zmaj")
    assert page.locator("main .card").count() == 2
    tab_to(page, "main form[role=search] a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("main .card").count() == 3


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("viewport", "scale"),
    [({"width": 320, "height": 640}, 1), ({"width": 640, "height": 450}, 2)],
    ids=["320px", "200% zoom"],
)
def test_directory_reflows_without_horizontal_scrolling(
    new_context, directory, viewport, scale, mode
):
    page = new_context(viewport=viewport, device_scale_factor=scale).new_page()
    for path in (
        "/en/directory/",
        "/sl/directory/?q=zmaj&type=youth_centre",
        f"/lv/directory/{directory['centre'].pk}/",
    ):
        page.goto(f"{path}{'&' if '?' in path else '?'}display={mode}")
        page.evaluate("document.fonts.ready")
        assert page.evaluate("window.innerWidth") == viewport["width"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert not has_horizontal_scroll(page), (
            f"{path} is {width} px wide at {viewport['width']} px ({mode})"
        )
