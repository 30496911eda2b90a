"""Use cases of the yearly classification: levels decided from above, a sheet import, the report.

Who decides: a reviewer (or an administrator) of a unit above the unit, or above the
member's branch — the committee directly above or higher (DOMAIN A.1, B.7). Outside the
actor's part of the tree a unit does not exist (404); inside, anyone else is refused (403).

The report's denominators (DOMAIN B.7: always shown): for units, every unit strictly
below the chosen one, at any depth, that has a row for the year; a row "not evaluated"
(with its reason) is counted apart and left out of the percentages. Units below with no
row at all are reported as ``without_entry`` (units closed before the year are left
out), so that nothing is hidden. For members, every row of the year whose branch that
year lies in the chosen unit's subtree; ``without_entry`` counts the current members
of that subtree with no row for the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.alphabet import COLLATION
from minutes.audit import service as audit_service
from minutes.classification import rules, sheet
from minutes.classification.models import MemberClassification, UnitClassification
from minutes.config import get_settings
from minutes.db import utcnow
from minutes.errors import Invalid, NotFound, PermissionDenied, invalid_field
from minutes.i18n import N_
from minutes.orgs import service as orgs_service
from minutes.orgs.models import Member, Membership, OrgUnit

FIRST_YEAR = 1930
Classification = UnitClassification | MemberClassification
CLOSED_BEFORE = N_(
    "This unit was closed before {year} and has no level for it. Choose a later year, or leave its level empty."
)


@dataclass(frozen=True)
class Entry:
    """A checked decision: a level, with points, note and older label where given."""

    level: str
    points: int | None
    note: str | None
    legacy_label: str | None = None


def _check_year(year: int) -> None:
    this_year = clock.today().year
    if not FIRST_YEAR <= year <= this_year:
        raise invalid_field("year", N_("Choose a year from 1930 to {this_year}."), this_year=this_year)


def _checked(
    level: str | None, points: int | None, note: str | None, legacy_label: str | None = None
) -> tuple[Entry | None, list[dict[str, Any]]]:
    """The decision, or the problems of its fields; with points and no level, the band's level."""
    level, note, legacy = (
        (level or "").strip() or None,
        rules.clean_note(note),
        rules.clean_note(legacy_label),
    )
    if level is None and points is not None and 0 <= points <= rules.MAX_POINTS:
        level = rules.suggest_level(points, bands_in_force())
    details = rules.problems(
        level=level, points=points, note=note, legacy_label=legacy, bands=bands_in_force()
    )
    return (None, details) if details or level is None else (Entry(level, points, note, legacy), [])


def bands_in_force() -> rules.Bands:
    """The points bands the settings give (QĐ 366's by default)."""
    return rules.bands_of(get_settings().bands())


def _entry(level: str | None, points: int | None, note: str | None, legacy: str | None = None) -> Entry:
    entry, details = _checked(level, points, note, legacy)
    if entry is None:
        raise Invalid(details=details)
    return entry


def _get_unit(session: Session, unit_id: int) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound()
    return unit


def existed_in(unit: OrgUnit, year: int) -> bool:
    """Whether the unit was still open at some time in the year."""
    return unit.closed_on is None or unit.closed_on >= dt.date(year, 1, 1)


def _apply(row: Classification, entry: Entry, actor: Actor) -> None:
    row.level, row.points, row.note = entry.level, entry.points, entry.note
    row.decided_by_id = actor.user_id or None  # the console's operator has no account
    row.decided_at = utcnow()


def _audit(session: Session, actor: Actor, row: Classification, org_unit_id: int) -> None:
    data = {"year": row.year, "level": row.level, "points": row.points, "note": row.note}
    if isinstance(row, MemberClassification):
        data["member_id"] = row.member_id
    audit_service.record(
        session,
        actor=actor,
        action="classification.decided",
        record_type=row.__tablename__,
        record_id=row.id,
        org_unit_id=org_unit_id,
        data=data,
    )


def _store_unit(session: Session, actor: Actor, year: int, unit: OrgUnit, entry: Entry) -> UnitClassification:
    row = session.scalar(
        select(UnitClassification).where(
            UnitClassification.year == year, UnitClassification.org_unit_id == unit.id
        )
    )
    if row is None:
        row = UnitClassification(year=year, org_unit_id=unit.id)
        session.add(row)
    _apply(row, entry, actor)
    row.legacy_label = entry.legacy_label
    session.flush()
    _audit(session, actor, row, unit.id)
    return row


