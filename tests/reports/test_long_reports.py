"""The district reviewer reads the board and the attendance of hundreds of branches a page at a time,
each commune on the board headed by its own totals."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.auth import service as auth_service
from minutes.meetings import service as meetings_service
from minutes.meetings.schemas import MeetingCreate, MinutesIn
from minutes.orgs.models import OrgUnit
from tests.helpers import create_member, create_unit, create_user, district, login

# First quarter of 2019, long past: every month is due, and with no meeting every one is missing.
QUARTER = "first=2019-01&last=2019-03"


def _district_with_a_large_commune(
    db: Session, branches: int, *, meetings: bool = False
) -> dict[str, OrgUnit]:
    units = district(db)
    secretary = create_user(db, username="bithu.khuatxa", role="secretary", unit=units["khuat_xa"])
    for number in range(1, branches + 1):
        branch = create_unit(db, parent=units["khuat_xa"], name=f"Chi bộ thôn Khuất Xá {number:03d}")
        if meetings:
            _january_meeting(db, branch, auth_service.load_actor(db, user=secretary))
    create_user(db, username="huyen", role="reviewer", unit=units["district"])
    return units


def _january_meeting(db: Session, branch: OrgUnit, secretary: Actor) -> None:
    """A branch of one member who came to its January 2019 meeting (recorded as a draft)."""
    member = create_member(db, branch=branch, full_name="Hoàng Văn Tuấn")
    held = dt.datetime.fromisoformat("2019-01-05T19:30:00+07:00")
    meeting = meetings_service.plan_meeting(
        db,
        actor=secretary,
        data=MeetingCreate(org_unit_id=branch.id, kind="regular", period="2019-01", scheduled_at=held),
    )
    minutes = MinutesIn.model_validate(
        {
            "version": 0,
            "started_at": held.isoformat(),
            "ended_at": (held + dt.timedelta(hours=2)).isoformat(),
            "attendance": [{"member_id": member.id, "status": "present"}],
        }
    )
    meetings_service.save_minutes(db, actor=secretary, meeting_id=meeting.id, body=minutes)


def _branch_rows(html: str) -> list[str]:
    table = BeautifulSoup(html, "html.parser").select_one("table.board")
    assert table is not None
    return [th.get_text(strip=True) for th in table.select("tbody th.sticky")]


def _group_headings(html: str) -> list[str]:
    table = BeautifulSoup(html, "html.parser").select_one("table.board")
    assert table is not None
    return [" ".join(th.get_text().split()) for th in table.select("tbody tr.group th")]


def test_the_district_board_shows_a_hundred_branches_a_page_and_the_rest_on_the_next(
    client: TestClient, db: Session
) -> None:
    units = _district_with_a_large_commune(db, branches=110)
    login(client, "huyen")
    first = client.get(f"/reports?unit={units['district'].id}&{QUARTER}")
    assert first.status_code == 200
    assert len(_branch_rows(first.text)) == 100
    assert "Trang 1/2 · 113 chi bộ" in " ".join(first.text.split())
    second = client.get(f"/reports?unit={units['district'].id}&{QUARTER}&page=2")
    rest = _branch_rows(second.text)
    assert len(rest) == 13
    assert set(rest).isdisjoint(_branch_rows(first.text))  # no branch twice, none left out
    previous = BeautifulSoup(second.text, "html.parser").select_one("nav.pager a")
    assert (
        previous is not None and previous["href"] == f"/reports?unit={units['district'].id}&{QUARTER}&page=1"
    )


def test_each_commune_is_headed_by_its_totals_over_all_its_branches_on_every_page(
    client: TestClient, db: Session
) -> None:
    units = _district_with_a_large_commune(db, branches=110)
    login(client, "huyen")
    second = client.get(f"/reports?unit={units['district'].id}&{QUARTER}&page=2")
    # The commune runs over both pages; its heading counts all 111 branches, each missing 3 months.
    assert "Đảng bộ xã Khuất Xá · 111 chi bộ · 111 chi bộ cần đôn đốc · ✓ 0 · ✗ 333" in _group_headings(
        second.text
    )
    footer = BeautifulSoup(second.text, "html.parser").select_one("table.board tfoot")
    assert footer is not None and "Cộng cả 113 chi bộ, mọi trang" in footer.get_text()  # not this page's 13


def test_the_board_export_holds_every_branch_not_one_page(client: TestClient, db: Session) -> None:
    units = _district_with_a_large_commune(db, branches=110)
    login(client, "huyen")
    exported = client.get(f"/reports?unit={units['district'].id}&{QUARTER}&format=csv&page=1")
    assert exported.status_code == 200
    assert len(exported.text.strip().splitlines()) == 1 + 113


def _attendance_branches(html: str) -> list[str]:
    section = BeautifulSoup(html, "html.parser").select_one("#branches")
    assert section is not None
    return [row.td.get_text(strip=True) for row in section.select("tbody tr") if row.td is not None]


def test_the_attendance_page_lists_a_hundred_branches_a_page(client: TestClient, db: Session) -> None:
    units = _district_with_a_large_commune(db, branches=113, meetings=True)
    login(client, "huyen")
    first = client.get(f"/reports/attendance?unit={units['district'].id}&year=2019")
    assert first.status_code == 200
    shown = _attendance_branches(first.text)
    assert len(shown) == 100
    following = BeautifulSoup(first.text, "html.parser").select_one("#branches nav.pager a")
    assert following is not None
    assert following["href"] == f"/reports/attendance?unit={units['district'].id}&year=2019&page=2#branches"
    second = _attendance_branches(client.get(str(following["href"])).text)
    assert len(second) == 13 and set(second).isdisjoint(shown)
