"""The minutes as a document reads them: header, opening block, sections, votes, signatures.

Built once from a meeting's current revision and used by the print page and the Word file,
so that both say the same thing in the same order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from minutes import clock
from minutes.i18n import N_, translate
from minutes.meetings import periods
from minutes.meetings.counts import AttendanceCounts, attendance_counts
from minutes.meetings.structure import Structure

STATUS_WORDS = {
    "done": N_("done"),
    "partly_done": N_("partly done"),
    "not_done": N_("not done"),
    "dropped": N_("not to be carried on"),
    "open": N_("open"),
}
VOTE_TITLES = {
    "resolution": N_("Vote on the conclusion or resolution"),
    "minutes": N_("Vote to adopt the minutes"),
}
SPECIAL_VOTE_TITLES = {
    "admission": N_("Vote to admit {name} to the Party"),
    "recognition": N_("Vote to recognise {name} as an official member"),
    "removal": N_("Vote to remove {name} from the list of members"),
}


@dataclass(frozen=True)
class DocumentWords:
    """The fixed words of the Party document layout (HD 36): always Vietnamese, never translated."""

    country: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    asterisk: str = "*"
    number: str = "Số {number}"
    title: str = "BIÊN BẢN"
    rule: str = "-----"
    opening: str = "I. PHẦN MỞ ĐẦU"
    content: str = "II. PHẦN NỘI DUNG"
    closing: str = "III. PHẦN KẾT THÚC"
    chair: str = "Chủ trì: đồng chí {name}."
    recorder: str = "Thư ký: đồng chí {name}."
    delegates: str = "Đại biểu cấp trên dự: {names}."
    comrade: str = "đồng chí {name}"
    documents: str = "Tài liệu sử dụng: {text}"
    speaker: str = "Đồng chí {name}: {text}"
    assignee: str = "Phân công: đồng chí {name}"
    due: str = "thời hạn: {due}"
    recorder_signs: str = "THƯ KÝ"
    chair_signs: str = "CHỦ TRÌ"
    signature: str = ""  # the space where each signs by hand (B.5.3): nothing printed in it
    points: str = "{points} điểm"


WORDS = DocumentWords()


@dataclass(frozen=True)
class Opinion:
    """One speaker's words."""

    speaker: str
    content: str


@dataclass(frozen=True)
class SectionView:
    """A section of the structure with what was written in it."""

    key: str
    title: str
    part: str
    kind: str
    text: str
    opinions: tuple[Opinion, ...] = ()


@dataclass(frozen=True)
class TaskLine:
    """A task with who does it and by when."""

    title: str
    assignee: str
    due: str
    status: str = ""
    note: str = ""


@dataclass(frozen=True)
class MinutesView:
    """Everything printed on the minutes, in order; ``body`` lays out parts I to III."""

    words: ClassVar[DocumentWords] = WORDS
    superior: str
    branch: str
    place_date: str
    summary: str
    opening_line: str
    chair: str
    recorder: str
    delegates: tuple[str, ...]
    roll_call: tuple[str, ...]
    sections: tuple[SectionView, ...]
    evaluations: tuple[TaskLine, ...]
    tasks: tuple[TaskLine, ...]
    votes: tuple[str, ...]
    closing_line: str
    documents: str = ""
    number: str = ""  # e.g. "10-BB/CB", printed as "Số 10-BB/CB"; optional for a branch (B.5.3)
    self_score: int | None = None
    counts: AttendanceCounts | None = field(default=None, compare=False)


def _local(value: str | None) -> dt.datetime | None:
    return clock.at_office(dt.datetime.fromisoformat(value)) if value else None


def _clock(moment: dt.datetime) -> str:
    return translate(
        N_("{hour} hours {minute} minutes"), hour=f"{moment.hour:02d}", minute=f"{moment.minute:02d}"
    )


def summary_of(structure: Structure, period: str) -> str:
    """The title's summary line, e.g. "sinh hoạt chi bộ thường kỳ tháng 10 năm 2019"."""
    year, month, quarter = periods.year_month_quarter(period)
    return structure.summary_line(year=year, month=month, quarter=quarter)


def build_view(
    *,
    structure: Structure,
    content: dict[str, Any],
    facts: Any,
    period: str,
    branch_name: str,
    superior_name: str,
    place_name: str,
    names: dict[int, str],
    previous: dict[int, tuple[str, str | None]],
) -> MinutesView:
    """Assemble the document from a revision's content and the names it recorded."""
    started, ended = _local(content.get("started_at")), _local(content.get("ended_at"))
    summary = summary_of(structure, period)
    place = content.get("place") or ""
    day = started.date() if started else None
    opening = ""
    if started:
        opening = translate(
            N_("At {clock}, {date}, at {place}, {branch} held its {summary}."),
            clock=_clock(started),
            date=_long(day),
            place=place or "…",
            branch=branch_name,
            summary=summary,
        )
    counts = attendance_counts(facts)
    return MinutesView(
        superior=superior_name.upper(),
        branch=branch_name.upper(),
        place_date=f"{place_name}, {_long(day)}" if day else "",
        summary=summary,
        opening_line=opening,
        chair=names.get(content.get("chair_member_id") or 0, ""),
        recorder=names.get(content.get("recorder_member_id") or 0, ""),
        delegates=tuple(
            ", ".join(p for p in (d.get("name"), d.get("post"), d.get("level")) if p)
            for d in content.get("delegates", [])
        ),
        roll_call=_roll_call_lines(content, counts, names),
        sections=_sections(structure, content, names),
        evaluations=tuple(
            TaskLine(
                previous[e["task_id"]][0],
                previous[e["task_id"]][1] or "",
                "",
                translate(STATUS_WORDS[e["status"]]),
                e.get("note") or "",
            )
            for e in content.get("previous_tasks", [])
            if e["task_id"] in previous
        ),
        tasks=tuple(
            TaskLine(t["title"], names.get(t.get("assignee_member_id") or 0, ""), _short(t.get("due_on")))
            for t in content.get("tasks", [])
        ),
        votes=_vote_lines(content, counts, names),
        closing_line=translate(N_("The meeting closed at {clock} the same day."), clock=_clock(ended))
        if ended
        else "",
        documents=content.get("documents") or "",
        number=content.get("number") or "",
        self_score=content.get("self_score"),
        counts=counts,
    )


