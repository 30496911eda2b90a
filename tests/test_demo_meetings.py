"""The demo's year of meetings: counts, consistency with the service, the sample minutes, NFC."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from minutes import demo
from minutes.access import Actor, Grant
from minutes.auth.models import User
from minutes.classification import overview
from minutes.db import make_engine
from minutes.meetings import carried, export, recorded, service
from minutes.meetings.models import Attendance, Meeting, MinutesRevision, Submission, Task, TaskEvaluation
from minutes.meetings.schemas import MinutesIn
from minutes.meetings.structure import load_structure
from minutes.orgs.models import Member, OrgUnit

ADMIN = Actor(user_id=0, username="test", full_name="test", grants=(Grant("admin", None, ""),))
SECRETARY = Actor(user_id=0, username="test", full_name="test", grants=(Grant("secretary", None, ""),))
REGULAR = ("regular", "combined")
# Minutes that were submitted at least once: waiting, decided, or returned (demo_reviews).
SENT = ("submitted", "accepted", "returned")


@pytest.fixture(scope="module")
def built(demo_database: tuple[str, list[str], str]) -> tuple[str, str]:
    """The demo of the run: its URL and summary."""
    url, _, summary = demo_database
    return url, summary


@pytest.fixture(scope="module")
def engine(built: tuple[str, str]) -> Iterator[Engine]:
    """An engine on the built demo."""
    engine = make_engine(built[0])
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose changes are rolled back."""
    with Session(engine) as session:
        yield session
        session.rollback()


@pytest.fixture(scope="module")
def latest(engine: Engine) -> dict[int, dict[str, Any]]:
    """The content of every held meeting's latest revision, by meeting id."""
    with Session(engine) as session:
        rows = session.execute(
            select(MinutesRevision.meeting_id, MinutesRevision.content)
            .join(Meeting, Meeting.id == MinutesRevision.meeting_id)
            .where(MinutesRevision.version == Meeting.minutes_version)
        ).all()
    return {meeting_id: content for meeting_id, content in rows}


def na_noong(session: Session) -> OrgUnit:
    """The branch of the sample minutes."""
    return session.scalars(select(OrgUnit).where(OrgUnit.name == "Chi bộ thôn Nà Noong")).one()


def names_by_id(session: Session, branch_id: int) -> dict[int, str]:
    """A branch's members by id."""
    return dict(
        session.execute(select(Member.id, Member.full_name).where(Member.org_unit_id == branch_id)).all()
    )


def has_errors(session: Session, meeting_id: int) -> bool:
    """Whether the checks find an error in the meeting's current minutes."""
    state = service.minutes_state(session, actor=ADMIN, meeting_id=meeting_id)
    return any(f.severity == "error" for f in service.findings_of(session, state))


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def test_counts_and_summary(session: Session, built: tuple[str, str]) -> None:
    def count(model: Any) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    meetings, minutes = (
        count(Meeting),
        session.scalar(select(func.count()).select_from(Meeting).where(Meeting.minutes_version > 0)),
    )
    assert 5_500 <= meetings <= 6_500
    assert minutes is not None and 5_300 <= minutes <= 6_300
    assert 6_500 <= count(MinutesRevision) <= 8_500
    assert 60_000 <= count(Attendance) <= 95_000
    assert count(Task) > 2 * minutes and count(TaskEvaluation) > 2 * minutes
    shown = f"{meetings:,}".replace(",", ".") + " cuộc sinh hoạt và " + f"{minutes:,}".replace(",", ".")
    assert shown + " biên bản năm 2019" in built[1]


