"""The pure rules of the yearly classification: bands, notes, older labels, percentages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minutes.classification import rules


@pytest.mark.parametrize(
    ("count", "of", "expected"),
    [
        (25, 68, Decimal("36.76")),  # the district figure of the source article (DOMAIN A.12)
        (1, 3, Decimal("33.33")),
        (2, 3, Decimal("66.67")),
        (1, 800, Decimal("0.13")),  # 0.125: halves go up, not to the even digit
        (68, 68, Decimal("100.00")),
        (0, 68, Decimal("0.00")),
        (0, 0, None),  # nobody evaluated: no percent rather than a made-up 0
    ],
)
def test_percent_of_those_evaluated_has_two_exact_decimals(
    count: int, of: int, expected: Decimal | None
) -> None:
    assert rules.percent(count, of) == expected


def test_the_district_tally_gives_25_of_68_as_36_76_with_not_evaluated_left_out() -> None:
    levels = ["excellent"] * 25 + ["good"] * 30 + ["completed"] * 10 + ["not_completed"] * 3
    tally = rules.tally([*levels, "not_evaluated", "not_evaluated"], without_entry=4)
    assert tally.evaluated == 68
    assert tally.not_evaluated == 2
    assert tally.without_entry == 4
    assert tally.total == 74
    assert tally.levels["excellent"] == rules.Share(25, Decimal("36.76"))
    assert tally.levels["not_completed"] == rules.Share(3, Decimal("4.41"))
    assert list(tally.levels) == ["excellent", "good", "completed", "not_completed"]


def test_an_empty_tally_has_no_percents() -> None:
    tally = rules.tally(["not_evaluated"])
    assert (tally.evaluated, tally.not_evaluated) == (0, 1)
    assert all(share == rules.Share(0, None) for share in tally.levels.values())


def test_a_tally_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="unknown levels"):
        rules.tally(["excellent", "trong sach"])


@pytest.mark.parametrize(
    ("points", "level"),
    [
        (100, "excellent"),
        (90, "excellent"),
        (89, "good"),
        (70, "good"),
        (69, "completed"),
        (50, "completed"),
        (49, "not_completed"),
        (0, "not_completed"),
    ],
)
def test_points_fall_in_their_band_with_ties_going_up(points: int, level: str) -> None:
    assert rules.suggest_level(points) == level
    assert rules.problems(level=level, points=points, note=None) == []


def _fields(**kwargs: object) -> list[str]:
    return [detail["field"] for detail in rules.problems(**kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"level": "good", "points": 90, "note": None}, ["note"]),  # lower than the points: why?
        ({"level": "good", "points": 92, "note": "Có đảng viên bị kỷ luật"}, []),
        ({"level": "excellent", "points": 89, "note": None}, ["level"]),  # higher: never
        ({"level": "excellent", "points": 89, "note": "Có thành tích"}, ["level"]),
        ({"level": "completed", "points": 70, "note": None}, ["note"]),
        ({"level": "not_completed", "points": 50, "note": None}, ["note"]),
        ({"level": "good", "points": 101, "note": None}, ["points"]),
        ({"level": "good", "points": -1, "note": None}, ["points"]),
        ({"level": "very_good", "points": None, "note": None}, ["level"]),
        ({"level": None, "points": None, "note": None}, ["level"]),
        ({"level": "not_evaluated", "points": None, "note": None}, ["note"]),
        ({"level": "not_evaluated", "points": None, "note": "Thành lập tháng 11"}, []),
        ({"level": "not_evaluated", "points": 60, "note": "Mới thành lập"}, ["points"]),
        ({"level": "good", "points": None, "note": "x" * 2001}, ["note"]),
        ({"level": "good", "points": None, "note": None}, []),
    ],
)
def test_each_problem_names_its_field(kwargs: dict[str, object], fields: list[str]) -> None:
    assert _fields(**kwargs) == fields


def test_a_mismatch_says_which_band_the_points_fall_in() -> None:
    (detail,) = rules.problems(level="good", points=92, note=None)
    assert detail["params"]["points"] == 92
    assert detail["params"]["expected"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert detail["params"]["given"] == "Hoàn thành tốt nhiệm vụ"


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"level": "excellent", "note": "Nhãn cũ theo HD 2016, tương đương mức cao nhất"}, []),
        ({"level": "excellent", "note": None}, ["note"]),  # only with a note (DOMAIN A.12)
        ({"level": "good", "note": "ghi chú"}, ["legacy_label"]),  # the label maps to the top band
        ({"level": "not_completed", "note": "ghi chú", "legacy_label": "Yếu kém"}, []),
        ({"level": "excellent", "note": "ghi chú", "legacy_label": "tốt lắm"}, ["legacy_label"]),
    ],
)
def test_an_older_label_maps_to_todays_level_only_with_a_note(
    kwargs: dict[str, object], fields: list[str]
) -> None:
    arguments = {"points": None, "legacy_label": "Trong sạch vững mạnh", **kwargs}
    assert _fields(**arguments) == fields
    assert rules.legacy_level("TRONG SẠCH VỮNG MẠNH") == "excellent"
    assert rules.legacy_level("trong sach vung manh tieu bieu") == "excellent"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Hoàn thành xuất sắc nhiệm vụ", "excellent"),
        ("hoan thanh xuat sac nhiem vu", "excellent"),
        ("HOÀN THÀNH TỐT NHIỆM VỤ", "good"),
        ("Hoàn thành nhiệm vụ", "completed"),
        ("Không hoàn thành nhiệm vụ", "not_completed"),
        ("Không đánh giá, xếp loại", "not_evaluated"),
        ("not_completed", "not_completed"),
        ("Trong sạch vững mạnh", None),  # an older label is not today's level name
        ("Xuất sắc lắm", None),
    ],
)
def test_level_names_are_read_without_regard_to_accents_or_case(text: str, level: str | None) -> None:
    assert rules.parse_level(text) == level


def test_every_level_has_a_vietnamese_title() -> None:
    assert [rules.level_title(level) for level in rules.LEVELS] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
        "Không đánh giá, xếp loại",
    ]
