"""Pydantic shapes of meetings and of the minutes body (API.md, "Meetings and minutes")."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from minutes import clock
from minutes.db import DbId
from minutes.i18n import nfc, typed_text
from minutes.meetings.findings import Finding

MeetingKind = Literal["regular", "thematic", "combined", "extraordinary"]
AttendanceStatus = Literal[
    "present", "absent_excused", "absent_unexcused", "exempt", "elsewhere", "suspended", "visiting"
]
VoteKey = Literal["resolution", "minutes", "admission", "recognition", "removal"]
TaskStatus = Literal["open", "done", "partly_done", "not_done"]
EvaluationStatus = Literal["done", "partly_done", "not_done", "dropped"]  # dropped: with the reason
MAX_TEXT = 20_000
MAX_LINE = 500


class Body(BaseModel):
    """Every text arrives in NFC with LF line breaks, whatever form and browser it was typed in."""

    model_config = ConfigDict(extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        return typed_text(value) if isinstance(value, str) else value


class MeetingCreate(Body):
    """A meeting to plan."""

    org_unit_id: DbId
    kind: MeetingKind
    period: str = Field(max_length=7)
    scheduled_at: dt.datetime
    place: str | None = Field(default=None, max_length=300)
    topic: str | None = Field(default=None, max_length=500)


class MeetingStatusIn(Body):
    """A meeting that did not take place, with the reason."""

    status: Literal["not_held", "cancelled"]
    reason: str = Field(min_length=1, max_length=MAX_LINE)


class AttendanceIn(Body):
    """One line of the roll-call; a visitor from another branch (``visiting``) is a member picked
    by id, or a name and branch typed in."""

    member_id: DbId | None = None
    status: AttendanceStatus
    reason: str | None = Field(default=None, max_length=MAX_LINE)
    name: str | None = Field(default=None, max_length=200)
    branch_name: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _someone(self) -> AttendanceIn:
        if self.member_id is None and (self.status != "visiting" or not (self.name or "").strip()):
            raise ValueError("a roll-call line names a member (a visitor: a member or a name)")
        return self


class DelegateIn(Body):
    """An upper-level delegate or guest present."""

    name: str = Field(min_length=1, max_length=200)
    post: str | None = Field(default=None, max_length=200)
    level: str | None = Field(default=None, max_length=200)
    user_id: DbId | None = None


class OpinionIn(Body):
    """One speaker's opinion on a section; the speaker is a member or a named delegate."""

    section: str = Field(max_length=64)
    member_id: DbId | None = None
    speaker_name: str | None = Field(default=None, max_length=200)
    content: str = Field(max_length=MAX_TEXT)


class TaskIn(Body):
    """A task for next month; `id` keeps a task's identity across saves."""

    id: DbId | None = None
    title: str = Field(max_length=MAX_LINE * 2)
    assignee_member_id: DbId | None = None
    due_on: dt.date | None = None
    status: TaskStatus = "open"
    note: str | None = Field(default=None, max_length=MAX_TEXT)


class EvaluationIn(Body):
    """The verdict on one of last month's tasks."""

    task_id: DbId
    status: EvaluationStatus
    note: str | None = Field(default=None, max_length=MAX_TEXT)


MAX_COUNT = 10_000  # the most hands a count may hold