def test_regular_months_mostly_held_with_a_few_gaps(session: Session) -> None:
    branches = session.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.kind == "branch")) or 0
    rows = session.execute(
        select(Meeting.org_unit_id, Meeting.period, Meeting.status, Meeting.status_reason).where(
            Meeting.kind.in_(REGULAR)
        )
    ).all()
    per_month = Counter((branch, period) for branch, period, _, _ in rows)
    assert max(per_month.values()) == 1
    branch_months = branches * 12
    missing = branch_months - len(rows)
    not_held = [reason for _, _, status, reason in rows if status == "not_held"]
    assert 0.01 <= missing / branch_months <= 0.05
    assert 0.005 <= len(not_held) / branch_months <= 0.04
    assert all(reason and reason.strip() for reason in not_held)
    assert "Mưa lũ, đường vào thôn bị chia cắt" in not_held
    assert {period for _, period, _, _ in rows} == {f"2019-{m:02d}" for m in range(1, 13)}


def test_thematic_meetings_in_most_branch_quarters(session: Session) -> None:
    branches = session.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.kind == "branch")) or 0
    rows = session.execute(
        select(Meeting.org_unit_id, Meeting.kind, Meeting.period, Meeting.topic).where(
            Meeting.kind.in_(("thematic", "combined"))
        )
    ).all()
    quarters = {
        (branch, period if kind == "thematic" else f"2019-Q{(int(period[5:]) - 1) // 3 + 1}")
        for branch, kind, period, _ in rows
    }
    assert 0.8 <= len(quarters) / (branches * 4) < 0.95
    assert all(topic for _, _, _, topic in rows)
    assert any(kind == "combined" for _, kind, _, _ in rows)


def test_held_meetings_match_their_latest_revision(
    session: Session, latest: dict[int, dict[str, Any]]
) -> None:
    revisions: dict[int, list[MinutesRevision]] = defaultdict(list)
    for revision in session.scalars(select(MinutesRevision).order_by(MinutesRevision.version)):
        revisions[revision.meeting_id].append(revision)
    attendance: dict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    for row in session.scalars(select(Attendance).order_by(Attendance.id)):
        attendance[row.meeting_id].append((row.member_id, row.status, row.reason))
    for meeting in session.scalars(select(Meeting)):
        if meeting.status == "not_held":
            assert meeting.minutes_version == 0 and meeting.minutes_status is None
            assert meeting.id not in revisions and meeting.id not in attendance
            continue
        versions = revisions[meeting.id]
        assert [r.version for r in versions] == list(range(1, meeting.minutes_version + 1))
        # One or two saves; a minutes returned and corrected has one more (demo_reviews).
        assert len(versions) in (1, 2, 3)
        assert all(r.structure_kind == meeting.kind and r.structure_version == 1 for r in versions)
        content = latest[meeting.id]
        expected = [(a["member_id"], a["status"], a["reason"]) for a in content["attendance"]]
        assert attendance[meeting.id] == expected, meeting.id


def test_tasks_and_verdicts_are_the_latest_revision_projected(
    session: Session, latest: dict[int, dict[str, Any]]
) -> None:
    tasks: dict[int, list[tuple[int, str, int | None, str | None, str]]] = defaultdict(list)
    for task in session.scalars(select(Task).order_by(Task.meeting_id, Task.position)):
        due = task.due_on.isoformat() if task.due_on else None
        tasks[task.meeting_id].append((task.position, task.title, task.assignee_member_id, due, task.status))
    verdicts: dict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    for row in session.scalars(select(TaskEvaluation).order_by(TaskEvaluation.id)):
        verdicts[row.meeting_id].append((row.task_id, row.status, row.note))
    for meeting_id, content in latest.items():
        expected = [
            (i, t["title"], t["assignee_member_id"], t["due_on"], t["status"])
            for i, t in enumerate(content["tasks"])
        ]
        assert tasks.get(meeting_id, []) == expected
        assert verdicts.get(meeting_id, []) == [
            (e["task_id"], e["status"], e["note"]) for e in content["previous_tasks"]
        ]


