"""Two secretaries saving minutes of one branch at once both count in its attendance (a real SQLite file and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from minutes.auth import service as auth_service
from minutes.db import make_engine, make_sessionmaker
from minutes.meetings import service as meetings_service
from minutes.meetings.schemas import MeetingCreate, MinutesIn
from minutes.reports import attendance
from minutes.reports.models import AttendanceTally
from tests.helpers import run_at_once
from tests.meetings.scene import na_noong, october_minutes

SAVES_EACH = 6
MONTHS = ("2019-01", "2019-02")


def _tallies(session) -> set[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    columns = (
        AttendanceTally.year,
        AttendanceTally.org_unit_id,
        AttendanceTally.member_id,
        AttendanceTally.months,
    )
    return {tuple(row) for row in session.execute(select(*columns))}


def test_saves_of_two_meetings_of_a_branch_at_once_are_both_counted(fresh_url: str) -> None:
    engine = make_engine(fresh_url, pool_size=len(MONTHS))
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        scene = na_noong(session)
        secretary = auth_service.load_actor(session, user=scene.secretary)
        meeting_ids = [
            meetings_service.plan_meeting(
                session,
                actor=secretary,
                data=MeetingCreate(
                    org_unit_id=scene.units["na_noong"].id,
                    kind="regular",
                    period=month,
                    scheduled_at=dt.datetime.fromisoformat(f"{month}-05T19:30:00+07:00"),
                ),
            ).id
            for month in MONTHS
        ]
    cuong = scene.member_id("Lăng Văn Cường")

    def secretary_saves(number: int) -> None:
        for version in range(SAVES_EACH):
            body = october_minutes(scene, version=version)
            for line in body["attendance"]:  # absent without reason on every other save
                if line["member_id"] == cuong:
                    line["status"] = "absent_unexcused" if version % 2 else "present"
            with sessions.begin() as session:
                meetings_service.save_minutes(
                    session,
                    actor=secretary,
                    meeting_id=meeting_ids[number],
                    body=MinutesIn.model_validate(body),
                )

    failures = run_at_once(secretary_saves, len(meeting_ids))
    try:
        assert failures == []
        with sessions() as session:
            kept = _tallies(session)
            reviewer = auth_service.load_actor(session, user=scene.reviewer)
            report = attendance.report(
                session, actor=reviewer, org_unit_id=scene.units["minh_phat"].id, year=2019
            )
            assert attendance.retally(session) == len(kept)
            assert _tallies(session) == kept  # what each save counted is what the roll-calls say
            session.rollback()
        # The last save of each meeting marked him absent without reason: two months.
        member = next(m for m in report.members if m.member_id == cuong)
        assert (member.absent_unexcused, member.present) == (2, 0)
        assert report.branches[0].meetings == 2
    finally:
        engine.dispose()
