"""Response-link tokens: random, shown once in the e-mail, stored only as a hash."""

import hashlib
import secrets


def new_token() -> str:
    """A fresh token with 256 bits of randomness, safe in a URL."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of a token; the database never holds the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
