"""The overview's time at district and province scale: one line per unit below the root, worst first.

On the histories ``bench.generate`` builds (the same cached databases as bench/reports.py:
a district of 70 branches over 10 years, a province of 3,000 branches over 5 years), as the root
committee's reviewer, for the last month of the history: the service, and the same through HTTP
(``GET /api/v1/reports/overview``). Prints medians and p90s in milliseconds.

Run from the repository:
    .venv/bin/python -m bench.overview [--db sqlite,postgresql] [--sizes district,province] [--repeat N]
Nothing is asserted: the figures go into the issue notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bench.reports import SIZES, database_url, p90, reviewer, timed
from minutes.app import create_app
from minutes.config import Settings, get_settings
from minutes.db import make_engine, make_sessionmaker
from minutes.meetings.models import Meeting
from minutes.orgs.models import OrgUnit
from minutes.reports import overview


def measure(size_name: str, database: str, repeat: int) -> str:
    """One line of figures: the size, the database, the units shown, service and HTTP times."""
    size = SIZES[size_name]
    url = database_url(size, database, regenerate=False)
    os.environ["MINUTES_DATABASE_URL"] = url
    get_settings.cache_clear()
    settings = Settings(database_url=url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    actor, token = reviewer(sessions, settings)
    with sessions() as session:
        root = session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id.is_(None))).one()
        month = session.scalar(select(func.max(Meeting.period)).where(Meeting.period.not_like("%Q%")))
    assert month is not None
    bars = overview.bars_from(settings)

    def service() -> list[overview.UnitLine]:
        with sessions() as session:
            return overview.overview(
                session, actor=actor, org_unit_id=root, month=month, today=_after(month), bars=bars
            )

    lines = len(service())
    service_ms = timed(service, repeat)
    with TestClient(create_app(settings)) as client:
        headers = {"Authorization": f"Bearer {token}"}
        path = f"/api/v1/reports/overview?org_unit_id={root}&month={month}"
        assert client.get(path, headers=headers).status_code == 200
        http_ms = timed(lambda: client.get(path, headers=headers), repeat)
    engine.dispose()
    return (
        f"{size.name:9} {database:10} {size.branches:6,d} {lines:6d} "
        f"{statistics.median(service_ms):8.0f} {p90(service_ms):8.0f} {statistics.median(http_ms):8.0f} {p90(http_ms):8.0f}"
    )


def _after(month: str) -> dt.date:
    """A day late in the month after (the overview of a month is read once it has ended)."""
    year, number = int(month[:4]), int(month[5:7])
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return following + dt.timedelta(days=27)


def main() -> None:
    """Measure each size on each database; print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="district,province")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(
        f"{'size':9} {'database':10} {'branch':>6} {'lines':>6} {'svc p50':>8} {'svc p90':>8} {'http p50':>8} {'http p90':>8}"
    )
    for size_name in args.sizes.split(","):
        for database in args.db.split(","):
            print(measure(size_name, database, args.repeat), flush=True)


if __name__ == "__main__":
    main()
