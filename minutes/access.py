"""Who may do what, where: the one place that answers it, and the one subtree condition.

A role is granted on a unit and covers that unit and every unit below it (a grant with
no unit covers the whole tree). Outside every grant a unit does not exist for the actor
(404); inside, an action their roles do not allow is refused (403).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from minutes.errors import NotFound, PermissionDenied

ALL_ROLES = frozenset({"admin", "reviewer", "secretary", "clerk", "viewer"})

ACTIONS: dict[str, frozenset[str]] = {
    "unit.view": ALL_ROLES,
    "unit.manage": frozenset({"admin"}),
    "member.view": ALL_ROLES,
    "member.edit": frozenset({"admin", "secretary"}),
    "member.import": frozenset({"admin", "secretary"}),
    "user.manage": frozenset({"admin"}),
    "meeting.view": ALL_ROLES,
    "meeting.record": frozenset({"secretary", "clerk"}),
    "meeting.submit": frozenset({"secretary"}),
    # Everyone sees the oversight reports of their own part (a secretary, their branch's).
    "report.view": ALL_ROLES,
}
# Who decides the yearly classification of a unit or its members: a reviewer or an
# administrator of a unit above it.
DECIDING_ROLES = frozenset({"reviewer", "admin"})


@dataclass(frozen=True)
class Grant:
    """A role on a unit, with the unit's tree path ("" for the whole tree)."""

    role: str
    org_unit_id: int | None
    path: str

    def covers(self, unit_path: str) -> bool:
        """Whether the grant reaches the unit with this path."""
        return unit_path.startswith(self.path)

    def covers_strictly_above(self, unit_path: str) -> bool:
        """Whether the grant sits on a unit above this one (not the unit itself)."""
        return self.covers(unit_path) and unit_path != self.path


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see them."""

    user_id: int
    username: str
    full_name: str
    grants: tuple[Grant, ...]

    def roles_on(self, unit_path: str) -> set[str]:
        """The roles that reach a unit."""
        return {grant.role for grant in self.grants if grant.covers(unit_path)}

    def can_see(self, unit_path: str) -> bool:
        """Whether the unit lies within the actor's part of the organisation."""
        return any(grant.covers(unit_path) for grant in self.grants)

    def can(self, action: str, unit_path: str) -> bool:
        """Whether the actor's roles on the unit allow the action."""
        return bool(self.roles_on(unit_path) & ACTIONS[action])

    def can_anywhere(self, action: str) -> bool:
        """Whether some grant of the actor allows the action somewhere."""
        return any(grant.role in ACTIONS[action] for grant in self.grants)

    def can_review(self, unit_path: str) -> bool:
        """Whether the actor reviews the unit: a reviewer grant on a unit above it."""
        return any(
            grant.role == "reviewer" and grant.covers_strictly_above(unit_path) for grant in self.grants
        )

    def can_decide_level(self, unit_path: str) -> bool:
        """Whether the actor decides the yearly level of a unit or its members (from a unit above)."""
        return any(g.role in DECIDING_ROLES and g.covers_strictly_above(unit_path) for g in self.grants)

    def can_decide_levels_within(self, unit_path: str, *, is_branch: bool) -> bool:
        """Whether the actor decides some levels in a unit's subtree (what a sheet import needs)."""
        below = not is_branch and any(g.role in DECIDING_ROLES and g.covers(unit_path) for g in self.grants)
        return below or self.can_decide_level(unit_path)

    def visible_paths(self) -> list[str]:
        """The tree paths whose subtrees the actor sees, without nested duplicates."""
        paths = sorted({grant.path for grant in self.grants}, key=len)
        kept: list[str] = []
        for path in paths:
            if not any(path.startswith(outer) for outer in kept):
                kept.append(path)
        return kept

    @property
    def is_global_admin(self) -> bool:
        """Whether the actor administers the whole tree."""
        return any(grant.role == "admin" and grant.path == "" for grant in self.grants)


def require_visible(actor: Actor, unit_path: str) -> None:
    """Raise NotFound unless the unit lies within the actor's part of the organisation."""
    if not actor.can_see(unit_path):
        raise NotFound()


def require(actor: Actor, action: str, unit_path: str) -> None:
    """Raise NotFound outside the actor's part, PermissionDenied if the role does not allow."""
    require_visible(actor, unit_path)
    if not actor.can(action, unit_path):
        raise PermissionDenied()


def require_reviewer_above(actor: Actor, unit_path: str) -> None:
    """Raise NotFound if unseen, PermissionDenied unless a reviewer of a unit above."""
    require_visible(actor, unit_path)
    if not actor.can_review(unit_path):
        raise PermissionDenied()


def require_admin_above(actor: Actor, unit_path: str) -> None:
    """Raise NotFound if unseen, PermissionDenied unless an administrator of a unit above."""
    require_visible(actor, unit_path)
    if not any(grant.role == "admin" and grant.covers_strictly_above(unit_path) for grant in actor.grants):
        raise PermissionDenied()


def require_decider_above(actor: Actor, unit_path: str) -> None:
    """Raise NotFound if unseen, PermissionDenied unless the actor decides the unit's yearly level."""
    require_visible(actor, unit_path)
    if not actor.can_decide_level(unit_path):
        raise PermissionDenied()


def in_subtree(path_column: Any, path: str, *, strictly: bool = False) -> ColumnElement[bool]:
    """A SQL condition: the unit whose tree path is in the column lies in the subtree of a path
    (or strictly below it)."""
    within = path_column.like(f"{path}%")
    return and_(within, path_column != path) if strictly else within


def in_subtrees(path_column: Any, paths: Iterable[str], *, strictly: bool = False) -> ColumnElement[bool]:
    """A SQL condition: the path lies in one of the subtrees ("" is the whole tree; none, nothing)."""
    paths = list(paths)
    if "" in paths and not strictly:
        return path_column.is_not(None)  # type: ignore[no-any-return]
    if not paths:
        return path_column.is_(None)  # type: ignore[no-any-return]
    return or_(*(in_subtree(path_column, path, strictly=strictly) for path in paths))


def visible_condition(actor: Actor, path_column: Any) -> ColumnElement[bool]:
    """A SQL condition: the unit lies within the actor's part of the organisation."""
    return in_subtrees(path_column, actor.visible_paths())