def test_each_regular_meeting_evaluates_what_the_service_says_is_open(session: Session) -> None:
    meetings = list(
        session.scalars(select(Meeting).where(Meeting.kind.in_(REGULAR), Meeting.minutes_version > 0))
    )
    carried_over = 0
    for meeting in random.Random(5).sample(meetings, 150):
        revision = service.current_revision(session, meeting)
        assert revision is not None
        expected = [task.id for task in carried.open_tasks_before(session, meeting)]
        assert [e["task_id"] for e in revision.content["previous_tasks"]] == expected, meeting.id
        carried_over += sum(e["status"] != "done" for e in revision.content["previous_tasks"])
    assert carried_over > 0


def test_carried_tasks_stay_open_until_done(session: Session) -> None:
    verdicts: dict[int, list[str]] = defaultdict(list)
    for task_id, status in session.execute(
        select(TaskEvaluation.task_id, TaskEvaluation.status).order_by(TaskEvaluation.meeting_id)
    ):
        verdicts[task_id].append(status)
    assert any(len(statuses) >= 2 for statuses in verdicts.values())
    for statuses in verdicts.values():
        assert "done" not in statuses[:-1]


def test_contents_are_minutes_in_dumps_of_the_standard_structure(engine: Engine) -> None:
    with Session(engine) as session:
        revisions = list(session.scalars(select(MinutesRevision)))
    for revision in random.Random(3).sample(revisions, 600):
        content = revision.content
        dumped = MinutesIn.model_validate({**recorded.as_written(content), "version": 0}).model_dump(
            mode="json", by_alias=True, exclude={"version", "client_save_id"}
        )
        assert recorded.compact(dumped) == recorded.as_written(content)
        assert content["org_unit_name"] and {p["member_id"] for p in content["roll"]} >= {
            line["member_id"] for line in content["attendance"]
        }
        structure = load_structure(revision.structure_kind, revision.structure_version)
        assert set(content["sections"]) <= {s.key for s in structure.text_sections()}
        assert {o["section"] for o in content["opinions"]} <= {
            s.key for s in structure.sections_of_kind("opinions")
        }


def test_meetings_start_and_end_at_plausible_times(latest: dict[int, dict[str, Any]]) -> None:
    lengths = []
    for content in latest.values():
        start = dt.datetime.fromisoformat(content["started_at"])
        end = dt.datetime.fromisoformat(content["ended_at"])
        assert start.utcoffset() == dt.timedelta(hours=7)
        assert (start.hour, start.minute) in ((19, 30), (14, 0))
        lengths.append((end - start).total_seconds() / 60)
    assert min(lengths) >= 70 and max(lengths) <= 165
    short = sum(length < 90 for length in lengths)
    assert 0.01 <= short / len(lengths) <= 0.08


def test_every_current_member_is_on_the_roll_call(
    session: Session, latest: dict[int, dict[str, Any]]
) -> None:
    members: dict[int, list[int]] = defaultdict(list)
    exempt: set[int] = set()
    for member in session.scalars(select(Member)):
        members[member.org_unit_id or 0].append(member.id)
        if member.exempt and member.exempt_from and member.exempt_from.year < 2019:
            exempt.add(member.id)
    submitted = session.execute(
        select(Meeting.id, Meeting.org_unit_id).where(Meeting.minutes_status.in_(SENT))
    ).all()
    statuses: Counter[str] = Counter()
    for meeting_id, branch_id in submitted:
        lines = {a["member_id"]: a["status"] for a in latest[meeting_id]["attendance"]}
        assert sorted(lines) == sorted(members[branch_id])
        assert all(lines[i] == "exempt" for i in exempt if i in lines)
        statuses.update(lines.values())
    base = sum(statuses.values()) - statuses["exempt"] - statuses["elsewhere"]
    assert 0.85 <= statuses["present"] / base <= 0.95
    assert statuses["absent_excused"] > 5 * statuses["absent_unexcused"] > 0