def classify_unit(
    session: Session,
    *,
    actor: Actor,
    year: int,
    org_unit_id: int,
    level: str | None,
    points: int | None = None,
    note: str | None = None,
    legacy_label: str | None = None,
) -> UnitClassification:
    """Set a unit's level for a year (reviewers and admins above it); replaces an earlier one."""
    unit = _get_unit(session, org_unit_id)
    access.require_decider_above(actor, unit.path)
    _check_year(year)
    if not existed_in(unit, year):
        raise invalid_field("year", CLOSED_BEFORE, year=year)
    return _store_unit(session, actor, year, unit, _entry(level, points, note, legacy_label))


def branch_in_year(session: Session, *, member: Member, year: int) -> OrgUnit | None:
    """The branch a member belonged to at the end of a year (their current one if unrecorded)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    stay = session.scalar(
        select(Membership.org_unit_id)
        .where(
            Membership.member_id == member.id,
            Membership.start_on <= last,
            or_(Membership.end_on.is_(None), Membership.end_on >= first),
        )
        .order_by(Membership.start_on.desc(), Membership.id.desc())
        .limit(1)
    )
    unit_id = stay or member.org_unit_id
    return session.get(OrgUnit, unit_id) if unit_id else None


def _store_member(
    session: Session, actor: Actor, year: int, member: Member, branch: OrgUnit, entry: Entry
) -> MemberClassification:
    row = session.scalar(
        select(MemberClassification).where(
            MemberClassification.year == year, MemberClassification.member_id == member.id
        )
    )
    if row is None:
        row = MemberClassification(year=year, member_id=member.id)
        session.add(row)
    row.org_unit_id = branch.id
    _apply(row, entry, actor)
    row.legacy_label = entry.legacy_label
    session.flush()
    _audit(session, actor, row, branch.id)
    return row


def _member_and_branch(
    session: Session, *, actor: Actor, member_id: int, year: int
) -> tuple[Member, OrgUnit]:
    member = session.get(Member, member_id)
    branch = branch_in_year(session, member=member, year=year) if member else None
    if member is None or branch is None:
        raise NotFound()
    access.require_decider_above(actor, branch.path)
    return member, branch


def classify_member(
    session: Session,
    *,
    actor: Actor,
    year: int,
    member_id: int,
    level: str | None,
    points: int | None = None,
    note: str | None = None,
    legacy_label: str | None = None,
) -> MemberClassification:
    """Set a member's level for a year (reviewers and admins above the member's branch that year)."""
    member, branch = _member_and_branch(session, actor=actor, member_id=member_id, year=year)
    _check_year(year)
    return _store_member(session, actor, year, member, branch, _entry(level, points, note, legacy_label))


# The forms: one row per unit or member, written all together or not at all.


def _points_from_text(text: str) -> tuple[int | None, bool]:
    text = text.strip()
    if not text:
        return None, True
    return (int(text), True) if text.isdigit() else (None, False)


def _filled(rows: dict[int, dict[str, str]]) -> list[int]:
    """The rows with something written in them: an empty row changes nothing."""
    return [record_id for record_id, row in rows.items() if any(value.strip() for value in row.values())]


def _checked_rows(rows: dict[int, dict[str, str]]) -> tuple[dict[int, Entry], list[dict[str, Any]]]:
    """Each filled row's decision; problems name their field as ``level_<id>`` and so on."""
    entries: dict[int, Entry] = {}
    details: list[dict[str, Any]] = []
    for record_id in _filled(rows):
        row = rows[record_id]
        points, readable = _points_from_text(row.get("points", ""))
        entry, problems = _checked(row.get("level"), points, row.get("note"))
        if not readable:
            problems = [
                *problems,
                {"field": "points", "message": N_("The points must be a whole number from 0 to 100.")},
            ]
        details.extend({**problem, "field": f"{problem['field']}_{record_id}"} for problem in problems)
        if entry is not None and readable:
            entries[record_id] = entry
    return entries, details


def _unchanged(row: Classification | None, entry: Entry) -> bool:
    return row is not None and (row.level, row.points, row.note) == (entry.level, entry.points, entry.note)


def classify_units(
    session: Session, *, actor: Actor, year: int, org_unit_id: int, rows: dict[int, dict[str, str]]
) -> int:
    """Set the levels of units directly below a unit from a form, all or none; returns how many changed."""
    parent = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id)
    children = {unit.id: unit for unit in orgs_service.children(session, unit=parent)}
    if set(rows) - set(children):
        raise NotFound()
    for unit_id in _filled(rows):
        access.require_decider_above(actor, children[unit_id].path)
    _check_year(year)
    entries, details = _checked_rows(rows)
    details += [
        {"field": f"level_{unit_id}", "message": CLOSED_BEFORE, "params": {"year": year}}
        for unit_id in entries
        if not existed_in(children[unit_id], year)
    ]
    if details:
        raise Invalid(details=details)
    stored = unit_rows(session, year, list(entries))
    changed = [unit_id for unit_id, entry in entries.items() if not _unchanged(stored.get(unit_id), entry)]
    for unit_id in changed:
        # The form does not show an older label; a changed level keeps it only if it still agrees.
        kept = stored[unit_id].legacy_label if unit_id in stored else None
        entry = entries[unit_id]
        legacy = kept if kept and rules.legacy_level(kept) == entry.level and entry.note else None
        _store_unit(session, actor, year, children[unit_id], replace(entry, legacy_label=legacy))
    return len(changed)


