"""Pure rules for accounts: usernames and passwords (in the spirit of ASVS V6.2)."""

from __future__ import annotations

import lzma
import re
from functools import cache
from pathlib import Path

from minutes.i18n import N_, fold, nfc

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
CONTEXT_WORDS = ("minutes", "dang", "chibo", "chi bo", "bienban", "matkhau", "password")


DATA = Path(__file__).parent / "data"


@cache
def common_passwords() -> frozenset[str]:
    """The most common and breached passwords, lower case (tools/password_list.py builds the file)."""
    text = lzma.decompress((DATA / "common-passwords.txt.xz").read_bytes()).decode()
    return frozenset(text.split("\n")) - {""}


@cache
def vietnamese_words() -> frozenset[str]:
    """Places, names and words Vietnamese passwords are built from, folded without spaces."""
    lines = (DATA / "vietnamese-words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


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
# The substitutions people make to dress a word up ("P@ssw0rd").
UNLEET = str.maketrans(
    {"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t"}
)
YEAR = re.compile(r"^(19|20)\d\d$")
# The parts a guesser tries first around a word: nothing, a run, a repeat, a year, a date, a short number.
PREDICTABLE_TAIL = re.compile(r"^[\W_]*(\d{0,4}|(19|20)\d\d|\d{6}|\d{8})[\W_]*$")


def _is_keyboard_run(folded: str) -> bool:
    """Whether the text is a run of digits or letters, forwards or backwards."""
    return any(folded in run or folded[::-1] in run for run in RUNS)


def _is_predictable_number(digits: str) -> bool:
    return (
        not digits
        or _is_keyboard_run(digits)
        or len(set(digits)) <= 2
        or bool(PREDICTABLE_TAIL.match(digits))
    )


def _word_and_number(folded: str) -> tuple[str, str]:
    """A password split into its letters (with look-alike digits read as letters) and the rest."""
    stripped = re.sub(r"\s+", "", folded)
    head = re.match(r"^[\d\W_]*", stripped)
    core = stripped[head.end() if head else 0 :]
    tail = re.search(r"[\d\W_]*$", core)
    word, number = core[: tail.start()] if tail else core, core[tail.start() :] if tail else ""
    leading = stripped[: head.end()] if head else ""
    return word.translate(UNLEET), leading + number


def _guessable_word(word: str, context: list[str]) -> bool:
    letters = re.sub(r"[\W\d_]+", "", word)
    return (
        len(letters) <= 2
        or letters in common_passwords()
        or letters in vietnamese_words()
        or letters in context
        or _is_keyboard_run(letters)
    )


def _pieces(name: str) -> list[str]:
    """A unit's name and every run of its words, folded and joined ("thonnanoong", "nanoong")."""
    words = fold(name).split()
    return ["".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]


def password_problem(
    password: str, *, username: str = "", full_name: str = "", unit_names: tuple[str, ...] = ()
) -> str | None:
    """A message id saying why the password is refused, else None (length and lists, no composition rules).

    ASVS V6.2: at least 10 characters, checked against the most common and breached passwords
    (over 150,000), against Vietnamese places, names and words with a number anyone would try,
    and against the person's own name, username and party unit.
    """
    password = nfc(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("The password must have at least 10 characters. A short sentence is easy to remember.")
    if len(password) > MAX_PASSWORD_LENGTH:
        return N_("The password must have at most 128 characters.")
    folded = fold(password)
    if folded in common_passwords() or re.sub(r"\s+", "", folded) in common_passwords():
        return N_(
            "This password is on the list of the most used and leaked passwords. Please choose another."
        )
    if len(set(folded)) <= 2 or _is_keyboard_run(folded):
        return N_("This password is a run of keys or one character repeated. Please choose another.")
    name_words = fold(full_name).split()
    context = [fold(username), letters_of(username), "".join(name_words), *name_words, *CONTEXT_WORDS]
    context += [piece for name in unit_names for piece in _pieces(name)]
    context = [word for word in context if len(word) >= 3]
    letters = re.sub(r"[\W\d_]+", "", folded)
    if any(word in (folded, letters) for word in context) or letters_of(folded) in context:
        return N_(
            "The password must not be your name, your username, your party unit or the name of this site."
        )
    word, number = _word_and_number(folded)
    if _is_predictable_number(number) and _guessable_word(word, context):
        return N_(
            "This password is a common word, name or place with a number anyone would try. "
            "Add words of your own, e.g. a short sentence."
        )
    return None
