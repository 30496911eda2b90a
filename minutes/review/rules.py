"""Pure rules of review: what changed between two versions, section by section."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from minutes.meetings import changes, recorded
from minutes.meetings.changes import Piece, word_diff
from minutes.meetings.structure import Structure


@dataclass(frozen=True)
class SectionChange:
    """A part whose content differs between the returned and the resubmitted version: a text
    section word by word (``pieces``), any other part as what changed in it (``detail``, the
    slice of ``changes.between`` that concerns it)."""

    key: str
    title: str
    before: str
    after: str
    pieces: tuple[Piece, ...]
    detail: Any = None
    kind: str = "text"  # the section's kind, or "when" for the time and place
    # The members both versions name, as they recorded them (not as the roll names them today).
    names: Mapping[int, str] = field(default_factory=dict)


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
    """The parts that differ between two versions: the time and place first (key "when"), then
    the sections in the structure's order."""
    found = changes.between(before, after, structure=structure)
    names = {**recorded.names_of(before), **recorded.names_of(after)}
    parts = [SectionChange("when", "", "", "", (), found["times"], "when")] if found["times"] else []
    for section in structure.sections:
        old, new = (
            _section_text(before, section.key, section.kind),
            _section_text(after, section.key, section.kind),
        )
        if old != new:
            pieces = word_diff(old, new) if section.kind == "text" else ()
            parts.append(
                SectionChange(
                    section.key, section.title, old, new, pieces, _detail(found, section), section.kind, names
                )
            )
    return parts


def _detail(found: dict[str, Any], section: Any) -> Any:
    """What changed in a part that is not free text: the roll-call's lines, the votes, the
    section's opinions, the tasks."""
    if section.kind == "roll_call":
        return found["attendance"]
    if section.kind == "votes":
        return found["votes"]
    if section.kind == "tasks":
        return found["tasks"]
    if section.kind == "opinions":
        return {
            how: [o for o in found["opinions"][how] if (o.get("to") or o).get("section") == section.key]
            for how in ("added", "removed", "changed")
        }
    return None
