"""How the spreadsheets' time grows with their rows: CSV and XLSX from 1,000 to 50,000 rows.

The rows are shaped like the overdue-tasks sheet (commune, branch, period, a task of some
sixty characters in Vietnamese, a name, a deadline as a date, two counts, a status); each size
is written three times and the median kept. Time per 1,000 rows that stays flat from the
smallest to the largest sheet is a time proportional to the rows.

Run from the repository:  .venv/bin/python -m bench.exports [--sizes 1000,3000,...]
Nothing is asserted: the figures go into the issue notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from minutes.reports.exports import to_csv, to_xlsx

HEADERS = [
    "Đảng bộ",
    "Chi bộ",
    "Kỳ",
    "Nhiệm vụ",
    "Phân công",
    "Thời hạn",
    "Số ngày quá hạn",
    "Số lần chuyển",
    "Trạng thái",
]


def task_rows(count: int) -> list[list[Any]]:
    """Rows like a district's overdue tasks."""
    start = dt.date(2019, 1, 31)
    return [
        [
            f"Đảng bộ xã Tú Đoạn {n % 23}",
            f"Chi bộ thôn Nà Noong {n % 405}",
            f"2019-{n % 12 + 1:02d}",
            f"Vận động {n % 9 + 1} hộ nghèo còn lại tham gia bảo hiểm y tế, đợt {n}",
            "Nông Thị Lan",
            start + dt.timedelta(days=n % 330),
            n % 120,
            n % 4,
            "chưa thực hiện",
        ]
        for n in range(count)
    ]


def median_seconds(write: Callable[[], bytes], rounds: int = 3) -> tuple[float, int]:
    """The median time of a write, and the size of what it wrote."""
    times, size = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        size = len(write())
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def main() -> None:
    """Write each size as CSV and XLSX; print the times and the time per 1,000 rows."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,3000,6000,12000,25000,50000")
    args = parser.parse_args()
    print(f"{'rows':>7} {'CSV s':>7} {'XLSX s':>7} {'XLSX s per 1k rows':>19} {'XLSX MB':>8}")
    for count in (int(n) for n in args.sizes.split(",")):
        rows = task_rows(count)
        csv_seconds, _ = median_seconds(partial(to_csv, HEADERS, rows))
        xlsx_seconds, size = median_seconds(partial(to_xlsx, "nhiem-vu-qua-han", HEADERS, rows))
        print(
            f"{count:7,d} {csv_seconds:7.2f} {xlsx_seconds:7.2f} {xlsx_seconds / count * 1000:19.3f} "
            f"{size / 1_048_576:8.1f}"
        )


if __name__ == "__main__":
    main()
