"""Time the demo build into a temporary SQLite file and print what it holds.

Run from the repository: .venv/bin/python -m bench.demo_seed [SEED]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from minutes import demo
from minutes.db import make_engine
from minutes.meetings.models import Attendance, Meeting, MinutesRevision, Submission, Task, TaskEvaluation


def row_counts(url: str) -> dict[str, int]:
    """Rows of the meeting tables in the built file, and the meetings with minutes."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            counts = {
                model.__tablename__: connection.scalar(select(func.count()).select_from(model)) or 0
                for model in (Meeting, MinutesRevision, Attendance, Task, TaskEvaluation, Submission)
            }
            minutes = select(func.count()).select_from(Meeting).where(Meeting.minutes_version > 0)
            counts["minutes"] = connection.scalar(minutes) or 0
    finally:
        engine.dispose()
    return counts


def main(seed: int = 2019) -> None:
    """Build the demo once and print the seconds and the counts."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        started = time.perf_counter()
        accounts, summary = demo.build(url, seed=seed)
        seconds = time.perf_counter() - started
        rows = row_counts(url)
    district = demo.plan(seed)
    counts = demo.member_counts(district)
    print(summary)
    print(
        f"seconds={seconds:.2f} units={len(district.units)} grassroots={len(district.grassroots_ids)} "
        f"communes={len(district.commune_ids)} branches={len(district.unit_ids_by_kind['branch'])} "
        f"members={len(district.members)} official={counts['official']} "
        f"probationary={counts['probationary']} exempt={counts['exempt']} accounts={len(accounts)}"
    )
    print(" ".join(f"{name}={count}" for name, count in rows.items()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2019)