def _long(day: dt.date | None) -> str:
    from minutes.i18n import long_date

    return long_date(day) if day else ""


def _short(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""


def _roll_call_lines(
    content: dict[str, Any], counts: AttendanceCounts, names: dict[int, str]
) -> tuple[str, ...]:
    lines = [
        translate(
            N_(
                "Members of the branch: {total} (official: {official}, probationary: {probationary}); exempt: {exempt}; attending elsewhere: {elsewhere}."
            ),
            total=counts.total,
            official=counts.official,
            probationary=counts.probationary,
            exempt=counts.exempt,
            elsewhere=counts.elsewhere,
        ),
        translate(
            N_("Present: {present} (official: {official}, probationary: {probationary})."),
            present=counts.present,
            official=counts.present_official,
            probationary=counts.present_probationary,
        ),
    ]
    excused = [
        f"{names.get(a['member_id'], '?')} ({a.get('reason') or '…'})"
        for a in content.get("attendance", [])
        if a["status"] == "absent_excused"
    ]
    unexcused = [
        names.get(a["member_id"], "?")
        for a in content.get("attendance", [])
        if a["status"] == "absent_unexcused"
    ]
    lines.append(
        _absent(N_("Absent with a reason: none."), N_("Absent with a reason: {count}: {names}."), excused)
    )
    lines.append(
        _absent(
            N_("Absent without a reason: none."),
            N_("Absent without a reason: {count}: {names}."),
            unexcused,
        )
    )
    visitors = [
        f"{a.get('name') or '?'} ({a['branch_name']})" if a.get("branch_name") else a.get("name") or "?"
        for a in content.get("attendance", [])
        if a["status"] == "visiting"
    ]
    if visitors:  # listed apart, never counted in the branch's figures (A.5)
        lines.append(
            translate(
                N_("Members of other branches attending: {count}: {names}."),
                count=len(visitors),
                names="; ".join(visitors),
            )
        )
    return tuple(lines)


def _absent(none: str, some: str, names: list[str]) -> str:
    """An absence line: the count, then each absentee by name (DOMAIN B.2.4)."""
    if not names:
        return translate(none)
    return translate(some, count=len(names), names="; ".join(names))


def _sections(
    structure: Structure, content: dict[str, Any], names: dict[int, str]
) -> tuple[SectionView, ...]:
    texts = content.get("sections", {})
    opinions = content.get("opinions", [])
    # A delegate speaks with their post, as the secretary wrote them among the delegates.
    posts = {d.get("name"): d.get("post") for d in content.get("delegates", []) if d.get("post")}
    views = []
    for section in structure.sections:
        said = tuple(
            Opinion(
                names.get(o.get("member_id") or 0) or _with_post(o.get("speaker_name"), posts),
                o.get("content", ""),
            )
            for o in opinions
            if o.get("section") == section.key
        )
        views.append(
            SectionView(
                section.key, section.title, section.part, section.kind, texts.get(section.key, ""), said
            )
        )
    return tuple(views)


def _with_post(name: str | None, posts: dict[Any, Any]) -> str:
    if not name:
        return ""
    return f"{name}, {posts[name]}" if posts.get(name) else name


def _vote_lines(content: dict[str, Any], counts: AttendanceCounts, names: dict[int, str]) -> tuple[str, ...]:
    lines = []
    for key, title in VOTE_TITLES.items():
        vote = content.get("votes", {}).get(key)
        if vote:
            lines.append(
                translate(
                    N_(
                        "{title}: {votes_for}/{eligible} official members present for (against: {against}; abstaining: {abstain})."
                    ),
                    title=translate(title),
                    votes_for=vote["for"],
                    eligible=counts.eligible_voters,
                    against=vote.get("against", 0),
                    abstain=vote.get("abstain", 0),
                )
            )
    for key, title in SPECIAL_VOTE_TITLES.items():
        vote = content.get("votes", {}).get(key)
        if vote:
            person = names.get(vote.get("member_id") or 0) or vote.get("name") or "…"
            lines.append(
                translate(
                    N_(
                        "{title}: {votes_for}/{official} official members of the branch for (against: {against}; abstaining: {abstain})."
                    ),
                    title=translate(title, name=person),
                    votes_for=vote["for"],
                    official=counts.official,
                    against=vote.get("against", 0),
                    abstain=vote.get("abstain", 0),
                )
            )
    return tuple(lines)
