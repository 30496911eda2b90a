"""The spreadsheet flow every import shares: upload → preview (nothing written) → confirm.

The file read at upload travels back inside the preview page as base64 (a hidden field), so
the confirmation writes exactly the rows the person saw and the server keeps nothing between.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from fastapi import UploadFile

# A spreadsheet of a few thousand members is well under this.
MAX_UPLOAD_BYTES = 2_000_000


@dataclass(frozen=True)
class Upload:
    """A file as received: its bytes (at most one past the limit) and its name."""

    data: bytes
    filename: str

    @property
    def too_large(self) -> bool:
        """Whether the file is over the upload limit."""
        return len(self.data) > MAX_UPLOAD_BYTES

    def carried(self) -> str:
        """The file as the preview page carries it to the confirmation."""
        return base64.b64encode(self.data).decode()


def received(file: UploadFile) -> Upload:
    """Read an uploaded file, never more than one byte past the limit."""
    return Upload(file.file.read(MAX_UPLOAD_BYTES + 1), file.filename or "")


def brought_back(content: str, filename: str) -> Upload:
    """The file a confirmation brings back from its preview (empty if it was tampered with)."""
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        data = b""
    return Upload(data, filename)
