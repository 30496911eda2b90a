"""A plain `pip install .` gives a working app: everything it reads travels in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_templates_static_files_migrations_structures_and_catalogs(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("minutes-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "minutes/templates/base.html",
        "minutes/templates/meetings/minutes.html",
        "minutes/static/style.css",
        "minutes/static/minutes-form.js",
        "minutes/migrations/env.py",
        "minutes/migrations/script.py.mako",
        "minutes/structures/regular/1.yaml",
        "minutes/locale/vi/LC_MESSAGES/messages.po",
        "minutes/auth/data/common-passwords.txt.xz",
        "minutes/auth/data/vietnamese-words.txt",
        "minutes/demo/data/seasons.yaml",
        "minutes/templates/_macros.html",
    }
    assert expected <= names
    assert any(name.startswith("minutes/migrations/versions/") and name.endswith(".py") for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "minutes = minutes.cli:app" in zipfile.ZipFile(wheel).read(entry_points).decode()
