"""Writes to programmes: partnerships, strands, cycles, working groups and projects.

Each service is keyword-only, runs in one transaction, checks that `actor` may make the change and
writes an audit entry through the gates in `kopa.programmes.access`. Loading data without a person
behind it (demo data, imports run by the operator) passes `system=True` explicitly; the web pages
never do.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kopa.agencies.models import Agency
from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.i18n import clean_texts, pick
from kopa.directory.access import can_manage_people
from kopa.programmes.access import (
    can_link_organisation,
    require_partnership_manager,
    require_staff_of,
)
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    ProjectPartner,
    Strand,
    WorkingGroup,
)
from kopa.programmes.selectors import partnership_agency_ids

# Slugs that would hide the public pages living beside the partnership pages under /programmes/.
RESERVED_SLUGS = {"projects", "agencies"}


# --- helpers --------------------------------------------------------------------------------------


def _problems(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _check_dates(problems: dict, start, end, *, required: bool = False) -> None:
    if required:
        if not start:
            problems.setdefault("start", []).append(_("Give the start date."))
        if not end:
            problems.setdefault("end", []).append(_("Give the end date."))
    if start and end and end <= start:
        problems.setdefault("end", []).append(_("The end must be after the start."))


def _check_text(problems: dict, obj, name: str, message: str) -> None:
    if not getattr(obj, name):
        problems.setdefault(name, []).append(message)


def _validate(obj, problems: dict, *, exclude: list[str] | None = None) -> None:
    """Our own checks first (clear messages), then the model's field validation."""
    try:
        obj.full_clean(exclude=[*(exclude or []), *problems], validate_constraints=False,
                       validate_unique=False)
    except ValidationError as exc:
        for name, messages in _problems(exc).items():
            problems.setdefault(name, []).extend(messages)
    if problems:
        raise ValidationFailed(fields=problems)


def _save(obj, *, unique_field: str, unique_message: str) -> None:
    """Save, turning a unique-constraint race into the same message the check gives."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationFailed(fields={unique_field: [unique_message]}) from exc


def _set_texts(obj, data: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            setattr(obj, name, clean_texts(data[name]))


def _set_scalars(obj, data: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _created(actor, obj) -> None:
    audit.record(actor=actor, obj=obj, action="create", changes=audit.diff({}, audit.snapshot(obj)))


def _updated(actor, obj, before: dict) -> None:
    changes = audit.diff(before, audit.snapshot(obj, fields=list(before)))
    if changes:
        audit.record(actor=actor, obj=obj, action="update", changes=changes)


# --- partnerships ---------------------------------------------------------------------------------

PARTNERSHIP_TEXTS = ("name", "description")


def _unique_slug(base: str, *, exclude_pk=None) -> str:
    base = (slugify(base) or "partnership")[:70]
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Partnership.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _partnership_problems(partnership: Partnership) -> dict:
    problems: dict[str, list[str]] = {}
    _check_text(problems, partnership, "name", _("Give the name in at least one language."))
    _check_dates(problems, partnership.start, partnership.end)
    if partnership.slug in RESERVED_SLUGS:
        problems.setdefault("slug", []).append(_("This address is reserved; choose another."))
    elif Partnership.objects.filter(slug=partnership.slug).exclude(pk=partnership.pk).exists():
        problems.setdefault("slug", []).append(_("Another partnership already uses this address."))
    return problems


@transaction.atomic
def partnership_create(*, actor, data: dict, system: bool = False) -> Partnership:
    """Create a partnership coordinated by `data["coordinator"]`. Raises PermissionDenied, ValidationFailed.

    `data`: name and description ({language: text}), coordinator (Agency), slug (made from the name when
    empty), start, end.
    """
    coordinator = data.get("coordinator")
    if not isinstance(coordinator, Agency):
        raise ValidationFailed(fields={"coordinator": [_("Choose the coordinating agency.")]})
    require_staff_of(actor, {coordinator.pk}, system=system)
    partnership = Partnership(coordinator=coordinator)
    _set_texts(partnership, data, PARTNERSHIP_TEXTS)
    _set_scalars(partnership, data, ("start", "end"))
    slug = (data.get("slug") or "").strip()
    partnership.slug = slug or _unique_slug(pick(partnership.name, "en"))
    _validate(partnership, _partnership_problems(partnership))
    _save(partnership, unique_field="slug",
          unique_message=_("Another partnership already uses this address."))
    _created(actor, partnership)
    return partnership


@transaction.atomic
def partnership_update(*, actor, partnership: Partnership, data: dict, system: bool = False) -> Partnership:
    """Change a partnership. The coordinator can only be handed to an agency the actor works for.
    Raises PermissionDenied, ValidationFailed."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    require_partnership_manager(actor, partnership, system=system)
    before = audit.snapshot(partnership)
    coordinator = data.get("coordinator")
    if coordinator is not None and coordinator.pk != partnership.coordinator_id:
        require_staff_of(actor, {coordinator.pk}, system=system)
        partnership.coordinator = coordinator
    _set_texts(partnership, data, PARTNERSHIP_TEXTS)
    _set_scalars(partnership, data, ("start", "end"))
    if "slug" in data:
        partnership.slug = (data["slug"] or "").strip() or partnership.slug
    _validate(partnership, _partnership_problems(partnership))
    _save(partnership, unique_field="slug",
          unique_message=_("Another partnership already uses this address."))
    _updated(actor, partnership, before)
    return partnership


