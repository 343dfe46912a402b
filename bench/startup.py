"""Start-up figures for `make bench` (issue 7): the app to an unlocked window with its
queue painted, against a bare PySide6 window.

Every sample is a fresh process (`python -m bench.startup_child`), started from the
same interpreter of the venv, offscreen; the two kinds alternate sample by sample so
that drift on a shared machine hits both alike, after one discarded warm-up each (the
first start reads the files from disk). A sample is the wall time from starting the
process to the line it prints once the window is painted; the child's own marks give
the steps.

The workspace is prepared beforehand: the demo cases (with their documents) and
`cases` more cases, created through the services with the fast test key derivation,
so Argon2 is not what the figure measures; a real workspace's derivation is timed
on its own and reported next to the figure.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from legal_desk.crypto import kdf
from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.services.demo import populate
from legal_desk.workspace import Workspace
from models import RequestType

PASSPHRASE = "bench passphrase for start-up"  # noqa: S105 - a fictional bench workspace
CHILD_LIMIT_S = 120
EXTRA_CASES = 1000
SCHOOLS = ("Bench Ridge High School", "Sample Creek Elementary", "Test Hollow Middle School")

# Why the figure is what it is (the child processes' step marks, the import ladder
# below and `python -X importtime`; 2026-11-30, 2 cores with a load of 2.5-3.4 from
# other work). Written to docs/PERFORMANCE.md after the table.
FINDINGS = (
    "Nearly all of the difference is importing. `ui.main_window` imports every panel, "
    "dialog and service the app may ever show before the first window appears: 1.2-1.8 s "
    "of a 1.4-2.1 s start (the spread is the load of the moment), where the bare "
    "window's imports take 0.08-0.11 s. Building the "
    "window (0.04-0.06 s), unlocking (key derivation with the test parameters, opening "
    "the database, the migration check) with the queue's first query (0.08-0.11 s) and "
    "painting the rows (0.02-0.04 s) are small beside it.",
    "The import ladder (each rung a new process): PySide6's widgets about 0.09 s; the "
    "key slots (cryptography) about 0.1 s more; SQLAlchemy's ORM about 0.26 s more; "
    "`ui.unlock_screen` about 0.23 s more "
    "(it imports `legal_desk.workspace` and through it the models and services); "
    "`ui.main_window` about 0.5 s more (the case tabs' panels: annotation tools, viewer, "
    "advice, checklist, FERPA, follow-up; `legal_desk.rekey` and `legal_desk.backup` for "
    "menu actions; `legal_desk.advice.mail` with `email` and `keyring`).",
    "So the 1.5x target (about 0.2 s here) cannot be met by a start that imports "
    "SQLAlchemy before the unlocked window is shown: that import alone is about twice the "
    "bare window's whole start. `startup_stack_floor` measures it in the same run: the "
    "bare window with only SQLAlchemy's ORM imported first (2026-11-30, quiet machine: "
    "335-602 ms against 88-199 ms for the bare window; a thread importing it while Qt "
    "starts did not help, 365-485 ms, since both imports need the GIL). The figure "
    "unlocks the moment the unlock screen is "
    "painted; a user types the passphrase for a few seconds and Argon2 then takes "
    "0.25-0.5 s by design, and work that overlaps those is not seen by this figure. "
    "The unlock screen itself (`startup_unlock_screen`, the first window the user sees) "
    "could come close to the bare window: it needs Qt and the key slots only.",
    "Not done (app code, each to be measured): show the unlock screen after importing "
    "only it and the key slots (`ui.unlock_screen` must not import `legal_desk.workspace` "
    "at module level); import the database stack and the workspace view while the "
    "passphrase is typed and derived; import the case tabs' panels, the backup, rekey "
    "and mail modules when first used. (Done: the schema revision is read without "
    "Alembic, which is imported only when an upgrade is due, and the case view loads "
    "while the key is derived.) None of these can bring the figure under its floor.",
)


# What the start imports, rung by rung: each rung imports the modules of the ones
# before it and one more, in a new process (the first import of a shared dependency
# counts where it happens, as in the app). Reported next to the figure.
IMPORT_LADDER = (
    "PySide6.QtWidgets",
    "legal_desk.crypto.keyslots",  # enough to read the key slots and unwrap the key
    "sqlalchemy.orm",
    "ui.unlock_screen",
    "ui.main_window",
)


@dataclass
class StartFigures:
    """Wall-time samples (ms) of both kinds of start, and the app's step times."""

    app: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)  # bare + SQLAlchemy's ORM imported
    unlock_screen: list[float] = field(default_factory=list)
    steps: dict[str, list[float]] = field(default_factory=dict)
    bare_steps: dict[str, list[float]] = field(default_factory=dict)
    rows: int = 0
    argon2_test_ms: float = 0.0
    argon2_real_ms: float = 0.0
    argon2_real_params: str = ""
    imports: dict[str, list[float]] = field(default_factory=dict)

    def import_medians(self) -> dict[str, float]:
        return {k: round(statistics.median(v), 1) for k, v in self.imports.items()}

    def step_medians(self, bare: bool = False) -> dict[str, float]:
        steps = self.bare_steps if bare else self.steps
        return {k: round(statistics.median(v), 3) for k, v in steps.items()}


