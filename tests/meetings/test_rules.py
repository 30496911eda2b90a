"""Checks of one minutes: attendance, votes and the findings a secretary sees.

The baseline is the sample minutes of DOMAIN (shared/data/sample-minutes-regular.md):
Nà Noong village branch, October 2019, 19 members (17 official, 2 probationary), 3 exempt,
14 present (13 official, 1 probationary), one absent with a reason, one without.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from minutes.i18n import LOCALE_DIR, language
from minutes.meetings import findings as findings_module
from minutes.meetings import rules, structure
from minutes.meetings.counts import AttendanceCounts, Thresholds, attendance_counts
from minutes.meetings.facts import (
    ATTENDANCE_STATUSES,
    AttendanceFacts,
    AttendanceStatus,
    MemberFacts,
    MemberStatus,
    MinutesFacts,
    OpinionFacts,
    TaskFacts,
    VoteFacts,
)
from minutes.meetings.findings import RULES, Finding
from minutes.meetings.rules import check_minutes
from minutes.meetings.structure import structure_in_force

ICT = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2019, 10, 5, 19, 30, tzinfo=ICT)
END = dt.datetime(2019, 10, 5, 21, 15, tzinfo=ICT)
REGULAR = structure_in_force("regular")

CHAIR, RECORDER, LAN, HAI, MAI = 1, 2, 3, 4, 5
CUONG = 14  # official, absent without a reason
EXEMPT = (15, 16, 17)  # official, elderly, exempt from meetings
THU, PHUC = 18, 19  # probationary: Thu present, Phúc in hospital

NAMES = {
    1: "Hoàng Văn Tuấn", 2: "Lương Thị Hằng", 3: "Nông Thị Lan", 4: "Lục Văn Hải",
    5: "Chu Thị Mai", 6: "Triệu Văn Hùng", 7: "Hoàng Thị Nga", 8: "Lăng Văn Bình",
    9: "Vy Thị Hoa", 10: "Nông Văn Thắng", 11: "Hứa Thị Liên", 12: "Lộc Văn Minh",
    13: "Chu Văn Tài", 14: "Lăng Văn Cường", 15: "Hoàng Văn Pắn", 16: "Nông Thị Slao",
    17: "Lương Văn Kiên", 18: "Vi Thị Thu", 19: "Vi Văn Phúc",
}  # fmt: skip


def _sample_members() -> tuple[MemberFacts, ...]:
    return tuple(
        MemberFacts(i, name, "probationary" if i in (THU, PHUC) else "official", exempt=i in EXEMPT)
        for i, name in NAMES.items()
    )


def _sample_attendance() -> tuple[AttendanceFacts, ...]:
    def line(member_id: int) -> AttendanceFacts:
        if member_id == CUONG:
            return AttendanceFacts(member_id, "absent_unexcused")
        if member_id == PHUC:
            return AttendanceFacts(member_id, "absent_excused", "Đi điều trị tại bệnh viện tỉnh")
        if member_id in EXEMPT:
            return AttendanceFacts(member_id, "exempt")
        return AttendanceFacts(member_id, "present")

    return tuple(line(member_id) for member_id in NAMES)


SAMPLE = MinutesFacts(
    kind="regular",
    started_at=START,
    ended_at=END,
    place="Nhà văn hoá thôn Nà Noong",
    chair_member_id=CHAIR,
    recorder_member_id=RECORDER,
    members=_sample_members(),
    attendance=_sample_attendance(),
    sections={
        "dues": "Đã thu đủ đảng phí tháng 9.",
        "agenda": "Chi bộ thống nhất chương trình sinh hoạt gồm 4 nội dung.",
        "news": "Phổ biến Kế hoạch của Đảng ủy xã về tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025.",
        "ideology": "Đảng viên và nhân dân phấn khởi; một số hộ lo lắng về giá lợn hơi giảm.",
        "previous_tasks": "Thu hoạch lúa mùa xong 100% diện tích; vận động bảo hiểm y tế còn chậm.",
        "ho_chi_minh": "Nêu gương đồng chí Triệu Văn Hùng tích cực hiến đất làm đường nội thôn.",
        "conclusion": "Chi bộ thống nhất đánh giá kết quả tháng 9; nhắc nhở đồng chí Lăng Văn Cường.",
        "self_assessment": "86 điểm, xếp loại Khá.",
        "closing": "Biên bản đã được thư ký đọc lại; chi bộ biểu quyết thông qua.",
    },
    opinions=(
        OpinionFacts("opinions", LAN, None, "Đề nghị vận động các hộ khá giả hỗ trợ hộ nghèo mua thẻ BHYT."),
        OpinionFacts("opinions", HAI, None, "Đề nghị sửa đường ngay sau khi tạnh mưa."),
        OpinionFacts("opinions", THU, None, "Đề nghị tăng cường tuyên truyền phòng dịch tả lợn châu Phi."),
        OpinionFacts("opinions", None, "Nông Văn Dũng, Đảng ủy viên", "Đề nghị làm rõ lý do đảng viên vắng."),
    ),
    tasks=(
        TaskFacts("Vận động 2 hộ nghèo còn lại tham gia BHYT", LAN, dt.date(2019, 10, 31)),
        TaskFacts("Sửa chữa đường bê tông đoạn qua khe suối", HAI, dt.date(2019, 10, 25)),
        TaskFacts("Tuyên truyền phòng chống dịch tả lợn châu Phi", THU, dt.date(2019, 10, 31)),
        TaskFacts("Chuẩn bị nội dung sinh hoạt chuyên đề quý IV", MAI, dt.date(2019, 11, 30)),
    ),
    votes={"resolution": VoteFacts(13, 0, 0), "minutes": VoteFacts(13, 0, 0)},
    period="2019-10",
    held_on=START.date(),
    today=dt.date(2019, 10, 6),  # written up the day after
)


# --- helpers that describe a change to the sample -------------------------------------------------

Change = Callable[[MinutesFacts], MinutesFacts]


def mark(member_id: int, status: AttendanceStatus, reason: str | None = None) -> Change:
    """Change one member's line of the roll-call."""

    def change(facts: MinutesFacts) -> MinutesFacts:
        attendance = tuple(
            AttendanceFacts(member_id, status, reason) if a.member_id == member_id else a
            for a in facts.attendance
        )
        return replace(facts, attendance=attendance)

    return change


