"""The permission policy, written once: who may read and who may change each staff page and each API
operation. docs/roles.md says the same in words for agency officers.

Each app's `access.py` holds a `POLICY` dict for its own pages and API operations, keyed by the URL's
name (`"outreach:campaign"`, `"api-v1:campaign-list"`), each value a `Rule`: who may read (GET) and
who may change (POST, PUT, PATCH, DELETE). The gates in the same module enforce it;
`kopa/site/tests/test_permission_matrix.py` walks every staff page and every API operation, fails for
one that has no rule, and checks every role against the rule.

Who is who:

- **anonymous**: not signed in. **participant**: signed in, works for no agency.
  **representative**: an approved representative of an organisation (what they may change is their
  own organisation, in "my area"; no staff page).
- **observer**, **staff**, **admin** of an agency: `AgencyMembership.Role`. All three read what the
  agency's staff read; observers change nothing and never read need-to-know data (see
  `NEED_TO_KNOW`); admins also manage the team and edit the travel-grant tables.
- A **national agency** is its country's sending agency (it preselects its applicants); a **youth
  network** (`Agency.Kind.NETWORK`) is never a sending agency, even in its own country, but reviews
  organisation proposals of its country like a national agency.
- A **superuser** works for every agency in every role, and alone creates agencies.
"""

from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    """Who a rule lets in. "The owner" is the agency the object belongs to: the campaign's, the
    event's host, the inventory holding the organisation, the partnership's coordinator or member."""

    NOBODY = "nobody"  # no such action (e.g. a page that only shows)
    PUBLIC = "public"  # everyone, anonymous visitors included
    SIGNED_IN = "signed in"  # anyone signed in
    ANY_AGENCY = "any agency role"  # any role of any agency: the list shows their own agencies' data
    ANY_WRITER = "admin or staff of any agency"
    ANY_ADMIN = "admin of any agency"
    OWNER = "any role of the owner"  # observer, staff, admin of the owning agency
    OWNER_WRITER = "admin or staff of the owner"
    OWNER_ADMIN = "admin of the owner"
    OWNER_NEED_TO_KNOW = "admin or staff of the owner (need-to-know data)"
    OWNER_OR_SENDING = "any role of the owner; of an application event, also any role of a national agency"
    COUNTRY = "any role of an agency of the object's country"  # a network included
    COUNTRY_WRITER = "admin or staff of an agency of the object's country"
    SUPERUSER = "superuser"
    REGISTRANT = "the person registered"  # their own registration: nobody else, not even a superuser
    REQUESTER = "the person who started it"  # a background job: only they cancel it


@dataclass(frozen=True)
class Rule:
    """Who may read and who may change one page or API operation. `obj` names the object an API
    operation's address points at (the matrix test builds it); pages carry their own addresses."""

    read: Audience
    write: Audience = Audience.NOBODY
    obj: str = ""
    # A filter form answers 400 ("not one of the choices") for objects the reader may not see.
    refused_as_invalid: bool = False
    # A change that names no existing object (the matrix test's empty POST) answers 404 to everyone.
    empty_change_not_found: bool = False


A = Audience

# Per datum: which private values an observer reads. Written down here, enforced by the gates named.
NEED_TO_KNOW = {
    "organisation staff notes": ("observer reads", "kopa.directory: agency-private, shown to the agency"),
    "organisation tags": ("observer reads", "kopa.directory: agency-private, shown to the agency"),
    "coaching notes marked private": ("never", "kopa.outreach.access.can_read_private_notes"),
    "participants' access needs": ("never", "kopa.events.access.organised_event_with_needs"),
    "participants' diets": ("never", "kopa.events.access.organised_event_with_needs"),
    "participants' travel and rooms": ("never", "kopa.events.access.organised_event_with_needs"),
    "participants' emergency contacts": ("never", "shown to the participant only"),
    "registrations (names, e-mail, status)": ("observer reads", "kopa.events.access.registrations_access"),
}

POLICY = {
    # Background jobs (kopa.core.jobs): the job's page and its download are seen by the person who
    # started it and, for a job of an agency, by that agency's people whom the gate of the job's
    # object lets in (asked again at every look); the matrix's job is an event's sign-in sheet.
    "core:job_list": Rule(read=A.SIGNED_IN),  # My downloads: only the person's own jobs
    "core:job": Rule(read=A.OWNER),
    "core:job_download": Rule(read=A.OWNER),
    "core:job_cancel": Rule(read=A.NOBODY, write=A.REQUESTER),
    # The same jobs in the API (kopa.api.views_jobs): the list holds only the caller's own jobs.
    "api-v1:job-list": Rule(read=A.SIGNED_IN),
    "api-v1:job-detail": Rule(read=A.OWNER, obj="job_done"),
    "api-v1:job-result": Rule(read=A.OWNER, obj="job_done"),
    "api-v1:job-cancel": Rule(read=A.NOBODY, write=A.REQUESTER, obj="job_running"),
    "agencies:list": Rule(read=A.ANY_AGENCY),
    "agencies:team": Rule(read=A.OWNER, write=A.OWNER_ADMIN),
    "agencies:member_role": Rule(read=A.NOBODY, write=A.OWNER_ADMIN),
    "agencies:member_remove": Rule(read=A.NOBODY, write=A.OWNER_ADMIN),
    "agencies:new": Rule(read=A.SUPERUSER, write=A.SUPERUSER),
}
