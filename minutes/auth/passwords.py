"""Password hashing with Argon2id (pwdlib); text is normalised to NFC before hashing."""

from __future__ import annotations

import hashlib

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from minutes.i18n import nfc

_hasher = PasswordHash((Argon2Hasher(),))


def use_hasher(hasher: PasswordHash) -> None:
    """Replace the hasher (the tests use cheaper Argon2id parameters)."""
    global _hasher
    _hasher = hasher


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher.hash(nfc(password))


def verify_password(password: str, password_hash: str) -> bool:
    """Whether the password matches the stored hash."""
    return _hasher.verify(nfc(password), password_hash)


# Verifying against this keeps an unknown username as slow as a wrong password.
DUMMY_HASH = _hasher.hash("not-a-real-password")


def token_hash(token: str) -> str:
    """The stored form of a session, API or device token (SHA-256: the token itself is random)."""
    return hashlib.sha256(token.encode()).hexdigest()
