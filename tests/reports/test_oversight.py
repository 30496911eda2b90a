"""The oversight reports on a half year whose right answers are written here."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from minutes.auth import service as auth_service
from minutes.meetings import service as meetings_service
from minutes.meetings.models import Meeting, Task
from minutes.meetings.schemas import MeetingCreate, MinutesIn
from minutes.meetings.structure import structure_in_force
from minutes.reports import attendance, compliance, tasks
from minutes.reports.models import AttendanceTally
from minutes.review import service as review_service
from minutes.review.rubric import load_rubric
from tests.helpers import api_headers, login
from tests.meetings.scene import Scene, na_noong, october_minutes

TODAY = dt.date(2019, 8, 1)
GOOD_MARKS = {**{criterion.key: criterion.max for criterion in load_rubric("hd42").criteria}, "results": 20}
TALLY_MIGRATION = importlib.import_module(
    "minutes.migrations.versions.2026_11_26_d1tally00001_attendance_tallies"
)


def _meeting(
    db: Session,
    scene: Scene,
    period: str,
    *,
    kind: str = "regular",
    absent: dict[str, str] | None = None,
    task_due: str | None = None,
    evaluations: list[dict[str, object]] | None = None,
) -> Meeting:
    actor = auth_service.load_actor(db, user=scene.secretary)
    day = "05" if kind == "regular" else "20"
    month = period if kind == "regular" else "2019-02"
    meeting = meetings_service.plan_meeting(
        db,
        actor=actor,
        data=MeetingCreate(
            org_unit_id=scene.units["na_noong"].id,
            kind=kind,
            period=period,
            scheduled_at=dt.datetime.fromisoformat(f"{month}-{day}T19:30:00+07:00"),
        ),
    )
    body = october_minutes(scene)
    keys = {section.key for section in structure_in_force(kind).text_sections()}
    body["sections"] = {key: f"Nội dung {key}." for key in keys}
    body["started_at"], body["ended_at"] = f"{month}-{day}T19:30:00+07:00", f"{month}-{day}T21:15:00+07:00"
    for line in body["attendance"]:
        name = next(n for n, m in scene.members.items() if m.id == line["member_id"])
        if line["status"] in ("absent_excused", "absent_unexcused"):
            line["status"], line["reason"] = "present", None
        if name in (absent or {}):
            line["status"] = absent[name]
            line["reason"] = "Đi viện" if absent[name] == "absent_excused" else None
    present_official = sum(1 for line in body["attendance"] if line["status"] == "present") - 1
    body["votes"] = {
        k: {"for": present_official, "against": 0, "abstain": 0} for k in ("resolution", "minutes")
    }
    body["tasks"] = [
        {
            "title": f"Nhiệm vụ {period}",
            "assignee_member_id": scene.member_id("Lục Văn Hải"),
            "due_on": task_due or f"{month}-28",
        }
    ]
    body["previous_tasks"] = evaluations or []
    meetings_service.save_minutes(db, actor=actor, meeting_id=meeting.id, body=MinutesIn.model_validate(body))
    return meeting


@pytest.fixture
def half_year(db: Session) -> tuple[Scene, dict[str, Meeting]]:
    """Jan accepted, Feb submitted late, Mar returned and never corrected, Apr draft, May not held, Jun missing."""
    scene = na_noong(db)
    secretary = auth_service.load_actor(db, user=scene.secretary)
    reviewer = auth_service.load_actor(db, user=scene.reviewer)
    m = {
        "2019-01": _meeting(
            db,
            scene,
            "2019-01",
            absent={"Lăng Văn Cường": "absent_unexcused", "Vi Văn Phúc": "absent_excused"},
        ),
        "2019-02": _meeting(
            db,
            scene,
            "2019-02",
            absent={"Lăng Văn Cường": "absent_unexcused", "Vi Văn Phúc": "absent_excused"},
        ),
        "2019-03": _meeting(db, scene, "2019-03", absent={"Vi Văn Phúc": "absent_excused"}),
        "2019-04": _meeting(
            db,
            scene,
            "2019-04",
            absent={"Lăng Văn Cường": "absent_unexcused", "Vi Văn Phúc": "absent_excused"},
        ),
    }
    thematic = _meeting(db, scene, "2019-Q1", kind="thematic")
    for period in ("2019-01", "2019-02", "2019-03"):
        meetings_service.submit(db, actor=secretary, meeting_id=m[period].id)
    review_service.decide(
        db, actor=reviewer, meeting_id=m["2019-01"].id, decision="accept", comments=[], scores=GOOD_MARKS
    )
    review_service.decide(
        db, actor=reviewer, meeting_id=m["2019-03"].id, decision="return", comments=[{"text": "Sửa lại."}]
    )
    db.execute(
        update(Meeting)
        .where(Meeting.id == m["2019-02"].id)
        .values(
            submitted_at=dt.datetime(2019, 2, 20, tzinfo=dt.UTC),
            first_submitted_at=dt.datetime(2019, 2, 20, tzinfo=dt.UTC),
        )
    )
    for period, day in (("2019-01", 7), ("2019-03", 6)):
        on_time = dt.datetime(2019, int(period[5:]), day, tzinfo=dt.UTC)
        db.execute(
            update(Meeting)
            .where(Meeting.id == m[period].id)
            .values(submitted_at=on_time, first_submitted_at=on_time)
        )
    may = meetings_service.plan_meeting(
        db,
        actor=secretary,
        data=MeetingCreate(
            org_unit_id=scene.units["na_noong"].id,
            kind="regular",
            period="2019-05",
            scheduled_at=dt.datetime(2019, 5, 5, 12, tzinfo=dt.UTC),
        ),
    )
    meetings_service.set_meeting_status(
        db, actor=secretary, meeting_id=may.id, status="not_held", reason="Mưa lũ chia cắt đường."
    )
    m["2019-05"], m["thematic"] = may, thematic
    db.flush()
    return scene, m


def _commune_board(db: Session, scene: Scene) -> compliance.Board:
    """The commune reviewer's board, January to July 2019, on the first of August."""
    actor = auth_service.load_actor(db, user=scene.reviewer)
    return compliance.board(
        db,
        actor=actor,
        org_unit_id=scene.units["minh_phat"].id,
        first="2019-01",
        last="2019-07",
        today=TODAY,
        grace_days=10,
        submit_days=5,
    )


