"""Writes about project ideas: starting and changing an idea, a partner's consent to show it
publicly, and moving its status along the transition table (kopa.matchmaking.rules). Submitting and
deciding tell outreach at once: each organisation of the idea that is on a campaign's target list
gets the application or decision interaction, so the funnel's "applied" and "approved" come from
ideas too. An approval links the idea to a funded project in Programmes, or creates it."""

import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kopa.agencies.models import Agency
from kopa.agencies.selectors import writer_agency_ids
from kopa.core import audit
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.pagecache import changed
from kopa.directory.access import can_view_organisation, represented_organisation_ids
from kopa.directory.models import Organisation
from kopa.matchmaking.access import require_idea_decider, require_idea_manager, require_poster
from kopa.matchmaking.models import ACTIONS, IdeaPartner, ProjectIdea
from kopa.matchmaking.models.requests import ROUND_PATTERN
from kopa.matchmaking.rules import IDEA_DECISIONS, idea_may_move
from kopa.outreach.interactions.services import outcomes_from_project_idea
from kopa.outreach.models import Interaction
from kopa.programmes.models import Project
from kopa.programmes.services import project_create

FAMILY = "matchmaking"
TITLE_MAX = 200
SUMMARY_MAX = 5000
S = ProjectIdea.Status
# The programme of the funded project an approved idea becomes, by its action.
PROGRAMMES = {"ESC30": Project.Programme.ESC, "ESC51": Project.Programme.ESC,
              "Interreg": Project.Programme.INTERREG, "other": Project.Programme.OTHER}