def test_votes_are_the_official_members_present(session: Session, latest: dict[int, dict[str, Any]]) -> None:
    status = dict(session.execute(select(Member.id, Member.status)).all())
    submitted = session.scalars(select(Meeting.id).where(Meeting.minutes_status.in_(SENT)))
    abstentions = 0
    for meeting_id in submitted:
        content = latest[meeting_id]
        voters = sum(
            1
            for a in content["attendance"]
            if a["status"] == "present" and status[a["member_id"]] == "official"
        )
        resolution, minutes = content["votes"]["resolution"], content["votes"]["minutes"]
        assert resolution["for"] + resolution["abstain"] == voters and resolution["against"] == 0
        assert {k: minutes[k] for k in ("for", "against", "abstain")} == {
            "for": voters,
            "against": 0,
            "abstain": 0,
        }
        assert minutes["passed"] and minutes["eligible"] >= voters
        abstentions += resolution["abstain"]
    assert abstentions > 0


def test_workflow_states_by_month(session: Session) -> None:
    # Decisions and the second submissions of corrected minutes are checked in test_demo_reviews.
    submissions = Counter(session.scalars(select(Submission.meeting_id)))
    versions = dict(
        session.execute(
            select(Submission.meeting_id, Submission.version).order_by(Submission.submitted_at)
        ).all()
    )
    shares: dict[str, list[bool]] = defaultdict(list)
    for meeting in session.scalars(select(Meeting).where(Meeting.minutes_version > 0)):
        submitted = meeting.minutes_status in SENT
        assert meeting.minutes_status in ("draft", *SENT)
        assert (submissions.get(meeting.id, 0) >= 1) == submitted
        if submitted:
            assert versions[meeting.id] == meeting.minutes_version and meeting.submitted_at is not None
        month = meeting.scheduled_at.astimezone(demo.LOCAL).month
        shares["early" if month <= 9 else "autumn" if month <= 11 else "december"].append(submitted)
    assert 0.93 <= sum(shares["early"]) / len(shares["early"]) < 1
    assert 0.6 <= sum(shares["autumn"]) / len(shares["autumn"]) <= 0.95
    assert sum(shares["december"]) / len(shares["december"]) <= 0.3


def test_submitted_minutes_have_no_errors_through_the_service(session: Session) -> None:
    submitted = list(session.scalars(select(Meeting.id).where(Meeting.minutes_status.in_(SENT))))
    for meeting_id in random.Random(30).sample(submitted, 30):
        state = service.minutes_state(session, actor=ADMIN, meeting_id=meeting_id)
        errors = [f.code for f in service.findings_of(session, state) if f.severity == "error"]
        assert errors == [], meeting_id


def test_a_few_drafts_carry_an_error_the_checks_catch(session: Session) -> None:
    early = (Meeting.kind == "regular", Meeting.period <= "2019-09", Meeting.minutes_version > 0)
    drafts = list(session.scalars(select(Meeting.id).where(*early, Meeting.minutes_status == "draft")))
    held = session.scalar(select(func.count()).select_from(Meeting).where(*early)) or 1
    codes: Counter[str] = Counter()
    for meeting_id in drafts:
        state = service.minutes_state(session, actor=ADMIN, meeting_id=meeting_id)
        errors = {f.code for f in service.findings_of(session, state) if f.severity == "error"}
        assert len(errors) == 1, meeting_id
        codes.update(errors)
    assert 0.01 <= len(drafts) / held <= 0.05
    assert {"required_section_empty", "probationary_vote_counted", "roll_call_missing_member"} <= set(codes)


