"""The demo district: Lộc Bình (Lạng Sơn) as of 2019 with a year of minutes, seeded into SQLite.

``build`` replaces a SQLite file with the district (``district``: units, members, accounts),
its 2019 meetings and minutes (``meetings``) and their reviews, supervision and audit trail
(``reviews``), written with bulk inserts in one transaction. Everything is drawn from seeded
random generators, so a seed always gives the same demo.

The modules import one way, each only from those above it in this list:
``corpus`` (the texts in ``data/*.yaml``), ``dates``, ``names``, ``tree``, ``people``,
``district``, ``store``, ``branches``, ``schedule``, ``ledger``, ``wording``, ``meetings``,
``decisions``, ``reviews``; this module puts them together. Nothing in ``minutes`` imports the
demo except the ``minutes demo`` command; the benchmarks (``bench``) share its names, tree,
members and writing helpers.
"""

from __future__ import annotations

import time

from minutes import migrate
from minutes.auth.passwords import hash_password
from minutes.db import make_engine, make_sessionmaker, utcnow
from minutes.demo import meetings, ratings, reviews, store
from minutes.demo.dates import AS_OF, LOCAL, YEAR
from minutes.demo.district import DEMO_PASSWORD, DemoDistrict, account_lines, member_counts, plan, summary
from minutes.demo.meetings import plan_year
from minutes.demo.reviews import plan_reviews
from minutes.meetings import backfill
from minutes.reports import attendance
from minutes.search import service as search

__all__ = [
    "AS_OF",
    "DEMO_PASSWORD",
    "LOCAL",
    "YEAR",
    "DemoDistrict",
    "account_lines",
    "build",
    "member_counts",
    "plan",
    "plan_reviews",
    "plan_year",
]


def build(url: str, *, seed: int = 2019) -> tuple[list[str], str]:
    """Replace the SQLite file behind ``url`` with the demo district and its 2019 meetings.

    Return the account lines and a summary.
    """
    started = time.perf_counter()
    store.remove_sqlite_database(url)
    migrate.upgrade(url)
    district = plan(seed)
    year = plan_year(district, seed)
    # Decisions change the year's rows (statuses, corrected revisions) before they are written.
    review_rows = plan_reviews(district, year, seed)
    password_hash = hash_password(DEMO_PASSWORD)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            store.insert_district(connection, district, password_hash, utcnow())
            meetings.insert_year(connection, year)
            reviews.insert_reviews(connection, review_rows)
            ratings.insert_ratings(connection, district, seed, utcnow())
        with make_sessionmaker(engine)() as session:
            # The year was written in bulk, not through save_minutes: record, index and count it here.
            backfill.record_missing(session)
            search.reindex(session)
            attendance.retally(session)
            session.commit()
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    return account_lines(district), summary(district, seconds, year.counts(), review_rows.counts())