def _validated(*, actor, coordinator: Organisation, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    title = (data.get("title") or "").strip()
    summary = (data.get("summary") or "").strip()
    if not title:
        errors["title"] = [_("Give the idea a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Keep the title under %(count)s characters.") % {"count": TITLE_MAX}]
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = [_("Keep the summary under %(count)s characters.") % {"count": SUMMARY_MAX}]
    if data.get("action") not in dict(ACTIONS):
        errors["action"] = [_("Choose one of the offered values.")]
    if not re.match(ROUND_PATTERN, data.get("round") or ""):
        errors["round"] = [_("Choose the round the idea aims at.")]
    partners = []
    for organisation, role in data.get("partners") or []:
        if organisation.pk == coordinator.pk:
            errors["partners"] = [_("The coordinator is not also a partner.")]
        elif role not in IdeaPartner.Role.values or role == IdeaPartner.Role.COORDINATOR:
            errors["partners"] = [_("Choose one of the offered values.")]
        elif not (can_view_organisation(actor, organisation)
                  or organisation.pk in represented_organisation_ids(actor)):
            errors["partners"] = [_("Choose organisations from the list.")]
        else:
            partners.append((organisation, role))
    if errors:
        raise ValidationFailed(fields=errors)
    return {**data, "title": title, "summary": summary, "partners": partners}


def _snapshot(idea: ProjectIdea) -> dict:
    state = audit.snapshot(idea)
    state["partners"] = sorted(str(p) for p in idea.partners.select_related("organisation"))
    return state


def _set_partners(idea: ProjectIdea, partners, *, coordinator_consent: bool | None) -> None:
    """The coordinator's row and the partners' (their consent kept for those who stay)."""
    consents = dict(idea.partners.values_list("organisation_id", "publish_consent"))
    wanted = {org.pk: (org, role) for org, role in partners}
    idea.partners.exclude(organisation_id__in=[idea.coordinator_id, *wanted]).delete()
    coordinator, _created = IdeaPartner.objects.update_or_create(
        idea=idea, organisation=idea.coordinator,
        defaults={"country": idea.coordinator.country, "role": IdeaPartner.Role.COORDINATOR})
    if coordinator_consent is not None:
        coordinator.publish_consent = coordinator_consent
        coordinator.save(update_fields=["publish_consent"])
    for pk, (org, role) in wanted.items():
        IdeaPartner.objects.update_or_create(
            idea=idea, organisation=org,
            defaults={"country": org.country, "role": role, "publish_consent": consents.get(pk, False)})


@transaction.atomic
def idea_create(*, actor, coordinator: Organisation, data: dict) -> ProjectIdea:
    """Start a project idea coordinated by `coordinator` (its representative, or agency staff on its
    behalf). `data`: title, summary, action, round, event, partner_request, partners (a list of
    (Organisation, role)), publish_consent (the coordinator's). Raises PermissionDenied,
    ValidationFailed."""
    require_poster(actor, coordinator)
    data = _validated(actor=actor, coordinator=coordinator, data=data)
    idea = ProjectIdea.objects.create(
        title=data["title"], summary=data["summary"], action=data["action"], round=data["round"],
        coordinator=coordinator, event=data.get("event"), partner_request=data.get("partner_request"),
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _set_partners(idea, data["partners"], coordinator_consent=bool(data.get("publish_consent")))
    audit.record(actor=actor, obj=idea, action="create", changes=audit.diff({}, _snapshot(idea)))
    changed(FAMILY)
    return idea


@transaction.atomic
def idea_update(*, actor, idea: ProjectIdea, data: dict) -> ProjectIdea:
    """Change an idea that is not decided yet. Raises PermissionDenied, ValidationFailed, Conflict."""
    require_idea_manager(actor, idea)
    idea = ProjectIdea.objects.select_for_update().select_related("coordinator").get(pk=idea.pk)
    if idea.is_decided:
        raise Conflict(_("A decided idea cannot be changed."))
    data = _validated(actor=actor, coordinator=idea.coordinator, data=data)
    before = _snapshot(idea)
    for name in ("title", "summary", "action", "round"):
        setattr(idea, name, data[name])
    idea.event, idea.partner_request = data.get("event"), data.get("partner_request")
    idea.save()
    consent = data.get("publish_consent")
    _set_partners(idea, data["partners"], coordinator_consent=None if consent is None else bool(consent))
    changes = audit.diff(before, _snapshot(idea))
    if changes:
        audit.record(actor=actor, obj=idea, action="update", changes=changes)
    changed(FAMILY)
    return idea


@transaction.atomic
def idea_consent(*, actor, idea: ProjectIdea, organisation: Organisation, consent: bool) -> IdeaPartner:
    """An organisation of the idea agrees (or no longer agrees) that the idea is shown publicly; its
    representatives (or the staff managing it) speak for it. Raises PermissionDenied, NotFound."""
    require_poster(actor, organisation)
    partner = IdeaPartner.objects.select_for_update().filter(idea=idea, organisation=organisation).first()
    if partner is None:
        raise PermissionDenied()
    if partner.publish_consent != consent:
        partner.publish_consent = consent
        partner.save(update_fields=["publish_consent"])
        audit.record(actor=actor, obj=idea, action="consent",
                     changes={f"publish_consent:{organisation.pk}": [not consent, consent]})
        changed(FAMILY)
    return partner


def _agency_for_project(actor, idea: ProjectIdea) -> Agency:
    """The agency that follows the funded project: one the decider works for whose inventory holds
    the coordinator."""
    ids = writer_agency_ids(actor) & set(idea.coordinator.agencies.values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied()
    return Agency.objects.get(pk=min(ids))


def _project_for(actor, idea: ProjectIdea, day: date) -> Project:
    partners = [(p.organisation, p.country.code) for p in
                idea.partners.exclude(role=IdeaPartner.Role.COORDINATOR).select_related("organisation")]
    # The decider's right over the coordinator is checked above; the partners may be organisations
    # of other countries outside the agency's inventory, which the funded project names all the same.
    return project_create(actor=actor, agency=_agency_for_project(actor, idea), system=True, data={
        "title": {(get_language() or "en")[:2]: idea.title},
        "description": {(get_language() or "en")[:2]: idea.summary} if idea.summary else {},
        "programme": PROGRAMMES.get(idea.action, Project.Programme.ERASMUS_PLUS),
        "action": idea.action, "lead": idea.coordinator, "status": Project.Status.APPROVED,
        "partners": partners,
    })


def _organisation_ids(idea: ProjectIdea) -> list[int]:
    return sorted({idea.coordinator_id, *idea.partners.values_list("organisation_id", flat=True)})


@transaction.atomic
def idea_move(*, actor, idea: ProjectIdea, to: str, on: date | None = None, reference: str = "",
              project: Project | None = None) -> ProjectIdea:
    """Move an idea's status (kopa.matchmaking.rules.IDEA_TRANSITIONS). Submitting records the
    application, deciding the decision, in the campaigns that reach out to the idea's organisations;
    approving links `project` or creates the funded project. Raises PermissionDenied,
    ValidationFailed, Conflict."""
    idea = ProjectIdea.objects.select_for_update().select_related("coordinator").get(pk=idea.pk)
    if to in IDEA_DECISIONS:
        require_idea_decider(actor, idea)
    else:
        require_idea_manager(actor, idea)
    if to not in S.values:
        raise ValidationFailed(fields={"to": [_("Choose one of the offered values.")]})
    if not idea_may_move(idea.status, to):
        raise Conflict(_("The idea cannot move from “%(current)s” to “%(to)s”.")
                       % {"current": S(idea.status).label, "to": S(to).label})
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationFailed(fields={"on": [_("The date cannot be in the future.")]})
    if project is not None and to != S.APPROVED:
        raise ValidationFailed(fields={"project": [_("Only an approved idea links to a funded project.")]})
    before = _snapshot(idea)
    idea.status = to
    ref = f"idea:{idea.pk}"
    if to == S.SUBMITTED:
        idea.submitted_on = on
        idea.reference = (reference or "").strip()[:100]
        outcomes_from_project_idea(organisation_ids=_organisation_ids(idea), kind=Interaction.Kind.APPLICATION,
                                   day=on, reference=ref, actor=actor, action_type=idea.action,
                                   round=idea.round)
    elif to in IDEA_DECISIONS:
        if on < idea.submitted_on:
            raise ValidationFailed(fields={"on": [_("The decision cannot come before the submission.")]})
        idea.decided_on = on
        outcomes_from_project_idea(organisation_ids=_organisation_ids(idea), kind=Interaction.Kind.DECISION,
                                   day=on, reference=ref, actor=actor, outcome=to)
        if project is not None and project.agency_id not in writer_agency_ids(actor):
            raise ValidationFailed(fields={"project": [_("Choose one of the offered values.")]})
        if to == S.APPROVED:
            idea.project = project or _project_for(actor, idea, on)
    elif to == S.IDEA and idea.submitted_on is not None:
        idea.submitted_on = None
    idea.save()
    audit.record(actor=actor, obj=idea, action="status", changes=audit.diff(before, _snapshot(idea)))
    changed(FAMILY)
    return idea
