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


# The parts of the conflict screen (compare.py) and the fields each one holds.
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "times": ("started_at", "ended_at", "place"),
    "people": ("chair_member_id", "recorder_member_id"),
    "attendance": ("attendance",),
    "delegates": ("delegates",),
    "opinions": ("opinions",),
    "tasks": ("tasks",),
    "previous_tasks": ("previous_tasks",),
    "votes": ("votes",),
    "details": ("number", "documents", "self_score"),
}
# Parts where keeping both sides makes sense: lists are joined, texts follow one another.
JOINABLE = ("delegates", "opinions", "tasks")
CHOICES = ("mine", "theirs", "both")


def default_choices(base: Mapping[str, Any], mine: Mapping[str, Any], parts: list[str]) -> dict[str, str]:
    """What the conflict screen proposes for each differing part: the person's own text where
    they changed it, the saved one where only the colleague did (never undo a colleague silently)."""
    choices = {}
    for part in parts:
        if part.startswith("sections."):
            key = part.removeprefix("sections.")
            unchanged = (base.get("sections") or {}).get(key) == (mine.get("sections") or {}).get(key)
        else:
            fields = CHOICE_FIELDS.get(part, ())
            unchanged = _pick(base, fields) == _pick(mine, fields)
        choices[part] = "theirs" if unchanged else "mine"
    return choices


def joinable(part: str) -> bool:
    """Whether both sides of a part can be kept together."""
    return part in JOINABLE or part.startswith("sections.")


def resolve(mine: Mapping[str, Any], theirs: Mapping[str, Any], choices: Mapping[str, str]) -> dict[str, Any]:
    """The saved version with, part by part, what the person chose on the conflict screen: their
    own text ("mine"), the saved one ("theirs", also for a part not chosen), or both."""
    body: dict[str, Any] = {**theirs, "sections": dict(theirs.get("sections") or {})}
    for part, choice in choices.items():
        if choice not in ("mine", "both") or (choice == "both" and not joinable(part)):
            continue
        if part.startswith("sections."):
            key = part.removeprefix("sections.")
            own, saved = (mine.get("sections") or {}).get(key) or "", body["sections"].get(key) or ""
            body["sections"][key] = _joined_text(saved, own) if choice == "both" else own
        for field in CHOICE_FIELDS.get(part, ()):
            body[field] = (
                _joined_list(body.get(field), mine.get(field)) if choice == "both" else mine.get(field)
            )
    return body


def _joined_text(saved: str, own: str) -> str:
    return saved if own in saved else own if saved in own else f"{saved}\n{own}"


def _joined_list(saved: list[Any] | None, own: list[Any] | None) -> list[Any]:
    """The saved items, then the person's items not among them (a task kept by id once)."""
    joined = list(saved or [])
    ids = {item.get("id") for item in joined if isinstance(item, dict) and item.get("id")}
    for item in own or []:
        if item in joined or (isinstance(item, dict) and item.get("id") in ids):
            continue
        joined.append(item)
    return joined
