"""Private data, declared once and purged by a registry.

A model field that holds private data is marked where it is defined::

    access_needs = private(models.TextField(...))

Each app declares, in its `privacy.py`, which of its models hold private data, under which
**retention rule** it is kept, and what the purge does with it: delete the rows (and the files their
file fields point to) or blank the marked fields. A retention rule names the owner whose end starts
the clock (an event, say), finds the owners that are due, and may keep anonymous figures before the
private values go. `purge_due()` runs every rule; `purge(rule, owner)` purges one owner.

`kopa/core/tests/test_privacy.py` fails when a field is marked private and no declaration covers it,
so private data cannot be added without deciding when it goes.

Core knows no app: the declarations are found by importing each installed app's `privacy` module.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.db import models, transaction
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kopa.core.i18n import pick

PRIVATE_ATTRIBUTE = "kopa_private"


def private(model_field: models.Field) -> models.Field:
    """Mark `model_field` as private data (a marker only: no column or migration changes)."""
    setattr(model_field, PRIVATE_ATTRIBUTE, True)
    return model_field


def is_private(model_field) -> bool:
    return getattr(model_field, PRIVATE_ATTRIBUTE, False)


@dataclass(frozen=True)
class RetentionRule:
    """When an owner's private data goes.

    `due(now)`: the owners whose private data is due now and not purged yet. `keep(owner, now)`: runs
    first, in the same transaction, to keep what must outlive the private data (anonymous counts,
    grant figures, the date of the purge), so that the owner is no longer due. `after(owner, now,
    touched)`: runs last, e.g. to write the audit entry."""

    name: str
    description: str
    due: Callable[[datetime], models.QuerySet]
    keep: Callable[[object, datetime], None] | None = None
    after: Callable[[object, datetime, dict], None] | None = None


@dataclass(frozen=True)
class Declaration:
    """`model` holds private data of `rule`'s owners, reached through the lookup `owner`.

    `blank`: the fields the purge empties (their defaults); empty: the rows are deleted."""

    model: type[models.Model]
    rule: str
    owner: str
    blank: tuple[str, ...] = ()
    why: str = ""

    def covers(self, field_name: str) -> bool:
        return not self.blank or field_name in self.blank


@dataclass
class Registry:
    rules: dict[str, RetentionRule] = field(default_factory=dict)
    declarations: list[Declaration] = field(default_factory=list)


registry = Registry()


def rule(name: str, *, description: str, due, keep=None, after=None) -> RetentionRule:
    """Register a retention rule (once; registering it again keeps the first)."""
    return registry.rules.setdefault(name, RetentionRule(name, description, due, keep, after))


def declare(model: type[models.Model], *, rule: str, owner: str, blank: tuple[str, ...] = (),
            why: str = "") -> None:
    """Declare that `model` holds private data purged under `rule` (see `Declaration`)."""
    declaration = Declaration(model, rule, owner, tuple(blank), why)
    if declaration not in registry.declarations:
        registry.declarations.append(declaration)


def discover() -> Registry:
    autodiscover_modules("privacy")
    return registry


def declarations_for(rule_name: str) -> list[Declaration]:
    return [d for d in discover().declarations if d.rule == rule_name]


def uncovered_private_fields() -> list[str]:
    """Every field marked private that no declaration covers, as "app.Model.field"."""
    declared = discover().declarations
    missing = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if not is_private(model_field):
                continue
            if not any(d.model is model and d.covers(model_field.name) for d in declared):
                missing.append(f"{model._meta.label}.{model_field.name}")
    return missing


def _delete_files_on_commit(queryset: models.QuerySet, names: tuple[str, ...]) -> None:
    """Delete from storage the files that `queryset`'s file fields (those in `names`, or all when
    empty) point to, once the purge has committed: a purge that rolls back keeps its files."""
    file_fields = [f for f in queryset.model._meta.concrete_fields
                   if isinstance(f, models.FileField) and (not names or f.name in names)]
    if not file_fields:
        return
    stored = [(f.storage, value) for f in file_fields
              for value in queryset.exclude(**{f.name: ""}).values_list(f.name, flat=True) if value]

    def delete():
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(delete)


def blank_values(model: type[models.Model], names: tuple[str, ...]) -> dict:
    values = {}
    for name in names:
        model_field = model._meta.get_field(name)
        if model_field.null:
            values[name] = None
        elif model_field.has_default():
            values[name] = model_field.get_default()
        else:
            values[name] = ""
    return values


@transaction.atomic
def purge(rule_name: str, owner, *, now: datetime | None = None) -> dict[str, int]:
    """Purge `owner`'s private data under `rule_name`: keep the figures, then delete or blank every
    declared model's rows. Returns the rows touched per model label."""
    now = now or timezone.now()
    retention = discover().rules[rule_name]
    if retention.keep is not None:
        retention.keep(owner, now)
    touched = {}
    for declaration in declarations_for(rule_name):
        rows = declaration.model._default_manager.filter(**{declaration.owner: owner})
        _delete_files_on_commit(rows, declaration.blank)
        if declaration.blank:
            count = rows.update(**blank_values(declaration.model, declaration.blank))
        else:
            count = rows.delete()[1].get(declaration.model._meta.label, 0)
        touched[declaration.model._meta.label] = count
    if retention.after is not None:
        retention.after(owner, now, touched)
    return touched


