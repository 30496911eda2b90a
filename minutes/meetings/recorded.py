"""What a revision records about people and units as they were when it was saved.

A minute book is a record: who was there, as what, under which names, who could vote. At
each save the service writes these facts into the revision's content, and everything later
read from a saved revision (its findings when submitted or accepted, its counts, the print
view, the Word file, the API's answer) comes from them, never from today's member list or
unit names. Pure: plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from minutes.meetings import counts as counting
from minutes.meetings.facts import (
    SPECIAL_VOTE_KEYS,
    VISITING,
    MemberFacts,
    MemberStatus,
    MinutesFacts,
    facts_of,
    vote_facts,
)

# Keys this module adds to a revision's content; a body sent back with them is read without them.
RECORDED_KEYS = ("org_unit_name", "committee_name", "place_name", "roll", "names", "open_tasks")
ATTENDANCE_KEYS = ("name", "branch_name", "member_status", "exempt")
VOTE_KEYS = ("eligible", "passed", "denominator_rule")


@dataclass(frozen=True)
class Person:
    """A member as the record names them (the same attribute names as a ``Member``)."""

    id: int
    full_name: str
    status: MemberStatus
    exempt: bool = False


@dataclass(frozen=True)
class Visitor:
    """A member of another branch attending, with their name and branch as they were then."""

    name: str
    branch_name: str


@dataclass(frozen=True)
class OpenTask:
    """A task the meeting had to evaluate, with its title and owner as they were then."""

    task_id: int
    title: str
    assignee_name: str | None


def record(
    content: Mapping[str, Any],
    *,
    kind: str,
    roll: Iterable[Person],
    org_unit_name: str,
    committee_name: str,
    place_name: str,
    open_tasks: Iterable[OpenTask],
    visitors: Mapping[int, Visitor] | None = None,
    thresholds: counting.Thresholds = counting.Thresholds(),
) -> dict[str, Any]:
    """The content with the facts of the moment written into it.

    ``roll`` is the branch's roll at the save, with anyone this meeting recorded before who
    has left the branch since: they stay in its roll-call as they were.
    """
    roll = list(roll)
    people = {person.id: person for person in roll}
    visitors = visitors or {}
    recorded = {key: value for key, value in content.items() if key not in RECORDED_KEYS}
    recorded.update(
        org_unit_name=org_unit_name,
        committee_name=committee_name,
        place_name=place_name,
        roll=[_person(person) for person in roll],
        names={str(member_id): person.full_name for member_id, person in sorted(people.items())},
        open_tasks=[
            {"task_id": t.task_id, "title": t.title, "assignee_name": t.assignee_name} for t in open_tasks
        ],
    )
    given = compact(content)
    recorded["attendance"] = [
        _attendance_line(line, people, visitors) for line in given.get("attendance", [])
    ]
    recorded["votes"] = _votes({**recorded, "votes": given.get("votes") or {}}, kind, thresholds)
    return recorded


def compact(content: Mapping[str, Any]) -> dict[str, Any]:
    """A body as a revision stores it: roll-call lines and votes without the optional fields left
    empty (a visitor's name and branch, a vote's voters and person)."""

    def given(fields: Mapping[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in fields.items() if value is not None or key == "reason"}

    compacted = dict(content)
    if "attendance" in content:
        compacted["attendance"] = [given(line) for line in content["attendance"]]
    if "votes" in content:
        compacted["votes"] = {key: given(vote) for key, vote in (content["votes"] or {}).items()}
    return compacted


def as_written(content: Mapping[str, Any]) -> dict[str, Any]:
    """The content as the minutes' writer gave it, without what the save recorded beside it."""
    written = {key: value for key, value in content.items() if key not in RECORDED_KEYS}
    if "attendance" in written:
        written["attendance"] = [_line_as_written(line) for line in written["attendance"]]
    if "votes" in written:
        written["votes"] = {
            key: {k: v for k, v in vote.items() if k not in VOTE_KEYS}
            for key, vote in written["votes"].items()
        }
    return written


def _line_as_written(line: Mapping[str, Any]) -> dict[str, Any]:
    """A roll-call line without what the save recorded: a visitor typed in keeps their name."""
    if line.get("member_id") is None:
        return dict(line)
    return {k: v for k, v in line.items() if k not in ATTENDANCE_KEYS}


