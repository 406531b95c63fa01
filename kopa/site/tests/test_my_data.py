"""What Kopa holds about a person is declared once per app; My data and its download show it."""

import pytest

from django.contrib.auth import get_user_model
from django.db import models

from kopa.core import privacy
from kopa.directory.models import Person


def test_every_model_linked_to_a_person_is_part_of_my_data_or_exempt_with_a_reason():
    missing = privacy.uncovered_subject_links(user_model=get_user_model(), person_model=Person)
    assert missing == [], f"declare these in the app's privacy.py (subject or subject_exempt): {missing}"


def test_the_coverage_check_finds_an_undeclared_link(monkeypatch):
    class Stray(models.Model):  # noqa: DJ008 (a model only for this check)
        contact = models.EmailField()

        class Meta:
            app_label = "site"

    monkeypatch.setattr(Stray, "__module__", "kopa.site.models")
    try:
        missing = privacy.uncovered_subject_links(user_model=get_user_model(), person_model=Person)
    finally:
        from django.apps import apps

        del apps.all_models["site"]["stray"]
        apps.clear_cache()
    assert "site.Stray.contact" in missing


@pytest.mark.django_db
def test_my_data_shows_only_the_persons_own_records_in_their_language(client, make_user):
    me = make_user(first_name="Eva", last_name="Lipa")
    other = make_user(first_name="Ivo", last_name="Drugi")
    Person.objects.create(first_name="Eva", last_name="Lipa", email=me.email, phone="+386 1 MINE", user=me)
    Person.objects.create(first_name="Ivo", last_name="Drugi", email=other.email, phone="+386 1 OTHER")
    client.force_login(me)
    page = client.get("/sl/my/data/").content.decode()
    assert "+386 1 MINE" in page and "+386 1 OTHER" not in page
    assert '<html lang="sl"' in page
    assert client.get("/en/my/data.json")["Content-Disposition"] == 'attachment; filename="kopa-my-data.json"'


@pytest.mark.django_db
def test_my_data_needs_a_login(client):
    assert client.get("/en/my/data/").status_code == 302
    assert client.get("/en/my/data.json").status_code == 302
    assert client.get("/en/my/delete/").status_code == 302


@pytest.mark.django_db
def test_an_altered_deletion_link_deletes_nothing(client, make_user):
    me = make_user()
    assert client.post("/en/my/delete/not-a-token/").status_code == 400
    me.refresh_from_db()
    assert me.is_active
