"""The purge registry: every field marked private is covered by a declaration, and the registry can
tell when one is not."""

from django.apps import apps

from kopa.core import privacy


def test_every_field_marked_private_is_declared_with_a_retention_rule():
    assert privacy.uncovered_private_fields() == []


def test_a_private_field_nobody_declared_is_reported(monkeypatch):
    undeclared = apps.get_model("core", "UserPreference")._meta.get_field("language")
    monkeypatch.setattr(undeclared, privacy.PRIVATE_ATTRIBUTE, True, raising=False)

    assert privacy.uncovered_private_fields() == ["core.UserPreference.language"]


def test_every_declaration_names_a_registered_rule_and_a_working_owner_lookup():
    registry = privacy.discover()
    assert registry.declarations, "the apps' privacy modules were not found"
    for declaration in registry.declarations:
        assert declaration.rule in registry.rules
        declaration.model._default_manager.filter(**{f"{declaration.owner}__isnull": False}).query  # noqa: B018
        for name in declaration.blank:
            declaration.model._meta.get_field(name)
