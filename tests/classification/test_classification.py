"""Yearly classification: the commune decides its branches and members, the report shows its denominators."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes.audit.models import AuditEvent
from minutes.auth import service as auth_service
from minutes.auth.models import User
from minutes.classification import service as classification
from minutes.classification.models import MemberClassification, UnitClassification
from minutes.cli import CONSOLE
from minutes.errors import Invalid, PermissionDenied
from minutes.orgs.models import Member, OrgUnit
from tests.helpers import (
    api_headers,
    create_member,
    create_unit,
    create_user,
    csrf_from,
    district,
    login,
    post_form,
    text_of,
    today,
)

API = "/api/v1"
YEAR = today().year - 1


@dataclass
class Scene:
    """A district with two communes; accounts at each level."""

    units: dict[str, OrgUnit]
    members: dict[str, Member]
    reviewer: User  # reviewer of the commune Minh Phát
    secretary: User  # secretary of the branch Nà Noong
    other_reviewer: User  # reviewer of the commune Khuất Xá
    district_admin: User


@pytest.fixture
def scene(db: Session) -> Scene:
    units = district(db)
    members = {
        name: create_member(db, branch=units[branch], full_name=name)
        for name, branch in [
            ("Hoàng Văn Tuấn", "na_noong"),
            ("Lương Thị Hằng", "na_noong"),
            ("Nông Thị Lan", "na_noong"),
            ("Vi Văn Hùng", "ban_khun"),
        ]
    }
    return Scene(
        units=units,
        members=members,
        reviewer=create_user(db, username="reviewer.mp", role="reviewer", unit=units["minh_phat"]),
        secretary=create_user(db, username="secretary.nn", role="secretary", unit=units["na_noong"]),
        other_reviewer=create_user(db, username="reviewer.kx", role="reviewer", unit=units["khuat_xa"]),
        district_admin=create_user(db, username="admin.huyen", role="admin", unit=units["district"]),
    )


def _unit_rows(db: Session) -> list[tuple[int, str, int | None, str | None]]:
    db.expire_all()
    query = select(UnitClassification.org_unit_id, UnitClassification.level, UnitClassification.points,
                   UnitClassification.note).order_by(UnitClassification.org_unit_id)  # fmt: skip
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]


def _member_rows(db: Session) -> list[tuple[int, int, str, int | None]]:
    db.expire_all()
    query = select(MemberClassification.member_id, MemberClassification.org_unit_id, MemberClassification.level,
                   MemberClassification.points).order_by(MemberClassification.member_id)  # fmt: skip
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]


def test_commune_reviewer_classifies_a_branch_and_gets_the_stored_row(
    client: TestClient, db: Session, scene: Scene
) -> None:
    na_noong = scene.units["na_noong"]
    response = client.put(
        f"{API}/classification/{YEAR}/org-units/{na_noong.id}",
        headers=api_headers(db, scene.reviewer),
        json={"level": "excellent", "points": 92},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["year"] == YEAR and body["org_unit_id"] == na_noong.id
    assert (body["level"], body["points"], body["note"]) == ("excellent", 92, None)
    assert body["level_title"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert body["decided_by_id"] == scene.reviewer.id
    assert _unit_rows(db) == [(na_noong.id, "excellent", 92, None)]
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.record_type == "unit_classification")) == 1  # fmt: skip


def test_a_second_decision_replaces_the_first(client: TestClient, db: Session, scene: Scene) -> None:
    url = f"{API}/classification/{YEAR}/org-units/{scene.units['na_noong'].id}"
    headers = api_headers(db, scene.reviewer)
    assert client.put(url, headers=headers, json={"level": "good"}).status_code == 200
    response = client.put(url, headers=headers, json={"level": "not_evaluated", "note": "Mới thành lập"})
    assert response.status_code == 200, response.text
    assert _unit_rows(db) == [(scene.units["na_noong"].id, "not_evaluated", None, "Mới thành lập")]


def test_commune_reviewer_classifies_a_member_with_their_branch_of_the_year(
    client: TestClient, db: Session, scene: Scene
) -> None:
    member = scene.members["Lương Thị Hằng"]
    response = client.put(
        f"{API}/classification/{YEAR}/members/{member.id}",
        headers=api_headers(db, scene.reviewer),
        json={"level": "good", "points": 70},
    )
    assert response.status_code == 200, response.text
    assert response.json()["member_id"] == member.id
    assert response.json()["org_unit_id"] == scene.units["na_noong"].id
    assert _member_rows(db) == [(member.id, scene.units["na_noong"].id, "good", 70)]


def test_an_administrator_above_may_classify_too(client: TestClient, db: Session, scene: Scene) -> None:
    response = client.put(
        f"{API}/classification/{YEAR}/org-units/{scene.units['minh_phat'].id}",
        headers=api_headers(db, scene.district_admin),
        json={"level": "completed", "points": 50},
    )
    assert response.status_code == 200, response.text


def test_a_secretary_gets_403_for_their_branch_and_its_members(
    client: TestClient, db: Session, scene: Scene
) -> None:
    headers = api_headers(db, scene.secretary)
    unit_url = f"{API}/classification/{YEAR}/org-units/{scene.units['na_noong'].id}"
    member_url = f"{API}/classification/{YEAR}/members/{scene.members['Nông Thị Lan'].id}"
    assert client.put(unit_url, headers=headers, json={"level": "excellent"}).status_code == 403
    assert client.put(member_url, headers=headers, json={"level": "excellent"}).status_code == 403
    assert _unit_rows(db) == [] and _member_rows(db) == []


def test_a_commune_reviewer_does_not_classify_their_own_commune(
    client: TestClient, db: Session, scene: Scene
) -> None:
    url = f"{API}/classification/{YEAR}/org-units/{scene.units['minh_phat'].id}"
    response = client.put(url, headers=api_headers(db, scene.reviewer), json={"level": "excellent"})
    assert response.status_code == 403


def test_another_communes_reviewer_gets_404(client: TestClient, db: Session, scene: Scene) -> None:
    headers = api_headers(db, scene.other_reviewer)
    unit_url = f"{API}/classification/{YEAR}/org-units/{scene.units['na_noong'].id}"
    member_url = f"{API}/classification/{YEAR}/members/{scene.members['Nông Thị Lan'].id}"
    report_url = f"{API}/reports/classification?org_unit_id={scene.units['minh_phat'].id}&year={YEAR}"
    assert client.put(unit_url, headers=headers, json={"level": "excellent"}).status_code == 404
    assert client.put(member_url, headers=headers, json={"level": "excellent"}).status_code == 404
    assert client.get(report_url, headers=headers).status_code == 404
    login(client, "reviewer.kx")
    assert client.get(f"/units/{scene.units['minh_phat'].id}/classification").status_code == 404


def test_a_points_level_mismatch_is_422_and_changes_nothing(
    client: TestClient, db: Session, scene: Scene
) -> None:
    url = f"{API}/classification/{YEAR}/org-units/{scene.units['na_noong'].id}"
    headers = api_headers(db, scene.reviewer)
    assert client.put(url, headers=headers, json={"level": "good", "points": 80}).status_code == 200
    events = db.scalar(select(func.count()).select_from(AuditEvent))
    response = client.put(url, headers=headers, json={"level": "excellent", "points": 85})
    assert response.status_code == 422
    (detail,) = response.json()["details"]
    assert detail["field"] == "level"
    assert detail["message"] == (
        "85 điểm thuộc mức «Hoàn thành tốt nhiệm vụ», không phải «Hoàn thành xuất sắc nhiệm vụ». "
        "Hãy sửa lại điểm hoặc mức xếp loại."
    )
    assert _unit_rows(db) == [(scene.units["na_noong"].id, "good", 80, None)]
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == events


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level": "not_evaluated"}, "note"),
        ({"level": "xuat_sac"}, "level"),
        ({"level": "good", "points": 120}, "points"),
        ({"level": "excellent", "legacy_label": "Trong sạch vững mạnh"}, "note"),
    ],
)
def test_bad_levels_points_and_notes_are_422_naming_the_field(
    client: TestClient, db: Session, scene: Scene, body: dict[str, object], field: str
) -> None:
    url = f"{API}/classification/{YEAR}/org-units/{scene.units['na_noong'].id}"
    response = client.put(url, headers=api_headers(db, scene.reviewer), json=body)
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["details"]] == [field]
    assert _unit_rows(db) == []


def test_an_older_label_is_kept_beside_todays_level_with_its_note(
    client: TestClient, db: Session, scene: Scene
) -> None:
    response = client.put(
        f"{API}/classification/2016/org-units/{scene.units['na_noong'].id}",
        headers=api_headers(db, scene.reviewer),
        json={"level": "excellent", "legacy_label": "Trong sạch vững mạnh", "note": "Theo sổ cũ năm 2016"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["legacy_label"] == "Trong sạch vững mạnh"


def test_a_year_in_the_future_is_refused(client: TestClient, db: Session, scene: Scene) -> None:
    url = f"{API}/classification/{today().year + 1}/org-units/{scene.units['na_noong'].id}"
    response = client.put(url, headers=api_headers(db, scene.reviewer), json={"level": "good"})
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "year"


def _classify_district(db: Session, scene: Scene) -> None:
    """The source article's district: 68 evaluated organisations directly below it, 25 of them
    excellent; one more not evaluated; one left empty."""
    district = scene.units["district"]
    extra = [create_unit(db, parent=district, name=f"Chi bộ cơ sở số {i}") for i in range(66)]
    levels = ["excellent"] * 25 + ["good"] * 30 + ["completed"] * 10 + ["not_completed"] * 3
    evaluated = [scene.units["minh_phat"], scene.units["khuat_xa"], *extra]
    assert len(evaluated) == 68
    for unit, level in zip(evaluated, levels, strict=True):
        classification.classify_unit(db, actor=CONSOLE, year=YEAR, org_unit_id=unit.id, level=level)
    extra_unit = create_unit(db, parent=district, name="Chi bộ mới thành lập")
    classification.classify_unit(
        db, actor=CONSOLE, year=YEAR, org_unit_id=extra_unit.id, level="not_evaluated", note="Mới thành lập"
    )
    create_unit(db, parent=district, name="Chi bộ chưa nhập")


def test_the_report_gives_counts_and_percents_of_those_evaluated_with_the_denominator(
    client: TestClient, db: Session, scene: Scene
) -> None:
    _classify_district(db, scene)
    hung = scene.members["Vi Văn Hùng"]
    classification.classify_member(db, actor=CONSOLE, year=YEAR, member_id=hung.id, level="good")
    url = f"{API}/reports/classification?org_unit_id={scene.units['district'].id}&year={YEAR}"
    response = client.get(url, headers=api_headers(db, scene.district_admin))
    assert response.status_code == 200, response.text
    units = response.json()["org_units"]
    assert units["evaluated"] == 68
    assert units["not_evaluated"] == 1
    assert units["without_entry"] == 1
    assert units["levels"]["excellent"] == {"count": 25, "percent": 36.76}
    assert units["levels"]["not_completed"] == {"count": 3, "percent": 4.41}
    members = response.json()["members"]
    assert (members["evaluated"], members["not_evaluated"], members["without_entry"]) == (1, 0, 3)
    assert members["levels"]["good"] == {"count": 1, "percent": 100.0}


def test_a_communes_ratings_of_its_villages_do_not_change_the_districts_figure(
    client: TestClient, db: Session, scene: Scene
) -> None:
    _classify_district(db, scene)
    for key, level in (("na_noong", "excellent"), ("ban_khun", "good"), ("po_meo", "completed")):
        classification.classify_unit(
            db, actor=CONSOLE, year=YEAR, org_unit_id=scene.units[key].id, level=level
        )
    headers = api_headers(db, scene.district_admin)
    url = f"{API}/reports/classification?org_unit_id={scene.units['district'].id}&year={YEAR}"
    direct = client.get(url, headers=headers).json()["org_units"]
    assert (direct["evaluated"], direct["levels"]["excellent"]) == (68, {"count": 25, "percent": 36.76})
    assert client.get(f"{url}&depth=1", headers=headers).json()["org_units"] == direct
    villages = client.get(f"{url}&depth=2", headers=headers).json()["org_units"]
    assert (villages["evaluated"], villages["without_entry"]) == (3, 0)
    assert villages["levels"]["excellent"] == {"count": 1, "percent": 33.33}
    assert client.get(f"{url}&depth=0", headers=headers).status_code == 422
    login(client, "admin.huyen")
    page = text_of(client.get(f"/units/{scene.units['district'].id}/classification?year={YEAR}&depth=2"))
    assert "Hoàn thành xuất sắc nhiệm vụ 1/3 tổ chức (33,33%)" in page


def test_a_reviewer_gives_a_lower_level_than_the_points_only_with_the_reason(
    client: TestClient, db: Session, scene: Scene
) -> None:
    url = f"{API}/classification/{YEAR}/org-units/{scene.units['na_noong'].id}"
    headers = api_headers(db, scene.reviewer)
    refused = client.put(url, headers=headers, json={"level": "good", "points": 93})
    assert refused.status_code == 422
    assert refused.json()["details"][0]["field"] == "note"
    assert "ghi lý do" in refused.json()["details"][0]["message"]
    reason = "Có đảng viên bị kỷ luật khiển trách trong năm"
    given = client.put(url, headers=headers, json={"level": "good", "points": 93, "note": reason})
    assert given.status_code == 200, given.text
    higher = client.put(
        url, headers=headers, json={"level": "excellent", "points": 80, "note": "Có thành tích"}
    )
    assert higher.status_code == 422 and higher.json()["details"][0]["field"] == "level"
    login(client, "reviewer.mp")
    page = client.get(f"/units/{scene.units['minh_phat'].id}/classification?year={YEAR}").text
    assert f'value="{reason}"' in page  # kept beside the level on the commune's page


def test_the_unit_page_writes_the_denominator_out(client: TestClient, db: Session, scene: Scene) -> None:
    _classify_district(db, scene)
    login(client, "admin.huyen")
    page = text_of(client.get(f"/units/{scene.units['district'].id}/classification?year={YEAR}"))
    assert "Hoàn thành xuất sắc nhiệm vụ 25/68 tổ chức (36,76%)" in page
    assert "Tỷ lệ tính trên 68 được đánh giá, xếp loại" in page
    assert "Không đánh giá, xếp loại (có lý do): 1. Chưa nhập kết quả: 1." in page


def test_the_commune_page_sets_the_levels_of_its_branches_in_one_form(
    client: TestClient, db: Session, scene: Scene
) -> None:
    na_noong, ban_khun = scene.units["na_noong"], scene.units["ban_khun"]
    login(client, "reviewer.mp")
    url = f"/units/{scene.units['minh_phat'].id}/classification"
    data = {
        "year": str(YEAR),
        f"level_{na_noong.id}": "",
        f"points_{na_noong.id}": "91",  # the level comes from the points
        f"note_{na_noong.id}": "",
        f"level_{ban_khun.id}": "not_evaluated",
        f"points_{ban_khun.id}": "",
        f"note_{ban_khun.id}": "Chi bộ mới thành lập tháng 11",
    }
    response = post_form(client, f"{url}/units", data, page=f"{url}?year={YEAR}")
    assert response.status_code == 303, text_of(response)[:400]
    assert response.headers["location"] == f"{url}?year={YEAR}"
    assert _unit_rows(db) == [
        (na_noong.id, "excellent", 91, None),
        (ban_khun.id, "not_evaluated", None, "Chi bộ mới thành lập tháng 11"),
    ]
    page = text_of(client.get(response.headers["location"]))
    assert "Đã lưu 2 kết quả xếp loại." in page
    assert "Hoàn thành xuất sắc nhiệm vụ 1/1 tổ chức (100,00%)" in page


def test_a_bad_row_of_the_form_is_shown_again_and_nothing_is_saved(
    client: TestClient, db: Session, scene: Scene
) -> None:
    na_noong, ban_khun = scene.units["na_noong"], scene.units["ban_khun"]
    login(client, "reviewer.mp")
    url = f"/units/{scene.units['minh_phat'].id}/classification"
    data = {
        "year": str(YEAR),
        f"level_{na_noong.id}": "good",
        f"points_{na_noong.id}": "75",
        f"level_{ban_khun.id}": "not_evaluated",
        f"note_{ban_khun.id}": "",
    }
    response = post_form(client, f"{url}/units", data, page=f"{url}?year={YEAR}")
    assert response.status_code == 422
    assert "Hãy ghi lý do không đánh giá, xếp loại" in text_of(response)
    assert _unit_rows(db) == []


def test_a_secretary_sees_the_page_without_the_forms(client: TestClient, db: Session, scene: Scene) -> None:
    login(client, "secretary.nn")
    response = client.get(f"/units/{scene.units['na_noong'].id}/classification?year={YEAR}")
    assert response.status_code == 200
    assert "Nông Thị Lan" in text_of(response)
    assert "/classification/members" not in response.text
    assert "/classification/import" not in response.text
    post = post_form(
        client,
        f"/units/{scene.units['na_noong'].id}/classification/members",
        {"year": str(YEAR), f"level_{scene.members['Nông Thị Lan'].id}": "excellent"},
        page=f"/units/{scene.units['na_noong'].id}/classification?year={YEAR}",
    )
    assert post.status_code == 403
    assert _member_rows(db) == []


def test_the_branch_page_sets_its_members_levels(client: TestClient, db: Session, scene: Scene) -> None:
    branch = scene.units["na_noong"]
    tuan, hang = scene.members["Hoàng Văn Tuấn"], scene.members["Lương Thị Hằng"]
    login(client, "reviewer.mp")
    url = f"/units/{branch.id}/classification"
    data = {"year": str(YEAR), f"level_{tuan.id}": "good", f"points_{hang.id}": "55"}
    response = post_form(client, f"{url}/members", data, page=f"{url}?year={YEAR}")
    assert response.status_code == 303, text_of(response)[:400]
    assert _member_rows(db) == [(tuan.id, branch.id, "good", None), (hang.id, branch.id, "completed", 55)]


CSV_WITH_A_BAD_ROW = (
    "Họ và tên,Xếp loại,Điểm,Ghi chú\n"
    "Hoàng Văn Tuấn,Hoàn thành tốt nhiệm vụ,80,\n"
    "Lương Thị Hằng,hoan thanh xuat sac nhiem vu,85,\n"
    "Nông Thị Lan,Không đánh giá,,Ốm dài ngày\n"
)


def test_a_sheet_with_a_bad_row_writes_nothing_and_names_the_row(db: Session, scene: Scene) -> None:
    actor = auth_service.load_actor(db, user=scene.reviewer)
    preview = classification.import_csv(
        db,
        actor=actor,
        org_unit_id=scene.units["minh_phat"].id,
        year=YEAR,
        content=CSV_WITH_A_BAD_ROW.encode(),
        filename="xep-loai.csv",
    )
    assert not preview.ok
    assert [problem.text for problem in preview.problems] == [
        "Dòng 2: 85 điểm thuộc mức «Hoàn thành tốt nhiệm vụ», không phải «Hoàn thành xuất sắc nhiệm vụ». "
        "Hãy sửa lại điểm hoặc mức xếp loại."
    ]
    assert _member_rows(db) == []


def test_a_sheet_names_unknown_ambiguous_and_repeated_members(db: Session, scene: Scene) -> None:
    create_member(db, branch=scene.units["ban_khun"], full_name="Nông Thị Lan")
    content = (
        "Mã đảng viên,Họ và tên,Xếp loại\n"
        ",Nông Thị Lan,Hoàn thành nhiệm vụ\n"
        ",Lò Văn Không Có,Hoàn thành nhiệm vụ\n"
        f"{scene.members['Hoàng Văn Tuấn'].id},Hoàng Văn Tuấn,Tốt\n"
        f"{scene.members['Hoàng Văn Tuấn'].id},,Tốt\n"
        f"{scene.members['Vi Văn Hùng'].id},Hoàng Văn Tuấn,Tốt\n"
    ).encode()
    actor = auth_service.load_actor(db, user=scene.reviewer)
    preview = classification.preview_csv(
        db, actor=actor, org_unit_id=scene.units["minh_phat"].id, year=YEAR, content=content, filename="a.csv"
    )
    texts = [problem.text for problem in preview.problems]
    assert [text.split(":")[0] for text in texts] == ["Dòng 1", "Dòng 2", "Dòng 4", "Dòng 5"]
    assert "nhiều đảng viên cùng tên «Nông Thị Lan»" in texts[0]
    assert "không có đảng viên tên «Lò Văn Không Có»" in texts[1]
    assert "đã có ở dòng 3" in texts[2]
    assert "là của đồng chí Vi Văn Hùng" in texts[3]


def test_a_secretary_may_not_import_levels(db: Session, scene: Scene) -> None:
    actor = auth_service.load_actor(db, user=scene.secretary)
    with pytest.raises(PermissionDenied):
        classification.preview_csv(
            db, actor=actor, org_unit_id=scene.units["na_noong"].id, year=YEAR, content=b"x", filename="a.csv"
        )


def test_the_upload_page_previews_then_saves_every_row(client: TestClient, db: Session, scene: Scene) -> None:
    good = CSV_WITH_A_BAD_ROW.replace("85,", "95,").encode("utf-8-sig")
    login(client, "reviewer.mp")
    url = f"/units/{scene.units['na_noong'].id}/classification/import"
    token = csrf_from(client.get(f"{url}?year={YEAR}"))
    bad = client.post(
        url,
        data={"csrf_token": token, "year": str(YEAR)},
        files={"file": ("xep-loai.csv", CSV_WITH_A_BAD_ROW.encode(), "text/csv")},
    )
    assert bad.status_code == 422
    assert "Dòng 2: 85 điểm thuộc mức «Hoàn thành tốt nhiệm vụ»" in text_of(bad)
    preview = client.post(
        url, data={"csrf_token": token, "year": str(YEAR)}, files={"file": ("xep-loai.csv", good, "text/csv")}
    )
    assert preview.status_code == 200, text_of(preview)[:500]
    assert _member_rows(db) == []
    assert "3 kết quả xếp loại đảng viên sẵn sàng để lưu" in text_of(preview)
    form = {
        str(field["name"]): str(field.get("value", ""))
        for field in BeautifulSoup(preview.text, "html.parser").select(f'form[action="{url}/confirm"] input')
    }
    saved = client.post(f"{url}/confirm", data=form, follow_redirects=False)
    assert saved.status_code == 303, text_of(saved)[:400]
    levels = {member_id: level for member_id, _, level, _ in _member_rows(db)}
    assert levels == {
        scene.members["Hoàng Văn Tuấn"].id: "good",
        scene.members["Lương Thị Hằng"].id: "excellent",
        scene.members["Nông Thị Lan"].id: "not_evaluated",
    }


def test_unit_page_links_committees_to_their_classification(
    client: TestClient, db: Session, scene: Scene
) -> None:
    login(client, "reviewer.mp")
    page = client.get(f"/units/{scene.units['minh_phat'].id}")
    assert f'href="/units/{scene.units["minh_phat"].id}/classification"' in page.text


def test_service_refuses_an_invalid_entry_before_writing(db: Session, scene: Scene) -> None:
    with pytest.raises(Invalid):
        classification.classify_member(
            db, actor=CONSOLE, year=YEAR, member_id=scene.members["Vi Văn Hùng"].id, level="good", points=95
        )
    assert _member_rows(db) == []


def test_an_excel_sheet_is_read_like_a_csv_file(db: Session, scene: Scene) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH XẾP LOẠI ĐẢNG VIÊN NĂM 2025"])
    sheet.append(["STT", "Mã đảng viên", "Họ và tên", "Xếp loại", "Điểm", "Ghi chú"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
    sheet.append([1, scene.members["Vi Văn Hùng"].id, "Vi Văn Hùng", None, 72.0, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    actor = auth_service.load_actor(db, user=scene.reviewer)
    preview = classification.import_csv(
        db, actor=actor, org_unit_id=scene.units["minh_phat"].id, year=YEAR,
        content=buffer.getvalue(), filename="xep-loai.xlsx",
    )  # fmt: skip
    assert preview.ok, [problem.text for problem in preview.problems]
    assert preview.lines[0].row.suggested
    assert _member_rows(db) == [(scene.members["Vi Văn Hùng"].id, scene.units["ban_khun"].id, "good", 72)]


def test_a_members_older_label_is_kept_beside_todays_level(
    client: TestClient, db: Session, scene: Scene
) -> None:
    hung = scene.members["Vi Văn Hùng"]
    url = f"{API}/classification/2017/members/{hung.id}"
    headers = api_headers(db, scene.reviewer)
    label = "Đủ tư cách hoàn thành tốt nhiệm vụ"
    without_note = client.put(url, headers=headers, json={"level": "good", "legacy_label": label})
    assert without_note.status_code == 422 and without_note.json()["details"][0]["field"] == "note"
    saved = client.put(
        url, headers=headers, json={"level": "good", "legacy_label": label, "note": "Theo sổ cũ năm 2017"}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["legacy_label"] == label
    wrong = client.put(url, headers=headers, json={"level": "excellent", "legacy_label": label, "note": "x"})
    assert wrong.status_code == 422 and wrong.json()["details"][0]["field"] == "legacy_label"
    unknown = client.put(url, headers=headers, json={"level": "good", "legacy_label": "Loại A", "note": "x"})
    assert (
        unknown.status_code == 422
        and "không phải là mức xếp loại cũ" in unknown.json()["details"][0]["message"]
    )