def add_line(member_id: int, status: AttendanceStatus = "present") -> Change:
    """Add a line to the roll-call."""
    return lambda f: replace(f, attendance=(*f.attendance, AttendanceFacts(member_id, status)))


def drop_line(member_id: int) -> Change:
    """Leave a member out of the roll-call."""
    return lambda f: replace(f, attendance=tuple(a for a in f.attendance if a.member_id != member_id))


def with_(**fields: Any) -> Change:
    """Replace fields of the minutes."""
    return lambda f: replace(f, **fields)


def section_text(key: str, text: str) -> Change:
    """Replace the text of one section."""
    return lambda f: replace(f, sections={**f.sections, key: text})


def vote(name: str, for_: int, against: int = 0, abstain: int = 0, voters: int | None = None) -> Change:
    """Record one vote."""
    return lambda f: replace(f, votes={**f.votes, name: VoteFacts(for_, against, abstain, voters)})


def special(
    name: str, for_: int, against: int = 0, *, member_id: int | None = None, person: str | None = None
) -> Change:
    """Record a vote on a person (admission, recognition, removal)."""
    facts = VoteFacts(for_, against, 0, member_id=member_id, name=person)
    return lambda f: replace(f, votes={**f.votes, name: facts})


def without_vote(name: str) -> Change:
    """Leave one vote out."""
    return lambda f: replace(f, votes={k: v for k, v in f.votes.items() if k != name})


def task(title: str, assignee: int | None = LAN, due_on: dt.date | None = dt.date(2019, 10, 31)) -> Change:
    """Add a task."""
    return lambda f: replace(f, tasks=(*f.tasks, TaskFacts(title, assignee, due_on)))


def opinion(section: str, member_id: int | None, speaker: str | None, content: str) -> Change:
    """Add an opinion."""
    return lambda f: replace(f, opinions=(*f.opinions, OpinionFacts(section, member_id, speaker, content)))


def both(*changes: Change) -> Change:
    """Apply several changes in turn."""

    def change(facts: MinutesFacts) -> MinutesFacts:
        for one in changes:
            facts = one(facts)
        return facts

    return change


def codes(facts: MinutesFacts, thresholds: Thresholds = Thresholds()) -> list[str]:
    return [finding.code for finding in check_minutes(facts, REGULAR, thresholds)]


EXCUSE_CUONG = mark(CUONG, "absent_excused", "Đi làm ăn xa")
THU_STAYS_HOME = mark(THU, "absent_excused", "Con ốm")

