"""The organisation pages: the tree, unit changes by administrators, members by secretaries."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes.auth.models import RoleGrant
from minutes.orgs.models import Member, Membership, OrgUnit, OrgUnitHistory
from tests.helpers import (
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

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "members-na-noong.csv"
DISTRICT = "Đảng bộ huyện Lộc Bình"
LONG_NAME = "Nguyễn Văn A " * 770  # about 10,000 characters
MEMBER_FORM = {
    "full_name": "Vi Thị Thu",
    "status": "probationary",
    "sex": "female",
    "birth_year": "1996",
    "joined_on": "2025-02-03",
    "official_on": "",
    "exempt": "",
    "exempt_from": "",
    "exempt_until": "",
}


def _unit(db: Session, unit: OrgUnit) -> OrgUnit:
    db.expire_all()
    stored = db.get(OrgUnit, unit.id)
    assert stored is not None
    return stored


def _paths(db: Session) -> dict[int, str]:
    db.expire_all()
    return {unit_id: path for unit_id, path in db.execute(select(OrgUnit.id, OrgUnit.path))}


def _member_names(db: Session, branch: OrgUnit) -> list[str]:
    db.expire_all()
    query = select(Member.full_name).where(Member.org_unit_id == branch.id).order_by(Member.full_name)
    return list(db.scalars(query))


def _member_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Member)) or 0


def _stays(db: Session, member: Member) -> list[tuple[int, dt.date, dt.date | None, str | None]]:
    db.expire_all()
    query = select(Membership).where(Membership.member_id == member.id).order_by(Membership.id)
    return [(s.org_unit_id, s.start_on, s.end_on, s.reason) for s in db.scalars(query)]


def _one(response: Response, css: str) -> Tag:
    """The first element of a page matching a CSS selector, which must be there."""
    found = BeautifulSoup(response.text, "html.parser").select_one(css)
    assert found is not None, f"nothing matches {css}"
    return found


def _options(response: Response, select_id: str) -> list[str]:
    options = _one(response, f"select#{select_id}").select("option")
    return [option.get_text(strip=True) for option in options if option.get("value")]


def _upload(client: TestClient, branch: OrgUnit, content: bytes, filename: str = "danh-sach.csv") -> Response:
    token = csrf_from(client.get(f"/units/{branch.id}/import"))
    return client.post(
        f"/units/{branch.id}/import",
        data={"csrf_token": token},
        files={"file": (filename, content, "text/csv")},
        follow_redirects=False,
    )


def _as(client: TestClient, db: Session, role: str, unit: OrgUnit, username: str = "nguoidung") -> None:
    create_user(db, username=username, role=role, unit=unit)
    assert login(client, username).status_code == 303


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# The tree and unit pages


def test_the_tree_page_shows_only_the_persons_part(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    page = client.get("/units")
    assert page.status_code == 200
    shown = text_of(page)
    for name in ("Đảng bộ xã Minh Phát", "Chi bộ thôn Nà Noong", "Chi bộ thôn Bản Khun"):
        assert name in shown
    for name in (DISTRICT, "Đảng bộ xã Khuất Xá", "Chi bộ thôn Pò Mèo"):
        assert name not in shown
    links = {a["href"] for a in BeautifulSoup(page.text, "html.parser").select("ul.tree a")}
    assert links == {f"/units/{units[key].id}" for key in ("minh_phat", "na_noong", "ban_khun")}


def test_a_branch_secretary_sees_their_branch_with_its_members(client: TestClient, db: Session) -> None:
    units = district(db)
    create_member(db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn")
    create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
    create_member(db, branch=units["ban_khun"], full_name="Lương Thị Hằng")
    _as(client, db, "secretary", units["na_noong"])
    page = client.get(f"/units/{units['na_noong'].id}")
    assert page.status_code == 200
    shown = text_of(page)
    assert "Chi bộ thôn Nà Noong" in shown
    assert "Hoàng Văn Tuấn" in shown and "Vi Thị Thu" in shown
    assert "Lương Thị Hằng" not in shown
    assert "Chính thức: 1 · Dự bị: 1 · Miễn sinh hoạt: 0" in shown
    assert "Thêm đảng viên" in shown


def test_a_unit_page_outside_the_persons_part_is_the_vietnamese_404_page(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_member(db, branch=units["po_meo"], full_name="Chu Thị Mai")
    _as(client, db, "admin", units["minh_phat"])
    for url in (
        f"/units/{units['po_meo'].id}",
        f"/units/{units['khuat_xa'].id}",
        f"/units/{units['district'].id}",
    ):
        page = client.get(url)
        assert page.status_code == 404
        shown = text_of(page)
        assert "Không tìm thấy" in shown
        assert "Trang này không tồn tại hoặc bạn không có quyền xem." in shown
        assert "Pò Mèo" not in shown and "Chu Thị Mai" not in shown and "Khuất Xá" not in shown
    assert text_of(client.get("/units/999999")) == text_of(client.get(f"/units/{units['po_meo'].id}"))


def test_the_forms_that_change_a_unit_are_404_outside_and_403_for_a_secretary(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "secretary", units["na_noong"])
    for form in ("new", "rename", "move", "merge"):
        assert client.get(f"/units/{units['po_meo'].id}/{form}").status_code == 404
        refused = client.get(f"/units/{units['na_noong'].id}/{form}")
        assert refused.status_code == 403
        assert "Không được phép" in text_of(refused)
    response = post_form(client, f"/units/{units['na_noong'].id}/rename", {"name": "Chi bộ mới"}, page="/")
    assert response.status_code == 403
    assert _unit(db, units["na_noong"]).name == "Chi bộ thôn Nà Noong"


# Adding, renaming, moving and merging units


def test_the_commune_administrator_adds_a_branch_below_the_commune(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    url = f"/units/{units['minh_phat'].id}/new"
    assert "Thêm tổ chức trực thuộc Đảng bộ xã Minh Phát" in text_of(client.get(url))
    response = post_form(
        client, url, {"name": "Chi bộ thôn Nà Pàn", "kind": "branch", "branch_type": "rural"}
    )
    assert response.status_code == 303
    created = db.scalar(select(OrgUnit).where(OrgUnit.name == "Chi bộ thôn Nà Pàn"))
    assert created is not None
    assert (created.kind, created.branch_type, created.parent_id) == (
        "branch",
        "rural",
        units["minh_phat"].id,
    )
    assert created.path == f"{units['minh_phat'].path}{created.id}/"
    assert response.headers["location"] == f"/units/{created.id}"
    page = text_of(client.get(f"/units/{units['minh_phat'].id}"))
    assert "Đã tạo Chi bộ thôn Nà Pàn." in page
    assert "Chi bộ thôn Nà Pàn" in page


def test_a_committee_added_below_gets_no_branch_type(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    response = post_form(
        client,
        f"/units/{units['minh_phat'].id}/new",
        {"name": "Đảng bộ bộ phận khu trung tâm", "kind": "committee", "branch_type": "rural"},
    )
    assert response.status_code == 303
    created = db.scalar(select(OrgUnit).where(OrgUnit.name == "Đảng bộ bộ phận khu trung tâm"))
    assert created is not None
    assert (created.kind, created.branch_type) == ("committee", None)


def test_a_unit_with_an_overlong_name_is_refused_in_vietnamese_and_not_created(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    before = _paths(db)
    response = post_form(
        client,
        f"/units/{units['minh_phat'].id}/new",
        {"name": LONG_NAME, "kind": "branch", "branch_type": "rural"},
    )
    assert response.status_code == 422
    assert "Tên quá dài: tối đa 200 ký tự." in text_of(response)
    assert _paths(db) == before


def test_renaming_keeps_the_old_name_in_the_history_shown_on_the_page(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    url = f"/units/{units['na_noong'].id}"
    form = client.get(f"{url}/rename")
    assert _one(form, "input[name=name]")["value"] == "Chi bộ thôn Nà Noong"
    response = post_form(client, f"{url}/rename", {"name": "Chi bộ thôn Nà Pàn"})
    assert response.status_code == 303
    assert response.headers["location"] == url
    assert _unit(db, units["na_noong"]).name == "Chi bộ thôn Nà Pàn"
    page = client.get(url)
    shown = text_of(page)
    assert "Đã đổi tên; tên cũ được lưu trong lịch sử." in shown
    assert _one(page, "h1").get_text(strip=True) == "Chi bộ thôn Nà Pàn"
    assert "Lịch sử" in shown
    assert "Đổi tên: Chi bộ thôn Nà Noong → Chi bộ thôn Nà Pàn" in shown


def test_the_rename_form_sets_the_place_its_documents_print(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    url = f"/units/{units['na_noong'].id}"
    assert _one(client.get(f"{url}/rename"), "input[name=place_name]")["value"] == ""
    response = post_form(client, f"{url}/rename", {"name": "Chi bộ thôn Nà Noong", "place_name": "Minh Phát"})
    assert response.status_code == 303
    assert _unit(db, units["na_noong"]).place_name == "Minh Phát"
    assert _one(client.get(f"{url}/rename"), "input[name=place_name]")["value"] == "Minh Phát"


def test_a_move_through_the_page_is_dated_and_a_day_that_is_not_one_is_refused(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "admin", units["district"])
    url = f"/units/{units['na_noong'].id}/move"
    refused = post_form(client, url, {"target_id": str(units["khuat_xa"].id), "on": "31/11/2019"})
    assert refused.status_code == 422
    assert "Hãy ghi ngày thay đổi có hiệu lực" in text_of(refused)
    assert _unit(db, units["na_noong"]).parent_id == units["minh_phat"].id
    assert (
        post_form(client, url, {"target_id": str(units["khuat_xa"].id), "on": "2019-11-01"}).status_code
        == 303
    )
    moved = db.scalar(select(OrgUnitHistory).where(OrgUnitHistory.org_unit_id == units["na_noong"].id))
    assert moved is not None and (moved.change, moved.effective_on) == ("moved", dt.date(2019, 11, 1))


def test_renaming_to_an_empty_name_is_refused_and_the_name_stays(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    response = post_form(client, f"/units/{units['na_noong'].id}/rename", {"name": "   "})
    assert response.status_code == 422
    assert "Hãy nhập tên." in text_of(response)
    assert _unit(db, units["na_noong"]).name == "Chi bộ thôn Nà Noong"


def test_a_district_administrator_moves_a_branch_to_another_commune(client: TestClient, db: Session) -> None:
    units = district(db)
    create_member(db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn")
    _as(client, db, "admin", units["district"])
    url = f"/units/{units['na_noong'].id}"
    assert "Đảng bộ xã Khuất Xá" in _options(client.get(f"{url}/move"), "target_id")
    response = post_form(client, f"{url}/move", {"target_id": str(units["khuat_xa"].id)})
    assert response.status_code == 303
    assert response.headers["location"] == url
    moved = _unit(db, units["na_noong"])
    assert moved.parent_id == units["khuat_xa"].id
    assert moved.path == f"{units['khuat_xa'].path}{moved.id}/"
    assert _member_names(db, moved) == ["Hoàng Văn Tuấn"]
    page = client.get(url)
    trail = _one(page, "nav.trail").get_text(" ", strip=True)
    assert "Đảng bộ xã Khuất Xá" in trail and "Minh Phát" not in trail
    assert "Chuyển cấp ủy: Đảng bộ xã Minh Phát → Đảng bộ xã Khuất Xá" in text_of(page)


def test_moving_a_committee_carries_its_branches_and_their_pages_follow(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    centre = create_unit(
        db, parent=units["minh_phat"], name="Đảng bộ bộ phận khu trung tâm", kind="committee"
    )
    street = create_unit(db, parent=centre, name="Chi bộ khu phố 1", branch_type="urban")
    _as(client, db, "admin", units["district"])
    response = post_form(client, f"/units/{centre.id}/move", {"target_id": str(units["khuat_xa"].id)})
    assert response.status_code == 303
    paths = _paths(db)
    assert paths[centre.id] == f"{units['khuat_xa'].path}{centre.id}/"
    assert paths[street.id] == f"{units['khuat_xa'].path}{centre.id}/{street.id}/"
    assert paths[units["na_noong"].id] == f"{units['minh_phat'].path}{units['na_noong'].id}/"
    trail = _one(client.get(f"/units/{street.id}"), "nav.trail")
    assert [a.get_text(strip=True) for a in trail.select("a")] == [
        DISTRICT,
        "Đảng bộ xã Khuất Xá",
        "Đảng bộ bộ phận khu trung tâm",
    ]


def test_after_a_move_the_old_communes_administrator_no_longer_sees_the_branch(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "admin", units["district"])
    post_form(client, f"/units/{units['na_noong'].id}/move", {"target_id": str(units["khuat_xa"].id)})
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/"))})
    _as(client, db, "admin", units["minh_phat"], username="quantri.minhphat")
    assert client.get(f"/units/{units['na_noong'].id}").status_code == 404
    assert "Chi bộ thôn Nà Noong" not in text_of(client.get("/units"))


def test_moving_a_commune_under_its_own_committee_is_refused_and_nothing_changes(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    centre = create_unit(
        db, parent=units["minh_phat"], name="Đảng bộ bộ phận khu trung tâm", kind="committee"
    )
    create_unit(db, parent=centre, name="Chi bộ khu phố 1", branch_type="urban")
    _as(client, db, "admin", units["district"])
    url = f"/units/{units['minh_phat'].id}/move"
    offered = _options(client.get(url), "target_id")
    assert "Đảng bộ xã Khuất Xá" in offered
    assert "Đảng bộ bộ phận khu trung tâm" not in offered and "Đảng bộ xã Minh Phát" not in offered
    before = _paths(db)
    for target in (centre, units["minh_phat"]):
        response = post_form(client, url, {"target_id": str(target.id)})
        assert response.status_code == 422
        assert "Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức trực thuộc nó." in text_of(
            response
        )
    assert _paths(db) == before
    assert _unit(db, units["minh_phat"]).parent_id == units["district"].id
    assert db.scalar(select(func.count()).select_from(OrgUnitHistory)) == 0
    assert "Lịch sử" not in text_of(client.get(f"/units/{units['minh_phat'].id}"))


def test_moving_a_branch_under_a_branch_is_refused(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    before = _paths(db)
    response = post_form(
        client, f"/units/{units['na_noong'].id}/move", {"target_id": str(units["ban_khun"].id)}
    )
    assert response.status_code == 422
    assert "Chỉ đặt được tổ chức dưới một đảng bộ (cấp ủy), không đặt dưới chi bộ." in text_of(response)
    assert _paths(db) == before


def test_a_commune_administrator_cannot_move_a_branch_into_another_commune(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "admin", units["minh_phat"])
    url = f"/units/{units['na_noong'].id}/move"
    assert "Đảng bộ xã Khuất Xá" not in _options(client.get(url), "target_id")
    before = _paths(db)
    response = post_form(client, url, {"target_id": str(units["khuat_xa"].id)})
    assert response.status_code == 422
    assert "Không tìm thấy cấp ủy mới. Hãy chọn trong danh sách." in text_of(response)
    assert "Khuất Xá" not in text_of(response)
    assert _paths(db) == before


def test_two_communes_are_merged_as_in_2025(client: TestClient, db: Session) -> None:
    units = district(db)
    mai = create_member(db, branch=units["po_meo"], full_name="Chu Thị Mai", joined_on=dt.date(2012, 9, 2))
    _as(client, db, "admin", units["district"])
    source, target = units["khuat_xa"], units["minh_phat"]
    assert "Đảng bộ xã Minh Phát" in _options(client.get(f"/units/{source.id}/merge"), "target_id")
    response = post_form(client, f"/units/{source.id}/merge", {"target_id": str(target.id)})
    assert response.status_code == 303
    assert response.headers["location"] == f"/units/{target.id}"
    closed = _unit(db, source)
    assert (closed.closed_on, closed.merged_into_id) == (today(), target.id)
    po_meo = _unit(db, units["po_meo"])
    assert po_meo.parent_id == target.id
    assert po_meo.path == f"{target.path}{po_meo.id}/"
    assert _member_names(db, po_meo) == ["Chu Thị Mai"]
    assert _stays(db, mai) == [(po_meo.id, dt.date(2012, 9, 2), None, None)]
    target_page = text_of(client.get(f"/units/{target.id}"))
    assert (
        "Đã hợp nhất. Hồ sơ, biên bản của tổ chức được hợp nhất vẫn giữ nguyên ở tổ chức đó." in target_page
    )
    assert "Chi bộ thôn Pò Mèo" in target_page
    source_page = client.get(f"/units/{source.id}")
    assert f"giải thể ngày {_vn(today())}" in text_of(source_page)
    assert "Hợp nhất: Đảng bộ xã Khuất Xá → Đảng bộ xã Minh Phát" in text_of(source_page)
    link = _one(source_page, f'main p a[href="/units/{target.id}"]')
    assert link.get_text(strip=True) == "Đã hợp nhất vào tổ chức khác: mở tổ chức đó"


def test_after_the_merger_the_target_communes_administrator_sees_the_new_branches(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "admin", units["district"])
    post_form(client, f"/units/{units['khuat_xa'].id}/merge", {"target_id": str(units["minh_phat"].id)})
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/"))})
    _as(client, db, "admin", units["minh_phat"], username="quantri.minhphat")
    assert "Chi bộ thôn Pò Mèo" in text_of(client.get("/units"))
    assert client.get(f"/units/{units['po_meo'].id}").status_code == 200


def test_two_branches_merge_and_the_members_move_with_their_history(client: TestClient, db: Session) -> None:
    units = district(db)
    hang = create_member(
        db, branch=units["ban_khun"], full_name="Lương Thị Hằng", joined_on=dt.date(2010, 2, 3)
    )
    create_member(db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn")
    _as(client, db, "admin", units["minh_phat"])
    response = post_form(
        client, f"/units/{units['ban_khun'].id}/merge", {"target_id": str(units["na_noong"].id)}
    )
    assert response.status_code == 303
    assert _member_names(db, units["na_noong"]) == ["Hoàng Văn Tuấn", "Lương Thị Hằng"]
    assert _member_names(db, units["ban_khun"]) == []
    assert _stays(db, hang) == [
        (units["ban_khun"].id, dt.date(2010, 2, 3), today(), "merger"),
        (units["na_noong"].id, today(), None, None),
    ]
    history = text_of(client.get(f"/members/{hang.id}"))
    assert f"Chi bộ thôn Bản Khun: 03/02/2010 – {_vn(today())}" in history
    assert f"Chi bộ thôn Nà Noong: {_vn(today())} – nay" in history


def test_merging_a_commune_into_a_branch_is_refused(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "admin", units["district"])
    before = _paths(db)
    response = post_form(
        client, f"/units/{units['khuat_xa'].id}/merge", {"target_id": str(units["na_noong"].id)}
    )
    assert response.status_code == 422
    assert "Chỉ hợp nhất được hai tổ chức cùng loại: hai đảng bộ hoặc hai chi bộ." in text_of(response)
    assert _paths(db) == before
    assert _unit(db, units["khuat_xa"]).closed_on is None


# Members through the forms


def test_the_secretary_adds_a_member_through_the_form(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "secretary", units["na_noong"])
    url = f"/units/{units['na_noong'].id}/members/new"
    assert "Đảng viên mới" in text_of(client.get(url))
    response = post_form(client, url, MEMBER_FORM)
    assert response.status_code == 303
    assert response.headers["location"] == f"/units/{units['na_noong'].id}"
    member = db.scalar(select(Member).where(Member.full_name == "Vi Thị Thu"))
    assert member is not None
    assert (
        member.org_unit_id,
        member.status,
        member.sex,
        member.birth_year,
        member.joined_on,
        member.exempt,
    ) == (
        units["na_noong"].id,
        "probationary",
        "female",
        1996,
        dt.date(2025, 2, 3),
        False,
    )
    page = text_of(client.get(response.headers["location"]))
    assert "Đã thêm đồng chí Vi Thị Thu vào chi bộ." in page
    assert "Chính thức: 0 · Dự bị: 1 · Miễn sinh hoạt: 0" in page


def test_the_secretary_edits_a_member(client: TestClient, db: Session) -> None:
    units = district(db)
    thu = create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
    _as(client, db, "secretary", units["na_noong"])
    url = f"/members/{thu.id}"
    changes = {
        **MEMBER_FORM,
        "status": "official",
        "official_on": "2026-02-03",
        "exempt": "1",
        "exempt_from": "2026-03-01",
    }
    response = post_form(client, url, changes)
    assert response.status_code == 303
    assert response.headers["location"] == url
    db.expire_all()
    stored = db.get(Member, thu.id)
    assert stored is not None
    assert (stored.status, stored.official_on, stored.exempt, stored.exempt_from) == (
        "official",
        dt.date(2026, 2, 3),
        True,
        dt.date(2026, 3, 1),
    )
    page = client.get(url)
    assert "Đã lưu thay đổi." in text_of(page)
    assert _one(page, "input[name=exempt]").has_attr("checked")


def test_a_10000_character_member_name_is_refused_in_vietnamese_and_nothing_is_written(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "secretary", units["na_noong"])
    response = post_form(
        client, f"/units/{units['na_noong'].id}/members/new", {**MEMBER_FORM, "full_name": LONG_NAME}
    )
    assert response.status_code == 422
    shown = text_of(response)
    assert "Hãy sửa các ô được đánh dấu bên dưới." in shown
    assert "Tên quá dài: tối đa 200 ký tự." in shown
    assert _member_count(db) == 0


def test_a_malformed_year_and_date_are_named_and_nothing_is_written(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "secretary", units["na_noong"])
    response = post_form(
        client,
        f"/units/{units['na_noong'].id}/members/new",
        {**MEMBER_FORM, "birth_year": "19x9", "joined_on": "31/02/2015"},
    )
    assert response.status_code == 422
    birth_year_error = _one(response, "#birth_year-error").get_text(strip=True)
    assert birth_year_error == "Hãy nhập năm sinh đủ 4 chữ số, từ 1900 đến năm nay."
    assert "ngày/tháng/năm" in _one(response, "#joined_on-error").get_text(strip=True)
    assert _one(response, "input[name=full_name]")["value"] == "Vi Thị Thu"
    assert _member_count(db) == 0


def test_a_refused_edit_leaves_the_member_unchanged(client: TestClient, db: Session) -> None:
    units = district(db)
    thu = create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
    _as(client, db, "secretary", units["na_noong"])
    response = post_form(client, f"/members/{thu.id}", {**MEMBER_FORM, "full_name": "", "status": "official"})
    assert response.status_code == 422
    assert "Hãy nhập tên." in text_of(response)
    db.expire_all()
    stored = db.get(Member, thu.id)
    assert stored is not None and (stored.full_name, stored.status) == ("Vi Thị Thu", "probationary")


def test_a_secretary_who_administers_the_receiving_branch_transfers_a_member_and_the_history_shows_both(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    tuan = create_member(
        db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn", joined_on=dt.date(1995, 5, 12)
    )
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    # API.md: the member's branch's secretary, and an administrator of the branch receiving them.
    db.add(RoleGrant(user_id=bithu.id, role="admin", org_unit_id=units["ban_khun"].id))
    db.flush()
    login(client, "bithu")
    url = f"/members/{tuan.id}"
    assert _options(client.get(url), "to_unit_id") == ["Chi bộ thôn Bản Khun"]
    response = post_form(client, f"{url}/transfer", {"to_unit_id": str(units["ban_khun"].id)}, page=url)
    assert response.status_code == 303
    assert response.headers["location"] == url
    assert _member_names(db, units["ban_khun"]) == ["Hoàng Văn Tuấn"]
    assert _member_names(db, units["na_noong"]) == []
    assert _stays(db, tuan) == [
        (units["na_noong"].id, dt.date(1995, 5, 12), today(), "transfer"),
        (units["ban_khun"].id, today(), None, None),
    ]
    page = text_of(client.get(url))
    assert "Đã chuyển sinh hoạt đảng. Các buổi sinh hoạt trước vẫn thuộc chi bộ cũ." in page
    assert f"Chi bộ thôn Nà Noong: 12/05/1995 – {_vn(today())}" in page
    assert f"Chi bộ thôn Bản Khun: {_vn(today())} – nay" in page


def test_a_secretary_of_one_branch_cannot_transfer_a_member_to_a_branch_they_do_not_see(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    tuan = create_member(db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn")
    _as(client, db, "secretary", units["na_noong"])
    url = f"/members/{tuan.id}"
    assert "Chuyển sinh hoạt sang chi bộ khác" not in text_of(client.get(url))
    for branch in ("ban_khun", "po_meo"):
        response = post_form(client, f"{url}/transfer", {"to_unit_id": str(units[branch].id)}, page=url)
        assert response.status_code == 422
        # The transfer form (and so its field message) is not shown when no branch can be chosen.
        assert "Hãy sửa các ô được đánh dấu bên dưới." in text_of(response)
        assert "Pò Mèo" not in text_of(response)
    assert _member_names(db, units["na_noong"]) == ["Hoàng Văn Tuấn"]
    assert len(_stays(db, tuan)) == 1


def test_a_member_of_another_commune_is_the_404_page(client: TestClient, db: Session) -> None:
    units = district(db)
    mai = create_member(db, branch=units["po_meo"], full_name="Chu Thị Mai")
    _as(client, db, "admin", units["minh_phat"])
    page = client.get(f"/members/{mai.id}")
    assert page.status_code == 404
    assert "Chu Thị Mai" not in text_of(page)
    response = post_form(client, f"/members/{mai.id}", {**MEMBER_FORM, "full_name": "Đổi tên"}, page="/")
    assert response.status_code == 404
    assert _member_names(db, units["po_meo"]) == ["Chu Thị Mai"]


# Importing a member list


def test_the_sample_file_is_refused_with_its_four_bad_rows_named_and_no_member_written(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    _as(client, db, "secretary", units["na_noong"])
    response = _upload(client, units["na_noong"], SAMPLE.read_bytes(), "members-na-noong.csv")
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    problems = [item.get_text(" ", strip=True) for item in page.select("ul.problems li")]
    assert [problem.split(":")[0] for problem in problems] == ["Dòng 7", "Dòng 8", "Dòng 9", "Dòng 10"]
    assert problems[0].startswith("Dòng 7: thiếu họ và tên.")
    assert "năm sinh «19x9»" in problems[1]
    assert "31/02/2015" in problems[2] and "không có thật" in problems[2]
    assert "trạng thái «Đã nghỉ» không hợp lệ" in problems[3]
    assert "Chưa nhập gì: hãy sửa các dòng sau rồi tải tệp lên lại" in text_of(response)
    assert page.find("form", {"action": f"/units/{units['na_noong'].id}/import/confirm"}) is None
    assert _member_count(db) == 0


def test_the_first_six_rows_preview_then_import_six_members(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "secretary", units["na_noong"])
    good = "\n".join(SAMPLE.read_text(encoding="utf-8-sig").splitlines()[:7]).encode()
    preview = _upload(client, units["na_noong"], good)
    assert preview.status_code == 200
    assert "Có 6 đảng viên sẵn sàng để nhập" in text_of(preview)
    assert _member_count(db) == 0
    confirm = _one(preview, f'form[action="/units/{units["na_noong"].id}/import/confirm"]')
    fields = {str(field["name"]): str(field["value"]) for field in confirm.select("input")}
    response = client.post(str(confirm["action"]), data=fields, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/units/{units['na_noong'].id}"
    assert _member_names(db, units["na_noong"]) == [
        "Hoàng Văn Tuấn",
        "Lương Thị Hằng",
        "Lục Văn Hải",
        "Nông Thị Lan",
        "Triệu Văn Hùng",
        "Vi Thị Thu",
    ]
    thu = db.scalar(select(Member).where(Member.full_name == "Vi Thị Thu"))
    hung = db.scalar(select(Member).where(Member.full_name == "Triệu Văn Hùng"))
    assert thu is not None and hung is not None
    assert (thu.status, thu.sex, thu.birth_year, thu.joined_on, thu.official_on) == (
        "probationary",
        "female",
        1996,
        dt.date(2019, 2, 3),
        None,
    )
    assert (hung.exempt, hung.birth_year) == (True, 1941)
    assert db.scalar(select(func.count()).select_from(Membership)) == 6
    page = text_of(client.get(response.headers["location"]))
    assert "Đã nhập 6 đảng viên." in page
    assert "Chính thức: 5 · Dự bị: 1 · Miễn sinh hoạt: 1" in page


def test_a_confirmation_carrying_a_tampered_file_writes_nothing(client: TestClient, db: Session) -> None:
    units = district(db)
    _as(client, db, "secretary", units["na_noong"])
    url = f"/units/{units['na_noong'].id}/import/confirm"
    content = base64.b64encode(SAMPLE.read_bytes()).decode()
    response = post_form(
        client,
        url,
        {"content": content, "filename": "members.csv"},
        page=f"/units/{units['na_noong'].id}/import",
    )
    assert response.status_code == 422
    assert "Dòng 7" in text_of(response)
    assert _member_count(db) == 0


# A viewer


def test_a_viewer_sees_the_branch_but_gets_403_on_the_member_form(client: TestClient, db: Session) -> None:
    units = district(db)
    thu = create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
    _as(client, db, "viewer", units["na_noong"])
    page = client.get(f"/units/{units['na_noong'].id}")
    assert page.status_code == 200
    assert "Vi Thị Thu" in text_of(page)
    assert "Thêm đảng viên" not in text_of(page) and "Nhập danh sách" not in text_of(page)
    for url in (f"/units/{units['na_noong'].id}/members/new", f"/units/{units['na_noong'].id}/import"):
        refused = client.get(url)
        assert refused.status_code == 403
        assert "Không được phép" in text_of(refused)
        assert "Vai trò của bạn không được làm việc này." in text_of(refused)
    member_page = client.get(f"/members/{thu.id}")
    assert member_page.status_code == 200
    assert _one(member_page, "form fieldset").has_attr("disabled")
    posted = post_form(
        client,
        f"/units/{units['na_noong'].id}/members/new",
        MEMBER_FORM,
        page=f"/units/{units['na_noong'].id}",
    )
    edited = post_form(client, f"/members/{thu.id}", {**MEMBER_FORM, "status": "official"})
    assert (posted.status_code, edited.status_code) == (403, 403)
    assert _member_names(db, units["na_noong"]) == ["Vi Thị Thu"]
    db.expire_all()
    assert db.scalar(select(Member.status).where(Member.id == thu.id)) == "probationary"


def test_a_file_of_thousands_of_bad_rows_shows_the_first_hundred_and_counts_the_rest(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    login(client, "bithu")
    rows = "Họ và tên,Trạng thái\n" + ",Chính thức\n" * 5000
    branch = units["na_noong"]
    token = csrf_from(client.get(f"/units/{branch.id}/import"))
    page = client.post(
        f"/units/{branch.id}/import",
        data={"csrf_token": token},
        files={"file": ("danh-sach.csv", rows.encode(), "text/csv")},
    )
    assert page.status_code == 422
    assert page.text.count('class="field-error"') == 100
    assert "…và 4900 lỗi khác cùng loại" in text_of(page)
    assert len(page.content) < 200_000
