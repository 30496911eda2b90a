"""The minutes workflow as a pure, table-driven state machine.

draft → submitted → accepted, or → returned → (saved again: a new revision) → submitted …
A minutes that was never saved has no status (None).
"""

from __future__ import annotations

from minutes.errors import InvalidTransition
from minutes.i18n import N_

# Minutes that have left the branch: read as recorded, never against today's roll.
SENT = ("submitted", "accepted")

TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, "save"): "draft",
    ("draft", "save"): "draft",
    ("returned", "save"): "returned",
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "accept"): "accepted",
    ("submitted", "return"): "returned",
    ("accepted", "reopen"): "returned",
    # The reviewer takes back her own decision: the minutes wait for review again.
    ("accepted", "undo"): "submitted",
    ("returned", "undo"): "submitted",
}

REFUSALS: dict[str, str] = {
    "save": N_(
        "These minutes were submitted and are locked. They can be changed only if the committee returns them."
    ),
    "submit": N_("These minutes cannot be submitted now: they are not a draft or returned minutes."),
    "accept": N_("Only submitted minutes can be accepted."),
    "return": N_("Only submitted minutes can be returned."),
    "reopen": N_("Only accepted minutes can be reopened."),
    "undo": N_("Only an acceptance or a return can be taken back."),
}


def allowed(status: str | None, action: str) -> bool:
    """Whether the action is allowed in this state."""
    return (status, action) in TRANSITIONS


def next_status(status: str | None, action: str) -> str:
    """The state after the action; InvalidTransition if the state forbids it."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(REFUSALS.get(action)) from None
