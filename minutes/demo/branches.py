"""The branches that meet in the demo year and the shapes of what the year plans.

Each open branch gets what all its meetings share (place, chair, recorder, the commune
committee member who follows it); a ``Slot`` is one planned meeting, ``Minutes`` one
revision's content before ``MinutesIn`` dumps it, ``YearRows`` the rows written in bulk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from minutes.alphabet import sort_key
from minutes.demo.corpus import Delegate, Topic
from minutes.demo.district import DemoDistrict
from minutes.demo.people import Person
from minutes.demo.tree import Unit, is_commune, upper_name
from minutes.i18n import nfc
from minutes.meetings import recorded
from minutes.meetings.schemas import MinutesIn

CATEGORY_OF_TYPE = {
    "rural": "village", "urban": "village", "agency": "agency", "school": "school",
    "students": "school", "enterprise": "enterprise", "armed_forces": "armed",
}  # fmt: skip
EVENING_CATEGORIES = ("village",)
URBAN_WORD = re.compile(r"(?<!nông) thôn\b")


@dataclass(frozen=True)
class Branch:
    """What every meeting of one branch shares."""

    unit: Unit
    category: str
    place: str
    evening: bool
    upper: str
    locality: str
    roster: tuple[Person, ...]
    chair: Person
    recorder: Person
    follower: Delegate | None
    clerk_id: int | None = None
    secretary_id: int | None = None


@dataclass
class Slot:
    """One planned meeting of a branch."""

    branch: Branch
    kind: str
    period: str
    month: int
    start: dt.datetime
    held: bool = True
    reason: str | None = None
    topic: Topic | None = None
    meeting_id: int = 0


@dataclass
class OpenTask:
    """A task the next regular meeting must evaluate, with how often it was evaluated."""

    id: int
    meeting_id: int
    position: int
    title: str
    evaluations: int = 0


@dataclass
class Minutes:
    """One revision's content before it becomes the ``MinutesIn`` dump."""

    start: dt.datetime
    end: dt.datetime | None
    place: str
    chair_id: int
    recorder_id: int
    attendance: list[dict[str, Any]]
    delegates: list[dict[str, Any]] = field(default_factory=list)
    documents: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    opinions: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    previous_tasks: list[dict[str, Any]] = field(default_factory=list)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    self_score: int | None = None

    def content(self) -> dict[str, Any]:
        """The revision's content, dumped by ``MinutesIn`` exactly as ``save_minutes`` stores it."""
        body = MinutesIn.model_validate(
            {
                "version": 0,
                "started_at": self.start,
                "ended_at": self.end,
                "place": self.place,
                "chair_member_id": self.chair_id,
                "recorder_member_id": self.recorder_id,
                "attendance": self.attendance,
                "delegates": self.delegates,
                "documents": self.documents,
                "sections": self.sections,
                "opinions": self.opinions,
                "tasks": self.tasks,
                "previous_tasks": self.previous_tasks,
                "votes": self.votes,
                "self_score": self.self_score,
            }
        )
        return recorded.compact(
            body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"})
        )


@dataclass
class YearRows:
    """The rows of the demo year, ids assigned, ready for bulk inserts."""

    meetings: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    submissions: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per table, and the meetings that have minutes."""
        return {
            "meetings": len(self.meetings),
            "minutes": sum(1 for m in self.meetings if m["minutes_version"]),
            "revisions": len(self.revisions),
            "attendance": len(self.attendance),
            "tasks": len(self.tasks),
            "evaluations": len(self.evaluations),
            "submissions": len(self.submissions),
        }


# --- Helpers -------------------------------------------------------------------------------


def join_texts(*parts: str) -> str:
    """Sentences joined into one paragraph, NFC."""
    return nfc(" ".join(part for part in parts if part))


def lower_first(text: str) -> str:
    """The text with its first letter in lower case (a task title inside a sentence)."""
    return text[:1].lower() + text[1:]


def localise(text: str, branch: Branch) -> str:
    """A town's residential branch says "khu phố" where a village branch says "thôn"."""
    return URBAN_WORD.sub(" khu phố", text) if branch.unit.branch_type == "urban" else text