# --- the sample itself ---------------------------------------------------------------------------


def test_sample_minutes_only_warn_about_the_member_absent_without_reason() -> None:
    found = check_minutes(SAMPLE, REGULAR)
    assert [(f.code, f.severity, f.section) for f in found] == [("unexcused_absence", "warning", "roll_call")]
    assert found[0].params["names"] == ["Lăng Văn Cường"]


def test_sample_minutes_count_as_the_paper_minutes_do() -> None:
    assert attendance_counts(SAMPLE) == AttendanceCounts(
        total=19,
        official=17,
        probationary=2,
        present_official=13,
        present_probationary=1,
        exempt=3,
        elsewhere=0,
        suspended=0,
        absent_excused=1,
        absent_unexcused=1,
        eligible_voters=13,
        attendance_base=16,
        attendance_rate=14 / 16,
        vote_denominator=14,
    )
    assert attendance_counts(SAMPLE).present == 14


# --- every finding code: a situation that raises it ---------------------------------------------

RAISES: list[tuple[str, Change, str]] = [
    ("place left blank", with_(place="  "), "no_place"),
    ("start time not written", with_(started_at=None), "no_start_time"),
    ("closing time not written", with_(ended_at=None), "no_closing_time"),
    (
        "meeting closes before it starts",
        with_(ended_at=START - dt.timedelta(minutes=30)),
        "ends_before_start",
    ),
    ("meeting closes the minute it starts", with_(ended_at=START), "ends_before_start"),
    ("meeting lasts 89 minutes", with_(ended_at=START + dt.timedelta(minutes=89)), "too_short"),
    ("meeting dated two days after today", with_(today=dt.date(2019, 10, 3)), "held_in_future"),
    ("October's meeting held on 2 November", with_(held_on=dt.date(2019, 11, 2)), "outside_period"),
    ("nobody chaired", with_(chair_member_id=None), "no_chair"),
    ("chair marked absent", mark(CHAIR, "absent_excused", "Đi họp huyện"), "chair_not_present"),
    ("chair not in the roll-call", with_(chair_member_id=99), "chair_not_present"),
    ("nobody recorded", with_(recorder_member_id=None), "no_recorder"),
    ("recorder marked absent", mark(RECORDER, "absent_unexcused"), "recorder_not_present"),
    ("chair also wrote the minutes", with_(recorder_member_id=CHAIR), "chair_is_recorder"),
    ("news briefing left blank", section_text("news", " \n"), "required_section_empty"),
    ("conclusion missing", section_text("conclusion", ""), "required_section_empty"),
    ("nobody spoke", with_(opinions=()), "required_section_empty"),
    ("no tasks for next month", with_(tasks=()), "required_section_empty"),
    ("roll-call not taken", with_(attendance=()), "required_section_empty"),
    ("stranger in the roll-call", add_line(99), "roll_call_unknown_member"),
    ("member listed twice", add_line(LAN, "absent_excused"), "roll_call_duplicate"),
    ("exempt member left out of the roll-call", drop_line(EXEMPT[0]), "roll_call_missing_member"),
    ("excused absence without a reason", mark(PHUC, "absent_excused", "  "), "absence_reason_missing"),
    ("member absent without reason", lambda f: f, "unexcused_absence"),
    ("13 of 16 attend (81.25%)", mark(LAN, "absent_excused", "Ốm"), "attendance_below_bar"),
    ("last month's tasks not evaluated", with_(previous_tasks_unevaluated=2), "previous_tasks_not_evaluated"),
    ("opinion with no speaker", opinion("opinions", None, " ", "Đồng ý."), "opinion_without_speaker"),
    ("opinion with no content", opinion("opinions", HAI, None, "  "), "opinion_without_content"),
    ("task nobody carries out", task("Dọn vệ sinh nhà văn hoá", assignee=None), "task_without_assignee"),
    ("task with no deadline", task("Dọn vệ sinh nhà văn hoá", due_on=None), "task_without_deadline"),
    (
        "task due before the meeting",
        task("Nộp báo cáo", due_on=dt.date(2019, 9, 30)),
        "task_deadline_before_meeting",
    ),
    ("minutes vote not recorded", without_vote("minutes"), "vote_missing"),
    ("resolution vote not recorded", without_vote("resolution"), "vote_missing"),
    ("probationary member's hand counted", vote("resolution", 14), "probationary_vote_counted"),
    ("15 hands for, 13 official present", vote("resolution", 15), "votes_exceed_eligible"),
    (
        "14 for without probationary present",
        both(THU_STAYS_HOME, vote("minutes", 14)),
        "votes_exceed_eligible",
    ),
    ("10 + 3 + 2 hands for 13 voters", vote("resolution", 10, 3, 2), "votes_do_not_add_up"),
    ("13 voted but counts make 12", vote("resolution", 12, 0, 0, voters=13), "votes_do_not_add_up"),
    ("only 12 of 13 voted", vote("resolution", 11, 1), "votes_missing_voters"),
    ("7 for of a denominator of 14", vote("resolution", 7, 6), "resolution_not_passed"),
    ("6 for of 13 official present", vote("resolution", 6, 7), "resolution_weak_majority"),
    ("minutes adopted by 7 of 14", vote("minutes", 7, 6), "minutes_not_adopted"),
    ("a member the list does not exempt marked exempt", mark(LAN, "exempt"), "roll_call_not_exempt"),
    (
        "an exempt member marked absent without reason",
        mark(15, "absent_unexcused"),
        "roll_call_exempt_marked_absent",
    ),
    ("14 voters written, 13 official present", vote("resolution", 13, voters=14), "voters_exceed_eligible"),
    ("an admission vote about nobody", special("admission", 12, 1), "special_vote_without_person"),
    ("a task dropped with no reason", with_(tasks_dropped_without_reason=1), "task_dropped_without_reason"),
    (
        "admitted by 11 of 17 official members",
        special("admission", 11, 2, person="Hoàng Văn Mới"),
        "special_vote_not_passed",
    ),
]

