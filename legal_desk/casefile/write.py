"""Writing the case file to the one path the user chose, all or nothing.

The bytes go to a sibling temporary file in the chosen folder (named without any case
data), which is renamed over the destination only once complete; on failure or
cancel it is deleted, so a half-written or cancelled export leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from legal_desk.casefile.build import Cancel, CaseFileCancelledError, Progress, export_case_file
from legal_desk.errors import LegalDeskError
from legal_desk.workspace import Workspace


class CaseFileError(LegalDeskError):
    """The case file cannot be written where asked."""


def check_destination(path: Path) -> Path:
    """`path` made absolute, or a one-line reason it cannot take the case file."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise CaseFileError(f"{path} is a folder: give the name of the PDF file to write.")
    folder = path.parent
    if not folder.is_dir():
        raise CaseFileError(f"The folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CaseFileError(f"The folder {folder} cannot be written to.")
    if path.exists() and not os.access(path, os.W_OK):
        raise CaseFileError(f"{path} exists and cannot be replaced.")
    return path


def write_atomically(path: Path, data: bytes, cancel: Cancel | None = None) -> Path:
    """Write `data` to `path` through a sibling temporary file; nothing is left on failure."""
    temporary = path.with_name(f".legal-desk-{secrets.token_hex(8)}.part")
    try:
        # Private to the user while it is being written.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if cancel is not None and cancel():
            raise CaseFileCancelledError("Export cancelled: no case file was written.")
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return path


def write_case_file(
    workspace: Workspace,
    case_id: int,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Path:
    """Export the case to `path` (replacing a file there) and return the path written."""
    path = check_destination(path)
    data = export_case_file(workspace, case_id, progress=progress, cancel=cancel)
    try:
        return write_atomically(path, data, cancel)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CaseFileError(f"The case file could not be written to {path}: {reason}.") from None
