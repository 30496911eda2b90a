"""The standard structures of minutes: every file loads and says what secretaries need."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from minutes.errors import NotFound
from minutes.meetings import structure as structures
from minutes.meetings.structure import (
    PARTS,
    SECTION_KINDS,
    STRUCTURES_DIR,
    available_kinds,
    load_structure,
    structure_in_force,
)

KINDS = ("combined", "extraordinary", "regular", "thematic")
# Rating sheets live beside the structures in rubrics/; only numbered files are structures.
STRUCTURE_FILES = sorted(STRUCTURES_DIR.glob("*/[0-9]*.yaml"))


def _file_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _load(path: Path) -> structures.Structure:
    return load_structure(path.parent.name, int(path.stem))


def test_every_meeting_kind_has_a_structure() -> None:
    assert available_kinds() == KINDS
    assert len(STRUCTURE_FILES) >= len(KINDS)


@pytest.mark.parametrize("path", STRUCTURE_FILES, ids=_file_id)
def test_structure_file_loads_with_its_kind_and_version(path: Path) -> None:
    loaded = _load(path)
    assert (loaded.kind, loaded.version) == (path.parent.name, int(path.stem))
    assert loaded.sections


@pytest.mark.parametrize("path", STRUCTURE_FILES, ids=_file_id)
def test_section_keys_are_unique_snake_case(path: Path) -> None:
    keys = _load(path).keys
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in keys)


@pytest.mark.parametrize("path", STRUCTURE_FILES, ids=_file_id)
def test_sections_have_a_valid_kind_and_run_opening_content_closing(path: Path) -> None:
    loaded = _load(path)
    assert all(section.kind in SECTION_KINDS for section in loaded.sections)
    parts = [PARTS.index(section.part) for section in loaded.sections]
    assert parts == sorted(parts)
    assert {section.part for section in loaded.sections} == set(PARTS)


@pytest.mark.parametrize("path", STRUCTURE_FILES, ids=_file_id)
def test_every_structure_has_a_required_roll_call_conclusion_and_votes(path: Path) -> None:
    loaded = _load(path)
    assert loaded.section("roll_call").kind == "roll_call"
    assert loaded.section("conclusion").required
    assert loaded.section("votes").kind == "votes"
    assert len(loaded.sections_of_kind("roll_call")) == 1
    assert len(loaded.sections_of_kind("votes")) == 1


@pytest.mark.parametrize("path", STRUCTURE_FILES, ids=_file_id)
def test_structure_file_is_written_in_nfc(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize("path", STRUCTURE_FILES, ids=_file_id)
def test_every_section_guides_the_secretary_in_one_to_three_vietnamese_sentences(path: Path) -> None:
    for section in _load(path).sections:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", section.guidance) if s]
        assert 1 <= len(sentences) <= 3, section.key
        assert section.guidance.endswith("."), section.key
        assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", section.guidance)
        assert section.title[0].isupper(), section.key


REGULAR_SECTIONS = [
    # key, kind, required
    ("roll_call", "roll_call", True),
    ("dues", "text", False),
    ("agenda", "text", True),
    ("news", "text", True),
    ("ideology", "text", True),
    ("previous_tasks", "text", True),
    ("ho_chi_minh", "text", False),
    ("opinions", "opinions", True),
    ("next_tasks", "tasks", True),
    ("conclusion", "text", True),
    ("votes", "votes", True),
    ("self_assessment", "text", False),
    ("closing", "text", False),
]


@pytest.mark.parametrize(("key", "kind", "required"), REGULAR_SECTIONS)
def test_regular_meeting_follows_the_hd42_running_order(key: str, kind: str, required: bool) -> None:
    section = structure_in_force("regular").section(key)
    assert (section.kind, section.required) == (kind, required)


def test_regular_sections_come_in_the_order_the_meeting_runs() -> None:
    regular = structure_in_force("regular")
    positions = [regular.keys.index(key) for key, _, _ in REGULAR_SECTIONS]
    assert positions == sorted(positions)
    assert regular.section("roll_call").part == "opening"
    assert regular.section("conclusion").part == "closing"


def test_combined_session_is_the_regular_meeting_plus_the_thematic_presentation_and_discussion() -> None:
    regular = structure_in_force("regular")
    thematic = structure_in_force("thematic")
    combined = structure_in_force("combined")
    assert [k for k in combined.keys if k not in ("presentation", "discussion")] == list(regular.keys)
    assert combined.section("presentation").kind == thematic.section("presentation").kind == "text"
    assert combined.section("discussion").kind == thematic.section("discussion").kind == "opinions"
    assert combined.keys.index("presentation") < combined.keys.index("conclusion")


def test_extraordinary_meeting_decides_its_matters_with_opinions_and_a_vote() -> None:
    extraordinary = structure_in_force("extraordinary")
    assert extraordinary.keys[:2] == ("opening", "roll_call")
    assert extraordinary.section("matters").required
    assert extraordinary.section("opinions").kind == "opinions"
    assert extraordinary.keys[-1] == "closing"


@pytest.mark.parametrize(
    ("kind", "minutes"), [("regular", 90), ("thematic", 90), ("combined", 120), ("extraordinary", 90)]
)
def test_meeting_lasts_at_least_90_minutes_or_120_when_combined(kind: str, minutes: int) -> None:
    assert structure_in_force(kind).min_duration_minutes == minutes


@pytest.mark.parametrize(
    ("kind", "period", "line"),
    [
        ("regular", {"year": 2019, "month": 10}, "sinh hoạt chi bộ thường kỳ tháng 10 năm 2019"),
        ("thematic", {"year": 2019, "quarter": 4}, "sinh hoạt chuyên đề quý IV năm 2019"),
        ("thematic", {"year": 2025, "quarter": 1}, "sinh hoạt chuyên đề quý I năm 2025"),
        (
            "combined",
            {"year": 2025, "month": 3},
            "sinh hoạt chi bộ thường kỳ tháng 3 năm 2025 kết hợp sinh hoạt chuyên đề",
        ),
        ("extraordinary", {"year": 2025, "month": 7}, "sinh hoạt chi bộ bất thường tháng 7 năm 2025"),
    ],
)
def test_summary_line_under_the_title_names_the_period(kind: str, period: dict[str, int], line: str) -> None:
    assert structure_in_force(kind).summary_line(**period) == line


def test_text_sections_are_those_written_as_free_text() -> None:
    regular = structure_in_force("regular")
    keys = [section.key for section in regular.text_sections()]
    assert "news" in keys and "conclusion" in keys
    assert not {"roll_call", "opinions", "next_tasks", "votes"} & set(keys)


def test_asking_for_a_section_the_structure_lacks_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        structure_in_force("thematic").section("dues")
    assert not structure_in_force("thematic").has_section("dues")
    assert structure_in_force("thematic").position("dues") is None


@pytest.mark.parametrize(
    ("kind", "version"), [("annual", 1), ("regular", 99), ("../regular", 1), ("", 1), ("regular", 0)]
)
def test_unknown_kind_or_version_is_not_found(kind: str, version: int) -> None:
    with pytest.raises(NotFound):
        load_structure(kind, version)


def test_structure_in_force_for_an_unknown_kind_is_not_found() -> None:
    with pytest.raises(NotFound) as raised:
        structure_in_force("annual")
    assert raised.value.params == {"kind": "annual"}


def test_loading_twice_returns_the_cached_structure() -> None:
    assert load_structure("regular", 1) is load_structure("regular", 1)


def test_structure_is_shown_with_its_sections_for_the_api() -> None:
    shown = structure_in_force("regular").to_dict()
    assert shown["kind"] == "regular" and shown["version"] == 1
    assert shown["sections"][1]["key"] == "roll_call"
    assert set(shown["sections"][0]) == {"key", "title", "part", "required", "kind", "guidance"}


@pytest.fixture
def structures_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loader at a scratch folder, with empty caches before and after."""
    monkeypatch.setattr(structures, "STRUCTURES_DIR", tmp_path)
    _clear_caches()
    yield tmp_path
    _clear_caches()