def _members(partnership: Partnership) -> list[str]:
    return sorted(str(m) for m in partnership.members.select_related("agency"))


@transaction.atomic
def partnership_member_add(*, actor, partnership: Partnership, country: str, region: str = "",
                           agency: Agency | None = None, agency_name: str = "",
                           system: bool = False) -> PartnershipMember:
    """Add a member country (and its agency) to a partnership. Raises PermissionDenied, ValidationFailed."""
    require_partnership_manager(actor, partnership, system=system)
    before = _members(partnership)
    member = PartnershipMember(partnership=partnership, country=country, region=(region or "").strip(),
                               agency=agency, agency_name=(agency_name or "").strip())
    problems: dict[str, list[str]] = {}
    if agency is not None and agency.country and country and agency.country.code != str(country):
        problems.setdefault("agency", []).append(_("This agency is in another country."))
    if PartnershipMember.objects.filter(partnership=partnership, country=country,
                                        region=member.region).exists():
        problems.setdefault("country", []).append(
            _("This country (and region) is already a member of the partnership."))
    _validate(member, problems, exclude=["partnership"])
    _save(member, unique_field="country",
          unique_message=_("This country (and region) is already a member of the partnership."))
    audit.record(actor=actor, obj=partnership, action="update",
                 changes={"members": [before, _members(partnership)]})
    return member


@transaction.atomic
def partnership_member_remove(*, actor, member: PartnershipMember, system: bool = False) -> None:
    """Remove a member from its partnership. Raises PermissionDenied."""
    partnership = member.partnership
    require_partnership_manager(actor, partnership, system=system)
    before = _members(partnership)
    member.delete()
    audit.record(actor=actor, obj=partnership, action="update",
                 changes={"members": [before, _members(partnership)]})


# --- strands and cycles ---------------------------------------------------------------------------


def _strand_problems(strand: Strand) -> dict:
    problems: dict[str, list[str]] = {}
    _check_text(problems, strand, "name", _("Give the name in at least one language."))
    return problems


@transaction.atomic
def strand_create(*, actor, partnership: Partnership, data: dict, system: bool = False) -> Strand:
    """Add a strand (name, description, target_groups) to a partnership.
    Raises PermissionDenied, ValidationFailed."""
    require_partnership_manager(actor, partnership, system=system)
    strand = Strand(partnership=partnership)
    _set_texts(strand, data, ("name", "description"))
    _validate(strand, _strand_problems(strand), exclude=["target_groups"])
    strand.save()
    strand.target_groups.set(data.get("target_groups") or [])
    _created(actor, strand)
    return strand


@transaction.atomic
def strand_update(*, actor, strand: Strand, data: dict, system: bool = False) -> Strand:
    """Change a strand. Raises PermissionDenied, ValidationFailed."""
    require_partnership_manager(actor, strand.partnership, system=system)
    before = audit.snapshot(strand)
    _set_texts(strand, data, ("name", "description"))
    _validate(strand, _strand_problems(strand), exclude=["target_groups"])
    strand.save()
    if "target_groups" in data:
        strand.target_groups.set(data["target_groups"])
    _updated(actor, strand, before)
    return strand


