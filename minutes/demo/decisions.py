"""Decisions on the demo year's submitted minutes (DOMAIN A.10, B.6).

The committee directly above each branch decides on its submitted minutes: most are accepted
with an HD 42 rating sheet filled in; some are returned with comments on named sections and
corrected as a new revision, submitted again and accepted (so the review page's "what changed"
has something to show); a few wait for their correction; the latest submissions (November,
December) mostly wait for a decision.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from minutes.demo.branches import YearRows
from minutes.demo.corpus import ACCEPT_NOTES, CORRECTIONS, DOCUMENT_CODES, NEWS_COMMENT, THEMATIC_CONCLUSION
from minutes.demo.dates import LOCAL, YEAR
from minutes.demo.district import DemoDistrict
from minutes.demo.tree import Unit
from minutes.i18n import nfc
from minutes.review.rubric import load_rubric

RUBRIC = "hd42"
# The demo stands on 31 December 2019: nothing is decided after it.
CUTOFF = dt.datetime(YEAR + 1, 1, 1, tzinfo=LOCAL)
# Tết Kỷ Hợi: offices were closed 2–10 February 2019.
TET = (dt.date(YEAR, 2, 2), dt.date(YEAR, 2, 10))
# By the meeting's month: shares accepted, returned then corrected, returned and not yet
# corrected; the rest still wait for a decision.
OUTCOME_SHARES: dict[int, tuple[float, float, float]] = {
    **{month: (0.85, 0.08, 0.03) for month in range(1, 11)},
    11: (0.35, 0.05, 0.04),
    12: (0.06, 0.0, 0.02),
}
# The rating sheet's judged criteria: a share of their maximum of BASE + SLOPE × quality, where
# quality spreads by branch and by meeting; a few weak meetings drop well below.
JUDGED_BASE, JUDGED_SLOPE = 0.8, 0.1
BRANCH_SPREAD, MEETING_SPREAD = 1.2, 0.8
WEAK_MEETING_SHARE, WEAK_DROP = 0.015, 4.5
# HD 42 criterion 7: points by the share of last month's tasks done (a partly done task counts half).
RESULT_BANDS = ((0.9, 30), (0.8, 27), (0.7, 24), (0.6, 20), (0.5, 15), (0.0, 10))
ACCEPT_NOTE_SHARE = 0.12
TWO_COMMENTS_SHARE = 0.3
# The Nà Noong regular meeting that was returned and corrected (its October one waits).
NA_NOONG_RETURNED_MONTH = 7
NA_NOONG_LAST_DECIDED_MONTH = 9


@dataclass
class ReviewRows:
    """The rows of the year's reviews, supervision and audit trail, ids assigned, ready for bulk inserts."""

    reviews: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    supervisions: list[dict[str, Any]] = field(default_factory=list)
    delegates: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    model_meetings: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per kind, decisions by kind."""
        decisions = Counter(review["decision"] for review in self.reviews)
        return {
            "decisions": len(self.reviews),
            "accepted": decisions["accept"],
            "returned": decisions["return"],
            "comments": len(self.comments),
            "supervisions": len(self.supervisions),
            "delegates": len(self.delegates),
            "model_meetings": len(self.model_meetings),
            "audit_events": len(self.audit),
        }


def _vi_amount(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def month_of(meeting: dict[str, Any]) -> int:
    """The month the meeting was due in, on the demo's clock."""
    return int(meeting["scheduled_at"].astimezone(LOCAL).month)


def _next_label(month: int) -> str:
    return f"tháng {month + 1}" if month < 12 else f"tháng 1 năm {YEAR + 1}"


