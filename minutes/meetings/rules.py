"""Pure checks of one minutes against DOMAIN Part A and the structure it was written with.

The service layer assembles a ``MinutesFacts`` (facts.py) from a revision; nothing here does I/O.
Each finding has a stable ``code`` (see ``RULES``), a severity, the section it belongs to
(None for the meeting's details: place, times, chair, recorder) and an English message id
that the catalogs translate. Errors block submission; warnings are for people to weigh.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from minutes.i18n import short_date
from minutes.meetings import periods
from minutes.meetings.counts import (
    Thresholds,
    attendance_counts,
    exact,
    roll_by_member,
    special_vote_passed,
    special_votes_needed,
    vote_passed,
)
from minutes.meetings.facts import (
    SPECIAL_VOTE_KEYS,
    VISITING,
    VOTE_KEYS,
    MinutesFacts,
    OpinionFacts,
    VoteFacts,
)
from minutes.meetings.findings import VOTE_LABELS, Finding, make_finding
from minutes.meetings.structure import Section, Structure


def check_minutes(
    facts: MinutesFacts, structure: Structure, thresholds: Thresholds = Thresholds()
) -> list[Finding]:
    """Check one minutes; return its findings in the structure's section order.

    Vote counts (for each of the resolution and minutes votes, at most one count finding):
    - more votes than official members present is an error: ``probationary_vote_counted``
      when the excess fits within the probationary members present, else
      ``votes_exceed_eligible`` when a single answer alone exceeds them, else
      ``votes_do_not_add_up`` (each answer fits but their sum does not);
    - for + against + abstain differing from the recorded number of voters is an error,
      ``votes_do_not_add_up``;
    - fewer votes than official members present is only a warning, ``votes_missing_voters``:
      a member may have left before the vote, which people must confirm.
    Whether a vote passed is judged only when its counts hold together. The two outcome
    checks of A.6 are independent: ``resolution_not_passed`` compares votes for with the
    QĐ 24 denominator, ``resolution_weak_majority`` with the official members present. With
    the default denominator (never below the official members present) a weak majority also
    fails to pass; a province that configures another pass rule may see either alone.
    """
    check = _Check(facts, structure, thresholds)
    findings = [
        *check.meeting_details(),
        *check.times(),
        *check.dates(),
        *check.required_sections(),
        *check.roll_call(),
        *check.attendance_quality(),
        *check.previous_tasks(),
        *check.opinions(),
        *check.tasks(),
        *check.votes(),
        *check.special_votes(),
    ]
    return sorted(findings, key=lambda f: _order(f, structure))


def _order(finding: Finding, structure: Structure) -> tuple[int, int]:
    # Meeting details first, then the running order, sections the structure lacks last;
    # errors before warnings within a section, otherwise the order the checks ran.
    if finding.section is None:
        place = -1
    else:
        position = structure.position(finding.section)
        place = len(structure.sections) if position is None else position
    return place, 0 if finding.severity == "error" else 1


def _is_blank(text: str | None) -> bool:
    return not (text or "").strip()


class _Check:
    """The checks of one minutes, sharing what they all need."""

    def __init__(self, facts: MinutesFacts, structure: Structure, thresholds: Thresholds) -> None:
        self.facts = facts
        self.structure = structure
        self.thresholds = thresholds
        self.counts = attendance_counts(facts)
        self.roll = roll_by_member(facts)
        self.names = {m.member_id: m.full_name for m in facts.members}

    def key_of_kind(self, kind: str) -> str | None:
        """Return the key of the structure's first section of a kind, if any."""
        section = self.structure.first_of_kind(kind)
        return section.key if section else None

    def meeting_details(self) -> Iterator[Finding]:
        """Place, chair and recorder."""
        facts = self.facts
        if _is_blank(facts.place):
            yield make_finding("no_place", None)
        for role, member_id in (("chair", facts.chair_member_id), ("recorder", facts.recorder_member_id)):
            if member_id is None:
                yield make_finding(f"no_{role}", None)
            elif facts.attendance and not self.is_present(member_id):
                yield make_finding(f"{role}_not_present", None, member_id=member_id)
        if facts.chair_member_id is not None and facts.chair_member_id == facts.recorder_member_id:
            yield make_finding("chair_is_recorder", None, member_id=facts.chair_member_id)

    def is_present(self, member_id: int) -> bool:
        """Tell whether the roll-call marks a member present."""
        entry = self.roll.get(member_id)
        return entry is not None and entry.status == "present"

    def times(self) -> Iterator[Finding]:
        """Start, close and duration (A.3)."""
        start, end = self.facts.started_at, self.facts.ended_at
        if start is None:
            yield make_finding("no_start_time", None)
        if end is None:
            yield make_finding("no_closing_time", None)
        if start is None or end is None:
            return
        if end <= start:
            yield make_finding("ends_before_start", None)
            return
        minutes = int((end - start).total_seconds() // 60)
        minimum = self.thresholds.min_durations.get(self.structure.kind, self.structure.min_duration_minutes)
        if minutes < minimum:
            yield make_finding("too_short", None, minutes=minutes, minimum=minimum)

    def dates(self) -> Iterator[Finding]:
        """The day of the meeting: not after today (beyond the grace), inside its planned period."""
        held, today, period = self.facts.held_on, self.facts.today, self.facts.period
        if held is None:
            return
        if today is not None and (held - today).days > self.thresholds.date_grace_days:
            yield make_finding("held_in_future", None, date=short_date(held))
        if period and not periods.contains(period, held):
            yield make_finding("outside_period", None, date=short_date(held), period=period)

    def required_sections(self) -> Iterator[Finding]:
        """Required sections left empty; votes have their own check."""
        for section in self.structure.sections:
            if section.required and section.kind != "votes" and not self.is_filled(section):
                yield make_finding("required_section_empty", section.key, title=section.title)

    def is_filled(self, section: Section) -> bool:
        """Tell whether a section has content of its kind."""
        facts = self.facts
        if section.kind == "text":
            return not _is_blank(facts.sections.get(section.key))
        if section.kind == "roll_call":
            return bool(facts.attendance)
        if section.kind == "tasks":
            return bool(facts.tasks)
        if section.kind == "opinions":
            return any(self.discussion_of(op) == section.key for op in facts.opinions)
        return True

    def discussion_of(self, opinion: OpinionFacts) -> str | None:
        """Return the opinions section an opinion fills.

        An opinion filed under a text section (an agenda item) counts for the first
        opinions section, where members' discussion is recorded.
        """
        if opinion.section in {s.key for s in self.structure.sections_of_kind("opinions")}:
            return opinion.section
        return self.key_of_kind("opinions")

    def roll_call(self) -> Iterator[Finding]:
        """Every member listed once, no strangers, reasons given for excused absences."""
        attendance = self.facts.attendance
        if not attendance:
            return  # reported once, as an empty required section
        key = self.key_of_kind("roll_call")
        listed = Counter(
            entry.member_id
            for entry in attendance
            if entry.status != VISITING and entry.member_id is not None
        )
        for member_id, times in listed.items():
            if member_id not in self.names:
                yield make_finding("roll_call_unknown_member", key, member_id=member_id)
            elif times > 1:
                yield make_finding(
                    "roll_call_duplicate", key, member_id=member_id, name=self.names[member_id]
                )
        missing = [m for m in self.facts.members if m.member_id not in listed]
        if missing:
            yield make_finding(
                "roll_call_missing_member",
                key,
                names=[m.full_name for m in missing],
                member_ids=[m.member_id for m in missing],
            )
        for member_id, entry in self.roll.items():
            if entry.status == "absent_excused" and _is_blank(entry.reason):
                yield make_finding(
                    "absence_reason_missing", key, member_id=member_id, name=self.names[member_id]
                )
        yield from self.statuses_against_the_list(key)

    def statuses_against_the_list(self, key: str | None) -> Iterator[Finding]:
        """Exempt only those the member list exempts; an exempt member is never absent without a
        reason (QĐ 24: they are excused from activities)."""
        exempt = {m.member_id for m in self.facts.members if m.exempt}
        for member_id, entry in self.roll.items():
            name = self.names[member_id]
            if entry.status == "exempt" and member_id not in exempt:
                yield make_finding("roll_call_not_exempt", key, member_id=member_id, name=name)
            elif entry.status == "absent_unexcused" and member_id in exempt:
                yield make_finding("roll_call_exempt_marked_absent", key, member_id=member_id, name=name)

    def attendance_quality(self) -> Iterator[Finding]:
        """The HD 12 bar: attendance above 85% and nobody absent without a reason."""
        if not self.facts.attendance:
            return
        key = self.key_of_kind("roll_call")
        unexcused = [member_id for member_id, e in self.roll.items() if e.status == "absent_unexcused"]
        if unexcused:
            yield make_finding(
                "unexcused_absence", key, member_ids=unexcused, names=[self.names[i] for i in unexcused]
            )
        counts = self.counts
        quorum = self.thresholds.quorum
        if (
            quorum is not None
            and counts.attendance_base
            and Fraction(counts.present, counts.attendance_base) < exact(quorum)
        ):
            yield make_finding(
                "below_quorum",
                key,
                present=counts.present,
                expected=counts.attendance_base,
                quorum=float(exact(quorum) * 100),
            )
        bar = exact(self.thresholds.attendance_bar)
        if counts.attendance_base > 0 and Fraction(counts.present, counts.attendance_base) <= bar:
            rate = counts.present / counts.attendance_base
            yield make_finding(
                "attendance_below_bar",
                key,
                present=counts.present,
                expected=counts.attendance_base,
                rate=round(rate * 100, 1),
                bar=float(bar * 100),
            )

    def previous_tasks(self) -> Iterator[Finding]:
        """Earlier tasks must each be evaluated (A.9); one dropped says why."""
        key = "previous_tasks" if self.structure.has_section("previous_tasks") else None
        if (count := self.facts.previous_tasks_unevaluated) > 0:
            yield make_finding("previous_tasks_not_evaluated", key, count=count)
        if (count := self.facts.tasks_dropped_without_reason) > 0:
            yield make_finding("task_dropped_without_reason", key, count=count)

    def opinions(self) -> Iterator[Finding]:
        """Each opinion names its speaker and says something."""
        for opinion in self.facts.opinions:
            key = (
                opinion.section
                if self.structure.has_section(opinion.section)
                else self.key_of_kind("opinions")
            )
            title = self.structure.section(key).title if key else ""
            if opinion.member_id is None and _is_blank(opinion.speaker_name):
                yield make_finding("opinion_without_speaker", key, title=title)
            if _is_blank(opinion.content):
                yield make_finding("opinion_without_content", key, title=title)

    def tasks(self) -> Iterator[Finding]:
        """Each task has an assignee and a deadline after the meeting."""
        key = self.key_of_kind("tasks")
        started = self.facts.started_at
        for task in self.facts.tasks:
            if task.assignee_member_id is None:
                yield make_finding("task_without_assignee", key, title=task.title)
            if task.due_on is None:
                yield make_finding("task_without_deadline", key, title=task.title)
            elif started is not None and task.due_on < started.date():
                yield make_finding(
                    "task_deadline_before_meeting", key, title=task.title, due_on=short_date(task.due_on)
                )

    def special_votes(self) -> Iterator[Finding]:
        """Votes on a person: about someone, consistent, and whether they reached their share (B.3)."""
        key = self.key_of_kind("votes")
        for name in SPECIAL_VOTE_KEYS:
            vote = self.facts.votes.get(name)
            if vote is None:
                continue
            label = VOTE_LABELS[name]
            if vote.member_id is None and _is_blank(vote.name):
                yield make_finding("special_vote_without_person", key, vote=name, vote_label=label)
            problem = self.vote_count_problem(vote, key, name, label, missing_voters=False)
            if problem is not None:
                yield problem
            elif not special_vote_passed(vote, self.counts, self.thresholds):
                needed = special_votes_needed(self.counts, self.thresholds)
                yield make_finding(
                    "special_vote_not_passed", key, vote=name, vote_label=label, votes_for=vote.for_,
                    needed=needed, official=self.counts.official, share=_share(self.thresholds.special_share),
                )  # fmt: skip

    def votes(self) -> Iterator[Finding]:
        """The resolution and minutes votes: present, consistent, and their outcome."""
        section = self.structure.first_of_kind("votes")
        key = section.key if section else None
        for name in VOTE_KEYS:
            vote = self.facts.votes.get(name)
            label = VOTE_LABELS[name]
            if vote is None:
                if section is not None and section.required:
                    yield make_finding("vote_missing", key, vote=name, vote_label=label)
                continue
            problem = self.vote_count_problem(vote, key, name, label)
            if problem is not None:
                yield problem
            else:
                yield from self.vote_outcome(vote, key, name)

    def vote_count_problem(
        self, vote: VoteFacts, key: str | None, name: str, label: str, *, missing_voters: bool = True
    ) -> Finding | None:
        """Return the one finding on counts that cannot be, or that look incomplete."""
        eligible = self.counts.eligible_voters
        probationary = self.counts.present_probationary
        common: dict[str, Any] = {"vote": name, "vote_label": label, "eligible": eligible}
        if vote.total > eligible:
            if probationary and vote.total <= eligible + probationary:
                return make_finding("probationary_vote_counted", key, count=vote.total, **common)
            largest = max(vote.for_, vote.against, vote.abstain)
            if largest > eligible:
                return make_finding("votes_exceed_eligible", key, count=largest, **common)
            return make_finding("votes_do_not_add_up", key, count=vote.total, expected=eligible, **common)
        if vote.voters is not None and vote.voters > eligible:
            return make_finding("voters_exceed_eligible", key, count=vote.voters, **common)
        if vote.voters is not None and vote.voters != vote.total:
            return make_finding("votes_do_not_add_up", key, count=vote.total, expected=vote.voters, **common)
        if missing_voters and vote.total < eligible:
            return make_finding("votes_missing_voters", key, count=vote.total, **common)
        return None

    def vote_outcome(self, vote: VoteFacts, key: str | None, name: str) -> Iterator[Finding]:
        """Adopted with more than half of the denominator (A.6); resolution backed by the room."""
        counts = self.counts
        if not vote_passed(vote, counts, self.thresholds):
            code = "resolution_not_passed" if name == "resolution" else "minutes_not_adopted"
            denominator = counts.denominator(self.thresholds.denominator)
            yield make_finding(
                code,
                key,
                votes_for=vote.for_,
                denominator=denominator,
                share=_share(self.thresholds.pass_share),
            )
        weak_bar = exact(self.thresholds.weak_majority_share) * counts.present_official
        if name == "resolution" and vote.for_ <= weak_bar:
            yield make_finding(
                "resolution_weak_majority", key, votes_for=vote.for_, present=counts.present_official
            )


def _share(share: float | Fraction) -> str:
    """A share as people write it: 1/2, 2/3."""
    exact_share = exact(share)
    return f"{exact_share.numerator}/{exact_share.denominator}"