def test_a_draft_saved_again_through_the_service_projects_the_same_rows(session: Session) -> None:
    drafts = list(
        session.scalars(
            select(Meeting).where(
                Meeting.minutes_status == "draft", Meeting.period == "2019-12", Meeting.kind == "regular"
            )
        )
    )
    clean = [m for m in drafts if not has_errors(session, m.id)]
    for meeting in random.Random(8).sample(clean, 5):
        content = dict(service.current_revision(session, meeting).content)  # type: ignore[union-attr]

        def rows(meeting_id: int) -> tuple[list[Any], list[Any], list[Any]]:
            return (
                list(session.execute(select(Attendance.member_id, Attendance.status, Attendance.reason)
                                     .where(Attendance.meeting_id == meeting_id).order_by(Attendance.member_id))),
                list(session.execute(select(Task.position, Task.title, Task.assignee_member_id, Task.due_on)
                                     .where(Task.meeting_id == meeting_id).order_by(Task.position))),
                list(session.execute(select(TaskEvaluation.task_id, TaskEvaluation.status, TaskEvaluation.note)
                                     .where(TaskEvaluation.meeting_id == meeting_id).order_by(TaskEvaluation.task_id))),
            )  # fmt: skip

        before = rows(meeting.id)
        body = MinutesIn.model_validate({**content, "version": meeting.minutes_version})
        revision, findings = service.save_minutes(session, actor=SECRETARY, meeting_id=meeting.id, body=body)
        assert revision.content == content
        assert rows(meeting.id) == before
        assert not [f for f in findings if f.severity == "error"]


def test_documents_render_from_demo_minutes(session: Session, latest: dict[int, dict[str, Any]]) -> None:
    for meeting_id in random.Random(12).sample(sorted(latest), 12):
        view = export.minutes_view(session, actor=ADMIN, meeting_id=meeting_id)
        assert len(view.evaluations) == len(latest[meeting_id]["previous_tasks"])
        assert view.chair and view.recorder and view.closing_line
        data, _ = export.minutes_docx(session, actor=ADMIN, meeting_id=meeting_id)
        assert data[:2] == b"PK"


def test_the_na_noong_october_minutes_are_the_sample(session: Session) -> None:
    branch = na_noong(session)
    names = names_by_id(session, branch.id)
    meeting = session.scalars(
        select(Meeting).where(
            Meeting.org_unit_id == branch.id, Meeting.period == "2019-10", Meeting.kind == "regular"
        )
    ).one()
    paper, current = list(
        session.scalars(
            select(MinutesRevision)
            .where(MinutesRevision.meeting_id == meeting.id)
            .order_by(MinutesRevision.version)
        )
    )
    content = current.content
    assert content["started_at"] == "2019-10-05T19:30:00+07:00"
    assert content["ended_at"] == "2019-10-05T21:15:00+07:00"
    assert content["place"] == "Nhà văn hoá thôn Nà Noong"
    assert names[content["chair_member_id"]] == "Hoàng Văn Tuấn"
    assert names[content["recorder_member_id"]] == "Lương Thị Hằng"
    assert [d["name"] for d in content["delegates"]] == ["Nông Văn Dũng"]
    absent = {
        names[a["member_id"]]: (a["status"], a["reason"])
        for a in content["attendance"]
        if a["status"].startswith("absent")
    }
    assert absent == {
        "Vi Văn Phúc": ("absent_excused", "Đi điều trị tại bệnh viện tỉnh"),
        "Lăng Văn Cường": ("absent_unexcused", None),
    }
    statuses = Counter(a["status"] for a in content["attendance"])
    assert statuses == {"present": 14, "exempt": 3, "absent_excused": 1, "absent_unexcused": 1}
    speakers = [names.get(o["member_id"]) or o["speaker_name"] for o in content["opinions"]]
    assert speakers == ["Nông Thị Lan", "Lục Văn Hải", "Vi Thị Thu", "Nông Văn Dũng"]
    tasks = [(t["title"][:20], names[t["assignee_member_id"]], t["due_on"]) for t in content["tasks"]]
    assert tasks == [
        ("Hoàn thành vận động ", "Nông Thị Lan", "2019-10-31"),
        ("Sửa chữa đường bê tô", "Lục Văn Hải", "2019-10-25"),
        ("Tuyên truyền phòng c", "Vi Thị Thu", "2019-10-31"),
        ("Chuẩn bị nội dung si", "Chu Thị Mai", "2019-11-30"),
    ]
    assert [e["status"] for e in content["previous_tasks"]] == ["done", "partly_done", "not_done"]
    assert content["self_score"] == 86
    # The paper minutes counted 13 voters; the roll-call has 12 official members present and the
    # two probationary members, so the check caught it and the secretary corrected the count.
    assert recorded.as_written(paper.content)["votes"]["resolution"] == {
        "for": 13,
        "against": 0,
        "abstain": 0,
    }
    assert recorded.as_written(content)["votes"] == {
        name: {"for": 12, "against": 0, "abstain": 0} for name in ("resolution", "minutes")
    }
    assert meeting.minutes_status == "submitted"
    assert not has_errors(session, meeting.id)
    accounts = dict(session.execute(select(User.username, User.id)).all())
    assert (paper.saved_by_id, current.saved_by_id) == (accounts["thuky.nanoong"], accounts["bithu.nanoong"])


