"""Reviews, supervision, model meetings and the audit trail of the demo year (2019).

``decisions.Planner`` decides on the submitted minutes; here commune reviewers follow a few
branches and are linked as delegates in their meetings (up to the yearly quota of the settings),
each commune has one model meeting (A.11), and the audit log holds the year's history, chained
and hashed exactly as ``minutes.audit.service.record`` does.

``plan_reviews`` adjusts the year's rows before they are written (statuses, versions, the
corrected revisions and second submissions, linked delegates) and returns the new rows;
``insert_reviews`` writes those with bulk inserts after the year, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection

from minutes.audit import chain
from minutes.audit.models import AuditEvent
from minutes.audit.service import SYSTEM_NAME, chain_key
from minutes.auth.models import Supervision
from minutes.config import Settings
from minutes.demo.branches import YearRows
from minutes.demo.corpus import MODEL_LESSONS, MODEL_OBSERVERS, MODEL_STRENGTHS
from minutes.demo.dates import LOCAL, YEAR
from minutes.demo.decisions import CUTOFF, Planner, ReviewRows, month_of
from minutes.demo.district import DemoDistrict
from minutes.demo.store import bulk_insert
from minutes.demo.tree import upper_name
from minutes.i18n import nfc
from minutes.meetings.models import MeetingDelegate
from minutes.review.models import Review, ReviewComment

HUYEN_FOLLOWS = "Đảng bộ xã Minh Phát"
HUYEN_POST = "Huyện ủy viên, phụ trách xã Minh Phát"
HUYEN_VISITS = 4
SUPERVISION_FROM = dt.datetime(YEAR, 1, 15, 9, 0, tzinfo=LOCAL)


def _with_guest(opening: str, name: str, post: str) -> str | None:
    """The opening with a delegate introduced before the recorder is chosen (None if it has no such place)."""
    marker = "; chi bộ thống nhất cử đồng chí"
    if marker not in opening or "giới thiệu đồng chí" in opening:
        return None
    return opening.replace(marker, f"; giới thiệu đồng chí {name}, {post}, dự sinh hoạt{marker}", 1)


class Oversight(Planner):
    """Supervision and delegates, model meetings, and the rows that project the decisions."""

    def link_delegate(self, meeting_id: int, name: str, level: str, user_id: int) -> None:
        """Every revision names the delegate with their account (new dicts: revisions share lists)."""
        for revision in self.revisions[meeting_id]:
            content = revision["content"]
            revision["content"] = {
                **content,
                "delegates": [
                    {**d, "user_id": user_id} if (d["name"], d["level"]) == (name, level) else d
                    for d in content["delegates"]
                ],
            }

    def add_delegate(self, meeting_id: int, delegate: dict[str, Any]) -> bool:
        """Every revision lists a delegate who was not there, and the opening introduces them."""
        contents = [revision["content"] for revision in self.revisions[meeting_id]]
        openings = [
            _with_guest(c["sections"].get("opening", ""), delegate["name"], delegate["post"])
            for c in contents
        ]
        if any(opening is None for opening in openings) or any(c["delegates"] for c in contents):
            return False
        for revision, content, opening in zip(self.revisions[meeting_id], contents, openings, strict=True):
            revision["content"] = {
                **content,
                "delegates": [dict(delegate)],
                "sections": {**content["sections"], "opening": nfc(opening or "")},
            }
        return True

    def supervise(self, user_id: int, committee_id: int, unit_id: int) -> None:
        self.rows.supervisions.append(
            {
                "id": len(self.rows.supervisions) + 1, "committee_id": committee_id, "user_id": user_id,
                "unit_id": unit_id, "assigned_at": SUPERVISION_FROM,
            }
        )  # fmt: skip

    def commune_followers(self, quota: int) -> None:
        """Each commune reviewer follows villages they visit (Nà Noong first), enough for the yearly quota.

        The visits are the follower delegates the year already names; in the followed
        branches they are linked to the reviewer's account, elsewhere they stay names only.
        """
        held = sorted(
            (m for m in self.year.meetings if m["minutes_version"]),
            key=lambda m: (m["scheduled_at"], m["id"]),
        )
        for account in self.district.accounts:
            committee = self.unit(account.org_unit_id)
            if account.role != "reviewer" or committee.parent_id is None:
                continue
            level = upper_name(committee)
            visits: dict[int, list[int]] = defaultdict(list)
            for meeting in held:
                branch = self.unit(meeting["org_unit_id"])
                if branch.parent_id != committee.id:
                    continue
                if any(
                    (d["name"], d["level"]) == (account.full_name, level)
                    for d in self.latest(meeting["id"])["content"]["delegates"]
                ):
                    visits[branch.id].append(meeting["id"])
            order = sorted(visits, key=lambda b: (b != self.district.na_noong_id, b))
            linked: list[int] = []
            followed: list[int] = []
            for branch_id in order:
                if len(linked) >= quota:
                    break
                followed.append(branch_id)
                linked += visits[branch_id]
            for branch_id in followed:
                self.supervise(account.id, committee.id, branch_id)
            for meeting_id in linked:
                self.link_delegate(meeting_id, account.full_name, level, account.id)

    def district_follower(self) -> None:
        """The district reviewer follows one commune and visits a few of its villages."""
        account = next(a for a in self.district.accounts if a.username == "huyen")
        commune = next(u for u in self.district.units if u.name == nfc(HUYEN_FOLLOWS))
        self.supervise(account.id, self.district.root_id, commune.id)
        candidates = [
            m for m in self.year.meetings
            if m["minutes_version"] and m["kind"] == "regular"
            and self.unit(m["org_unit_id"]).parent_id == commune.id
            and m["org_unit_id"] != self.district.na_noong_id
            and not self.latest(m["id"])["content"]["delegates"]
        ]  # fmt: skip
        delegate = {
            "name": account.full_name,
            "post": HUYEN_POST,
            "level": upper_name(self.unit(self.district.root_id)),
            "user_id": account.id,
        }
        months: set[int] = set()
        for meeting in self.rng.sample(candidates, len(candidates)):
            month = month_of(meeting)
            if len(months) >= HUYEN_VISITS or month in months or month == 12:
                continue
            if self.add_delegate(meeting["id"], delegate):
                months.add(month)

    # Model meetings --------------------------------------------------------------------

    def model_meetings(self) -> None:
        """One accepted regular meeting of a village branch per commune, rated good if any was."""
        points = {
            review["meeting_id"]: review["points"] or 0
            for review in self.rows.reviews
            if review["decision"] == "accept"
        }
        by_commune: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for meeting in self.year.meetings:
            branch = self.unit(meeting["org_unit_id"])
            if (
                meeting["kind"] == "regular"
                and meeting["minutes_status"] == "accepted"
                and branch.branch_type in ("rural", "urban")
                and 3 <= month_of(meeting) <= 10
            ):
                by_commune[branch.parent_id or 0].append(meeting)
        for commune_id in self.district.commune_ids:
            candidates = by_commune.get(commune_id, [])
            if not candidates:
                continue
            good = [m for m in candidates if points[m["id"]] >= 90]
            chosen = (
                self.rng.choice(good) if good else max(candidates, key=lambda m: (points[m["id"]], -m["id"]))
            )
            commune = self.unit(commune_id)
            town = commune.name.startswith("Đảng bộ thị trấn")
            words = {
                "village": "khu phố" if town else "thôn",
                "level": commune.name.removeprefix("Đảng bộ "),
            }
            strengths = self.rng.sample(MODEL_STRENGTHS, self.rng.choice((1, 2)))
            lessons = [*strengths, self.rng.choice(MODEL_LESSONS)]
            chosen.update(
                is_model=True,
                model_observers=nfc(self.rng.choice(MODEL_OBSERVERS).format(**words)),
                model_lessons=nfc(" ".join(text.format(**words) for text in lessons)),
            )
            self.rows.model_meetings.append(chosen["id"])

    # Projections and audit -------------------------------------------------------------

    def delegate_rows(self) -> None:
        """The delegates of every latest revision, as ``save_minutes`` projects them."""
        for meeting in self.year.meetings:
            if not meeting["minutes_version"]:
                continue
            for delegate in self.latest(meeting["id"])["content"]["delegates"]:
                self.rows.delegates.append(
                    {
                        "id": len(self.rows.delegates) + 1, "meeting_id": meeting["id"],
                        "user_id": delegate.get("user_id"), "name": delegate["name"], "post": delegate.get("post"),
                        "level": delegate.get("level"),
                    }
                )  # fmt: skip

    def audit_trail(self) -> None:
        """The year's history in the log, in the order it happened, chained from GENESIS.

        The organisation tree, members and accounts were imported in bulk, not changed
        through the services, so they have no events (no "unit.created", "member.added").
        """
        # (at, rank: what comes first at the same moment, actor id, action, meeting, data)
        events: list[tuple[dt.datetime, int, int | None, str, dict[str, Any], dict[str, Any]]] = []
        for meeting in self.year.meetings:
            if meeting["status"] == "not_held":
                # Recorded by the secretary the day after the meeting was due.
                day = meeting["scheduled_at"].astimezone(LOCAL).date() + dt.timedelta(days=1)
                at = dt.datetime.combine(day, dt.time(8, 0), LOCAL) + dt.timedelta(
                    minutes=self.rng.randint(0, 600)
                )
                data = {"reason": meeting["status_reason"]}
                events.append((at, 0, meeting["created_by_id"], "meeting.not_held", meeting, data))
        for revision in self.year.revisions:
            meeting, saver = self.meetings[revision["meeting_id"]], revision["saved_by_id"]
            data = {"version": revision["version"], "status": revision["status"]}
            events.append((revision["saved_at"], 1, saver, "minutes.saved", meeting, data))
        for submission in self.year.submissions:
            meeting, sender = self.meetings[submission["meeting_id"]], submission["submitted_by_id"]
            data = {"version": submission["version"]}
            events.append((submission["submitted_at"], 2, sender, "minutes.submitted", meeting, data))
        comments = Counter(comment["review_id"] for comment in self.rows.comments)
        for review in self.rows.reviews:
            meeting, action = self.meetings[review["meeting_id"]], f"review.{review['decision']}"
            data = {"version": review["version"], "rating": review["rating"], "points": review["points"]}
            data["comments"] = comments[review["id"]]
            events.append((review["decided_at"], 3, review["reviewer_id"], action, meeting, data))
        events.sort(key=lambda e: (e[0], e[1], e[4]["id"]))
        previous = chain.GENESIS
        for seq, (at, _, actor_id, action, meeting, data) in enumerate(events, start=1):
            fields = {
                "seq": seq, "at": at, "actor_id": actor_id,
                "actor_name": self.usernames[actor_id] if actor_id else SYSTEM_NAME, "action": action,
                "record_type": "meeting", "record_id": str(meeting["id"]), "org_unit_id": meeting["org_unit_id"],
                # chain.plain(data) would give it back unchanged: only numbers, texts and None.
                "data": data, "prev_hash": previous,
            }  # fmt: skip
            previous = chain.link_hash(fields, chain_key())
            self.rows.audit.append({**fields, "id": seq, "hash": previous})


def plan_reviews(district: DemoDistrict, year: YearRows, seed: int = 2019) -> ReviewRows:
    """Decide on the year's submitted minutes; adjust ``year`` in place and return the new rows.

    The same seed gives the same decisions.
    """
    planner = Oversight(district, year, seed)
    for meeting in year.meetings:
        meeting.update(is_model=False, model_observers=None, model_lessons=None)
    # Commune committee members attend at least the quota of meetings a year (DOMAIN B.6.3,
    # Kon Tum's example: 6), as the supervision page counts them.
    planner.commune_followers(Settings().supervision_quota)
    planner.district_follower()
    for meeting in sorted(year.meetings, key=lambda m: (m["submitted_at"] or CUTOFF, m["id"])):
        if meeting["minutes_status"] == "submitted":
            planner.decide(meeting)
    planner.model_meetings()
    planner.delegate_rows()
    planner.audit_trail()
    return planner.rows


def insert_reviews(connection: Connection, rows: ReviewRows) -> None:
    """Write the rows with bulk inserts, after the year's (the caller owns the transaction)."""
    bulk_insert(
        connection,
        [
            (Review, rows.reviews),
            (ReviewComment, rows.comments),
            (Supervision, rows.supervisions),
            (MeetingDelegate, rows.delegates),
            (AuditEvent, rows.audit),
        ],
    )
