"""The tree as it stood on past days: each dated move undone for the days before it took effect.

A report of an earlier period shows a branch under the committee it had then (API.md, "Changes
to the organisation"); a committee keeps reading the minutes a branch wrote while under it.
Moves are few, so the tree of a day is worked out here from today's parents and the moves
recorded since, rather than stored for every day.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from minutes import access
from minutes.orgs.models import OrgUnit, OrgUnitHistory


@dataclass(frozen=True)
class TreeThen:
    """Today's parents, and the moves that took effect after a day, oldest first."""

    parents: dict[int, int | None]
    moves: Sequence[tuple[int, int, dt.date]]  # (unit, the parent it left, the day it left)

    @classmethod
    def load(cls, session: Session, *, after: dt.date, known_at: dt.datetime | None = None) -> TreeThen:
        """The moves that took effect after a day (and, with ``known_at``, were recorded after it)."""
        statement = (
            select(OrgUnitHistory.org_unit_id, OrgUnitHistory.from_unit_id, OrgUnitHistory.effective_on)
            .where(
                OrgUnitHistory.change == "moved",
                OrgUnitHistory.effective_on > after,
                OrgUnitHistory.from_unit_id.is_not(None),
            )
            .order_by(OrgUnitHistory.effective_on, OrgUnitHistory.id)
        )
        if known_at is not None:  # what a record made then could not have known
            statement = statement.where(OrgUnitHistory.changed_at > known_at)
        moves = [
            (unit_id, from_id, day)
            for unit_id, from_id, day in session.execute(statement)
            if from_id is not None and day is not None
        ]
        parents: dict[int, int | None] = (
            dict(session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all()) if moves else {}
        )
        return cls(parents=parents, moves=moves)

    def chain_on(self, unit_id: int, day: dt.date) -> list[int]:
        """The unit and its ancestors on a day, the unit first."""
        chain: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self._parent_on(current, day)
        return chain

    def path_on(self, unit_id: int, day: dt.date) -> str:
        """The unit's tree path on a day, written as ``OrgUnit.path`` is."""
        return "/" + "".join(f"{unit_id}/" for unit_id in reversed(self.chain_on(unit_id, day)))

    def _parent_on(self, unit_id: int, day: dt.date) -> int | None:
        # The first move after the day says where the unit was; without one it is where it is now.
        for from_id, effective_on in self._moves_of.get(unit_id, ()):
            if effective_on > day:
                return from_id
        return self.parents.get(unit_id)

    @functools.cached_property
    def _moves_of(self) -> dict[int, list[tuple[int, dt.date]]]:
        """Each moved unit's moves, oldest first (looked up once per ancestor and day)."""
        by_unit: dict[int, list[tuple[int, dt.date]]] = {}
        for unit_id, from_id, effective_on in self.moves:
            by_unit.setdefault(unit_id, []).append((from_id, effective_on))
        return by_unit


def path_on(session: Session, *, unit: OrgUnit, day: dt.date, known_at: dt.datetime) -> str:
    """The unit's tree path on a day, undoing the moves (of it or above it) that took effect
    after that day and were recorded after ``known_at`` (what a record made then knew)."""
    tree = TreeThen.load(session, after=day, known_at=known_at)
    return tree.path_on(unit.id, day) if tree.moves else unit.path


@dataclass(frozen=True)
class BelowThen:
    """A branch's place below a unit on some days: on which of them, and the committee above it
    on the last of those (None when it was below the unit on none of them)."""

    days: frozenset[dt.date]
    committee_id: int | None
    below_now: bool
    depth: int = 0  # how many levels below the unit it was on the last of those days

    @property
    def gone(self) -> bool:
        """Below the unit on some of the days, and not any more."""
        return bool(self.days) and not self.below_now


def below_on(
    session: Session, *, unit: OrgUnit, days: Iterable[dt.date], kind: str | None = "branch"
) -> dict[int, BelowThen]:
    """The branches (or units of any ``kind=None``) that were not below the unit on all of the days
    exactly as they are today, with the days on which each was below it. A unit left out was where
    it is now all along.

    A monthly report asks about the first day of each month: a month belongs to the committee
    the branch was under when the month began.
    """
    days = sorted(set(days))
    if not days:
        return {}
    tree = TreeThen.load(session, after=days[0])
    if not tree.moves:
        return {}
    moved = {unit_id for unit_id, _, _ in tree.moves}
    statement = select(OrgUnit.id, OrgUnit.path).where(
        or_(*(OrgUnit.path.like(f"%/{unit_id}/%") for unit_id in moved))
    )
    if kind is not None:
        statement = statement.where(OrgUnit.kind == kind)
    affected = session.execute(statement).all()
    below: dict[int, BelowThen] = {}
    for branch_id, path in affected:
        chains = {day: tree.chain_on(branch_id, day) for day in days}
        then = [day for day in days if unit.id in chains[day]]
        below_now = f"/{unit.id}/" in path
        if then or below_now:
            last = chains[then[-1]] if then else []
            depth = last.index(unit.id) if then else 0
            below[branch_id] = BelowThen(
                frozenset(then), last[1] if len(last) > 1 else None, below_now, depth
            )
    return below


@dataclass(frozen=True)
class SubtreeThen:
    """How the units below a unit on a day differ from those below it now."""

    gone: list[int]  # below it then, not now
    came: list[int]  # below it now, not then
    gone_children: list[int]  # of ``gone``, those directly below it then
    depth_then: dict[int, int]  # of ``gone``, how many levels below it each was then

    def condition(self, id_column: Any, path_column: Any, path: str) -> ColumnElement[bool]:
        """A SQL condition: the unit of these columns was in the subtree of ``path`` then."""
        now = access.in_subtree(path_column, path)
        if self.came:
            now = and_(now, id_column.not_in(self.came))
        return or_(now, id_column.in_(self.gone)) if self.gone else now


def subtree_on(session: Session, *, unit: OrgUnit, days: Iterable[dt.date]) -> SubtreeThen:
    """The units below a unit on any of some days, as a difference from today's subtree."""
    moved = below_on(session, unit=unit, days=days, kind=None)
    gone = [unit_id for unit_id, then in moved.items() if then.gone]
    return SubtreeThen(
        gone=gone,
        came=[unit_id for unit_id, then in moved.items() if then.below_now and not then.days],
        gone_children=[unit_id for unit_id in gone if moved[unit_id].committee_id == unit.id],
        depth_then={unit_id: moved[unit_id].depth for unit_id in gone},
    )