def longest_run(months: list[int]) -> int:
    """The longest run of consecutive months."""
    best = run = 0
    for index, month in enumerate(months):
        run = run + 1 if index and month == months[index - 1] + 1 else 1
        best = max(best, run)
    return best


def test_members_absent_without_reason_three_times_are_there(session: Session) -> None:
    rows = session.execute(
        select(Member.full_name, Attendance.member_id, Meeting.period)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Member, Member.id == Attendance.member_id)
        .where(Attendance.status == "absent_unexcused", Meeting.kind.in_(REGULAR))
    ).all()
    months: dict[tuple[str, int], list[int]] = defaultdict(list)
    for name, member_id, period in rows:
        months[(name, member_id)].append(int(period[5:]))
    flagged = {key: sorted(ms) for key, ms in months.items() if len(ms) >= 3}
    assert len(flagged) >= 5
    assert any(name == "Lăng Văn Cường" for name, _ in flagged)
    assert any(longest_run(ms) >= 3 for ms in flagged.values())
    assert any(longest_run(ms) == 1 for ms in flagged.values())


def test_every_text_is_nfc(session: Session, engine: Engine) -> None:
    texts: list[str] = []
    for (content,) in session.execute(select(MinutesRevision.content)):
        texts.extend(strings_in(content))
    for row in session.execute(select(Meeting.place, Meeting.topic, Meeting.status_reason)):
        texts.extend(value for value in row if value)
    texts.extend(session.scalars(select(Task.title)))
    texts.extend(note for note in session.scalars(select(TaskEvaluation.note)) if note)
    texts.extend(reason for reason in session.scalars(select(Attendance.reason)) if reason)
    assert len(texts) > 100_000
    assert all(unicodedata.normalize("NFC", text) == text for text in texts)


def test_the_same_seed_gives_the_same_year(latest: dict[int, dict[str, Any]]) -> None:
    district = demo.plan(2019)
    again = demo.plan_year(district, 2019)
    demo.plan_reviews(district, again, 2019)  # corrections and linked delegates
    contents = {r["meeting_id"]: r["content"] for r in again.revisions}
    sample = random.Random(1).sample(sorted(latest), 50)
    # The build records the facts of the day beside what the plan wrote.
    assert [contents[i] for i in sample] == [recorded.as_written(latest[i]) for i in sample]
    assert len(contents) == len(latest)


def test_the_district_reads_its_2018_classification_at_each_depth(session: Session) -> None:
    root = session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)))
    assert root is not None
    direct = overview.report(session, actor=ADMIN, org_unit_id=root.id, year=2018)
    assert (direct["org_units"].evaluated, direct["org_units"].without_entry) == (67, 0)
    assert direct["org_units"].levels["excellent"].count == 25
    below = overview.report(session, actor=ADMIN, org_unit_id=root.id, year=2018, depth=2)["org_units"]
    assert (below.evaluated, below.without_entry) == (363, 0)  # one level down: never a mix
    members = direct["members"]
    assert members.evaluated > 5000 and members.not_evaluated == 0