def _cycle_problems(cycle: Cycle) -> dict:
    problems: dict[str, list[str]] = {}
    if not cycle.name:
        problems.setdefault("name", []).append(_("Give the cycle a name, e.g. 2021–2027."))
    elif Cycle.objects.filter(partnership_id=cycle.partnership_id, name=cycle.name).exclude(
            pk=cycle.pk).exists():
        problems.setdefault("name", []).append(_("This partnership already has a cycle with this name."))
    _check_dates(problems, cycle.start, cycle.end, required=True)
    return problems


@transaction.atomic
def cycle_create(*, actor, partnership: Partnership, data: dict, system: bool = False) -> Cycle:
    """Add a cycle (name, start, end) to a partnership. Raises PermissionDenied, ValidationFailed."""
    require_partnership_manager(actor, partnership, system=system)
    cycle = Cycle(partnership=partnership)
    _set_scalars(cycle, data, ("name", "start", "end"))
    _validate(cycle, _cycle_problems(cycle))
    _save(cycle, unique_field="name",
          unique_message=_("This partnership already has a cycle with this name."))
    _created(actor, cycle)
    return cycle


@transaction.atomic
def cycle_update(*, actor, cycle: Cycle, data: dict, system: bool = False) -> Cycle:
    """Change a cycle's name or dates. Raises PermissionDenied, ValidationFailed."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    require_partnership_manager(actor, cycle.partnership, system=system)
    before = audit.snapshot(cycle)
    _set_scalars(cycle, data, ("name", "start", "end"))
    _validate(cycle, _cycle_problems(cycle))
    _save(cycle, unique_field="name",
          unique_message=_("This partnership already has a cycle with this name."))
    _updated(actor, cycle, before)
    return cycle


# --- working groups -------------------------------------------------------------------------------


def _check_people(actor, people, *, system: bool) -> None:
    """Members come from the people the actor may see in the directory."""
    if system or not people:
        return
    if not can_manage_people(actor, people):
        raise ValidationFailed(fields={"members": [_("Choose people from your organisations' contacts.")]})


def _working_group_problems(group: WorkingGroup) -> dict:
    problems: dict[str, list[str]] = {}
    _check_text(problems, group, "name", _("Give the name in at least one language."))
    return problems


@transaction.atomic
def working_group_create(*, actor, agency: Agency, data: dict, system: bool = False) -> WorkingGroup:
    """Create a working group of `agency` (name, theme, members). Raises PermissionDenied, ValidationFailed."""
    require_staff_of(actor, {agency.pk}, system=system)
    _check_people(actor, data.get("members") or [], system=system)
    group = WorkingGroup(agency=agency)
    _set_texts(group, data, ("name", "theme"))
    _validate(group, _working_group_problems(group), exclude=["members"])
    group.save()
    group.members.set(data.get("members") or [])
    _created(actor, group)
    return group


@transaction.atomic
def working_group_update(*, actor, group: WorkingGroup, data: dict, system: bool = False) -> WorkingGroup:
    """Change a working group's name, theme or members. Raises PermissionDenied, ValidationFailed."""
    require_staff_of(actor, {group.agency_id}, system=system)
    _check_people(actor, data.get("members") or [], system=system)
    before = audit.snapshot(group)
    _set_texts(group, data, ("name", "theme"))
    _validate(group, _working_group_problems(group), exclude=["members"])
    group.save()
    if "members" in data:
        group.members.set(data["members"])
    _updated(actor, group, before)
    return group


@transaction.atomic
def working_group_member_add(*, actor, group: WorkingGroup, person, system: bool = False) -> None:
    """Add a person to a working group. Raises PermissionDenied, ValidationFailed."""
    require_staff_of(actor, {group.agency_id}, system=system)
    _check_people(actor, [person], system=system)
    before = audit.snapshot(group, fields=["members"])
    group.members.add(person)
    _updated(actor, group, before)


