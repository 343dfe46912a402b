"""The revisions read without Alembic are Alembic's own, and a start does not load it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.storage import migrate
from legal_desk.workspace import Workspace
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[3]


def test_the_head_and_the_known_revisions_match_alembic() -> None:
    scripts = ScriptDirectory.from_config(migrate._config())
    assert migrate.head_revision() == scripts.get_current_head()
    assert set(migrate._revisions()) == {s.revision for s in scripts.walk_revisions()}
    assert not migrate.is_known("9999")


def test_unlocking_an_up_to_date_workspace_does_not_import_alembic(tmp_path: Path) -> None:
    directory = tmp_path / "ws"
    Workspace.create(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS).workspace.lock()
    code = (
        "import sys; from legal_desk.workspace import Passphrase, Workspace; "
        f"Workspace.unlock(__import__('pathlib').Path({str(directory)!r}), "
        f"Passphrase({PASSPHRASE!r})).lock(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
