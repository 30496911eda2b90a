"""Names shown for stored codes (roles, unit kinds, statuses), as message ids."""

from __future__ import annotations

from minutes.i18n import N_, gettext

LABELS: dict[str, dict[str, str]] = {
    "role": {
        "admin": N_("Administrator"),
        "reviewer": N_("Reviewer"),
        "secretary": N_("Branch secretary"),
        "clerk": N_("Clerk"),
        "viewer": N_("Viewer"),
    },
    "unit_kind": {"committee": N_("Committee"), "branch": N_("Branch")},
    "branch_type": {
        "rural": N_("Rural village"),
        "urban": N_("Urban residential"),
        "agency": N_("Agency"),
        "enterprise": N_("Enterprise"),
        "school": N_("School"),
        "armed_forces": N_("Armed forces"),
        "students": N_("Students"),
    },
    "member_status": {"official": N_("Official"), "probationary": N_("Probationary")},
    "sex": {"male": N_("Male"), "female": N_("Female")},
    "history": {
        "renamed": N_("Renamed"),
        "moved": N_("Moved"),
        "merged": N_("Merged"),
        "place": N_("Place name set"),
    },
    "meeting_kind": {
        "regular": N_("Regular"),
        "thematic": N_("Thematic"),
        "combined": N_("Regular and thematic"),
        "extraordinary": N_("Extraordinary"),
    },
    "meeting_status": {
        "planned": N_("Planned"),
        "held": N_("Held"),
        "not_held": N_("Not held"),
        "cancelled": N_("Cancelled"),
    },
    "minutes_status": {
        "none": N_("not written yet"),
        "draft": N_("draft"),
        "submitted": N_("submitted"),
        "returned": N_("returned for correction"),
        "accepted": N_("accepted"),
    },
    "attendance_short": {
        "present": N_("Present"),
        "absent_excused": N_("Absent, reason"),
        "absent_unexcused": N_("Absent, no reason"),
        "exempt": N_("Exempt"),
        "elsewhere": N_("Elsewhere"),
        "suspended": N_("Suspended"),
    },
    "board_state": {
        "accepted": N_("accepted"),
        "submitted": N_("submitted, waiting"),
        "returned": N_("returned, not yet corrected"),
        "draft": N_("draft, not submitted"),
        "not_held": N_("not held"),
        "missing": N_("missing"),
    },
    "decision": {"accept": N_("accepted"), "return": N_("returned"), "reopen": N_("reopened")},
    "vote_kind": {
        "resolution": N_("Conclusion or resolution"),
        "minutes": N_("Adoption of the minutes"),
        "admission": N_("Admission to the Party"),
        "recognition": N_("Recognition as an official member"),
        "removal": N_("Removal from the list of members"),
    },
    "rating": {"good": N_("Good"), "fair": N_("Fair"), "average": N_("Average"), "poor": N_("Poor")},
    "task_status": {
        "open": N_("open"),
        "done": N_("Done"),
        "partly_done": N_("Partly done"),
        "not_done": N_("Not done"),
        "dropped": N_("Dropped"),
    },
}


def label(value: str | None, group: str) -> str:
    """The translated name of a stored code (the code itself if unknown)."""
    if value is None:
        return ""
    message = LABELS[group].get(value)
    return gettext(message) if message else value
