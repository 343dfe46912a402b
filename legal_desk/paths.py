"""Where the workspace lives: --data-dir, then LEGAL_DESK_HOME, then the OS default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

ENV_HOME = "LEGAL_DESK_HOME"
APP_NAME = "LegalDesk"


def resolve_data_dir(
    cli_value: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Path:
    env = os.environ if env is None else env
    if cli_value:
        return Path(cli_value).expanduser().absolute()
    if env.get(ENV_HOME):
        return Path(env[ENV_HOME]).expanduser().absolute()
    return platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=False)