def purge_due(*, now: datetime | None = None) -> dict[str, int]:
    """Run every retention rule: purge each owner that is due, one transaction each.
    Returns how many owners were purged per rule."""
    now = now or timezone.now()
    done = {}
    for retention in discover().rules.values():
        owners = list(retention.due(now))
        for owner in owners:
            purge(retention.name, owner, now=now)
        done[retention.name] = len(owners)
    return done


# --- what Kopa holds about one person ("My data", access requests) ---------------------------------
#
# Each app's privacy.py also declares, once, the part of a person's data it holds: `subject(...)` names
# the models and the fields that link a row to a person (their account, their e-mail address, their
# directory record) and a function that lists the rows as labelled values in the active language.
# "My data", its download and an agency's answer to an access request are all built from these parts
# (`subject_data`). A link that is not someone's data as a subject (the staff member who recorded a
# consent, an organisation's general address) is declared with `subject_exempt`, with the reason;
# `kopa/core/tests/test_privacy.py` fails for a model linked to an account, a person or an e-mail
# address that neither covers.


@dataclass(frozen=True)
class Subject:
    """The person an export or an erasure is about: their account, or only an e-mail address (someone
    known to the directory or to an event without an account)."""

    user: object = None
    email: str = ""
    # Directory person records an agency knows to be this person's (an access or erasure request).
    person_ids: tuple[int, ...] = ()

    @property
    def emails(self) -> set[str]:
        addresses = {self.email.strip().lower()} if self.email else set()
        if self.user is not None and getattr(self.user, "email", ""):
            addresses.add(self.user.email.strip().lower())
        return addresses


@dataclass(frozen=True)
class SubjectPart:
    """One app's part of a person's data: `collect(subject)` returns the records, each a list of
    (label, value) pairs in the active language. `links`: {model: (field names)} that tie a row of
    that model to a person; the coverage test reads them."""

    key: str
    title: object
    collect: Callable[[Subject], list[list[tuple[str, str]]]]
    links: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class SubjectSection:
    key: str
    title: str
    records: list[list[tuple[str, str]]]


subject_parts: dict[str, SubjectPart] = {}
subject_exemptions: dict[tuple[str, str], str] = {}


def subject(key: str, *, title, collect, links: dict, order: int = 100) -> SubjectPart:
    """Register one part of what Kopa holds about a person (registering it again keeps the first)."""
    return subject_parts.setdefault(key, SubjectPart(key, title, collect, dict(links), order))


def subject_exempt(model: type[models.Model], *, fields: tuple[str, ...], why: str) -> None:
    """Declare that `model`'s `fields` link to a person but are not that person's data as a subject."""
    for name in fields:
        subject_exemptions[(model._meta.label, name)] = why