class Planner:
    """Decides on each submitted minutes, meeting by meeting, and keeps the year's rows consistent."""

    def __init__(self, district: DemoDistrict, year: YearRows, seed: int) -> None:
        self.rng = random.Random(seed * 104_729 + YEAR)
        self.rubric = load_rubric(RUBRIC)
        self.district = district
        self.year = year
        self.rows = ReviewRows()
        self.meetings = {meeting["id"]: meeting for meeting in year.meetings}
        self.revisions: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for revision in year.revisions:
            self.revisions[revision["meeting_id"]].append(revision)
        self.usernames = {account.id: account.username for account in district.accounts}
        self.reviewer_of_committee = {
            account.org_unit_id: account.id for account in district.accounts if account.role == "reviewer"
        }
        self.branch_quality: dict[int, float] = {}

    # Helpers ---------------------------------------------------------------------------

    def unit(self, unit_id: int) -> Unit:
        return self.district.unit(unit_id)

    def latest(self, meeting_id: int) -> dict[str, Any]:
        return self.revisions[meeting_id][-1]

    def office_time(self, after: dt.datetime, days: tuple[int, int]) -> dt.datetime:
        """A moment in office hours on a working day, some days after ``after``."""
        day = after.astimezone(LOCAL).date() + dt.timedelta(days=self.rng.randint(*days))
        while day.weekday() >= 5 or TET[0] <= day <= TET[1]:
            day += dt.timedelta(days=1)
        start = dt.datetime.combine(day, dt.time(7, 30), LOCAL)
        return start + dt.timedelta(minutes=self.rng.randint(0, 540))

    def reviewer_of(self, meeting: dict[str, Any]) -> int | None:
        """The reviewer account of the committee directly above the branch, if it has one."""
        branch = self.unit(meeting["org_unit_id"])
        return self.reviewer_of_committee.get(branch.parent_id or 0)

    # Decisions -------------------------------------------------------------------------

    def outcome(self, meeting: dict[str, Any]) -> str:
        """accepted, corrected (returned, corrected, then decided), returned, or waiting."""
        month = month_of(meeting)
        if meeting["org_unit_id"] == self.district.na_noong_id:
            if meeting["kind"] == "regular" and month == NA_NOONG_RETURNED_MONTH:
                return "corrected"
            return "accepted" if month <= NA_NOONG_LAST_DECIDED_MONTH else "waiting"
        accepted, corrected, returned = OUTCOME_SHARES[month]
        draw = self.rng.random()
        if draw < accepted:
            return "accepted"
        if draw < accepted + corrected:
            return "corrected"
        if draw < accepted + corrected + returned:
            return "returned"
        return "waiting"

    def quality(self, meeting: dict[str, Any], content: dict[str, Any]) -> tuple[float, bool]:
        """How good the meeting was, in standard deviations (the branch, its own score, chance), and if it was weak."""
        branch = meeting["org_unit_id"]
        if branch not in self.branch_quality:
            self.branch_quality[branch] = self.rng.gauss(0, BRANCH_SPREAD)
        own = ((content.get("self_score") or 86) - 86) / 8
        weak = self.rng.random() < WEAK_MEETING_SHARE
        noise = self.rng.gauss(0, MEETING_SPREAD)
        return self.branch_quality[branch] + 0.5 * own + noise - (WEAK_DROP if weak else 0.0), weak

    def scores(self, meeting: dict[str, Any], content: dict[str, Any]) -> dict[str, int]:
        """The HD 42 sheet: duration, attendance and results from the minutes, the rest judged."""
        rng = self.rng
        start = dt.datetime.fromisoformat(content["started_at"])
        end = dt.datetime.fromisoformat(content["ended_at"])
        need = 120 if meeting["kind"] == "combined" else 90
        short = need - (end - start).total_seconds() / 60
        duration = (
            5 if short <= 0 else 4 if short <= 15 else 3 if short <= 30 else 2 if short <= need / 2 else 1
        )
        counted = [
            a for a in content["attendance"] if a["status"] not in ("exempt", "elsewhere", "suspended")
        ]
        rate = sum(a["status"] == "present" for a in counted) / len(counted) if counted else 1.0
        unexcused = any(a["status"] == "absent_unexcused" for a in counted)
        attendance = 1 if unexcused or rate < 0.65 else 4 if rate >= 0.9 else 3 if rate >= 0.75 else 2
        attendance += 1 if rng.random() < 0.9 else 0
        verdicts = content["previous_tasks"]
        if verdicts:
            done = sum(
                1.0 if v["status"] == "done" else 0.5 if v["status"] == "partly_done" else 0.0
                for v in verdicts
            )
            share = done / len(verdicts)
            results = next(points for floor, points in RESULT_BANDS if share >= floor)
        else:
            results = rng.choice((24, 27, 27, 30, 30))
        q, weak = self.quality(meeting, content)
        if weak:
            # A weak meeting also followed up last month's resolution poorly.
            results = min(results, rng.choice((10, 15, 15, 20)))

        def judged(maximum: int) -> int:
            share = JUDGED_BASE + JUDGED_SLOPE * q + rng.gauss(0, 0.06)
            return max(0, min(maximum, round(maximum * share)))

        return {
            "duration": duration, "attendance": attendance, "preparation": judged(10), "conduct": judged(30),
            "chairing": judged(10), "principles": judged(5), "results": results, "closing": judged(5),
        }  # fmt: skip

    def review(
        self,
        meeting: dict[str, Any],
        decision: str,
        version: int,
        decided_at: dt.datetime,
        comments: list[tuple[str | None, str]],
        scores: dict[str, int] | None = None,
    ) -> None:
        points = rating = None
        if scores:
            points, level = self.rubric.score(scores)
            rating = level.rating
        review_id = len(self.rows.reviews) + 1
        self.rows.reviews.append(
            {
                "id": review_id, "meeting_id": meeting["id"], "version": version, "decision": decision,
                "rubric": RUBRIC if scores else None, "scores": scores, "points": points, "rating": rating,
                "reason": None, "reviewer_id": self.reviewer_of(meeting), "decided_at": decided_at,
            }
        )  # fmt: skip
        for section, text in comments:
            self.rows.comments.append(
                {
                    "id": len(self.rows.comments) + 1,
                    "review_id": review_id,
                    "section": section,
                    "text": nfc(text),
                }
            )

    def accept(self, meeting: dict[str, Any], decided_at: dt.datetime) -> None:
        content = self.latest(meeting["id"])["content"]
        note: list[tuple[str | None, str]] = []
        if self.rng.random() < ACCEPT_NOTE_SHARE:
            note.append((None, self.rng.choice(ACCEPT_NOTES)))
        self.review(
            meeting, "accept", meeting["minutes_version"], decided_at, note, self.scores(meeting, content)
        )
        meeting["minutes_status"] = "accepted"

    def news_correction(self, meeting: dict[str, Any], text: str) -> str | None:
        """The document passed on, with its number and date (Chỉ thị 35 already has them)."""
        kind = next((code for word, code in DOCUMENT_CODES.items() if f"Phổ biến {word}" in text), None)
        if kind is None or not text.endswith("."):
            return None
        branch = self.unit(meeting["org_unit_id"])
        issuer = "HU" if branch.parent_id == self.district.root_id else "ĐU"
        issued = meeting["scheduled_at"].astimezone(LOCAL).date() - dt.timedelta(days=self.rng.randint(5, 25))
        number = self.rng.randint(12, 240) if issuer == "HU" else self.rng.randint(3, 95)
        return f"{text[:-1]} (số {number}-{kind}/{issuer} ngày {issued.day}/{issued.month}/{issued.year})."

    def comments_for(self, meeting: dict[str, Any], content: dict[str, Any]) -> list[tuple[str, str, str]]:
        """One or two (section, comment, corrected text) on text sections the minutes filled."""
        sections, month = content["sections"], month_of(meeting)
        options: list[tuple[str, str, str]] = []
        if "news" in sections and (corrected := self.news_correction(meeting, sections["news"])):
            options.append(("news", NEWS_COMMENT, corrected))
        amount = len(content["attendance"]) * self.rng.choice((10_000, 12_000, 15_000, 20_000))
        fields = {"month": f"{month}", "next": _next_label(month), "amount": _vi_amount(amount)}
        for key, choices in CORRECTIONS.items():
            text = sections.get(key)
            if not text or (key == "previous_tasks" and "chưa hoàn thành" not in text):
                continue
            comment, added = self.rng.choice(choices)
            if key == "conclusion" and meeting["kind"] == "thematic":
                comment, added = THEMATIC_CONCLUSION
            joiner = "\n" if key == "previous_tasks" else " "
            options.append((key, comment, f"{text}{joiner}{added.format(**fields)}"))
        if meeting["org_unit_id"] == self.district.na_noong_id:
            options = [option for option in options if option[0] == "news"] or options
            return options[:1]
        count = 2 if self.rng.random() < TWO_COMMENTS_SHARE and len(options) > 1 else 1
        return self.rng.sample(options, count)

    def return_minutes(self, meeting: dict[str, Any], decided_at: dt.datetime) -> list[tuple[str, str, str]]:
        content = self.latest(meeting["id"])["content"]
        chosen = self.comments_for(meeting, content)
        comments: list[tuple[str | None, str]] = [(section, comment) for section, comment, _ in chosen]
        self.review(meeting, "return", meeting["minutes_version"], decided_at, comments)
        meeting["minutes_status"] = "returned"
        return chosen

    def correct(
        self, meeting: dict[str, Any], chosen: list[tuple[str, str, str]], saved_at: dt.datetime
    ) -> dt.datetime:
        """The branch saves the corrected minutes as a new revision and submits it again."""
        latest = self.latest(meeting["id"])
        content = latest["content"]
        sections = {**content["sections"], **{key: nfc(text) for key, _, text in chosen}}
        secretary = meeting["created_by_id"]
        version = meeting["minutes_version"] + 1
        revision = {
            "id": len(self.year.revisions) + 1, "meeting_id": meeting["id"], "version": version,
            "status": "returned", "structure_kind": latest["structure_kind"],
            "structure_version": latest["structure_version"], "content": {**content, "sections": sections},
            "client_save_id": None, "saved_at": saved_at, "saved_by_id": secretary,
        }  # fmt: skip
        self.year.revisions.append(revision)
        self.revisions[meeting["id"]].append(revision)
        submitted_at = saved_at + dt.timedelta(hours=self.rng.randint(1, 20))
        submission = {
            "id": len(self.year.submissions) + 1, "meeting_id": meeting["id"], "version": version,
            "submitted_at": submitted_at, "submitted_by_id": secretary,
        }  # fmt: skip
        self.year.submissions.append(submission)
        meeting.update(minutes_version=version, minutes_status="submitted", submitted_at=submitted_at)
        return submitted_at

    def decide(self, meeting: dict[str, Any]) -> None:
        """The decisions on one submitted minutes, as far as the year goes."""
        outcome = self.outcome(meeting)
        if outcome == "waiting":
            return
        month = month_of(meeting)
        decided_at = self.office_time(meeting["submitted_at"], (2, 12) if month < 11 else (3, 20))
        if decided_at >= CUTOFF:
            return
        if outcome == "accepted":
            self.accept(meeting, decided_at)
            return
        chosen = self.return_minutes(meeting, decided_at)
        # Corrected within the week, in office hours or that evening; and submitted again within a day.
        saved_at = self.office_time(decided_at, (1, 6))
        if self.rng.random() < 0.35:
            evening = dt.datetime.combine(saved_at.date(), dt.time(19, 0), LOCAL)
            saved_at = evening + dt.timedelta(minutes=self.rng.randint(0, 150))
        if outcome == "returned" or saved_at + dt.timedelta(days=1) >= CUTOFF:
            return
        resubmitted_at = self.correct(meeting, chosen, saved_at)
        accepted_at = self.office_time(resubmitted_at, (1, 8))
        if accepted_at < CUTOFF:
            self.accept(meeting, accepted_at)
