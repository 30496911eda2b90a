"""The minutes form: from the fields a browser posts to the API's minutes body, and back.

The form works without JavaScript, so repeated rows (delegates, opinions, tasks) arrive as
numbered fields; blank rows are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from minutes import clock
from minutes.meetings.recorded import Person

VOTE_KEYS = ("resolution", "minutes")
SPECIAL_VOTE_KEYS = ("admission", "recognition", "removal")
SPARE_ROWS = 2


def _text(form: Mapping[str, str], name: str) -> str:
    return (form.get(name) or "").strip()


def _int(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _moment(day: str, clock: str) -> str | None:
    if not day or not clock:
        return None
    return f"{day}T{clock}:00+07:00" if len(clock) == 5 else f"{day}T{clock}+07:00"


def _rows(form: Mapping[str, str], prefix: str) -> list[int]:
    """The row numbers present for a repeated group, in order."""
    numbers = {
        int(name.rsplit("_", 1)[1])
        for name in form
        if name.startswith(prefix) and name.rsplit("_", 1)[1].isdigit()
    }
    return sorted(numbers)


def _speaker(value: str) -> dict[str, Any]:
    kind, _, rest = value.partition(":")
    if kind == "m" and rest.isdigit():
        return {"member_id": int(rest)}
    if kind == "d" and rest:
        return {"speaker_name": rest}
    return {}


def _delegates(form: Mapping[str, str], accounts: Mapping[int, str]) -> list[dict[str, Any]]:
    delegates = []
    for i in sorted({*_rows(form, "delegate_name_"), *_rows(form, "delegate_user_")}):
        user_id = _int(_text(form, f"delegate_user_{i}"))
        name = _text(form, f"delegate_name_{i}") or accounts.get(user_id or 0, "")
        if name or user_id:
            delegates.append(
                {
                    "name": name,
                    "post": _text(form, f"delegate_post_{i}") or None,
                    "level": _text(form, f"delegate_level_{i}") or None,
                    "user_id": user_id,
                }
            )
    return delegates


def body_from_form(
    form: Mapping[str, str],
    members: Sequence[Person],
    section_keys: list[str],
    accounts: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """The minutes body (as PUT /meetings/{id}/minutes takes it) from a posted form."""
    day = _text(form, "meeting_date")
    body: dict[str, Any] = {
        "version": _int(_text(form, "version")) or 0,
        "client_save_id": _text(form, "client_save_id") or None,
        "started_at": _moment(day, _text(form, "started_time")),
        "ended_at": _moment(day, _text(form, "ended_time")),
        "place": _text(form, "place") or None,
        "chair_member_id": _int(_text(form, "chair_member_id")),
        "recorder_member_id": _int(_text(form, "recorder_member_id")),
        "documents": _text(form, "documents") or None,
        "number": _text(form, "number") or None,
        "sections": {
            key: _text(form, f"section_{key}") for key in section_keys if _text(form, f"section_{key}")
        },
        "attendance": [
            {
                "member_id": m.id,
                "status": form[f"att_{m.id}"],
                "reason": _text(form, f"reason_{m.id}") or None,
            }
            for m in members
            if form.get(f"att_{m.id}")
        ]
        + _visitors(form),
        "delegates": _delegates(form, accounts or {}),
        "opinions": [
            {
                "section": _text(form, f"opinion_section_{i}") or "opinions",
                **_speaker(_text(form, f"opinion_speaker_{i}")),
                "content": _text(form, f"opinion_content_{i}"),
            }
            for i in _rows(form, "opinion_content_")
            if _text(form, f"opinion_content_{i}") or _text(form, f"opinion_speaker_{i}")
        ],
        "tasks": [
            {
                "id": _int(_text(form, f"task_id_{i}")),
                "title": _text(form, f"task_title_{i}"),
                "assignee_member_id": _int(_text(form, f"task_assignee_{i}")),
                "due_on": _text(form, f"task_due_{i}") or None,
                "status": _text(form, f"task_status_{i}") or "open",
                "note": _text(form, f"task_note_{i}") or None,
            }
            for i in _rows(form, "task_title_")
            if _text(form, f"task_title_{i}")
        ],
        "previous_tasks": [
            {
                "task_id": int(name.removeprefix("eval_status_")),
                "status": value,
                "note": _text(form, f"eval_note_{name.removeprefix('eval_status_')}") or None,
            }
            for name, value in form.items()
            if name.startswith("eval_status_") and value and name.removeprefix("eval_status_").isdigit()
        ],
        "votes": _votes(form),
        "self_score": _int(_text(form, "self_score")),
    }
    return body


def _visitors(form: Mapping[str, str]) -> list[dict[str, Any]]:
    """Members of other branches attending: typed in by name and branch, or picked earlier by id."""
    visitors = []
    for i in sorted({*_rows(form, "visitor_name_"), *_rows(form, "visitor_member_")}):
        member_id = _int(_text(form, f"visitor_member_{i}"))
        name = _text(form, f"visitor_name_{i}")
        if form.get(f"visitor_remove_{i}"):
            continue  # struck off the list
        if member_id or name:
            line: dict[str, Any] = {"status": "visiting", "member_id": member_id}
            if member_id is None:
                line.update(name=name, branch_name=_text(form, f"visitor_branch_{i}") or None)
            visitors.append(line)
    return visitors


def _votes(form: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    votes: dict[str, dict[str, Any]] = {}
    for key in (*VOTE_KEYS, *SPECIAL_VOTE_KEYS):
        counts = {part: _text(form, f"vote_{key}_{part}") for part in ("for", "against", "abstain", "voters")}
        if form.get(f"vote_{key}_remove"):
            continue  # no such vote after all
        member_id = _int(_text(form, f"vote_{key}_member"))  # a member's name is shown, not sent
        person = {"member_id": member_id} if member_id else {"name": _text(form, f"vote_{key}_name") or None}
        if any(counts.values()) or (key in SPECIAL_VOTE_KEYS and any(person.values())):
            # Blank counts next to a person just typed are none yet (0), so the name is kept; a blank
            # "against" or "abstaining" beside a count of those for is none (0), as the API reads it.
            vote: dict[str, Any] = {
                part: int(value)
                if value.isdigit()
                else (-1 if value or (part == "for" and any(counts.values())) else 0)
                for part, value in counts.items()
                if part != "voters"
            }
            if counts["voters"]:
                vote["voters"] = int(counts["voters"]) if counts["voters"].isdigit() else -1
            if key in SPECIAL_VOTE_KEYS:
                vote.update(person)
            votes[key] = vote
    return votes


def posted_votes(form: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The votes as typed, words included ("mười hai"), for a form shown again: nothing typed is cleared."""
    votes: dict[str, dict[str, Any]] = {}
    for key in (*VOTE_KEYS, *SPECIAL_VOTE_KEYS):
        typed = {part: _text(form, f"vote_{key}_{part}") for part in ("for", "against", "abstain", "voters")}
        member_id = _int(_text(form, f"vote_{key}_member"))
        name = _text(form, f"vote_{key}_name")
        if any(typed.values()) or member_id or name:
            votes[key] = {
                **{part: value for part, value in typed.items() if value},
                "member_id": member_id,
                "name": name or None,
            }
    return votes


