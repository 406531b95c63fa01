"""Every page a person can visit, for the accessibility scans in every language and display mode.

Each entry: (label, role, path builder). `role` is who must be logged in: None, "staff", "representative",
"participant". The path builder gets a dict of demo objects (see kopa/core/tests/test_accessibility.py)
and returns a path *without* the language prefix, e.g. "/directory/". Apps add their pages here.
"""

PAGES = [
    ("home", None, lambda o: "/"),
    ("public directory", None, lambda o: "/directory/"),
    ("public directory filtered", None, lambda o: "/directory/?q=youth&type=ngo&target_group=disability"),
    ("public profile", None, lambda o: f"/directory/{o['public_org'].pk}/"),
    ("partnerships", None, lambda o: "/programmes/"),
    ("partnership", None, lambda o: f"/programmes/{o['partnership'].slug}/"),
    ("login", None, lambda o: "/accounts/login/"),
    ("signup", None, lambda o: "/accounts/signup/"),
    ("password reset", None, lambda o: "/accounts/password-reset/"),
    ("my area", "representative", lambda o: "/my/"),
    ("my organisation", "representative", lambda o: f"/my/organisations/{o['represented_org'].pk}/edit/"),
    ("api tokens", "participant", lambda o: "/my/api-tokens/"),
    ("staff directory", "staff", lambda o: "/staff/organisations/"),
    ("staff organisation", "staff", lambda o: f"/staff/organisations/{o['staff_org'].pk}/"),
    ("staff edit organisation", "staff", lambda o: f"/staff/organisations/{o['staff_org'].pk}/edit/"),
    ("staff new organisation", "staff", lambda o: "/staff/organisations/new/"),
]