class VoteIn(Body):
    """A show of hands as counted."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    for_: int = Field(alias="for", ge=0, le=MAX_COUNT)
    against: int = Field(default=0, ge=0, le=MAX_COUNT)
    abstain: int = Field(default=0, ge=0, le=MAX_COUNT)
    voters: int | None = Field(default=None, ge=0, le=MAX_COUNT)  # how many voted, as the recorder counted
    # The person a vote on admission, recognition or removal is about: a member, or a name.
    member_id: DbId | None = None
    name: str | None = Field(default=None, max_length=200)


class MinutesIn(Body):
    """The whole minutes, with the version it was read at (0 for the first save)."""

    version: int = Field(ge=0)
    # Names one body from one device; a later body under the same id is stored as "<id>.<n>".
    client_save_id: str | None = Field(default=None, min_length=1, max_length=56, pattern=r"^[^.]*$")
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    place: str | None = Field(default=None, max_length=300)
    chair_member_id: DbId | None = None
    recorder_member_id: DbId | None = None
    attendance: list[AttendanceIn] = Field(default_factory=list, max_length=2000)
    delegates: list[DelegateIn] = Field(default_factory=list, max_length=50)
    documents: str | None = Field(default=None, max_length=MAX_TEXT)
    # Each section's text at most MAX_TEXT: a refusal names the section (sections.<key>) and its limit.
    sections: dict[str, Annotated[str, Field(max_length=MAX_TEXT)]] = Field(default_factory=dict)
    opinions: list[OpinionIn] = Field(default_factory=list, max_length=500)
    tasks: list[TaskIn] = Field(default_factory=list, max_length=200)
    previous_tasks: list[EvaluationIn] = Field(default_factory=list, max_length=200)
    votes: dict[VoteKey, VoteIn] = Field(default_factory=dict)
    self_score: int | None = Field(default=None, ge=0, le=100)
    # The document's number as printed after "Số", e.g. "05-BB/CB" (optional for a branch, B.5.2).
    number: str | None = Field(default=None, max_length=30)

    @field_validator("number", mode="before")
    @classmethod
    def _number_without_so(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = re.sub(r"^\s*số\s*", "", value.strip(), flags=re.IGNORECASE).strip()
            return value or None
        return value

    @field_validator("client_save_id", mode="before")
    @classmethod
    def _no_empty_save_id(cls, value: Any) -> Any:
        return None if value == "" else value  # an empty id names nothing

    @field_validator("sections")
    @classmethod
    def _sections_nfc(cls, value: dict[str, str]) -> dict[str, str]:
        return {nfc(key): typed_text(text) for key, text in value.items()}

    @field_validator("started_at", "ended_at")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return clock.assume_office(value)
        return value


class FindingOut(BaseModel):
    """A check's result."""

    code: str
    severity: Literal["error", "warning"]
    section: str | None
    message: str


class SaveOut(BaseModel):
    """The answer to a save."""

    version: int
    status: str
    findings: list[FindingOut]


class FormSaveOut(SaveOut):
    """The answer to a save from the minutes form's script: the API's answer, and each section's
    findings written as the page writes them (the script swaps them in)."""

    findings_html: dict[str, str]
    sent_html: str = ""  # the submit step's summary of the version saved
    merged: bool = False  # combined with a colleague's save made meanwhile (other parts): the page reloads


class SubmitOut(BaseModel):
    """The answer to a submission."""

    status: str
    version: int


class MeetingOut(BaseModel):
    """A meeting, with its current minutes if any."""

    id: int
    org_unit_id: int
    kind: str
    period: str
    status: str
    scheduled_at: dt.datetime
    place: str | None
    topic: str | None
    status_reason: str | None = None
    minutes: dict[str, Any] | None


class VersionOut(BaseModel):
    """One revision of a minutes."""

    version: int
    status: str
    saved_at: dt.datetime
    saved_by: str | None
    changed: list[str] = []  # the parts this version changed from the one before, by title
    autosave: bool = False  # a working copy the form saved by itself while the secretary typed


class TaskOut(BaseModel):
    """A resolution task."""

    id: int
    meeting_id: int
    title: str
    assignee_member_id: int | None
    assignee_name: str | None = None
    due_on: dt.date | None
    status: str
    note: str | None


def findings_out(findings: list[Finding]) -> list[FindingOut]:
    """Findings with their messages in the current language."""
    return [FindingOut(code=f.code, severity=f.severity, section=f.section, message=f.text) for f in findings]