def counts_are_numbers(vote: Mapping[str, Any]) -> bool:
    """Whether a posted vote's counts were all whole numbers (the form marks others with -1)."""
    return all(
        vote.get(part, 0) >= 0
        for part in ("for", "against", "abstain", "voters")
        if vote.get(part) is not None
    )


def form_values(
    content: dict[str, Any], *, scheduled_at: dt.datetime | None = None, place: str | None = None
) -> dict[str, Any]:
    """The values to show in the form: the saved minutes, or the meeting as planned."""
    if not content and scheduled_at is not None:
        content = {"started_at": scheduled_at.isoformat(), "place": place}
    started = _local(content.get("started_at"))
    ended = _local(content.get("ended_at"))
    return {
        "meeting_date": started.date().isoformat() if started else "",
        "started_time": started.strftime("%H:%M") if started else "",
        "ended_time": ended.strftime("%H:%M") if ended else "",
        "place": content.get("place") or "",
        "chair_member_id": content.get("chair_member_id"),
        "recorder_member_id": content.get("recorder_member_id"),
        "documents": content.get("documents") or "",
        "number": content.get("number") or "",
        "sections": content.get("sections", {}),
        "attendance": {
            a["member_id"]: a for a in content.get("attendance", []) if a.get("status") != "visiting"
        },
        "visitors": [a for a in content.get("attendance", []) if a.get("status") == "visiting"]
        + [{}] * SPARE_ROWS,
        "delegates": content.get("delegates", []) + [{}] * SPARE_ROWS,
        "opinions": content.get("opinions", []) + [{}] * (SPARE_ROWS + 1),
        "tasks": content.get("tasks", []) + [{}] * (SPARE_ROWS + 1),
        "evaluations": {e["task_id"]: e for e in content.get("previous_tasks", [])},
        "votes": content.get("votes", {}),
        "self_score": content.get("self_score"),
    }


def _local(value: str | None) -> dt.datetime | None:
    return clock.at_office(dt.datetime.fromisoformat(value)) if value else None
