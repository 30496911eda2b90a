"""The demo's Vietnamese texts, read from the YAML files in ``data/`` when the package loads.

The files hold words only (names, places, sentences, templates); the numbers that shape the
district and its year stay in the modules that draw them. Each file is read once, checked for
the shapes the generators expect, and turned into tuples, dicts and small frozen records in the
order it lists them: the random draws walk these sequences, so their order is part of the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Season:
    """Two months of a kind of branch: the focus of the meetings, moods and tasks."""

    focus: str
    ideology: tuple[str, ...]
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """A thematic meeting's subject."""

    title: str
    short: str
    summary: str
    document: str
    resolve: str


@dataclass(frozen=True)
class Delegate:
    """An upper-level committee member who attends some meetings of a branch."""

    name: str
    post: str
    level: str


# A hand-written member: name, sex, birth year, joined, exempt from (None: not exempt).
FixedRow = tuple[str, str, int, dt.date, dt.date | None]


def load(name: str) -> dict[str, Any]:
    """One data file as YAML gives it."""
    data = yaml.load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"demo data {name}.yaml: a mapping expected")
    return data


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"demo data: a text expected, not {value!r}")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"demo data: a list of texts expected, not {value!r}")
    return tuple(_text(item) for item in value)


def _by_kind(value: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {_text(kind): _texts(texts) for kind, texts in value.items()}


def _by_month(value: dict[int, Any]) -> dict[int, str]:
    return {int(month): _text(text) for month, text in value.items()}


def _date(value: Any) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValueError(f"demo data: a date expected, not {value!r}")
    return value


def _fixed_row(row: list[Any]) -> FixedRow:
    name, sex, born, joined, exempt_from = row
    return (_text(name), _text(sex), int(born), _date(joined), _date(exempt_from) if exempt_from else None)


def _topic(value: dict[str, Any]) -> Topic:
    return Topic(**{key: _text(text) for key, text in value.items()})


# --- The district and its people ----------------------------------------------------------

_district = load("district")
TOWNS = _texts(_district["towns"])
COMMUNES = _texts(_district["communes"])
VILLAGE_PREFIXES = _texts(_district["village_prefixes"])
VILLAGE_SYLLABLES = _texts(_district["village_syllables"])
# Directly under the district: committees (name, branch type, branches), then single branches.
DISTRICT_COMMITTEES: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (_text(c["name"]), _text(c["type"]), _texts(c["branches"])) for c in _district["committees"]
)
DISTRICT_BRANCHES: tuple[tuple[str, str], ...] = tuple(
    (name, _text(kind)) for kind, names in _district["branches"].items() for name in _texts(names)
)

_names = load("names")
SURNAMES: dict[str, int] = {_text(name): int(weight) for name, weight in _names["surnames"].items()}
MIDDLE: dict[str, tuple[str, ...]] = {
    _text(sex): tuple(_text(name) for name, times in counts.items() for _ in range(int(times)))
    for sex, counts in _names["middle"].items()
}
GIVEN = _by_kind(_names["given"])
AVOIDED_NAMES = frozenset(_texts(_names["avoided"]))

# --- Nà Noong, the branch of the sample minutes --------------------------------------------

_na_noong = load("na_noong")
NA_NOONG_MEMBERS = tuple(_fixed_row(row) for row in _na_noong["members"])
MINH_PHAT_REVIEWER = _fixed_row(_na_noong["minh_phat_reviewer"])
NA_NOONG_DELEGATE = Delegate(**{key: _text(text) for key, text in _na_noong["delegate"].items()})
# Month → member name → roll-call line (status, reason).
NA_NOONG_ROLL: dict[int, dict[str, tuple[str, str | None]]] = {
    int(month): {_text(name): (_text(line["status"]), line["reason"]) for name, line in lines.items()}
    for month, lines in _na_noong["roll"].items()
}
# Month → tasks (title, assignee, deadline, note).
NA_NOONG_TASKS: dict[int, tuple[tuple[str, str, dt.date, str | None], ...]] = {
    int(month): tuple(
        (_text(task["title"]), _text(task["assignee"]), _date(task["due"]), task["note"]) for task in tasks
    )
    for month, tasks in _na_noong["tasks"].items()
}
# Month → task title → verdict (status, note).
NA_NOONG_VERDICTS: dict[int, dict[str, tuple[str, str]]] = {
    int(month): {_text(title): (_text(v["status"]), _text(v["note"])) for title, v in verdicts.items()}
    for month, verdicts in _na_noong["verdicts"].items()
}
NA_NOONG_SECTIONS: dict[str, str] = {_text(key): _text(text) for key, text in _na_noong["sections"].items()}
NA_NOONG_OPINIONS: tuple[tuple[str | None, str], ...] = tuple(
    (o["speaker"], _text(o["text"])) for o in _na_noong["opinions"]
)
NA_NOONG_SAMPLE_VOTES = int(_na_noong["sample_votes"])
NA_NOONG_SELF_SCORE = int(_na_noong["self_score"])

