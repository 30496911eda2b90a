"""The review page keeps what the reviewer typed, marks each refused point where it is, and starts
the rating sheet from what the minutes measure (#11)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.cli import CONSOLE
from minutes.meetings.models import Meeting
from minutes.orgs import members
from minutes.review.models import Review
from tests.helpers import api_headers, create_user, form_fields, login
from tests.meetings.scene import october_minutes, submitted_october

COMMENT = "Ghi rõ số, ngày của văn bản cấp trên đã phổ biến."


def _review_page(client: TestClient, db: Session) -> tuple[int, str]:
    """The commune reviewer opens Nà Noong's submitted October minutes."""
    _, meeting, _ = submitted_october(client, db)
    login(client, "xa")
    return meeting, client.get(f"/meetings/{meeting}/review").text


def test_the_sheet_starts_from_the_length_and_attendance_the_minutes_record(
    client: TestClient, db: Session
) -> None:
    _, page = _review_page(client, db)
    soup = BeautifulSoup(page, "html.parser")
    # 19:30 to 21:15 is 105 minutes, at least 90: full marks; Lăng Văn Cường absent without reason: 1.
    assert soup.select_one("#score_duration").get("value") == "5"  # type: ignore[union-attr]
    assert soup.select_one("#score_attendance").get("value") == "1"  # type: ignore[union-attr]
    assert soup.select_one("#score_preparation").get("value") == ""  # type: ignore[union-attr]  # not measurable
    row = soup.select_one("#score_attendance").find_parent("tr")  # type: ignore[union-attr]
    assert "Theo biên bản: Dự sinh hoạt 87,5%, 1 đồng chí vắng không lý do" in row.get_text()  # type: ignore[union-attr]
    heading = soup.find("h1")
    assert heading is not None and heading.get_text().startswith(
        "Chi bộ thôn Nà Noong — Đảng bộ xã Minh Phát"
    )
    labels = [label.get_text() for label in soup.select("label.comment-label")]
    assert len(labels) == len(set(labels)) > 10  # each comment box named after its part


def test_accepting_without_touching_the_sheet_gives_no_rating(client: TestClient, db: Session) -> None:
    meeting, page = _review_page(client, db)
    posted = {**form_fields(page, "review-form"), "decision": "accept"}
    answer = client.post(f"/meetings/{meeting}/review", data=posted, follow_redirects=False)
    assert answer.status_code == 303
    review = db.query(Review).filter_by(meeting_id=meeting).one()
    assert review.decision == "accept" and review.rating is None and review.scores is None


def test_a_refused_point_is_marked_on_its_row_and_the_choice_and_comments_come_back(
    client: TestClient, db: Session
) -> None:
    meeting, page = _review_page(client, db)
    posted = {
        **form_fields(page, "review-form"),
        "decision": "accept",
        "comment_news": COMMENT,
        "score_duration": "99",
    }
    answer = client.post(f"/meetings/{meeting}/review", data=posted)
    assert answer.status_code == 422
    soup = BeautifulSoup(answer.text, "html.parser")
    duration = soup.select_one("#score_duration")
    assert duration.get("value") == "99" and duration.get("aria-invalid") == "true"  # type: ignore[union-attr]
    said = soup.select_one("#score_duration-error")
    assert said is not None and "từ 0 đến 5" in said.get_text()
    assert said.find_parent("tr") is duration.find_parent("tr")  # type: ignore[union-attr]  # beside the field
    assert soup.select_one("#score_results-error") is not None  # a blank criterion, marked on its own row
    assert soup.select_one("a[href='#score_duration']") is not None  # the summary leads to the first
    assert soup.select_one("input[name=decision][value=accept]").has_attr("checked")  # type: ignore[union-attr]
    assert soup.select_one("#comment_news").get_text() == COMMENT  # type: ignore[union-attr]
    db.expire_all()
    assert db.get(Meeting, meeting).minutes_status == "submitted"  # type: ignore[union-attr]