def _clear_caches() -> None:
    structures.available_kinds.cache_clear()
    structures.load_structure.cache_clear()


def _write(folder: Path, kind: str, version: int, title: str, sections: str | None = None) -> None:
    (folder / kind).mkdir(exist_ok=True)
    (folder / kind / f"{version}.yaml").write_text(
        f"kind: {kind}\nversion: {version}\ntitle: {title}\nsummary: s\nmin_duration_minutes: 90\n"
        + (
            sections
            or "sections:\n"
            "  - {key: a, title: A, part: opening, required: true, kind: text, guidance: G.}\n"
            "  - {key: b, title: B, part: content, required: true, kind: text, guidance: G.}\n"
        ),
        encoding="utf-8",
    )


def test_a_new_version_comes_into_force_and_old_minutes_keep_theirs(structures_dir: Path) -> None:
    _write(structures_dir, "regular", 1, "Old")
    _write(structures_dir, "regular", 2, "New")
    _write(structures_dir, "regular", 10, "Newest")
    assert structure_in_force("regular").title == "Newest"
    assert load_structure("regular", 2).title == "New"
    assert load_structure("regular", 1).title == "Old"


@pytest.mark.parametrize(
    "sections",
    [
        "sections:\n"
        "  - {key: a, title: A, part: opening, required: true, kind: text, guidance: G.}\n"
        "  - {key: a, title: A, part: content, required: true, kind: text, guidance: G.}\n",
        "sections:\n  - {key: a, title: A, part: opening, required: true, kind: table, guidance: G.}\n",
        "sections:\n"
        "  - {key: a, title: A, part: closing, required: true, kind: text, guidance: G.}\n"
        "  - {key: b, title: B, part: opening, required: true, kind: text, guidance: G.}\n",
        "sections:\n  - {key: A-b, title: A, part: opening, required: true, kind: text, guidance: G.}\n",
        "sections:\n  - {key: a, title: A, part: opening, required: yes please, kind: text, guidance: G.}\n",
        "sections:\n  - {key: a, title: A, part: opening, required: true, kind: text}\n",
        "sections: []\n",
    ],
    ids=[
        "duplicate key",
        "unknown kind",
        "closing before opening",
        "bad key",
        "bad flag",
        "no guidance",
        "empty",
    ],
)
def test_a_malformed_structure_file_fails_loudly(structures_dir: Path, sections: str) -> None:
    _write(structures_dir, "regular", 1, "Broken", sections)
    with pytest.raises(ValueError, match=r"1\.yaml"):
        load_structure("regular", 1)


def test_a_file_whose_version_does_not_match_its_name_fails_loudly(structures_dir: Path) -> None:
    _write(structures_dir, "regular", 1, "Misnamed")
    (structures_dir / "regular" / "1.yaml").rename(structures_dir / "regular" / "3.yaml")
    with pytest.raises(ValueError, match="must match"):
        load_structure("regular", 3)
