"""Two bodies of the same minutes, part by part: what the conflict screen lays side by side.

Every part a person records is compared, not only the texts: times and place, chair and
recorder, each member's line of the roll-call, delegates, opinions, tasks, the evaluation of
earlier tasks and the votes. A part that differs is written as plain lines in the current
language, so a secretary on a phone sees what a colleague changed before choosing. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from minutes.i18n import N_, translate
from minutes.meetings.findings import VOTE_LABELS
from minutes.meetings.structure import Structure

ATTENDANCE = {
    "present": N_("Present"),
    "absent_excused": N_("Absent, reason"),
    "absent_unexcused": N_("Absent, no reason"),
    "exempt": N_("Exempt"),
    "elsewhere": N_("Elsewhere"),
    "suspended": N_("Suspended"),
    "visiting": N_("Visiting from another branch"),
}
TASK_STATUS = {
    "open": N_("open"),
    "done": N_("Done"),
    "partly_done": N_("Partly done"),
    "not_done": N_("Not done"),
    "dropped": N_("Dropped"),
}


@dataclass(frozen=True)
class Difference:
    """One part of the minutes as each side has it."""

    key: str
    title: str
    mine: str
    theirs: str


def differences(
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    *,
    structure: Structure,
    names: Mapping[int, str],
    task_titles: Mapping[int, str],
) -> list[Difference]:
    """The parts in which two bodies of the minutes differ, in the order of the form."""
    parts: list[tuple[str, str, Callable[[Mapping[str, Any]], str]]] = [
        ("times", N_("Times and place"), _times),
        ("people", N_("Chair and recorder"), lambda body: _people(body, names)),
        ("attendance", N_("Roll-call"), lambda body: _attendance(body, names)),
        ("delegates", N_("Delegates"), _delegates),
        *(
            (f"sections.{section.key}", section.title, _section(section.key))
            for section in structure.text_sections()
        ),
        ("opinions", N_("Opinions"), lambda body: _opinions(body, names)),
        ("tasks", N_("Tasks"), lambda body: _tasks(body, names)),
        ("previous_tasks", N_("Evaluation of earlier tasks"), lambda body: _evaluations(body, task_titles)),
        ("votes", N_("Votes"), _votes),
        ("details", N_("Number, documents used and self-assessed score"), _details),
    ]
    found = []
    for key, title, written in parts:
        left, right = written(mine), written(theirs)
        if left != right:
            found.append(Difference(key, translate(title), left, right))
    return found


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _times(body: Mapping[str, Any]) -> str:
    return _lines(str(body.get("started_at") or ""), str(body.get("ended_at") or ""), body.get("place") or "")


def _people(body: Mapping[str, Any], names: Mapping[int, str]) -> str:
    return _lines(*(names.get(body.get(key) or 0, "") for key in ("chair_member_id", "recorder_member_id")))


def _who(line: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """A roll-call line's person: a member by name; a visitor with their branch."""
    member_id = line.get("member_id")
    name = names.get(member_id or 0) or line.get("name") or str(member_id)
    return f"{name} ({line['branch_name']})" if line.get("branch_name") else name


def _attendance(body: Mapping[str, Any], names: Mapping[int, str]) -> str:
    lines = sorted(
        (_who(line, names), line["status"], line.get("reason") or "") for line in body.get("attendance") or []
    )
    return _lines(
        *(
            f"{name}: {translate(ATTENDANCE.get(status, status))} {reason}".strip()
            for name, status, reason in lines
        )
    )


def _details(body: Mapping[str, Any]) -> str:
    score = body.get("self_score")
    return _lines(
        str(body.get("number") or ""), str(body.get("documents") or ""), "" if score is None else str(score)
    )


def _delegates(body: Mapping[str, Any]) -> str:
    return _lines(
        *(
            ", ".join(p for p in (d.get("name"), d.get("post"), d.get("level")) if p)
            for d in body.get("delegates") or []
        )
    )


def _section(key: str) -> Callable[[Mapping[str, Any]], str]:
    def written(body: Mapping[str, Any]) -> str:
        return str((body.get("sections") or {}).get(key) or "")

    return written


def _opinions(body: Mapping[str, Any], names: Mapping[int, str]) -> str:
    return _lines(
        *(
            f"{names.get(o.get('member_id') or 0) or o.get('speaker_name') or '…'}: {o.get('content') or ''}"
            for o in body.get("opinions") or []
        )
    )


def _tasks(body: Mapping[str, Any], names: Mapping[int, str]) -> str:
    return _lines(
        *(
            f"{t.get('title') or ''} ({names.get(t.get('assignee_member_id') or 0, '…')}, {t.get('due_on') or '…'}, "
            f"{translate(TASK_STATUS.get(t.get('status') or 'open', 'open'))}){' ' + t['note'] if t.get('note') else ''}"
            for t in body.get("tasks") or []
        )
    )


def _evaluations(body: Mapping[str, Any], titles: Mapping[int, str]) -> str:
    return _lines(
        *(
            f"{titles.get(e['task_id'], e['task_id'])}: {translate(TASK_STATUS.get(e['status'], e['status']))} {e.get('note') or ''}".strip()
            for e in body.get("previous_tasks") or []
        )
    )


def _votes(body: Mapping[str, Any]) -> str:
    return _lines(
        *(
            f"{translate(VOTE_LABELS.get(key, key))}: {v.get('for', 0)} / {v.get('against', 0)} / {v.get('abstain', 0)}"
            for key, v in sorted((body.get("votes") or {}).items())
        )
    )
