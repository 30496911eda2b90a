"""Committee members assigned to follow units, and their attendance against the yearly quota."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from minutes import access
from minutes.access import Actor
from minutes.alphabet import COLLATION
from minutes.audit import service as audit
from minutes.auth import service as auth_service
from minutes.auth.models import Supervision, User
from minutes.errors import Conflict, NotFound, invalid_field
from minutes.i18n import N_
from minutes.meetings.models import Meeting, MeetingDelegate
from minutes.orgs import service as orgs_service
from minutes.orgs import then as orgs_then
from minutes.orgs.models import Member, OrgUnit


@dataclass(frozen=True)
class SupervisorYear:
    """One supervisor's year: the units they follow and the meetings they attended."""

    user_id: int
    full_name: str
    units: list[str]
    attended: int
    quota: int

    @property
    def met(self) -> bool:
        """Whether the quota is reached."""
        return self.attended >= self.quota


def assign(session: Session, *, actor: Actor, user_id: int, unit_id: int) -> Supervision:
    """Assign a committee member (an account the actor manages) to follow a unit below the committee."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=unit_id)
    access.require_admin_above(actor, unit.path)
    user = auth_service.get_user(session, actor=actor, user_id=user_id)
    committee = next(
        g.org_unit_id for g in actor.grants if g.role == "admin" and g.covers_strictly_above(unit.path)
    )
    if session.scalar(
        select(Supervision.id).where(Supervision.user_id == user.id, Supervision.unit_id == unit.id)
    ):
        raise Conflict(N_("This member already follows that unit."))
    supervision = Supervision(committee_id=committee or unit.parent_id, user_id=user.id, unit_id=unit.id)
    session.add(supervision)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="supervision.assigned",
        record_type="supervision",
        record_id=supervision.id,
        org_unit_id=unit.id,
        data={"user_id": user.id},
    )
    return supervision


def unassign(session: Session, *, actor: Actor, supervision_id: int) -> None:
    """End an assignment."""
    supervision = session.get(Supervision, supervision_id)
    unit = session.get(OrgUnit, supervision.unit_id) if supervision else None
    if supervision is None or unit is None or not actor.can_see(unit.path):
        raise NotFound()
    access.require_admin_above(actor, unit.path)
    audit.record(
        session,
        actor=actor,
        action="supervision.ended",
        record_type="supervision",
        record_id=supervision.id,
        org_unit_id=unit.id,
        data={"user_id": supervision.user_id},
    )
    session.delete(supervision)
    session.flush()


def year_report(
    session: Session, *, actor: Actor, unit_id: int, year: int, quota: int, quotas: Sequence[int] = ()
) -> list[SupervisorYear]:
    """Each supervisor assigned within a unit's subtree, with the meetings they attended in the year
    at branches other than their own (B.6.3). ``quotas`` by the level of the committee they serve,
    from the top of the tree, override the one ``quota`` where given."""
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound()
    access.require(actor, "unit.view", unit.path)
    if not 1990 <= year <= 2100:
        raise invalid_field("year", N_("Choose a year from 1990 to 2100, for example 2019."))
    days = [*(dt.date(year, month, 1) for month in range(1, 13)), dt.date(year, 12, 31)]
    in_year = orgs_then.subtree_on(session, unit=unit, days=days)  # where units were that year
    committee = aliased(OrgUnit)
    rows = session.execute(
        select(User.id, User.full_name, OrgUnit.name, committee.path)
        .join(Supervision, Supervision.user_id == User.id)
        .join(OrgUnit, OrgUnit.id == Supervision.unit_id)
        .join(committee, committee.id == Supervision.committee_id)
        .where(in_year.condition(OrgUnit.id, OrgUnit.path, unit.path))
        .order_by(User.full_name.collate(COLLATION), OrgUnit.name.collate(COLLATION))
    ).all()
    followed: dict[int, tuple[str, list[str]]] = {}
    level: dict[int, int] = {}  # the highest committee each serves: 0 at the top of the tree
    for user_id, name, unit_name, committee_path in rows:
        followed.setdefault(user_id, (name, []))[1].append(unit_name)
        level[user_id] = min(level.get(user_id, 99), committee_path.count("/") - 2)
    attended = (
        dict(
            session.execute(
                select(MeetingDelegate.user_id, func.count(func.distinct(MeetingDelegate.meeting_id)))
                .join(
                    Meeting, and_(Meeting.id == MeetingDelegate.meeting_id, Meeting.period.like(f"{year}-%"))
                )
                .join(User, User.id == MeetingDelegate.user_id)
                .outerjoin(Member, Member.id == User.member_id)
                .where(
                    MeetingDelegate.user_id.in_(list(followed)),
                    # their own branch's meetings are their duty as a member, not supervision
                    or_(Member.org_unit_id.is_(None), Member.org_unit_id != Meeting.org_unit_id),
                )
                .group_by(MeetingDelegate.user_id)
            ).all()
        )
        if followed
        else {}
    )
    return [
        SupervisorYear(
            user_id, name, units, int(attended.get(user_id, 0)), _quota(level[user_id], quota, quotas)
        )
        for user_id, (name, units) in followed.items()
    ]


def _quota(level: int, quota: int, quotas: Sequence[int]) -> int:
    return quotas[level] if 0 <= level < len(quotas) else quota


def assignments_below(session: Session, *, unit: OrgUnit) -> list[tuple[Supervision, str, str]]:
    """The assignments to units within a unit's subtree, with the supervisor's and the unit's names."""
    return [
        (row, full_name, unit_name)
        for row, full_name, unit_name in session.execute(
            select(Supervision, User.full_name, OrgUnit.name)
            .join(User, User.id == Supervision.user_id)
            .join(OrgUnit, OrgUnit.id == Supervision.unit_id)
            .where(access.in_subtree(OrgUnit.path, unit.path))
            .order_by(User.full_name.collate(COLLATION), OrgUnit.name.collate(COLLATION))
        ).all()
    ]