# --- The meetings of the year ----------------------------------------------------------------

_seasons = load("seasons")
SEASONS: dict[str, tuple[Season, ...]] = {
    _text(kind): tuple(Season(_text(s["focus"]), _texts(s["ideology"]), _texts(s["tasks"])) for s in seasons)
    for kind, seasons in _seasons["seasons"].items()
}
# Tasks that belong to one month only (dated events), offered before the season's tasks.
MONTH_TASKS: dict[str, dict[int, str]] = {
    _text(kind): _by_month(tasks) for kind, tasks in _seasons["month_tasks"].items()
}

_topics = load("topics")
CHUYEN_DE_2019 = _text(_topics["chuyen_de_2019"])
_named = {_text(key): _topic(value) for key, value in _topics["topics"].items()}
HCM_2019 = _named["hcm_2019"]
# Thematic topics by quarter: "all" for every kind of branch, then by kind.
THEMATIC: dict[int, dict[str, tuple[Topic, ...]]] = {
    int(quarter): {
        _text(kind): tuple(_named[t] if isinstance(t, str) else _topic(t) for t in topics)
        for kind, topics in kinds.items()
    }
    for quarter, kinds in _topics["thematic"].items()
}

_meetings = load("meetings")
NATIONAL_NEWS = _by_month(_meetings["national_news"])
DOCUMENTS = _by_month(_meetings["documents"])
GOOD_DEEDS = _by_kind(_meetings["good_deeds"])
WEAKNESSES = _by_kind(_meetings["weaknesses"])
CONCERNS = _by_kind(_meetings["concerns"])
NOT_DONE_CAUSES = _by_kind(_meetings["not_done_causes"])
EXCUSES = _by_kind(_meetings["excuses"])
# (reason, months it fits; empty for any month)
NOT_HELD_REASONS: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {
    _text(kind): tuple((_text(r["reason"]), tuple(int(m) for m in r["months"])) for r in reasons)
    for kind, reasons in _meetings["not_held_reasons"].items()
}
DONE_NOTES = _texts(_meetings["done_notes"])
PARTLY_NOTES = _texts(_meetings["partly_notes"])
REGULAR_OPINIONS = _texts(_meetings["regular_opinions"])
THEMATIC_OPINIONS = _texts(_meetings["thematic_opinions"])
DELEGATE_OPINION = _text(_meetings["delegate_opinion"])
THEMATIC_TASKS = _texts(_meetings["thematic_tasks"])

# --- Reviews -----------------------------------------------------------------------------------

_reviews = load("reviews")
# Section → (the reviewer's comment, what the branch added).
CORRECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    _text(section): tuple((_text(c["comment"]), _text(c["added"])) for c in choices)
    for section, choices in _reviews["corrections"].items()
}
NEWS_COMMENT = _text(_reviews["news_comment"])
THEMATIC_CONCLUSION = (
    _text(_reviews["thematic_conclusion"]["comment"]),
    _text(_reviews["thematic_conclusion"]["added"]),
)
DOCUMENT_CODES: dict[str, str] = {_text(k): _text(v) for k, v in _reviews["document_codes"].items()}
ACCEPT_NOTES = _texts(_reviews["accept_notes"])
MODEL_OBSERVERS = _texts(_reviews["model_observers"])
MODEL_STRENGTHS = _texts(_reviews["model_strengths"])
MODEL_LESSONS = _texts(_reviews["model_lessons"])
