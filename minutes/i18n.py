"""Translations and Vietnamese formatting.

Code carries English message ids; the catalogs under ``minutes/locale`` give the
interface its Vietnamese (the default) and English. Every ``*.po`` file of a language
is merged, so each domain may keep its own catalog file.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it yet."""
    return message


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """Return the merged catalogs of one language (an empty one if it has none)."""
    merged = Catalog(locale=language)
    for po_file in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string and not message.fuzzy:
                    merged.add(message.id, message.string)
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def current_language() -> str:
    """Return the language of the request being served."""
    return _language.get()


@contextmanager
def language(code: str) -> Iterator[None]:
    """Serve the enclosed work in the given language."""
    token = _language.set(code if code in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def gettext(message: str) -> str:
    """Translate a message id into the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message id with a plural form into the current language."""
    return translations(current_language()).ngettext(singular, plural, count)


def translate(message: str, **params: object) -> str:
    """Translate a message id and fill its ``{named}`` placeholders."""
    text = gettext(message)
    return text.format(**params) if params else text


def nfc(text: str) -> str:
    """Return text in Unicode NFC, the only form this application stores."""
    return unicodedata.normalize("NFC", text)


def typed_text(text: str) -> str:
    """Typed text as it is stored: NFC, with line breaks as LF (browsers send CRLF)."""
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def fold(text: str) -> str:
    """Text as people retype it, for matching: lower case, đ→d, without tone or vowel marks.

    đ has no Unicode decomposition, so stripping the marks alone would keep it; Ð/ð (U+00D0,
    U+00F0, the Icelandic eth), which Vietnamese keyboards and PDFs put for Đ/đ, fold the same.
    """
    text = nfc(text).lower().replace("đ", "d").replace("ð", "d")
    return nfc("".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)))


def long_date(value: dt.date, place: str | None = None) -> str:
    """Format a date the Vietnamese way: "ngày 05 tháng 02 năm 2025", "ngày 09 tháng 3 năm 2025"."""
    if current_language() == "en":
        text = f"{value.day} {value.strftime('%B')} {value.year}"
    else:
        # Days under 10 and the months January and February take a leading zero (DOMAIN A.13).
        month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
        text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text


PERIOD = re.compile(r"^(\d{4})-(?:(\d{2})|Q([1-4]))$")
ROMAN_QUARTERS = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def period_words(period: str | None) -> str:
    """A period as people write it: "2019-11" is "tháng 11/2019", "2019-Q4" is "quý IV/2019"."""
    match = PERIOD.match(period or "")
    if match is None:
        return period or ""
    year, month, quarter = match.groups()
    if month is not None:
        return translate(N_("month {month}/{year}"), month=int(month), year=year)
    return translate(N_("quarter {quarter}/{year}"), quarter=ROMAN_QUARTERS[quarter], year=year)


def short_date(value: dt.date | None) -> str:
    """Format a date as dd/mm/yyyy, as Vietnamese offices write it."""
    return value.strftime("%d/%m/%Y") if value else ""
