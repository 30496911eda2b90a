"""What changed between two versions of a minutes, part by part (``GET /meetings/{id}/changes``).

Every part is compared: the roll-call member by member, the votes, the opinions, the tasks,
the text sections (by line and word by word) and the times and place. A reviewer reading what a
branch corrected after a return sees a changed roll-call line as plainly as a changed text.
Pure: two revisions' contents in, plain values out.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from minutes.meetings import recorded
from minutes.meetings.structure import Structure

OPINION_KEY = ("section", "member_id", "speaker_name")


def between(before: Mapping[str, Any], after: Mapping[str, Any], *, structure: Structure) -> dict[str, Any]:
    """The changes from one version's content to another's, in the shape API.md gives."""
    names = {**recorded.names_of(before), **recorded.names_of(after)}
    old, new = recorded.as_written(before), recorded.as_written(after)
    return {
        "attendance": _attendance(old, new, names),
        "votes": _votes(old, new),
        "opinions": _listed(
            _numbered(old.get("opinions") or []), _numbered(new.get("opinions") or []), _opinion_key
        ),
        "tasks": _listed(old.get("tasks") or [], new.get("tasks") or [], _task_key),
        "sections": _sections(old, new, structure),
        "times": {
            field: {"from": old.get(field), "to": new.get(field)}
            for field in ("started_at", "ended_at", "place")
            if old.get(field) != new.get(field)
        },
    }


def _key(line: Mapping[str, Any]) -> int | str:
    """A member's line by their id; a visitor typed in by name and branch."""
    member_id = line.get("member_id")
    return member_id if isinstance(member_id, int) else f"{line.get('name')} ({line.get('branch_name')})"


def _attendance(
    old: Mapping[str, Any], new: Mapping[str, Any], names: Mapping[int, str]
) -> list[dict[str, Any]]:
    was = {_key(line): line for line in old.get("attendance") or []}
    now = {_key(line): line for line in new.get("attendance") or []}
    changed = []
    for key in sorted(was.keys() | now.keys(), key=str):
        before, after = was.get(key), now.get(key)
        member_id = key if isinstance(key, int) else None
        if _line(before) != _line(after):
            changed.append(
                {
                    "member_id": member_id,
                    "name": names.get(member_id or 0) or (after or before or {}).get("name"),
                    "from": before["status"] if before else None,
                    "to": after["status"] if after else None,
                    "reason_from": before.get("reason") if before else None,
                    "reason_to": after.get("reason") if after else None,
                }
            )
    return changed


def _line(line: Mapping[str, Any] | None) -> tuple[str, str] | None:
    return (line["status"], line.get("reason") or "") if line else None


def _votes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    was, now = old.get("votes") or {}, new.get("votes") or {}
    return [
        {"key": key, "from": was.get(key), "to": now.get(key)}
        for key in sorted(was.keys() | now.keys())
        if was.get(key) != now.get(key)
    ]


def _numbered(opinions: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Each opinion with its rank among the same speaker's in the same section (their identity)."""
    seen: dict[tuple[Any, ...], int] = {}
    numbered = []
    for opinion in opinions:
        speaker = tuple(opinion.get(field) for field in OPINION_KEY)
        seen[speaker] = seen.get(speaker, -1) + 1
        numbered.append((seen[speaker], opinion))
    return numbered


def _opinion_key(item: tuple[int, Mapping[str, Any]]) -> tuple[Any, ...]:
    rank, opinion = item
    return (*(opinion.get(field) for field in OPINION_KEY), rank)


def _task_key(task: Mapping[str, Any]) -> tuple[Any, ...]:
    # A task keeps its id across saves; one not yet saved is known by its title.
    return ("id", task["id"]) if task.get("id") is not None else ("title", task.get("title"))


def _listed(was: list[Any], now: list[Any], key: Any) -> dict[str, list[Any]]:
    before = {key(item): _plain(item) for item in was}
    after = {key(item): _plain(item) for item in now}
    return {
        "added": [item for k, item in after.items() if k not in before],
        "removed": [item for k, item in before.items() if k not in after],
        "changed": [
            {"from": before[k], "to": item} for k, item in after.items() if k in before and before[k] != item
        ],
    }


def _plain(item: Any) -> Any:
    return item[1] if isinstance(item, tuple) else item


@dataclass(frozen=True)
class Piece:
    """A run of words: kept, removed or added."""

    kind: str  # "same", "removed", "added"
    text: str


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    """The words removed and added, keeping the unchanged ones around them."""
    old, new = before.split(), after.split()
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


def _sections(old: Mapping[str, Any], new: Mapping[str, Any], structure: Structure) -> list[dict[str, Any]]:
    """Each changed text section: its lines removed ("-…") and added ("+…"), and the same word by
    word (``words``: runs kept, removed and added)."""
    was, now = old.get("sections") or {}, new.get("sections") or {}
    changed = []
    for section in structure.text_sections():
        before, after = was.get(section.key) or "", now.get(section.key) or ""
        if before != after:
            diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            lines = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
            words = [{"kind": p.kind, "text": p.text} for p in word_diff(before, after)]
            changed.append({"key": section.key, "title": section.title, "diff": lines, "words": words})
    return changed
