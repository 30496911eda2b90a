"""Pure rules of review: what changed between two versions, section by section."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from minutes.meetings.structure import Structure


@dataclass(frozen=True)
class Piece:
    """A run of words: kept, removed or added."""

    kind: str  # "same", "removed", "added"
    text: str


@dataclass(frozen=True)
class SectionChange:
    """A section whose content differs between the returned and the resubmitted version."""

    key: str
    title: str
    before: str
    after: str
    pieces: tuple[Piece, ...]


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    """The words removed and added, keeping the unchanged ones around them."""
    old, new = before.split(" "), after.split(" ")
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", " ".join(new[j1:j2])))
    return tuple(pieces)


def _section_text(content: dict[str, Any], key: str, kind: str) -> str:
    """A section's content as text, whatever its kind, so that any change shows."""
    if kind == "text":
        return str(content.get("sections", {}).get(key, ""))
    field = {"roll_call": "attendance", "opinions": "opinions", "tasks": "tasks", "votes": "votes"}[kind]
    value = content.get(field, [])
    if kind == "opinions":
        value = [o for o in value if o.get("section") == key]
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changed_sections(
    structure: Structure, before: dict[str, Any], after: dict[str, Any]
) -> list[SectionChange]:
    """The sections that differ between two versions, in the structure's order."""
    changes = []
    for section in structure.sections:
        old, new = (
            _section_text(before, section.key, section.kind),
            _section_text(after, section.key, section.kind),
        )
        if old != new:
            pieces = word_diff(old, new) if section.kind == "text" else ()
            changes.append(SectionChange(section.key, section.title, old, new, pieces))
    return changes
