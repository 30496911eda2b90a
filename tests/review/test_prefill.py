"""HD 42's points that the minutes measure (DOMAIN B.6.2): the bands, read from the sheet's guidance."""

from __future__ import annotations

import datetime as dt

import pytest

from minutes.review import prefill

EVENING = dt.datetime(2019, 10, 5, 19, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.mark.parametrize(
    ("lasted", "points"),
    [(105, 5), (90, 5), (75, 4), (74, 3), (60, 3), (59, 2), (45, 2), (44, 1)],
)
def test_a_meeting_short_of_its_length_loses_points_by_the_sheets_bands(lasted: int, points: int) -> None:
    found = prefill.duration_points(EVENING, EVENING + dt.timedelta(minutes=lasted), shortest=90)
    assert found is not None and found.points == points and found.params["lasted"] == lasted


def test_without_a_closing_time_the_length_is_left_to_the_reviewer() -> None:
    assert prefill.duration_points(EVENING, None, shortest=90) is None
    assert prefill.duration_points(EVENING, EVENING + dt.timedelta(minutes=60), shortest=0) is None


@pytest.mark.parametrize(
    ("rate", "unexcused", "points"),
    [(0.95, 0, 4), (0.90, 0, 4), (0.875, 0, 3), (0.75, 0, 3), (0.70, 0, 2), (0.60, 0, 1), (0.95, 1, 1)],
)
def test_attendance_points_follow_the_rate_and_anyone_absent_without_reason(
    rate: float, unexcused: int, points: int
) -> None:
    found = prefill.attendance_points(rate, unexcused)
    assert found is not None and found.points == points


@pytest.mark.parametrize(
    ("verdicts", "points"),
    [
        (["done"] * 9 + ["partly"], 30),
        (["done"] * 4 + ["not_done"], 27),
        (["done", "done", "not_done"], 20),
        (["done", "not_done"], 15),
        (["partly", "not_done"], 10),
    ],
)
def test_results_points_follow_the_share_of_last_months_tasks_done(verdicts: list[str], points: int) -> None:
    found = prefill.results_points(verdicts)
    assert found is not None and found.points == points


def test_nothing_is_measured_on_another_provinces_sheet() -> None:
    common = {"started": EVENING, "ended": EVENING + dt.timedelta(minutes=100), "shortest": 90}
    assert set(prefill.measured("hd42", rate=0.9, absent_unexcused=0, verdicts=["done"], **common)) == {
        "duration",
        "attendance",
        "results",
    }
    assert prefill.measured("lang_son", rate=0.9, absent_unexcused=0, verdicts=["done"], **common) == {}
