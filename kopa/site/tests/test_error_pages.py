"""A page that does not exist, or is not open to the visitor, answers in the page's language with the
site's layout (navigation, display modes), not Django's bare English page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "title"), [
    ("en", "Page not found"), ("sl", "Strani ni mogoče najti"), ("lv", "Lapa nav atrasta")])
def test_a_missing_page_is_in_the_pages_language_with_the_sites_layout(client, language, title):
    response = client.get(f"/{language}/no-such-page/?display=low-vision")
    html = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in html
    assert f'lang="{language}"' in html and "mode-low-vision" in html
    assert f'href="/{language}/"' in html  # back to the home page, in the same language


def test_a_missing_organisation_answers_the_same_page(client):
    response = client.get("/sl/directory/999999/")
    assert response.status_code == 404 and "Strani ni mogoče najti" in response.content.decode()
