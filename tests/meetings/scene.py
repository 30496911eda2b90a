"""The Nà Noong branch of the sample minutes, and its October 2019 meeting as the API takes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from minutes.auth.models import User
from minutes.orgs.models import Member, OrgUnit
from tests.helpers import create_member, create_user, district

# (name, status, exempt, attendance, reason)
NA_NOONG = [
    ("Hoàng Văn Tuấn", "official", False, "present", None),
    ("Lương Thị Hằng", "official", False, "present", None),
    ("Nông Thị Lan", "official", False, "present", None),
    ("Vi Thị Thu", "probationary", False, "present", None),
    ("Lục Văn Hải", "official", False, "present", None),
    ("Chu Thị Mai", "official", False, "present", None),
    ("Vi Văn Phúc", "official", False, "absent_excused", "Đi điều trị tại bệnh viện tỉnh"),
    ("Lăng Văn Cường", "official", False, "absent_unexcused", None),
    ("Triệu Văn Hùng", "official", True, "exempt", None),
    ("Nông Văn Sáng", "official", True, "exempt", None),
    ("Mông Văn Lợi", "official", True, "exempt", None),
    *[
        (name, "official", False, "present", None)
        for name in (
            "Hứa Văn Bình",
            "Lộc Thị Hoa",
            "Mông Văn Đức",
            "Chu Văn Khánh",
            "Đinh Thị Nga",
            "La Văn Toàn",
            "Hà Thị Vân",
            "Lục Thị Xuân",
        )
    ],
]


@dataclass
class Scene:
    """The units, members and people of the usual meeting tests."""

    units: dict[str, OrgUnit]
    members: dict[str, Member]
    secretary: User
    clerk: User
    reviewer: User
    other_secretary: User

    def member_id(self, name: str) -> int:
        """The id of a member by name."""
        return self.members[name].id


def na_noong(db: Session) -> Scene:
    """Nà Noong with its 19 members, a secretary, a clerk, a commune reviewer, and another commune's secretary."""
    units = district(db)
    members = {
        name: create_member(db, branch=units["na_noong"], full_name=name, status=status, exempt=exempt)
        for name, status, exempt, _, _ in NA_NOONG
    }
    return Scene(
        units=units,
        members=members,
        secretary=create_user(db, username="bithu", role="secretary", unit=units["na_noong"]),
        clerk=create_user(db, username="thuky", role="clerk", unit=units["na_noong"]),
        reviewer=create_user(db, username="xa", role="reviewer", unit=units["minh_phat"]),
        other_secretary=create_user(db, username="bithu.pomeo", role="secretary", unit=units["po_meo"]),
    )


def october_minutes(scene: Scene, *, version: int = 0) -> dict[str, Any]:
    """The sample minutes of 05/10/2019 as the body of PUT /meetings/{id}/minutes."""
    return {
        "version": version,
        "started_at": "2019-10-05T19:30:00+07:00",
        "ended_at": "2019-10-05T21:15:00+07:00",
        "place": "Nhà văn hoá thôn Nà Noong",
        "chair_member_id": scene.member_id("Hoàng Văn Tuấn"),
        "recorder_member_id": scene.member_id("Lương Thị Hằng"),
        "attendance": [
            {"member_id": scene.member_id(name), "status": status, **({"reason": reason} if reason else {})}
            for name, _, _, status, reason in NA_NOONG
        ],
        "delegates": [
            {"name": "Nông Văn Dũng", "post": "Đảng ủy viên, phụ trách thôn", "level": "Đảng ủy xã"}
        ],
        "sections": {
            "dues": "Đã thu đủ đảng phí tháng 9.",
            "agenda": "Chi bộ thống nhất chương trình sinh hoạt gồm 4 nội dung.",
            "news": "Đồng chí Bí thư thông tin tình hình thời sự trong nước, của tỉnh và của xã.",
            "ideology": "Đảng viên và nhân dân trong thôn phấn khởi, tin tưởng.",
            "previous_tasks": "Thu hoạch lúa mùa: xong 100% diện tích.",
            "ho_chi_minh": "Nêu gương đồng chí Triệu Văn Hùng hiến đất làm đường.",
            "conclusion": "Chi bộ thống nhất đánh giá kết quả tháng 9 như trên.",
            "closing": "Biên bản đã được thư ký đọc lại trước chi bộ.",
        },
        "opinions": [
            {
                "section": "opinions",
                "member_id": scene.member_id("Nông Thị Lan"),
                "content": "Đề nghị vận động các hộ khá giả hỗ trợ hộ nghèo mua thẻ bảo hiểm y tế.",
            },
            {
                "section": "opinions",
                "member_id": scene.member_id("Lục Văn Hải"),
                "content": "Đề nghị sửa đường ngay sau khi tạnh mưa.",
            },
            {
                "section": "opinions",
                "speaker_name": "Nông Văn Dũng",
                "content": "Ghi nhận kết quả thu hoạch.",
            },
        ],
        "tasks": [
            {
                "title": "Hoàn thành vận động 2 hộ nghèo còn lại tham gia bảo hiểm y tế",
                "assignee_member_id": scene.member_id("Nông Thị Lan"),
                "due_on": "2019-10-31",
            },
            {
                "title": "Sửa chữa đường bê tông đoạn qua khe suối",
                "assignee_member_id": scene.member_id("Lục Văn Hải"),
                "due_on": "2019-10-25",
            },
        ],
        "votes": {
            "resolution": {"for": 13, "against": 0, "abstain": 0},
            "minutes": {"for": 13, "against": 0, "abstain": 0},
        },
    }


def plan_regular(client: Any, headers: dict[str, str], branch_id: int, period: str = "2019-10") -> int:
    """Plan a branch's regular meeting of a month (on the 5th) through the API; return its id."""
    response = client.post(
        "/api/v1/meetings",
        headers=headers,
        json={
            "org_unit_id": branch_id,
            "kind": "regular",
            "period": period,
            "scheduled_at": f"{period}-05T19:30:00+07:00",
        },
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def submit_october(client: Any, scene: Scene, headers: dict[str, str]) -> int:
    """The secretary plans, records and submits the October 2019 meeting through the API; its id."""
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    saved = client.put(f"/api/v1/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
    assert saved.status_code == 200, saved.text
    assert client.post(f"/api/v1/meetings/{meeting}/submit", headers=headers).status_code == 200
    return meeting


def submitted_october(client: Any, db: Session) -> tuple[Scene, int, dict[str, str]]:
    """Nà Noong whose secretary planned, recorded and submitted the October 2019 meeting through the API."""
    from tests.helpers import api_headers

    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    return scene, submit_october(client, scene, headers), headers
