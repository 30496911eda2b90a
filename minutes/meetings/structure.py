"""Standard structures of minutes (DOMAIN A.4): versioned, one per meeting kind, kept as YAML.

A minutes records the structure version it was written against, so a new version is a new
file (``structures/<kind>/<version>.yaml``) and old files are never edited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from minutes.errors import NotFound
from minutes.i18n import N_, nfc

STRUCTURES_DIR = Path(__file__).parent.parent / "structures"

Part = Literal["opening", "content", "closing"]
SectionKind = Literal["text", "roll_call", "opinions", "tasks", "votes"]
PARTS: tuple[str, ...] = ("opening", "content", "closing")
SECTION_KINDS: tuple[str, ...] = ("text", "roll_call", "opinions", "tasks", "votes")
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION_FILE = re.compile(r"^([1-9][0-9]*)\.yaml$")
_Fail = Callable[[str], ValueError]


@dataclass(frozen=True)
class Section:
    """One section of a minutes, in the order the meeting runs."""

    key: str
    title: str
    part: Part
    required: bool
    kind: SectionKind
    guidance: str

    def to_dict(self) -> dict[str, Any]:
        """Return the section as the API shows it."""
        return {
            "key": self.key,
            "title": self.title,
            "part": self.part,
            "required": self.required,
            "kind": self.kind,
            "guidance": self.guidance,
        }


@dataclass(frozen=True)
class Structure:
    """The standard structure of one meeting kind, at one version."""

    kind: str
    version: int
    title: str
    summary: str
    min_duration_minutes: int
    sections: tuple[Section, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the section keys in order."""
        return tuple(section.key for section in self.sections)

    def has_section(self, key: str) -> bool:
        """Tell whether the structure has a section with this key."""
        return key in self.keys

    def section(self, key: str) -> Section:
        """Return the section with this key; KeyError if there is none."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"{self.kind} v{self.version} has no section {key!r}")

    def position(self, key: str) -> int | None:
        """Return the index of a section in the running order, or None."""
        return self.keys.index(key) if key in self.keys else None

    def sections_of_kind(self, kind: str) -> tuple[Section, ...]:
        """Return the sections of one kind (text, roll_call, ...) in order."""
        return tuple(section for section in self.sections if section.kind == kind)

    def first_of_kind(self, kind: str) -> Section | None:
        """Return the first section of one kind, or None."""
        found = self.sections_of_kind(kind)
        return found[0] if found else None

    def text_sections(self) -> tuple[Section, ...]:
        """Return the sections whose content is free text kept under ``sections``."""
        return self.sections_of_kind("text")

    def summary_line(self, *, year: int, month: int | None = None, quarter: int | None = None) -> str:
        """Return the line under "BIÊN BẢN", e.g. "sinh hoạt chuyên đề quý IV năm 2019"."""
        roman = ROMAN_QUARTERS.get(quarter) if quarter is not None else None
        return self.summary.format(year=year, month=month, quarter=roman)

    def to_dict(self) -> dict[str, Any]:
        """Return the structure as ``GET /structures/{kind}`` shows it."""
        return {
            "kind": self.kind,
            "version": self.version,
            "title": self.title,
            "min_duration_minutes": self.min_duration_minutes,
            "sections": [section.to_dict() for section in self.sections],
        }


@cache
def available_kinds() -> tuple[str, ...]:
    """Return the meeting kinds that have at least one structure, sorted."""
    if not STRUCTURES_DIR.is_dir():
        return ()
    return tuple(
        sorted(path.name for path in STRUCTURES_DIR.iterdir() if path.is_dir() and _versions_in(path))
    )


def available_versions(kind: str) -> tuple[int, ...]:
    """Return the versions of a kind's structure, oldest first (empty for an unknown kind)."""
    # Checking against the listed kinds first keeps user input out of the file path.
    if kind not in available_kinds():
        return ()
    return _versions_in(STRUCTURES_DIR / kind)


@cache
def load_structure(kind: str, version: int) -> Structure:
    """Return one version of a kind's structure; NotFound if there is no such file."""
    if version not in available_versions(kind):
        raise NotFound(
            N_(
                "There is no standard structure for meeting kind {kind}, version {version}. "
                "Report this to the administrator."
            ),
            kind=kind,
            version=version,
        )
    path = STRUCTURES_DIR / kind / f"{version}.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return _parse_structure(data, kind=kind, version=version, origin=path)


def structure_in_force(kind: str) -> Structure:
    """Return the newest version of a kind's structure, the one new minutes use."""
    versions = available_versions(kind)
    if not versions:
        raise NotFound(
            N_(
                "There is no standard structure for meeting kind {kind}. "
                "Choose regular, thematic, combined or extraordinary."
            ),
            kind=kind,
        )
    return load_structure(kind, versions[-1])


def _versions_in(directory: Path) -> tuple[int, ...]:
    matches = (_VERSION_FILE.match(path.name) for path in directory.iterdir())
    return tuple(sorted(int(match.group(1)) for match in matches if match))


def _parse_structure(data: Any, *, kind: str, version: int, origin: Path) -> Structure:
    # A malformed file is a programming error, so it fails loudly with the file named.
    def fail(problem: str) -> ValueError:
        return ValueError(f"{origin}: {problem}")

    if not isinstance(data, dict):
        raise fail("expected a mapping at the top level")
    if data.get("kind") != kind or data.get("version") != version:
        raise fail("kind and version must match the file's folder and name")
    sections = tuple(_parse_section(raw, fail) for raw in data.get("sections") or ())
    _check_section_order(sections, fail)
    minimum = data.get("min_duration_minutes")
    if not isinstance(minimum, int) or minimum <= 0:
        raise fail("min_duration_minutes must be a positive integer")
    return Structure(
        kind=kind,
        version=version,
        title=nfc(_text(data, "title", fail)),
        summary=nfc(_text(data, "summary", fail)),
        min_duration_minutes=minimum,
        sections=sections,
    )


def _parse_section(raw: Any, fail: _Fail) -> Section:
    if not isinstance(raw, dict):
        raise fail("each section must be a mapping")
    key = _text(raw, "key", fail)
    if not _KEY.match(key):
        raise fail(f"section key {key!r} is not snake_case")
    if raw.get("part") not in PARTS:
        raise fail(f"section {key!r}: part must be one of {PARTS}")
    if raw.get("kind") not in SECTION_KINDS:
        raise fail(f"section {key!r}: kind must be one of {SECTION_KINDS}")
    if not isinstance(raw.get("required"), bool):
        raise fail(f"section {key!r}: required must be true or false")
    return Section(
        key=key,
        title=nfc(_text(raw, "title", fail)),
        part=raw["part"],
        required=raw["required"],
        kind=raw["kind"],
        guidance=nfc(" ".join(_text(raw, "guidance", fail).split())),
    )


def _check_section_order(sections: tuple[Section, ...], fail: _Fail) -> None:
    if not sections:
        raise fail("a structure needs at least one section")
    keys = [section.key for section in sections]
    if len(set(keys)) != len(keys):
        raise fail("section keys must be unique")
    parts = [PARTS.index(section.part) for section in sections]
    if parts != sorted(parts):
        raise fail("sections must run opening, then content, then closing")


def _text(data: dict[str, Any], name: str, fail: _Fail) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{name} must be non-empty text")
    return value.strip()
