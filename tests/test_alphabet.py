"""Names are listed in Vietnamese alphabetical order, on SQLite as on PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.alphabet import sort_key
from tests.helpers import api_headers, create_member, create_unit, create_user, district, login

API = "/api/v1"

# By code point, the names with Â, Đ and Ô would come after Vy.
MEMBERS_IN_ORDER = [
    "An Văn Bình",
    "Âu Thị Hà",
    "Dương Thị Lan",
    "Đặng Văn Hùng",
    "Ông Thị Tám",
    "Vy Văn Yên",
]


def test_letters_come_first_then_tones_then_case_as_in_a_vietnamese_dictionary() -> None:
    dictionary = [
        *["anh", "Anh", "ảnh", "ánh", "ạnh", "ăn", "âu", "dao", "dào", "đào", "ly", "lý"],
        "mã a",
        "ma b",
    ]
    shuffled = dictionary[::-1]
    assert sorted(shuffled, key=sort_key) == dictionary


def test_a_secretary_reads_the_members_of_her_branch_in_vietnamese_order(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    for name in reversed(MEMBERS_IN_ORDER):
        create_member(db, branch=units["na_noong"], full_name=name)
    secretary = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    response = client.get(
        f"{API}/org-units/{units['na_noong'].id}/members", headers=api_headers(db, secretary)
    )
    assert response.status_code == 200
    assert [member["full_name"] for member in response.json()] == MEMBERS_IN_ORDER


def test_a_commune_reviewer_reads_the_board_with_its_branches_in_vietnamese_order(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    for name in ("Chi bộ thôn Yên Khoái", "Chi bộ thôn Đông Quan", "Chi bộ thôn Bản Xâm"):
        create_unit(db, parent=units["minh_phat"], name=name)
    create_user(db, username="xa.minhphat", role="reviewer", unit=units["minh_phat"])
    db.commit()
    login(client, "xa.minhphat")
    page = client.get(f"/reports?unit={units['minh_phat'].id}")
    assert page.status_code == 200
    shown = ["Bản Khun", "Bản Xâm", "Đông Quan", "Nà Noong", "Yên Khoái"]
    positions = [page.text.index(f"Chi bộ thôn {name}") for name in shown]
    assert positions == sorted(positions)


def test_two_different_names_never_tie_and_foreign_letters_come_after_ours() -> None:
    assert sort_key("Zoë") != sort_key("Zoe")  # ties broken as PostgreSQL breaks them
    assert sorted(["Иван", "Zed", "Ðặng", "Dung", "An"], key=sort_key) == [
        "An",
        "Ðặng",
        "Dung",
        "Zed",
        "Иван",
    ]
