"""Pure rules of the yearly classification: levels, points bands, notes, legacy labels, tallies.

DOMAIN A.12 and B.7 (QĐ 366-QĐ/TW): four levels for organisations and members, a
100-point frame (≥ 90, 70–89, 50–69, < 50), "not evaluated" kept with its reason, and
percentages taken of those evaluated, always shown with their denominator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from minutes import i18n
from minutes.i18n import N_, gettext, nfc

LEVELS = ("excellent", "good", "completed", "not_completed", "not_evaluated")
EVALUATED_LEVELS = LEVELS[:4]
NOT_EVALUATED = "not_evaluated"
LEVEL_TITLES = {
    "excellent": N_("Completed tasks excellently"),
    "good": N_("Completed tasks well"),
    "completed": N_("Completed tasks"),
    "not_completed": N_("Did not complete tasks"),
    "not_evaluated": N_("Not evaluated"),
}
# The lowest points of each band, best first (QĐ 366 art. 11); MINUTES_CLASSIFICATION_BANDS sets others.
Bands = tuple[tuple[int, str], ...]
BANDS: Bands = ((90, "excellent"), (70, "good"), (50, "completed"), (0, "not_completed"))
MAX_POINTS = 100
MAX_NOTE = 2000
# Pre-2018 labels for organisations (DOMAIN B.7 "older terms"), folded; each maps to
# today's band only with a note, because the two are not identical (DOMAIN A.12).
LEGACY_LABELS = {
    "trong sach vung manh": "excellent",
    "trong sach vung manh tieu bieu": "excellent",
    "yeu kem": "not_completed",
    # A member's levels before QĐ 366: "đủ tư cách …" and "vi phạm tư cách …".
    "du tu cach hoan thanh xuat sac nhiem vu": "excellent",
    "du tu cach hoan thanh tot nhiem vu": "good",
    "du tu cach hoan thanh nhiem vu": "completed",
    "du tu cach nhung khong hoan thanh nhiem vu": "not_completed",
    "vi pham tu cach hoac khong hoan thanh nhiem vu": "not_completed",
    "vi pham tu cach": "not_completed",
}
# What people write in a spreadsheet for each level, folded (see `fold`).
LEVEL_NAMES = {
    **{code.replace("_", " "): code for code in LEVELS},
    "hoan thanh xuat sac nhiem vu": "excellent", "hoan thanh xuat sac": "excellent",
    "xuat sac": "excellent", "htxsnv": "excellent",
    "hoan thanh tot nhiem vu": "good", "hoan thanh tot": "good", "tot": "good", "httnv": "good",
    "hoan thanh nhiem vu": "completed", "hoan thanh": "completed", "htnv": "completed",
    "khong hoan thanh nhiem vu": "not_completed", "khong hoan thanh": "not_completed",
    "khtnv": "not_completed",
    "khong danh gia xep loai": "not_evaluated", "khong danh gia": "not_evaluated",
    "khong xep loai": "not_evaluated", "chua danh gia": "not_evaluated",
    "chua xep loai": "not_evaluated", "chua danh gia xep loai": "not_evaluated",
}  # fmt: skip
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def level_title(level: str) -> str:
    """The level's official name in the current language."""
    return gettext(LEVEL_TITLES[level]) if level in LEVEL_TITLES else level


def bands_of(lowest: tuple[int, int, int]) -> Bands:
    """The bands whose excellent, good and completed levels start at the points given."""
    return (*zip(lowest, EVALUATED_LEVELS, strict=False), (0, "not_completed"))


def suggest_level(points: int, bands: Bands = BANDS) -> str:
    """The level whose band holds the points (by default ≥ 90, 70–89, 50–69, below 50)."""
    return next(level for lowest, level in bands if points >= lowest)


def fold(text: str) -> str:
    """Folded words (see i18n.fold) with punctuation as spaces, for matching."""
    return " ".join(re.sub(r"[\W_]+", " ", i18n.fold(text)).split())


def parse_level(text: str) -> str | None:
    """The level named by a code or a Vietnamese name, with or without diacritics; None if unknown."""
    return LEVEL_NAMES.get(fold(text))


def legacy_level(label: str) -> str | None:
    """Today's level for a pre-2018 label ("trong sạch vững mạnh" → excellent), or None."""
    return LEGACY_LABELS.get(fold(label))


def clean_note(note: str | None) -> str | None:
    """A note in NFC with its white space trimmed; None when empty."""
    text = nfc(note or "").strip()
    return text or None