def prepare(directory: Path, cases: int = EXTRA_CASES) -> Path:
    """A real encrypted workspace: the demo cases and `cases` more (fast KDF)."""
    created = Workspace.create(
        directory,
        PASSPHRASE,
        kdf_params=FAST_TEST_PARAMS,
        os_user="bench",
        display_name="Bench",
    )
    workspace = created.workspace
    try:
        populate(workspace)
        service = CaseService(workspace)
        requests = list(RequestType)
        for i in range(cases):
            service.create(
                CaseIntake(school=SCHOOLS[i % len(SCHOOLS)], request_type=requests[i % 3])
            )
    finally:
        workspace.lock()
    return directory


def _child_env(home: Path) -> dict[str, str]:
    """Offscreen, with every per-user folder (settings, log, keyring config) in `home`."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env.pop("LEGAL_DESK_HOME", None)
    return env


def start_once(
    mode: str, directory: Path | None, env: dict[str, str]
) -> tuple[float, dict[str, float]]:
    """One start in a new process: (wall ms from spawn to the painted line, the marks)."""
    command = [sys.executable, "-m", "bench.startup_child", mode]
    if directory is not None:
        command.append(str(directory))
    root = Path(__file__).resolve().parent.parent
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command,
        cwd=root,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    if mode == "app":
        proc.stdin.write(PASSPHRASE + "\n")
        proc.stdin.flush()
    line = proc.stdout.readline()
    wall = (time.perf_counter() - start) * 1000
    try:
        _out, err = proc.communicate(timeout=CHILD_LIMIT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    if not line.strip():
        tail = "\n".join(err.strip().splitlines()[-5:])
        raise RuntimeError(f"the {mode} start printed nothing (exit {proc.returncode}): {tail}")
    return wall, json.loads(line)


def import_once(modules: tuple[str, ...], env: dict[str, str]) -> float:
    """Milliseconds a new process takes to import `modules`, timed inside it."""
    code = (
        "import time; t = time.perf_counter(); import "
        + ", ".join(modules)
        + "; print((time.perf_counter() - t) * 1000)"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(  # noqa: S603 - our own interpreter and modules
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=CHILD_LIMIT_S,
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure_imports(figures: StartFigures, samples: int, env: dict[str, str]) -> None:
    """The import ladder, rung after rung in each round (so drift hits every rung)."""
    for _ in range(samples):
        for rung in range(len(IMPORT_LADDER)):
            modules = IMPORT_LADDER[: rung + 1]
            label = modules[0] if rung == 0 else f"+ {modules[-1]}"
            figures.imports.setdefault(label, []).append(import_once(modules, env))


def _argon2_ms(params: kdf.KdfParams, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        kdf.derive(b"bench passphrase", b"\0" * 16, params)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(
    samples: int = 15, warmup: int = 1, cases: int = EXTRA_CASES, import_samples: int = 5
) -> StartFigures:
    """Both kinds of start, alternating which goes first, warm-ups dropped."""
    figures = StartFigures()
    with tempfile.TemporaryDirectory() as tmp:
        directory = prepare(Path(tmp) / "workspace", cases)
        env = _child_env(Path(tmp) / "user")
        for i in range(warmup + samples):
            order = ("app", "bare", "floor") if i % 2 == 0 else ("floor", "bare", "app")
            for mode in order:
                wall, marks = start_once(mode, directory if mode == "app" else None, env)
                if i < warmup:
                    continue
                if mode == "floor":
                    figures.floor.append(wall)
                    continue
                if mode == "bare":
                    figures.bare.append(wall)
                    _add_steps(figures.bare_steps, wall, marks, ("imports", "window built"))
                    continue
                figures.app.append(wall)
                figures.rows = int(marks["rows"])
                # The unlock screen was on screen this long before the passphrase went in.
                figures.unlock_screen.append(
                    wall - (marks["painted"] - marks["unlock screen painted"])
                )
                _add_steps(
                    figures.steps,
                    wall,
                    marks,
                    ("imports", "window built", "unlock screen painted"),
                    unlock=(marks["passphrase entered"], marks["unlocked, queue loaded"]),
                )
        measure_imports(figures, import_samples, env)
    figures.argon2_test_ms = round(_argon2_ms(FAST_TEST_PARAMS, 5), 3)
    real = kdf.tune()  # what `Workspace.create` picks for a real workspace here
    figures.argon2_real_params = (
        f"{real.memory_kib // 1024} MiB, {real.iterations} passes, {real.lanes} lanes"
    )
    figures.argon2_real_ms = round(_argon2_ms(real, 3), 1)
    return figures


def _add_steps(
    steps: dict[str, list[float]],
    wall: float,
    marks: dict[str, float],
    names: tuple[str, ...],
    unlock: tuple[float, float] | None = None,
) -> None:
    """Turn the child's cumulative marks into step durations (ms)."""
    labels = {
        "imports": "imports",
        "window built": "QApplication and window built",
        "unlock screen painted": "unlock screen painted",
    }
    steps.setdefault("interpreter start (spawn to first line of the child)", []).append(
        wall - marks["painted"]
    )
    previous = 0.0
    for name in names:
        steps.setdefault(labels[name], []).append(marks[name] - previous)
        previous = marks[name]
    if unlock is not None:
        entered, unlocked = unlock
        steps.setdefault("passphrase entered to unlocked and queue loaded", []).append(
            unlocked - entered
        )
        steps.setdefault("queue rows painted", []).append(marks["painted"] - unlocked)
    else:
        steps.setdefault("window painted", []).append(marks["painted"] - previous)
