"""The organisation services on their own: moves, merges and renames keep the tree and history right."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.auth import service as auth_service
from minutes.cli import CONSOLE
from minutes.errors import Invalid, NotFound, PermissionDenied
from minutes.orgs import members, service
from minutes.orgs.models import Member, Membership, OrgUnit, OrgUnitHistory
from tests.helpers import create_member, create_unit, create_user, district, today


def _paths(db: Session) -> dict[int, str]:
    return {unit_id: path for unit_id, path in db.execute(select(OrgUnit.id, OrgUnit.path))}


def _stays(db: Session, member: Member) -> list[tuple[int, dt.date, dt.date | None, str | None]]:
    query = select(Membership).where(Membership.member_id == member.id).order_by(Membership.id)
    return [(s.org_unit_id, s.start_on, s.end_on, s.reason) for s in db.scalars(query)]


def _history(db: Session, unit: OrgUnit) -> list[tuple[str, str | None, str | None]]:
    query = select(OrgUnitHistory).where(OrgUnitHistory.org_unit_id == unit.id).order_by(OrgUnitHistory.id)
    return [(h.change, h.old_value, h.new_value) for h in db.scalars(query)]


def _actor(db: Session, role: str, unit: OrgUnit, username: str = "nguoidung") -> Actor:
    return auth_service.load_actor(db, user=create_user(db, username=username, role=role, unit=unit))


def _fields(refused: pytest.ExceptionInfo[Invalid]) -> list[str]:
    return [item["field"] for item in refused.value.details]


def test_merging_two_branches_moves_the_members_and_keeps_their_membership_history(db: Session) -> None:
    units = district(db)
    hang = create_member(
        db, branch=units["ban_khun"], full_name="Lương Thị Hằng", joined_on=dt.date(2010, 2, 3)
    )
    tuan = create_member(
        db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn", joined_on=dt.date(1995, 5, 12)
    )
    actor = _actor(db, "admin", units["minh_phat"])
    target = service.merge_units(
        db, actor=actor, source_id=units["ban_khun"].id, target_id=units["na_noong"].id
    )
    assert target.id == units["na_noong"].id
    assert hang.org_unit_id == units["na_noong"].id
    assert _stays(db, hang) == [
        (units["ban_khun"].id, dt.date(2010, 2, 3), today(), "merger"),
        (units["na_noong"].id, today(), None, None),
    ]
    assert _stays(db, tuan) == [(units["na_noong"].id, dt.date(1995, 5, 12), None, None)]
    assert (units["ban_khun"].closed_on, units["ban_khun"].merged_into_id) == (today(), units["na_noong"].id)
    assert _history(db, units["ban_khun"]) == [("merged", "Chi bộ thôn Bản Khun", "Chi bộ thôn Nà Noong")]
    names = [m.full_name for m in members.list_members(db, actor=actor, unit_id=units["na_noong"].id)]
    assert names == ["Hoàng Văn Tuấn", "Lương Thị Hằng"]
    assert members.list_members(db, actor=actor, unit_id=units["ban_khun"].id) == []
    history = members.membership_history(db, actor=actor, member_id=hang.id)
    assert [name for _, name in history] == ["Chi bộ thôn Bản Khun", "Chi bộ thôn Nà Noong"]


def test_a_member_merged_before_keeps_every_earlier_stay(db: Session) -> None:
    units = district(db)
    third = create_unit(db, parent=units["minh_phat"], name="Chi bộ thôn Nà Pàn")
    hang = create_member(
        db, branch=units["ban_khun"], full_name="Lương Thị Hằng", joined_on=dt.date(2010, 2, 3)
    )
    members.transfer_member(db, actor=CONSOLE, member_id=hang.id, to_unit_id=third.id)
    service.merge_units(db, actor=CONSOLE, source_id=third.id, target_id=units["na_noong"].id)
    assert [(unit_id, end_on is None, reason) for unit_id, _, end_on, reason in _stays(db, hang)] == [
        (units["ban_khun"].id, False, "transfer"),
        (third.id, False, "merger"),
        (units["na_noong"].id, True, None),
    ]


def test_merging_two_communes_moves_every_branch_and_its_members_stay_in_their_branch(db: Session) -> None:
    units = district(db)
    hamlet = create_unit(db, parent=units["khuat_xa"], name="Đảng bộ bộ phận Khuất Xá cũ", kind="committee")
    deep = create_unit(db, parent=hamlet, name="Chi bộ thôn Lùng Cải")
    mai = create_member(db, branch=units["po_meo"], full_name="Chu Thị Mai", joined_on=dt.date(2012, 9, 2))
    service.merge_units(db, actor=CONSOLE, source_id=units["khuat_xa"].id, target_id=units["minh_phat"].id)
    root = units["minh_phat"].path
    paths = _paths(db)
    assert paths[units["po_meo"].id] == f"{root}{units['po_meo'].id}/"
    assert paths[hamlet.id] == f"{root}{hamlet.id}/"
    assert paths[deep.id] == f"{root}{hamlet.id}/{deep.id}/"
    assert units["po_meo"].parent_id == hamlet.parent_id == units["minh_phat"].id
    assert deep.parent_id == hamlet.id
    assert mai.org_unit_id == units["po_meo"].id
    assert _stays(db, mai) == [(units["po_meo"].id, dt.date(2012, 9, 2), None, None)]
    assert _history(db, units["po_meo"]) == [("moved", "Đảng bộ xã Khuất Xá", "Đảng bộ xã Minh Phát")]
    assert units["khuat_xa"].closed_on == today()
    assert service.children(db, unit=units["khuat_xa"]) == []


def test_moving_a_committee_moves_the_paths_of_its_whole_subtree(db: Session) -> None:
    units = district(db)
    centre = create_unit(
        db, parent=units["minh_phat"], name="Đảng bộ bộ phận khu trung tâm", kind="committee"
    )
    quarter = create_unit(db, parent=centre, name="Đảng bộ bộ phận khu phố", kind="committee")
    street = create_unit(db, parent=quarter, name="Chi bộ khu phố 1", branch_type="urban")
    market = create_unit(db, parent=centre, name="Chi bộ chợ", branch_type="enterprise")
    before = _paths(db)
    service.move_unit(db, actor=CONSOLE, unit_id=centre.id, new_parent_id=units["khuat_xa"].id)
    after = _paths(db)
    base = f"{units['khuat_xa'].path}{centre.id}/"
    assert after[centre.id] == base
    assert after[quarter.id] == f"{base}{quarter.id}/"
    assert after[street.id] == f"{base}{quarter.id}/{street.id}/"
    assert after[market.id] == f"{base}{market.id}/"
    untouched = set(before) - {centre.id, quarter.id, street.id, market.id}
    assert {unit_id: after[unit_id] for unit_id in untouched} == {
        unit_id: before[unit_id] for unit_id in untouched
    }
    assert centre.parent_id == units["khuat_xa"].id
    assert (quarter.parent_id, street.parent_id) == (centre.id, quarter.id)
    assert _history(db, centre) == [("moved", "Đảng bộ xã Minh Phát", "Đảng bộ xã Khuất Xá")]
    names = service.ancestor_names(db, [street])[street.id]
    assert names == [
        "Đảng bộ huyện Lộc Bình",
        "Đảng bộ xã Khuất Xá",
        "Đảng bộ bộ phận khu trung tâm",
        "Đảng bộ bộ phận khu phố",
        "Chi bộ khu phố 1",
    ]


def test_after_a_move_the_grants_follow_the_subtree(db: Session) -> None:
    units = district(db)
    khuat_xa_admin = _actor(db, "admin", units["khuat_xa"], username="quantri.khuatxa")
    minh_phat_admin = _actor(db, "admin", units["minh_phat"], username="quantri.minhphat")
    service.move_unit(db, actor=CONSOLE, unit_id=units["na_noong"].id, new_parent_id=units["khuat_xa"].id)
    assert units["na_noong"] in service.list_units(db, actor=khuat_xa_admin)
    assert units["na_noong"] not in service.list_units(db, actor=minh_phat_admin)
    with pytest.raises(NotFound):
        service.get_unit(db, actor=minh_phat_admin, unit_id=units["na_noong"].id)


@pytest.mark.parametrize("into", ["child", "grandchild", "itself"])
def test_merging_a_unit_into_itself_or_one_of_its_own_units_is_refused(db: Session, into: str) -> None:
    units = district(db)
    child = create_unit(db, parent=units["minh_phat"], name="Đảng bộ bộ phận khu trung tâm", kind="committee")
    grandchild = create_unit(db, parent=child, name="Đảng bộ bộ phận khu phố", kind="committee")
    target = {"child": child, "grandchild": grandchild, "itself": units["minh_phat"]}[into]
    before = _paths(db)
    with pytest.raises(Invalid) as refused:
        service.merge_units(db, actor=CONSOLE, source_id=units["minh_phat"].id, target_id=target.id)
    assert _fields(refused) == ["target_id"]
    assert (
        refused.value.details[0]["message"]
        == "A unit cannot be merged into itself or into one of its own units."
    )
    assert _paths(db) == before
    assert units["minh_phat"].closed_on is None
    assert _history(db, units["minh_phat"]) == []


def test_moving_a_unit_under_its_own_child_is_refused(db: Session) -> None:
    units = district(db)
    child = create_unit(db, parent=units["minh_phat"], name="Đảng bộ bộ phận khu trung tâm", kind="committee")
    before = _paths(db)
    with pytest.raises(Invalid) as refused:
        service.move_unit(db, actor=CONSOLE, unit_id=units["minh_phat"].id, new_parent_id=child.id)
    assert _fields(refused) == ["parent_id"]
    assert _paths(db) == before
    assert _history(db, units["minh_phat"]) == []


def test_the_top_of_the_tree_cannot_be_moved(db: Session) -> None:
    units = district(db)
    other = create_unit(db, parent=units["district"], name="Đảng bộ xã Tú Đoạn", kind="committee")
    with pytest.raises(Invalid) as refused:
        service.move_unit(db, actor=CONSOLE, unit_id=units["district"].id, new_parent_id=other.id)
    assert _fields(refused) == ["parent_id"]


def test_a_merged_unit_cannot_be_merged_again_nor_receive_members(db: Session) -> None:
    units = district(db)
    service.merge_units(db, actor=CONSOLE, source_id=units["ban_khun"].id, target_id=units["na_noong"].id)
    with pytest.raises(Invalid) as again:
        service.merge_units(db, actor=CONSOLE, source_id=units["ban_khun"].id, target_id=units["na_noong"].id)
    assert _fields(again) == ["target_id"]
    with pytest.raises(Invalid):
        service.merge_units(db, actor=CONSOLE, source_id=units["na_noong"].id, target_id=units["ban_khun"].id)
    with pytest.raises(Invalid):
        create_member(db, branch=units["ban_khun"], full_name="Vi Thị Thu")
    assert units["na_noong"].closed_on is None


def test_a_branch_and_a_commune_cannot_be_merged(db: Session) -> None:
    units = district(db)
    with pytest.raises(Invalid) as refused:
        service.merge_units(db, actor=CONSOLE, source_id=units["po_meo"].id, target_id=units["minh_phat"].id)
    assert _fields(refused) == ["target_id"]
    assert units["po_meo"].closed_on is None


def test_a_commune_administrator_merging_into_another_commune_gets_the_same_answer_as_for_no_unit(
    db: Session,
) -> None:
    units = district(db)
    actor = _actor(db, "admin", units["minh_phat"])
    with pytest.raises(Invalid) as outside:
        service.merge_units(db, actor=actor, source_id=units["ban_khun"].id, target_id=units["po_meo"].id)
    with pytest.raises(Invalid) as unknown:
        service.merge_units(db, actor=actor, source_id=units["ban_khun"].id, target_id=999_999)
    assert outside.value.details == unknown.value.details
    assert units["ban_khun"].closed_on is None


def test_a_secretary_may_not_rename_move_or_merge_their_branch(db: Session) -> None:
    units = district(db)
    actor = _actor(db, "secretary", units["na_noong"])
    with pytest.raises(PermissionDenied):
        service.rename_unit(db, actor=actor, unit_id=units["na_noong"].id, name="Chi bộ mới")
    with pytest.raises(NotFound):
        service.move_unit(db, actor=actor, unit_id=units["ban_khun"].id, new_parent_id=units["khuat_xa"].id)
    assert units["na_noong"].name == "Chi bộ thôn Nà Noong"


def test_renaming_keeps_each_old_name_and_a_same_name_rename_records_nothing(db: Session) -> None:
    units = district(db)
    branch = units["na_noong"]
    service.rename_unit(db, actor=CONSOLE, unit_id=branch.id, name="Chi bộ thôn Nà Pàn")
    service.rename_unit(db, actor=CONSOLE, unit_id=branch.id, name="  Chi bộ  thôn Nà Pàn ")
    service.rename_unit(db, actor=CONSOLE, unit_id=branch.id, name="Chi bộ thôn Nà Noong - Nà Pàn")
    assert branch.name == "Chi bộ thôn Nà Noong - Nà Pàn"
    assert _history(db, branch) == [
        ("renamed", "Chi bộ thôn Nà Noong", "Chi bộ thôn Nà Pàn"),
        ("renamed", "Chi bộ thôn Nà Pàn", "Chi bộ thôn Nà Noong - Nà Pàn"),
    ]
    assert [event.change for event in service.history(db, unit=branch)] == ["renamed", "renamed"]
    assert service.history(db, unit=branch)[0].new_value == "Chi bộ thôn Nà Noong - Nà Pàn"


def test_a_transfer_to_the_same_branch_is_refused_and_records_nothing(db: Session) -> None:
    units = district(db)
    tuan = create_member(db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn")
    with pytest.raises(Invalid) as refused:
        members.transfer_member(db, actor=CONSOLE, member_id=tuan.id, to_unit_id=units["na_noong"].id)
    assert _fields(refused) == ["to_unit_id"]
    assert len(_stays(db, tuan)) == 1


def test_an_import_with_one_bad_row_writes_no_member(db: Session) -> None:
    units = district(db)
    rows = [{"full_name": "Hoàng Văn Tuấn", "status": "official"}, {"full_name": "", "status": "official"}]
    with pytest.raises(Invalid):
        members.import_members(db, actor=CONSOLE, unit_id=units["na_noong"].id, rows=rows)
    assert db.scalars(select(Member)).all() == []
