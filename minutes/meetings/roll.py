"""Who a meeting's record counts: the branch's roll on the meeting's day, with anyone its record
named who has left since, and the members of other branches who attended as visitors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.alphabet import COLLATION
from minutes.meetings import recorded
from minutes.meetings.facts import VISITING
from minutes.meetings.models import MinutesRevision
from minutes.meetings.schemas import MinutesIn
from minutes.orgs.models import Member, OrgUnit


def branch_members(session: Session, branch_id: int) -> list[Member]:
    """The branch's current members, by name."""
    return list(
        session.scalars(
            select(Member)
            .where(Member.org_unit_id == branch_id)
            .order_by(Member.full_name.collate(COLLATION), Member.id)
        )
    )


def people_now(
    members: Sequence[Member], revision: MinutesRevision | None, day: dt.date | None = None
) -> list[recorded.Person]:
    """The branch's roll as it stands, with anyone the meeting's last revision recorded who has
    left since: a transfer, a merger or a status change never makes a draft unsaveable. A member
    counts as exempt if the exemption covers the meeting's ``day``."""
    current = [recorded.Person(m.id, m.full_name, m.status, exempt_on(m, day)) for m in members]  # type: ignore[arg-type]
    here = {person.id for person in current}
    earlier = recorded.people_of(revision.content) if revision else []
    return current + [person for person in earlier if person.id not in here]


def exempt_on(member: Member, day: dt.date | None) -> bool:
    """Whether a member was exempt from party work and activities on a day (today's list without one)."""
    if not member.exempt or day is None:
        return member.exempt
    started = member.exempt_from is None or member.exempt_from <= day
    return started and (member.exempt_until is None or day <= member.exempt_until)


def visitors_of(session: Session, *, branch: OrgUnit, body: MinutesIn) -> dict[int, recorded.Visitor]:
    """The members of other branches of the district picked as visitors, with their names and
    branches of today (a visitor picked from elsewhere is refused by ``check_references``)."""
    ids = {line.member_id for line in body.attendance if line.status == VISITING and line.member_id}
    if not ids:
        return {}
    ancestors = branch.path.strip("/").split("/")
    district = "/" + "".join(f"{unit_id}/" for unit_id in ancestors[: max(1, len(ancestors) - 2)])
    rows = session.execute(
        select(Member.id, Member.full_name, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Member.org_unit_id)
        .where(Member.id.in_(ids), OrgUnit.path.like(f"{district}%"), OrgUnit.id != branch.id)
    )
    return {member_id: recorded.Visitor(name, branch_name) for member_id, name, branch_name in rows}
