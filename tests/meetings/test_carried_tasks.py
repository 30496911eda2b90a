"""A task stays open from the meeting that decided it until it is done or dropped with a reason (A.9)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import api_headers
from tests.meetings.scene import Scene, na_noong, october_minutes

API = "/api/v1"


class Branch:
    """Nà Noong's secretary planning and recording meetings through the API."""

    def __init__(self, client: TestClient, db: Session) -> None:
        self.client = client
        self.scene: Scene = na_noong(db)
        self.headers = api_headers(db, self.scene.secretary)

    def meeting(self, period: str, day: str, *, kind: str = "regular", tasks: list[str] | None = None,
                evaluations: list[dict[str, Any]] | None = None) -> int:  # fmt: skip
        planned = self.client.post(
            f"{API}/meetings",
            headers=self.headers,
            json={"org_unit_id": self.scene.units["na_noong"].id, "kind": kind, "period": period,
                  "scheduled_at": f"{day}T19:30:00+07:00"},
        )  # fmt: skip
        assert planned.status_code == 201, planned.text
        meeting = int(planned.json()["id"])
        body = {
            **october_minutes(self.scene),
            "started_at": f"{day}T19:30:00+07:00",
            "ended_at": f"{day}T21:15:00+07:00",
        }
        body["tasks"] = [
            {
                "title": title,
                "assignee_member_id": self.scene.member_id("Nông Thị Lan"),
                "due_on": f"{day[:8]}25",
            }
            for title in tasks or []
        ]
        body["previous_tasks"] = evaluations or []
        if kind == "thematic":
            body["sections"] = {"presentation": "Chuyên đề về tư tưởng Hồ Chí Minh."}
        saved = self.client.put(f"{API}/meetings/{meeting}/minutes", headers=self.headers, json=body)
        assert saved.status_code == 200, saved.text
        return meeting

    def open_before(self, meeting: int) -> list[tuple[str, str]]:
        answer = self.client.get(f"{API}/meetings/{meeting}/previous-tasks", headers=self.headers)
        assert answer.status_code == 200, answer.text
        return [(task["title"], task["status"]) for task in answer.json()]

    def task_id(self, meeting: int, title: str) -> int:
        answer = self.client.get(f"{API}/meetings/{meeting}/previous-tasks", headers=self.headers).json()
        return int(next(task["id"] for task in answer if task["title"] == title))

    def codes(self, meeting: int) -> set[str]:
        found = self.client.get(f"{API}/meetings/{meeting}/findings", headers=self.headers).json()
        return {finding["code"] for finding in found}


def test_a_thematic_meetings_task_is_evaluated_at_the_next_regular_meeting(
    client: TestClient, db: Session
) -> None:
    branch = Branch(client, db)
    branch.meeting("2019-10", "2019-10-05", tasks=["Sửa đường bê tông"])
    branch.meeting("2019-Q4", "2019-10-20", kind="thematic", tasks=["Viết bài thu hoạch chuyên đề"])
    november = branch.meeting("2019-11", "2019-11-05")
    assert branch.open_before(november) == [
        ("Sửa đường bê tông", "open"),
        ("Viết bài thu hoạch chuyên đề", "open"),
    ]
    assert "previous_tasks_not_evaluated" in branch.codes(november)


def test_a_task_left_unevaluated_one_month_is_still_open_the_next(client: TestClient, db: Session) -> None:
    branch = Branch(client, db)
    branch.meeting("2019-10", "2019-10-05", tasks=["Sửa đường bê tông"])
    branch.meeting("2019-11", "2019-11-05")  # its minutes forgot to evaluate the task
    december = branch.meeting("2019-12", "2019-12-05")
    assert branch.open_before(december) == [("Sửa đường bê tông", "open")]


