"""The facts of a revision that the pure checks read: plain values, built from its stored content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

MemberStatus = Literal["official", "probationary"]
AttendanceStatus = Literal[
    "present", "absent_excused", "absent_unexcused", "exempt", "elsewhere", "suspended", "visiting"
]

ATTENDANCE_STATUSES: tuple[str, ...] = get_args(AttendanceStatus)
# A member of another branch attending this meeting (A.5): listed and counted apart, never a voter.
VISITING = "visiting"
VOTE_KEYS: tuple[str, ...] = ("resolution", "minutes")
# Votes on a person (B.3): admitting them, recognising them as official, removing them from the list.
SPECIAL_VOTE_KEYS: tuple[str, ...] = ("admission", "recognition", "removal")


@dataclass(frozen=True)
class MemberFacts:
    """A current member of the branch."""

    member_id: int
    full_name: str
    status: MemberStatus
    exempt: bool = False  # exempt from party work and activities in the member list


@dataclass(frozen=True)
class AttendanceFacts:
    """One line of the roll-call (a visitor from another branch may have no member id here)."""

    member_id: int | None
    status: AttendanceStatus
    reason: str | None = None


@dataclass(frozen=True)
class OpinionFacts:
    """One speaker's opinion, filed under a section of the structure."""

    section: str
    member_id: int | None
    speaker_name: str | None
    content: str


@dataclass(frozen=True)
class TaskFacts:
    """One task the meeting assigned."""

    title: str
    assignee_member_id: int | None
    due_on: dt.date | None
    status: str = "open"


@dataclass(frozen=True)
class VoteFacts:
    """A show of hands; ``voters`` is the number the recorder wrote as voting, if any."""

    for_: int
    against: int
    abstain: int
    voters: int | None = None
    member_id: int | None = None  # the person a special vote is about
    name: str | None = None

    @property
    def total(self) -> int:
        """Return for + against + abstain."""
        return self.for_ + self.against + self.abstain


@dataclass(frozen=True)
class MinutesFacts:
    """Everything the checks need to know about one minutes."""

    kind: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    place: str | None
    chair_member_id: int | None
    recorder_member_id: int | None
    members: tuple[MemberFacts, ...]
    attendance: tuple[AttendanceFacts, ...]
    sections: dict[str, str] = field(default_factory=dict)
    opinions: tuple[OpinionFacts, ...] = ()
    tasks: tuple[TaskFacts, ...] = ()
    votes: dict[str, VoteFacts] = field(default_factory=dict)
    previous_tasks_unevaluated: int = 0
    tasks_dropped_without_reason: int = 0
    # The planned period, the office date the meeting began, and today's: the dates' checks.
    period: str | None = None
    held_on: dt.date | None = None
    today: dt.date | None = None


def members_of(people: Iterable[Any]) -> list[MemberFacts]:
    """The members the checks count, from any people with an id, a name, a status and an exemption
    (the branch's roll as it stands, or the people a revision recorded)."""
    return [MemberFacts(p.id, p.full_name, p.status, p.exempt) for p in people]


def facts_of(
    *, kind: str, content: Mapping[str, Any], members: Sequence[MemberFacts], open_task_ids: Sequence[int]
) -> MinutesFacts:
    """The plain facts the pure checks read, from a revision's content and the branch's members."""
    evaluated = {e["task_id"] for e in content.get("previous_tasks", [])}
    unevaluated = sum(1 for task_id in open_task_ids if task_id not in evaluated)
    votes = {key: vote_facts(v) for key, v in content.get("votes", {}).items()}
    return MinutesFacts(
        kind=kind,
        started_at=_datetime(content.get("started_at")),
        ended_at=_datetime(content.get("ended_at")),
        place=content.get("place"),
        chair_member_id=content.get("chair_member_id"),
        recorder_member_id=content.get("recorder_member_id"),
        members=tuple(members),
        attendance=tuple(
            AttendanceFacts(a.get("member_id"), a["status"], a.get("reason"))
            for a in content.get("attendance", [])
        ),
        sections=dict(content.get("sections", {})),
        opinions=tuple(
            OpinionFacts(o["section"], o.get("member_id"), o.get("speaker_name"), o.get("content", ""))
            for o in content.get("opinions", [])
        ),
        tasks=tuple(
            TaskFacts(
                t["title"], t.get("assignee_member_id"), _date(t.get("due_on")), t.get("status", "open")
            )
            for t in content.get("tasks", [])
        ),
        votes=votes,
        previous_tasks_unevaluated=unevaluated,
        tasks_dropped_without_reason=sum(
            1
            for e in content.get("previous_tasks", [])
            if e.get("status") == "dropped" and not (e.get("note") or "").strip()
        ),
    )


def vote_facts(vote: Mapping[str, Any]) -> VoteFacts:
    """A vote as the content stores it."""
    return VoteFacts(
        for_=vote.get("for", 0),
        against=vote.get("against", 0),
        abstain=vote.get("abstain", 0),
        voters=vote.get("voters"),
        member_id=vote.get("member_id"),
        name=vote.get("name"),
    )


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
