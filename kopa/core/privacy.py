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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

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
