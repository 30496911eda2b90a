"""What the minutes form shows: one view-model for the form and the review page."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from minutes import clock
from minutes.access import Actor
from minutes.config import get_settings
from minutes.i18n import N_, translate
from minutes.meetings import carried, events, export, forms, history, layout, service
from minutes.meetings.counts import AttendanceCounts, attendance_counts
from minutes.meetings.facts import facts_of, members_of
from minutes.meetings.findings import Finding
from minutes.meetings.models import Meeting

# What the form's script says; translated here so the script carries no interface text.
FORM_TEXTS = {
    "saving": N_("Saving…"),
    "saved": N_("Saved as version "),
    "savedBehind": N_(
        "What you typed since is not saved yet: it is kept on this device and saved in a moment."
    ),
    "offline": N_(
        "No connection: your draft is kept on this device and will be saved when the network returns."
    ),
    "failed": N_("Not saved yet; your draft is kept on this device."),
    "refused": N_("Not saved: a field needs correcting. Press Save to see it marked."),
    "conflict": N_("Someone else just saved these minutes. Press Save to compare the two versions."),
    "restore": N_("There is an unsaved draft on this device"),
    "restoreYes": N_("Restore the draft"),
    "restoreNo": N_("Discard the draft"),
    "restored": N_("The draft was restored."),
    "addOpinion": N_("Add an opinion"),
    "addTask": N_("Add a task"),
    "addDelegate": N_("Add a delegate or guest"),
    "removeRow": N_("Remove this line"),
    "delegate": N_("delegate"),
}


def readable_record(session: Session, actor: Actor, meeting_id: int) -> dict[str, Any]:
    """Sent or accepted minutes as the document to read, with the committee's acceptance comments."""
    view = export.minutes_view(session, actor=actor, meeting_id=meeting_id)
    return {
        "document": True,
        "view": view,
        "body": layout.document_body(view),
        "comments": events.acceptance_comments(session, actor, meeting_id),
    }


def sent_summary(
    content: dict[str, Any], structure: Any, counts: AttendanceCounts, version: int | None
) -> dict[str, Any]:
    """What the submit step says will be sent: the saved version, told in a few lines."""
    started, ended = (
        clock.at_office(dt.datetime.fromisoformat(value)) if value else None
        for value in (content.get("started_at"), content.get("ended_at"))
    )
    written = [s for s in structure.text_sections() if (content.get("sections", {}).get(s.key) or "").strip()]
    return {
        "version": version,
        "held_on": started.date() if started else None,
        "started": f"{started:%H:%M}" if started else "",
        "ended": f"{ended:%H:%M}" if ended else "",
        "place": content.get("place") or "",
        "present": counts.present,
        "base": counts.attendance_base,
        "rate": counts.attendance_rate,
        "written": len(written),
        "text_sections": len(structure.text_sections()),
        "opinions": len(content.get("opinions", [])),
        "tasks": len(content.get("tasks", [])),
        "votes": len(content.get("votes", {})),
    }


def sent_summary_of(content: dict[str, Any], state: Any, version: int) -> dict[str, Any]:
    """The submit step's summary of a revision just saved, counted against the branch's roll."""
    found = facts_of(
        kind=state.meeting.kind, content=content, members=members_of(state.members), open_task_ids=[]
    )
    return sent_summary(content, state.structure, attendance_counts(found), version)


def finding_titles(structure: Any) -> dict[str | None, str]:
    """The name of the part of the form each finding is about (None: time, place, chair)."""
    return {None: translate(N_("Time and place")), **{s.key: s.title for s in structure.sections}}


def grouped(findings: list[Finding]) -> dict[str | None, list[Finding]]:
    """Findings by the section they belong to (None: the minutes as a whole)."""
    grouped: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.section].append(finding)
    return grouped


def _review_comments(session: Session, actor: Actor, meeting: Meeting) -> dict[str | None, list[str]]:
    """The comments of the latest return, by section, for the branch correcting its minutes."""
    if meeting.minutes_status != "returned":
        return {}
    return events.review_comments(session, actor, meeting.id)


def form_context(session: Session, actor: Actor, meeting_id: int) -> dict[str, Any]:
    """Everything the minutes form shows (the review page shows the same minutes)."""
    state = service.minutes_state(session, actor=actor, meeting_id=meeting_id)
    content = state.revision.content if state.revision else {}
    open_before = carried.open_tasks_before(session, state.meeting)
    findings = service.findings_with(state, open_before) if state.revision else []
    path = state.branch.path
    facts = service.facts_with(state, open_before)
    counts = attendance_counts(facts)
    return {
        "state": state,
        "meeting": state.meeting,
        "branch": state.branch,
        "structure": state.structure,
        "members": state.members,
        "values": forms.form_values(
            content, scheduled_at=state.meeting.scheduled_at, place=state.meeting.place
        ),
        "member_totals": {
            "total": len(state.members),
            "official": sum(m.status == "official" for m in state.members),
            "probationary": sum(m.status == "probationary" for m in state.members),
            "exempt": sum(m.exempt for m in state.members),
        },
        "findings": grouped(findings),
        "finding_titles": finding_titles(state.structure),
        "finding_count": {
            "error": sum(f.severity == "error" for f in findings),
            "warning": sum(f.severity == "warning" for f in findings),
        },
        "facts": facts,
        "counts": counts,
        "sent": sent_summary(content, state.structure, counts, state.meeting.minutes_version),
        "previous_tasks": open_before,
        "member_names": {m.id: m.full_name for m in state.members},
        "editable": actor.can("meeting.record", path)
        and state.meeting.minutes_status in (None, "draft", "returned"),
        # The submit step waits hidden on a form not yet saved: the first save in place shows it.
        "may_submit": actor.can("meeting.submit", path) and state.meeting.minutes_status is None,
        "can_submit": actor.can("meeting.submit", path)
        and state.meeting.minutes_status in ("draft", "returned"),
        "review_comments": _review_comments(session, actor, state.meeting),
        "supervisors": service.linkable_accounts(session, branch=state.branch),
        "save_id": uuid.uuid4().hex,
        "next_number": history.next_number(session, meeting=state.meeting),
        "special_share": get_settings().special_vote_share,
        "form_texts": {key: translate(text) for key, text in FORM_TEXTS.items()},
        "statuses": ("present", "absent_excused", "absent_unexcused", "exempt", "elsewhere", "suspended"),
    }
