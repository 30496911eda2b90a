"""Pure rules for accounts: usernames and passwords (in the spirit of ASVS V6.2)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from minutes.i18n import N_, fold, nfc

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
CONTEXT_WORDS = ("minutes", "dang", "chibo", "chi bo", "bienban", "matkhau", "password")


@cache
def common_passwords() -> frozenset[str]:
    """The list of passwords too common to allow (lower case)."""
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def normalise_username(username: str) -> str:
    """The stored form of a username: trimmed, lower case, NFC."""
    return nfc(username.strip().lower())


def username_problem(username: str) -> str | None:
    """A message id if the username is not allowed, else None."""
    if not USERNAME_PATTERN.match(normalise_username(username)):
        return N_(
            "The username must be 3 to 64 characters: lower-case letters without "
            "diacritics, digits, dots, dashes or underscores."
        )
    return None


def letters_of(text: str) -> str:
    """The letters of a text, folded, without digits or punctuation."""
    return re.sub(r"[\W\d_]+", "", fold(text))


RUNS = ("0123456789" * 14, "abcdefghijklmnopqrstuvwxyz" * 6, "qwertyuiopasdfghjklzxcvbnm" * 6)


def _is_keyboard_run(folded: str) -> bool:
    """Whether the password is a run of digits or letters, forwards or backwards."""
    return any(folded in run or folded[::-1] in run for run in RUNS)


def password_problem(password: str, *, username: str = "", full_name: str = "") -> str | None:
    """A message id if the password is not allowed, else None (no composition rules)."""
    password = nfc(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("The password must have at least 10 characters. A short sentence is easy to remember.")
    if len(password) > MAX_PASSWORD_LENGTH:
        return N_("The password must have at most 128 characters.")
    folded = fold(password)
    if folded in common_passwords() or len(set(folded)) <= 2 or _is_keyboard_run(folded):
        return N_("This password is too common and easy to guess. Please choose another.")
    letters = re.sub(r"[\W\d_]+", "", folded)
    name_words = fold(full_name).split()
    context = [fold(username), letters_of(username), "".join(name_words), *name_words, *CONTEXT_WORDS]
    if any(len(word) >= 3 and word in (folded, letters) for word in context):
        return N_("The password must not be your name, your username or the name of this site.")
    return None