def is_official_voter(person: Person) -> bool:
    """Official members vote; probationary ones speak but do not."""
    return person.status == "official"


def rating(score: int) -> str:
    """The rating of a self-assessed score (DOMAIN A.10 bands)."""
    return "Tốt" if score >= 90 else "Khá" if score >= 70 else "Trung bình" if score >= 50 else "Kém"


# --- Branches ------------------------------------------------------------------------------


def _place(unit: Unit, parent: Unit, category: str) -> str:
    """Where the branch meets: the village hall, or the hall of its agency, school or company."""
    own = unit.name.removeprefix("Chi bộ ")
    commune = parent.name.removeprefix("Đảng bộ ")
    if category == "village":
        return f"Nhà văn hoá {own}"
    if is_commune(parent):
        if own.startswith("Công an"):
            return f"Trụ sở Công an {commune}"
        if own.startswith("Quân sự"):
            return f"Trụ sở Ban Chỉ huy Quân sự {commune}"
        if own.startswith("cơ quan"):
            return f"Hội trường Ủy ban nhân dân {commune}"
        return f"Hội trường {own}"
    if parent.parent_id is not None and category == "armed":
        return f"Hội trường {'Ban Chỉ huy ' if commune.startswith('Quân sự') else ''}{commune}"
    if parent.parent_id is not None and category == "agency":
        return "Hội trường Ủy ban nhân dân huyện"
    if parent.parent_id is not None:
        return f"Phòng họp {own}, {commune}"
    return f"Hội trường {own}"


def _followers(district: DemoDistrict, commune_id: int) -> list[Delegate]:
    """Commune committee members who follow its village branches (members of its agency branch)."""
    commune = district.unit(commune_id)
    agency = next(
        (u for u in district.units if u.parent_id == commune_id and u.branch_type == "agency"), None
    )
    if agency is None:
        return []
    level = upper_name(commune)
    people = [district.member(i) for i in district.member_ids_by_branch.get(agency.id, [])]
    eligible = [p for p in people if p.status == "official" and not p.exempt][:3]
    post = "Đảng ủy viên, phụ trách khu phố" if "thị trấn" in commune.name else "Đảng ủy viên, phụ trách thôn"
    return [Delegate(p.full_name, post, level) for p in eligible]


def plan_branches(district: DemoDistrict) -> list[Branch]:
    """Every open branch with its place, chair, recorder and following delegate."""
    followers = {cid: _followers(district, cid) for cid in district.commune_ids}
    village_index: Counter[int] = Counter()
    accounts = {(a.org_unit_id, a.role): a.id for a in district.accounts}
    branches = []
    for unit in district.units:
        if unit.kind != "branch" or unit.parent_id is None:
            continue
        parent = district.unit(unit.parent_id)
        category = CATEGORY_OF_TYPE[unit.branch_type or "agency"]
        people = [district.member(i) for i in district.member_ids_by_branch.get(unit.id, [])]
        leaders = [p for p in people if p.status == "official" and not p.exempt]
        chair = leaders[0]
        recorder = leaders[1] if len(leaders) > 1 else next(p for p in people if p.id != chair.id)
        follower = None
        if category == "village" and followers.get(parent.id):
            pool = followers[parent.id]
            follower = pool[village_index[parent.id] % len(pool)]
            village_index[parent.id] += 1
        locality = parent.name.removeprefix("Đảng bộ ") if is_commune(parent) else "huyện"
        branches.append(
            Branch(
                unit=unit,
                category=category,
                place=nfc(_place(unit, parent, category)),
                evening=category in EVENING_CATEGORIES,
                upper=upper_name(parent),
                locality=locality,
                roster=tuple(sorted(people, key=lambda p: (sort_key(p.full_name), p.id))),
                chair=chair,
                recorder=recorder,
                follower=follower,
                clerk_id=accounts.get((unit.id, "clerk")),
                secretary_id=accounts.get((unit.id, "secretary")),
            )
        )
    return branches
