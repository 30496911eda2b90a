"""What the demo year keeps while it writes meeting after meeting: roll-calls and open tasks.

``Ledger`` holds the year's generator and running state; ``Wording`` adds the texts of the
minutes and ``meetings.Year`` composes and writes each meeting on top of both.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from minutes.demo.branches import Branch, OpenTask, Slot, YearRows, is_official_voter, localise
from minutes.demo.corpus import (
    DONE_NOTES,
    EXCUSES,
    MONTH_TASKS,
    NA_NOONG_ROLL,
    NA_NOONG_TASKS,
    NA_NOONG_VERDICTS,
    NOT_DONE_CAUSES,
    PARTLY_NOTES,
    SEASONS,
    THEMATIC_TASKS,
)
from minutes.demo.dates import last_day, next_month
from minutes.demo.people import Person
from minutes.demo.schedule import Habit, habit
from minutes.i18n import nfc


@dataclass
class Roll:
    """The roll-call counted: who was present, absent with and without reason."""

    present: list[Person]
    excused: list[tuple[Person, str]]
    unexcused: list[Person]

    @property
    def voters(self) -> int:
        """Official members present."""
        return sum(1 for person in self.present if is_official_voter(person))

    @property
    def probationary_present(self) -> int:
        """Probationary members present (they speak but do not vote)."""
        return len(self.present) - self.voters


class Ledger:
    """The year's generator, and each branch's open tasks and members' absences so far."""

    def __init__(self, rng: random.Random, branches: list[Branch], na_noong_id: int) -> None:
        self.rng = rng
        self.rows = YearRows()
        self.na_noong_id = na_noong_id
        self.forced: dict[tuple[int, int], tuple[str, str | None]] = {}
        self.habits: dict[int, Habit] = {}
        for branch in branches:
            for person in branch.roster:
                self.habits[person.id] = habit(rng, person, branch.category)
        self.open: dict[int, list[OpenTask]] = defaultdict(list)
        self.unexcused: Counter[int] = Counter()
        # Per branch: the month of the last regular meeting with minutes, and whether someone
        # was absent without reason there (last month's shortcomings).
        self.last_regular: dict[int, int] = {}
        self.last_unexcused: dict[int, bool] = {}

    # Roll-call ---------------------------------------------------------------------------

    def attendance_line(self, slot: Slot, person: Person) -> tuple[str, str | None]:
        """One member's line: not yet admitted, exempt, scripted, or drawn from their habit."""
        day, branch = slot.start.date(), slot.branch
        if person.joined_on > day:
            return "elsewhere", "Chưa kết nạp vào Đảng"
        if person.exempt and person.exempt_from is not None and person.exempt_from <= day:
            return "exempt", None
        if (slot.meeting_id, person.id) in self.forced:
            return self.forced[(slot.meeting_id, person.id)]
        if person.id in (branch.chair.id, branch.recorder.id):
            return "present", None
        if branch.unit.id == self.na_noong_id and slot.kind == "regular" and slot.month in NA_NOONG_ROLL:
            return "present", None
        habit = self.habits[person.id]
        if habit.away and habit.away[0] <= slot.month <= habit.away[1]:
            return "absent_excused", habit.away_reason
        draw = self.rng.random()
        if draw < habit.unexcused:
            return "absent_unexcused", None
        if draw < habit.unexcused + habit.excused:
            reason = "Ốm" if person.birth_year < 1955 else self.rng.choice(EXCUSES[branch.category])
            return "absent_excused", reason
        return "present", None

    def roll_call(self, slot: Slot) -> list[dict[str, Any]]:
        """Every current member of the branch, in the order the form lists them."""
        lines = []
        for person in slot.branch.roster:
            status, reason = self.attendance_line(slot, person)
            lines.append({"member_id": person.id, "status": status, "reason": reason})
        return lines

    def counted(self, slot: Slot, lines: list[dict[str, Any]]) -> Roll:
        """The roll-call as lists of people."""
        people = {person.id: person for person in slot.branch.roster}
        roll = Roll([], [], [])
        for line in lines:
            person = people[line["member_id"]]
            if line["status"] == "present":
                roll.present.append(person)
            elif line["status"] == "absent_excused":
                roll.excused.append((person, line["reason"] or ""))
            elif line["status"] == "absent_unexcused":
                roll.unexcused.append(person)
        return roll

    # Tasks -------------------------------------------------------------------------------

    def verdict(self, slot: Slot, task: OpenTask) -> tuple[str, str]:
        """Done, partly done or not done, with the note a secretary writes."""
        month = slot.month
        if slot.branch.unit.id == self.na_noong_id and month in NA_NOONG_VERDICTS:
            scripted = NA_NOONG_VERDICTS[month].get(task.title)
            return scripted or ("done", self.rng.choice(DONE_NOTES))
        done = (0.78, 0.8, 0.92)[min(task.evaluations, 2)]
        draw = self.rng.random()
        if draw < done:
            return "done", self.rng.choice(DONE_NOTES)
        if draw < done + (1 - done) * 0.6 or task.evaluations >= 2:
            return "partly_done", f"{self.rng.choice(PARTLY_NOTES)}; chuyển sang tháng {month}"
        cause = self.rng.choice(NOT_DONE_CAUSES[slot.branch.category])
        return "not_done", f"Chưa thực hiện do {cause}; chuyển sang tháng {month}"

    def evaluate(self, slot: Slot) -> list[dict[str, Any]]:
        """Verdicts on every open task of the branch, from whatever meeting decided it."""
        return [
            {"task_id": task.id, "status": status, "note": note}
            for task in self.open[slot.branch.unit.id]
            for status, note in (self.verdict(slot, task),)
        ]

    def due_on(self, day: dt.date) -> dt.date:
        """A deadline later this month or in the next one."""
        year, month = next_month(day.year, day.month)
        options = (
            last_day(day.year, day.month),
            dt.date(day.year, day.month, 25),
            dt.date(year, month, 15),
            last_day(year, month),
        )
        due = self.rng.choices(options, weights=(0.35, 0.2, 0.2, 0.25))[0]
        return due if due >= day + dt.timedelta(days=7) else options[-1]

    def new_tasks(self, slot: Slot, roll: Roll) -> list[dict[str, Any]]:
        """Two to four tasks for a regular meeting (from the month's topics), up to two after a thematic one."""
        branch, day = slot.branch, slot.start.date()
        if branch.unit.id == self.na_noong_id and slot.kind == "regular" and slot.month in NA_NOONG_TASKS:
            ids = {person.full_name: person.id for person in branch.roster}
            return [
                {
                    "title": nfc(title),
                    "assignee_member_id": ids[nfc(name)],
                    "due_on": due.isoformat(),
                    "note": note,
                }
                for title, name, due, note in NA_NOONG_TASKS[slot.month]
            ]
        if slot.kind == "thematic":
            titles = self.rng.sample(THEMATIC_TASKS, self.rng.choice((0, 1, 1, 2)))
        else:
            season = SEASONS[branch.category][(slot.month - 1) // 2]
            titles = self.rng.sample(season.tasks, self.rng.randint(2, 4))
            extra = MONTH_TASKS[branch.category].get(slot.month)
            if extra and self.rng.random() < 0.7:
                titles = [extra, *titles[:3]]
        workers = [p for p in roll.present if p.id != branch.chair.id] or roll.present
        return [
            {
                "title": localise(title, branch),
                "assignee_member_id": self.rng.choice(workers).id,
                "due_on": self.due_on(day).isoformat(),
                "note": None,
            }
            for title in titles
        ]

    def carry_forward(
        self, slot: Slot, tasks: list[dict[str, Any]], verdicts: list[dict[str, Any]]
    ) -> list[int]:
        """Give this meeting's tasks their ids; what stays open is evaluated at the next regular meeting."""
        first_id = len(self.rows.tasks) + 1
        ids = list(range(first_id, first_id + len(tasks)))
        branch_id = slot.branch.unit.id
        status = {v["task_id"]: v["status"] for v in verdicts}
        # A thematic meeting evaluates nothing, but its tasks wait for the next regular one (A.9).
        carried = [task for task in self.open[branch_id] if status.get(task.id) != "done"]
        for task in carried:
            task.evaluations += task.id in status
        new = [
            OpenTask(task_id, slot.meeting_id, position, task["title"])
            for position, (task_id, task) in enumerate(zip(ids, tasks, strict=True))
        ]
        self.open[branch_id] = sorted(new + carried, key=lambda t: (t.meeting_id, t.position))
        return ids
