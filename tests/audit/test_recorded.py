"""Every change to an official record appends an audit event in the same transaction."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.audit import service as audit_service
from minutes.audit.models import AuditEvent
from minutes.auth import service as auth_service
from minutes.orgs import service as orgs_service
from minutes.review import supervision
from tests.helpers import api_headers, create_user
from tests.meetings.scene import na_noong, october_minutes, plan_regular

API = "/api/v1"


def _actions(db: Session) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_the_journey_of_a_minutes_leaves_a_verifiable_trail(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    before = len(_actions(db))
    secretary = api_headers(db, scene.secretary)
    meeting = plan_regular(client, secretary, scene.units["na_noong"].id)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json=october_minutes(scene))
    client.post(f"{API}/meetings/{meeting}/submit", headers=secretary)
    client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "return", "comments": [{"text": "Bổ sung."}]},
    )
    assert _actions(db)[before:] == ["meeting.planned", "minutes.saved", "minutes.submitted", "review.return"]
    assert audit_service.verify(db)[1] is None


def test_members_units_and_roles_are_audited(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    admin = create_user(db, username="admin.xa", role="admin", unit=scene.units["minh_phat"])
    headers = api_headers(db, admin)
    before = len(_actions(db))
    client.post(
        f"{API}/org-units/{scene.units['na_noong'].id}/members",
        headers=headers,
        json={"full_name": "Hà Văn Mới", "status": "probationary"},
    )
    client.post(
        f"{API}/org-units",
        headers=headers,
        json={
            "name": "Chi bộ thôn Pác Lạng",
            "kind": "branch",
            "parent_id": scene.units["minh_phat"].id,
            "branch_type": "rural",
        },
    )
    client.post(
        f"{API}/users/{scene.clerk.id}/roles",
        headers=headers,
        json={"role": "viewer", "org_unit_id": scene.units["na_noong"].id},
    )
    assert _actions(db)[before:] == ["member.added", "unit.created", "role.granted"]


def test_a_committee_member_assigned_to_follow_a_branch_and_released_is_audited(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    admin = create_user(db, username="admin.xa", role="admin", unit=scene.units["minh_phat"])
    follower = create_user(db, username="uv.xa", role="viewer", unit=scene.units["minh_phat"])
    actor = auth_service.load_actor(db, user=admin)
    before = len(_actions(db))
    assignment = supervision.assign(db, actor=actor, user_id=follower.id, unit_id=scene.units["na_noong"].id)
    supervision.unassign(db, actor=actor, supervision_id=assignment.id)
    assert _actions(db)[before:] == ["supervision.assigned", "supervision.ended"]


def test_the_first_unit_and_administrator_made_from_the_console_are_audited(db: Session) -> None:
    before = len(_actions(db))
    root = orgs_service.create_root(db, name="Đảng bộ huyện Lộc Bình", kind="committee")
    auth_service.create_admin(db, username="quantri", password="Mot-cau-mat-khau-dai", org_unit_id=root.id)
    assert _actions(db)[before:] == ["unit.created", "user.created", "role.granted"]


def test_a_refused_request_appends_nothing(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    before = len(_actions(db))
    response = client.post(
        f"{API}/org-units/{scene.units['na_noong'].id}/members",
        headers=api_headers(db, scene.secretary),
        json={"full_name": "", "status": "official"},
    )
    assert response.status_code == 422
    assert len(_actions(db)) == before
