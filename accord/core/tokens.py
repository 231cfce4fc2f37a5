"""Secret tokens for invitation links and API tokens: only a hash is stored."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """Return (raw token to hand out once, hash to store)."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
