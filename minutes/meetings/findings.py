"""What the checks of a minutes report: finding codes, severities and messages.

Codes and severities are part of the API; messages are English ids that the catalogs
under ``minutes/locale`` translate, with ``{named}`` placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from babel.numbers import format_decimal

from minutes.i18n import N_, current_language, gettext, period_words, translate

Severity = Literal["error", "warning"]

VOTE_LABELS: dict[str, str] = {
    "resolution": N_("the conclusion or resolution"),
    "minutes": N_("the minutes"),
    "admission": N_("the admission of a new member"),
    "recognition": N_("recognising a probationary member as official"),
    "removal": N_("removing a member from the list"),
}


@dataclass(frozen=True)
class Rule:
    """What a finding code means: its severity and its message id."""

    severity: Severity
    message: str


@dataclass(frozen=True)
class Finding:
    """One problem found in a minutes; ``message`` is an English id, ``text`` translates it."""

    code: str
    severity: Severity
    section: str | None
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Return the message in the current language, placeholders filled."""
        return translate(self.message, **{k: _shown(k, v) for k, v in self.params.items()})

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as the API shows it."""
        return {
            "code": self.code,
            "severity": self.severity,
            "section": self.section,
            "message": self.text,
        }


def _shown(name: str, value: Any) -> Any:
    # Params stay JSON-friendly; translation and number formatting wait until display.
    if name == "period" and isinstance(value, str):
        return period_words(value)
    if name.endswith("_label") and isinstance(value, str):
        return gettext(value)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.#", locale=current_language())
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


# The codes of every check, in the order they run. Codes and severities are part of the API.
RULES: dict[str, Rule] = {
    "no_place": Rule("error", N_("The place of the meeting is missing. Write where the branch met.")),
    "no_start_time": Rule(
        "error", N_("The start time is missing. Write the date and time the meeting began.")
    ),
    "no_closing_time": Rule(
        "error", N_("The closing time is missing. Write the time the chair closed the meeting.")
    ),
    "ends_before_start": Rule(
        "error", N_("The closing time is not after the start time. Correct the start or the closing time.")
    ),
    "held_in_future": Rule(
        "error",
        N_(
            "The meeting is dated {date}, after today. Write the day the meeting was actually held; "
            "minutes are recorded after the meeting."
        ),
    ),
    "outside_period": Rule(
        "warning",
        N_(
            "The meeting was held on {date}, outside {period}, the period it was planned for. Check the "
            "date; if the meeting was held late or early, say why in the minutes."
        ),
    ),
    "too_short": Rule(
        "warning",
        N_(
            "The meeting lasted {minutes} minutes, less than the {minimum} minutes required. Check "
            "the start and closing times; if they are right, note why the meeting was short."
        ),
    ),
    "no_chair": Rule(
        "error",
        N_(
            "No chair is recorded. Choose the member who chaired the meeting: the secretary, or the "
            "deputy secretary when assigned."
        ),
    ),
    "chair_not_present": Rule(
        "warning",
        N_(
            "The chair is not marked present in the roll-call. Check who chaired the meeting, or "
            "correct the roll-call."
        ),
    ),
    "no_recorder": Rule(
        "error", N_("No recorder is recorded. Choose the member appointed to write the minutes.")
    ),
    "recorder_not_present": Rule(
        "warning",
        N_(
            "The recorder is not marked present in the roll-call. Check who wrote the minutes, or "
            "correct the roll-call."
        ),
    ),
    "chair_is_recorder": Rule(
        "warning",
        N_(
            "The same member is recorded as chair and as recorder. Appoint another member to write "
            "the minutes."
        ),
    ),
    "required_section_empty": Rule(
        "error",
        N_("The section “{title}” is required but empty. Write what was presented, said and decided there."),
    ),
    "roll_call_unknown_member": Rule(
        "error",
        N_(
            "The roll-call lists member no. {member_id}, who is not a current member of this "
            "branch. Remove that line, or add the member to the branch first."
        ),
    ),
    "roll_call_duplicate": Rule(
        "error", N_("{name} appears more than once in the roll-call. Keep a single line for each member.")
    ),
    "roll_call_missing_member": Rule(
        "error",
        N_(
            "Not in the roll-call: {names}. Mark each of them present, absent with or without a "
            "reason, exempt, attending elsewhere or suspended."
        ),
    ),
    "absence_reason_missing": Rule(
        "error",
        N_(
            "{name} is marked absent with a reason, but no reason is written. Write the reason, or "
            "mark the absence as without a reason."
        ),
    ),
    "unexcused_absence": Rule(
        "warning",
        N_(
            "Absent without a reason: {names}. Remind them as the branch decides; a meeting with an "
            "unexcused absence does not meet the quality bar."
        ),
    ),
    "attendance_below_bar": Rule(
        "warning",
        N_(
            "Attendance was {present} of {expected} members ({rate}%), not above the bar of {bar}%. "
            "Record why members were absent and how the branch will raise attendance."
        ),
    ),
    "previous_tasks_not_evaluated": Rule(
        "warning",
        N_(
            "Tasks from earlier meetings not yet evaluated: {count}. Mark each as done, partly "
            "done, not done or dropped, with a note."
        ),
    ),
    "opinion_without_speaker": Rule(
        "error", N_("An opinion in “{title}” has no speaker. Write the full name of the person who spoke.")
    ),
    "opinion_without_content": Rule(
        "error",
        N_(
            "An opinion in “{title}” has no content. Write what the speaker said, or remove the "
            "empty opinion."
        ),
    ),
    "task_without_assignee": Rule(
        "warning", N_("The task “{title}” has no one assigned. Name the member responsible for it.")
    ),
    "task_without_deadline": Rule(
        "warning", N_("The task “{title}” has no deadline. Set the date by which it must be done.")
    ),
    "task_deadline_before_meeting": Rule(
        "warning",
        N_("The task “{title}” is due on {due_on}, before the meeting was held. Check the deadline."),
    ),
    "vote_missing": Rule(
        "error", N_("The vote on {vote_label} is not recorded. Record the votes for, against and abstaining.")
    ),
    "probationary_vote_counted": Rule(
        "error",
        N_(
            "The vote on {vote_label} counts {count} votes but only {eligible} official members "
            "were present; probationary members seem to have been counted. Probationary members "
            "speak but do not vote: count official members only."
        ),
    ),
    "votes_exceed_eligible": Rule(
        "error",
        N_(
            "The vote on {vote_label} has {count} votes for a single answer, more than the {eligible} "
            "official members present. Only official members present may vote: correct the counts."
        ),
    ),
    "votes_do_not_add_up": Rule(
        "error",
        N_(
            "In the vote on {vote_label}, for, against and abstaining add up to {count}, not "
            "{expected}. Correct the counts so that they add up."
        ),
    ),
    "votes_missing_voters": Rule(
        "warning",
        N_(
            "In the vote on {vote_label}, {count} of the {eligible} official members present voted. "
            "Record every official member present as for, against or abstaining, or note who left "
            "before the vote."
        ),
    ),
    "resolution_not_passed": Rule(
        "warning",
        N_(
            "The resolution has {votes_for} votes for, not more than {share} of the {denominator} "
            "official members counted for the vote. Check the counts; if they are right, the "
            "resolution is not adopted and the branch must discuss it again."
        ),
    ),
    "resolution_weak_majority": Rule(
        "warning",
        N_(
            "Only {votes_for} of the {present} official members present voted for the resolution, "
            "no more than half. Check the counts and record the reservations members expressed."
        ),
    ),
    "task_dropped_without_reason": Rule(
        "error",
        N_(
            "{count} task(s) marked as no longer carried on without a reason. Write in the note why the branch drops each."
        ),
    ),
    "below_quorum": Rule(
        "error",
        N_(
            "Only {present} of the {expected} members expected attended, below the quorum of "
            "{quorum}% this province requires. Check the roll-call; if it is right, hold the meeting "
            "again with more members, since this one cannot take decisions."
        ),
    ),
    "voters_exceed_eligible": Rule(
        "error",
        N_(
            "The vote on {vote_label} records {count} voters, more than the {eligible} official "
            "members present. Only official members present may vote: correct the number of voters."
        ),
    ),
    "special_vote_without_person": Rule(
        "error",
        N_("The vote on {vote_label} does not say whom it is about. Choose the member or write the name."),
    ),
    "special_vote_not_passed": Rule(
        "warning",
        N_(
            "The vote on {vote_label} has {votes_for} votes for; it needs at least {needed} "
            "({share} of the {official} official members of the branch). Check the counts; if "
            "they are right, the branch did not approve it."
        ),
    ),
    "roll_call_not_exempt": Rule(
        "error",
        N_(
            "{name} is marked exempt, but the member list does not exempt them from party work and "
            "activities. Mark them present or absent, or record the exemption in the member list first."
        ),
    ),
    "roll_call_exempt_marked_absent": Rule(
        "error",
        N_(
            "{name} is exempt from party work and activities, so their absence needs no reason: mark "
            "them exempt, or present if they came."
        ),
    ),
    # A.10: the secretary submits minutes the meeting adopted.
    "minutes_not_adopted": Rule(
        "error",
        N_(
            "The minutes have {votes_for} votes for, not more than {share} of the {denominator} "
            "official members counted for the vote. Check the counts; if they are right, correct "
            "the minutes and put them to the vote again."
        ),
    ),
}


def make_finding(code: str, section: str | None, **params: Any) -> Finding:
    """Return a finding of a known code, with the severity and message of its rule."""
    rule = RULES[code]
    return Finding(code, rule.severity, section, rule.message, params)