# --- and a near miss that does not ---------------------------------------------------------------

DOES_NOT_RAISE: list[tuple[str, Change, str]] = [
    ("place written", lambda f: f, "no_place"),
    ("start time written", lambda f: f, "no_start_time"),
    ("closing time written", lambda f: f, "no_closing_time"),
    (
        "meeting runs past midnight",
        with_(
            started_at=START.replace(hour=22),
            ended_at=START.replace(hour=23, minute=59) + dt.timedelta(hours=1),
        ),
        "ends_before_start",
    ),
    ("meeting lasts exactly 90 minutes", with_(ended_at=START + dt.timedelta(minutes=90)), "too_short"),
    ("meeting dated tomorrow, within a day's grace", with_(today=dt.date(2019, 10, 4)), "held_in_future"),
    (
        "the quarter's thematic meeting held in its first month",
        with_(period="2019-Q4", held_on=dt.date(2019, 10, 5)),
        "outside_period",
    ),
    ("secretary chaired", lambda f: f, "no_chair"),
    ("chair present", lambda f: f, "chair_not_present"),
    ("recorder appointed", lambda f: f, "no_recorder"),
    ("recorder present", lambda f: f, "recorder_not_present"),
    ("another member recorded", lambda f: f, "chair_is_recorder"),
    ("optional dues section left blank", section_text("dues", ""), "required_section_empty"),
    ("optional Hồ Chí Minh section left blank", section_text("ho_chi_minh", ""), "required_section_empty"),
    ("every member in the roll-call", lambda f: f, "roll_call_unknown_member"),
    ("each member listed once", lambda f: f, "roll_call_duplicate"),
    ("exempt members listed as exempt", lambda f: f, "roll_call_missing_member"),
    ("reason written for the excused absence", lambda f: f, "absence_reason_missing"),
    ("absent member excused", EXCUSE_CUONG, "unexcused_absence"),
    ("14 of 16 attend (87.5%)", lambda f: f, "attendance_below_bar"),
    ("last month's tasks all evaluated", with_(previous_tasks_unevaluated=0), "previous_tasks_not_evaluated"),
    (
        "delegate speaks under his own name",
        opinion("opinions", None, "Nông Văn Dũng", "Ghi nhận."),
        "opinion_without_speaker",
    ),
    ("opinion says something", lambda f: f, "opinion_without_content"),
    ("each task assigned", lambda f: f, "task_without_assignee"),
    ("each task has a deadline", lambda f: f, "task_without_deadline"),
    (
        "task due on the day of the meeting",
        task("Báo cáo nhanh", due_on=START.date()),
        "task_deadline_before_meeting",
    ),
    ("both votes recorded", lambda f: f, "vote_missing"),
    ("only official hands counted", vote("resolution", 13), "probationary_vote_counted"),
    ("13 hands for, 13 official present", vote("resolution", 13), "votes_exceed_eligible"),
    ("counts add up to the 13 who voted", vote("resolution", 12, 1, 0, voters=13), "votes_do_not_add_up"),
    ("every official member present voted", vote("resolution", 10, 2, 1), "votes_missing_voters"),
    ("8 for of a denominator of 14", vote("resolution", 8, 5), "resolution_not_passed"),
    ("7 for of 13 official present", vote("resolution", 7, 6), "resolution_weak_majority"),
    ("minutes adopted by 8 of 14", vote("minutes", 8, 5), "minutes_not_adopted"),
    ("only exempt members marked exempt", lambda f: f, "roll_call_not_exempt"),
    ("no task dropped, or each with its reason", lambda f: f, "task_dropped_without_reason"),
    ("exempt members marked exempt, not absent", lambda f: f, "roll_call_exempt_marked_absent"),
    ("13 voters written, 13 official present", vote("resolution", 13, voters=13), "voters_exceed_eligible"),
    (
        "an admission vote about a named person",
        special("admission", 12, 1, person="Hoàng Văn Mới"),
        "special_vote_without_person",
    ),
    (
        "admitted by 12 of 17 official members (two thirds)",
        special("admission", 12, 1, member_id=LAN),
        "special_vote_not_passed",
    ),
]


