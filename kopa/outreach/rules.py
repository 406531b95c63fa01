"""Facts of outreach that reads, writes, forms and the API all need: pure functions and constants.

- which fields each kind of interaction keeps;
- what an invitation's texts may contain in braces, and how long response links may live;
- how long an answer through a response link and a follow-up task's texts may be.
"""

import re

from django.utils.translation import gettext as _

from kopa.outreach.models import Interaction

# --- interactions --------------------------------------------------------------------------------

K = Interaction.Kind
COMMON_FIELDS = ("occurred_on", "notes")
# The fields each kind of interaction keeps; the others are left empty.
KIND_FIELDS = {
    K.INVITATION: ("channel",),
    K.RESPONSE: ("answer",),
    K.INFO_MEETING: ("meeting_type",),
    K.ATTENDANCE: ("event",),
    K.COACHING: ("coach", "coach_name", "duration_minutes", "topics", "next_steps", "private_notes"),
    K.APPLICATION: ("action_type", "round", "reference"),
    K.DECISION: ("outcome", "amount"),
}
ALL_KIND_FIELDS = sorted({name for names in KIND_FIELDS.values() for name in names})

# --- campaigns and their invitations -------------------------------------------------------------

INVITATION_TEXTS = ("invitation_subject", "invitation_body")
# What an invitation's subject and text may contain in braces; each is replaced when it is sent.
PLACEHOLDERS = ("organisation",)
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
RESPONSE_DAYS_MAX = 365
# The longest message an organisation may add to its answer through a response link.
MESSAGE_MAX = 2000


def unknown_placeholders(text: str) -> list[str]:
    """The {names} in `text` that are not in PLACEHOLDERS, in order, once each."""
    found = []
    for name in PLACEHOLDER.findall(text or ""):
        if name.strip() not in PLACEHOLDERS and name not in found:
            found.append(name)
    return found


def fill_placeholders(text: str, *, organisation: str) -> str:
    """An invitation text with its placeholders replaced (other braces are left as written)."""
    return PLACEHOLDER.sub(
        lambda match: organisation if match.group(1).strip() == "organisation" else match.group(0), text or ""
    )


def placeholder_message(names: list[str], language: str | None = None) -> str:
    shown = ", ".join(f"{{{name}}}" for name in names)
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    if language:
        return _("Unknown placeholder in the %(language)s text: %(names)s. You can use %(allowed)s.") % {
            "language": language, "names": shown, "allowed": allowed}
    return _("Unknown placeholder: %(names)s. You can use %(allowed)s.") % {"names": shown, "allowed": allowed}


# --- follow-up tasks -----------------------------------------------------------------------------

TITLE_MAX = 200
NOTES_MAX = 5000
