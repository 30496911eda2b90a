"""A posted minutes form with some fields that cannot be stored: which fields, why, in words that
say the limit, and the rest of the form kept savable (#12 item 4).

Pure: it reads the validation errors of ``MinutesIn`` and the body; the page saves the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from minutes.i18n import N_
from minutes.meetings.schemas import MAX_COUNT


@dataclass(frozen=True)
class Refusal:
    """One field the form could not store: its name in the form, the part of the body it holds
    (kept as last saved instead), and the message id with its values."""

    field: str
    part: tuple[str, ...]
    message: str
    params: dict[str, Any]


def refusals_of(invalid: ValidationError) -> list[Refusal]:
    """The refused fields of a posted form, one each (the first problem of a field is enough)."""
    found: dict[str, Refusal] = {}
    for error in invalid.errors():
        field, part = _where(tuple(str(step) for step in error["loc"]))
        if field not in found:
            message, params = _why(error)
            found[field] = Refusal(field, part, message, params)
    return list(found.values())


def _where(loc: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The form field and the body part of an error's location."""
    top = loc[0]
    if top == "sections" and len(loc) > 1:
        return f"section_{loc[1]}", ("sections", loc[1])
    if top == "votes" and len(loc) > 1:
        return f"vote_{loc[1]}", ("votes", loc[1])
    # Anything else by its top field; a list (opinions, tasks, delegates, attendance) as a whole,
    # marked at the part of the form that holds it.
    return top, (top,)


def _why(error: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The message id and its values for one validation error."""
    kind, context, given = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "string_too_long":
        length = len(given) if isinstance(given, str) else 0
        return (
            N_(
                "{length} characters: at most {limit} fit here. Shorten it; the rest of the minutes was saved."
            ),
            {"length": length, "limit": context.get("max_length", 0)},
        )
    if kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_type"):
        return N_("Write the counts in figures, for example 12 (0 to {limit})."), {"limit": MAX_COUNT}
    if kind == "too_long":
        return N_("Too many lines: at most {limit}. The rest of the minutes was saved."), {
            "limit": context.get("max_length", 0)
        }
    return N_("This could not be saved as written. Check it; the rest of the minutes was saved."), {}


def keep_saved(
    body: Mapping[str, Any], saved: Mapping[str, Any], parts: Sequence[tuple[str, ...]]
) -> dict[str, Any]:
    """The body with each refused part as it was last saved (absent if it never was): what was
    saved before is never lost to a refused field."""
    kept: dict[str, Any] = {
        **body,
        "sections": dict(body.get("sections", {})),
        "votes": dict(body.get("votes", {})),
    }
    for part in parts:
        if len(part) == 2:
            holder, key = part
            before = (saved.get(holder) or {}).get(key)
            if before is None:
                kept[holder].pop(key, None)
            else:
                kept[holder][key] = before
        elif part[0] in saved:
            kept[part[0]] = saved[part[0]]
        else:
            kept.pop(part[0], None)
    return kept
