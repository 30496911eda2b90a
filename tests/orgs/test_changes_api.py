"""Changes to the organisation through the API: dated, audited, kept in the unit's history."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes import clock
from minutes.audit.models import AuditEvent
from minutes.orgs.models import Member, Membership, OrgUnit
from tests.helpers import api_headers, create_user
from tests.meetings.scene import Scene, na_noong, submit_october

API = "/api/v1"


def _admin(db: Session, scene: Scene) -> dict[str, str]:
    return api_headers(
        db, create_user(db, username="admin.huyen", role="admin", unit=scene.units["district"])
    )


def test_a_rename_keeps_the_old_name_for_minutes_recorded_before_it(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    meeting = submit_october(client, scene, api_headers(db, scene.secretary))
    admin = _admin(db, scene)
    renamed = client.patch(
        f"{API}/org-units/{scene.units['na_noong'].id}",
        headers=admin,
        json={"name": "Chi bộ thôn Nà Noong mới"},
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Chi bộ thôn Nà Noong mới"
    word = client.get(f"{API}/meetings/{meeting}/minutes.docx", headers=admin)
    text = zipfile.ZipFile(io.BytesIO(word.content)).read("word/document.xml").decode()
    assert "CHI BỘ THÔN NÀ NOONG" in text and "MỚI" not in text
    history = client.get(f"{API}/org-units/{scene.units['na_noong'].id}/history", headers=admin).json()
    assert history == [
        {
            "on": clock.today().isoformat(),
            "change": "renamed",
            "from": "Chi bộ thôn Nà Noong",
            "to": "Chi bộ thôn Nà Noong mới",
        }
    ]


def test_a_units_place_name_goes_on_the_date_line_of_its_next_minutes(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    admin = _admin(db, scene)
    patched = client.patch(
        f"{API}/org-units/{scene.units['minh_phat'].id}", headers=admin, json={"place_name": "Xã Minh Phát"}
    )
    assert patched.status_code == 200 and patched.json()["place_name"] == "Xã Minh Phát"
    meeting = submit_october(client, scene, api_headers(db, scene.secretary))
    minutes = client.get(f"{API}/meetings/{meeting}", headers=admin).json()["minutes"]
    assert minutes["place_name"] == "Xã Minh Phát"


def test_a_move_is_dated_and_a_move_under_itself_is_refused(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    admin = _admin(db, scene)
    khuat_xa, minh_phat = scene.units["khuat_xa"], scene.units["minh_phat"]
    on = clock.today() - dt.timedelta(days=30)
    moved = client.post(
        f"{API}/org-units/{scene.units['ban_khun'].id}/move",
        headers=admin,
        json={"parent_id": khuat_xa.id, "on": on.isoformat()},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == khuat_xa.id
    assert moved.json()["path"] == ["Đảng bộ huyện Lộc Bình", "Đảng bộ xã Khuất Xá"]
    history = client.get(f"{API}/org-units/{scene.units['ban_khun'].id}/history", headers=admin).json()
    assert history == [{"on": on.isoformat(), "change": "moved", "from": minh_phat.name, "to": khuat_xa.name}]
    under_itself = client.post(
        f"{API}/org-units/{minh_phat.id}/move", headers=admin, json={"parent_id": minh_phat.id}
    )
    assert under_itself.status_code == 422
    assert db.get(OrgUnit, minh_phat.id).parent_id == scene.units["district"].id  # type: ignore[union-attr]


def test_a_merger_moves_the_members_closes_the_source_and_answers_the_unit_merged_into(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    admin = _admin(db, scene)
    merged = client.post(
        f"{API}/org-units/{scene.units['na_noong'].id}/merge",
        headers=admin,
        json={"into_id": scene.units["ban_khun"].id},
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == scene.units["ban_khun"].id
    db.expire_all()
    source = db.get(OrgUnit, scene.units["na_noong"].id)
    assert source is not None and (source.closed_on, source.merged_into_id) == (
        clock.today(),
        scene.units["ban_khun"].id,
    )
    assert db.get(Member, scene.member_id("Vi Thị Thu")).org_unit_id == scene.units["ban_khun"].id  # type: ignore[union-attr]
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.record_id == str(source.id))).all()
    assert "unit.merged" in actions


def test_a_transfer_is_dated_and_a_day_still_to_come_is_refused(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    admin = _admin(db, scene)
    thu = scene.member_id("Vi Thị Thu")
    tomorrow = clock.today() + dt.timedelta(days=1)
    refused = client.post(
        f"{API}/members/{thu}/transfer",
        headers=admin,
        json={"to_unit_id": scene.units["ban_khun"].id, "on": tomorrow.isoformat()},
    )
    assert refused.status_code == 422
    assert refused.json()["details"][0]["field"] == "on"
    assert "ngày" in refused.json()["details"][0]["message"]
    on = clock.today()  # the member's stay in Nà Noong was recorded today: it cannot end earlier
    moved = client.post(
        f"{API}/members/{thu}/transfer",
        headers=admin,
        json={"to_unit_id": scene.units["ban_khun"].id, "on": on.isoformat()},
    )
    assert moved.status_code == 200 and moved.json()["org_unit_id"] == scene.units["ban_khun"].id
    stays = db.scalars(select(Membership).where(Membership.member_id == thu).order_by(Membership.id)).all()
    assert [(s.org_unit_id, s.end_on) for s in stays][-2:] == [
        (scene.units["na_noong"].id, on),
        (scene.units["ban_khun"].id, None),
    ]


def test_a_secretary_of_another_commune_cannot_rename_or_see_the_history(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    other = api_headers(db, scene.other_secretary)
    unit = scene.units["na_noong"].id
    assert (
        client.patch(f"{API}/org-units/{unit}", headers=other, json={"name": "Tên khác"}).status_code == 404
    )
    assert client.get(f"{API}/org-units/{unit}/history", headers=other).status_code == 404
    secretary = api_headers(db, scene.secretary)
    assert (
        client.patch(f"{API}/org-units/{unit}", headers=secretary, json={"name": "Tên khác"}).status_code
        == 403
    )
    assert db.get(OrgUnit, unit).name == "Chi bộ thôn Nà Noong"  # type: ignore[union-attr]


def test_only_an_administrator_above_renames_or_merges_a_unit(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    own = api_headers(db, create_user(db, username="admin.thon", role="admin", unit=scene.units["na_noong"]))
    unit = scene.units["na_noong"].id
    assert client.patch(f"{API}/org-units/{unit}", headers=own, json={"name": "Tên khác"}).status_code == 403
    merged = client.post(
        f"{API}/org-units/{unit}/merge", headers=own, json={"into_id": scene.units["ban_khun"].id}
    )
    assert merged.status_code in (403, 404)
    assert db.get(OrgUnit, unit).closed_on is None  # type: ignore[union-attr]


def test_an_id_beyond_range_in_a_body_is_refused_not_a_crash(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    admin = _admin(db, scene)
    unit = scene.units["ban_khun"].id
    for body, route in (({"parent_id": 2**40}, "move"), ({"into_id": 2**63}, "merge")):
        assert client.post(f"{API}/org-units/{unit}/{route}", headers=admin, json=body).status_code == 422


def test_a_change_dated_before_the_last_one_is_refused(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    admin = _admin(db, scene)
    unit = scene.units["ban_khun"].id
    first = client.post(
        f"{API}/org-units/{unit}/move",
        headers=admin,
        json={"parent_id": scene.units["khuat_xa"].id, "on": "2020-05-01"},
    )
    assert first.status_code == 200
    back = client.post(
        f"{API}/org-units/{unit}/move",
        headers=admin,
        json={"parent_id": scene.units["minh_phat"].id, "on": "2019-01-01"},
    )
    assert back.status_code == 422 and "01/05/2020" in back.json()["details"][0]["message"]