@pytest.mark.parametrize(("situation", "change", "code"), RAISES, ids=[r[0] for r in RAISES])
def test_minutes_with_this_problem_get_the_finding(situation: str, change: Change, code: str) -> None:
    found = [f for f in check_minutes(change(SAMPLE), REGULAR) if f.code == code]
    assert found, f"{situation}: expected {code}"
    assert found[0].severity == RULES[code].severity


@pytest.mark.parametrize(("situation", "change", "code"), DOES_NOT_RAISE, ids=[r[0] for r in DOES_NOT_RAISE])
def test_minutes_without_the_problem_do_not_get_the_finding(
    situation: str, change: Change, code: str
) -> None:
    assert code not in codes(change(SAMPLE)), situation


# A quorum exists only where a province sets one: test_a_province_may_set_a_quorum.
NEEDS_A_SETTING = {"below_quorum"}


def test_every_finding_code_has_a_case_raising_it_and_one_not() -> None:
    assert {code for _, _, code in RAISES} == set(RULES) - NEEDS_A_SETTING
    assert {code for _, _, code in DOES_NOT_RAISE} == set(RULES) - NEEDS_A_SETTING


# --- attendance and the vote denominator on worked examples --------------------------------------


def _branch(*groups: tuple[int, MemberStatus, AttendanceStatus]) -> MinutesFacts:
    """A branch made of groups: (how many members, their status, their attendance)."""
    lines = [(status, seen) for count, status, seen in groups for _ in range(count)]
    members = tuple(MemberFacts(i, f"Đảng viên {i}", s) for i, (s, _) in enumerate(lines, 1))
    attendance = tuple(AttendanceFacts(i, a, "Ốm") for i, (_, a) in enumerate(lines, 1))
    return replace(SAMPLE, members=members, attendance=attendance, chair_member_id=1, recorder_member_id=2)


def test_cua_nam_branch_with_27_exempt_and_all_34_others_present_attends_at_100_percent() -> None:
    facts = _branch((27, "official", "exempt"), (34, "official", "present"))
    counts = attendance_counts(facts)
    assert (counts.total, counts.exempt, counts.present, counts.attendance_base) == (61, 27, 34, 34)
    assert counts.attendance_rate == 1.0
    assert (counts.eligible_voters, counts.vote_denominator) == (34, 34)
    assert "attendance_below_bar" not in codes(replace(facts, votes={}))


def test_members_elsewhere_suspended_or_exempt_leave_both_rate_and_vote_denominator() -> None:
    facts = _branch(
        (8, "official", "present"),
        (1, "official", "elsewhere"),
        (1, "official", "suspended"),
        (1, "official", "exempt"),
        (1, "official", "absent_excused"),
        (1, "probationary", "present"),
        (1, "probationary", "absent_unexcused"),
    )
    counts = attendance_counts(facts)
    assert counts.attendance_base == 14 - 3
    assert counts.attendance_rate == pytest.approx(9 / 11)
    assert counts.vote_denominator == 12 - 3  # official members, less elsewhere, suspended, exempt
    assert counts.eligible_voters == 8
    assert (counts.elsewhere, counts.suspended, counts.exempt) == (1, 1, 1)