@transaction.atomic
def working_group_member_remove(*, actor, group: WorkingGroup, person, system: bool = False) -> None:
    """Remove a person from a working group. Raises PermissionDenied."""
    require_staff_of(actor, {group.agency_id}, system=system)
    before = audit.snapshot(group, fields=["members"])
    group.members.remove(person)
    _updated(actor, group, before)


# --- projects -------------------------------------------------------------------------------------

PROJECT_SCALARS = ("acronym", "programme", "action", "lead", "start", "end", "status", "cycle")


def _project_problems(project: Project, *, actor, system: bool, lead_before=None) -> dict:
    problems: dict[str, list[str]] = {}
    _check_text(problems, project, "title", _("Give the title in at least one language."))
    if not project.lead_id:
        problems.setdefault("lead", []).append(_("Choose the lead organisation."))
    elif project.lead_id != lead_before and not can_link_organisation(actor, project.lead, system=system):
        problems.setdefault("lead", []).append(_("Choose an organisation from your inventory."))
    if project.cycle_id and project.agency_id not in partnership_agency_ids(project.cycle.partnership):
        problems.setdefault("cycle", []).append(
            _("Choose a cycle of a partnership that the project's agency takes part in."))
    _check_dates(problems, project.start, project.end)
    return problems


@transaction.atomic
def project_create(*, actor, agency: Agency, data: dict, system: bool = False) -> Project:
    """Record a project followed by `agency`. Raises PermissionDenied, ValidationFailed.

    `data`: title and description ({language: text}), acronym, programme, action, lead (Organisation),
    start, end, status, cycle, partners (a list of (Organisation, country code or None)).
    """
    require_staff_of(actor, {agency.pk}, system=system)
    project = Project(agency=agency)
    _set_texts(project, data, ("title", "description"))
    _set_scalars(project, data, PROJECT_SCALARS)
    _validate(project, _project_problems(project, actor=actor, system=system))
    project.save()
    _created(actor, project)
    for organisation, country in data.get("partners") or []:
        project_partner_add(actor=actor, project=project, organisation=organisation, country=country,
                            system=system)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, data: dict, system: bool = False) -> Project:
    """Change a project's details. Raises PermissionDenied, ValidationFailed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    require_staff_of(actor, {project.agency_id}, system=system)
    before = audit.snapshot(project)
    lead_before = project.lead_id
    _set_texts(project, data, ("title", "description"))
    _set_scalars(project, data, PROJECT_SCALARS)
    _validate(project, _project_problems(project, actor=actor, system=system, lead_before=lead_before))
    project.save()
    _updated(actor, project, before)
    return project


def _partners(project: Project) -> list[str]:
    return sorted(str(p) for p in project.partners.select_related("organisation"))


@transaction.atomic
def project_partner_add(*, actor, project: Project, organisation, country: str | None = None,
                        system: bool = False) -> ProjectPartner:
    """Add a partner organisation, taking part from `country` (its own country when not given).
    Raises PermissionDenied, ValidationFailed."""
    require_staff_of(actor, {project.agency_id}, system=system)
    message = _("This organisation is already a partner in the project.")
    if organisation.pk == project.lead_id:
        raise ValidationFailed(fields={"organisation": [_("The lead organisation is not also a partner.")]})
    if ProjectPartner.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationFailed(fields={"organisation": [message]})
    if not can_link_organisation(actor, organisation, system=system):
        raise ValidationFailed(fields={"organisation": [_("Choose an organisation from your inventory.")]})
    before = _partners(project)
    partner = ProjectPartner(project=project, organisation=organisation,
                             country=country or organisation.country)
    _validate(partner, {}, exclude=["project", "organisation"])
    _save(partner, unique_field="organisation", unique_message=message)
    audit.record(actor=actor, obj=project, action="update",
                 changes={"partners": [before, _partners(project)]})
    return partner


@transaction.atomic
def project_partner_remove(*, actor, partner: ProjectPartner, system: bool = False) -> None:
    """Remove a partner from its project. Raises PermissionDenied."""
    project = partner.project
    require_staff_of(actor, {project.agency_id}, system=system)
    before = _partners(project)
    partner.delete()
    audit.record(actor=actor, obj=project, action="update",
                 changes={"partners": [before, _partners(project)]})