def test_each_task_shows_its_latest_evaluation_until_done(client: TestClient, db: Session) -> None:
    branch = Branch(client, db)
    branch.meeting("2019-10", "2019-10-05", tasks=["Sửa đường bê tông", "Thu quỹ khuyến học"])
    november = branch.meeting("2019-11", "2019-11-05")
    road, fund = branch.task_id(november, "Sửa đường bê tông"), branch.task_id(november, "Thu quỹ khuyến học")
    evaluations = [
        {"task_id": road, "status": "not_done", "note": "Mưa lớn kéo dài"},
        {"task_id": fund, "status": "done", "note": "Đã thu đủ"},
    ]
    body = {**october_minutes(branch.scene), "version": 1, "started_at": "2019-11-05T19:30:00+07:00",
            "ended_at": "2019-11-05T21:15:00+07:00", "tasks": [], "previous_tasks": evaluations}  # fmt: skip
    assert (
        client.put(f"{API}/meetings/{november}/minutes", headers=branch.headers, json=body).status_code == 200
    )
    december = branch.meeting("2019-12", "2019-12-05")
    assert branch.open_before(december) == [("Sửa đường bê tông", "not_done")]


def test_a_task_is_dropped_only_with_its_reason_and_then_no_longer_carried(
    client: TestClient, db: Session
) -> None:
    branch = Branch(client, db)
    branch.meeting("2019-10", "2019-10-05", tasks=["Xây nhà văn hoá mới"])
    november = branch.meeting("2019-11", "2019-11-05")
    house = branch.task_id(november, "Xây nhà văn hoá mới")
    body = {**october_minutes(branch.scene), "version": 1, "started_at": "2019-11-05T19:30:00+07:00",
            "ended_at": "2019-11-05T21:15:00+07:00", "tasks": [],
            "previous_tasks": [{"task_id": house, "status": "dropped"}]}  # fmt: skip
    assert (
        client.put(f"{API}/meetings/{november}/minutes", headers=branch.headers, json=body).status_code == 200
    )
    assert "task_dropped_without_reason" in branch.codes(november)
    body = {
        **body,
        "version": 2,
        "previous_tasks": [{"task_id": house, "status": "dropped", "note": "Xã đã bố trí vốn năm sau"}],
    }
    assert (
        client.put(f"{API}/meetings/{november}/minutes", headers=branch.headers, json=body).status_code == 200
    )
    assert "task_dropped_without_reason" not in branch.codes(november)
    december = branch.meeting("2019-12", "2019-12-05")
    assert branch.open_before(december) == []


def test_saving_an_earlier_meeting_again_does_not_reopen_a_task_done_since(
    client: TestClient, db: Session
) -> None:
    branch = Branch(client, db)
    branch.meeting("2019-10", "2019-10-05", tasks=["Sửa đường bê tông"])
    november = branch.meeting("2019-11", "2019-11-05")
    road = branch.task_id(november, "Sửa đường bê tông")

    def evaluate(meeting: int, day: str, status: str, version: int) -> None:
        body = {**october_minutes(branch.scene), "version": version, "started_at": f"{day}T19:30:00+07:00",
                "ended_at": f"{day}T21:15:00+07:00", "tasks": [],
                "previous_tasks": [{"task_id": road, "status": status, "note": "Ghi chú"}]}  # fmt: skip
        assert (
            client.put(f"{API}/meetings/{meeting}/minutes", headers=branch.headers, json=body).status_code
            == 200
        )

    evaluate(november, "2019-11-05", "not_done", 1)
    december = branch.meeting("2019-12", "2019-12-05")
    evaluate(december, "2019-12-05", "done", 1)
    evaluate(november, "2019-11-05", "not_done", 2)  # November corrected after December was written
    reviewer = api_headers(db, branch.scene.reviewer)
    overdue = client.get(
        f"{API}/reports/tasks",
        params={"org_unit_id": branch.scene.units["minh_phat"].id, "overdue": "true"},
        headers=reviewer,
    ).json()
    assert [task["title"] for task in overdue] == []
    assert branch.open_before(branch.meeting("2020-01", "2020-01-05")) == []