def test_exempt_member_who_attends_is_present_and_may_vote() -> None:
    facts = mark(EXEMPT[0], "present")(SAMPLE)
    counts = attendance_counts(facts)
    assert (counts.present_official, counts.eligible_voters, counts.vote_denominator) == (14, 14, 15)
    assert counts.attendance_rate == pytest.approx(15 / 17)


def test_probationary_members_attend_but_are_never_eligible_voters() -> None:
    counts = attendance_counts(SAMPLE)
    assert counts.present_probationary == 1
    assert counts.eligible_voters == counts.present_official == 13


def test_branch_with_only_exempt_members_has_no_attendance_rate() -> None:
    counts = attendance_counts(_branch((3, "official", "exempt")))
    assert counts.attendance_rate is None
    assert counts.vote_denominator == 0


def test_stranger_or_duplicate_lines_do_not_change_the_counts() -> None:
    noisy = both(add_line(99), add_line(LAN, "absent_unexcused"))(SAMPLE)
    assert attendance_counts(noisy) == attendance_counts(SAMPLE)


def test_attendance_of_exactly_85_percent_is_not_above_the_bar() -> None:
    facts = _branch((17, "official", "present"), (3, "official", "absent_excused"))
    assert attendance_counts(facts).attendance_rate == 0.85
    assert "attendance_below_bar" in codes(facts)
    assert "attendance_below_bar" not in codes(mark(20, "present")(facts))


def test_province_may_raise_the_attendance_bar() -> None:
    assert "attendance_below_bar" in codes(SAMPLE, Thresholds(attendance_bar=0.9))
    assert "attendance_below_bar" not in codes(SAMPLE, Thresholds(attendance_bar=Fraction(4, 5)))


def test_province_may_set_its_own_minimum_duration() -> None:
    short = with_(ended_at=START + dt.timedelta(minutes=75))(SAMPLE)
    assert "too_short" in codes(short)
    assert "too_short" not in codes(short, Thresholds(min_durations={"regular": 60}))


def test_an_extraordinary_meeting_has_no_minimum_by_default() -> None:
    half_hour = with_(ended_at=START + dt.timedelta(minutes=30))(SAMPLE)
    found = check_minutes(half_hour, structure_in_force("extraordinary"))
    assert "too_short" not in {f.code for f in found}


def test_a_province_may_set_a_quorum() -> None:
    assert "below_quorum" not in codes(SAMPLE)  # none by default (A.7)
    assert "below_quorum" in codes(SAMPLE, Thresholds(quorum=Fraction(9, 10)))  # 14 of 16
    assert "below_quorum" not in codes(SAMPLE, Thresholds(quorum=Fraction(85, 100)))


def test_combined_session_of_100_minutes_is_too_short() -> None:
    facts = with_(ended_at=START + dt.timedelta(minutes=100))(SAMPLE)
    found = [f for f in check_minutes(facts, structure_in_force("combined")) if f.code == "too_short"]
    assert found[0].params == {"minutes": 100, "minimum": 120}


# --- votes ---------------------------------------------------------------------------------------


def test_vote_with_more_hands_than_official_members_present_is_an_error() -> None:
    found = [f for f in check_minutes(vote("resolution", 15)(SAMPLE), REGULAR) if f.section == "votes"]
    assert [(f.code, f.severity) for f in found] == [("votes_exceed_eligible", "error")]
    assert found[0].params["count"] == 15 and found[0].params["eligible"] == 13


def test_vote_counting_the_probationary_member_is_an_error_and_says_so() -> None:
    found = [f for f in check_minutes(vote("minutes", 13, 0, 1)(SAMPLE), REGULAR) if f.section == "votes"]
    assert [(f.code, f.severity, f.params["vote"]) for f in found] == [
        ("probationary_vote_counted", "error", "minutes")
    ]


def test_vote_where_fewer_official_members_voted_than_were_present_is_only_a_warning() -> None:
    found = [f for f in check_minutes(vote("resolution", 12)(SAMPLE), REGULAR) if f.section == "votes"]
    assert [(f.code, f.severity) for f in found] == [("votes_missing_voters", "warning")]


def test_vote_whose_counts_cannot_be_is_not_also_judged_passed_or_failed() -> None:
    found = codes(vote("resolution", 3, 10, 2)(SAMPLE))
    assert "votes_do_not_add_up" in found
    assert "resolution_not_passed" not in found and "resolution_weak_majority" not in found


