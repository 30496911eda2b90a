"""Time the demo build into a temporary SQLite file and print what it holds.

Run from the repository: .venv/bin/python -m bench.demo_seed [SEED]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from minutes import demo


def main(seed: int = 2019) -> None:
    """Build the demo once and print the seconds and the counts."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        started = time.perf_counter()
        accounts, summary = demo.build(url, seed=seed)
        seconds = time.perf_counter() - started
    district = demo.plan(seed)
    counts = demo.member_counts(district)
    print(summary)
    print(
        f"seconds={seconds:.2f} units={len(district.units)} grassroots={len(district.grassroots_ids)} "
        f"communes={len(district.commune_ids)} branches={len(district.unit_ids_by_kind['branch'])} "
        f"members={len(district.members)} official={counts['official']} "
        f"probationary={counts['probationary']} exempt={counts['exempt']} accounts={len(accounts)}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2019)