def classify_members(
    session: Session, *, actor: Actor, year: int, org_unit_id: int, rows: dict[int, dict[str, str]]
) -> int:
    """Set the levels of a branch's members from a form, all or none; returns how many changed."""
    branch = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="member.view")
    members = {line.member.id: line for line in member_lines(session, branch, year)}
    if set(rows) - set(members):
        raise NotFound()
    targets = {
        mid: _member_and_branch(session, actor=actor, member_id=mid, year=year) for mid in _filled(rows)
    }
    _check_year(year)
    entries, details = _checked_rows(rows)
    if details:
        raise Invalid(details=details)
    changed = [mid for mid, entry in entries.items() if not _unchanged(members[mid].classification, entry)]
    for member_id in changed:
        member, member_branch = targets[member_id]
        _store_member(session, actor, year, member, member_branch, entries[member_id])
    return len(changed)


# The sheet import: every row is checked and matched before anything is written.


def import_unit(session: Session, *, actor: Actor, org_unit_id: int) -> OrgUnit:
    """A unit whose members' sheet the actor may import (a decider for some of them); 404/403 otherwise."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id)
    if not actor.can_decide_levels_within(unit.path, is_branch=unit.is_branch):
        raise PermissionDenied()
    return unit


def preview_csv(
    session: Session, *, actor: Actor, org_unit_id: int, year: int, content: bytes, filename: str
) -> sheet.ImportPreview:
    """Read a classification sheet for the members of a unit and name every bad row; writes nothing."""
    unit = import_unit(session, actor=actor, org_unit_id=org_unit_id)
    _check_year(year)
    parsed = sheet.parse_file(content, filename, bands_in_force())
    members = list(
        session.scalars(
            select(Member)
            .join(OrgUnit, OrgUnit.id == Member.org_unit_id)
            .where(access.in_subtree(OrgUnit.path, unit.path))
            .order_by(Member.id)
        )
    )
    lines, problems = sheet.match_rows(
        parsed.rows,
        members,
        branch_of=lambda member: branch_in_year(session, member=member, year=year),
        allowed=lambda branch: actor.can_decide_level(branch.path),
    )
    return sheet.ImportPreview(
        tuple(lines), tuple(sorted([*parsed.problems, *problems], key=lambda p: p.line))
    )


def import_csv(
    session: Session, *, actor: Actor, org_unit_id: int, year: int, content: bytes, filename: str
) -> sheet.ImportPreview:
    """Write a classification sheet: every row, or none when any row is bad (the preview says why)."""
    preview = preview_csv(
        session, actor=actor, org_unit_id=org_unit_id, year=year, content=content, filename=filename
    )
    if preview.ok:
        for line in preview.lines:
            entry = Entry(line.row.level, line.row.points, line.row.note)
            _store_member(session, actor, year, line.member, line.branch, entry)
    return preview


# What the pages list.


@dataclass(frozen=True)
class MemberLine:
    """A member of the branch (now, or that year) and their classification for the year."""

    member: Member
    classification: MemberClassification | None


def member_lines(session: Session, branch: OrgUnit, year: int) -> list[MemberLine]:
    """A branch's members (listed there now, or classified there that year) with their level."""
    listed_here = or_(
        Member.org_unit_id == branch.id,
        Member.id.in_(
            select(MemberClassification.member_id).where(
                MemberClassification.year == year, MemberClassification.org_unit_id == branch.id
            )
        ),
    )
    in_order = (Member.full_name.collate(COLLATION), Member.id)
    members = list(session.scalars(select(Member).where(listed_here).order_by(*in_order)))
    query = select(MemberClassification).where(
        MemberClassification.year == year, MemberClassification.member_id.in_([m.id for m in members])
    )
    stored = {row.member_id: row for row in session.scalars(query)} if members else {}
    return [MemberLine(member, stored.get(member.id)) for member in members]


def unit_rows(session: Session, year: int, unit_ids: list[int]) -> dict[int, UnitClassification]:
    """The stored classifications of some units for a year, by unit id."""
    query = select(UnitClassification).where(
        UnitClassification.year == year, UnitClassification.org_unit_id.in_(unit_ids)
    )
    return {row.org_unit_id: row for row in session.scalars(query)} if unit_ids else {}
