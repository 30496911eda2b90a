"""Refresh the Vietnamese catalog from the code and templates: `make messages`.

Keeps every translation already written, adds new message ids untranslated, drops
ids that no longer appear or that another catalog of the folder translates (the search,
audit, classification, import and meetings catalogs are kept by hand), and lists what still
needs a Vietnamese text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "minutes/locale/vi/LC_MESSAGES/messages.po"


def extract() -> Catalog:
    """Message ids used by the code and templates (see babel.cfg)."""
    pot = ROOT / "build/messages.pot"
    pot.parent.mkdir(exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "--omit-header",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def translated_elsewhere() -> set[str]:
    """The ids that the folder's other catalogs translate."""
    ids: set[str] = set()
    for path in CATALOG.parent.glob("*.po"):
        if path != CATALOG:
            with path.open("rb") as handle:
                ids |= {m.id for m in read_po(handle) if m.id and m.string}
    return ids


def refresh(extra: dict[str, str] | None = None) -> list[str]:
    """Rewrite the catalog; return the ids still without a translation."""
    elsewhere = translated_elsewhere()
    existing: dict[str, str] = {}
    if CATALOG.exists():
        with CATALOG.open("rb") as handle:
            existing = {m.id: m.string for m in read_po(handle) if m.id}
    existing.update(extra or {})
    catalog = Catalog(locale="vi", project="minutes", charset="utf-8")
    missing = []
    for message in extract():
        if message.id and message.id not in elsewhere:
            catalog.add(message.id, existing.get(message.id, ""))
            if not existing.get(message.id):
                missing.append(str(message.id))
    with CATALOG.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
    return missing


if __name__ == "__main__":
    for message_id in refresh():
        print("untranslated:", message_id)
