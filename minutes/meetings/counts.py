"""The roll-call counted as DOMAIN A.5 and A.6 define it, the bars the checks hold it to, and
whether a vote passed. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from minutes.config import Settings
from minutes.meetings.facts import VISITING, AttendanceFacts, MemberFacts, MinutesFacts, VoteFacts


@dataclass(frozen=True)
class Thresholds:
    """The configurable bars of DOMAIN A.3, A.5 and A.6, with their defaults."""

    # HD 12: a good meeting has attendance strictly above this share.
    attendance_bar: float | Fraction = Fraction(85, 100)
    # QĐ 24 item 9.3: a resolution passes when votes for exceed this share of the denominator.
    pass_share: float | Fraction = Fraction(1, 2)
    # Warn when votes for are at most this share of the official members present.
    weak_majority_share: float | Fraction = Fraction(1, 2)
    # The shortest meeting of each kind (A.3); a kind not listed takes its structure's minimum.
    min_durations: Mapping[str, int] = field(
        default_factory=lambda: {"regular": 90, "thematic": 90, "combined": 120, "extraordinary": 0}
    )
    # A meeting dated more than this many days after today is an error.
    date_grace_days: int = 1
    # A.7: no quorum unless a province sets one (a share of the members expected).
    quorum: float | Fraction | None = None
    # The denominator of routine votes: "a6" (official members less those attending elsewhere,
    # exempt and absent, or suspended), or "b3", QĐ 24 item 9.3.2 as B.3 reads it (also less
    # those absent with an accepted reason).
    denominator: str = "a6"
    # A vote on a person (admission, recognition, removal) needs at least this share of the
    # branch's official members (B.3).
    special_share: float | Fraction = Fraction(2, 3)


def thresholds_from(settings: Settings) -> Thresholds:
    """The bars the settings give (each defaults to DOMAIN's)."""
    return Thresholds(
        attendance_bar=Fraction(settings.attendance_bar_percent, 100),
        pass_share=Fraction(settings.vote_pass_share),
        special_share=Fraction(settings.special_vote_share),
        min_durations={
            "regular": settings.min_minutes_regular,
            "thematic": settings.min_minutes_thematic,
            "combined": settings.min_minutes_combined,
            "extraordinary": settings.min_minutes_extraordinary,
        },
        date_grace_days=settings.meeting_date_grace_days,
        quorum=Fraction(settings.quorum_percent, 100) if settings.quorum_percent else None,
        denominator=settings.vote_denominator,
    )


@dataclass(frozen=True)
class AttendanceCounts:
    """The roll-call counted as DOMAIN A.5 and A.6 define it."""

    total: int
    official: int
    probationary: int
    present_official: int
    present_probationary: int
    exempt: int
    elsewhere: int
    suspended: int
    absent_excused: int
    absent_unexcused: int
    eligible_voters: int
    attendance_base: int
    attendance_rate: float | None
    vote_denominator: int  # A.6's
    visiting: int = 0  # members of other branches attending: listed apart, never voters
    official_absent_excused: int = 0

    def denominator(self, rule: str = "a6") -> int:
        """The denominator of routine votes under a rule (see ``Thresholds.denominator``)."""
        return self.vote_denominator - (self.official_absent_excused if rule == "b3" else 0)

    @property
    def present(self) -> int:
        """Return the members present, official and probationary."""
        return self.present_official + self.present_probationary


def attendance_counts(facts: MinutesFacts) -> AttendanceCounts:
    """Count the roll-call: attendance rate (A.5), eligible voters and vote denominator (A.6)."""
    roll = roll_by_member(facts)
    members = facts.members
    official = [m for m in members if m.status == "official"]
    probationary = [m for m in members if m.status == "probationary"]

    def tally(group: list[MemberFacts], *statuses: str) -> int:
        return sum(1 for m in group if m.member_id in roll and roll[m.member_id].status in statuses)

    everyone = list(members)
    base = len(members) - tally(everyone, "exempt", "elsewhere", "suspended")
    present = tally(everyone, "present")
    return AttendanceCounts(
        total=len(members),
        official=len(official),
        probationary=len(probationary),
        present_official=tally(official, "present"),
        present_probationary=tally(probationary, "present"),
        exempt=tally(everyone, "exempt"),
        elsewhere=tally(everyone, "elsewhere"),
        suspended=tally(everyone, "suspended"),
        absent_excused=tally(everyone, "absent_excused"),
        absent_unexcused=tally(everyone, "absent_unexcused"),
        eligible_voters=tally(official, "present"),
        attendance_base=base,
        attendance_rate=present / base if base > 0 else None,
        # "exempt" on the roll-call means exempt and absent; an exempt member who attends is
        # marked present and counts, as QĐ 24 item 9.3.2 says.
        vote_denominator=len(official) - tally(official, "exempt", "elsewhere", "suspended"),
        visiting=sum(1 for entry in facts.attendance if entry.status == VISITING),
        official_absent_excused=tally(official, "absent_excused"),
    )


def roll_by_member(facts: MinutesFacts) -> dict[int, AttendanceFacts]:
    """Each member's line of the roll-call (the first, when listed twice: a duplicate is its own
    error); visitors are not the branch's members."""
    known = {m.member_id for m in facts.members}
    roll: dict[int, AttendanceFacts] = {}
    for entry in facts.attendance:
        if entry.member_id in known and entry.status != VISITING:
            roll.setdefault(entry.member_id, entry)
    return roll


def vote_passed(vote: VoteFacts, counts: AttendanceCounts, thresholds: Thresholds = Thresholds()) -> bool:
    """Whether a vote passed: votes for above the pass share of the denominator (A.6, QĐ 24 9.3)."""
    return vote.for_ > exact(thresholds.pass_share) * counts.denominator(thresholds.denominator)


def special_votes_needed(counts: AttendanceCounts, thresholds: Thresholds = Thresholds()) -> int:
    """The votes for a vote on a person needs: its share of the branch's official members, rounded up."""
    share = exact(thresholds.special_share) * counts.official
    return int(-(-share.numerator // share.denominator))


def special_vote_passed(
    vote: VoteFacts, counts: AttendanceCounts, thresholds: Thresholds = Thresholds()
) -> bool:
    """Whether a vote on a person passed: at least its share of the official members for (B.3)."""
    return vote.for_ >= special_votes_needed(counts, thresholds)


def exact(share: float | Fraction) -> Fraction:
    """A share as an exact fraction: through its decimal text, so 0.85 means exactly 85/100."""
    return share if isinstance(share, Fraction) else Fraction(str(share))