def place_of(branch_place: str | None, committee_place: str | None, committee_name: str) -> str:
    """The place of the date line: the branch's own place name, else its committee's, else the
    committee's name without "Đảng bộ xã" (and the like)."""
    return branch_place or committee_place or place_name_of(committee_name)


def place_name_of(committee_name: str) -> str:
    """The committee's name without "Đảng bộ xã" (and the like)."""
    for prefix in ("Đảng bộ thị trấn ", "Đảng bộ phường ", "Đảng bộ xã ", "Đảng ủy xã ", "Đảng bộ "):
        if committee_name.startswith(prefix):
            return committee_name[len(prefix) :]
    return committee_name


def roll_of(content: Mapping[str, Any]) -> list[MemberFacts] | None:
    """The roll a revision recorded (None for content saved before rolls were recorded)."""
    roll = content.get("roll")
    if roll is None:
        return None
    return [MemberFacts(p["member_id"], p["name"], p["member_status"], bool(p.get("exempt"))) for p in roll]


def facts_recorded(kind: str, content: Mapping[str, Any]) -> MinutesFacts | None:
    """The facts of a revision exactly as it recorded them (None before rolls were recorded)."""
    roll = roll_of(content)
    if roll is None:
        return None
    return facts_of(kind=kind, content=content, members=roll, open_task_ids=open_task_ids(content) or [])


def people_of(content: Mapping[str, Any]) -> list[Person]:
    """Everyone on a revision's recorded roll, as recorded."""
    return [
        Person(p["member_id"], p["name"], p["member_status"], bool(p.get("exempt")))
        for p in content.get("roll", [])
    ]


def names_of(content: Mapping[str, Any]) -> dict[int, str]:
    """Every member the revision names, by id, as they were named then."""
    return {int(member_id): name for member_id, name in (content.get("names") or {}).items()}


def open_task_ids(content: Mapping[str, Any]) -> list[int] | None:
    """The tasks the meeting had to evaluate when the revision was saved."""
    tasks = content.get("open_tasks")
    return None if tasks is None else [t["task_id"] for t in tasks]


def evaluated_titles(content: Mapping[str, Any]) -> dict[int, tuple[str, str | None]]:
    """Each evaluated task's title and owner, as they were when the revision was saved."""
    return {t["task_id"]: (t["title"], t.get("assignee_name")) for t in content.get("open_tasks") or []}


def _person(person: Person) -> dict[str, Any]:
    return {
        "member_id": person.id,
        "name": person.full_name,
        "member_status": person.status,
        "exempt": person.exempt,
    }


def _attendance_line(
    line: Mapping[str, Any], people: Mapping[int, Person], visitors: Mapping[int, Visitor]
) -> dict[str, Any]:
    if line.get("status") == VISITING:  # a member of another branch, named as they were then
        visitor = visitors.get(line.get("member_id") or 0)
        if visitor is None:
            return dict(line)
        return {**line, "name": visitor.name, "branch_name": visitor.branch_name}
    person = people.get(line["member_id"])
    if person is None:
        return dict(line)
    return {**line, "name": person.full_name, "member_status": person.status, "exempt": person.exempt}


def _rule(key: str, thresholds: counting.Thresholds) -> str:
    return "special_share_of_official" if key in SPECIAL_VOTE_KEYS else thresholds.denominator


def _votes(content: dict[str, Any], kind: str, thresholds: counting.Thresholds) -> dict[str, Any]:
    """Each vote with its denominator and outcome as judged at the save (A.6)."""
    members = roll_of(content) or []
    counts = counting.attendance_counts(
        facts_of(kind=kind, content=content, members=members, open_task_ids=[])
    )
    votes: dict[str, Any] = {}
    for key, vote in (content.get("votes") or {}).items():
        facts = vote_facts(vote)
        if key in SPECIAL_VOTE_KEYS:  # at least two thirds of the official members (B.3)
            eligible, passed = counts.official, counting.special_vote_passed(facts, counts, thresholds)
        else:
            eligible = counts.denominator(thresholds.denominator)
            passed = counting.vote_passed(facts, counts, thresholds)
        # Which reading of the denominator the branch's province uses, kept with the record (B.3).
        votes[key] = {
            **vote,
            "eligible": eligible,
            "passed": passed,
            "denominator_rule": _rule(key, thresholds),
        }
    return votes