def problems(
    *,
    level: str | None,
    points: int | None,
    note: str | None,
    legacy_label: str | None = None,
    bands: Bands = BANDS,
) -> list[dict[str, Any]]:
    """Field problems of one classification (fields: level, points, note, legacy_label)."""
    details: list[dict[str, Any]] = []

    def add(field: str, message: str, **params: object) -> None:
        details.append({"field": field, "message": message, "params": params})

    if not level:
        add("level", N_("Choose a level, or enter the points so that the level can be suggested."))
    elif level not in LEVELS:
        add("level", N_("«{value}» is not a level. Choose one of: {choices}."), value=level,
            choices=", ".join(LEVELS))  # fmt: skip
    if points is not None and not 0 <= points <= MAX_POINTS:
        add("points", N_("The points must be a whole number from 0 to 100."))
    elif points is not None and level == NOT_EVALUATED:
        add("points", N_("Someone not evaluated has no points. Remove the points or choose a level."))
    elif points is not None and level in EVALUATED_LEVELS and suggest_level(points, bands) != level:
        band = suggest_level(points, bands)
        if EVALUATED_LEVELS.index(level) < EVALUATED_LEVELS.index(band):
            add("level", N_("{points} points fall in the band «{expected}», not «{given}». Correct the points or the level."),
                points=points, expected=level_title(band), given=level_title(level))  # fmt: skip
        elif not note:
            # The rules add conditions beyond points (QĐ 366): a lower level is the reviewer's to
            # choose, with the reason written down (DOMAIN A.12).
            add("note", N_("{points} points fall in the band «{expected}». To give the lower level «{given}», write the reason in the note (for example: a member was disciplined this year)."),
                points=points, expected=level_title(band), given=level_title(level))  # fmt: skip
    if level == NOT_EVALUATED and not note:
        add(
            "note",
            N_("Write why there is no evaluation (for example: formed this year, exempt from activities)."),
        )
    if note and len(note) > MAX_NOTE:
        add("note", N_("The note may have at most 2,000 characters."))
    if legacy_label:
        details.extend(_legacy_problems(level=level, note=note, label=legacy_label))
    return details


def _legacy_problems(*, level: str | None, note: str | None, label: str) -> list[dict[str, Any]]:
    mapped = legacy_level(label)
    if mapped is None:
        message = N_(
            "«{value}» is not a known older label. Known: trong sạch vững mạnh, yếu kém; for members, "
            "đủ tư cách hoàn thành xuất sắc / tốt nhiệm vụ, đủ tư cách hoàn thành nhiệm vụ, vi phạm tư cách."
        )
        return [{"field": "legacy_label", "message": message, "params": {"value": label}}]
    details: list[dict[str, Any]] = []
    if level in LEVELS and level != mapped:
        message = N_("The older label «{value}» corresponds to «{expected}» today, not «{given}».")
        params = {"value": label, "expected": level_title(mapped), "given": level_title(level)}
        details.append({"field": "legacy_label", "message": message, "params": params})
    if not note:
        message = N_(
            "Write a note when an older label «{value}» is counted as today's level: the two are not identical."
        )
        details.append({"field": "note", "message": message, "params": {"value": label}})
    return details


@dataclass(frozen=True)
class Share:
    """How many were given a level, and their percent of those evaluated (None if nobody was)."""

    count: int
    percent: Decimal | None


@dataclass(frozen=True)
class Tally:
    """Counts per level; percents are of ``evaluated``, the denominator shown beside them."""

    levels: dict[str, Share]
    evaluated: int
    not_evaluated: int
    without_entry: int = 0

    @property
    def total(self) -> int:
        """Everyone counted: evaluated, not evaluated with a reason, and not entered yet."""
        return self.evaluated + self.not_evaluated + self.without_entry


def percent(count: int, of: int) -> Decimal | None:
    """count ÷ of × 100 to two decimals, halves rounded up (25 of 68 → 36.76); None when of is 0."""
    if of == 0:
        return None
    return (Decimal(count) * HUNDRED / Decimal(of)).quantize(CENT, rounding=ROUND_HALF_UP)


def tally(levels: list[str], *, without_entry: int = 0) -> Tally:
    """Count the levels; the percent of each is taken of those evaluated (not_evaluated left out)."""
    unknown = set(levels) - set(LEVELS)
    if unknown:
        raise ValueError(f"unknown levels: {sorted(unknown)}")
    counts = {level: levels.count(level) for level in LEVELS}
    evaluated = sum(counts[level] for level in EVALUATED_LEVELS)
    return Tally(
        levels={level: Share(counts[level], percent(counts[level], evaluated)) for level in EVALUATED_LEVELS},
        evaluated=evaluated,
        not_evaluated=counts[NOT_EVALUATED],
        without_entry=without_entry,
    )
