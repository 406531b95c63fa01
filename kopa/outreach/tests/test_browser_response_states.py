"""The pages behind an expired or unknown response link, scanned in a real browser.

They answer 410 and 404, so the page registry (which expects 200) does not hold them.
"""

import pytest

from kopa.core.tests.browser import (
    DISPLAY_MODES,
    LANGUAGES,
    STYLE_RULES,
    axe_violations,
    describe_violations,
)
from kopa.outreach.tests.a11y_support import build_expired_response_token

pytestmark = pytest.mark.browser


class _Objects(dict):
    def __init__(self, *, agency, make_organisation, staff):
        super().__init__()
        self.agency, self.make_organisation, self.users = (
            agency,
            make_organisation,
            {"staff": staff},
        )


@pytest.fixture
def expired_token(make_agency, make_user, make_organisation, settings):
    from kopa.site.tests.test_accessibility import BUILDERS

    agency = make_agency(name="MOVIT", country="SI")
    objects = _Objects(
        agency=agency, make_organisation=make_organisation, staff=make_user(agency=agency)
    )
    for key in ("partnership", "campaign"):
        objects[key] = BUILDERS[key](objects)
    return build_expired_response_token(objects)


@pytest.mark.parametrize("language", LANGUAGES)
def test_expired_and_unknown_links_explain_themselves_accessibly(
    new_context, expired_token, language
):
    page = new_context().new_page()
    problems = []
    for token, status in ((expired_token, 410), ("no-such-token", 404)):
        for mode in DISPLAY_MODES:
            response = page.goto(f"/{language}/respond/{token}/?display={mode}")
            assert response.status == status
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("main h1").count() == 1
            assert page.locator("main form input[name=answer]").count() == 0
            violations = axe_violations(page, rules=None if mode == "default" else STYLE_RULES)
            if violations:
                problems.append(describe_violations(violations, where=f"{page.url} "))
    assert not problems, "\n".join(problems)