def test_resolution_with_few_hands_in_the_room_fails_and_is_a_weak_majority() -> None:
    found = codes(vote("resolution", 6, 7)(SAMPLE))
    assert "resolution_not_passed" in found and "resolution_weak_majority" in found


def test_resolution_passes_with_more_than_half_of_the_qd24_denominator_even_with_excused_absences() -> None:
    # 20 official members, 12 present, 8 excused: the denominator stays 20.
    facts = _branch((12, "official", "present"), (8, "official", "absent_excused"))
    assert attendance_counts(facts).vote_denominator == 20
    assert "resolution_not_passed" in codes(vote("resolution", 10, 2)(facts))
    assert "resolution_not_passed" not in codes(vote("resolution", 11, 1)(facts))


def test_a_structure_whose_votes_are_optional_does_not_demand_them() -> None:
    lenient = replace(
        REGULAR,
        sections=tuple(replace(s, required=False) if s.kind == "votes" else s for s in REGULAR.sections),
    )
    assert "vote_missing" not in [f.code for f in check_minutes(replace(SAMPLE, votes={}), lenient)]


# --- sections, opinions and other kinds ----------------------------------------------------------


def test_each_empty_required_section_is_named_once() -> None:
    empty = replace(SAMPLE, sections={}, opinions=(), tasks=(), attendance=())
    found = [f for f in check_minutes(empty, REGULAR) if f.code == "required_section_empty"]
    required = [s.key for s in REGULAR.sections if s.required and s.kind != "votes"]
    assert [f.section for f in found] == required
    assert found[0].params == {"title": REGULAR.section(required[0]).title}


def test_empty_roll_call_is_reported_once_not_member_by_member() -> None:
    found = codes(with_(attendance=())(SAMPLE))
    assert found.count("required_section_empty") == 1
    assert not {"roll_call_missing_member", "chair_not_present", "attendance_below_bar"} & set(found)


def test_missing_members_are_named_together() -> None:
    found = [f for f in check_minutes(both(drop_line(15), drop_line(PHUC))(SAMPLE), REGULAR)]
    missing = [f for f in found if f.code == "roll_call_missing_member"]
    assert len(missing) == 1
    assert missing[0].params["names"] == [NAMES[15], NAMES[PHUC]]
    assert missing[0].params["member_ids"] == [15, PHUC]


def test_opinion_on_an_agenda_item_counts_as_discussion() -> None:
    facts = replace(SAMPLE, opinions=(OpinionFacts("previous_tasks", LAN, None, "Cần đôn đốc."),))
    assert "required_section_empty" not in codes(facts)


def test_opinion_problem_is_shown_beside_the_section_it_was_filed_under() -> None:
    facts = opinion("previous_tasks", None, None, "Cần đôn đốc.")(SAMPLE)
    found = [f for f in check_minutes(facts, REGULAR) if f.code == "opinion_without_speaker"]
    assert found[0].section == "previous_tasks"
    assert found[0].params["title"] == REGULAR.section("previous_tasks").title


def test_thematic_minutes_need_their_presentation_and_discussion() -> None:
    thematic = structure_in_force("thematic")
    facts = replace(
        SAMPLE,
        kind="thematic",
        sections={"agenda": "Chuyên đề học tập và làm theo Bác.", "conclusion": "Tiếp thu."},
        opinions=(OpinionFacts("discussion", LAN, None, "Liên hệ bản thân."),),
        tasks=(),
    )
    found = [(f.code, f.section) for f in check_minutes(facts, thematic) if f.severity == "error"]
    assert found == [("required_section_empty", "presentation")]


def test_previous_tasks_finding_has_no_section_where_the_structure_has_none() -> None:
    facts = with_(previous_tasks_unevaluated=1)(SAMPLE)
    found = [
        f
        for f in check_minutes(facts, structure_in_force("thematic"))
        if f.code == "previous_tasks_not_evaluated"
    ]
    assert found[0].section is None


# --- ordering, text and catalog ------------------------------------------------------------------


def test_findings_follow_the_running_order_of_the_minutes() -> None:
    messy = both(
        vote("resolution", 15),
        with_(place="", chair_member_id=None, previous_tasks_unevaluated=1),
        section_text("news", ""),
        task("Dọn vệ sinh", assignee=None),
    )(SAMPLE)
    found = check_minutes(messy, REGULAR)
    assert [f.section for f in found] == [
        None,
        None,
        "roll_call",
        "news",
        "previous_tasks",
        "next_tasks",
        "votes",
    ]
    assert [f.code for f in found[:2]] == ["no_place", "no_chair"]


