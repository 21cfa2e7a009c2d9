"""Signing, secrets and comparisons for sessions, CSRF tokens and API tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SESSION_COOKIE = "desk_session"
# before sign-in: carries the login form's CSRF token (double-submit, signed)
LOGIN_COOKIE = "desk_login"
LANGUAGE_COOKIE = "desk_lang"
CSRF_FIELD = "csrf"
API_TOKEN_PREFIX = "dsk_"  # noqa: S105 (a visible prefix, not a secret: lets scanners spot leaks)


def new_secret() -> str:
    """256 random bits, URL-safe: a session id, a CSRF seed or an API token."""
    return secrets.token_urlsafe(32)


def sha256_hex(value: str) -> str:
    """What the database keeps of a session id or API token (both are high-entropy, so a
    plain hash is enough: there is nothing to guess)."""
    return hashlib.sha256(value.encode()).hexdigest()


def same(expected: str, given: str | None) -> bool:
    """Constant-time equality; a missing value is never equal."""
    if not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


class Signer:
    """HMAC-SHA256 over cookie values, with a purpose so a value signed for one use (a login
    form's token) is never accepted for another (a session)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("the desk's signing key must be at least 32 bytes")
        self._key = key

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def sign(self, purpose: str, value: str) -> str:
        return f"{value}.{self._mac(purpose, value)}"

    def unsign(self, purpose: str, signed: str | None) -> str | None:
        if not signed or "." not in signed:
            return None
        value, _, mac = signed.rpartition(".")
        return value if same(self._mac(purpose, value), mac) else None

    def csrf_token(self, session_secret: str) -> str:
        """Derived from the session's secret: nothing to store, and it dies with the session."""
        return self._mac("csrf", session_secret)