def test_the_board_shows_each_month_as_it_stands(
    db: Session, half_year: tuple[Scene, dict[str, Meeting]]
) -> None:
    scene, _ = half_year
    board = _commune_board(db, scene)
    row = next(r for r in board.rows if r.branch_id == scene.units["na_noong"].id)
    assert [c.state for c in row.cells] == [
        "accepted",
        "submitted",
        "returned",
        "draft",
        "not_held",
        "missing",
        None,
    ]
    assert [c.late for c in row.cells][:3] == [False, True, False]
    assert row.thematic == {"2019-Q1": True, "2019-Q2": False, "2019-Q3": False}
    assert row.totals["missing"] == 1 and row.totals["accepted"] == 1
    other = next(r for r in board.rows if r.name == "Chi bộ thôn Bản Khun")
    assert [c.state for c in other.cells] == ["missing"] * 6 + [None]
    assert board.column_totals["2019-06"]["missing"] == 2


def test_a_thematic_meeting_dated_by_month_counts_for_its_quarter(db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    _meeting(db, scene, "2019-05", kind="thematic")
    board = _commune_board(db, scene)
    row = next(r for r in board.rows if r.branch_id == scene.units["na_noong"].id)
    assert row.thematic == {"2019-Q1": True, "2019-Q2": True, "2019-Q3": False}


def test_the_compliance_api_leaves_out_months_not_yet_due(client: TestClient, db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    response = client.get(
        "/api/v1/reports/compliance",
        params={"org_unit_id": scene.units["na_noong"].id, "from": "2019-01", "to": "2019-03"},
        headers=api_headers(db, scene.reviewer),
    )
    assert response.status_code == 200
    assert [(e["month"], e["regular"], e["thematic_in_quarter"]) for e in response.json()] == [
        ("2019-01", "accepted", True),
        ("2019-02", "submitted", True),
        ("2019-03", "returned", True),
    ]


def test_attendance_flags_three_unexcused_months_and_leaves_exempt_members_out(
    db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    actor = auth_service.load_actor(db, user=scene.reviewer)
    result = attendance.report(db, actor=actor, org_unit_id=scene.units["minh_phat"].id, year=2019)
    members = {m.full_name: m for m in result.members}
    cuong = members["Lăng Văn Cường"]
    assert (
        cuong.absent_unexcused,
        cuong.unexcused_months,
        cuong.unexcused_longest_run,
        cuong.removal_review,
    ) == (3, 3, 2, True)
    phuc = members["Vi Văn Phúc"]
    assert (phuc.absent_excused, phuc.excused_longest_run, phuc.removal_review) == (4, 4, False)
    assert "Triệu Văn Hùng" not in members  # exempt all year
    (branch,) = result.branches
    assert (branch.committee, branch.meetings) == ("Đảng bộ xã Minh Phát", 4)
    # 16 expected per meeting (19 members less 3 exempt); present 16-2, 16-2, 16-1, 16-2.
    assert (branch.present, branch.expected) == (57, 64)
    assert branch.rate == pytest.approx(57 / 64) and not branch.meets_bar


def test_the_attendance_trend_gives_each_month_s_rate(db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    actor = auth_service.load_actor(db, user=scene.reviewer)
    rates = attendance.monthly_rates(db, actor=actor, org_unit_id=scene.units["minh_phat"].id, year=2019)
    assert rates == {
        1: 14 / 16,
        2: 14 / 16,
        3: 15 / 16,
        4: 14 / 16,
        **{month: None for month in range(5, 13)},  # May not held, the rest not yet
    }


def test_the_attendance_api_gives_each_member_s_counts_by_id(
    client: TestClient, db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    answer = client.get(
        "/api/v1/reports/attendance",
        params={"org_unit_id": scene.units["minh_phat"].id, "year": 2019},
        headers=api_headers(db, scene.reviewer),
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["branches"] == [
        {
            "branch_id": scene.units["na_noong"].id,
            "rate": round(57 / 64, 4),
            "meetings": 4,
            "meets_bar": False,
        }
    ]
    members = {m["member_id"]: m for m in body["members"]}
    assert len(members) == 16  # the three exempt members are left out
    assert members[scene.member_id("Lăng Văn Cường")] == {
        "member_id": scene.member_id("Lăng Văn Cường"),
        "present": 1,
        "absent_excused": 0,
        "absent_unexcused": 3,
        "unexcused_longest_run": 2,
        "unexcused_months": 3,
        "removal_review": True,
    }
    phuc = members[scene.member_id("Vi Văn Phúc")]
    assert (phuc["absent_excused"], phuc["removal_review"]) == (4, False)


def test_a_corrected_roll_call_changes_the_attendance_report_at_once(db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    scene, m = half_year
    secretary = auth_service.load_actor(db, user=scene.secretary)
    reviewer = auth_service.load_actor(db, user=scene.reviewer)
    april = m["2019-04"]
    content = meetings_service.current_revision(db, april).content
    for line in content["attendance"]:
        if line["member_id"] == scene.member_id("Lăng Văn Cường"):
            line["status"], line["reason"] = "present", None
    body = MinutesIn.model_validate({**content, "version": april.minutes_version})
    meetings_service.save_minutes(db, actor=secretary, meeting_id=april.id, body=body)
    result = attendance.report(db, actor=reviewer, org_unit_id=scene.units["minh_phat"].id, year=2019)
    cuong = next(member for member in result.members if member.full_name == "Lăng Văn Cường")
    assert (cuong.absent_unexcused, cuong.unexcused_longest_run, cuong.removal_review) == (2, 2, False)
    assert (result.branches[0].present, result.branches[0].expected) == (58, 64)


def _tallies(db: Session) -> set[tuple[int, int, int, int]]:
    rows = db.execute(
        select(
            AttendanceTally.year,
            AttendanceTally.org_unit_id,
            AttendanceTally.member_id,
            AttendanceTally.months,
        )
    )
    return {tuple(row) for row in rows}


def test_tallies_counted_again_from_the_roll_calls_match_those_kept_on_each_save(
    db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    kept = _tallies(db)
    assert len(kept) == 19  # each of the branch's 19 members (3 exempt) has a line at its meetings
    assert attendance.retally(db) == 19
    assert _tallies(db) == kept
    db.execute(delete(AttendanceTally))
    db.execute(text(TALLY_MIGRATION.COUNT_EXISTING))  # what an upgraded database starts from
    assert _tallies(db) == kept


def test_overdue_tasks_are_those_past_due_and_not_done(db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    scene, m = half_year
    task_of = {task.title: task.id for task in db.scalars(select(Task))}
    # April's minutes (a draft) report March's task done; June's report April's not done.
    april = m["2019-04"]
    content = meetings_service.current_revision(db, april).content
    content["previous_tasks"] = [{"task_id": task_of["Nhiệm vụ 2019-03"], "status": "done"}]
    secretary = auth_service.load_actor(db, user=scene.secretary)
    body = MinutesIn.model_validate({**content, "version": april.minutes_version})
    meetings_service.save_minutes(db, actor=secretary, meeting_id=april.id, body=body)
    _meeting(
        db, scene, "2019-06", evaluations=[{"task_id": task_of["Nhiệm vụ 2019-04"], "status": "not_done"}]
    )
    actor = auth_service.load_actor(db, user=scene.reviewer)
    items = tasks.overdue(db, actor=actor, org_unit_id=scene.units["minh_phat"].id, today=TODAY)
    # Oldest deadline first; the thematic meeting's task is due with February's.
    assert [(t.title, t.carried) for t in items] == [
        ("Nhiệm vụ 2019-01", 0),
        ("Nhiệm vụ 2019-02", 0),
        ("Nhiệm vụ 2019-Q1", 0),
        ("Nhiệm vụ 2019-04", 1),
        ("Nhiệm vụ 2019-06", 0),
    ]
    assert all(t.age_days > 0 and t.assignee_name == "Lục Văn Hải" for t in items)
    assert items[0].age_days == (TODAY - dt.date(2019, 1, 28)).days


def test_the_api_gives_overdue_tasks_and_ratings_to_the_commune_reviewer(
    client: TestClient, db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    scene, m = half_year
    headers = api_headers(db, scene.reviewer)
    commune = scene.units["minh_phat"].id
    ratings = client.get(
        "/api/v1/reports/ratings", params={"org_unit_id": commune, "year": 2019}, headers=headers
    )
    assert ratings.json() == [
        {"committee": "Đảng bộ xã Minh Phát", "month": "2019-01", "ratings": {"good": 1}}
    ]
    overdue = client.get(
        "/api/v1/reports/tasks", params={"org_unit_id": commune, "overdue": "true"}, headers=headers
    )
    assert overdue.status_code == 200
    first = overdue.json()[0]
    assert (first["title"], first["meeting_id"], first["due_on"], first["status"]) == (
        "Nhiệm vụ 2019-01",
        m["2019-01"].id,
        "2019-01-28",
        "open",
    )
    assert [t["title"] for t in overdue.json()][:2] == ["Nhiệm vụ 2019-01", "Nhiệm vụ 2019-02"]
    assert {t["org_unit_id"] for t in overdue.json()} == {scene.units["na_noong"].id}


def test_the_board_downloads_as_xlsx_with_the_states_in_vietnamese(
    client: TestClient, db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    login(client, "xa")
    response = client.get(
        "/reports",
        params={"unit": scene.units["minh_phat"].id, "first": "2019-01", "last": "2019-06", "format": "xlsx"},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True)}
    na_noong = rows["Chi bộ thôn Nà Noong"]
    assert na_noong[2] == "đã được thông qua" and na_noong[3].endswith("*") and na_noong[7] == "thiếu"


def test_the_attendance_csv_lists_the_flagged_member(client: TestClient, db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    login(client, "xa")
    response = client.get(
        "/reports/attendance", params={"unit": scene.units["minh_phat"].id, "year": 2019, "format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    line = next(line for line in text.splitlines() if "Lăng Văn Cường" in line)
    assert line.endswith(",3,2,có")
    assert line.startswith("Đảng bộ xã Minh Phát,Chi bộ thôn Nà Noong,")  # many villages share a name
    assert text.splitlines()[0].startswith("Đảng bộ,Chi bộ,")


def test_a_task_typed_like_a_formula_arrives_in_the_spreadsheets_as_text(
    client: TestClient, db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    title = '=HYPERLINK("http://x.example","Bấm vào đây")'
    db.execute(update(Task).where(Task.title == "Nhiệm vụ 2019-01").values(title=title))
    db.flush()
    login(client, "xa")
    params = {"unit": scene.units["minh_phat"].id}
    csv_text = client.get("/reports/tasks", params={**params, "format": "csv"}).content.decode("utf-8-sig")
    assert "'" + title.replace('"', '""') in csv_text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/reports/tasks", params={**params, "format": "xlsx"}).content)
    )
    (cell,) = [c for row in book.active.iter_rows() for c in row if c.value == title]
    assert cell.data_type == "s"  # text, not a formula Excel would run


def test_the_overdue_tasks_workbook_has_real_dates_a_filter_a_frozen_header_and_the_commune(
    client: TestClient, db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    login(client, "xa")
    answer = client.get("/reports/tasks", params={"unit": scene.units["minh_phat"].id, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Đảng bộ", "Chi bộ"] and all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"  # the header stays while she scrolls
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{sheet.max_row}"
    deadline = sheet.cell(row=2, column=header.index("Thời hạn") + 1)
    assert deadline.is_date and deadline.number_format == "DD/MM/YYYY"  # sortable, read day first
    assert sheet.cell(row=2, column=1).value == "Đảng bộ xã Minh Phát"


def test_the_overdue_tasks_page_chooses_its_unit_and_keeps_it_in_the_address(
    client: TestClient, db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    login(client, "xa")  # the half year of minutes is in place (fixture)
    page = BeautifulSoup(client.get("/reports/tasks").text, "html.parser")
    options = {o.get_text(): o.get("value") for o in page.select("select#unit option")}
    assert "Chi bộ thôn Nà Noong" in options and "Đảng bộ xã Minh Phát" in options
    narrowed = client.get("/reports/tasks", params={"unit": options["Chi bộ thôn Nà Noong"]})
    soup = BeautifulSoup(narrowed.text, "html.parser")
    chosen = soup.select_one("select#unit option[selected]")
    assert chosen is not None and chosen.get_text() == "Chi bộ thôn Nà Noong"
    branches = [td.get_text(" ") for td in soup.select("tbody tr td:first-child")]
    assert branches and all(
        b.startswith("Chi bộ thôn Nà Noong") for b in branches
    )  # that branch's tasks only


def test_a_secretary_finds_her_branch_s_board_in_the_menu(client: TestClient, db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    login(client, "bithu")
    assert 'href="/reports"' in client.get("/").text
    board = client.get("/reports", params={"first": "2019-01", "last": "2019-06"})
    assert board.status_code == 200
    assert "Chi bộ thôn Nà Noong" in board.text and "Chi bộ thôn Bản Khun" not in board.text


def test_a_secretary_of_another_commune_gets_404_on_the_reports(
    client: TestClient, db: Session, half_year
) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    headers = api_headers(db, scene.other_secretary)
    assert (
        client.get(
            "/api/v1/reports/attendance",
            params={"org_unit_id": scene.units["minh_phat"].id, "year": 2019},
            headers=headers,
        ).status_code
        == 404
    )
    login(client, "bithu.pomeo")
    assert client.get("/reports", params={"unit": scene.units["minh_phat"].id}).status_code == 404


def test_report_pages_render_with_their_charts(client: TestClient, db: Session, half_year) -> None:  # type: ignore[no-untyped-def]
    scene, _ = half_year
    login(client, "xa")
    for path in ("/reports", "/reports/attendance", "/reports/tasks", "/reports/quality"):
        page = client.get(
            path,
            params={"unit": scene.units["minh_phat"].id, "year": 2019, "first": "2019-01", "last": "2019-06"},
        )
        assert page.status_code == 200, path
    board = client.get(
        "/reports", params={"unit": scene.units["minh_phat"].id, "first": "2019-01", "last": "2019-06"}
    )
    assert "<svg" in board.text and "✗" in board.text
    assert 'aria-label="thiếu">✗' in board.text  # the totals' symbols are named for screen readers


def test_a_resubmission_after_a_return_is_judged_late_by_the_first_submission(
    db: Session, half_year: tuple[Scene, dict[str, Meeting]]
) -> None:
    scene, m = half_year
    # March was first sent on time; corrected and sent again in July, long after its deadline.
    db.execute(
        update(Meeting)
        .where(Meeting.id == m["2019-03"].id)
        .values(minutes_status="submitted", submitted_at=dt.datetime(2019, 7, 20, tzinfo=dt.UTC))
    )
    row = next(r for r in _commune_board(db, scene).rows if r.branch_id == scene.units["na_noong"].id)
    assert (row.cells[2].state, row.cells[2].late) == ("submitted", False)
    db.execute(
        update(Meeting)
        .where(Meeting.id == m["2019-03"].id)
        .values(first_submitted_at=dt.datetime(2019, 3, 20, tzinfo=dt.UTC))
    )
    row = next(r for r in _commune_board(db, scene).rows if r.branch_id == scene.units["na_noong"].id)
    assert row.cells[2].late
