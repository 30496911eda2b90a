"""The pure text work of the search: folding, query terms, the indexed text, snippets.

Folding makes Vietnamese comparable whatever the keyboard typed: NFC, lower case, đ→d
(đ has no Unicode decomposition, so neither FTS5 nor a plain "strip the marks" folds it),
then every combining mark removed. The database only ever sees folded words. A term matches
a whole word; "words in quotes" match those words in a row; a word ending in * matches the
words that begin with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from minutes.i18n import fold

# A word of the original text: letters and digits, with any combining marks that NFC
# could not compose into them.
ORIGINAL_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
FOLDED_WORD = re.compile(r"[^\W_]+")
MIN_QUERY_CHARS = 2
MAX_TERMS = 8
SNIPPET_CHARS = 200
LEAD_CHARS = 50
ELLIPSIS = "…"


def folded_words(text: str) -> list[str]:
    """The words of a text, folded."""
    return FOLDED_WORD.findall(fold(text))


def index_text(text: str) -> str:
    """What the index stores: every folded word preceded by a space (`LIKE '% term%'` finds a word start)."""
    return "".join(f" {word}" for word in folded_words(text))


@dataclass(frozen=True)
class Term:
    """A search term, folded: one word, or a phrase (words in a row); ``prefix``: the last word
    may be the beginning of a longer one."""

    words: tuple[str, ...]
    prefix: bool = False


QUERY_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')


def parse_query(q: str) -> list[Term]:
    """The terms of a query, in order, at most MAX_TERMS: each word a whole word, "quoted words"
    a phrase, a word ending in * a beginning."""
    terms: list[Term] = []
    for phrase, word in QUERY_PART.findall(q):
        if phrase:
            words = tuple(folded_words(phrase))
            if words:
                terms.append(Term(words))
            continue
        words_of_part = folded_words(word)
        for index, folded in enumerate(words_of_part):
            last = index == len(words_of_part) - 1
            terms.append(Term((folded,), prefix=last and word.endswith("*")))
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def query_is_too_short(terms: list[str]) -> bool:
    """Whether a query has too little to search for (fewer than two letters or digits)."""
    return sum(len(term) for term in terms) < MIN_QUERY_CHARS


def document_text(content: Mapping[str, Any]) -> str:
    """The searchable text of a minutes' content: its sections, opinions and tasks, one per line,
    then the names it records (branch, committee, place, people) on a last line."""
    sections = content.get("sections") or {}
    parts: list[Any] = [*sections.values()]
    parts += [opinion.get("content") for opinion in content.get("opinions") or []]
    for task in content.get("tasks") or []:
        parts += [task.get("title"), task.get("note")]
    parts.append(" · ".join(_names_in(content)))
    lines = (unicodedata.normalize("NFC", part).strip() for part in parts if isinstance(part, str))
    return "\n".join(line for line in lines if line)


def _names_in(content: Mapping[str, Any]) -> list[str]:
    """The names the minutes record, as they were written then, each once."""
    names: list[Any] = [
        content.get(key) for key in ("org_unit_name", "committee_name", "place", "place_name")
    ]
    names += (content.get("names") or {}).values()
    names += [line.get("name") for line in content.get("attendance") or []]  # members of other branches
    names += [delegate.get("name") for delegate in content.get("delegates") or []]
    names += [opinion.get("speaker_name") for opinion in content.get("opinions") or []]
    return list(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))


@dataclass(frozen=True)
class Snippet:
    """A short extract of a text with the spans of its matching words (character offsets)."""

    text: str
    highlights: tuple[tuple[int, int], ...]

    def pieces(self) -> list[tuple[str, bool]]:
        """The extract cut into (text, is_match) pieces, in order."""
        pieces: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.highlights:
            if start > at:
                pieces.append((self.text[at:start], False))
            pieces.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            pieces.append((self.text[at:], False))
        return pieces

    def html(self) -> Markup:
        """The extract as safe HTML: text escaped, matching words in `<mark>`."""
        return Markup("").join(
            Markup("<mark>{}</mark>").format(text) if hit else escape(text) for text, hit in self.pieces()
        )


def _matches(text: str, terms: Sequence[Term]) -> list[tuple[int, int, Term]]:
    """The words of the original text a term finds once folded (a whole word, or its beginning
    for a term ending in *; each word of a phrase): (start, end, term)."""
    found = []
    for word in ORIGINAL_WORD.finditer(text):
        folded = folded_words(word.group())
        term = next((t for t in terms for w in folded if _finds(t, w)), None)
        if term is not None:
            found.append((word.start(), word.end(), term))
    return found


def _finds(term: Term, word: str) -> bool:
    return word in term.words or (term.prefix and word.startswith(term.words[-1]))


def _best_anchor(matches: list[tuple[int, int, Term]], width: int) -> int:
    """The start of the match whose window holds the most distinct terms (the earliest on a tie)."""
    best, best_count = matches[0][0], 0
    for start, _, _ in matches[:200]:
        count = len({term for s, e, term in matches if s >= start and e <= start + width})
        if count > best_count:
            best, best_count = start, count
    return best


def make_snippet(text: str, terms: Sequence[Term], width: int = SNIPPET_CHARS) -> Snippet:
    """An extract of about `width` characters around the best group of matching words."""
    text = " ".join(text.split())
    matches = _matches(text, terms)
    anchor = _best_anchor(matches, width) if matches else 0
    start = max(0, anchor - LEAD_CHARS)
    if start > 0 and text[start - 1] != " ":  # begin on a word, never in the middle of one
        space = text.find(" ", start, anchor)
        start = space + 1 if space != -1 else anchor
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", anchor, end)
        end = cut if cut > anchor else end
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    spans = tuple((s + shift, e + shift) for s, e, _ in matches if s >= start and e <= end)
    return Snippet(prefix + text[start:end] + suffix, spans)
