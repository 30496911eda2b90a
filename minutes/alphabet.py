"""Vietnamese alphabetical order, for every list of names a person reads.

Sorted by code point, "Đặng" comes after "Vy" and "Ánh" after "Yến". The Vietnamese alphabet
is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y: letters first, then tones
(none, huyền, hỏi, ngã, sắc, nặng) only where the letters are the same, then case. This is
the order of Vietnamese dictionaries and of ICU's "vi" collation, which PostgreSQL uses;
SQLite gets the same order for Vietnamese names from :func:`compare`, registered under the same
name. Letters of other alphabets come after the Vietnamese ones (ICU puts a few, such as ø,
beside their base letter: a name typed with one may sit elsewhere on SQLite).
"""

from __future__ import annotations

import functools
import unicodedata

COLLATION = "vi-x-icu"  # PostgreSQL's ICU collation; SQLite's is registered under this name

# f, j, w and z are not Vietnamese letters, but names from other languages use them.
_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # one code point each, in NFC
# Above every code point, so after digits, spaces and punctuation; other letters come after these.
_RANK = {letter: 0x110000 + i for i, letter in enumerate(_LETTERS)}
_OTHER_LETTER = 0x120000
_LOOK_ALIKE = {"ð": "d"}  # Ð (U+00D0), sometimes typed for Đ: ICU sorts it as a d
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
    """The key that puts texts in Vietnamese alphabetical order: letters, then tones, then case;
    two different texts never tie (the text itself comes last, as PostgreSQL breaks ties)."""
    letters: list[str] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if letters and char in _TONES:
                tones[-1] = _TONES[char]
            elif letters:
                letters[-1] = _MODIFIED.get((letters[-1], char), letters[-1])
            continue  # other marks, from other languages, do not change the order
        lower = char.lower()
        letters.append(_LOOK_ALIKE.get(lower, lower))
        tones.append(0)
        cases.append(0 if char == lower else 1)
    return tuple(_rank(letter) for letter in letters), tuple(tones), tuple(cases), text


def _rank(letter: str) -> int:
    if letter in _RANK:
        return _RANK[letter]
    return _OTHER_LETTER + ord(letter) if letter.isalpha() else ord(letter)


def compare(left: str, right: str) -> int:
    """SQLite's collation: -1, 0 or 1 as ``left`` sorts before, with or after ``right``."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)
