"""Library objects for the page registry (kopa/site/tests/pages.py) and the permission matrix: a
published public resource with a video in English and a PDF-less Slovenian version, and a staff-only
draft of the same agency. Built through the services, without files on disk."""

from datetime import date

from kopa.library.models import Resource
from kopa.library.services import resource_create, resource_publish, version_video


def build_resource(d) -> Resource:
    resource = resource_create(actor=None, system=True, agency=d.agency, data={
        "kind": Resource.Kind.COMPENDIUM, "published_on": date(2018, 10, 19),
        "title": {"sl": "Labirint iz krize", "en": "Labyrinth out of crisis", "lv": "Labirints ārā no krīzes"},
        "summary": {"sl": "Zbornik priporočil.", "en": "A compendium of recommendations.",
                    "lv": "Ieteikumu krājums."},
    })
    version_video(actor=None, system=True, resource=resource, language="en", url="https://example.org/video")
    return resource_publish(actor=None, system=True, resource=resource)


def build_draft(d) -> Resource:
    resource = resource_create(actor=None, system=True, agency=d.agency, data={
        "kind": Resource.Kind.GUIDELINES, "visibility": Resource.Visibility.STAFF,
        "title": {"sl": "Smernice delovne skupine", "en": "Guidelines of the working group",
                  "lv": "Darba grupas vadlīnijas"},
    })
    version_video(actor=None, system=True, resource=resource, language="sl", url="https://example.org/smernice")
    return resource