def test_errors_come_before_warnings_within_a_section() -> None:
    # The resolution is checked before the minutes vote, yet the missing vote comes first.
    facts = both(EXCUSE_CUONG, vote("resolution", 7, 6), without_vote("minutes"))(SAMPLE)
    found = check_minutes(facts, REGULAR)
    assert [f.code for f in found] == ["vote_missing", "resolution_not_passed"]


def test_finding_text_is_english_when_the_interface_is() -> None:
    found = check_minutes(vote("resolution", 15)(SAMPLE), REGULAR)
    with language("en"):
        texts = [f.text for f in found]
    assert "Absent without a reason: Lăng Văn Cường." in texts[0]
    assert texts[1].startswith("The vote on the conclusion or resolution has 15 votes")


def test_finding_text_is_vietnamese_by_default_with_names_and_numbers_filled_in() -> None:
    found = check_minutes(both(mark(LAN, "absent_unexcused"), vote("minutes", 13))(SAMPLE), REGULAR)
    by_code = {f.code: f for f in found}
    assert by_code["unexcused_absence"].text.startswith("Vắng không có lý do: Nông Thị Lan, Lăng Văn Cường.")
    assert "biểu quyết" in by_code["probationary_vote_counted"].text.lower()
    assert "81,2%" in by_code["attendance_below_bar"].text or "81,3%" in by_code["attendance_below_bar"].text


def test_finding_as_the_api_shows_it() -> None:
    finding = check_minutes(SAMPLE, REGULAR)[0]
    with language("en"):
        shown = finding.to_dict()
    assert shown == {
        "code": "unexcused_absence",
        "severity": "warning",
        "section": "roll_call",
        "message": finding.message.format(names="Lăng Văn Cường"),
    }


def test_every_rule_has_a_known_severity_and_a_snake_case_code() -> None:
    assert all(rule.severity in ("error", "warning") for rule in RULES.values())
    assert all(re.fullmatch(r"[a-z][a-z_]*", code) for code in RULES)


def test_attendance_statuses_are_those_of_the_api() -> None:
    assert set(ATTENDANCE_STATUSES) == {
        "present", "absent_excused", "absent_unexcused", "exempt", "elsewhere", "suspended", "visiting"
    }  # fmt: skip


MODULES = [Path(str(m.__file__)) for m in (findings_module, rules, structure)]


def _message_ids() -> list[str]:
    extracted = (msg for path in MODULES for _, msg, _, _ in extract_from_file("python", str(path)))
    return [msg for msg in extracted if isinstance(msg, str)]


def _vietnamese_catalog() -> dict[str, str]:
    with (LOCALE_DIR / "vi" / "LC_MESSAGES" / "meetings.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    assert catalog.locale_identifier == "vi"
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def test_every_message_id_is_marked_for_translation() -> None:
    # A message written without N_ would be missed by extraction; compare with the rules.
    assert {rule.message for rule in RULES.values()} <= set(_message_ids())
    assert len(_message_ids()) >= len(RULES) + 2


@pytest.mark.parametrize("message_id", _message_ids())
def test_every_message_has_a_vietnamese_translation_keeping_its_placeholders(message_id: str) -> None:
    catalog = _vietnamese_catalog()
    assert message_id in catalog
    placeholders = set(re.findall(r"\{(\w+)\}", message_id))
    assert set(re.findall(r"\{(\w+)\}", catalog[message_id])) == placeholders


INSTRUCTIONS = (
    "write",
    "correct",
    "check",
    "choose",
    "appoint",
    "remove",
    "keep",
    "mark",
    "remind",
    "record",
    "name",
    "set",
    "count",
)


@pytest.mark.parametrize("code", list(RULES))
def test_every_message_tells_the_secretary_what_to_do(code: str) -> None:
    clauses = re.split(r"(?<=[.;:])\s+", RULES[code].message)
    assert any(clause.lower().startswith(INSTRUCTIONS) for clause in clauses[1:])


def test_catalog_texts_are_nfc() -> None:
    for text in _vietnamese_catalog().values():
        assert unicodedata.normalize("NFC", text) == text


def test_finding_is_a_frozen_value() -> None:
    finding = Finding("no_place", "error", None, RULES["no_place"].message)
    with pytest.raises(AttributeError):
        finding.code = "other"  # type: ignore[misc]
    assert finding.params == {}
