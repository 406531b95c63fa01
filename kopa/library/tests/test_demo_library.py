"""The demo library: the Bled compendium, the working group's guidelines and the harvesting report,
in Slovenian and English, published, read and found from the public library page."""

from datetime import date

from kopa.library.models import Resource


def test_the_demo_library_has_the_three_publications_in_two_languages(demo_once, db, client):
    resources = {r.title["en"]: r for r in Resource.objects.filter(agency__slug="movit")}
    assert len(resources) == 3
    compendium = next(r for title, r in resources.items() if title.startswith("Labyrinth out of crisis"))
    assert compendium.title["sl"].startswith("Labirint iz krize")
    assert compendium.published_on == date(2018, 10, 19) and compendium.kind == Resource.Kind.COMPENDIUM
    assert compendium.event is not None and compendium.event.start.date() == date(2018, 10, 19)
    guidelines = next(r for r in resources.values() if r.kind == Resource.Kind.GUIDELINES)
    assert guidelines.working_group is not None
    report = next(r for r in resources.values() if r.kind == Resource.Kind.REPORT)
    assert report.cycle.name == "2016–2018"
    for resource in resources.values():
        assert resource.is_public
        assert sorted(v.language for v in resource.versions.all()) == ["en", "sl"]
        assert all(v.text_status == "done" and v.text for v in resource.versions.all())
    # A word only inside the Slovenian file of the compendium, typed without diacritics.
    page = client.get("/sl/library/?q=dusevno+zdravje").content.decode()
    assert f'href="/sl/library/{compendium.pk}/"' in page
    assert f'href="/sl/library/{report.pk}/"' not in page
