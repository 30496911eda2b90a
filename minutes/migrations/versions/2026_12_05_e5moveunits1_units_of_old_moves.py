"""the units of the moves recorded before moves named them

Revision ID: e5moveunits1
Revises: e4autosave01
Create Date: 2026-12-05

Moves recorded before e2orgdates01 kept only the names of the committees a unit went from and
to, so the tree of an earlier day could not undo them. Here each such move gets its units,
once: the committee it went to is the parent the unit had next (today's, for its last move);
the one it came from is the committee of that name, when exactly one has it. A name shared by
several committees stays unresolved rather than guessed.
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5moveunits1"
down_revision: str | None = "e4autosave01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

unit = sa.table("org_unit", sa.column("id"), sa.column("name"), sa.column("kind"), sa.column("parent_id"))
history = sa.table(
    "org_unit_history",
    sa.column("id"),
    sa.column("org_unit_id"),
    sa.column("change"),
    sa.column("old_value"),
    sa.column("from_unit_id"),
    sa.column("to_unit_id"),
)


def upgrade() -> None:
    """Name the units of every move that has none, newest first for each unit."""
    bind = op.get_bind()
    by_name: dict[str, list[int]] = defaultdict(list)
    parents: dict[int, int | None] = {}
    for unit_id, name, kind, parent_id in bind.execute(
        sa.select(unit.c.id, unit.c.name, unit.c.kind, unit.c.parent_id)
    ):
        parents[unit_id] = parent_id
        if kind == "committee":
            by_name[name].append(unit_id)
    moves = bind.execute(
        sa.select(
            history.c.id,
            history.c.org_unit_id,
            history.c.old_value,
            history.c.from_unit_id,
            history.c.to_unit_id,
        )
        .where(history.c.change == "moved")
        .order_by(history.c.id.desc())
    ).all()
    next_parent: dict[int, int | None] = {}  # where the unit went next, walking back from today
    for move_id, unit_id, old_name, from_id, to_id in moves:
        went_to = (
            to_id
            if to_id is not None
            else next_parent[unit_id]
            if unit_id in next_parent
            else parents.get(unit_id)
        )
        came_from = from_id
        if came_from is None and len(by_name.get(old_name or "", [])) == 1:
            came_from = by_name[old_name][0]
        if (from_id, to_id) != (came_from, went_to):
            bind.execute(
                history.update()
                .where(history.c.id == move_id)
                .values(from_unit_id=came_from, to_unit_id=went_to)
            )
        next_parent[unit_id] = came_from  # unknown (None) for its earlier moves too, if unresolved


def downgrade() -> None:
    """Nothing to undo: the units named are true whichever revision reads them."""
