"""Writes to the library: resources, their language versions (files and video links), publishing,
and the search index.

Each service is keyword-only, runs in one transaction, checks that `actor` may make the change
(`kopa.library.access`) and writes an audit entry. Demo data passes `system=True`. A file is checked
by its content (PDF or DOCX) and size, stored in the private storage and read in the background
(`kopa.library.jobs.read_version_text`); every change refreshes the resource's search documents and
the FTS5 table on SQLite, and raises the version of the library's cached public pages.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from kopa.core import audit, pagecache, tasks
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.forms import within_date_bounds
from kopa.core.i18n import clean_texts, content_languages
from kopa.library import files
from kopa.library.access import require_writer
from kopa.library.models import Resource, ResourceVersion, SearchDocument
from kopa.library.rules import MAX_INDEXED_CHARS, fold, fts_language_word, text_search_config
from kopa.programmes.access import can_link_organisation

SCALARS = ("kind", "strand", "cycle", "event", "working_group", "published_on", "licence", "visibility")
LINKS = ("target_groups", "themes", "authors")
TEXTS = ("title", "summary")


def library_languages() -> list[str]:
    """The languages a version may be in: the interface's and the partnership's working languages."""
    return list(dict.fromkeys([*content_languages(), *getattr(settings, "KOPA_LIBRARY_LANGUAGES", ())]))


def max_upload_bytes() -> int:
    return int(getattr(settings, "KOPA_LIBRARY_MAX_BYTES", 25 * 1024 * 1024))


# --- resources ------------------------------------------------------------------------------------


def _problems(resource: Resource, data: dict, *, actor, system: bool) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not resource.title:
        problems.setdefault("title", []).append(_("Give the title in at least one language."))
    if resource.kind not in Resource.Kind.values:
        problems.setdefault("kind", []).append(_("Choose the type."))
    if resource.licence not in Resource.Licence.values:
        problems.setdefault("licence", []).append(_("Choose the licence."))
    if resource.visibility not in Resource.Visibility.values:
        problems.setdefault("visibility", []).append(_("Choose who may see it."))
    if resource.published_on:
        try:
            within_date_bounds(resource.published_on)
        except ValidationError as exc:
            problems.setdefault("published_on", []).extend(exc.messages)
    group = resource.working_group
    if group is not None and group.agency_id != resource.agency_id:
        problems.setdefault("working_group", []).append(_("Choose a working group of your agency."))
    for organisation in data.get("authors") or []:
        if not can_link_organisation(actor, organisation, system=system):
            problems.setdefault("authors", []).append(
                _("Choose authors from the public directory or your inventory."))
            break
    return problems


def _apply(resource: Resource, data: dict) -> None:
    for name in TEXTS:
        if name in data:
            setattr(resource, name, clean_texts(data[name]))
    for name in SCALARS:
        if name in data and (data[name] is not None or name not in ("kind", "licence", "visibility")):
            setattr(resource, name, data[name])


def _links(resource: Resource, data: dict) -> None:
    for name in LINKS:
        if name in data:
            getattr(resource, name).set(data[name] or [])


@transaction.atomic
def resource_create(*, actor, agency, data: dict, system: bool = False) -> Resource:
    """A new draft resource of `agency`. `data`: title and summary ({language: text}), kind, licence,
    visibility, published_on, strand, cycle, event, working_group, target_groups, themes, authors.
    Raises PermissionDenied, ValidationFailed."""
    if not system:
        require_writer(actor, agency.pk)
    resource = Resource(agency=agency, created_by=None if system else actor)
    _apply(resource, data)
    problems = _problems(resource, data, actor=actor, system=system)
    if problems:
        raise ValidationFailed(fields=problems)
    resource.save()
    _links(resource, data)
    audit.record(actor=None if system else actor, obj=resource, action="create",
                 changes=audit.diff({}, audit.snapshot(resource)))
    index_resource(resource)
    return resource


@transaction.atomic
def resource_update(*, actor, resource: Resource, data: dict, system: bool = False) -> Resource:
    """Change what is said about a resource (as `resource_create`). Raises PermissionDenied,
    ValidationFailed."""
    if not system:
        require_writer(actor, resource.agency_id)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    before = audit.snapshot(resource)
    _apply(resource, data)
    problems = _problems(resource, data, actor=actor, system=system)
    if problems:
        raise ValidationFailed(fields=problems)
    resource.save()
    _links(resource, data)
    changes = audit.diff(before, audit.snapshot(resource))
    if changes:
        audit.record(actor=None if system else actor, obj=resource, action="update", changes=changes)
    index_resource(resource)
    return resource


@transaction.atomic
def resource_publish(*, actor, resource: Resource, system: bool = False) -> Resource:
    """Publish a draft: from now on its visibility decides who sees it. It needs at least one
    language version. Raises PermissionDenied, Conflict (already published), ValidationFailed."""
    if not system:
        require_writer(actor, resource.agency_id)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status == Resource.Status.PUBLISHED:
        raise Conflict(_("This resource is already published."))
    if not resource.versions.exists():
        raise ValidationFailed(fields={"__all__": [
            _("Add a file or a video link in at least one language before publishing.")]})
    resource.status = Resource.Status.PUBLISHED
    resource.published_at = timezone.now()
    if resource.published_on is None:
        resource.published_on = timezone.localdate()
    resource.save()
    audit.record(actor=None if system else actor, obj=resource, action="publish",
                 changes={"status": [Resource.Status.DRAFT, Resource.Status.PUBLISHED]})
    pagecache.changed("library")
    return resource


# --- language versions ----------------------------------------------------------------------------


def _check_language(language: str) -> None:
    if language not in library_languages():
        raise ValidationFailed(fields={"language": [_("Choose one of the languages offered.")]})


def _version(resource: Resource, language: str) -> tuple[ResourceVersion, str]:
    """The resource's version in `language` (locked) or a new one, and its old file's name."""
    version = ResourceVersion.objects.select_for_update().filter(resource=resource, language=language).first()
    if version is None:
        return ResourceVersion(resource=resource, language=language), ""
    return version, version.file.name if version.file else ""


def _drop_old_file(old_name: str, version: ResourceVersion) -> None:
    if old_name and old_name != (version.file.name if version.file else ""):
        storage = version.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def version_upload(*, actor, resource: Resource, language: str, upload, system: bool = False) -> ResourceVersion:
    """Store `upload` (a file with .name and .read) as the resource's version in `language`,
    replacing an earlier file or link; its text is read in the background. Only PDF and DOCX files
    up to KOPA_LIBRARY_MAX_BYTES are taken, recognised by their content. Raises PermissionDenied,
    ValidationFailed."""
    if not system:
        require_writer(actor, resource.agency_id)
    _check_language(language)
    limit = max_upload_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationFailed(fields={"file": [_too_large(limit)]})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(fields={"file": [_too_large(limit)]})
    if not data:
        raise ValidationFailed(fields={"file": [_("The file is empty.")]})
    kind = files.sniff(data[:8], ContentFile(data))
    if kind is None:
        raise ValidationFailed(fields={"file": [
            _("Upload a PDF or a Word (DOCX) file. This file is neither, whatever its name says.")]})
    version, old_name = _version(resource, language)
    base = get_valid_filename((getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "file"
    filename = f"{base[:80]}.{kind}"
    version.format = kind
    version.video_url = ""
    version.filename = filename
    version.size = len(data)
    version.tagged_pdf = None
    version.pages = None
    version.text = ""
    version.text_status = ResourceVersion.TextStatus.PENDING
    version.uploaded_by = None if system else actor
    version.file.save(filename, ContentFile(data), save=False)
    version.save()
    _drop_old_file(old_name, version)
    audit.record(actor=None if system else actor, obj=resource, action="upload",
                 changes={"file": ["", f"{language}: {filename}"]})
    tasks.enqueue("kopa.library.jobs:read_version_text", version_id=version.pk)
    index_resource(resource)
    return version


def _too_large(limit: int) -> str:
    return _("The file is larger than %(size)s MB.") % {"size": round(limit / (1024 * 1024), 1)}


@transaction.atomic
def version_video(*, actor, resource: Resource, language: str, url: str, system: bool = False) -> ResourceVersion:
    """Link a video as the resource's version in `language` (instead of a file). Raises
    PermissionDenied, ValidationFailed."""
    if not system:
        require_writer(actor, resource.agency_id)
    _check_language(language)
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")):
        raise ValidationFailed(fields={"video_url": [_("Give the video's address, starting with https://.")]})
    version, old_name = _version(resource, language)
    version.format = ResourceVersion.Format.VIDEO
    version.video_url = url
    version.file = ""
    version.filename = ""
    version.size = 0
    version.tagged_pdf = None
    version.pages = None
    version.text = ""
    version.text_status = ResourceVersion.TextStatus.NONE
    version.uploaded_by = None if system else actor
    try:
        version.full_clean(exclude=["resource", "file"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationFailed(fields={"video_url": exc.message_dict.get("video_url", exc.messages)}) from exc
    version.save()
    _drop_old_file(old_name, version)
    audit.record(actor=None if system else actor, obj=resource, action="update",
                 changes={"video_url": ["", f"{language}: {url}"]})
    index_resource(resource)
    return version


def version_read(*, version_id: int) -> str:
    """Read the text of a version's file and whether a PDF is tagged; refresh the search index. Run
    in the background after an upload. A file replaced meanwhile is read by its own task."""
    with transaction.atomic():
        version = ResourceVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None or not version.file or version.text_status != ResourceVersion.TextStatus.PENDING:
            return f"library version {version_id}: nothing to read"
        name = version.file.name
        with version.file.storage.open(name, "rb") as stream:
            data = stream.read()
    try:
        reading = files.read(version.format, data)
    except ValueError:
        reading = None
    with transaction.atomic():
        version = ResourceVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None or version.file.name != name:
            return f"library version {version_id}: replaced meanwhile"
        if reading is None:
            version.text_status = ResourceVersion.TextStatus.FAILED
        else:
            version.text = reading.text[:MAX_INDEXED_CHARS]
            version.pages = reading.pages
            version.tagged_pdf = reading.tagged
            version.text_status = ResourceVersion.TextStatus.DONE
        version.save()
        index_resource(version.resource)
    return f"library version {version_id}: {version.text_status}"


# --- the search index -----------------------------------------------------------------------------


def _fts_replace(rows: list[tuple[int, str]], removed: list[int]) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for pk in [*removed, *(pk for pk, _text in rows)]:
            cursor.execute("DELETE FROM library_fts WHERE rowid = %s", [pk])
        for pk, text in rows:
            cursor.execute("INSERT INTO library_fts (rowid, body) VALUES (%s, %s)", [pk, text])


def index_resource(resource: Resource) -> None:
    """Rewrite the resource's search documents: per language, its title, summary and the text of its
    file in that language, folded. Raises the version of the library's cached pages."""
    versions = {version.language: version for version in ResourceVersion.objects.filter(resource=resource)}
    languages = [code for code in dict.fromkeys([*resource.title, *resource.summary, *versions])]
    existing = {doc.language: doc for doc in SearchDocument.objects.filter(resource=resource)}
    rows = []
    for language in languages:
        version = versions.get(language)
        text = fold("\n".join(part for part in (
            resource.title.get(language, ""), resource.summary.get(language, ""),
            version.text if version else "") if part))
        doc = existing.pop(language, None) or SearchDocument(resource=resource, language=language)
        doc.text = text
        doc.config = text_search_config(language)
        doc.save()
        rows.append((doc.pk, f"{fts_language_word(language)} {text}"))
    removed = [doc.pk for doc in existing.values()]
    SearchDocument.objects.filter(pk__in=removed).delete()
    _fts_replace(rows, removed)
    pagecache.changed("library")


def remove_from_fts(document_ids: list[int]) -> None:
    _fts_replace([], document_ids)