def subject_data(subject_: Subject) -> list[SubjectSection]:
    """Every part of what Kopa holds about `subject_`, in the active language, parts in their order."""
    discover()
    sections = []
    for part in sorted(subject_parts.values(), key=lambda p: (p.order, p.key)):
        sections.append(SubjectSection(part.key, str(part.title), part.collect(subject_)))
    return sections


def subject_json(subject_: Subject) -> dict:
    """`subject_data` as plain data for the download."""
    return {
        section.key: {
            "title": section.title,
            "records": [[{"label": label, "value": value} for label, value in record]
                        for record in section.records],
        }
        for section in subject_data(subject_)
    }


def export_response(subject_: Subject, filename: str) -> HttpResponse:
    """The download of everything Kopa holds about `subject_` (My data, an access request): JSON,
    an attachment, never cached."""
    data = {"exported_at": timezone.now().isoformat(), "sections": subject_json(subject_)}
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- erasing what Kopa holds about one person (an agency granting an erasure request) ----------------
#
# Deleting an account touches every app (registrations, person records, API tokens, the account row),
# so the top floor registers the one function that does it (kopa/site/privacy.py) and an agency's
# erasure request, lower down, calls it through `erase`.

subject_erasers: list[Callable] = []


def eraser(erase: Callable) -> None:
    """Register `erase(subject=, actor=, now=)`, which erases what Kopa holds about a subject."""
    if erase not in subject_erasers:
        subject_erasers.append(erase)


def erase(subject_: Subject, *, actor, now: datetime | None = None) -> None:
    """Erase what Kopa holds about `subject_` with the registered eraser (a deleted account, its
    registrations and person records). Raises what the eraser raises (Conflict for agency staff)."""
    discover()
    for erase_subject in subject_erasers:
        erase_subject(subject=subject_, actor=actor, now=now or timezone.now())


def person_links(model: type[models.Model], *, user_model, person_model) -> list[str]:
    """The fields of `model` that tie a row to a person: a link to an account or a directory person,
    or an e-mail address."""
    names = []
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False) and not model_field.many_to_many:
            continue
        if model_field.auto_created:
            continue
        if model_field.is_relation and model_field.related_model in (user_model, person_model):
            names.append(model_field.name)
        elif isinstance(model_field, models.EmailField):
            names.append(model_field.name)
    return names


def uncovered_subject_links(*, user_model, person_model) -> list[str]:
    """Every "app.Model.field" linking a row to a person that no subject part nor exemption covers."""
    discover()
    covered = {(model._meta.label, name) for part in subject_parts.values()
               for model, names in part.links.items() for name in names}
    covered |= set(subject_exemptions)
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("kopa."):
            continue
        for name in person_links(model, user_model=user_model, person_model=person_model):
            if (model._meta.label, name) not in covered:
                missing.append(f"{model._meta.label}.{name}")
    return missing


def values(obj: models.Model, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, readable value) of `obj`'s fields `names`, as forms call them, in the active language."""
    pairs = []
    for name in names:
        model_field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if model_field.choices and not model_field.is_relation:
            shown = getattr(obj, f"get_{name}_display")()
        elif isinstance(value, bool):
            shown = _("yes") if value else _("no")
        elif isinstance(value, datetime):
            shown = formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                                        "DATETIME_FORMAT")
        elif isinstance(value, date):
            shown = formats.date_format(value, "DATE_FORMAT")
        elif hasattr(value, "name") and hasattr(value, "code"):  # a country
            shown = value.name or value.code
        elif isinstance(value, dict):
            shown = pick(value)
        elif isinstance(value, (list, tuple)):
            shown = ", ".join(str(v) for v in value)
        elif hasattr(value, "all") and callable(value.all):  # many to many
            shown = ", ".join(str(v) for v in value.all())
        elif model_field.is_relation and value is not None:
            shown = str(value)
        elif isinstance(value, models.fields.files.FieldFile):
            shown = value.name.rsplit("/", 1)[-1] if value else ""
        else:
            shown = "" if value is None else str(value)
        pairs.append((capfirst(str(model_field.verbose_name)), str(shown)))
    return pairs
