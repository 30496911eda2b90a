"""Two saves made from the same version: merged when they changed different parts (three-way).

The secretary's form and a colleague's save both started from one version (the base). Part
by part (times and place, chair and recorder, the roll-call, each text section, opinions,
tasks, evaluations, votes, the rest), a part only one of them changed is taken from that
one; a part both changed alike is kept; a part both changed differently makes the merge
impossible, and the person compares the two on the conflict screen. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The fields that move together: a person changes them as one part of the minutes.
PARTS: tuple[tuple[str, ...], ...] = (
    ("started_at", "ended_at", "place"),
    ("chair_member_id", "recorder_member_id"),
    ("attendance",),
    ("delegates",),
    ("opinions",),
    ("tasks",),
    ("previous_tasks",),
    ("votes",),
)


def three_way(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The merged body, or None when both sides changed the same part differently."""
    merged: dict[str, Any] = {}
    grouped = {field for part in PARTS for field in part} | {"sections"}
    others = tuple(sorted((set(base) | set(mine) | set(theirs)) - grouped))
    for part in (*PARTS, *((field,) for field in others)):
        chosen = _choose(_pick(base, part), _pick(mine, part), _pick(theirs, part))
        if chosen is None:
            return None
        merged.update(chosen)
    sections: dict[str, Any] = {}
    old, new, other = base.get("sections") or {}, mine.get("sections") or {}, theirs.get("sections") or {}
    for key in sorted(set(old) | set(new) | set(other)):
        chosen = _choose({key: old.get(key)}, {key: new.get(key)}, {key: other.get(key)})
        if chosen is None:
            return None
        if chosen[key]:
            sections[key] = chosen[key]
    merged["sections"] = sections
    return merged


def _pick(body: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: body.get(field) for field in fields}


def _choose(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any] | None:
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return None