def test_a_comment_typed_while_a_colleague_decided_is_shown_back_to_copy(
    client: TestClient, db: Session
) -> None:
    meeting, page = _review_page(client, db)
    scene_district = create_user(db, username="huyen", role="reviewer", unit=None, whole_tree=True)
    decided = client.post(
        f"/api/v1/meetings/{meeting}/review",
        headers=api_headers(db, scene_district),
        json={"decision": "accept", "comments": []},
    )
    assert decided.status_code == 200  # the district decided first
    posted = {
        **form_fields(page, "review-form"),
        "decision": "return",
        "comment_news": COMMENT,
        "score_preparation": "8",
    }
    answer = client.post(f"/meetings/{meeting}/review", data=posted)
    assert answer.status_code in (409, 422)
    soup = BeautifulSoup(answer.text, "html.parser")
    kept = soup.select_one("#kept-comments")
    assert kept is not None and "chưa được ghi" in kept.get_text()
    assert soup.select_one("#kept_news").get_text() == COMMENT  # type: ignore[union-attr]
    assert "Công tác chuẩn bị 8/10" in kept.get_text()  # and the points she gave


def test_what_changed_since_the_return_names_who_moved_on_the_roll_call_and_the_votes(
    client: TestClient, db: Session
) -> None:
    scene, meeting, headers = submitted_october(client, db)
    login(client, "xa")
    page = client.get(f"/meetings/{meeting}/review").text
    returned = {
        **form_fields(page, "review-form"),
        "decision": "return",
        "comment_general": "Xem lại điểm danh.",
    }
    assert (
        client.post(f"/meetings/{meeting}/review", data=returned, follow_redirects=False).status_code == 303
    )
    body = october_minutes(scene, version=1)
    cuong = scene.member_id("Lăng Văn Cường")
    for line in body["attendance"]:
        if line["member_id"] == cuong:
            line.update(status="absent_excused", reason="Đi làm ăn xa")
    body["votes"]["minutes"] = {"for": 12, "against": 0, "abstain": 1}
    body["ended_at"] = "2019-10-05T21:30:00+07:00"
    assert client.put(f"/api/v1/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
    assert client.post(f"/api/v1/meetings/{meeting}/submit", headers=headers).status_code == 200
    changes = BeautifulSoup(client.get(f"/meetings/{meeting}/review").text, "html.parser").select_one(
        "#changes"
    )
    assert changes is not None
    told = " ".join(changes.get_text(" ").split())
    assert "Lăng Văn Cường: Vắng không lý do → Vắng có lý do (Đi làm ăn xa)" in told
    assert "Thông qua biên bản: 13 tán thành, 0 không tán thành, 0 không biểu quyết → 12 tán thành" in told
    assert "Kết thúc lúc: 21:15 05/10/2019 → 21:30 05/10/2019" in told
    assert "Phần này đã được sửa" not in told  # every part says what changed in it


def test_what_changed_in_the_tasks_names_people_as_recorded_and_dates_the_offices_way(
    client: TestClient, db: Session
) -> None:
    scene, meeting, headers = submitted_october(client, db)
    reviewer = api_headers(db, scene.reviewer)
    returned = client.post(
        f"/api/v1/meetings/{meeting}/review",
        headers=reviewer,
        json={"decision": "return", "comments": [{"text": "Giao lại việc sửa đường."}]},
    )
    assert returned.status_code == 200, returned.text
    body = october_minutes(scene, version=1)
    body["tasks"] = body["tasks"][:1]  # the road repair, Lục Văn Hải's, taken out
    assert client.put(f"/api/v1/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
    assert client.post(f"/api/v1/meetings/{meeting}/submit", headers=headers).status_code == 200
    members.update_member(
        db, actor=CONSOLE, member_id=scene.member_id("Lục Văn Hải"), fields={"full_name": "Lục Văn Hải Mới"}
    )
    login(client, "xa")
    changes = BeautifulSoup(client.get(f"/meetings/{meeting}/review").text, "html.parser").select_one(
        "#changes"
    )
    assert changes is not None
    told = " ".join(changes.get_text(" ").split())
    assert "Sửa chữa đường bê tông đoạn qua khe suối — Lục Văn Hải, 25/10/2019" in told  # as recorded then
    assert "Lục Văn Hải Mới" not in told
